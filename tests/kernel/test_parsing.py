"""Numbers and times a field can hold: finite numbers only, a stored Infinity read as no value,
and no time so near the calendar's ends that moving it by a time zone or a day leaves it."""

import math
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from crossroads.coaching.rules.checkins import report_check_in
from crossroads.coaching.rules.goals import Measure, MeasureKind, plan_goal
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import EARLIEST_DAY, LATEST_DAY, finite_number, in_reach, kept_number

NOT_FINITE = [math.inf, -math.inf, math.nan, float("1e400")]


@pytest.mark.parametrize("value", NOT_FINITE)
def test_a_number_that_is_not_finite_is_refused_naming_the_field(value: float) -> None:
    with pytest.raises(InvalidInput) as refused:
        finite_number(value, "value")

    assert refused.value.field == "value"


@pytest.mark.parametrize("value", [None, 0.0, -3.5, 1e300])
def test_a_finite_number_or_none_is_kept(value: float | None) -> None:
    assert finite_number(value, "value") == value


@pytest.mark.parametrize("value", NOT_FINITE)
def test_a_stored_number_that_is_not_finite_reads_as_no_value(value: float) -> None:
    assert kept_number(value) is None
    assert kept_number(12.5) == 12.5


@pytest.mark.parametrize("value", NOT_FINITE)
def test_a_check_in_and_a_measure_take_only_finite_numbers(value: float) -> None:
    with pytest.raises(InvalidInput, match="value"):
        report_check_in(value=value)
    for start, target, field in ((value, 10.0, "start"), (0.0, value, "target")):
        measure = Measure(MeasureKind.NUMBER, "km", start, target)
        with pytest.raises(InvalidInput) as refused:
            plan_goal(what="Run", measure=measure, starts_on=date(2027, 1, 1))
        assert refused.value.field == field


@pytest.mark.parametrize(
    "moment",
    [
        datetime(9999, 12, 31, 23, 30, tzinfo=UTC),
        datetime.combine(LATEST_DAY + timedelta(days=1), datetime.min.time(), UTC),
        datetime(1, 1, 1, tzinfo=UTC),
        datetime.combine(EARLIEST_DAY - timedelta(days=1), datetime.min.time(), UTC),
    ],
)
def test_a_time_at_the_calendars_ends_is_too_far_away(moment: datetime) -> None:
    with pytest.raises(InvalidInput, match="too far away"):
        in_reach(moment, "starts")


@pytest.mark.parametrize("day", [EARLIEST_DAY, date(2027, 3, 4), LATEST_DAY])
def test_a_time_within_reach_is_kept_and_can_be_moved_a_day_and_a_zone(day: date) -> None:
    moment = datetime.combine(day, datetime.min.time(), UTC)

    kept = in_reach(moment, "starts")

    assert kept == moment
    for zone in (timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))):
        assert (kept - timedelta(days=1)).astimezone(zone) < (kept + timedelta(days=1))

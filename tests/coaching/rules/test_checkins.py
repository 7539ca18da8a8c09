"""Check-in cadence: what is due, streaks, the nudge after two misses, one reminder a period,
and local days across time zones."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crossroads.coaching.rules.checkins import (
    Cadence,
    Reminder,
    plan_schedule,
    reminder_due,
    review_check_ins,
)
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.people import local_day

MONDAY = date(2027, 3, 1)


def on(day: int) -> date:
    return MONDAY + timedelta(days=day)


def weekly():
    return plan_schedule(Cadence.WEEKLY, MONDAY)


@pytest.mark.parametrize(
    ("cadence", "days"), [(Cadence.DAILY, 1), (Cadence.WEEKLY, 7), (Cadence.FORTNIGHTLY, 14)]
)
def test_each_cadence_has_its_length(cadence: Cadence, days: int) -> None:
    assert plan_schedule(cadence, MONDAY).every_days == days


def test_a_custom_cadence_takes_its_own_number_of_days() -> None:
    assert plan_schedule(Cadence.CUSTOM, MONDAY, 3).every_days == 3


@pytest.mark.parametrize("every", [None, 0, 91])
def test_a_custom_cadence_needs_a_sensible_number_of_days(every: int | None) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_schedule(Cadence.CUSTOM, MONDAY, every)

    assert refused.value.field == "every_days"


def test_periods_count_from_the_start_day() -> None:
    schedule = weekly()

    assert schedule.period_of(on(0)) == 0
    assert schedule.period_of(on(6)) == 0
    assert schedule.period_of(on(7)) == 1
    assert schedule.period_of(on(-1)) == -1
    assert schedule.period_start(2) == on(14)


def test_a_check_in_is_due_until_one_is_made_in_the_period() -> None:
    before = review_check_ins(weekly(), [], on(2))
    after = review_check_ins(weekly(), [on(2)], on(2))

    assert before.due
    assert not after.due
    assert after.next_period_starts == on(7)


def test_nothing_is_due_before_the_goal_starts() -> None:
    assert not review_check_ins(weekly(), [], on(-3)).due


def test_a_streak_counts_kept_periods_in_a_row() -> None:
    standing = review_check_ins(weekly(), [on(1), on(8), on(9), on(16)], on(17))

    assert standing.streak == 3
    assert standing.kept == 3
    assert standing.missed_in_a_row == 0


def test_the_current_period_does_not_break_a_streak_before_it_ends() -> None:
    standing = review_check_ins(weekly(), [on(1), on(8)], on(15))

    assert standing.due
    assert standing.streak == 2


def test_a_missed_period_breaks_the_streak() -> None:
    standing = review_check_ins(weekly(), [on(1), on(15)], on(16))

    assert standing.streak == 1
    assert standing.missed_in_a_row == 0


def test_one_miss_is_not_yet_a_nudge() -> None:
    standing = review_check_ins(weekly(), [on(1)], on(15))

    assert standing.missed_in_a_row == 1
    assert not standing.nudge


def test_two_missed_in_a_row_call_for_a_nudge() -> None:
    standing = review_check_ins(weekly(), [on(1)], on(22))

    assert standing.missed_in_a_row == 2
    assert standing.nudge


def test_a_check_in_after_two_misses_ends_the_nudge() -> None:
    standing = review_check_ins(weekly(), [on(1), on(23)], on(23))

    assert not standing.due
    assert standing.missed_in_a_row == 0
    assert not standing.nudge
    assert standing.streak == 1


def test_check_ins_before_the_start_or_in_the_future_do_not_count() -> None:
    standing = review_check_ins(weekly(), [on(-2), on(30)], on(3))

    assert standing.due
    assert standing.kept == 0


def test_check_ins_in_any_order_give_the_same_standing() -> None:
    days = [on(16), on(1), on(8)]

    assert review_check_ins(weekly(), days, on(17)) == review_check_ins(
        weekly(), sorted(days), on(17)
    )


def test_one_reminder_goes_out_per_due_period() -> None:
    first = reminder_due(weekly(), [], on(7), reminded_period=None)
    again = reminder_due(weekly(), [], on(10), reminded_period=1)
    next_week = reminder_due(weekly(), [], on(14), reminded_period=1)

    assert first == Reminder(period=1, nudge=False)
    assert again is None
    assert next_week == Reminder(period=2, nudge=True)


def test_the_period_a_goal_is_set_in_sends_no_reminder() -> None:
    assert reminder_due(weekly(), [], on(0), reminded_period=None) is None
    assert reminder_due(weekly(), [], on(6), reminded_period=None) is None


def test_no_reminder_once_the_period_is_kept() -> None:
    assert reminder_due(weekly(), [on(7)], on(8), reminded_period=0) is None


def test_the_reminder_after_two_misses_is_a_nudge() -> None:
    assert reminder_due(weekly(), [], on(14), reminded_period=1) == Reminder(2, nudge=True)


def test_the_local_day_depends_on_where_the_person_lives() -> None:
    moment = datetime(2027, 3, 7, 23, 30, tzinfo=UTC)

    assert local_day(moment, ZoneInfo("Europe/London")) == date(2027, 3, 7)
    assert local_day(moment, ZoneInfo("Asia/Tokyo")) == date(2027, 3, 8)
    assert local_day(moment, ZoneInfo("America/Los_Angeles")) == date(2027, 3, 7)


def test_a_late_night_check_in_in_tokyo_keeps_the_next_weeks_period() -> None:
    sunday_night_utc = datetime(2027, 3, 7, 23, 30, tzinfo=UTC)  # Monday 08:30 in Tokyo
    day = local_day(sunday_night_utc, ZoneInfo("Asia/Tokyo"))

    standing = review_check_ins(weekly(), [day], on(7))

    assert not standing.due
    assert review_check_ins(weekly(), [date(2027, 3, 7)], on(7)).due


def test_daylight_saving_changes_do_not_move_the_local_day() -> None:
    new_york = ZoneInfo("America/New_York")
    before = datetime(2027, 3, 14, 6, 59, tzinfo=UTC)  # 01:59 EST, the night clocks go forward
    after = datetime(2027, 3, 14, 7, 1, tzinfo=UTC)  # 03:01 EDT

    assert local_day(before, new_york) == local_day(after, new_york) == date(2027, 3, 14)


def test_a_moment_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        local_day(datetime(2027, 3, 1, 12, 0), UTC)  # noqa: DTZ001 - the point of the test

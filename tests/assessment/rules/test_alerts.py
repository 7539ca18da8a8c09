"""Results just taken are compared with the latest earlier result of their instrument, and only
a reliable worsening since that one alerts."""

from datetime import UTC, datetime, timedelta

from crossroads.assessment.rules.alerts import AlertKind, alerts_raised_by
from crossroads.assessment.rules.trends import Measure

DAY = datetime(2027, 3, 1, 9, tzinfo=UTC)


def phq9(result_id: str, days: int, score: int) -> Measure:
    return Measure(result_id, "phq9", DAY + timedelta(days=days), score, 0)


def test_a_new_result_reliably_worse_than_the_last_one_alerts_naming_itself() -> None:
    [alert] = alerts_raised_by([phq9("new", 20, 18)], [phq9("first", 0, 6)])

    assert (alert.kind, alert.source_id) == (AlertKind.WORSENING, "new")
    assert "from 6 to 18" in alert.text


def test_the_comparison_is_with_the_latest_earlier_result_not_the_first() -> None:
    earlier = [phq9("latest", 10, 17), phq9("first", 0, 4)]  # in any order

    assert alerts_raised_by([phq9("new", 20, 18)], earlier) == []


def test_an_instrument_never_taken_before_raises_nothing() -> None:
    gad7 = Measure("new", "gad7", DAY, 21, None)

    assert alerts_raised_by([gad7], [phq9("first", 0, 3)]) == []


def test_an_improvement_raises_nothing() -> None:
    assert alerts_raised_by([phq9("new", 20, 3)], [phq9("first", 0, 20)]) == []

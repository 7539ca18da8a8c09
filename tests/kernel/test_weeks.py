"""A week begins on the Monday: every day of it, Sunday included, belongs to that Monday."""

from datetime import date, timedelta

from crossroads.kernel.weeks import monday_of

MONDAY = date(2027, 5, 24)


def test_every_day_of_a_week_belongs_to_its_monday() -> None:
    assert [monday_of(MONDAY + timedelta(days=n)) for n in range(7)] == [MONDAY] * 7
    assert monday_of(MONDAY - timedelta(days=1)) == MONDAY - timedelta(weeks=1)

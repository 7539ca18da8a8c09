"""What a client may share with a trusted person, and the weekly mood summary: pure."""

from datetime import date

import pytest

from crossroads.kernel.errors import InvalidInput
from crossroads.trusted_people.rules import (
    MAX_NAME,
    TrustedArea,
    WeekOfMoods,
    plan_choice,
    plan_name,
    weekly_moods,
)

TODAY = date(2026, 12, 9)  # a Wednesday
MONDAY = date(2026, 12, 7)


def test_the_summary_is_eight_weeks_oldest_first_ending_with_this_one() -> None:
    summary = weekly_moods([], TODAY)

    assert [week.starts for week in summary] == [
        date(2026, 10, 19),
        date(2026, 10, 26),
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
        date(2026, 11, 30),
        MONDAY,
    ]
    assert all(week.average is None and week.days_written == 0 for week in summary)


def test_a_week_averages_its_rated_moods_and_counts_each_day_written_once() -> None:
    days = [
        (MONDAY, 3),
        (MONDAY, 4),  # a second entry the same day: one day written
        (date(2026, 12, 8), None),  # written, no mood rated
        (TODAY, 8),
        (date(2026, 12, 6), 10),  # Sunday: the week before
    ]

    *_, before, this = weekly_moods(days, TODAY)

    assert this == WeekOfMoods(MONDAY, 5.0, 3)
    assert before == WeekOfMoods(date(2026, 11, 30), 10.0, 1)


def test_the_average_is_rounded_to_one_decimal() -> None:
    *_, this = weekly_moods([(MONDAY, 3), (MONDAY, 4), (TODAY, 4)], TODAY)

    assert this.average == 3.7


def test_days_outside_the_weeks_shown_are_left_out() -> None:
    days = [(date(2026, 10, 18), 1), (date(2026, 12, 10), 1), (date(2026, 10, 19), 6)]

    first, *rest = weekly_moods(days, TODAY)

    assert first == WeekOfMoods(date(2026, 10, 19), 6.0, 1)
    assert all(week.days_written == 0 for week in rest)


def test_a_choice_keeps_each_area_once() -> None:
    choice = plan_choice(["moods", "safety_plan", "moods"], show_my_name=True)

    assert choice.areas == {TrustedArea.MOODS, TrustedArea.SAFETY_PLAN}
    assert choice.show_my_name


@pytest.mark.parametrize("areas", [[], ["journal"], ["moods", "entries"]])
def test_a_choice_of_nothing_or_of_an_unknown_area_is_refused(areas: list[str]) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_choice(areas, show_my_name=False)

    assert refused.value.field == "areas"


def test_a_name_is_needed_and_kept_short() -> None:
    assert plan_name("  Sam  ") == "Sam"
    assert plan_name("x" * MAX_NAME) == "x" * MAX_NAME
    for refused in ("   ", "x" * (MAX_NAME + 1)):
        with pytest.raises(InvalidInput):
            plan_name(refused)

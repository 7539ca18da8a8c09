"""Coaching goals: what makes one vague, and the progress and pace arithmetic."""

from datetime import UTC, date, datetime, timedelta

import pytest

from crossroads.assessment.rules.answers import Area
from crossroads.coaching.rules.goals import (
    FIRST_POSITION,
    MAX_COMMENT,
    CheckIn,
    Measure,
    MeasureKind,
    Milestone,
    Pace,
    Sharpen,
    expected_value,
    in_order,
    is_vague,
    measure_progress,
    plan_comment,
    plan_goal,
    sharpening_prompts,
    step_position,
)
from crossroads.kernel.errors import InvalidInput

START = date(2027, 1, 1)
END = date(2027, 1, 31)  # 30 days: one unit a day on the running goal below


def running(start: float = 0, target: float | None = 30, by: date | None = END):
    return plan_goal(
        what="Run 30 km a month",
        area=Area.HABITS_HEALTH,
        measure=Measure(MeasureKind.NUMBER, "km", start, target),
        starts_on=START,
        target_date=by,
    )


def weight_loss():
    return plan_goal(
        what="Get back to 80 kg",
        measure=Measure(MeasureKind.NUMBER, "kg", 90, 80),
        starts_on=START,
        target_date=END - timedelta(days=10),  # 20 days: half a kilo a day
    )


def check_in(day: date, value: float | None = None, done: bool | None = None, minute: int = 0):
    recorded = datetime(day.year, day.month, day.day, 12, minute, tzinfo=UTC)
    return CheckIn(day=day, recorded_at=recorded, value=value, done=done)


def on(day: int) -> date:
    return START + timedelta(days=day)


# Vague goals


def test_a_goal_with_a_number_target_and_date_is_concrete() -> None:
    assert sharpening_prompts(running()) == ()
    assert not is_vague(running())


def test_a_goal_without_a_measure_or_a_date_is_kept_but_vague() -> None:
    goal = plan_goal(what="Be healthier", starts_on=START)

    assert sharpening_prompts(goal) == (Sharpen.MEASURE, Sharpen.DATE)
    assert is_vague(goal)


def test_a_number_without_a_target_asks_for_one() -> None:
    assert sharpening_prompts(running(target=None)) == (Sharpen.TARGET,)


def test_a_goal_without_a_date_asks_for_one() -> None:
    assert sharpening_prompts(running(by=None)) == (Sharpen.DATE,)


def test_a_done_or_not_done_goal_needs_only_a_date() -> None:
    goal = plan_goal(
        what="Ask for the promotion",
        measure=Measure(MeasureKind.DONE, unit="ignored", start=5, target=9),
        starts_on=START,
        target_date=END,
    )

    assert sharpening_prompts(goal) == ()
    assert goal.measure == Measure(MeasureKind.DONE)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"what": "   "}, "what"),
        ({"what": "x" * 201}, "what"),
        ({"why": "x" * 2001}, "why"),
        ({"target_date": START}, "target_date"),
        ({"target_date": START - timedelta(days=1)}, "target_date"),
        ({"measure": Measure(MeasureKind.NUMBER, "km", 5, 5)}, "target"),
        ({"measure": Measure(MeasureKind.NUMBER, "k" * 31, 0, 5)}, "unit"),
    ],
)
def test_contradictory_goals_are_refused_naming_the_field(
    changes: dict[str, object], field: str
) -> None:
    raw: dict[str, object] = {"what": "Read more", "starts_on": START, **changes}

    with pytest.raises(InvalidInput) as refused:
        plan_goal(**raw)  # type: ignore[arg-type]

    assert refused.value.field == field


# Progress toward the target


def test_progress_is_the_share_of_the_way_from_start_to_target() -> None:
    progress = measure_progress(running(), [check_in(on(10), 12)], on(10))

    assert progress.current == 12
    assert progress.percent == 40.0
    assert not progress.done


def test_a_goal_that_decreases_counts_progress_downward() -> None:
    progress = measure_progress(weight_loss(), [check_in(on(4), 89)], on(4))

    assert progress.percent == 10.0
    assert progress.expected == 88.0  # half a kilo a day from 90
    assert progress.pace is Pace.BEHIND
    assert progress.behind_by == pytest.approx(1.0)


def test_a_decreasing_goal_ahead_of_its_line_is_on_track() -> None:
    progress = measure_progress(weight_loss(), [check_in(on(4), 87.0)], on(4))

    assert progress.pace is Pace.ON_TRACK
    assert progress.behind_by is None


def test_percent_is_held_between_0_and_100() -> None:
    backwards = measure_progress(running(start=10), [check_in(on(3), 4)], on(3))
    beyond = measure_progress(running(), [check_in(on(3), 45)], on(3))

    assert backwards.percent == 0.0
    assert beyond.percent == 100.0
    assert beyond.done
    assert beyond.pace is Pace.REACHED


def test_without_check_ins_the_value_is_the_start_and_pace_is_judged_today() -> None:
    progress = measure_progress(running(), [], on(6))

    assert progress.current == 0
    assert progress.as_of == on(6)
    assert progress.pace is Pace.BEHIND
    assert progress.behind_by == pytest.approx(6.0)


def test_pace_is_judged_on_the_day_of_the_latest_check_in() -> None:
    progress = measure_progress(running(), [check_in(on(10), 10)], on(25))

    assert progress.as_of == on(10)
    assert progress.pace is Pace.ON_TRACK


def test_behind_by_is_the_distance_to_the_line_in_the_goals_units() -> None:
    progress = measure_progress(running(), [check_in(on(20), 17)], on(20))

    assert progress.pace is Pace.BEHIND
    assert progress.behind_by == pytest.approx(3.0)


def test_exactly_on_the_line_is_on_track_despite_rounding() -> None:
    goal = running(start=0, target=0.3)
    line = expected_value(goal, on(10))
    assert line is not None

    progress = measure_progress(goal, [check_in(on(10), 0.1)], on(10))

    assert line == pytest.approx(0.1)
    assert progress.pace is Pace.ON_TRACK


def test_a_goal_past_its_date_without_reaching_the_target_is_overdue() -> None:
    progress = measure_progress(running(), [check_in(on(40), 25)], on(40))

    assert progress.pace is Pace.OVERDUE
    assert progress.behind_by == pytest.approx(5.0)


def test_the_line_is_held_at_its_ends() -> None:
    goal = running()

    assert expected_value(goal, START - timedelta(days=5)) == 0
    assert expected_value(goal, END + timedelta(days=5)) == 30
    assert expected_value(running(by=None), on(3)) is None


def test_a_goal_without_a_target_or_date_shows_a_value_but_no_pace() -> None:
    no_target = measure_progress(running(target=None), [check_in(on(2), 4)], on(2))
    no_date = measure_progress(running(by=None), [check_in(on(2), 4)], on(2))

    assert no_target.current == 4
    assert no_target.percent is None
    assert no_target.pace is Pace.UNPLANNED
    assert no_date.percent == pytest.approx(13.3)
    assert no_date.pace is Pace.UNPLANNED


def test_an_unmeasured_goal_has_no_progress_figures() -> None:
    goal = plan_goal(what="Be healthier", starts_on=START)

    progress = measure_progress(goal, [check_in(on(1), 3)], on(1))

    assert progress.percent is None
    assert progress.pace is Pace.UNPLANNED


# Done / not done


def test_a_done_goal_is_reached_from_the_check_in_that_marks_it() -> None:
    goal = plan_goal(
        what="Ask for the promotion",
        measure=Measure(MeasureKind.DONE),
        starts_on=START,
        target_date=END,
    )
    before = measure_progress(goal, [check_in(on(3), done=False)], on(3))
    after = measure_progress(goal, [check_in(on(3), done=False), check_in(on(9), done=True)], on(9))
    late = measure_progress(goal, [check_in(on(33), done=False)], on(33))

    assert (before.pace, before.percent, before.done) == (Pace.OPEN, 0.0, False)
    assert (after.pace, after.percent, after.done) == (Pace.REACHED, 100.0, True)
    assert after.milestones == (Milestone(100, on(9)),)
    assert late.pace is Pace.OVERDUE


# Check-ins out of order, and milestones


def test_check_ins_entered_late_take_their_place_by_day() -> None:
    entered = [check_in(on(10), 12, minute=1), check_in(on(4), 5, minute=2)]

    progress = measure_progress(running(), entered, on(10))

    assert [each.day for each in in_order(entered)] == [on(4), on(10)]
    assert progress.current == 12


def test_two_check_ins_on_one_day_keep_the_later_recorded() -> None:
    entered = [check_in(on(5), 9, minute=30), check_in(on(5), 4, minute=10)]

    assert measure_progress(running(), entered, on(5)).current == 9


def test_milestones_are_the_first_day_each_quarter_was_reached_and_stay_reached() -> None:
    entered = [
        check_in(on(5), 8),  # 26.7 %
        check_in(on(12), 16),  # 53.3 %
        check_in(on(15), 10),  # a dip back to 33.3 %
        check_in(on(20), 23),  # 76.7 %
    ]

    progress = measure_progress(running(), entered, on(20))

    assert progress.milestones == (
        Milestone(25, on(5)),
        Milestone(50, on(12)),
        Milestone(75, on(20)),
    )
    assert progress.percent == pytest.approx(76.7)


def test_one_big_check_in_reaches_several_milestones_at_once() -> None:
    progress = measure_progress(weight_loss(), [check_in(on(8), 80)], on(8))

    assert [m.percent for m in progress.milestones] == [25, 50, 75, 100]
    assert progress.pace is Pace.REACHED


@pytest.mark.parametrize("position", [FIRST_POSITION, FIRST_POSITION + 1, 10_000])
def test_a_step_moves_to_any_place_from_the_first(position: int) -> None:
    assert step_position(position) == position


@pytest.mark.parametrize("position", [FIRST_POSITION - 1, -5])
def test_a_step_cannot_move_before_the_first_place(position: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        step_position(position)

    assert refused.value.field == "position"


def test_a_comment_is_trimmed_and_kept_up_to_its_length() -> None:
    assert plan_comment(f"  {'x' * MAX_COMMENT}  ") == "x" * MAX_COMMENT


@pytest.mark.parametrize("text", ["   ", "x" * (MAX_COMMENT + 1)])
def test_an_empty_or_overlong_comment_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_comment(text)

    assert refused.value.field == "text"

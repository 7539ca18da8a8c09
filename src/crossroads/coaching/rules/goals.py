"""Coaching goals made concrete: what a goal holds, when it is too vague to act on, and how far
along it is against the straight line from its start to its target.

Pure logic: no database, no clock. `today` and every check-in's local day are passed in.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from crossroads.assessment.rules.answers import Area
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import finite_number, parse_written

MAX_WHAT = 200
MAX_WHY = 2000
MAX_UNIT = 30
MAX_STEP = 300
MAX_COMMENT = 2000
FIRST_POSITION = 1  # steps are counted as a person counts them
MILESTONES = (25, 50, 75, 100)  # percent of the way, acknowledged once each
TOLERANCE = 1e-9  # so that 0.1 + 0.2 counts as reaching 0.3


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    ARCHIVED = "archived"  # set aside; kept, but no longer reminded of


class StepStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"


class MeasureKind(StrEnum):
    NUMBER = "number"  # a value with a unit, from a start to a target
    DONE = "done"  # done or not done


@dataclass(frozen=True)
class Measure:
    kind: MeasureKind
    unit: str = ""
    start: float = 0.0
    target: float | None = None


@dataclass(frozen=True)
class Goal:
    what: str
    why: str
    area: Area
    measure: Measure | None
    starts_on: date
    target_date: date | None


@dataclass(frozen=True)
class CheckIn:
    """One accountability check-in: the local day it counts for, the measure's new value (a
    number, or done / not done) and when it was recorded, which orders two on the same day."""

    day: date
    recorded_at: datetime
    value: float | None = None
    done: bool | None = None


def plan_goal(
    *,
    what: str,
    why: str = "",
    area: Area = Area.OTHER,
    measure: Measure | None = None,
    starts_on: date,
    target_date: date | None = None,
) -> Goal:
    """A goal from a person's words, or InvalidInput naming the field. Missing details are
    accepted (see `sharpening_prompts`); contradictory ones are not."""
    what = parse_written(what, "what", MAX_WHAT, missing="say what you want to achieve")
    why = parse_written(why, "why", MAX_WHY)
    if target_date is not None and target_date <= starts_on:
        raise InvalidInput("target_date", "pick a date after the goal starts")
    if measure is not None:
        measure = _checked(measure)
    return Goal(what, why, area, measure, starts_on, target_date)


def _checked(measure: Measure) -> Measure:
    if measure.kind is MeasureKind.DONE:
        return Measure(MeasureKind.DONE)
    unit = parse_written(measure.unit, "unit", MAX_UNIT, what="the unit")
    finite_number(measure.start, "start")
    finite_number(measure.target, "target")
    if measure.target is not None and measure.target == measure.start:
        raise InvalidInput("target", "the target has to differ from where you start")
    return Measure(MeasureKind.NUMBER, unit, measure.start, measure.target)


@dataclass(frozen=True)
class StepPlan:
    text: str
    due_on: date | None = None


def plan_step(text: str, due_on: date | None = None, field: str = "text") -> StepPlan:
    """A step toward a goal, or InvalidInput naming `field`."""
    text = parse_written(text, field, MAX_STEP, missing="say what the step is", what="each step")
    return StepPlan(text, due_on)


def step_position(position: int) -> int:
    """The place a step moves to, counted from FIRST_POSITION, or InvalidInput. A place past
    the last step moves it to the end."""
    if position < FIRST_POSITION:
        raise InvalidInput("position", f"positions start at {FIRST_POSITION}")
    return position


def plan_comment(text: str) -> str:
    """A coach's comment on a goal, trimmed, or InvalidInput."""
    return parse_written(text, "text", MAX_COMMENT, missing="write a comment")


class Sharpen(StrEnum):
    """What a vague goal lacks. A goal is vague when it has no measure, no target number for
    a number measure, or no date; it is still kept, with a gentle prompt for each gap."""

    MEASURE = "measure"
    TARGET = "target"
    DATE = "date"


SHARPENING_PROMPTS = {
    Sharpen.MEASURE: (
        "How will you know you have got there? Pick a number you can track, "
        "or make it something you either have or have not done."
    ),
    Sharpen.TARGET: "What number are you aiming for? A target lets you see your progress.",
    Sharpen.DATE: "By when? A date turns a hope into a plan you can pace yourself against.",
}


def sharpening_prompts(goal: Goal) -> tuple[Sharpen, ...]:
    gaps = []
    if goal.measure is None:
        gaps.append(Sharpen.MEASURE)
    elif goal.measure.kind is MeasureKind.NUMBER and goal.measure.target is None:
        gaps.append(Sharpen.TARGET)
    if goal.target_date is None:
        gaps.append(Sharpen.DATE)
    return tuple(gaps)


def is_vague(goal: Goal) -> bool:
    return bool(sharpening_prompts(goal))


class Pace(StrEnum):
    ON_TRACK = "on_track"  # at or beyond the line from start to target
    BEHIND = "behind"  # short of the line; `behind_by` says by how much
    REACHED = "reached"
    OVERDUE = "overdue"  # the date has passed and the target has not been reached
    OPEN = "open"  # a done / not done goal before its date
    UNPLANNED = "unplanned"  # no measure, target or date to pace against


@dataclass(frozen=True)
class Milestone:
    percent: int
    day: date


@dataclass(frozen=True)
class Progress:
    """Where a goal stands as of `as_of`: the latest check-in's day, or today without one."""

    as_of: date
    current: float | None  # the latest value (a number goal), else None
    done: bool  # reached: the target met, or a done / not done goal marked done
    percent: float | None  # 0 to 100 of the way from start to target; None when unmeasured
    pace: Pace
    expected: float | None  # where the straight line says the value should be on `as_of`
    behind_by: float | None  # units short of that line, when behind or overdue
    milestones: tuple[Milestone, ...]


def in_order(check_ins: Sequence[CheckIn]) -> list[CheckIn]:
    """Check-ins by the day they count for, then by when they were recorded: a check-in
    entered late for an earlier day takes its place in the story, not the end of it."""
    return sorted(check_ins, key=lambda each: (each.day, each.recorded_at))


def measure_progress(goal: Goal, check_ins: Sequence[CheckIn], today: date) -> Progress:
    ordered = in_order(check_ins)
    as_of = ordered[-1].day if ordered else today
    measure = goal.measure
    if measure is None:
        return Progress(as_of, None, False, None, Pace.UNPLANNED, None, None, ())
    if measure.kind is MeasureKind.DONE:
        return _done_progress(goal, ordered, as_of)
    return _number_progress(goal, measure, ordered, as_of)


def _done_progress(goal: Goal, ordered: list[CheckIn], as_of: date) -> Progress:
    marked = [each for each in ordered if each.done is not None]
    done = bool(marked and marked[-1].done)
    first_done = next((each.day for each in marked if each.done), None)
    milestones = (Milestone(100, first_done),) if done and first_done else ()
    if done:
        pace = Pace.REACHED
    elif goal.target_date is not None and as_of > goal.target_date:
        pace = Pace.OVERDUE
    else:
        pace = Pace.OPEN if goal.target_date is not None else Pace.UNPLANNED
    return Progress(as_of, None, done, 100.0 if done else 0.0, pace, None, None, milestones)


def _number_progress(goal: Goal, measure: Measure, ordered: list[CheckIn], as_of: date) -> Progress:
    values = [(each.day, each.value) for each in ordered if each.value is not None]
    current = values[-1][1] if values else measure.start
    target = measure.target
    if target is None:
        return Progress(as_of, current, False, None, Pace.UNPLANNED, None, None, ())
    fraction = _fraction(measure.start, target, current)
    done = fraction >= 1 - TOLERANCE
    milestones = _milestones(measure.start, target, values)
    percent = round(100 * min(max(fraction, 0.0), 1.0), 1)
    if done:
        return Progress(as_of, current, True, percent, Pace.REACHED, None, None, milestones)
    if goal.target_date is None:
        return Progress(as_of, current, False, percent, Pace.UNPLANNED, None, None, milestones)
    expected = _on_the_line(measure.start, target, goal.starts_on, goal.target_date, as_of)
    shortfall = (expected - current) if target > measure.start else (current - expected)
    if as_of > goal.target_date:
        pace, behind_by = Pace.OVERDUE, abs(target - current)
    elif shortfall > TOLERANCE:
        pace, behind_by = Pace.BEHIND, shortfall
    else:
        pace, behind_by = Pace.ON_TRACK, None
    return Progress(as_of, current, False, percent, pace, expected, behind_by, milestones)


def _fraction(start: float, target: float, value: float) -> float:
    """How far `value` is from the start toward the target: 0 at the start, 1 at the target,
    the same for goals that go up and goals that come down (weight, debt, screen time)."""
    return (value - start) / (target - start)


def expected_value(goal: Goal, day: date) -> float | None:
    """Where the straight line from start to target says the value should be on `day`; None
    for a goal without a number, a target or a date."""
    measure = goal.measure
    if measure is None or measure.kind is MeasureKind.DONE or measure.target is None:
        return None
    if goal.target_date is None:
        return None
    return _on_the_line(measure.start, measure.target, goal.starts_on, goal.target_date, day)


def _on_the_line(start: float, target: float, starts_on: date, ends_on: date, day: date) -> float:
    """The line from `start` on `starts_on` to `target` on `ends_on`, held at both ends."""
    span = (ends_on - starts_on).days
    elapsed = min(max((day - starts_on).days, 0), span)
    return start + (target - start) * elapsed / span


def _milestones(
    start: float, target: float, values: list[tuple[date, float]]
) -> tuple[Milestone, ...]:
    """The first day each milestone was reached; a later dip does not take it back."""
    reached: dict[int, date] = {}
    for day, value in values:
        fraction = _fraction(start, target, value)
        for percent in MILESTONES:
            if percent not in reached and fraction * 100 >= percent - TOLERANCE:
                reached[percent] = day
    return tuple(Milestone(percent, day) for percent, day in sorted(reached.items()))

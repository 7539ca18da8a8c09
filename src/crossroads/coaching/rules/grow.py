"""The guided coaching conversation, in four stages after the GROW model: Goal (what you want
and how you will know), Reality (where you are and what is in the way), Options (what you could
try), Will (the first steps and how often to check in).

Answers arrive as text fields, stage by stage; each stage is checked on its own so a person can
stop and come back, and the last one turns all of them into a plan. Pure logic.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from crossroads.assessment.rules.answers import Area
from crossroads.coaching.rules.checkins import CONFIDENCE, Cadence, Schedule, plan_schedule
from crossroads.coaching.rules.goals import (
    Goal,
    Measure,
    MeasureKind,
    StepPlan,
    plan_goal,
    plan_step,
)
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_day, parse_number, parse_whole, parse_written

MAX_OBSTACLES = 5
MAX_STRATEGIES = 5  # per obstacle
MAX_STEPS = 5
MAX_LINE = 300
MAX_NOTE = 2000
# The longest answer the API takes in any one field, and only the API applies it: a stage's own
# checks bound each field it keeps more tightly (MAX_LINE, MAX_NOTE, the goal's) and drop the rest.
MAX_ANSWER = 5000

Fields = Mapping[str, str]


class Stage(StrEnum):
    GOAL = "goal"
    REALITY = "reality"
    OPTIONS = "options"
    WILL = "will"

    @property
    def following(self) -> "Stage | None":
        stages = list(Stage)
        index = stages.index(self)
        return stages[index + 1] if index + 1 < len(stages) else None


STAGE_TITLES = {
    Stage.GOAL: "Where do you want to get to?",
    Stage.REALITY: "Where are you now?",
    Stage.OPTIONS: "What could you try?",
    Stage.WILL: "What will you do first?",
}

# The questions each stage asks, by field; the web form and the API share them.
QUESTIONS: dict[Stage, dict[str, str]] = {
    Stage.GOAL: {
        "what": "What would you like to be different a few months from now?",
        "why": "Why does that matter to you? What would it change?",
        "area": "Which part of life is it about?",
        "measure": "How will you know you have got there?",
        "unit": "If it is a number, what do you count?",
        "target": "What number are you aiming for?",
        "target_date": "By when would you like to get there?",
    },
    Stage.REALITY: {
        "start": "Where are you today, counted the same way?",
        "tried": "What have you tried already, and what did you learn from it?",
        "obstacles": "What tends to get in the way? One thing on each line.",
    },
    Stage.OPTIONS: {
        "strategies": "For each thing in the way: what could you try when it shows up? "
        "One idea on each line; you will test them like small experiments.",
    },
    Stage.WILL: {
        "steps": "What are your first steps? Small ones count; add a date if it helps.",
        "cadence": "How often would you like to check in on your progress?",
        "every_days": "If you chose your own rhythm: every how many days?",
        "confidence": "From 0 to 10, how sure are you that you will take the first step?",
    },
}


@dataclass(frozen=True)
class ObstaclePlan:
    text: str
    strategies: tuple[str, ...]


@dataclass(frozen=True)
class CoachingPlan:
    goal: Goal
    reality: str
    obstacles: tuple[ObstaclePlan, ...]
    steps: tuple[StepPlan, ...]
    schedule: Schedule
    confidence: int | None


def check_stage(
    stage: Stage, fields: Fields, earlier: Mapping[Stage, Fields], today: date
) -> dict[str, str]:
    """The stage's answers, trimmed and checked against what came before, or InvalidInput
    naming the field. Only the stage's own fields are kept."""
    for before in list(Stage)[: list(Stage).index(stage)]:
        if before not in earlier:
            raise InvalidInput(before.value, "answer the earlier part of the conversation first")
    wanted = _fields_of(stage, earlier)
    kept = {name: fields.get(name, "").strip() for name in wanted}
    answers = {**earlier, stage: kept}
    if stage is Stage.GOAL:
        _goal(answers, today)
    elif stage is Stage.REALITY:
        _goal(answers, today)
        _lines(kept, "obstacles", MAX_OBSTACLES)
        _note(kept, "tried")
    elif stage is Stage.OPTIONS:
        _obstacles(answers)
    else:
        _steps(kept)
        _schedule(kept, today)
        _confidence(kept)
    return kept


def _fields_of(stage: Stage, earlier: Mapping[Stage, Fields]) -> list[str]:
    if stage is Stage.OPTIONS:
        count = len(obstacles_named(earlier))
        return [f"strategies_{n}" for n in range(1, count + 1)]
    if stage is Stage.WILL:
        steps = [f"step_{n}" for n in range(1, MAX_STEPS + 1)]
        return [*steps, *(f"{s}_due" for s in steps), "cadence", "every_days", "confidence"]
    return list(QUESTIONS[stage])


def plan_from_answers(answers: Mapping[Stage, Fields], today: date) -> CoachingPlan:
    """The whole conversation as a plan, starting today; InvalidInput if a stage is missing."""
    for stage in Stage:
        if stage not in answers:
            raise InvalidInput(stage.value, "this part of the conversation is not answered yet")
    will = answers[Stage.WILL]
    return CoachingPlan(
        goal=_goal(answers, today),
        reality=_note(answers[Stage.REALITY], "tried"),
        obstacles=_obstacles(answers),
        steps=_steps(will),
        schedule=_schedule(will, today),
        confidence=_confidence(will),
    )


def obstacles_named(answers: Mapping[Stage, Fields]) -> tuple[str, ...]:
    """The obstacles the reality stage named, in order; the options stage asks about each."""
    return _lines(answers.get(Stage.REALITY, {}), "obstacles", MAX_OBSTACLES)


def goal_from_fields(fields: Fields, today: date) -> Goal:
    """A goal from one form that asks the goal stage's questions and the start value."""
    return _goal({Stage.GOAL: fields, Stage.REALITY: fields}, today)


def schedule_from_fields(fields: Fields, today: date) -> Schedule:
    return _schedule(fields, today)


def free_text(answers: Mapping[Stage, Fields]) -> dict[str, str]:
    """Every answer a person wrote in their own words, by field, for the crisis check."""
    written = {}
    for stage, fields in answers.items():
        for name, value in fields.items():
            if value and name not in _CHOSEN_FIELDS:
                written[f"{stage.value}.{name}"] = value
    return written


_CHOSEN_FIELDS = frozenset(
    {"area", "measure", "target", "target_date", "start", "cadence", "every_days", "confidence"}
    | {f"step_{n}_due" for n in range(1, MAX_STEPS + 1)}
)


def _goal(answers: Mapping[Stage, Fields], today: date) -> Goal:
    """The goal so far. Until the reality stage gives the start, a target cannot be checked
    against it, so a goal aiming for zero is not refused for matching a start not yet given."""
    goal = answers[Stage.GOAL]
    target = _number(goal, "target")
    start = _number(answers.get(Stage.REALITY, {}), "start")
    kind = goal.get("measure", "")
    measure = None
    if kind:
        try:
            measure_kind = MeasureKind(kind)
        except ValueError:
            raise InvalidInput("measure", "choose a number or done / not done") from None
        if Stage.REALITY not in answers:
            target = None
        measure = Measure(measure_kind, goal.get("unit", ""), start or 0.0, target)
    return plan_goal(
        what=goal.get("what", ""),
        why=goal.get("why", ""),
        area=_area(goal.get("area", "")),
        measure=measure,
        starts_on=today,
        target_date=parse_day(goal.get("target_date", ""), "target_date"),
    )


def _area(text: str) -> Area:
    if not text:
        return Area.OTHER
    try:
        return Area(text)
    except ValueError:
        raise InvalidInput("area", "choose one of the listed areas") from None


def _obstacles(answers: Mapping[Stage, Fields]) -> tuple[ObstaclePlan, ...]:
    obstacles = obstacles_named(answers)
    options = answers.get(Stage.OPTIONS, {})
    return tuple(
        ObstaclePlan(text, _lines(options, f"strategies_{n}", MAX_STRATEGIES))
        for n, text in enumerate(obstacles, start=1)
    )


def _steps(fields: Fields) -> tuple[StepPlan, ...]:
    steps = []
    for n in range(1, MAX_STEPS + 1):
        text = fields.get(f"step_{n}", "").strip()
        due = parse_day(fields.get(f"step_{n}_due", ""), f"step_{n}_due")
        if due is not None and not text:
            raise InvalidInput(f"step_{n}", "say what the step is, or clear its date")
        if text:
            steps.append(plan_step(text, due, f"step_{n}"))
    if not steps:
        raise InvalidInput("step_1", "name at least one first step, however small")
    return tuple(steps)


def _schedule(fields: Fields, today: date) -> Schedule:
    try:
        cadence = Cadence(fields.get("cadence", "") or Cadence.WEEKLY)
    except ValueError:
        raise InvalidInput("cadence", "choose daily, weekly, fortnightly or your own") from None
    every = fields.get("every_days", "").strip()
    # Read whenever written, so that nonsense is refused even beside a set rhythm, where a
    # number is then left unused.
    written = parse_whole(every, "every_days") if every or cadence is Cadence.CUSTOM else None
    return plan_schedule(cadence, today, written if cadence is Cadence.CUSTOM else None)


def _confidence(fields: Fields) -> int | None:
    text = fields.get("confidence", "")
    if not text:
        return None
    value = parse_whole(text, "confidence")
    if value not in CONFIDENCE:
        raise InvalidInput("confidence", "choose a number from 0 to 10")
    return value


def _lines(fields: Fields, name: str, limit: int) -> tuple[str, ...]:
    written = (line.strip() for line in fields.get(name, "").splitlines())
    lines = tuple(dict.fromkeys(line for line in written if line))
    if len(lines) > limit:
        raise InvalidInput(name, f"pick the {limit} that matter most")
    if any(len(line) > MAX_LINE for line in lines):
        raise InvalidInput(name, f"keep each line to {MAX_LINE} characters or fewer")
    return lines


def _note(fields: Fields, name: str) -> str:
    return parse_written(fields.get(name, ""), name, MAX_NOTE)


def _number(fields: Fields, name: str) -> float | None:
    return parse_number(fields.get(name, ""), name)

"""The GROW coaching conversation: what each stage keeps and refuses, how the stages follow one
another, the plan the answers make, the free text sent to the crisis check, and the parsing of
the values people type."""

from datetime import date, timedelta

import pytest

from crossroads.assessment.rules.answers import Area
from crossroads.coaching.rules.checkins import Cadence, Schedule
from crossroads.coaching.rules.goals import MAX_STEP, Goal, Measure, MeasureKind, StepPlan
from crossroads.coaching.rules.grow import (
    MAX_LINE,
    MAX_OBSTACLES,
    MAX_STEPS,
    MAX_STRATEGIES,
    CoachingPlan,
    ObstaclePlan,
    Stage,
    check_stage,
    free_text,
    plan_from_answers,
)
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_day, parse_number, parse_whole

TODAY = date(2027, 1, 4)
TOMORROW = TODAY + timedelta(days=1)
LONG_LINE = "x" * MAX_LINE


def goal(**changes: str) -> dict[str, str]:
    return {
        "what": "Run 30 km a month",
        "why": "To sleep better and feel stronger",
        "area": "habits_health",
        "measure": "number",
        "unit": "km",
        "target": "30",
        "target_date": "2027-06-30",
        **changes,
    }


def reality(**changes: str) -> dict[str, str]:
    return {
        "start": "5",
        "tried": "A couch-to-5k app; I stopped when it rained",
        "obstacles": "Rainy evenings\nLate meetings",
        **changes,
    }


def options(**changes: str) -> dict[str, str]:
    return {
        "strategies_1": "Run at lunchtime\nBuy a rain jacket",
        "strategies_2": "Block the calendar at six",
        **changes,
    }


def will(**changes: str) -> dict[str, str]:
    return {
        "step_1": "Lay out my kit tonight",
        "step_1_due": "2027-01-05",
        "step_2": "Run 2 km on Saturday",
        "cadence": "weekly",
        "confidence": "7",
        **changes,
    }


def answers(**stages: dict[str, str]) -> dict[Stage, dict[str, str]]:
    """A whole conversation; a stage named with an empty dict is left unanswered."""
    given = {"goal": goal(), "reality": reality(), "options": options(), "will": will(), **stages}
    return {Stage(name): fields for name, fields in given.items() if fields}


BEFORE_WILL = {Stage.GOAL: goal(), Stage.REALITY: reality(), Stage.OPTIONS: options()}


def lines(count: int, text: str = "Obstacle") -> str:
    return "\n".join(f"{text} {n}" for n in range(1, count + 1))


# The order of the stages


@pytest.mark.parametrize(
    ("stage", "following"),
    [
        (Stage.GOAL, Stage.REALITY),
        (Stage.REALITY, Stage.OPTIONS),
        (Stage.OPTIONS, Stage.WILL),
        (Stage.WILL, None),
    ],
)
def test_the_stages_follow_goal_reality_options_will(stage: Stage, following: Stage | None) -> None:
    assert stage.following is following


@pytest.mark.parametrize(
    ("stage", "missing"),
    [
        (Stage.REALITY, Stage.GOAL),
        (Stage.OPTIONS, Stage.REALITY),
        (Stage.WILL, Stage.OPTIONS),
    ],
)
def test_a_stage_waits_for_the_ones_before_it(stage: Stage, missing: Stage) -> None:
    earlier = {each: fields for each, fields in BEFORE_WILL.items() if each is not missing}

    with pytest.raises(InvalidInput) as refused:
        check_stage(stage, {}, earlier, TODAY)

    assert refused.value.field == missing.value


# Goal


def test_the_goal_stage_keeps_only_its_own_fields_trimmed() -> None:
    sent = {**goal(what="  Run 30 km a month \n", unit=" km "), "start": "5", "csrf": "token"}

    kept = check_stage(Stage.GOAL, sent, {}, TODAY)

    assert kept == {**goal(), "what": "Run 30 km a month", "unit": "km"}


def test_a_goal_may_leave_everything_but_what_open() -> None:
    kept = check_stage(Stage.GOAL, {"what": "Be healthier"}, {}, TODAY)

    assert kept == {
        "what": "Be healthier",
        "why": "",
        "area": "",
        "measure": "",
        "unit": "",
        "target": "",
        "target_date": "",
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"what": ""}, "what"),
        ({"what": "   "}, "what"),
        ({"what": "x" * 201}, "what"),
        ({"why": "x" * 2001}, "why"),
        ({"measure": "steps"}, "measure"),
        ({"area": "money"}, "area"),
        ({"unit": "k" * 31}, "unit"),
        ({"target": "thirty"}, "target"),
        ({"target": "nan"}, "target"),
        ({"target_date": "30/06/2027"}, "target_date"),
        ({"target_date": TODAY.isoformat()}, "target_date"),
        ({"target_date": (TODAY - timedelta(days=1)).isoformat()}, "target_date"),
    ],
)
def test_the_goal_stage_refuses_bad_input_naming_the_field(
    changes: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_stage(Stage.GOAL, goal(**changes), {}, TODAY)

    assert refused.value.field == field


@pytest.mark.parametrize(
    "changes",
    [
        {"target_date": TOMORROW.isoformat()},
        {"what": "x" * 200, "why": "x" * 2000, "unit": "k" * 30},
        {"target": "1,200", "unit": "pages"},
        {"measure": "done", "unit": "", "target": ""},
        {"area": "", "measure": "", "unit": "", "target": "", "target_date": ""},
    ],
)
def test_the_goal_stage_accepts_answers_at_the_edges(changes: dict[str, str]) -> None:
    assert check_stage(Stage.GOAL, goal(**changes), {}, TODAY) == goal(**changes)


def test_a_goal_aiming_for_zero_is_accepted_before_the_start_is_known() -> None:
    # Paying off a debt or stopping smoking aims for 0; where the person starts comes only
    # at the reality stage, so the goal stage has nothing to compare the target with yet.
    quit_smoking = goal(what="Stop smoking", unit="cigarettes a day", target="0")

    assert check_stage(Stage.GOAL, quit_smoking, {}, TODAY) == quit_smoking


# Reality


def test_the_reality_stage_keeps_only_its_own_fields_trimmed() -> None:
    sent = {
        "start": " 5 ",
        "tried": "  An app \n",
        "obstacles": "  Rainy evenings \n\n Late meetings  ",
        "what": "Something else",
    }

    kept = check_stage(Stage.REALITY, sent, {Stage.GOAL: goal()}, TODAY)

    assert kept == {
        "start": "5",
        "tried": "An app",
        "obstacles": "Rainy evenings \n\n Late meetings",
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "five"}, "start"),
        ({"start": "inf"}, "start"),
        ({"start": "30"}, "target"),
        ({"start": "30.0"}, "target"),
        ({"obstacles": lines(MAX_OBSTACLES + 1)}, "obstacles"),
        ({"obstacles": f"Rainy evenings\n{LONG_LINE}x"}, "obstacles"),
        ({"tried": "x" * 2001}, "tried"),
    ],
)
def test_the_reality_stage_refuses_bad_input_naming_the_field(
    changes: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_stage(Stage.REALITY, reality(**changes), {Stage.GOAL: goal()}, TODAY)

    assert refused.value.field == field


@pytest.mark.parametrize(
    "changes",
    [
        {"obstacles": lines(MAX_OBSTACLES)},
        {"obstacles": LONG_LINE},
        {"tried": "x" * 2000},
        {"start": "", "tried": "", "obstacles": ""},
        {"start": "0"},
    ],
)
def test_the_reality_stage_accepts_answers_at_the_edges(changes: dict[str, str]) -> None:
    kept = check_stage(Stage.REALITY, reality(**changes), {Stage.GOAL: goal()}, TODAY)

    assert kept == reality(**changes)


def test_a_start_is_not_compared_with_a_goal_that_has_no_number() -> None:
    done_goal = {Stage.GOAL: goal(measure="done", target="")}

    assert check_stage(Stage.REALITY, reality(start="30"), done_goal, TODAY) == reality(start="30")


def test_an_obstacle_written_twice_counts_once_towards_the_limit() -> None:
    repeated = lines(MAX_OBSTACLES) + "\nObstacle 1"

    kept = check_stage(Stage.REALITY, reality(obstacles=repeated), {Stage.GOAL: goal()}, TODAY)

    assert kept["obstacles"] == repeated


# Options


def test_options_ask_for_strategies_for_each_obstacle_given_at_reality() -> None:
    earlier = {Stage.GOAL: goal(), Stage.REALITY: reality(obstacles="Rain\nMeetings\nKids")}
    sent = {
        "strategies_1": "  Run at lunchtime ",
        "strategies_3": "Run with them",
        "strategies_4": "No fourth obstacle",
        "start": "5",
    }

    kept = check_stage(Stage.OPTIONS, sent, earlier, TODAY)

    assert kept == {
        "strategies_1": "Run at lunchtime",
        "strategies_2": "",
        "strategies_3": "Run with them",
    }


def test_an_obstacle_written_twice_is_asked_about_once() -> None:
    earlier = {Stage.GOAL: goal(), Stage.REALITY: reality(obstacles="Rain\n  Rain \nMeetings\n\n")}

    kept = check_stage(Stage.OPTIONS, options(strategies_3="Dropped"), earlier, TODAY)

    assert list(kept) == ["strategies_1", "strategies_2"]


def test_without_obstacles_there_are_no_strategies_to_ask_for() -> None:
    earlier = {Stage.GOAL: goal(), Stage.REALITY: reality(obstacles="")}

    assert check_stage(Stage.OPTIONS, options(), earlier, TODAY) == {}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"strategies_1": lines(MAX_STRATEGIES + 1, "Idea")}, "strategies_1"),
        ({"strategies_2": f"Block the calendar\n{LONG_LINE}x"}, "strategies_2"),
    ],
)
def test_the_options_stage_refuses_bad_input_naming_the_field(
    changes: dict[str, str], field: str
) -> None:
    earlier = {Stage.GOAL: goal(), Stage.REALITY: reality()}

    with pytest.raises(InvalidInput) as refused:
        check_stage(Stage.OPTIONS, options(**changes), earlier, TODAY)

    assert refused.value.field == field


def test_the_options_stage_accepts_five_strategies_of_the_longest_length() -> None:
    earlier = {Stage.GOAL: goal(), Stage.REALITY: reality()}
    sent = options(strategies_1=lines(MAX_STRATEGIES, "Idea"), strategies_2=LONG_LINE)

    assert check_stage(Stage.OPTIONS, sent, earlier, TODAY) == sent


# Will


def test_the_will_stage_keeps_only_its_own_fields_trimmed() -> None:
    sent = {**will(step_1="  Lay out my kit tonight  ", cadence=" weekly "), "what": "Other"}

    kept = check_stage(Stage.WILL, sent, BEFORE_WILL, TODAY)

    steps = {f"step_{n}": "" for n in range(1, MAX_STEPS + 1)}
    dues = {f"step_{n}_due": "" for n in range(1, MAX_STEPS + 1)}
    assert kept == {
        **steps,
        **dues,
        "step_1": "Lay out my kit tonight",
        "step_1_due": "2027-01-05",
        "step_2": "Run 2 km on Saturday",
        "cadence": "weekly",
        "every_days": "",
        "confidence": "7",
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"step_1": "", "step_1_due": "", "step_2": ""}, "step_1"),
        ({"step_1": "   ", "step_1_due": "", "step_2": ""}, "step_1"),
        ({"step_3_due": "2027-02-01"}, "step_3"),
        ({"step_2": "x" * (MAX_STEP + 1)}, "step_2"),
        ({"step_1_due": "05/01/2027"}, "step_1_due"),
        ({"cadence": "monthly"}, "cadence"),
        ({"cadence": "custom"}, "every_days"),
        ({"cadence": "custom", "every_days": "0"}, "every_days"),
        ({"cadence": "custom", "every_days": "91"}, "every_days"),
        ({"cadence": "custom", "every_days": "2.5"}, "every_days"),
        ({"cadence": "custom", "every_days": "often"}, "every_days"),
        ({"cadence": "daily", "every_days": "NaN"}, "every_days"),  # nonsense, even if unused
        ({"confidence": "-1"}, "confidence"),
        ({"confidence": "11"}, "confidence"),
        ({"confidence": "7.5"}, "confidence"),
        ({"confidence": "very"}, "confidence"),
    ],
)
def test_the_will_stage_refuses_bad_input_naming_the_field(
    changes: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_stage(Stage.WILL, will(**changes), BEFORE_WILL, TODAY)

    assert refused.value.field == field


@pytest.mark.parametrize(
    "changes",
    [
        {"step_1": "", "step_1_due": "", "step_2": "", "step_5": "Only the last slot"},
        {"step_2": "x" * MAX_STEP},
        {"cadence": ""},
        {"cadence": "daily", "every_days": "12"},  # a number beside a set rhythm, unused
        {"cadence": "custom", "every_days": "1"},
        {"cadence": "custom", "every_days": "90"},
        {"confidence": "0"},
        {"confidence": "10"},
        {"confidence": ""},
    ],
)
def test_the_will_stage_accepts_answers_at_the_edges(changes: dict[str, str]) -> None:
    kept = check_stage(Stage.WILL, will(**changes), BEFORE_WILL, TODAY)

    assert {name: kept[name] for name in will(**changes)} == will(**changes)


# The plan


def test_a_finished_conversation_becomes_a_plan() -> None:
    plan = plan_from_answers(answers(), TODAY)

    assert plan == CoachingPlan(
        goal=Goal(
            what="Run 30 km a month",
            why="To sleep better and feel stronger",
            area=Area.HABITS_HEALTH,
            measure=Measure(MeasureKind.NUMBER, "km", start=5.0, target=30.0),
            starts_on=TODAY,
            target_date=date(2027, 6, 30),
        ),
        reality="A couch-to-5k app; I stopped when it rained",
        obstacles=(
            ObstaclePlan("Rainy evenings", ("Run at lunchtime", "Buy a rain jacket")),
            ObstaclePlan("Late meetings", ("Block the calendar at six",)),
        ),
        steps=(
            StepPlan("Lay out my kit tonight", date(2027, 1, 5)),
            StepPlan("Run 2 km on Saturday", None),
        ),
        schedule=Schedule(Cadence.WEEKLY, 7, TODAY),
        confidence=7,
    )


def test_a_plan_checks_in_weekly_unless_asked_otherwise() -> None:
    plan = plan_from_answers(answers(will=will(cadence="")), TODAY)

    assert plan.schedule == Schedule(Cadence.WEEKLY, 7, TODAY)


def test_a_plan_keeps_a_rhythm_of_its_own() -> None:
    plan = plan_from_answers(answers(will=will(cadence="custom", every_days="3")), TODAY)

    assert plan.schedule == Schedule(Cadence.CUSTOM, 3, TODAY)


def test_a_plan_without_a_start_counts_from_zero_and_without_confidence_leaves_it_open() -> None:
    plan = plan_from_answers(answers(reality=reality(start=""), will=will(confidence="")), TODAY)

    assert plan.goal.measure == Measure(MeasureKind.NUMBER, "km", start=0.0, target=30.0)
    assert plan.confidence is None


def test_a_plan_for_a_done_goal_ignores_numbers() -> None:
    plan = plan_from_answers(answers(goal=goal(measure="done", target="")), TODAY)

    assert plan.goal.measure == Measure(MeasureKind.DONE)


def test_a_plan_lists_obstacles_once_and_steps_in_order_skipping_empty_slots() -> None:
    conversation = answers(
        reality=reality(obstacles="Rainy evenings\nRainy evenings"),
        options=options(strategies_1="Run at lunchtime\nRun at lunchtime", strategies_2=""),
        will=will(step_2="", step_4="Run 5 km", step_4_due="2027-01-20"),
    )

    plan = plan_from_answers(conversation, TODAY)

    assert plan.obstacles == (ObstaclePlan("Rainy evenings", ("Run at lunchtime",)),)
    assert plan.steps == (
        StepPlan("Lay out my kit tonight", date(2027, 1, 5)),
        StepPlan("Run 5 km", date(2027, 1, 20)),
    )


@pytest.mark.parametrize("stage", list(Stage))
def test_a_plan_cannot_be_made_with_a_stage_unanswered(stage: Stage) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_from_answers(answers(**{stage.value: {}}), TODAY)

    assert refused.value.field == stage.value


# Free text for the crisis check


def test_free_text_holds_what_people_wrote_in_their_own_words() -> None:
    written = free_text(answers())

    assert written == {
        "goal.what": "Run 30 km a month",
        "goal.why": "To sleep better and feel stronger",
        "goal.unit": "km",
        "reality.tried": "A couch-to-5k app; I stopped when it rained",
        "reality.obstacles": "Rainy evenings\nLate meetings",
        "options.strategies_1": "Run at lunchtime\nBuy a rain jacket",
        "options.strategies_2": "Block the calendar at six",
        "will.step_1": "Lay out my kit tonight",
        "will.step_2": "Run 2 km on Saturday",
    }


def test_free_text_leaves_out_chosen_values_and_empty_answers() -> None:
    conversation = answers(
        goal=goal(why="", unit=""),
        reality=reality(tried="", obstacles=""),
        options={"strategies_1": ""},
        will=will(step_2="", cadence="custom", every_days="3"),
    )

    assert free_text(conversation) == {
        "goal.what": "Run 30 km a month",
        "will.step_1": "Lay out my kit tonight",
    }


# Parsing what people type


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12.0), (" 3.5 ", 3.5), ("1,200", 1200.0), ("-4", -4.0), ("", None), ("   ", None)],
)
def test_a_number_is_read_as_people_write_it(text: str, value: float | None) -> None:
    assert parse_number(text, "target") == value


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "-inf", "1.2.3"])
def test_what_is_not_a_finite_number_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_number(text, "target")

    assert refused.value.field == "target"


@pytest.mark.parametrize(("text", "value"), [("7", 7), ("3.0", 3), ("1,000", 1000), ("-2", -2)])
def test_a_whole_number_is_read_as_people_write_it(text: str, value: int) -> None:
    assert parse_whole(text, "every_days") == value


@pytest.mark.parametrize("text", ["2.5", "", "many"])
def test_a_whole_number_refuses_fractions_and_nothing(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_whole(text, "every_days")

    assert refused.value.field == "every_days"


@pytest.mark.parametrize(
    ("text", "day"),
    [("2027-03-04", date(2027, 3, 4)), (" 2027-03-04 ", date(2027, 3, 4)), ("", None)],
)
def test_a_day_is_read_in_the_browsers_form(text: str, day: date | None) -> None:
    assert parse_day(text, "target_date") == day


@pytest.mark.parametrize("text", ["04/03/2027", "2027-02-30", "next week"])
def test_a_day_in_another_form_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_day(text, "target_date")

    assert refused.value.field == "target_date"

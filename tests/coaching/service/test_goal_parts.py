"""What hangs from a goal: steps, obstacles and strategies, check-ins counted by the owner's
own calendar, and a plan from the coaching conversation becoming a goal with its parts."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crossroads.coaching import store
from crossroads.coaching.rules.checkins import CheckInReport
from crossroads.coaching.rules.experiments import Outcome, Strategy, plan_strategy
from crossroads.coaching.rules.goals import (
    GoalStatus,
    Measure,
    MeasureKind,
    Pace,
    StepStatus,
    plan_step,
)
from crossroads.coaching.rules.grow import Stage, plan_from_answers
from crossroads.coaching.service import goal_parts, goals
from crossroads.coaching.service.goal_detail import GoalDetail, goal_detail
from crossroads.coaching.service.goal_parts import (
    add_obstacle,
    add_plan,
    add_step,
    add_strategy,
    change_step,
    judge_strategy,
    record_check_in,
)
from crossroads.coaching.service.goals import (
    change_goal,
    goal_for_viewer,
    goals_of_person,
    set_goal_status,
)
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.risk import RiskLevel, RiskScreen
from crossroads.security.encryption import MasterKeys
from tests.coaching.goal_world import (
    LATE_EVENING,
    NOW,
    TARGET_DATE,
    TODAY,
    WEEKLY,
    check_in,
    detail,
    living_in,
    running_goal,
    set_running_goal,
)
from tests.factories import make_person

# Steps


def step_texts(goal: GoalDetail) -> list[tuple[int, str]]:
    return [(step.position, step.text) for step in goal.steps]


def test_steps_are_added_at_the_end_of_the_list(session: Session, master_keys: MasterKeys) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)

    for text in ("Lay out my kit", "Run 2 km on Saturday", "Find a running partner"):
        add_step(session, master_keys, owner, goal_id, plan_step(text), NOW)
    add_step(session, master_keys, owner, goal_id, plan_step("Sign up for a 5k", TARGET_DATE), NOW)

    steps = detail(session, master_keys, owner, goal_id).steps
    assert [(step.position, step.text, step.due_on) for step in steps] == [
        (1, "Lay out my kit", None),
        (2, "Run 2 km on Saturday", None),
        (3, "Find a running partner", None),
        (4, "Sign up for a 5k", TARGET_DATE),
    ]
    assert all(step.status is StepStatus.OPEN for step in steps)
    assert not any(step.homework for step in steps)


@pytest.mark.parametrize("status", [StepStatus.DONE, StepStatus.SKIPPED])
def test_a_step_is_marked_done_or_skipped(
    session: Session, master_keys: MasterKeys, status: StepStatus
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    step_id = add_step(session, master_keys, owner, goal_id, plan_step("Lay out my kit"), NOW).id

    change_step(session, master_keys, owner, step_id, status=status)

    [step] = detail(session, master_keys, owner, goal_id).steps
    assert (step.text, step.status) == ("Lay out my kit", status)


def test_replanning_a_step_changes_its_words_and_date_and_opens_it_again(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    step_id = add_step(session, master_keys, owner, goal_id, plan_step("Run 2 km"), NOW).id
    change_step(session, master_keys, owner, step_id, status=StepStatus.SKIPPED)

    new_date = date(2027, 1, 9)
    change_step(session, master_keys, owner, step_id, replan=plan_step("Walk 2 km", new_date))

    [step] = detail(session, master_keys, owner, goal_id).steps
    assert (step.text, step.due_on, step.status) == ("Walk 2 km", new_date, StepStatus.OPEN)


def test_moving_a_step_renumbers_the_list(session: Session, master_keys: MasterKeys) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    first, _, third = (
        add_step(session, master_keys, owner, goal_id, plan_step(text), NOW).id
        for text in ("A", "B", "C")
    )

    change_step(session, master_keys, owner, third, position=1)
    assert step_texts(detail(session, master_keys, owner, goal_id)) == [
        (1, "C"),
        (2, "A"),
        (3, "B"),
    ]

    change_step(session, master_keys, owner, first, position=99)
    assert step_texts(detail(session, master_keys, owner, goal_id)) == [
        (1, "C"),
        (2, "B"),
        (3, "A"),
    ]


def test_a_position_before_the_first_is_refused(session: Session, master_keys: MasterKeys) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    step_id = add_step(session, master_keys, owner, goal_id, plan_step("A"), NOW).id

    with pytest.raises(InvalidInput) as refused:
        change_step(session, master_keys, owner, step_id, position=0)
    assert refused.value.field == "position"


def test_only_the_owner_changes_a_goal_and_what_hangs_from_it(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    other = make_person(session, "other@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    step_id = add_step(session, master_keys, owner, goal_id, plan_step("A"), NOW).id
    obstacle_id = add_obstacle(session, master_keys, owner, goal_id, "Rainy evenings", NOW).id
    strategy_id = add_strategy(
        session, master_keys, owner, obstacle_id, plan_strategy("Run at lunchtime"), NOW
    ).id

    attempts = [
        lambda: change_step(session, master_keys, other, step_id, status=StepStatus.DONE),
        lambda: add_step(session, master_keys, other, goal_id, plan_step("B"), NOW),
        lambda: add_obstacle(session, master_keys, other, goal_id, "Late meetings", NOW),
        lambda: add_strategy(
            session, master_keys, other, obstacle_id, plan_strategy("Go to bed early"), NOW
        ),
        lambda: judge_strategy(session, master_keys, other, strategy_id, Outcome.WORKED),
        lambda: check_in(session, master_keys, other, goal_id, 10.0),
        lambda: change_goal(session, master_keys, other, goal_id, running_goal(), WEEKLY),
        lambda: set_goal_status(session, other, goal_id, GoalStatus.ARCHIVED),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()

    whole = detail(session, master_keys, owner, goal_id)
    assert [(step.text, step.status) for step in whole.steps] == [("A", StepStatus.OPEN)]
    assert [obstacle.text for obstacle in whole.obstacles] == ["Rainy evenings"]
    assert whole.obstacles[0].strategies[0].strategy == Strategy("Run at lunchtime")
    assert whole.check_ins == ()
    assert whole.summary.status is GoalStatus.ACTIVE


# Obstacles and strategies


def test_a_strategy_is_judged_and_judging_again_replaces_the_verdict(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    obstacle_id = add_obstacle(session, master_keys, owner, goal_id, "Rainy evenings", NOW).id
    tried = plan_strategy("Run at lunchtime", TODAY, date(2027, 1, 18))
    strategy_id = add_strategy(session, master_keys, owner, obstacle_id, tried, NOW).id

    first = judge_strategy(
        session, master_keys, owner, strategy_id, Outcome.PARTLY, "  Only on quiet days  "
    ).strategy
    assert (first.outcome, first.note) == (Outcome.PARTLY, "Only on quiet days")

    judge_strategy(session, master_keys, owner, strategy_id, Outcome.WORKED, "Now a habit")

    [obstacle] = detail(session, master_keys, owner, goal_id).obstacles
    [strategy] = obstacle.strategies
    assert strategy.id == strategy_id
    assert strategy.strategy == Strategy(
        "Run at lunchtime", TODAY, date(2027, 1, 18), Outcome.WORKED, "Now a habit"
    )


def test_goal_detail_groups_strategies_under_their_obstacle(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    rain = add_obstacle(session, master_keys, owner, goal_id, "  Rainy evenings ", NOW).id
    meetings = add_obstacle(session, master_keys, owner, goal_id, "Late meetings", NOW).id
    add_obstacle(session, master_keys, owner, goal_id, "Sore knees", NOW)
    for obstacle_id, text, minutes in (
        (rain, "Run at lunchtime", 1),
        (meetings, "Block the calendar at six", 2),
        (rain, "Buy a rain jacket", 3),
    ):
        add_strategy(
            session,
            master_keys,
            owner,
            obstacle_id,
            plan_strategy(text),
            NOW + timedelta(minutes=minutes),
        )

    obstacles = detail(session, master_keys, owner, goal_id).obstacles

    assert [(obstacle.id, obstacle.text) for obstacle in obstacles] == [
        (rain, "Rainy evenings"),
        (meetings, "Late meetings"),
        (obstacles[2].id, "Sore knees"),
    ]
    assert [[each.strategy.text for each in obstacle.strategies] for obstacle in obstacles] == [
        ["Run at lunchtime", "Buy a rain jacket"],
        ["Block the calendar at six"],
        [],
    ]


# Check-ins


def test_a_check_in_stores_the_report(session: Session, master_keys: MasterKeys) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    report = CheckInReport(
        value=8.5, did="Two short runs", blocked="A late meeting on Thursday", confidence=7
    )

    check_in_id = record_check_in(session, master_keys, owner, goal_id, report, now=NOW).id

    [stored] = detail(session, master_keys, owner, goal_id).check_ins
    assert (stored.id, stored.day, stored.recorded_at, stored.report) == (
        check_in_id,
        TODAY,
        NOW,
        report,
    )
    row = session.scalar(select(store.CheckInRow.sealed).where(store.CheckInRow.id == check_in_id))
    assert row is not None
    assert "late meeting" not in row


def test_a_check_in_counts_for_the_owners_local_today(
    session: Session, master_keys: MasterKeys
) -> None:
    londoner = make_person(session, "london@example.org")
    tokyo = living_in(session, make_person(session, "tokyo@example.org"), "Asia/Tokyo")
    in_london = set_running_goal(session, master_keys, londoner)
    in_tokyo = set_running_goal(session, master_keys, tokyo)

    check_in(session, master_keys, londoner, in_london, 6.0, now=LATE_EVENING)
    check_in(session, master_keys, tokyo, in_tokyo, 6.0, now=LATE_EVENING)

    [in_utc] = detail(session, master_keys, londoner, in_london).check_ins
    [in_japan] = detail(session, master_keys, tokyo, in_tokyo).check_ins
    assert (in_utc.day, in_japan.day) == (TODAY, date(2027, 1, 5))
    [summary] = goals_of_person(session, master_keys, tokyo, LATE_EVENING)
    assert summary.progress.as_of == date(2027, 1, 5)


def test_a_goal_starting_on_the_owners_today_takes_a_check_in_before_utc_midnight(
    session: Session, master_keys: MasterKeys
) -> None:
    tokyo = living_in(session, make_person(session, "tokyo@example.org"), "Asia/Tokyo")
    goal_id = set_running_goal(session, master_keys, tokyo, starts_on=date(2027, 1, 5))

    check_in(session, master_keys, tokyo, goal_id, 6.0, now=LATE_EVENING)

    [stored] = detail(session, master_keys, tokyo, goal_id).check_ins
    assert stored.day == date(2027, 1, 5)


def test_an_unknown_time_zone_counts_days_in_utc(session: Session, master_keys: MasterKeys) -> None:
    owner = living_in(session, make_person(session, "runner@example.org"), "Not/A_Zone")
    goal_id = set_running_goal(session, master_keys, owner)

    check_in(session, master_keys, owner, goal_id, 6.0, now=LATE_EVENING)

    [stored] = detail(session, master_keys, owner, goal_id).check_ins
    assert stored.day == TODAY


@pytest.mark.parametrize(
    ("zone", "day"),
    [("UTC", date(2027, 1, 5)), ("Asia/Tokyo", date(2027, 1, 6))],
)
def test_a_check_in_for_a_day_that_has_not_come_yet_is_refused(
    session: Session, master_keys: MasterKeys, zone: str, day: date
) -> None:
    owner = living_in(session, make_person(session, "runner@example.org"), zone)
    goal_id = set_running_goal(session, master_keys, owner)

    with pytest.raises(InvalidInput) as refused:
        check_in(session, master_keys, owner, goal_id, 6.0, day=day, now=LATE_EVENING)

    assert refused.value.field == "day"
    assert store.check_ins_of(session, goal_id) == []


def test_a_check_in_before_the_goal_started_is_refused(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)

    with pytest.raises(InvalidInput) as refused:
        check_in(session, master_keys, owner, goal_id, 6.0, day=TODAY - timedelta(days=1))

    assert refused.value.field == "day"
    assert store.check_ins_of(session, goal_id) == []


def test_a_missed_day_can_be_checked_in_later(session: Session, master_keys: MasterKeys) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    later = NOW + timedelta(days=3)

    check_in(session, master_keys, owner, goal_id, 6.0, day=TODAY, now=later)

    [stored] = detail(session, master_keys, owner, goal_id).check_ins
    assert (stored.day, stored.recorded_at) == (TODAY, later)


def test_a_check_in_reaching_the_target_marks_the_goal_achieved(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)

    check_in(session, master_keys, owner, goal_id, 29.0)
    assert goal_for_viewer(session, master_keys, owner, goal_id, NOW).status is GoalStatus.ACTIVE

    check_in(session, master_keys, owner, goal_id, 30.0, now=NOW + timedelta(hours=1))

    summary = goal_for_viewer(session, master_keys, owner, goal_id, NOW)
    assert summary.status is GoalStatus.ACHIEVED
    assert summary.progress.pace is Pace.REACHED
    assert not summary.reminding


def test_a_done_goal_is_achieved_when_a_check_in_says_done(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(
        session, master_keys, owner, what="Run a 5k race", measure=Measure(MeasureKind.DONE)
    )

    record_check_in(session, master_keys, owner, goal_id, CheckInReport(done=False), now=NOW)
    assert goal_for_viewer(session, master_keys, owner, goal_id, NOW).status is GoalStatus.ACTIVE
    record_check_in(session, master_keys, owner, goal_id, CheckInReport(done=True), now=NOW)

    assert goal_for_viewer(session, master_keys, owner, goal_id, NOW).status is (
        GoalStatus.ACHIEVED
    )


def test_an_archived_goal_is_not_revived_as_achieved_by_a_check_in(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    set_goal_status(session, owner, goal_id, GoalStatus.ARCHIVED)

    check_in(session, master_keys, owner, goal_id, 30.0)

    assert goal_for_viewer(session, master_keys, owner, goal_id, NOW).status is (
        GoalStatus.ARCHIVED
    )


def test_check_ins_entered_out_of_order_are_read_by_day(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    later = NOW + timedelta(days=2)

    check_in(session, master_keys, owner, goal_id, 9.0, day=TODAY + timedelta(days=2), now=later)
    check_in(session, master_keys, owner, goal_id, 6.0, day=TODAY, now=later + timedelta(hours=1))
    check_in(
        session,
        master_keys,
        owner,
        goal_id,
        7.0,
        day=TODAY + timedelta(days=1),
        now=later + timedelta(hours=2),
    )

    whole = goal_detail(session, master_keys, owner, goal_id, later)
    assert [(each.day, each.report.value) for each in whole.check_ins] == [
        (TODAY, 6.0),
        (TODAY + timedelta(days=1), 7.0),
        (TODAY + timedelta(days=2), 9.0),
    ]
    assert [each.day for each in whole.summary.check_ins] == [
        TODAY,
        TODAY + timedelta(days=1),
        TODAY + timedelta(days=2),
    ]
    assert whole.summary.progress.current == 9.0  # the latest day's value, not the last typed


def test_progress_and_standing_follow_the_check_ins(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    before = goal_for_viewer(session, master_keys, owner, goal_id, NOW)

    check_in(session, master_keys, owner, goal_id, 17.5)

    after = goal_for_viewer(session, master_keys, owner, goal_id, NOW)
    assert (before.standing.due, after.standing.due) == (True, False)
    assert (before.standing.streak, after.standing.streak) == (0, 1)
    assert after.standing.kept == 1
    assert (before.progress.current, after.progress.current) == (5.0, 17.5)
    assert (before.progress.percent, after.progress.percent) == (0.0, 50.0)
    assert after.progress.pace is Pace.ON_TRACK
    assert [milestone.percent for milestone in after.progress.milestones] == [25, 50]

    three_weeks_on = NOW + timedelta(days=21)
    missed = goal_for_viewer(session, master_keys, owner, goal_id, three_weeks_on)
    assert missed.standing.due
    assert missed.standing.missed_in_a_row == 2
    assert missed.standing.nudge


# A plan from the coaching conversation

PLAN_ANSWERS = {
    Stage.GOAL: {
        "what": "Run 30 km a month",
        "why": "To sleep better and feel stronger",
        "area": "habits_health",
        "measure": "number",
        "unit": "km",
        "target": "30",
        "target_date": "2027-06-30",
    },
    Stage.REALITY: {
        "start": "5",
        "tried": "A couch-to-5k app; I stopped when it rained",
        "obstacles": "Rainy evenings\nLate meetings",
    },
    Stage.OPTIONS: {
        "strategies_1": "Run at lunchtime\nBuy a rain jacket",
        "strategies_2": "Block the calendar at six",
    },
    Stage.WILL: {
        "step_1": "Lay out my kit tonight",
        "step_1_due": "2027-01-05",
        "step_2": "Run 2 km on Saturday",
        "cadence": "weekly",
        "confidence": "7",
    },
}


def test_a_plan_from_the_coaching_conversation_becomes_a_goal_with_its_parts(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    plan = plan_from_answers(PLAN_ANSWERS, TODAY)

    goal_id = add_plan(session, master_keys, owner, plan, NOW)

    whole = detail(session, master_keys, owner, goal_id)
    assert whole.summary.goal == plan.goal
    assert whole.summary.schedule == plan.schedule
    assert (whole.summary.reality, whole.summary.confidence) == (
        "A couch-to-5k app; I stopped when it rained",
        7,
    )
    assert [obstacle.text for obstacle in whole.obstacles] == ["Rainy evenings", "Late meetings"]
    assert [
        sorted(each.strategy.text for each in obstacle.strategies) for obstacle in whole.obstacles
    ] == [["Buy a rain jacket", "Run at lunchtime"], ["Block the calendar at six"]]
    assert all(
        each.strategy.outcome is None
        for obstacle in whole.obstacles
        for each in obstacle.strategies
    )
    assert [(step.position, step.text, step.due_on) for step in whole.steps] == [
        (1, "Lay out my kit tonight", date(2027, 1, 5)),
        (2, "Run 2 km on Saturday", None),
    ]


def test_strategies_from_a_plan_keep_the_order_they_were_written_in(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    written = ["Run at lunchtime", "Buy a rain jacket", "Run indoors", "Swim instead", "Rest"]
    answers = {
        **PLAN_ANSWERS,
        Stage.REALITY: {**PLAN_ANSWERS[Stage.REALITY], "obstacles": "Rainy evenings"},
        Stage.OPTIONS: {"strategies_1": "\n".join(written)},
    }

    goal_id = add_plan(session, master_keys, owner, plan_from_answers(answers, TODAY), NOW)

    [obstacle] = detail(session, master_keys, owner, goal_id).obstacles
    assert [each.strategy.text for each in obstacle.strategies] == written


# The screen of what the owner writes: every part comes back with it, saved whatever it says

ACUTE = "I'm going to end my life tonight, the pills are in my drawer"
CHECK = "Some days I wish I was dead"


def written_parts(session: Session, master_keys: MasterKeys, text: str) -> dict[str, RiskScreen]:
    """Each part of a goal written with `text`, and the screen it came back with."""
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    step = add_step(session, master_keys, owner, goal_id, plan_step(text), NOW)
    replanned_id = add_step(session, master_keys, owner, goal_id, plan_step("Buy shoes"), NOW).id
    obstacle = add_obstacle(session, master_keys, owner, goal_id, text, NOW)
    strategy = add_strategy(session, master_keys, owner, obstacle.id, plan_strategy(text), NOW)
    report = CheckInReport(value=6.0, did="Ran 1 km", blocked=text)
    return {
        "step": step.screen,
        "replanned step": change_step(
            session, master_keys, owner, replanned_id, replan=plan_step(text)
        ),
        "obstacle": obstacle.screen,
        "strategy": strategy.screen,
        "outcome note": judge_strategy(
            session, master_keys, owner, strategy.id, Outcome.PARTLY, text
        ).screen,
        "check-in": record_check_in(session, master_keys, owner, goal_id, report, now=NOW).screen,
    }


@pytest.mark.parametrize(
    ("text", "level"),
    [(ACUTE, RiskLevel.ACUTE), (CHECK, RiskLevel.CHECK), ("Run at lunchtime", RiskLevel.NONE)],
)
def test_every_part_of_a_goal_comes_back_with_the_screen_of_its_words(
    session: Session, master_keys: MasterKeys, text: str, level: RiskLevel
) -> None:
    screens = written_parts(session, master_keys, text)

    assert {part: screen.level for part, screen in screens.items()} == dict.fromkeys(screens, level)


def test_a_replan_or_a_verdict_that_keeps_the_words_reads_nothing_again(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "runner@example.org")
    goal_id = set_running_goal(session, master_keys, owner)
    step_id = add_step(session, master_keys, owner, goal_id, plan_step(CHECK), NOW).id
    obstacle_id = add_obstacle(session, master_keys, owner, goal_id, "Rain", NOW).id
    strategy_id = add_strategy(
        session, master_keys, owner, obstacle_id, plan_strategy("Run at lunch"), NOW
    ).id
    judge_strategy(session, master_keys, owner, strategy_id, Outcome.PARTLY, CHECK)

    new_date = change_step(
        session, master_keys, owner, step_id, replan=plan_step(CHECK, TARGET_DATE)
    )
    marked = change_step(session, master_keys, owner, step_id, status=StepStatus.DONE)
    new_verdict = judge_strategy(session, master_keys, owner, strategy_id, Outcome.WORKED, CHECK)

    assert [new_date.level, marked.level, new_verdict.screen.level] == [RiskLevel.NONE] * 3


def test_a_plan_from_the_conversation_is_not_read_again(
    session: Session, master_keys: MasterKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The conversation screens each answer as it is given (coaching/service/conversations.py)."""
    owner = make_person(session, "runner@example.org")
    read: list[object] = []
    monkeypatch.setattr(goal_parts, "screen_writing", read.append)
    monkeypatch.setattr(goals, "screen_writing", read.append)

    add_plan(session, master_keys, owner, plan_from_answers(PLAN_ANSWERS, TODAY), NOW)

    assert read == []

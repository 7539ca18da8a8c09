"""What hangs from a goal: steps, obstacles and the strategies tried against them, and
check-ins, each changed by the goal's owner alone. What the owner writes in any of them is
screened here, and the screen comes back with the result."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from crossroads.coaching import store
from crossroads.coaching.rules.checkins import CheckInReport
from crossroads.coaching.rules.experiments import (
    Outcome,
    Strategy,
    judge,
    name_obstacle,
    plan_strategy,
)
from crossroads.coaching.rules.goals import GoalStatus, Pace, StepPlan, StepStatus, step_position
from crossroads.coaching.rules.grow import CoachingPlan
from crossroads.coaching.service.goal_detail import (
    OBSTACLE_FIELD,
    STEP_FIELD,
    STRATEGY_FIELD,
    strategy_from,
)
from crossroads.coaching.service.goals import CHECK_IN_FIELD, owned_goal, store_goal, summarise
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person, local_today
from crossroads.kernel.risk import RiskScreen
from crossroads.kernel.screening import Saved, changed_words
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.alerts import RISK, sealed_screen, tell_about_words
from crossroads.text.classification import screen_writing


@dataclass(frozen=True)
class Judged:
    """How an experiment went, and the screen of the note written about it."""

    strategy: Strategy
    screen: RiskScreen


def add_plan(
    session: Session, master_keys: MasterKeys, owner: Person, plan: CoachingPlan, now: datetime
) -> str:
    """The goal a coaching conversation arrived at, with its obstacles, the strategies to try
    against each, and the first steps. Returns the goal's id. The conversation screened each
    answer as it was given, so the words are not read again here."""
    goal_id = store_goal(
        session,
        master_keys,
        owner,
        plan.goal,
        plan.schedule,
        now=now,
        reality=plan.reality,
        confidence=plan.confidence,
    )
    goal = owned_goal(session, owner, goal_id)
    for obstacle in plan.obstacles:
        obstacle_id = _store_obstacle(session, master_keys, goal, obstacle.text, now)
        for text in obstacle.strategies:
            _store_strategy(session, master_keys, owner, obstacle_id, plan_strategy(text), now)
    for step in plan.steps:
        insert_step(session, master_keys, goal, step, now)
    return goal_id


def add_step(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    goal_id: str,
    step: StepPlan,
    now: datetime,
) -> Saved:
    """Add a step at the end of the owner's goal's list."""
    step_id = insert_step(session, master_keys, owned_goal(session, owner, goal_id), step, now)
    return Saved(step_id, screen_writing({"step": step.text}))


def insert_step(
    session: Session,
    master_keys: MasterKeys,
    goal: store.GoalRow,
    step: StepPlan,
    now: datetime,
    assigned_by: Person | None = None,
) -> str:
    """Add a step at the end of `goal`'s list; `assigned_by` makes it a coach's homework. The
    caller has checked who may, and screens the words when they are the owner's."""
    row = store.StepRow(
        id=str(uuid.uuid4()),
        goal_id=goal.id,
        owner_id=goal.owner_id,
        position=store.next_position(store.steps_of(session, goal.id)),
        status=StepStatus.OPEN.value,
        due_on=step.due_on,
        assigned_by=assigned_by.id if assigned_by else None,
        created_at=now,
        sealed=Vault(session, master_keys).seal_json(
            goal.owner_id, STEP_FIELD, {"text": step.text}
        ),
    )
    store.add(session, row)
    return row.id


def change_step(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    step_id: str,
    *,
    status: StepStatus | None = None,
    replan: StepPlan | None = None,
    position: int | None = None,
) -> RiskScreen:
    """Mark a step done or skipped (or open again), re-plan it (new words or date, which opens
    it again), or move it to another place in the list. Returns the screen of new words."""
    row = _owned_step(session, owner, step_id)
    screen = RiskScreen()
    if replan is not None:
        vault = Vault(session, master_keys)
        before = vault.open_json(owner.id, STEP_FIELD, row.sealed)["text"]
        row.sealed = vault.seal_json(owner.id, STEP_FIELD, {"text": replan.text})
        row.due_on = replan.due_on
        row.status = StepStatus.OPEN.value
        screen = screen_writing(changed_words({"step": before}, {"step": replan.text}))
    if status is not None:
        row.status = status.value
    if position is not None:
        _move(store.steps_of(session, row.goal_id), row, step_position(position))
    return screen


def planned_step(
    session: Session, master_keys: MasterKeys, owner: Person, step_id: str
) -> StepPlan:
    """The step as it stands, so that one part of it can be re-planned."""
    row = _owned_step(session, owner, step_id)
    text = Vault(session, master_keys).open_json(owner.id, STEP_FIELD, row.sealed)["text"]
    return StepPlan(text, row.due_on)


def _owned_step(session: Session, owner: Person, step_id: str) -> store.StepRow:
    row = store.find_step(session, step_id)
    if row is None or row.owner_id != owner.id:
        raise NotFound(f"no step with id {step_id}")
    return row


def _move(rows: list[store.StepRow], moved: store.StepRow, position: int) -> None:
    order = [row for row in rows if row.id != moved.id]
    order.insert(min(position, len(order) + 1) - 1, moved)
    for number, row in enumerate(order, start=1):
        row.position = number


def add_obstacle(
    session: Session, master_keys: MasterKeys, owner: Person, goal_id: str, text: str, now: datetime
) -> Saved:
    goal = owned_goal(session, owner, goal_id)
    obstacle_id = _store_obstacle(session, master_keys, goal, text, now)
    return Saved(obstacle_id, screen_writing({"obstacle": text}))


def _store_obstacle(
    session: Session, master_keys: MasterKeys, goal: store.GoalRow, text: str, now: datetime
) -> str:
    row = store.ObstacleRow(
        id=str(uuid.uuid4()),
        goal_id=goal.id,
        owner_id=goal.owner_id,
        position=store.next_position(store.obstacles_of(session, goal.id)),
        created_at=now,
        sealed=Vault(session, master_keys).seal_json(
            goal.owner_id, OBSTACLE_FIELD, {"text": name_obstacle(text)}
        ),
    )
    store.add(session, row)
    return row.id


def add_strategy(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    obstacle_id: str,
    strategy: Strategy,
    now: datetime,
) -> Saved:
    strategy_id = _store_strategy(session, master_keys, owner, obstacle_id, strategy, now)
    return Saved(strategy_id, screen_writing({"strategy": strategy.text}))


def _store_strategy(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    obstacle_id: str,
    strategy: Strategy,
    now: datetime,
) -> str:
    obstacle = store.find_obstacle(session, obstacle_id)
    if obstacle is None or obstacle.owner_id != owner.id:
        raise NotFound(f"no obstacle with id {obstacle_id}")
    row = store.StrategyRow(
        id=str(uuid.uuid4()),
        obstacle_id=obstacle.id,
        goal_id=obstacle.goal_id,
        owner_id=owner.id,
        position=store.next_position(
            [
                row
                for row in store.strategies_of(session, obstacle.goal_id)
                if row.obstacle_id == obstacle.id
            ]
        ),
        created_at=now,
        sealed=Vault(session, master_keys).seal_json(
            owner.id, STRATEGY_FIELD, _strategy_payload(strategy)
        ),
    )
    store.add(session, row)
    return row.id


def judge_strategy(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    strategy_id: str,
    outcome: Outcome,
    note: str = "",
) -> Judged:
    """Record how the experiment went; judging again replaces the earlier verdict."""
    row = store.find_strategy(session, strategy_id)
    if row is None or row.owner_id != owner.id:
        raise NotFound(f"no strategy with id {strategy_id}")
    vault = Vault(session, master_keys)
    before = strategy_from(vault.open_json(owner.id, STRATEGY_FIELD, row.sealed))
    judged = judge(before, outcome, note)
    row.sealed = vault.seal_json(owner.id, STRATEGY_FIELD, _strategy_payload(judged))
    written = changed_words({"note": before.note}, {"note": judged.note})
    return Judged(judged, screen_writing(written))


def record_check_in(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    goal_id: str,
    report: CheckInReport,
    *,
    now: datetime,
    day: date | None = None,
) -> Saved:
    """Record a check-in for `day` (today where the owner lives, unless they name an earlier
    day they missed). A check-in that reaches the target marks the goal achieved. Its words'
    screen is sealed with it, and one `urgent` or `acute` is emailed at once to each
    practitioner holding the owner's coaching grant."""
    goal = owned_goal(session, owner, goal_id)
    today = local_today(owner, now)
    day = day or today
    if day > today:
        raise InvalidInput("day", "a check-in cannot be for a day that has not come yet")
    if day < goal.starts_on:
        raise InvalidInput("day", "a check-in cannot be for a day before the goal started")
    vault = Vault(session, master_keys)
    screen = screen_writing({"did": report.did, "blocked": report.blocked})
    payload = _report_payload(report) | {RISK: sealed_screen(screen)}
    row = store.CheckInRow(
        id=str(uuid.uuid4()),
        goal_id=goal.id,
        owner_id=owner.id,
        day=day,
        created_at=now,
        sealed=vault.seal_json(owner.id, CHECK_IN_FIELD, payload),
    )
    store.add(session, row)
    summary = summarise(session, vault, goal, today)
    if summary.status is GoalStatus.ACTIVE and summary.progress.pace is Pace.REACHED:
        goal.status = GoalStatus.ACHIEVED.value
    tell_about_words(session, owner.id, Area.COACHING, screen, now=now)
    return Saved(row.id, screen)


def _strategy_payload(strategy: Strategy) -> dict[str, Any]:
    return {
        "text": strategy.text,
        "starts_on": strategy.starts_on.isoformat() if strategy.starts_on else None,
        "ends_on": strategy.ends_on.isoformat() if strategy.ends_on else None,
        "outcome": strategy.outcome.value if strategy.outcome else None,
        "note": strategy.note,
    }


def _report_payload(report: CheckInReport) -> dict[str, Any]:
    return {
        "value": report.value,
        "done": report.done,
        "did": report.did,
        "blocked": report.blocked,
        "confidence": report.confidence,
    }

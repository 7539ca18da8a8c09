"""One goal read whole, with its steps, obstacles and strategies, check-ins and a coach's
comments: for its owner, or for a coach holding the owner's coaching grant (audited)."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from crossroads.coaching import store
from crossroads.coaching.rules.checkins import CheckInReport
from crossroads.coaching.rules.experiments import Outcome, Strategy
from crossroads.coaching.rules.goals import StepStatus
from crossroads.coaching.service.goals import CHECK_IN_FIELD, GoalSummary, goal_for_viewer
from crossroads.kernel.parsing import kept_number
from crossroads.kernel.people import Person
from crossroads.platform.person_rows import find_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys

STEP_FIELD = "goal step"
OBSTACLE_FIELD = "goal obstacle"
STRATEGY_FIELD = "goal strategy"
COMMENT_FIELD = "goal comment"


@dataclass(frozen=True)
class StepView:
    id: str
    text: str
    position: int
    status: StepStatus
    due_on: date | None
    assigned_by: str | None  # the coach's name when the step is homework

    @property
    def homework(self) -> bool:
        return self.assigned_by is not None


@dataclass(frozen=True)
class StrategyView:
    id: str
    strategy: Strategy


@dataclass(frozen=True)
class ObstacleView:
    id: str
    text: str
    strategies: tuple[StrategyView, ...]


@dataclass(frozen=True)
class CheckInView:
    id: str
    day: date
    recorded_at: datetime
    report: CheckInReport


@dataclass(frozen=True)
class CommentView:
    id: str
    author: str
    created_at: datetime
    text: str


@dataclass(frozen=True)
class GoalDetail:
    summary: GoalSummary
    steps: tuple[StepView, ...]
    obstacles: tuple[ObstacleView, ...]
    check_ins: tuple[CheckInView, ...]  # by day, newest last
    comments: tuple[CommentView, ...]


def goal_detail(
    session: Session, master_keys: MasterKeys, viewer: Person, goal_id: str, now: datetime
) -> GoalDetail:
    """Everything about one goal, for its owner or a coach with the owner's grant (audited)."""
    summary = goal_for_viewer(session, master_keys, viewer, goal_id, now)
    vault = Vault(session, master_keys)
    owner = summary.owner_id

    def opened(field: str, sealed: str) -> dict[str, Any]:
        payload: dict[str, Any] = vault.open_json(owner, field, sealed)
        return payload

    strategies: dict[str, list[StrategyView]] = {}
    for row in store.strategies_of(session, goal_id):
        strategies.setdefault(row.obstacle_id, []).append(
            StrategyView(row.id, strategy_from(opened(STRATEGY_FIELD, row.sealed)))
        )
    return GoalDetail(
        summary=summary,
        steps=tuple(
            StepView(
                row.id,
                opened(STEP_FIELD, row.sealed)["text"],
                row.position,
                StepStatus(row.status),
                row.due_on,
                _name_of(session, row.assigned_by),
            )
            for row in store.steps_of(session, goal_id)
        ),
        obstacles=tuple(
            ObstacleView(
                row.id,
                opened(OBSTACLE_FIELD, row.sealed)["text"],
                tuple(strategies.get(row.id, [])),
            )
            for row in store.obstacles_of(session, goal_id)
        ),
        check_ins=tuple(
            CheckInView(
                row.id, row.day, row.created_at, _report_from(opened(CHECK_IN_FIELD, row.sealed))
            )
            for row in store.check_ins_of(session, goal_id)
        ),
        comments=tuple(
            CommentView(
                row.id,
                _name_of(session, row.author_id) or "A former coach",
                row.created_at,
                opened(COMMENT_FIELD, row.sealed)["text"],
            )
            for row in store.comments_of(session, goal_id)
        ),
    )


def _name_of(session: Session, person_id: str | None) -> str | None:
    if person_id is None:
        return None
    row = find_person(session, person_id)
    return row.display_name if row else "A former coach"


def strategy_from(payload: dict[str, Any]) -> Strategy:
    def day(key: str) -> date | None:
        return date.fromisoformat(payload[key]) if payload[key] else None

    outcome = Outcome(payload["outcome"]) if payload["outcome"] else None
    return Strategy(payload["text"], day("starts_on"), day("ends_on"), outcome, payload["note"])


def _report_from(payload: dict[str, Any]) -> CheckInReport:
    value = kept_number(payload["value"])
    return CheckInReport(
        value, payload["done"], payload["did"], payload["blocked"], payload["confidence"]
    )

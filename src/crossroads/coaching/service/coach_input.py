"""What a coach adds to a client's goal: comments and homework. Only a practitioner holding the
client's coaching grant may, and each addition is written to the client's access log."""

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.coaching import store
from crossroads.coaching.rules.goals import StepPlan, plan_comment
from crossroads.coaching.service.goal_detail import COMMENT_FIELD
from crossroads.coaching.service.goal_parts import insert_step
from crossroads.kernel.consent import Area as SharedArea
from crossroads.kernel.errors import ConsentMissing, InvalidInput, NotFound
from crossroads.kernel.people import Person, Role
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import access_under_grant


def add_comment(
    session: Session, master_keys: MasterKeys, coach: Person, goal_id: str, text: str, now: datetime
) -> str:
    """A coach's comment on a client's goal, which the client sees; audited."""
    text = plan_comment(text)
    goal = _coached_goal(session, coach, goal_id, target=f"comment on goal {goal_id}")
    row = store.CommentRow(
        id=str(uuid.uuid4()),
        goal_id=goal.id,
        owner_id=goal.owner_id,
        author_id=coach.id,
        created_at=now,
        sealed=Vault(session, master_keys).seal_json(goal.owner_id, COMMENT_FIELD, {"text": text}),
    )
    store.add(session, row)
    return row.id


def assign_homework(
    session: Session,
    master_keys: MasterKeys,
    coach: Person,
    goal_id: str,
    step: StepPlan,
    now: datetime,
) -> str:
    """A step with a due date, set by the client's coach; the client sees it as homework."""
    if step.due_on is None:
        raise InvalidInput("due_on", "homework needs a date to be done by")
    goal = _coached_goal(session, coach, goal_id, target=f"homework on goal {goal_id}")
    return insert_step(session, master_keys, goal, step, now, assigned_by=coach)


def _coached_goal(session: Session, coach: Person, goal_id: str, *, target: str) -> store.GoalRow:
    """The goal if `coach` holds its owner's coaching grant; the change is audited. Without
    the grant the goal is not found, so that its existence does not leak."""
    goal = store.find_goal(session, goal_id)
    if goal is None or coach.role is not Role.PRACTITIONER:
        raise NotFound(f"no goal with id {goal_id}")
    try:
        access_under_grant(
            session, coach, goal.owner_id, SharedArea.COACHING, action="change", target=target
        )
    except ConsentMissing:
        raise NotFound(f"no goal with id {goal_id}") from None
    return goal

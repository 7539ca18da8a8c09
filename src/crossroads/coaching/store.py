"""Coaching goals and everything hanging from them, with every query on them.

What a person wrote (the goal, steps, obstacles, strategies, check-ins, comments) is sealed
with the goal owner's data key in `sealed`. Left in plaintext is only what scheduling and
ordering need: ids, owners, the cadence, days, positions and statuses.
"""

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime

_OWNER = "people.id"
_GOAL = "goals.id"


class GoalRow(Base):
    __tablename__ = "goals"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(16))  # active, achieved or archived
    starts_on: Mapped[date] = mapped_column(Date)
    cadence: Mapped[str] = mapped_column(String(16))
    every_days: Mapped[int] = mapped_column(Integer)
    reminded_period: Mapped[int | None] = mapped_column(Integer)  # the last period reminded of
    sealed: Mapped[str] = mapped_column(Text)


class StepRow(Base):
    """A step toward a goal; `assigned_by` names the coach when it is homework."""

    __tablename__ = "goal_steps"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    goal_id: Mapped[str] = mapped_column(ForeignKey(_GOAL, ondelete="CASCADE"), index=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # open, done or skipped
    due_on: Mapped[date | None] = mapped_column(Date)
    assigned_by: Mapped[str | None] = mapped_column(
        ForeignKey(_OWNER, ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)


class ObstacleRow(Base):
    __tablename__ = "goal_obstacles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    goal_id: Mapped[str] = mapped_column(ForeignKey(_GOAL, ondelete="CASCADE"), index=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)


class StrategyRow(Base):
    """A strategy to try against an obstacle; its dates and outcome are sealed with it."""

    __tablename__ = "goal_strategies"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    obstacle_id: Mapped[str] = mapped_column(
        ForeignKey("goal_obstacles.id", ondelete="CASCADE"), index=True
    )
    goal_id: Mapped[str] = mapped_column(ForeignKey(_GOAL, ondelete="CASCADE"), index=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # within its obstacle
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)


class CheckInRow(Base):
    __tablename__ = "goal_check_ins"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    goal_id: Mapped[str] = mapped_column(ForeignKey(_GOAL, ondelete="CASCADE"), index=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)  # the owner's local day it counts for
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())  # when it was recorded
    sealed: Mapped[str] = mapped_column(Text)


class CommentRow(Base):
    """A coach's comment on a client's goal, sealed with the client's key."""

    __tablename__ = "goal_comments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    goal_id: Mapped[str] = mapped_column(ForeignKey(_GOAL, ondelete="CASCADE"), index=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"), index=True)
    author_id: Mapped[str | None] = mapped_column(
        ForeignKey(_OWNER, ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)


FINISHED = "finished"


class ConversationRow(Base):
    """A guided coaching conversation: the answers so far, sealed; `stage` is the next one to
    answer, or FINISHED once it became the goal `goal_id`."""

    __tablename__ = "coaching_conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    stage: Mapped[str] = mapped_column(String(16))
    goal_id: Mapped[str | None] = mapped_column(ForeignKey(_GOAL, ondelete="SET NULL"), index=True)
    sealed: Mapped[str] = mapped_column(Text)


Row = ConversationRow | GoalRow | StepRow | ObstacleRow | StrategyRow | CheckInRow | CommentRow


def add(session: Session, row: Row) -> None:
    session.add(row)
    session.flush()


def find_conversation(
    session: Session, conversation_id: str, *, lock: bool = False
) -> ConversationRow | None:
    return session.get(ConversationRow, conversation_id, with_for_update=lock)


def conversations_of(session: Session, owner_id: str) -> list[ConversationRow]:
    return list(
        session.scalars(
            select(ConversationRow)
            .where(ConversationRow.owner_id == owner_id)
            .order_by(ConversationRow.created_at)
        )
    )


def conversations_in_progress(session: Session, owner_id: str) -> list[ConversationRow]:
    return list(
        session.scalars(
            select(ConversationRow)
            .where(ConversationRow.owner_id == owner_id, ConversationRow.stage != FINISHED)
            .order_by(ConversationRow.created_at.desc())
        )
    )


def conversations_touched_since(
    session: Session, owner_id: str, since: datetime
) -> list[ConversationRow]:
    """The owner's conversations that may hold answers given since `since`: those begun since
    then, those still in progress, and those whose last answer made a goal since then (when
    each stage was answered is sealed, so it cannot be asked here)."""
    recent_goals = select(GoalRow.id).where(
        GoalRow.owner_id == owner_id, GoalRow.created_at >= since
    )
    return list(
        session.scalars(
            select(ConversationRow).where(
                ConversationRow.owner_id == owner_id,
                (ConversationRow.created_at >= since)
                | (ConversationRow.stage != FINISHED)
                | ConversationRow.goal_id.in_(recent_goals),
            )
        )
    )


def find_goal(session: Session, goal_id: str) -> GoalRow | None:
    return session.get(GoalRow, goal_id)


def goals_of(session: Session, owner_id: str) -> list[GoalRow]:
    return list(
        session.scalars(
            select(GoalRow).where(GoalRow.owner_id == owner_id).order_by(GoalRow.created_at)
        )
    )


def active_goals_to_review(session: Session) -> list[GoalRow]:
    """Every goal still being worked on, locked for the reminder pass; a goal another worker's
    pass holds is skipped, so two workers never remind of the same goal (PostgreSQL; SQLite
    lets one writer in at a time anyway)."""
    return list(
        session.scalars(
            select(GoalRow)
            .where(GoalRow.status == "active")
            .order_by(GoalRow.owner_id)
            .with_for_update(skip_locked=True)
        )
    )


def steps_of(session: Session, goal_id: str) -> list[StepRow]:
    return list(
        session.scalars(
            select(StepRow)
            .where(StepRow.goal_id == goal_id)
            .order_by(StepRow.position, StepRow.created_at)
        )
    )


def find_step(session: Session, step_id: str) -> StepRow | None:
    return session.get(StepRow, step_id)


def obstacles_of(session: Session, goal_id: str) -> list[ObstacleRow]:
    return list(
        session.scalars(
            select(ObstacleRow)
            .where(ObstacleRow.goal_id == goal_id)
            .order_by(ObstacleRow.position, ObstacleRow.created_at)
        )
    )


def find_obstacle(session: Session, obstacle_id: str) -> ObstacleRow | None:
    return session.get(ObstacleRow, obstacle_id)


def strategies_of(session: Session, goal_id: str) -> list[StrategyRow]:
    return list(
        session.scalars(
            select(StrategyRow)
            .where(StrategyRow.goal_id == goal_id)
            .order_by(StrategyRow.obstacle_id, StrategyRow.position)
        )
    )


def find_strategy(session: Session, strategy_id: str) -> StrategyRow | None:
    return session.get(StrategyRow, strategy_id)


def check_ins_of(session: Session, goal_id: str) -> list[CheckInRow]:
    return check_ins_of_goals(session, [goal_id]).get(goal_id, [])


def check_ins_of_goals(session: Session, goal_ids: Sequence[str]) -> dict[str, list[CheckInRow]]:
    """Each goal's check-ins in day order, read in one query for a list of goals."""
    if not goal_ids:
        return {}
    by_goal: dict[str, list[CheckInRow]] = {}
    for row in session.scalars(
        select(CheckInRow)
        .where(CheckInRow.goal_id.in_(goal_ids))
        .order_by(CheckInRow.day, CheckInRow.created_at)
    ):
        by_goal.setdefault(row.goal_id, []).append(row)
    return by_goal


def check_ins_since(session: Session, owner_id: str, since: datetime) -> list[CheckInRow]:
    """The owner's check-ins, on any goal, recorded since `since`."""
    return list(
        session.scalars(
            select(CheckInRow).where(
                CheckInRow.owner_id == owner_id, CheckInRow.created_at >= since
            )
        )
    )


def check_in_days(session: Session, goal_id: str) -> list[date]:
    return list(session.scalars(select(CheckInRow.day).where(CheckInRow.goal_id == goal_id)))


def comments_of(session: Session, goal_id: str) -> list[CommentRow]:
    return list(
        session.scalars(
            select(CommentRow)
            .where(CommentRow.goal_id == goal_id)
            .order_by(CommentRow.created_at, CommentRow.id)
        )
    )


def next_position(rows: list[StepRow] | list[ObstacleRow] | list[StrategyRow]) -> int:
    return max((row.position for row in rows), default=0) + 1

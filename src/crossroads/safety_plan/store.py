"""A person's safety plan, one per owner, and every query on it. What they wrote is sealed
with their data key, so deleting the person destroys it even in a backup; the row itself goes
with the account."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime


class SafetyPlanRow(Base):
    __tablename__ = "safety_plans"

    owner_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)


def find_plan(session: Session, owner_id: str) -> SafetyPlanRow | None:
    return session.get(SafetyPlanRow, owner_id)


def put_plan(session: Session, owner_id: str, *, sealed: str, now: datetime) -> SafetyPlanRow:
    """Write the owner's plan, replacing the one they had."""
    row = find_plan(session, owner_id)
    if row is None:
        row = SafetyPlanRow(owner_id=owner_id, updated_at=now, sealed=sealed)
        session.add(row)
    else:
        row.updated_at, row.sealed = now, sealed
    session.flush()
    return row


def delete_plan(session: Session, owner_id: str) -> None:
    session.execute(delete(SafetyPlanRow).where(SafetyPlanRow.owner_id == owner_id))

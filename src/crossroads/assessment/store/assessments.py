"""Stored fit assessments, sealed with their owner's data key, and every query on them."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime


class AssessmentRow(Base):
    """`sealed` holds the answers and the result, encrypted. An anonymous assessment has no
    owner and is sealed with a key of its own until someone signs in and claims it."""

    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    owner_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    region: Mapped[str | None] = mapped_column(String(4))
    sealed: Mapped[str | None] = mapped_column(Text)
    # Plaintext from before encryption arrived; `crossroads db upgrade` seals and empties it.
    legacy_answers: Mapped[dict[str, Any] | None] = mapped_column(
        "answers", JSON(none_as_null=True)
    )
    legacy_result: Mapped[dict[str, Any] | None] = mapped_column("result", JSON(none_as_null=True))

    @property
    def key_owner(self) -> str:
        """Whose data key seals this row: the owner's, or the anonymous assessment's own."""
        return self.owner_id or f"assessment:{self.id}"


def add_assessment(session: Session, row: AssessmentRow) -> AssessmentRow:
    session.add(row)
    session.flush()
    return row


def find_assessment(session: Session, assessment_id: str) -> AssessmentRow | None:
    return session.get(AssessmentRow, assessment_id)


def assessments_of(session: Session, owner_id: str) -> list[AssessmentRow]:
    return list(
        session.scalars(
            select(AssessmentRow)
            .where(AssessmentRow.owner_id == owner_id)
            .order_by(AssessmentRow.created_at.desc())
        )
    )


def latest_region(session: Session, owner_id: str) -> str | None:
    """The region given in the owner's latest assessment that named one."""
    return session.scalar(
        select(AssessmentRow.region)
        .where(AssessmentRow.owner_id == owner_id, AssessmentRow.region.is_not(None))
        .order_by(AssessmentRow.created_at.desc())
        .limit(1)
    )


def unsealed_assessments(session: Session, limit: int) -> list[AssessmentRow]:
    return list(
        session.scalars(
            select(AssessmentRow)
            .where(AssessmentRow.sealed.is_(None), AssessmentRow.legacy_answers.is_not(None))
            .limit(limit)
        )
    )

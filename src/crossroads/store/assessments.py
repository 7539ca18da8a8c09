"""Stored fit-assessment results and every query on them."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.store.base import Base, UtcDateTime


class AssessmentRow(Base):
    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    route: Mapped[str] = mapped_column(String(16))
    crisis: Mapped[bool] = mapped_column(Boolean)
    region: Mapped[str | None] = mapped_column(String(4))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


def add_assessment(session: Session, row: AssessmentRow) -> AssessmentRow:
    session.add(row)
    session.flush()
    return row


def find_assessment(session: Session, assessment_id: str) -> AssessmentRow | None:
    return session.get(AssessmentRow, assessment_id)

"""The append-only audit log and every query on it. Rows are only ever inserted."""

from datetime import datetime

from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime


class AuditRow(Base):
    """`actor` and `subject_id` are plain text, not foreign keys: the log outlives accounts."""

    __tablename__ = "audit_log"

    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(300))
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(300))
    grant_id: Mapped[str | None] = mapped_column(String(36))
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


def last_entry(session: Session) -> AuditRow | None:
    return session.scalar(select(AuditRow).order_by(AuditRow.position.desc()).limit(1))


def append_entry(session: Session, row: AuditRow) -> AuditRow:
    session.add(row)
    session.flush()
    return row


def all_entries(session: Session) -> list[AuditRow]:
    return list(session.scalars(select(AuditRow).order_by(AuditRow.position)))


def entries_about(session: Session, subject_id: str) -> list[AuditRow]:
    return list(
        session.scalars(
            select(AuditRow)
            .where(AuditRow.subject_id == subject_id)
            .order_by(AuditRow.position.desc())
        )
    )

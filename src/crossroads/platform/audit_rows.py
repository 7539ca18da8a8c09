"""The append-only audit log and every query on it. Rows are only ever inserted."""

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime


class AuditRow(Base):
    """`actor` and `subject_id` are plain text, not foreign keys: the log outlives accounts.
    `position` numbers the whole log in the order entries arrived (the database assigns it, so
    appends for different people never wait for one another); `seq` numbers one person's chain.
    """

    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("subject_id", "seq"),)

    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(300))
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(300))
    grant_id: Mapped[str | None] = mapped_column(String(36))
    key_id: Mapped[str] = mapped_column(String(64))
    previous_link: Mapped[str] = mapped_column(String(64))
    link: Mapped[str] = mapped_column(String(64), unique=True)


def chain_head(session: Session, subject_id: str) -> AuditRow | None:
    """The newest entry of one person's chain."""
    return session.scalar(
        select(AuditRow)
        .where(AuditRow.subject_id == subject_id)
        .order_by(AuditRow.seq.desc())
        .limit(1)
    )


def append_entry(session: Session, row: AuditRow) -> AuditRow:
    session.add(row)
    session.flush()
    return row


def entries_by_chain(session: Session) -> list[AuditRow]:
    """Every entry, person by person, each chain in order."""
    return list(session.scalars(select(AuditRow).order_by(AuditRow.subject_id, AuditRow.seq)))


def chain_heads(session: Session) -> list[tuple[str, int, str]]:
    """(person, number of entries, newest link) for every chain, by person. A chain's length is
    its newest `seq`: a gap below it is a removal the links report, not a shorter chain."""
    newest = (
        select(AuditRow.subject_id, func.max(AuditRow.seq).label("seq"))
        .group_by(AuditRow.subject_id)
        .subquery()
    )
    rows = session.execute(
        select(AuditRow.subject_id, AuditRow.seq, AuditRow.link)
        .join(
            newest,
            (AuditRow.subject_id == newest.c.subject_id) & (AuditRow.seq == newest.c.seq),
        )
        .order_by(AuditRow.subject_id)
    )
    return [(subject, seq, link) for subject, seq, link in rows]


def entries_about(session: Session, subject_id: str) -> list[AuditRow]:
    return list(
        session.scalars(
            select(AuditRow)
            .where(AuditRow.subject_id == subject_id)
            .order_by(AuditRow.position.desc())
        )
    )

"""Messages waiting to be sent, written in the same transaction as the change that causes them."""

from datetime import datetime

from sqlalchemy import Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.store.base import Base, UtcDateTime


class OutboxRow(Base):
    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    last_error: Mapped[str | None] = mapped_column(String(500))


def add_message(session: Session, row: OutboxRow) -> OutboxRow:
    session.add(row)
    session.flush()
    return row


def claim_due(session: Session, now: datetime, limit: int) -> list[OutboxRow]:
    """Unsent messages nobody holds a live claim on, locked so that no other worker takes them.

    On PostgreSQL `FOR UPDATE SKIP LOCKED` lets several workers claim disjoint batches; SQLite
    serialises writers, so the clause is simply not rendered there.
    """
    query = (
        select(OutboxRow)
        .where(OutboxRow.sent_at.is_(None))
        .where((OutboxRow.claimed_until.is_(None)) | (OutboxRow.claimed_until < now))
        .order_by(OutboxRow.created_at, OutboxRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(query))


def messages_to(session: Session, recipient: str) -> list[OutboxRow]:
    return list(
        session.scalars(
            select(OutboxRow).where(OutboxRow.recipient == recipient).order_by(OutboxRow.created_at)
        )
    )

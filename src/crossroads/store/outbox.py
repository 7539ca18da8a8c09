"""Messages waiting to be sent, written in the same transaction as the change that causes them."""

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Integer, String, Text, Update, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.store.base import Base, UtcDateTime

MAX_ATTEMPTS = 8  # a message tried this often is given up on and never claimed again


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
    serialises writers, so the clause is simply not rendered there. Messages tried
    MAX_ATTEMPTS times are left alone for good.
    """
    query = (
        select(OutboxRow)
        .where(OutboxRow.sent_at.is_(None))
        .where(OutboxRow.attempts < MAX_ATTEMPTS)
        .where((OutboxRow.claimed_until.is_(None)) | (OutboxRow.claimed_until < now))
        .order_by(OutboxRow.created_at, OutboxRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(query))


def holds_claim(session: Session, message_id: str, claimed_until: datetime) -> bool:
    """Whether the claim that ends at `claimed_until` is still the live one on an unsent message.

    The lease end doubles as the claim's token: a worker that re-claims sets a new one.
    """
    found = session.scalar(
        select(OutboxRow.id)
        .where(OutboxRow.id == message_id)
        .where(OutboxRow.sent_at.is_(None))
        .where(OutboxRow.claimed_until == claimed_until)
    )
    return found is not None


def mark_sent(session: Session, message_id: str, claimed_until: datetime, now: datetime) -> bool:
    """Record delivery and drop the body, if the claim is still ours; False when it was not."""
    return _update_claimed(
        update(OutboxRow).values(sent_at=now, body="", claimed_until=None),
        session,
        message_id,
        claimed_until,
    )


def mark_failed(
    session: Session,
    message_id: str,
    claimed_until: datetime,
    *,
    error: str,
    retry_at: datetime | None,
) -> bool:
    """Record why sending failed and when to try again (None: never; the claim is dropped)."""
    return _update_claimed(
        update(OutboxRow).values(last_error=error[:500], claimed_until=retry_at),
        session,
        message_id,
        claimed_until,
    )


def release_claim(session: Session, message_id: str, claimed_until: datetime) -> bool:
    """Give an untried claim back, undoing the attempt it counted."""
    return _update_claimed(
        update(OutboxRow).values(claimed_until=None, attempts=OutboxRow.attempts - 1),
        session,
        message_id,
        claimed_until,
    )


def _update_claimed(
    statement: Update, session: Session, message_id: str, claimed_until: datetime
) -> bool:
    # Conditional on the claim so a worker whose lease ran out cannot overwrite the next one's.
    result = session.execute(
        statement.where(OutboxRow.id == message_id)
        .where(OutboxRow.sent_at.is_(None))
        .where(OutboxRow.claimed_until == claimed_until)
    )
    return cast(CursorResult[Any], result).rowcount == 1


def messages_to(session: Session, recipient: str) -> list[OutboxRow]:
    return list(
        session.scalars(
            select(OutboxRow).where(OutboxRow.recipient == recipient).order_by(OutboxRow.created_at)
        )
    )

"""Messages waiting to be sent, written in the same transaction as the change that causes them.

A row holds no words in the clear: recipient, subject and body are one sealed envelope that
only the worker opens (platform/outbox.py), dropped once the message is sent or given up on.
`outbox_people` links an unsent message to the people it is to or about, so that deleting a
person can purge it; the links go when the message is sent.
"""

from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    CursorResult,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    Update,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime

MAX_ATTEMPTS = 8  # a message tried this often is given up on and never claimed again
QUEUED, SENT, FAILED = "queued", "sent", "failed"


class OutboxRow(Base):
    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # what it is about, for operators: no words
    status: Mapped[str] = mapped_column(String(12), index=True)  # queued, sent or failed
    sealed: Mapped[str | None] = mapped_column(Text)  # recipient, subject, body; None after
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    last_error: Mapped[str | None] = mapped_column(String(500))  # the error's kind, no words


class OutboxPersonRow(Base):
    """An unsent message is to or about this person."""

    __tablename__ = "outbox_people"

    message_id: Mapped[str] = mapped_column(
        ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)


class OutboxKeyRow(Base):
    """The public half of a key pair mail is sealed to; the private half is a data key owned
    by `outbox` (platform/key_rows.py), wrapped by the master key, so key rotation moves it too."""

    __tablename__ = "outbox_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the data key's id
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PublicKey(NamedTuple):
    id: str
    public_key: bytes


def newest_key(session: Session) -> PublicKey | None:
    """The key to seal new mail to (read past the ORM: every queued message asks for it)."""
    session.flush()
    found = session.connection().execute(_NEWEST_KEY).one_or_none()
    return PublicKey(*found) if found is not None else None


_NEWEST_KEY = (
    select(OutboxKeyRow.id, OutboxKeyRow.public_key)
    .order_by(OutboxKeyRow.created_at.desc(), OutboxKeyRow.id)
    .limit(1)
)


def add_key(session: Session, row: OutboxKeyRow) -> None:
    session.add(row)
    session.flush()


def add_message(session: Session, row: OutboxRow, people: set[str]) -> OutboxRow:
    session.add(row)
    session.flush()
    session.add_all(OutboxPersonRow(message_id=row.id, person_id=each) for each in people)
    session.flush()
    return row


def add_messages(session: Session, rows: list[tuple[dict[str, Any], set[str]]]) -> None:
    """New messages (each one's column values, and the people it is to or about), written
    together, and their links to those people together."""
    connection = session.connection()
    connection.execute(_INSERT_MESSAGE, [values for values, _ in rows])
    links = [
        {"message_id": values["id"], "person_id": each}
        for values, people in rows
        for each in people
    ]
    if links:
        connection.execute(_INSERT_LINK, links)


_INSERT_MESSAGE, _INSERT_LINK = insert(OutboxRow), insert(OutboxPersonRow)


def claim_due(session: Session, now: datetime, limit: int) -> list[OutboxRow]:
    """Queued messages nobody holds a live claim on, locked so that no other worker takes them.

    On PostgreSQL `FOR UPDATE SKIP LOCKED` lets several workers claim disjoint batches; SQLite
    serialises writers, so the clause is simply not rendered there. Messages tried
    MAX_ATTEMPTS times are left alone for good.
    """
    query = (
        select(OutboxRow)
        .where(OutboxRow.status == QUEUED)
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
        .where(OutboxRow.status == QUEUED)
        .where(OutboxRow.claimed_until == claimed_until)
    )
    return found is not None


def mark_sent(session: Session, message_id: str, claimed_until: datetime, now: datetime) -> bool:
    """Record delivery and forget the words and the people, if the claim is still ours."""
    done = _update_claimed(
        update(OutboxRow).values(status=SENT, sent_at=now, sealed=None, claimed_until=None),
        session,
        message_id,
        claimed_until,
    )
    if done:
        _forget_people(session, message_id)
    return done


def mark_failed(
    session: Session,
    message_id: str,
    claimed_until: datetime,
    *,
    error: str,
    retry_at: datetime | None,
) -> bool:
    """Record why sending failed and when to try again; with `retry_at` None the message is
    failed for good, and its words and people are forgotten."""
    values: dict[str, Any] = {"last_error": error[:500], "claimed_until": retry_at}
    if retry_at is None:
        values |= {"status": FAILED, "sealed": None}
    done = _update_claimed(update(OutboxRow).values(values), session, message_id, claimed_until)
    if done and retry_at is None:
        _forget_people(session, message_id)
    return done


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
        .where(OutboxRow.status == QUEUED)
        .where(OutboxRow.claimed_until == claimed_until)
    )
    return cast(CursorResult[Any], result).rowcount == 1


def _forget_people(session: Session, message_id: str) -> None:
    session.execute(delete(OutboxPersonRow).where(OutboxPersonRow.message_id == message_id))


def purge_unsent_of(session: Session, person_id: str) -> int:
    """Delete every message not yet sent that is to or about the person; how many went."""
    linked = select(OutboxPersonRow.message_id).where(OutboxPersonRow.person_id == person_id)
    result = session.execute(
        delete(OutboxRow).where(OutboxRow.id.in_(linked), OutboxRow.status != SENT)
    )
    session.execute(delete(OutboxPersonRow).where(OutboxPersonRow.person_id == person_id))
    return int(cast(CursorResult[Any], result).rowcount)


def waiting(session: Session) -> list[OutboxRow]:
    """Every message still queued, oldest first."""
    return list(
        session.scalars(
            select(OutboxRow)
            .where(OutboxRow.status == QUEUED)
            .order_by(OutboxRow.created_at, OutboxRow.id)
        )
    )

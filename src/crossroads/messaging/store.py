"""Message threads and their messages, with every query on them. A message's text is sealed
under the client's key: what a client and their practitioner write to each other is the
client's data, and goes with their account. When the practitioner's account goes, the thread
stays for the client with no one on the other side."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime

ENQUIRY = "enquiry"  # what opened a thread that began with a client's question


class ThreadRow(Base):
    """The one thread between a client and a practitioner; `opened_by` says what first let
    them write (a booking, a grant, a referral, the care team or an enquiry)."""

    __tablename__ = "message_threads"
    __table_args__ = (UniqueConstraint("client_id", "practitioner_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    practitioner_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime())
    opened_by: Mapped[str] = mapped_column(String(16))


class MessageRow(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_thread_sent", "thread_id", "sent_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("message_threads.id", ondelete="CASCADE"))
    from_client: Mapped[bool] = mapped_column(Boolean)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # by the other side
    sealed: Mapped[str] = mapped_column(Text)  # the text and its risk screen, client's key


def find_thread(session: Session, thread_id: str) -> ThreadRow | None:
    return session.get(ThreadRow, thread_id)


def thread_between(session: Session, client_id: str, practitioner_id: str) -> ThreadRow | None:
    return session.scalar(
        select(ThreadRow).where(
            ThreadRow.client_id == client_id, ThreadRow.practitioner_id == practitioner_id
        )
    )


def add_thread(session: Session, row: ThreadRow) -> ThreadRow:
    """Add the pair's thread, or give back the one another request added for the same pair
    meanwhile (the unique pair refuses a second)."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        found = thread_between(session, row.client_id, row.practitioner_id or "")
        if found is None:
            raise
        return found
    return row


def threads_of(session: Session, person_id: str) -> list[ThreadRow]:
    """Every thread the person is in, on either side."""
    return list(
        session.scalars(
            select(ThreadRow).where(
                or_(ThreadRow.client_id == person_id, ThreadRow.practitioner_id == person_id)
            )
        )
    )


def add_message(session: Session, row: MessageRow) -> None:
    session.add(row)
    session.flush()


def messages_in(session: Session, thread_id: str) -> list[MessageRow]:
    """The thread's messages, oldest first."""
    return list(
        session.scalars(
            select(MessageRow)
            .where(MessageRow.thread_id == thread_id)
            .order_by(MessageRow.sent_at, MessageRow.id)
        )
    )


def last_sent(session: Session, thread_ids: list[str]) -> dict[str, datetime]:
    """When the last message in each of these threads was sent; threads with none are left out."""
    rows = session.execute(
        select(MessageRow.thread_id, func.max(MessageRow.sent_at))
        .where(MessageRow.thread_id.in_(thread_ids))
        .group_by(MessageRow.thread_id)
    )
    return dict(rows.all())


def _sent_to(person_id: str) -> ColumnElement[bool]:
    """Messages sent to the person: a client's from their practitioners, and the reverse."""
    return or_(
        and_(ThreadRow.client_id == person_id, MessageRow.from_client.is_(False)),
        and_(ThreadRow.practitioner_id == person_id, MessageRow.from_client.is_(True)),
    )


def unread_by_thread(session: Session, person_id: str) -> dict[str, int]:
    """How many messages sent to the person are unread, by thread; threads with none are left
    out."""
    rows = session.execute(
        select(MessageRow.thread_id, func.count())
        .join(ThreadRow, ThreadRow.id == MessageRow.thread_id)
        .where(_sent_to(person_id), MessageRow.read_at.is_(None))
        .group_by(MessageRow.thread_id)
    )
    return dict(rows.all())


def unread_count(session: Session, person_id: str) -> int:
    """How many messages sent to the person are unread, in all their threads."""
    return (
        session.scalar(
            select(func.count())
            .select_from(MessageRow)
            .join(ThreadRow, ThreadRow.id == MessageRow.thread_id)
            .where(_sent_to(person_id), MessageRow.read_at.is_(None))
        )
        or 0
    )


def mark_read(session: Session, thread_id: str, *, from_client: bool, now: datetime) -> None:
    """Mark the unread messages one side sent in the thread as read by the other."""
    session.execute(
        update(MessageRow)
        .where(
            MessageRow.thread_id == thread_id,
            MessageRow.from_client.is_(from_client),
            MessageRow.read_at.is_(None),
        )
        .values(read_at=now)
    )


def waiting_unread(session: Session, thread_id: str, *, from_client: bool) -> bool:
    """Whether a message one side sent in the thread is still unread by the other."""
    found = session.scalar(
        select(MessageRow.id)
        .where(
            MessageRow.thread_id == thread_id,
            MessageRow.from_client.is_(from_client),
            MessageRow.read_at.is_(None),
        )
        .limit(1)
    )
    return found is not None


def sent_by_since(session: Session, person_id: str, since: datetime) -> list[datetime]:
    """When the person sent each of their messages since `since`, in any thread."""
    return list(
        session.scalars(
            select(MessageRow.sent_at)
            .join(ThreadRow, ThreadRow.id == MessageRow.thread_id)
            .where(
                or_(
                    and_(ThreadRow.client_id == person_id, MessageRow.from_client.is_(True)),
                    and_(ThreadRow.practitioner_id == person_id, MessageRow.from_client.is_(False)),
                ),
                MessageRow.sent_at >= since,
            )
        )
    )


def enquiries_opened_since(session: Session, client_id: str, since: datetime) -> list[datetime]:
    """When the client opened each thread they opened by an enquiry since `since`."""
    return list(
        session.scalars(
            select(ThreadRow.opened_at).where(
                ThreadRow.client_id == client_id,
                ThreadRow.opened_by == ENQUIRY,
                ThreadRow.opened_at >= since,
            )
        )
    )


def sent_in_threads_of(
    session: Session, practitioner_id: str, since: datetime
) -> dict[str, list[tuple[bool, datetime]]]:
    """Who sent each message and when, by thread, in the practitioner's threads: every message
    since `since`, and the last one before it (whether someone was already waiting then)."""
    in_threads = select(ThreadRow.id).where(ThreadRow.practitioner_id == practitioner_id)
    before = (
        select(MessageRow.thread_id, func.max(MessageRow.sent_at).label("at"))
        .where(MessageRow.thread_id.in_(in_threads), MessageRow.sent_at < since)
        .group_by(MessageRow.thread_id)
        .subquery()
    )
    rows = session.execute(
        select(MessageRow.thread_id, MessageRow.from_client, MessageRow.sent_at)
        .outerjoin(
            before,
            and_(before.c.thread_id == MessageRow.thread_id, before.c.at == MessageRow.sent_at),
        )
        .where(
            MessageRow.thread_id.in_(in_threads),
            or_(MessageRow.sent_at >= since, before.c.at.is_not(None)),
        )
    )
    found: dict[str, list[tuple[bool, datetime]]] = {}
    for thread_id, from_client, at in rows:
        found.setdefault(thread_id, []).append((from_client, at))
    return found

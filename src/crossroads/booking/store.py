"""Practitioners' public profiles and availability, and bookings, with every query on them.

A profile is public by design (a directory listing), so it is stored as plain JSON; the kind
and whether the practitioner takes new clients are columns for filtering. A booking's times are
plaintext columns because the database itself must refuse overlaps: on PostgreSQL an exclusion
constraint over each practitioner's booked time ranges (see the migration), on SQLite every
write transaction holds the database's write lock from its start (platform/engines.py), so the
check-then-insert in booking/service/bookings.py cannot interleave.
"""

from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Boolean,
    Connection,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    bindparam,
    exists,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from crossroads.platform.base import Base, UtcDateTime

BOOKED, CANCELLED = "booked", "cancelled"
# First half of the PostgreSQL advisory locks that take bookings of one start in turn (the
# audit log's per-person chains use 7_301_002; 7_301_001 was its former global lock).
_SLOT_LOCKS = 7_301_003


class PractitionerRow(Base):
    __tablename__ = "practitioners"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # The practitioner's account, when they have one; an imported listing may not yet.
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), unique=True
    )
    email: Mapped[str] = mapped_column(String(254), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    accepting: Mapped[bool] = mapped_column(Boolean)
    profile: Mapped[str] = mapped_column(Text)  # JSON, public
    availability: Mapped[str] = mapped_column(Text)  # JSON, public
    # JSON, public: the kinds of appointment offered; None until the practitioner sets them.
    appointments: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class BookingRow(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        Index("ix_bookings_practitioner_id_starts_at", "practitioner_id", "starts_at"),
        Index("ix_bookings_client_id_starts_at", "client_id", "starts_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Null once the practitioner's listing is gone: the client keeps the booking as history.
    practitioner_id: Mapped[str | None] = mapped_column(
        ForeignKey("practitioners.id", ondelete="SET NULL")
    )
    client_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())
    kind: Mapped[str] = mapped_column(String(16))  # consultation or session
    # The kind of appointment as it was booked: its name, fee and how the two sides meet.
    appointment: Mapped[str] = mapped_column(String(60), server_default="")
    fee: Mapped[int] = mapped_column(Integer, server_default="0")
    currency: Mapped[str] = mapped_column(String(3), server_default="USD")
    mode: Mapped[str] = mapped_column(String(16), server_default="online")  # or in_person
    status: Mapped[str] = mapped_column(String(16))  # booked or cancelled
    sequence: Mapped[int] = mapped_column(Integer)  # bumped on each change, for calendars
    # The room of an online booking (its own, or the practitioner's for the kind); empty in
    # person. Shown only on the booking's page, around its time; never in a calendar.
    meeting_link: Mapped[str] = mapped_column(String(500))
    # After a consultation: whether the client found the fit right (session, others, not_now).
    fit: Mapped[str | None] = mapped_column(String(16))
    fit_asked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # the email, once
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sealed: Mapped[str] = mapped_column(Text)  # what the client wrote, sealed with their key
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


def add(session: Session, row: PractitionerRow | BookingRow) -> None:
    session.add(row)
    session.flush()


def find_practitioner(session: Session, practitioner_id: str) -> PractitionerRow | None:
    return session.get(PractitionerRow, practitioner_id)


def practitioner_by_email(session: Session, email: str) -> PractitionerRow | None:
    return session.scalar(select(PractitionerRow).where(PractitionerRow.email == email))


def practitioner_of_person(session: Session, person_id: str) -> PractitionerRow | None:
    return session.scalar(select(PractitionerRow).where(PractitionerRow.person_id == person_id))


def all_practitioners(session: Session) -> list[PractitionerRow]:
    return list(session.scalars(select(PractitionerRow).order_by(PractitionerRow.id)))


def find_booking(session: Session, booking_id: str, *, lock: bool = False) -> BookingRow | None:
    """The booking; with `lock`, held until the transaction ends, so that a cancel and a move
    at the same moment cannot both win (PostgreSQL; SQLite serialises writers anyway)."""
    return session.get(BookingRow, booking_id, with_for_update=lock)


def take_turn_for(session: Session, practitioner_id: str, starts: datetime) -> None:
    """Wait, until this transaction ends, for any other transaction checking or booking the
    same start with the same practitioner (PostgreSQL; SQLite lets one writer in at a time).

    Clients racing for one slot would otherwise all pass the check, do all the work of a
    booking, and all but one then be refused by the exclusion constraint; in turn, each after
    the first sees the booking made and is refused at once. The constraint still decides
    overlaps of different starts, and is what forbids double bookings whatever happens here.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(_TAKE_TURN, _turn(practitioner_id, starts))


_TAKE_TURN = text("SELECT pg_advisory_xact_lock(:space, hashtext(:time))")


def _turn(practitioner_id: str, starts: datetime) -> dict[str, Any]:
    """The advisory lock of the bookings of `starts` with the practitioner."""
    return {"space": _SLOT_LOCKS, "time": f"{practitioner_id}|{starts.astimezone(UTC):%FT%T}"}


def booked_between(
    session: Session, practitioner_id: str, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """When the practitioner's live bookings that overlap [start, end) start and end."""
    rows = _connection(session).execute(
        _BOOKED_BETWEEN, {"practitioner": practitioner_id, "start": start, "end": end}
    )
    return [(starts, ends) for starts, ends in rows]


# The statements every attempt to book runs are built once, with their parameters bound at
# each run: building one afresh costs about as much as running it.
_BOOKED_BETWEEN = (
    select(BookingRow.starts_at, BookingRow.ends_at)
    .where(
        BookingRow.practitioner_id == bindparam("practitioner"),
        BookingRow.status == BOOKED,
        BookingRow.starts_at < bindparam("end"),
        BookingRow.ends_at > bindparam("start"),
    )
    .order_by(BookingRow.starts_at)
)


def bookings_of_client(session: Session, client_id: str) -> list[BookingRow]:
    return list(
        session.scalars(
            select(BookingRow)
            .where(BookingRow.client_id == client_id)
            .order_by(BookingRow.starts_at)
        )
    )


class ForBooking(NamedTuple):
    """What every booking attempt reads before its check: the practitioner's row as stored,
    and the client's bookings as they bear on it."""

    listing: tuple[str, str, str | None, str, str, str | None]  # see _LISTING_COLUMNS
    # Whether the client holds, or has held, a live booking with the practitioner: one of
    # their clients, whom no "not taking new clients" keeps out.
    has_booked: bool
    upcoming_with_practitioner: int  # live bookings not yet started, with the practitioner
    upcoming: int  # and in all


_LISTING_COLUMNS = (
    PractitionerRow.id,
    PractitionerRow.email,
    PractitionerRow.person_id,
    PractitionerRow.profile,
    PractitionerRow.availability,
    PractitionerRow.appointments,
)


def for_booking(
    session: Session, practitioner_id: str, client_id: str, starts: datetime, now: datetime
) -> ForBooking | None:
    """The practitioner's row and the client's bookings with them, in one statement (each
    attempt to book asks for all of it); None when there is no such practitioner. On
    PostgreSQL the same statement takes this transaction's turn at `starts` (take_turn_for),
    so that the check after it reads what the bookings before it left; what it reads itself
    does not depend on the turn."""
    connection = _connection(session)
    in_turn = connection.dialect.name == "postgresql"
    found = connection.execute(
        _FOR_BOOKING_IN_TURN if in_turn else _FOR_BOOKING,
        {
            "practitioner": practitioner_id,
            "client": client_id,
            "now": now,
            **(_turn(practitioner_id, starts) if in_turn else {}),
        },
    ).one_or_none()
    if found is None:
        return None
    *listing, held, with_practitioner, overall = found[: len(_LISTING_COLUMNS) + 3]
    return ForBooking(tuple(listing), bool(held), with_practitioner, overall)


_LIVE = and_(BookingRow.client_id == bindparam("client"), BookingRow.status == BOOKED)
_UPCOMING = and_(_LIVE, BookingRow.starts_at > bindparam("now"))
_WITH_THEM = BookingRow.practitioner_id == bindparam("practitioner")
_FOR_BOOKING = select(
    *_LISTING_COLUMNS,
    exists().where(_LIVE, _WITH_THEM),
    select(func.count()).where(_UPCOMING, _WITH_THEM).scalar_subquery(),
    select(func.count()).where(_UPCOMING).scalar_subquery(),
).where(PractitionerRow.id == bindparam("practitioner"))
_FOR_BOOKING_IN_TURN = _FOR_BOOKING.add_columns(
    func.pg_advisory_xact_lock(bindparam("space"), func.hashtext(bindparam("time")))
)


def insert_booking(session: Session, values: dict[str, Any]) -> None:
    """Write a new booking's row without loading it into the session (the caller holds its
    values); PostgreSQL's exclusion constraint may refuse it (see flush_checked)."""
    _connection(session).execute(_INSERT_BOOKING, values)


_INSERT_BOOKING = insert(BookingRow)


def _connection(session: Session) -> Connection:
    """The session's connection, for a statement that needs none of the ORM's work on its
    rows (each attempt to book runs a few, and the ORM's costs the most of them); changes the
    session holds are flushed first, as the session would before a query of its own."""
    session.flush()
    return session.connection()


def bookings_of_practitioner(session: Session, practitioner_id: str) -> list[BookingRow]:
    return list(
        session.scalars(
            select(BookingRow)
            .where(BookingRow.practitioner_id == practitioner_id)
            .order_by(BookingRow.starts_at)
        )
    )


def bookings_to_remind(session: Session, until: datetime) -> list[BookingRow]:
    """Live bookings starting before `until` that have had no reminder, locked for the pass;
    a booking another worker's pass holds is skipped (PostgreSQL)."""
    return list(
        session.scalars(
            select(BookingRow)
            .where(
                BookingRow.status == BOOKED,
                BookingRow.reminded_at.is_(None),
                BookingRow.practitioner_id.is_not(None),
                BookingRow.starts_at < until,
            )
            .order_by(BookingRow.starts_at)
            .with_for_update(skip_locked=True)
        )
    )


def consultations_to_follow_up(
    session: Session, ended_after: datetime, now: datetime
) -> list[BookingRow]:
    """Live consultations that ended between `ended_after` and `now` whose client has neither
    answered nor been asked whether it was a fit, locked for the pass (PostgreSQL)."""
    return list(
        session.scalars(
            select(BookingRow)
            .where(
                BookingRow.status == BOOKED,
                BookingRow.kind == "consultation",
                BookingRow.fit.is_(None),
                BookingRow.fit_asked_at.is_(None),
                BookingRow.practitioner_id.is_not(None),
                BookingRow.ends_at > ended_after,
                BookingRow.ends_at <= now,
            )
            .order_by(BookingRow.ends_at)
            .with_for_update(skip_locked=True)
        )
    )

"""Booking one of a practitioner's kinds of appointment (a free consultation, a session), and
reading bookings back; changing them is in changes.py.

Nothing can double-book a practitioner. On PostgreSQL the database refuses a second live
booking over an overlapping time range (an exclusion constraint), whatever this code does; on
SQLite every write transaction takes the write lock when it begins, so the check below and the
insert after it cannot interleave with another booking. The check first is there to explain a
refusal kindly and to keep slots on the practitioner's grid of hours and buffers. On PostgreSQL
clients racing for one start take turns at the check (store.take_turn_for), so that each who
loses is refused by it at once, not by the constraint after doing all of a booking's work.

The note a client writes with a booking is their own words, screened like any others. An online
booking gets a room of its own on the configured video service (or the practitioner's own link
for that kind), shown to the two of them only around its time and never in a calendar.
"""

import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from crossroads.booking import store
from crossroads.booking.rules.appointments import AppointmentKind, Mode, choose
from crossroads.booking.rules.limits import (
    BookingLimits,
    booking_note,
    check_horizon,
    check_room_for_booking,
)
from crossroads.booking.rules.scheduling import Slot, on_grid, slots, within_hours
from crossroads.booking.service.appointments import kinds_of, listing_with_kinds
from crossroads.booking.service.booked import Booked, Booking, BookingKind, booking_from, tell_both
from crossroads.booking.service.directory import Listing, listing
from crossroads.booking.store import BOOKED, BookingRow
from crossroads.kernel.errors import InvalidInput, NotFound, SlotTaken
from crossroads.kernel.people import Person, Role
from crossroads.platform.config import Settings
from crossroads.platform.person_rows import find_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.text.classification import screen_writing

NOTE_FIELD = "booking note"
SEARCH_AROUND = timedelta(days=1)  # the grid is read a day either side, for zones far apart
DEFAULT_LIMITS = BookingLimits()
DEFAULT_VIDEO = "https://meet.jit.si"  # the settings' default video service


def limits_from(settings: Settings) -> BookingLimits:
    return BookingLimits(
        horizon_days=settings.booking_horizon_days,
        per_practitioner=settings.bookings_per_practitioner,
        overall=settings.bookings_per_client,
    )


def open_slots(
    session: Session,
    practitioner_id: str,
    first: datetime,
    last: datetime,
    now: datetime,
    limits: BookingLimits = DEFAULT_LIMITS,
    appointment: str = "",
) -> list[Slot]:
    """The practitioner's free slots starting between `first` and `last`, up to the horizon:
    for the kind of appointment named (its length and notice), or sessions of the grid."""
    last = min(last, limits.latest_start(now))
    if last < first:
        return []
    found = listing(session, practitioner_id)
    if not appointment:
        return _free_slots(session, found, first, last, now)
    kind = next((each for each in kinds_of(session, found) if each.key == appointment), None)
    if kind is None:
        raise InvalidInput("kind", "choose one of the kinds of appointment offered")
    return _free_slots(session, found, first, last, kind.earliest_start(now), kind.minutes)


def appointment_kinds(session: Session, practitioner_id: str) -> tuple[AppointmentKind, ...]:
    """The kinds of appointment the practitioner offers."""
    return kinds_of(session, listing(session, practitioner_id))


def _free_slots(
    session: Session,
    found: Listing,
    first: datetime,
    last: datetime,
    now: datetime,
    minutes: int | None = None,
) -> list[Slot]:
    zone = found.availability.zone
    taken = store.booked_between(session, found.id, first, last + SEARCH_AROUND)
    grid = slots(
        found.availability,
        first.astimezone(zone).date(),
        last.astimezone(zone).date(),
        taken=taken,
        not_before=max(now, first),
        minutes=minutes,
    )
    return [slot for slot in grid if slot.starts <= last]


def book(
    session: Session,
    master_keys: MasterKeys,
    client: Person,
    practitioner_id: str,
    starts: datetime,
    kind: BookingKind | str,
    now: datetime,
    note: str = "",
    limits: BookingLimits = DEFAULT_LIMITS,
    *,
    mode: str | None = None,
    video_base_url: str = DEFAULT_VIDEO,
) -> Booked:
    """Book the slot starting at `starts` for a kind of appointment (its key, or the first
    consultation or session the practitioner offers) and a way of meeting (the kind's first
    when not given), or raise SlotTaken when someone else holds it, or InvalidInput when it is
    not one of the practitioner's slots for that kind, is too soon for its notice or beyond the
    horizon, the practitioner takes no new clients and this client is not one of theirs, or the
    client already holds as many upcoming bookings as `limits` allow. The caller commits."""
    stored = store.for_booking(session, practitioner_id, client.id, starts, now)
    if stored is None:
        raise NotFound(f"no practitioner with id {practitioner_id}")
    found, kinds = listing_with_kinds(stored.listing)
    appointment, meeting = _chosen(kinds, kind, mode)
    _check_may_book(client, found, stored, now, limits)
    starts = starts.astimezone(UTC) if starts.tzinfo else starts
    if starts.tzinfo is not None:
        check_horizon(limits, starts, now)
    ends = checked_slot(
        session,
        found,
        starts,
        now,
        appointment.minutes,
        appointment.earliest_start(now),
        in_turn=True,
    )
    note = booking_note(note)
    values = {
        "id": str(uuid.uuid4()),
        "practitioner_id": practitioner_id,
        "client_id": client.id,
        "starts_at": starts,
        "ends_at": ends,
        "kind": (
            BookingKind.CONSULTATION if appointment.consultation else BookingKind.SESSION
        ).value,
        "appointment": appointment.name,
        "fee": appointment.fee,
        "currency": found.profile.currency,
        "mode": meeting.value,
        "status": BOOKED,
        "sequence": 0,
        "meeting_link": _room(appointment, video_base_url) if meeting is Mode.ONLINE else "",
        "created_at": now,
        "updated_at": now,
        "sealed": Vault(session, master_keys).seal_json(client.id, NOTE_FIELD, {"note": note}),
    }
    with overlap_refused():
        store.insert_booking(session, values)
    booked = booking_from(BookingRow(**values), found)
    tell_both(session, found, client, booked, "booked", now)
    return Booked(**vars(booked), screen=screen_writing({"note": note}))


def _check_may_book(
    client: Person, found: Listing, stored: store.ForBooking, now: datetime, limits: BookingLimits
) -> None:
    """Refuse a booking by someone who is not a client, with a practitioner who offers nothing
    today or takes no new clients (their own clients still may), or beyond the client's room
    for upcoming bookings."""
    if client.role is not Role.CLIENT:
        raise InvalidInput("practitioner", "bookings are made from a client's account")
    if not found.profile.offers(now.date()):
        raise InvalidInput("practitioner", "this practitioner is not taking bookings just now")
    if not found.profile.accepting and not stored.has_booked:
        raise InvalidInput("practitioner", "this practitioner is not taking new clients just now")
    check_room_for_booking(
        limits, with_practitioner=stored.upcoming_with_practitioner, overall=stored.upcoming
    )


def _chosen(
    kinds: tuple[AppointmentKind, ...], kind: BookingKind | str, mode: str | None
) -> tuple[AppointmentKind, Mode]:
    """The kind of appointment and the way of meeting asked for. A BookingKind asks for the
    practitioner's first consultation, or first other kind; without `mode`, the kind's first."""
    key = kind
    if isinstance(kind, BookingKind):
        consultation = kind is BookingKind.CONSULTATION
        key = next((each.key for each in kinds if each.consultation is consultation), "")
        if not key:
            offered = "free consultations" if consultation else "sessions"
            raise InvalidInput("kind", f"this practitioner does not offer {offered}")
    chosen = next((each for each in kinds if each.key == key), None)
    if chosen is not None and not mode:
        mode = chosen.modes[0]
    return choose(kinds, str(key), mode)


def _room(appointment: AppointmentKind, video_base_url: str) -> str:
    """The practitioner's own room for the kind, or a new unguessable room of the booking's own
    (128 random bits in its name)."""
    if appointment.link:
        return appointment.link
    return f"{video_base_url.rstrip('/')}/crossroads-{secrets.token_hex(16)}"


def bookings_of(session: Session, person: Person) -> list[Booking]:
    """A client's bookings, or a practitioner's (through their listing), by start."""
    practitioner = store.practitioner_of_person(session, person.id)
    if practitioner is not None:
        rows = store.bookings_of_practitioner(session, practitioner.id)
    else:
        rows = store.bookings_of_client(session, person.id)
    listings: dict[str, Listing] = {}
    result = []
    for row in rows:
        if row.practitioner_id is None:
            result.append(booking_from(row, None))
            continue
        if row.practitioner_id not in listings:
            listings[row.practitioner_id] = listing(session, row.practitioner_id)
        result.append(booking_from(row, listings[row.practitioner_id]))
    return result


def booking_of(session: Session, person: Person, booking_id: str) -> tuple[Booking, bool]:
    """One booking for one of the two people in it, and whether `person` is its client (else
    its practitioner); NotFound for anyone else, as for a booking that does not exist."""
    row = store.find_booking(session, booking_id)
    if row is None:
        raise NotFound(f"no booking with id {booking_id}")
    found = listing(session, row.practitioner_id) if row.practitioner_id else None
    if row.client_id == person.id:
        return booking_from(row, found), True
    if found is not None and found.person_id == person.id:
        return booking_from(row, found), False
    raise NotFound(f"no booking with id {booking_id}")


def practitioner_kind(session: Session, booking: Booking) -> str | None:
    """Whether the booking's practitioner is a therapist, a coach or both; None once gone."""
    if booking.practitioner_id is None:
        return None
    return listing(session, booking.practitioner_id).profile.kind.value


def free_times_for(
    session: Session,
    booking: Booking,
    first: datetime,
    last: datetime,
    limits: BookingLimits = DEFAULT_LIMITS,
) -> list[Slot]:
    """Free times a booking could move to: slots of its own length with its practitioner."""
    if booking.practitioner_id is None or booking.cancelled:
        return []
    last = min(last, limits.latest_start(first))
    found = listing(session, booking.practitioner_id)
    return _free_slots(session, found, first, last, first, booking.minutes)


def own_listing(session: Session, person: Person) -> Listing | None:
    """The directory listing linked to this person's account, if they have one."""
    row = store.practitioner_of_person(session, person.id)
    return listing(session, row.id) if row is not None else None


def note_of(session: Session, master_keys: MasterKeys, booking: Booking) -> str:
    """What the client wrote for the practitioner when booking (theirs to read, and the
    client's own)."""
    row = store.find_booking(session, booking.id)
    if row is None or not row.sealed:
        return ""
    note: str = Vault(session, master_keys).open_json(row.client_id, NOTE_FIELD, row.sealed)["note"]
    return note


def client_name(session: Session, booking: Booking) -> str:
    person = find_person(session, booking.client_id)
    return person.display_name if person else "a client"


def checked_slot(
    session: Session,
    found: Listing,
    starts: datetime,
    now: datetime,
    minutes: int,
    earliest: datetime | None = None,
    *,
    in_turn: bool = False,
) -> datetime:
    """The end of an appointment of `minutes` starting at `starts`, when that is one of the
    practitioner's free slots for it and no earlier than `earliest` (the kind's notice).
    `in_turn` says this transaction has already taken its turn at `starts` (a booking takes it
    as it reads the practitioner: store.for_booking)."""
    if starts.tzinfo is None:
        raise InvalidInput("starts", "give the time with its offset")
    if starts <= now:
        raise InvalidInput("starts", "that time has already passed")
    if earliest is not None and starts < earliest:
        hours = int((earliest - now).total_seconds() // 3600)
        raise InvalidInput("starts", f"this needs to be booked at least {hours} hours ahead")
    ends = starts + timedelta(minutes=minutes)
    if not within_hours(found.availability, starts, ends):
        raise InvalidInput("starts", "that time is outside the practitioner's hours")
    if not in_turn:
        store.take_turn_for(session, found.id, starts)
    buffer = timedelta(minutes=found.availability.buffer_minutes)
    near = store.booked_between(session, found.id, starts - buffer, ends + buffer)
    if any(taken_from < ends and starts < taken_until for taken_from, taken_until in near):
        raise SlotTaken()
    if near or not on_grid(found.availability, starts, minutes):  # within another's buffer
        raise InvalidInput("starts", "choose one of the times offered")
    return ends


DEADLOCK = "40P01"  # PostgreSQL's SQLSTATE for a deadlock it broke by aborting one side


def flush_checked(session: Session) -> None:
    """Flush a booking's row, reading PostgreSQL's refusals of an overlap as SlotTaken (see
    overlap_refused)."""
    with overlap_refused():
        session.flush()


@contextmanager
def overlap_refused() -> Iterator[None]:
    """Read PostgreSQL's refusals of an overlap, while writing a booking, as SlotTaken: the
    exclusion constraint (another booking of the time committed between our check and our
    write), or a deadlock while checking it (two bookings of the same time written at once
    each wait for the other; PostgreSQL lets one through and aborts the other)."""
    try:
        yield
    except IntegrityError as error:
        if "ex_bookings_no_overlap" in str(error.orig):
            raise SlotTaken() from None
        raise
    except OperationalError as error:
        overlap = "exclusion constraint" in str(error.orig)
        if getattr(error.orig, "sqlstate", None) == DEADLOCK and overlap:
            raise SlotTaken() from None
        raise

"""Booking one of a practitioner's kinds of appointment (a free consultation, a session),
cancelling and moving it, and after a consultation asking whether it was a fit.

Nothing can double-book a practitioner. On PostgreSQL the database refuses a second live
booking over an overlapping time range (an exclusion constraint), whatever this code does; on
SQLite every write transaction takes the write lock when it begins, so the check below and the
insert after it cannot interleave with another booking. The check first is there to explain a
refusal kindly and to keep slots on the practitioner's grid of hours and buffers.

The note a client writes with a booking is their own words, screened like any others. An online
booking gets a room of its own on the configured video service (or the practitioner's own link
for that kind), shown to the two of them only around its time and never in a calendar.
"""

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crossroads.booking import store
from crossroads.booking.rules.appointments import AppointmentKind, Mode, choose, room_open
from crossroads.booking.rules.limits import (
    BookingLimits,
    booking_note,
    check_horizon,
    check_room_for_booking,
)
from crossroads.booking.rules.scheduling import Slot, slots, within_hours
from crossroads.booking.service.appointments import kinds_of
from crossroads.booking.service.directory import Listing, listing
from crossroads.booking.store import BOOKED, CANCELLED, BookingRow
from crossroads.kernel.errors import InvalidInput, NotFound, SlotTaken, TooLateToChange
from crossroads.kernel.people import Person, Role, zone_of
from crossroads.kernel.risk import RiskScreen
from crossroads.platform.config import Settings
from crossroads.platform.outbox import queue_message
from crossroads.platform.person_rows import as_person, find_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.text.classification import screen_writing

NOTE_FIELD = "booking note"
SEARCH_AROUND = timedelta(days=1)  # the grid is read a day either side, for zones far apart
DEFAULT_LIMITS = BookingLimits()
FORMER = "a former practitioner"  # a booking whose practitioner has left Crossroads
DEFAULT_VIDEO = "https://meet.jit.si"  # the settings' default video service
FITS = {"session": "Book a session with them", "others": "See other matches", "not_now": "Not now"}


class BookingKind(StrEnum):
    CONSULTATION = "consultation"  # free, to see whether the fit is right
    SESSION = "session"


@dataclass(frozen=True)
class Booking:
    id: str
    practitioner_id: str | None  # None once the practitioner has left; the client keeps it
    practitioner_name: str
    client_id: str
    starts: datetime
    ends: datetime
    kind: BookingKind
    cancelled: bool
    sequence: int
    meeting_link: str  # the room, when online; show it through `room`
    online: bool
    location: str  # the address, when in person
    appointment: str = ""  # the kind of appointment as it was booked
    fee: int = 0
    currency: str = "USD"
    fit: str | None = None  # after a consultation, the client's answer (FITS)

    @property
    def minutes(self) -> int:
        return int((self.ends - self.starts).total_seconds() // 60)

    def room(self, now: datetime) -> str:
        """The room's link while it is open (ROOM_OPENS_BEFORE the start until the end), else
        empty: a link that sits in a page for days ends up where others can read it."""
        if self.online and not self.cancelled and room_open(self.starts, self.ends, now):
            return self.meeting_link
        return ""

    def asks_fit(self, now: datetime) -> bool:
        """Whether to ask the client if a consultation that has ended was a fit."""
        consultation = self.kind is BookingKind.CONSULTATION
        return consultation and not self.cancelled and self.ends <= now and self.fit is None


@dataclass(frozen=True)
class Booked(Booking):
    """A new booking, with the screen of the note the client wrote with it."""

    screen: RiskScreen = field(default_factory=RiskScreen)


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
    taken = [
        (row.starts_at, row.ends_at)
        for row in store.booked_between(session, found.id, first, last + SEARCH_AROUND)
    ]
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
    if client.role is not Role.CLIENT:
        raise InvalidInput("practitioner", "bookings are made from a client's account")
    found = listing(session, practitioner_id)
    appointment, meeting = _chosen(kinds_of(session, found), kind, mode)
    if not found.profile.offers(now.date()):
        raise InvalidInput("practitioner", "this practitioner is not taking bookings just now")
    if not found.profile.accepting and not store.has_booked(session, client.id, found.id):
        raise InvalidInput("practitioner", "this practitioner is not taking new clients just now")
    starts = starts.astimezone(UTC) if starts.tzinfo else starts
    if starts.tzinfo is not None:
        check_horizon(limits, starts, now)
    upcoming = store.upcoming_bookings_of_client(session, client.id, now)
    check_room_for_booking(
        limits,
        with_practitioner=sum(row.practitioner_id == practitioner_id for row in upcoming),
        overall=len(upcoming),
    )
    ends = _checked_slot(
        session, found, starts, now, appointment.minutes, appointment.earliest_start(now)
    )
    note = booking_note(note)
    row = BookingRow(
        id=str(uuid.uuid4()),
        practitioner_id=practitioner_id,
        client_id=client.id,
        starts_at=starts,
        ends_at=ends,
        kind=(BookingKind.CONSULTATION if appointment.consultation else BookingKind.SESSION).value,
        appointment=appointment.name,
        fee=appointment.fee,
        currency=found.profile.currency,
        mode=meeting.value,
        status=BOOKED,
        sequence=0,
        meeting_link=_room(appointment, video_base_url) if meeting is Mode.ONLINE else "",
        created_at=now,
        updated_at=now,
        sealed=Vault(session, master_keys).seal_json(client.id, NOTE_FIELD, {"note": note}),
    )
    _insert(session, row)
    booked = _booking(row, found)
    _tell_both(session, found, client, booked, "booked", now)
    return Booked(**vars(booked), screen=screen_writing({"note": note}))


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


def cancel(
    session: Session, person: Person, booking_id: str, now: datetime, notice_hours: int
) -> Booking:
    """The client cancels up to `notice_hours` before the start; the practitioner at any time."""
    row, found, by_client = _mine(session, person, booking_id)
    if row.status == CANCELLED:
        return _booking(row, found)
    if by_client and row.starts_at - now < timedelta(hours=notice_hours):
        raise TooLateToChange(notice_hours)
    row.status, row.sequence, row.updated_at = CANCELLED, row.sequence + 1, now
    session.flush()
    client = find_person(session, row.client_id)
    cancelled = _booking(row, found)
    if client is not None:
        _tell_both(session, found, as_person(client), cancelled, "cancelled", now)
    return cancelled


def reschedule(
    session: Session,
    person: Person,
    booking_id: str,
    starts: datetime,
    now: datetime,
    notice_hours: int,
    limits: BookingLimits = DEFAULT_LIMITS,
) -> Booking:
    """Move a booking to another free slot before the horizon, within the same notice as
    cancelling."""
    row, found, by_client = _mine(session, person, booking_id)
    if row.status == CANCELLED:
        raise InvalidInput("booking", "a cancelled booking cannot be moved; book a new one")
    if by_client and row.starts_at - now < timedelta(hours=notice_hours):
        raise TooLateToChange(notice_hours)
    starts = starts.astimezone(UTC) if starts.tzinfo else starts
    if starts.tzinfo is not None:
        check_horizon(limits, starts, now)
    row.status = CANCELLED  # out of its own way while the new time is checked
    session.flush()
    minutes = int((row.ends_at - row.starts_at).total_seconds() // 60)
    ends = _checked_slot(session, found, starts, now, minutes)
    row.starts_at, row.ends_at, row.status = starts, ends, BOOKED
    row.sequence, row.updated_at, row.reminded_at = row.sequence + 1, now, None
    _flush(session)
    moved = _booking(row, found)
    client = find_person(session, row.client_id)
    if client is not None:
        _tell_both(session, found, as_person(client), moved, "moved", now)
    return moved


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
            result.append(_booking(row, None))
            continue
        if row.practitioner_id not in listings:
            listings[row.practitioner_id] = listing(session, row.practitioner_id)
        result.append(_booking(row, listings[row.practitioner_id]))
    return result


def booking_of(session: Session, person: Person, booking_id: str) -> tuple[Booking, bool]:
    """One booking for one of the two people in it, and whether `person` is its client (else
    its practitioner); NotFound for anyone else, as for a booking that does not exist."""
    row = store.find_booking(session, booking_id)
    if row is None:
        raise NotFound(f"no booking with id {booking_id}")
    found = listing(session, row.practitioner_id) if row.practitioner_id else None
    if row.client_id == person.id:
        return _booking(row, found), True
    if found is not None and found.person_id == person.id:
        return _booking(row, found), False
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


def withdraw_listing(session: Session, person: Person, now: datetime) -> None:
    """A practitioner's account is going: their bookings still to come are cancelled (each
    client is told) and their listing leaves the directory with them."""
    found = own_listing(session, person)
    if found is None:
        return
    for row in store.bookings_of_practitioner(session, found.id):
        if row.status == BOOKED and row.starts_at > now:
            row.status, row.sequence, row.updated_at = CANCELLED, row.sequence + 1, now
            client = find_person(session, row.client_id)
            if client is not None:
                when = _when(row.starts_at, zone_of(as_person(client)))
                queue_message(
                    session,
                    recipient=client.email,
                    subject=f"Your booking with {found.profile.name} is cancelled",
                    body=f"Hello {client.display_name},\n\n{found.profile.name} has left "
                    f"Crossroads, so your booking on {when} is cancelled. The directory can "
                    "help you find someone else.\n",
                    now=now,
                    kind="booking cancelled",
                )
    listing_row = store.find_practitioner(session, found.id)
    if listing_row is not None:
        session.delete(listing_row)
        session.flush()


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


def _checked_slot(
    session: Session,
    found: Listing,
    starts: datetime,
    now: datetime,
    minutes: int,
    earliest: datetime | None = None,
) -> datetime:
    """The end of an appointment of `minutes` starting at `starts`, when that is one of the
    practitioner's free slots for it and no earlier than `earliest` (the kind's notice)."""
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
    around = (starts - SEARCH_AROUND, starts + SEARCH_AROUND)
    free = _free_slots(session, found, *around, now, minutes)
    if any(slot.starts == starts for slot in free):
        return ends
    if store.booked_between(session, found.id, starts, ends):
        raise SlotTaken()
    raise InvalidInput("starts", "choose one of the times offered")


def _insert(session: Session, row: BookingRow) -> None:
    session.add(row)
    _flush(session)


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as error:
        # PostgreSQL's exclusion constraint: another booking overlapping this one committed
        # between our check and our write.
        if "ex_bookings_no_overlap" in str(error.orig):
            raise SlotTaken() from None
        raise


def _mine(session: Session, person: Person, booking_id: str) -> tuple[BookingRow, Listing, bool]:
    row = store.find_booking(session, booking_id, lock=True)
    if row is None:
        raise NotFound(f"no booking with id {booking_id}")
    if row.practitioner_id is None:  # the practitioner left; the client keeps it as history
        raise InvalidInput("booking", "the practitioner has left Crossroads; nothing can change")
    found = listing(session, row.practitioner_id)
    if row.client_id == person.id:
        return row, found, True
    if found.person_id == person.id:
        return row, found, False
    raise NotFound(f"no booking with id {booking_id}")


def _booking(row: BookingRow, found: Listing | None) -> Booking:
    return Booking(
        id=row.id,
        practitioner_id=row.practitioner_id,
        practitioner_name=found.profile.name if found else FORMER,
        client_id=row.client_id,
        starts=row.starts_at,
        ends=row.ends_at,
        kind=BookingKind(row.kind),
        cancelled=row.status == CANCELLED,
        sequence=row.sequence,
        meeting_link=row.meeting_link,
        online=row.mode == Mode.ONLINE,
        location=found.profile.location if found and row.mode == Mode.IN_PERSON else "",
        appointment=row.appointment or _FORMER_NAMES[BookingKind(row.kind)],
        fee=row.fee,
        currency=row.currency,
        fit=row.fit,
    )


_FORMER_NAMES = {BookingKind.CONSULTATION: "Free consultation", BookingKind.SESSION: "Session"}


def _tell_both(
    session: Session, found: Listing, client: Person, booking: Booking, what: str, now: datetime
) -> None:
    """A short email to each side. It names the time and the other person, never the reason
    for the visit: email can be read by others."""
    kind = "free consultation" if booking.kind is BookingKind.CONSULTATION else "session"
    for_client = _when(booking.starts, zone_of(client))
    for_practitioner = _when(booking.starts, found.availability.zone)
    queue_message(
        session,
        recipient=client.email,
        subject=f"Your {kind} with {found.profile.name} is {what}",
        body=f"Hello {client.display_name},\n\nYour {kind} with {found.profile.name} on "
        f"{for_client} is {what}. Your bookings are on your Crossroads bookings page.\n",
        now=now,
        about=[found.person_id] if found.person_id else [],
        kind=f"booking {what}",
    )
    queue_message(
        session,
        recipient=found.email,
        subject=f"A {kind} is {what}",
        body=f"Hello {found.profile.name},\n\nA {kind} with {client.display_name} on "
        f"{for_practitioner} is {what}. Your bookings are on your Crossroads bookings page.\n",
        now=now,
        about=[client.id],
        kind=f"booking {what}",
    )


def _when(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%A %-d %B %Y, %H:%M} ({zone})"

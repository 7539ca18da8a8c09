"""Changing a booking: cancelling it or moving it within the notice, either side, and
withdrawing a practitioner's listing with the bookings still to come. Each side is told."""

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.booking import store
from crossroads.booking.rules.limits import BookingLimits, check_horizon
from crossroads.booking.service.booked import Booking, booking_from, said_when, tell_both
from crossroads.booking.service.bookings import (
    DEFAULT_LIMITS,
    checked_slot,
    flush_checked,
    own_listing,
)
from crossroads.booking.service.directory import Listing, listing
from crossroads.booking.store import BOOKED, CANCELLED, BookingRow
from crossroads.kernel.errors import InvalidInput, NotFound, TooLateToChange
from crossroads.kernel.people import Person, zone_of
from crossroads.platform.outbox import queue_message
from crossroads.platform.person_rows import as_person, find_person


def cancel(
    session: Session, person: Person, booking_id: str, now: datetime, notice_hours: int
) -> Booking:
    """The client cancels up to `notice_hours` before the start; the practitioner at any time."""
    row, found, by_client = _mine(session, person, booking_id)
    if row.status == CANCELLED:
        return booking_from(row, found)
    if by_client and row.starts_at - now < timedelta(hours=notice_hours):
        raise TooLateToChange(notice_hours)
    row.status, row.sequence, row.updated_at = CANCELLED, row.sequence + 1, now
    session.flush()
    client = find_person(session, row.client_id)
    cancelled = booking_from(row, found)
    if client is not None:
        tell_both(session, found, as_person(client), cancelled, "cancelled", now)
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
    ends = checked_slot(session, found, starts, now, minutes)
    row.starts_at, row.ends_at, row.status = starts, ends, BOOKED
    row.sequence, row.updated_at, row.reminded_at = row.sequence + 1, now, None
    flush_checked(session)
    moved = booking_from(row, found)
    client = find_person(session, row.client_id)
    if client is not None:
        tell_both(session, found, as_person(client), moved, "moved", now)
    return moved


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
                when = said_when(row.starts_at, zone_of(as_person(client)))
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

"""A person's bookings as an iCalendar file, for a client or a practitioner. The events name
the other person and the kind of appointment, never why it was booked. An online booking's room
is never in the file: calendars are shared, synced and subscribed to by address, so the event
carries where to find the room (the booking's page, where it opens shortly before the start);
an in-person one carries the address."""

from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.booking.rules.appointments import ROOM_OPENS_BEFORE
from crossroads.booking.service.booked import Booking
from crossroads.booking.service.bookings import bookings_of, client_name, own_listing
from crossroads.booking.service.ics import CalendarEvent, calendar_file
from crossroads.kernel.people import Person


def bookings_calendar(session: Session, person: Person, now: datetime, public_url: str) -> bytes:
    as_practitioner = own_listing(session, person) is not None
    site = public_url.rstrip("/")
    events = [
        _event(
            each, client_name(session, each) if as_practitioner else each.practitioner_name, site
        )
        for each in bookings_of(session, person)
    ]
    return calendar_file(events, name="Crossroads bookings", stamp=now)


def online_place(site: str, booking_id: str) -> str:
    """Where an online booking's room is found, in words a calendar shows as its place."""
    minutes = int(ROOM_OPENS_BEFORE.total_seconds() // 60)
    return (
        f"Online: the room opens {minutes} minutes before the start at {site}/bookings/{booking_id}"
    )


def _event(booking: Booking, other: str, site: str) -> CalendarEvent:
    return CalendarEvent(
        uid=booking.id,
        starts=booking.starts,
        ends=booking.ends,
        summary=f"{booking.appointment} with {other}",
        description="Booked through Crossroads.",
        location=online_place(site, booking.id) if booking.online else booking.location,
        url=f"{site}/bookings/{booking.id}",
        cancelled=booking.cancelled,
        sequence=booking.sequence,
    )

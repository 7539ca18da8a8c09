"""A person's bookings as an iCalendar file, for a client or a practitioner. The events name
the other person and the kind of meeting, never why it was booked."""

from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.booking.service.bookings import (
    Booking,
    BookingKind,
    bookings_of,
    client_name,
    own_listing,
)
from crossroads.booking.service.ics import CalendarEvent, calendar_file
from crossroads.kernel.people import Person


def bookings_calendar(session: Session, person: Person, now: datetime) -> bytes:
    as_practitioner = own_listing(session, person) is not None
    events = [
        _event(each, client_name(session, each) if as_practitioner else each.practitioner_name)
        for each in bookings_of(session, person)
    ]
    return calendar_file(events, name="Crossroads bookings", stamp=now)


def _event(booking: Booking, other: str) -> CalendarEvent:
    kind = "Free consultation" if booking.kind is BookingKind.CONSULTATION else "Session"
    return CalendarEvent(
        uid=booking.id,
        starts=booking.starts,
        ends=booking.ends,
        summary=f"{kind} with {other}",
        description="Booked through Crossroads.",
        location="" if booking.online else booking.location,
        url=booking.meeting_link,
        cancelled=booking.cancelled,
        sequence=booking.sequence,
    )

"""A person's bookings as an iCalendar file, for a client or a practitioner. The events name
the other person and the kind of appointment, never why it was booked. An in-person booking
carries its address. An online booking's room is in the file the person downloads for
themselves (`rooms`), never in a subscribed feed: a feed's address ends up in calendar apps,
sync services and logs, where others could read it, so there the event says where the room
opens instead (the booking's page, shortly before the start)."""

from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.booking.rules.appointments import ROOM_OPENS_BEFORE
from crossroads.booking.service.booked import Booking
from crossroads.booking.service.bookings import bookings_of, client_name, own_listing
from crossroads.booking.service.ics import CalendarEvent, calendar_file
from crossroads.kernel.people import Person


def bookings_calendar(
    session: Session, person: Person, now: datetime, public_url: str, *, rooms: bool = False
) -> bytes:
    as_practitioner = own_listing(session, person) is not None
    site = public_url.rstrip("/")
    events = [
        _event(
            each,
            client_name(session, each) if as_practitioner else each.practitioner_name,
            site,
            rooms,
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


def _event(booking: Booking, other: str, site: str, rooms: bool) -> CalendarEvent:
    if booking.online and rooms and booking.meeting_link:
        location = f"Online: {booking.meeting_link}"
    elif booking.online:
        location = online_place(site, booking.id)
    else:
        location = booking.location
    return CalendarEvent(
        uid=booking.id,
        starts=booking.starts,
        ends=booking.ends,
        summary=f"{booking.appointment} with {other}",
        description="Booked through Crossroads.",
        location=location,
        url=f"{site}/bookings/{booking.id}",
        cancelled=booking.cancelled,
        sequence=booking.sequence,
    )

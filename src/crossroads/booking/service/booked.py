"""A booking as the use cases give it back, read from its row, and the short emails that tell
both sides when one is made, moved or cancelled."""

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import StrEnum

from sqlalchemy.orm import Session

from crossroads.booking.rules.appointments import Mode, room_open
from crossroads.booking.service.directory import Listing
from crossroads.booking.store import CANCELLED, BookingRow
from crossroads.kernel.people import Person, zone_of
from crossroads.kernel.risk import RiskScreen
from crossroads.platform.outbox import Mail, queue_messages

FORMER = "a former practitioner"  # a booking whose practitioner has left Crossroads
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


def booking_from(row: BookingRow, found: Listing | None) -> Booking:
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
        appointment=row.appointment or FORMER_NAMES[BookingKind(row.kind)],
        fee=row.fee,
        currency=row.currency,
        fit=row.fit,
    )


FORMER_NAMES = {BookingKind.CONSULTATION: "Free consultation", BookingKind.SESSION: "Session"}


def tell_both(
    session: Session, found: Listing, client: Person, booking: Booking, what: str, now: datetime
) -> None:
    """A short email to each side: what, with whom, when in their own zone, how long and where
    (an online room is on the booking's page shortly before; an address in person). It never
    says why the meeting was booked: email can be read by others."""
    name = booking.appointment
    how = "online: the room's link is on the booking's page shortly before the start"
    where = how if booking.online else f"in person at {booking.location}"
    details = f"{booking.minutes} minutes, {where}"
    for_client = said_when(booking.starts, zone_of(client))
    for_practitioner = said_when(booking.starts, found.availability.zone)
    to_client = Mail(
        recipient=client.email,
        subject=f"{name} with {found.profile.name} is {what}",
        body=f"Hello {client.display_name},\n\nYour {name.lower()} with {found.profile.name} on "
        f"{for_client} is {what} ({details}). Your bookings are on your Crossroads bookings "
        "page.\n",
        about=(found.person_id,) if found.person_id else (),
        kind=f"booking {what}",
    )
    to_practitioner = Mail(
        recipient=found.email,
        subject=f"{name} with a client is {what}",
        body=f"Hello {found.profile.name},\n\n{name} with {client.display_name} on "
        f"{for_practitioner} is {what} ({details}). Your bookings are on your Crossroads "
        "bookings page.\n",
        about=(client.id,),
        kind=f"booking {what}",
    )
    queue_messages(session, [to_client, to_practitioner], now)


def said_when(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%A %-d %B %Y, %H:%M} ({zone})"

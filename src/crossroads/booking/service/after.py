"""What follows a booking: its own page for the two people in it, the question after a
consultation (was it a fit?), and sharing chosen areas with the practitioner in one step, found
through the booking rather than a typed address."""

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.booking import store
from crossroads.booking.service.booked import FITS, Booking, BookingKind
from crossroads.booking.service.bookings import appointment_kinds, booking_of
from crossroads.booking.service.directory import listing
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.platform.audit import record_access
from crossroads.platform.person_rows import find_person
from crossroads.sharing.service.grants import Share, grant_access


def answer_fit(
    session: Session, client: Person, booking_id: str, answer: str, now: datetime
) -> Booking:
    """The client says whether a consultation that has ended was a fit: book a session with
    them, see other matches, or not now. The answer is the client's own, kept with the booking
    (and in their export); it can be changed."""
    booking, by_client = booking_of(session, client, booking_id)
    row = store.find_booking(session, booking_id)
    if not by_client or row is None:
        raise NotFound(f"no booking with id {booking_id}")
    if answer not in FITS:
        raise InvalidInput("fit", "choose one of the answers offered")
    if booking.kind is not BookingKind.CONSULTATION or booking.cancelled or booking.ends > now:
        raise InvalidInput("fit", "this is asked once a consultation has taken place")
    row.fit, row.updated_at = answer, now
    session.flush()
    return replace(booking, fit=answer)


def share_with_practitioner(
    session: Session, client: Person, booking_id: str, areas: list[Area], now: datetime
) -> list[Share]:
    """Share the chosen areas with the practitioner of the client's booking (the same grants as
    the sharing page, audited there); their account is found through the booking."""
    booking, by_client = booking_of(session, client, booking_id)
    if not by_client or booking.practitioner_id is None:
        raise NotFound(f"no booking with id {booking_id}")
    found = listing(session, booking.practitioner_id)
    account = find_person(session, found.person_id) if found.person_id else None
    if account is None:
        raise InvalidInput("areas", f"{found.profile.name} has no Crossroads account to share with")
    shares = grant_access(session, client, practitioner_email=account.email, areas=areas, now=now)
    record_access(
        session,
        actor=client.label,
        subject_id=client.id,
        action="share",
        target=f"{', '.join(sorted(str(area) for area in areas))} with {found.profile.name}",
    )
    return shares


def next_step(session: Session, answered: Booking) -> str:
    """Where the client's answer leads: booking a session with the same practitioner, the
    matches for their assessment, or back to the booking."""
    if answered.fit == "session" and answered.practitioner_id is not None:
        sessions = [
            kind
            for kind in appointment_kinds(session, answered.practitioner_id)
            if not kind.consultation
        ]
        query = f"?kind={sessions[0].key}" if sessions else ""
        return f"/book/{answered.practitioner_id}{query}"
    if answered.fit == "others":
        return "/matches"
    return f"/bookings/{answered.id}"

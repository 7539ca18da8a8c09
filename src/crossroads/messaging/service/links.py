"""Who may write to whom: a client and a practitioner are linked by a booking not cancelled, a
grant not revoked, or the practitioner's place in the client's care team. Before any link, a
client may only ask a short question (an enquiry: sending.py)."""

from sqlalchemy.orm import Session

from crossroads.booking.service.bookings import bookings_of
from crossroads.booking.service.directory import listing
from crossroads.care_team.rules import JoinedThrough
from crossroads.care_team.service import is_member
from crossroads.care_team.service.members import members_of
from crossroads.kernel.people import Person
from crossroads.sharing.service.grants import clients_of, grants_given

# What links a pair, as a thread opened by the link records it (store.py: `opened_by`).
BOOKING, GRANT, REFERRAL, TEAM = "booking", "grant", "referral", "team"


def practitioners_linked_to(session: Session, client: Person) -> dict[str, str]:
    """The person ids of the practitioners the client is linked to, each with what links them:
    their care team first (a referral the client accepted, or the team), then a booking, then
    a grant."""
    linked = {
        member.practitioner_id: REFERRAL
        if member.joined_through is JoinedThrough.REFERRAL
        else TEAM
        for member in members_of(session, client)
    }
    listings: dict[str, str | None] = {}
    for booking in bookings_of(session, client):
        if booking.cancelled or booking.practitioner_id is None:
            continue
        if booking.practitioner_id not in listings:
            listings[booking.practitioner_id] = listing(session, booking.practitioner_id).person_id
        person_id = listings[booking.practitioner_id]
        if person_id is not None:
            linked.setdefault(person_id, BOOKING)
    for view in grants_given(session, client):
        if view.grant.active:
            linked.setdefault(view.other.id, GRANT)
    return linked


def clients_linked_to(session: Session, practitioner: Person) -> dict[str, str]:
    """The ids of the clients linked to the practitioner by a booking with their listing or a
    grant they hold, each with the first link found. The care team lists no practitioner's
    teams, so a member linked by nothing else finds the thread once it is open (the client's
    list opens it, and link_between lets them write)."""
    linked: dict[str, str] = {}
    for booking in bookings_of(session, practitioner):
        if not booking.cancelled:
            linked.setdefault(booking.client_id, BOOKING)
    for view in clients_of(session, practitioner):
        linked.setdefault(view.other.id, GRANT)
    return linked


def link_between(session: Session, client_id: str, practitioner: Person) -> str | None:
    """What links the client and the practitioner now, or None."""
    if is_member(session, client_id, practitioner.id):
        return TEAM
    return clients_linked_to(session, practitioner).get(client_id)

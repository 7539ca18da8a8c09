"""Who is in a client's care team: the client adds practitioners they already work with (a
grant given, or a booking), says whether each may see the rest of the team, and removes them.
Each member keeps their own grants: being in the team opens none of the client's data."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.booking.service.bookings import bookings_of, own_listing
from crossroads.booking.service.directory import listing
from crossroads.care_team import store
from crossroads.care_team.rules import JoinedThrough
from crossroads.care_team.store import MemberRow
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person, Role
from crossroads.platform.person_rows import as_person, find_person
from crossroads.sharing.service.grants import grants_given

GONE = "someone no longer on Crossroads"


@dataclass(frozen=True)
class Member:
    """A member as the client sees them. `kind` is their listing's kind ("therapist", "coach",
    "both"), or "" when they have no listing."""

    id: str
    practitioner_id: str
    name: str
    kind: str
    joined_at: datetime
    joined_through: JoinedThrough
    sees_team: bool


@dataclass(frozen=True)
class Candidate:
    """A practitioner the client works with who is not in their team yet."""

    practitioner_id: str
    name: str
    kind: str


def is_member(session: Session, client_id: str, practitioner_id: str) -> bool:
    """Whether the practitioner (a person id) is in the client's team now: joined, not left."""
    return store.current_member(session, client_id, practitioner_id) is not None


def members_of(session: Session, client: Person) -> list[Member]:
    """The client's team as it is now, in the order they joined."""
    return [_member(session, row) for row in store.current_members(session, client.id)]


def candidates_for(session: Session, client: Person) -> list[Candidate]:
    """Practitioners the client works with (a grant not revoked, or a booking not cancelled)
    who are not in the team."""
    current = {row.practitioner_id for row in store.current_members(session, client.id)}
    return [
        Candidate(person_id, *described(session, person_id))
        for person_id in _worked_with(session, client)
        if person_id not in current
    ]


def add_member(session: Session, client: Person, practitioner_id: str, now: datetime) -> Member:
    """Put a practitioner the client works with in their team; they see the rest of the team
    only once the client says so. Adding someone already in the team changes nothing."""
    if client.role is not Role.CLIENT:
        raise InvalidInput("practitioner", "only clients have a care team")
    if practitioner_id not in _worked_with(session, client):
        raise InvalidInput(
            "practitioner", "choose someone you already work with: share with them or book first"
        )
    row = store.current_member(session, client.id, practitioner_id)
    if row is None:
        row = join(session, client.id, practitioner_id, JoinedThrough.CLIENT, now)
    return _member(session, row)


def join(
    session: Session,
    client_id: str,
    practitioner_id: str,
    through: JoinedThrough,
    now: datetime,
    *,
    sees_team: bool = False,
    sealed_reason: str | None = None,
) -> MemberRow:
    """A new place in the team, in the pair's one row: someone who left and comes back starts
    afresh."""
    row = store.member_row(session, client_id, practitioner_id)
    if row is None:
        return store.add_member(
            session,
            MemberRow(
                id=str(uuid.uuid4()),
                client_id=client_id,
                practitioner_id=practitioner_id,
                joined_at=now,
                joined_through=through.value,
                sees_team=sees_team,
                left_at=None,
                sealed=sealed_reason,
            ),
        )
    row.joined_at, row.joined_through, row.left_at = now, through.value, None
    row.sees_team, row.sealed = sees_team, sealed_reason
    return row


def let_see_team(session: Session, client: Person, member_id: str, sees_team: bool) -> Member:
    """The client's consent that this member sees who else helps and the coordination note;
    it takes effect on the member's next request."""
    row = _own(session, client, member_id)
    row.sees_team = sees_team
    return _member(session, row)


def remove_member(session: Session, client: Person, member_id: str, now: datetime) -> None:
    """Take the member out of the team. What they could read goes with them: the consent and
    the referral's reason are cleared, so coming back later asks the client again."""
    row = _own(session, client, member_id)
    row.left_at, row.sees_team, row.sealed = now, False, None


def described(session: Session, person_id: str) -> tuple[str, str]:
    """A practitioner's name and kind as their listing gives them; an account with no listing
    is named by its display name, with no kind."""
    row = find_person(session, person_id)
    if row is None:
        return GONE, ""
    found = own_listing(session, as_person(row))
    if found is None:
        return row.display_name, ""
    return found.profile.name, found.profile.kind.value


def _worked_with(session: Session, client: Person) -> list[str]:
    """The person ids of practitioners holding a grant from the client or a booking with them
    (with an account), first seen first."""
    ids = [view.other.id for view in grants_given(session, client) if view.grant.active]
    for booking in bookings_of(session, client):
        if booking.cancelled or booking.practitioner_id is None:
            continue
        person_id = listing(session, booking.practitioner_id).person_id
        if person_id is not None:
            ids.append(person_id)
    return list(dict.fromkeys(ids))


def _own(session: Session, client: Person, member_id: str) -> MemberRow:
    row = store.find_member(session, member_id)
    if row is None or row.client_id != client.id or row.left_at is not None:
        raise NotFound(f"no member {member_id} in your care team")
    return row


def _member(session: Session, row: MemberRow) -> Member:
    name, kind = described(session, row.practitioner_id)
    return Member(
        row.id,
        row.practitioner_id,
        name,
        kind,
        row.joined_at,
        JoinedThrough(row.joined_through),
        row.sees_team,
    )

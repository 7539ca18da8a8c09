"""The people every messaging test meets: a client who shares with a therapist (so the two may
write to each other), a coach whose listing takes first questions, and three people outside the
pair (another client, a practitioner the client never met, an admin)."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from crossroads.booking.service.directory import save_listing
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.sharing.service.grants import grant_access
from tests.booking.service.test_bookings import listing_fields
from tests.factories import make_person

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
ACUTE = "I'm going to end my life tonight, the pills are in my drawer"


@dataclass(frozen=True)
class World:
    client: Person
    therapist: Person
    therapist_listing: str
    coach: Person
    coach_listing: str
    other_client: Person
    outsider: Person
    admin: Person

    @property
    def third_parties(self) -> dict[str, Person]:
        return {
            "another client": self.other_client,
            "a practitioner outside the pair": self.outsider,
            "an admin": self.admin,
        }


def listing_for(session: Session, person: Person, **changes: object) -> str:
    """A listing with the person's account, named after them."""
    fields = listing_fields(email=person.email, name=f"{person.display_name} Listed", **changes)
    listing_id, _ = save_listing(session, fields, NOW, person_id=person.id)
    return listing_id


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


def build_world(session: Session) -> World:
    client = make_person(session, "robin@example.org")
    therapist = make_person(session, "rivera@example.org", role="practitioner")
    coach = make_person(session, "lee@example.org", role="practitioner")
    grant_access(
        session, client, practitioner_email=therapist.email, areas=[Area.COACHING], now=NOW
    )
    return World(
        client=client,
        therapist=therapist,
        therapist_listing=listing_for(session, therapist),
        coach=coach,
        coach_listing=listing_for(session, coach, kind="coach", licences=[]),
        other_client=make_person(session, "sam@example.org"),
        outsider=make_person(session, "stranger@example.org", role="practitioner"),
        admin=make_person(session, "admin@example.org", role="admin"),
    )

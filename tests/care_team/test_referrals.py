"""Accepting a referral puts the chosen practitioner in the client's care team and tells them
by email, without the reason or the client's name; they read the reason only when the client
shared it, and the rest of the team only when the client lets them."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from crossroads.booking.service.directory import save_listing
from crossroads.care_team.rules import JoinedThrough
from crossroads.care_team.service.members import is_member, members_of
from crossroads.care_team.service.referrals import CHOSEN_SUBJECT
from crossroads.care_team.service.view import team_for
from crossroads.care_team.store import current_member
from crossroads.casework.service.referrals import ReferTo, accept, refer
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grant_access
from tests.booking.service.test_bookings import listing_fields
from tests.factories import make_person
from tests.mail import messages_to

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
REASON = "The grief you describe after your father's death deserves a therapist's time."


@pytest.fixture
def people(session: Session) -> dict[str, Person]:
    found = {
        "client": make_person(session, "sam@example.org"),
        "coach": make_person(session, "coach@example.org", role="practitioner"),
        "therapist": make_person(session, "rivera@example.org", role="practitioner"),
    }
    grant_access(
        session,
        found["client"],
        practitioner_email="coach@example.org",
        areas=[Area.COACHING],
        now=NOW,
    )
    return found


@pytest.fixture
def referral(session: Session, master_keys: MasterKeys, people: dict[str, Person]) -> str:
    return refer(
        session, master_keys, people["coach"], people["client"].id, ReferTo.THERAPY, REASON, NOW
    )


@pytest.fixture
def therapist_listing(session: Session, people: dict[str, Person]) -> str:
    listing_id, _ = save_listing(session, listing_fields(), NOW, people["therapist"].id)
    return listing_id


def test_accepting_puts_the_chosen_practitioner_in_the_team_and_emails_them_without_the_reason(
    session: Session,
    master_keys: MasterKeys,
    people: dict[str, Person],
    referral: str,
    therapist_listing: str,
) -> None:
    client, therapist = people["client"], people["therapist"]

    joined = accept(
        session,
        master_keys,
        client,
        referral,
        therapist_listing,
        [],
        NOW,
        share_reason=True,
        public_url="https://crossroads.example",
    )

    assert joined
    assert is_member(session, client.id, therapist.id)
    chosen, referrer = sorted(members_of(session, client), key=lambda m: m.joined_through)
    assert (chosen.name, chosen.joined_through, chosen.sees_team) == (
        "Dr Ana Rivera",
        JoinedThrough.REFERRAL,
        False,
    )
    assert (referrer.name, referrer.joined_through, referrer.sees_team) == (
        people["coach"].display_name,
        JoinedThrough.REFERRER,
        False,
    )
    [mail] = messages_to(session, "rivera@example.org")
    assert mail.subject == CHOSEN_SUBJECT
    assert f"https://crossroads.example/clients/{client.id}/care-team" in mail.body
    for private in ("grief", "father", "therapy", "Sam"):
        assert private not in mail.subject + mail.body
    assert messages_to(session, "coach@example.org") == []  # the referrer learns no more
    assert team_for(session, master_keys, people["coach"], client.id).others is None


def test_the_reason_reaches_the_chosen_practitioner_only_when_shared(
    session: Session,
    master_keys: MasterKeys,
    people: dict[str, Person],
    therapist_listing: str,
) -> None:
    client, therapist = people["client"], people["therapist"]
    kept = refer(session, master_keys, people["coach"], client.id, ReferTo.THERAPY, REASON, NOW)
    shared = refer(session, master_keys, people["coach"], client.id, ReferTo.THERAPY, REASON, NOW)

    accept(session, master_keys, client, kept, therapist_listing, [], NOW)
    assert team_for(session, master_keys, therapist, client.id).reason is None
    row = current_member(session, client.id, therapist.id)
    assert row is not None
    assert row.sealed is None

    accept(session, master_keys, client, shared, therapist_listing, [], NOW, share_reason=True)
    assert team_for(session, master_keys, therapist, client.id).reason == REASON
    assert "grief" not in (row.sealed or "")


def test_the_client_may_let_the_chosen_practitioner_see_the_team_when_accepting(
    session: Session,
    master_keys: MasterKeys,
    people: dict[str, Person],
    referral: str,
    therapist_listing: str,
) -> None:
    client = people["client"]

    accept(session, master_keys, client, referral, therapist_listing, [], NOW, sees_team=True)

    seen = team_for(session, master_keys, people["therapist"], client.id)
    assert [other.name for other in seen.others or ()] == [people["coach"].display_name]
    assert seen.note is not None


def test_a_practitioner_with_no_account_joins_no_team(
    session: Session, master_keys: MasterKeys, people: dict[str, Person], referral: str
) -> None:
    listing_id, _ = save_listing(
        session, listing_fields(email="lone@example.org", name="Jo Lone"), NOW
    )

    joined = accept(session, master_keys, people["client"], referral, listing_id, [], NOW)

    assert not joined
    assert members_of(session, people["client"]) == []
    assert messages_to(session, "lone@example.org") == []

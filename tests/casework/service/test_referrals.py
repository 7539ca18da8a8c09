"""Referrals: only a practitioner the client shares with may suggest other help; the client
reads the reason, goes ahead with a practitioner of that kind and chooses what to share, or
declines; the referrer learns only whether it was taken up."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from crossroads.booking.service.directory import save_listing
from crossroads.casework.service.referrals import (
    REASON_FIELD,
    ReferTo,
    accept,
    decline,
    practitioners_to_refer_to,
    received,
    refer,
    seal_plaintext_referral_kinds,
    sent,
)
from crossroads.casework.store.referrals import find_referral
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.platform.audit import accesses_to
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grant_access, grants_given
from tests.booking.service.test_bookings import listing_fields
from tests.factories import make_person

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
REASON = "The grief you describe deserves a therapist's time."


@pytest.fixture
def people(session: Session) -> dict[str, Person]:
    found = {
        "client": make_person(session, "sam@example.org"),
        "coach": make_person(session, "coach@example.org", role="practitioner"),
        "therapist": make_person(session, "rivera@example.org", role="practitioner"),
        "stranger": make_person(session, "stranger@example.org", role="practitioner"),
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
def therapist_listing(session: Session, people: dict[str, Person]) -> str:
    listing_id, _ = save_listing(session, listing_fields(), NOW, people["therapist"].id)
    return listing_id


def test_the_client_reads_the_reason_and_the_referrer_only_the_status(
    session: Session, master_keys: MasterKeys, people: dict[str, Person], therapist_listing: str
) -> None:
    referral_id = refer(
        session, master_keys, people["coach"], people["client"].id, ReferTo.THERAPY, REASON, NOW
    )

    [seen] = received(session, master_keys, people["client"])
    assert (seen.referrer, seen.to, seen.reason, seen.status) == (
        "Coach",
        ReferTo.THERAPY,
        REASON,
        "open",
    )
    accept(
        session, master_keys, people["client"], referral_id, therapist_listing, [Area.COACHING], NOW
    )

    [told] = sent(session, master_keys, people["coach"])
    assert (told.client, told.status) == ("Sam", "accepted")
    assert not hasattr(told, "reason")
    shared = [(g.other.email, g.grant.area) for g in grants_given(session, people["client"])]
    assert ("rivera@example.org", Area.COACHING) in shared
    assert any(e.target == "referral" for e in accesses_to(session, people["client"].id))


def test_only_a_practitioner_the_client_shares_with_may_refer(
    session: Session, master_keys: MasterKeys, people: dict[str, Person]
) -> None:
    with pytest.raises(NotFound):
        refer(
            session,
            master_keys,
            people["stranger"],
            people["client"].id,
            ReferTo.THERAPY,
            REASON,
            NOW,
        )


def test_the_chosen_practitioner_must_offer_what_was_suggested(
    session: Session, master_keys: MasterKeys, people: dict[str, Person], therapist_listing: str
) -> None:
    referral_id = refer(
        session, master_keys, people["coach"], people["client"].id, ReferTo.COACHING, REASON, NOW
    )

    with pytest.raises(InvalidInput, match="offers coaching"):
        accept(session, master_keys, people["client"], referral_id, therapist_listing, [], NOW)


def test_a_declined_referral_cannot_be_answered_again_and_others_cannot_answer_it(
    session: Session, master_keys: MasterKeys, people: dict[str, Person], therapist_listing: str
) -> None:
    referral_id = refer(
        session, master_keys, people["coach"], people["client"].id, ReferTo.THERAPY, REASON, NOW
    )
    other = make_person(session, "kim@example.org")

    with pytest.raises(NotFound):
        decline(session, other, referral_id, NOW)
    decline(session, people["client"], referral_id, NOW)

    with pytest.raises(InvalidInput, match="already been answered"):
        accept(session, master_keys, people["client"], referral_id, therapist_listing, [], NOW)
    assert sent(session, master_keys, people["coach"])[0].status == "declined"


def test_the_kind_of_help_suggested_is_sealed_and_one_stored_before_is_sealed_on_upgrade(
    session: Session, master_keys: MasterKeys, people: dict[str, Person]
) -> None:
    client = people["client"]
    referral_id = refer(
        session, master_keys, people["coach"], client.id, ReferTo.THERAPY, REASON, NOW
    )
    row = find_referral(session, referral_id)
    assert row is not None
    assert row.legacy_kind is None
    assert "therapy" not in row.sealed

    # As a row from before sealing holds it: the kind in plaintext beside the sealed reason.
    vault = Vault(session, master_keys)
    row.sealed = vault.seal_json(client.id, REASON_FIELD, {"reason": REASON})
    row.legacy_kind = "therapy"
    assert received(session, master_keys, client)[0].to is ReferTo.THERAPY

    assert seal_plaintext_referral_kinds(session, master_keys) == 1
    assert row.legacy_kind is None
    assert sent(session, master_keys, people["coach"])[0].to is ReferTo.THERAPY


def test_a_client_is_offered_only_therapists_licensed_where_they_are(
    session: Session, people: dict[str, Person], therapist_listing: str
) -> None:
    in_london = replace(people["client"], region="GB", subdivision=None)
    in_new_york = replace(people["client"], region="US", subdivision="US-NY")

    here = practitioners_to_refer_to(session, in_london, NOW.date())[ReferTo.THERAPY]
    there = practitioners_to_refer_to(session, in_new_york, NOW.date())[ReferTo.THERAPY]

    assert [match.id for match in here] == [therapist_listing]  # licensed in GB
    assert there == ()

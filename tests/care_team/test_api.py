"""The care team through the API: the client manages the team and the note; a member reads the
team as far as the client lets them; outsiders get 404; the client's note is screened."""

from datetime import UTC, datetime

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.booking.service.directory import save_listing
from crossroads.casework.service.referrals import ReferTo, refer
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.platform.person_rows import as_person, find_person
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from tests.booking.service.test_bookings import listing_fields
from tests.conftest import FormClient
from tests.factories import make_person

NOW = datetime.now(UTC)
REASON = "The grief you describe deserves a therapist's time."


@pytest.fixture
def tokens(runtime: Runtime) -> dict[str, str]:
    """Bearer headers' tokens for a client, their coach and therapist, and a stranger."""
    with runtime.database.transaction() as session:
        people: dict[str, Person] = {
            "client": make_person(session, "sam@example.org"),
            "coach": make_person(session, "coach@example.org", role="practitioner"),
            "therapist": make_person(session, "rivera@example.org", role="practitioner"),
            "stranger": make_person(session, "stranger@example.org", role="practitioner"),
        }
        save_listing(session, listing_fields(), NOW, people["therapist"].id)
        for email in ("coach@example.org", "rivera@example.org"):
            grant_access(
                session, people["client"], practitioner_email=email, areas=[Area.COACHING], now=NOW
            )
        found = {
            who: create_token(session, person, name="t", scopes=["read", "write"], now=NOW)[1]
            for who, person in people.items()
        }
    return {**found, **{f"{who}_id": person.id for who, person in people.items()}}


def as_(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def test_the_client_builds_the_team_and_a_member_sees_it_only_with_consent(
    client: FormClient, tokens: dict[str, str]
) -> None:
    me = as_(tokens["client"])
    listed = client.get("/api/v1/me/care-team", headers=me).json()
    assert {c["name"] for c in listed["candidates"]} == {"Coach", "Dr Ana Rivera"}

    added = {
        who: client.post(
            "/api/v1/me/care-team", json={"practitioner_id": tokens[f"{who}_id"]}, headers=me
        )
        for who in ("coach", "therapist")
    }
    assert {r.status_code for r in added.values()} == {201}
    assert added["therapist"].json()["kind"] == "therapist"
    assert added["therapist"].json()["sees_team"] is False
    url = f"/api/v1/caseload/{tokens['client_id']}/care-team"

    hidden = client.get(url, headers=as_(tokens["coach"])).json()
    assert (hidden["others"], hidden["note"], hidden["sees_team"]) == (None, None, False)

    coach_member = added["coach"].json()["id"]
    changed = client.patch(
        f"/api/v1/me/care-team/{coach_member}", json={"sees_team": True}, headers=me
    )
    assert changed.json()["sees_team"] is True
    written = client.put("/api/v1/me/care-team/note", json={"text": "Coach: goals."}, headers=me)
    assert (written.json()["text"], written.json()["crisis"]["level"]) == ("Coach: goals.", "none")

    seen = client.get(url, headers=as_(tokens["coach"])).json()
    assert seen["others"] == [{"name": "Dr Ana Rivera", "kind": "therapist"}]
    assert seen["note"]["text"] == "Coach: goals."
    put = client.put(f"{url}/note", json={"text": "Handover in May."}, headers=as_(tokens["coach"]))
    assert (put.status_code, put.json()["updated_by"]) == (200, "Coach")
    refused = client.put(f"{url}/note", json={"text": "x"}, headers=as_(tokens["therapist"]))
    assert refused.status_code == 404

    removed = client.delete(f"/api/v1/me/care-team/{coach_member}", headers=me)
    assert removed.status_code == 204
    assert client.get(url, headers=as_(tokens["coach"])).status_code == 404


def test_outsiders_get_404(client: FormClient, tokens: dict[str, str]) -> None:
    me = as_(tokens["client"])
    member = client.post(
        "/api/v1/me/care-team", json={"practitioner_id": tokens["coach_id"]}, headers=me
    ).json()["id"]
    url = f"/api/v1/caseload/{tokens['client_id']}/care-team"

    assert client.get(url, headers=as_(tokens["stranger"])).status_code == 404
    assert (
        client.put(f"{url}/note", json={"text": "x"}, headers=as_(tokens["stranger"])).status_code
        == 404
    )
    by_a_practitioner = client.delete(
        f"/api/v1/me/care-team/{member}", headers=as_(tokens["stranger"])
    )
    assert by_a_practitioner.status_code == 403  # a practitioner has no team of their own


def test_someone_the_client_does_not_work_with_cannot_be_added(
    client: FormClient, tokens: dict[str, str]
) -> None:
    refused = client.post(
        "/api/v1/me/care-team",
        json={"practitioner_id": tokens["stranger_id"]},
        headers=as_(tokens["client"]),
    )

    assert refused.status_code == 422


def test_a_risky_note_answers_with_the_crisis_lines(
    client: FormClient, tokens: dict[str, str]
) -> None:
    written = client.put(
        "/api/v1/me/care-team/note",
        json={"text": "I'm going to end my life tonight, the pills are in my drawer"},
        headers=as_(tokens["client"]),
    ).json()

    assert written["crisis"]["level"] == "acute"
    assert written["crisis"]["resources"]


def test_a_referral_accepted_through_the_api_shares_only_what_the_client_chose(
    client: FormClient, runtime: Runtime, tokens: dict[str, str]
) -> None:
    with runtime.database.transaction() as session:
        coach = find_person(session, tokens["coach_id"])
        assert coach is not None
        referral_id = refer(
            session,
            runtime.master_keys,
            as_person(coach),
            tokens["client_id"],
            ReferTo.THERAPY,
            REASON,
            NOW,
        )
        listing_id = save_listing(session, listing_fields(), NOW, tokens["therapist_id"])[0]

    accepted = client.post(
        f"/api/v1/referrals/{referral_id}/accept",
        json={"practitioner_id": listing_id, "share_reason": True},
        headers=as_(tokens["client"]),
    )

    assert accepted.status_code == 204
    seen = client.get(
        f"/api/v1/caseload/{tokens['client_id']}/care-team", headers=as_(tokens["therapist"])
    ).json()
    assert (seen["reason"], seen["joined_through"], seen["others"]) == (REASON, "referral", None)

"""Referral pages: a coach suggests therapy from the client's page, the client reads it and goes
ahead with a therapist over the API too, and the coach sees only that it was taken up."""

from datetime import UTC, datetime

from crossroads.accounts.service.tokens import create_token
from crossroads.booking.service.directory import save_listing
from crossroads.kernel.consent import Area
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from crossroads.web.auth import SESSION_COOKIE
from tests.booking.service.test_bookings import listing_fields
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime.now(UTC)


def test_a_suggestion_is_sent_read_taken_up_and_its_status_seen(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        sam = make_person(session, "sam@example.org")
        coach = make_person(session, "coach@example.org", role="practitioner")
        therapist = make_person(session, "rivera@example.org", role="practitioner")
        listing_id, _ = save_listing(session, listing_fields(), NOW, therapist.id)
        grant_access(
            session, sam, practitioner_email="coach@example.org", areas=[Area.COACHING], now=NOW
        )
        tokens = {
            who: browser_session(session, runtime.master_keys, person, NOW)
            for who, person in (("sam", sam), ("coach", coach))
        }
        api_token = create_token(session, sam, name="t", scopes=["read", "write"], now=NOW)[1]

    client.cookies.set(SESSION_COOKIE, tokens["coach"])
    assert "Suggest other help" in client.get(f"/clients/{sam.id}").text
    client.post(f"/clients/{sam.id}/referrals", data={"to": "therapy", "reason": "Time to grieve."})

    client.cookies.set(SESSION_COOKIE, tokens["sam"])
    page = client.get("/referrals").text
    assert "Coach suggests therapy" in page
    assert "Time to grieve." in page
    assert "Dr Ana Rivera" in page
    [referral] = client.get(
        "/api/v1/referrals", headers={"authorization": f"Bearer {api_token}"}
    ).json()
    accepted = client.post(
        f"/api/v1/referrals/{referral['id']}/accept",
        json={"practitioner_id": listing_id, "areas": ["assessments"]},
        headers={"authorization": f"Bearer {api_token}"},
    )
    assert accepted.status_code == 204

    client.cookies.set(SESSION_COOKIE, tokens["coach"])
    sent = client.get("/referrals").text
    assert "taken up" in sent
    assert "Time to grieve." not in sent
    assert "Rivera" not in sent

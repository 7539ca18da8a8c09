"""The records page and API: a practitioner reads every note they wrote, including about a
client who has since deleted their account, and sets how long their practice keeps them."""

from datetime import UTC, datetime

from crossroads.accounts.service.tokens import create_token
from crossroads.casework.service.notes import write_note
from crossroads.kernel.consent import Area
from crossroads.ops.privacy import delete_person
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime.now(UTC)


def test_a_deleted_client_s_notes_stay_on_the_records_page_and_the_period_is_set(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        sam = make_person(session, "sam@example.org")
        therapist = make_person(session, "rivera@example.org", role="practitioner")
        grant_access(
            session, sam, practitioner_email=therapist.email, areas=[Area.JOURNAL], now=NOW
        )
        write_note(
            session, runtime.master_keys, therapist, sam.id, "Slept better", shared=True, now=NOW
        )
        delete_person(session, runtime.master_keys, sam)
        token = browser_session(session, runtime.master_keys, therapist, NOW)
        api_token = create_token(session, therapist, name="t", scopes=["read", "write"], now=NOW)[1]
    client.cookies.set(SESSION_COOKIE, token)

    page = client.get("/records").text
    assert "Slept better" in page
    assert "Sam" in page
    assert "(account deleted)" in page
    assert "7 years" in page

    refused = client.post("/records/keeping", data={"records_kept_years": "0"})
    assert refused.status_code == 422
    assert "Years to keep each note: choose between 1 and 50 years" in refused.text
    assert client.post("/records/keeping", data={"records_kept_years": "10"}).status_code == 200
    assert "10 years" in client.get("/records").text

    headers = {"authorization": f"Bearer {api_token}"}
    found = client.get("/api/v1/records", headers=headers).json()
    assert (found["keeping_years"], found["own_setting"]) == (10, True)
    [note] = found["notes"]
    assert (note["text"], note["client"], note["client_deleted"]) == ("Slept better", "Sam", True)
    back = client.put("/api/v1/records/keeping", json={"records_kept_years": None}, headers=headers)
    assert (back.json()["keeping_years"], back.json()["own_setting"]) == (7, False)

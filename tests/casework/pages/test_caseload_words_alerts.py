"""A client's acute words reach their practitioner's caseload as pages and over the API: the
client writes, sees the crisis page, and the practitioner holding the journal grant finds them
at the top of /clients with a safety alert naming where and when; one holding only another
area's grant sees none of it."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.journal.service.entries import journal_of
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from crossroads.web.auth import SESSION_COOKIE
from tests.coaching.api.test_goals import Api
from tests.conftest import FormClient
from tests.factories import browser_session, make_person
from tests.mail import messages_to

NOW = datetime.now(UTC)
ACUTE = "I'm going to end my life tonight, the pills are in my drawer"
Browse = Callable[[str], FormClient]


@pytest.fixture
def people(runtime: Runtime) -> dict[str, Person]:
    """Robin writes; Aaron (first by name) shares a calm journal; the therapist holds both
    journals, the coach only Robin's coaching."""
    with runtime.database.transaction() as session:
        people = {
            "robin": make_person(session, "robin@example.org"),
            "aaron": make_person(session, "aaron@example.org"),
            "therapist": make_person(session, "therapist@example.org", role="practitioner"),
            "coach": make_person(session, "coach@example.org", role="practitioner"),
        }
        for name in ("robin", "aaron"):
            grant_access(
                session,
                people[name],
                practitioner_email="therapist@example.org",
                areas=[Area.JOURNAL],
                now=NOW,
            )
        grant_access(
            session,
            people["robin"],
            practitioner_email="coach@example.org",
            areas=[Area.COACHING],
            now=NOW,
        )
    return people


@pytest.fixture
def as_(client: FormClient, runtime: Runtime, people: dict[str, Person]) -> Browse:
    def browse(name: str) -> FormClient:
        with runtime.database.transaction() as session:
            token = browser_session(session, runtime.master_keys, people[name], NOW)
        client.cookies.set(SESSION_COOKIE, token)
        return client

    return browse


def test_an_acute_entry_puts_the_client_first_on_the_practitioners_caseload(
    as_: Browse, runtime: Runtime
) -> None:
    written = as_("robin").post("/journal", data={"mood": "1", "what_happened": ACUTE})
    assert "Before anything else" in written.text  # the client's own crisis page comes first

    page = as_("therapist").get("/clients").text

    today = datetime.now(UTC)
    alert = f"Journal, {today.day} {today:%B}: the words screened acute"
    assert alert in page
    assert page.index("Robin") < page.index(alert) < page.index("Aaron")
    assert "pills" not in page
    with runtime.database.transaction() as session:
        [email] = messages_to(session, "therapist@example.org")
        assert messages_to(session, "coach@example.org") == []
    assert "Robin" not in email.body
    coach_page = as_("coach").get("/clients").text
    assert "Robin" in coach_page
    assert "screened" not in coach_page


def test_the_overview_and_the_api_show_the_same_alert(
    as_: Browse, client: FormClient, runtime: Runtime, people: dict[str, Person]
) -> None:
    as_("robin").post("/journal", data={"mood": "1", "what_happened": ACUTE})
    overview = as_("therapist").get(f"/clients/{people['robin'].id}").text
    api = _api(runtime, client, people)

    first, second = api["therapist"]("GET", "/api/v1/caseload").json()
    [coached] = api["coach"]("GET", "/api/v1/caseload").json()

    assert "the words screened acute" in overview
    assert "they were shown the crisis lines at the time" in overview
    assert (first["display_name"], second["display_name"]) == ("Robin", "Aaron")
    assert [a["kind"] for a in first["alerts"]] == ["safety screen"]
    with runtime.database.reading() as session:
        [entry] = journal_of(session, runtime.master_keys, people["robin"])
    assert first["alerts"][0]["source_id"] == entry.id  # the entry that raised it
    assert second["alerts"] == []
    assert coached["alerts"] == []


def _api(runtime: Runtime, client: FormClient, people: dict[str, Person]) -> dict[str, Any]:
    with runtime.database.transaction() as session:
        tokens = {
            name: create_token(session, people[name], name="t", scopes=["read"], now=NOW)[1]
            for name in ("therapist", "coach")
        }
    return {name: Api(client, token) for name, token in tokens.items()}

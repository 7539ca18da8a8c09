"""A signed-in person keeps their safety plan: written, shown, changed and downloaded, sealed
at rest; their saved region picks the lines beside it. A client shares it from the sharing page,
and the practitioner holding that grant reads it on the client's page (in the client's access
log); a practitioner without the grant does not."""

import io
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from crossroads.accounts.service.accounts import change_region
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.platform.audit import accesses_to
from crossroads.platform.person_rows import find_person
from crossroads.platform.runtime import Runtime
from crossroads.safety_plan.store import find_plan
from crossroads.sharing.service.grants import grant_access
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime.now(UTC)
Browse = Callable[[str], FormClient]
PLAN = {
    "warning_signs": "Not sleeping, skipping meals",
    "on_my_own": "Cold shower\nLoud music",
    "reasons": "My daughter",
}


@pytest.fixture
def people(runtime: Runtime) -> dict[str, Person]:
    with runtime.database.transaction() as session:
        people = {
            "ana": make_person(session, "ana@example.org"),
            "therapist": make_person(session, "therapist@example.org", role="practitioner"),
            "coach": make_person(session, "coach@example.org", role="practitioner"),
        }
        grant_access(
            session,
            people["ana"],
            practitioner_email="therapist@example.org",
            areas=[Area.SAFETY_PLAN],
            now=NOW,
        )
        grant_access(
            session,
            people["ana"],
            practitioner_email="coach@example.org",
            areas=[Area.COACHING],
            now=NOW,
        )
    return people


@pytest.fixture
def as_(client: FormClient, runtime: Runtime, people: dict[str, Person]) -> Browse:
    """The browser, signed in as the named person."""

    def browse(name: str) -> FormClient:
        with runtime.database.transaction() as session:
            token = browser_session(session, runtime.master_keys, people[name], NOW)
        client.cookies.set(SESSION_COOKIE, token)
        return client

    return browse


def save(browser: FormClient, **written: str) -> None:
    response = browser.post("/safety-plan", data=written, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith("/safety-plan")


def test_a_signed_in_person_without_a_plan_gets_the_form_to_keep_one(as_: Browse) -> None:
    html = as_("ana").get("/safety-plan").text

    assert "Your plan is kept in your account, encrypted with your own key." in html
    assert ">Save my plan</button>" in html
    assert "We don't keep what you write here." not in html


def test_a_saved_plan_is_shown_with_the_lines_and_a_way_to_change_it(as_: Browse) -> None:
    ana = as_("ana")
    save(ana, **PLAN)

    html = ana.get("/safety-plan").text

    assert "Kept in your account, encrypted." in html
    assert "Not sleeping, skipping meals" in html
    assert "Cold shower\nLoud music" in html
    assert html.count("(blank to fill in by hand)") == 4
    assert 'href="/safety-plan.pdf"' in html
    assert 'href="/safety-plan?edit=1"' in html
    assert "Lines I can call or text any time" in html


def test_changing_the_plan_starts_from_what_is_saved(as_: Browse) -> None:
    ana = as_("ana")
    save(ana, **PLAN)

    html = ana.get("/safety-plan", params={"edit": "1"}).text

    assert ">My daughter</textarea>" in html
    save(ana, reasons="My daughter and my dog")
    shown = ana.get("/safety-plan").text
    assert "My daughter and my dog" in shown
    assert "Not sleeping" not in shown


def test_emptying_every_part_removes_the_plan(
    as_: Browse, people: dict[str, Person], session: Session
) -> None:
    ana = as_("ana")
    save(ana, **PLAN)

    save(ana, **dict.fromkeys(PLAN, " "))

    assert find_plan(session, people["ana"].id) is None
    assert ">Save my plan</button>" in ana.get("/safety-plan").text


def test_the_plan_is_sealed_at_rest(
    as_: Browse, people: dict[str, Person], session: Session
) -> None:
    save(as_("ana"), **PLAN)

    row = find_plan(session, people["ana"].id)

    assert row is not None
    assert "daughter" not in row.sealed
    assert "sleeping" not in row.sealed


def test_a_part_too_long_is_refused_and_nothing_changes(
    as_: Browse, people: dict[str, Person], session: Session
) -> None:
    ana = as_("ana")
    save(ana, **PLAN)

    response = ana.post("/safety-plan", data={"reasons": "x" * 4_001, "on_my_own": "A bath"})

    assert response.status_code == 422
    assert "My reasons to live: keep each part to 4000 characters or fewer" in response.text
    assert ">A bath</textarea>" in response.text
    assert "Not sleeping, skipping meals" in ana.get("/safety-plan").text


def test_the_saved_plan_downloads_as_a_pdf_with_the_lines_of_the_persons_region(
    as_: Browse, people: dict[str, Person], runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        change_region(session, people["ana"], "IE")
    ana = as_("ana")
    save(ana, **PLAN)

    response = ana.get("/safety-plan.pdf")

    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "My safety plan: Ana" in text
    assert "Not sleeping, skipping meals" in text
    assert "Text HELLO to 50808" in text


def test_the_saved_region_picks_the_lines_over_the_browsers_language(
    as_: Browse, people: dict[str, Person], runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        change_region(session, people["ana"], "AU")

    html = as_("ana").get("/help-now", headers={"accept-language": "en-US"}).text

    assert "Lifeline" in html
    assert "988 Suicide" not in html


def test_the_time_zone_picks_the_lines_when_nothing_else_says(
    as_: Browse, people: dict[str, Person], runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        row = find_person(session, people["ana"].id)
        assert row is not None
        row.time_zone = "Europe/Dublin"

    html = as_("ana").get("/help-now", headers={"accept-language": "en"}).text

    assert "50808" in html


def test_the_sharing_page_offers_the_safety_plan(as_: Browse) -> None:
    html = as_("ana").get("/sharing").text

    assert '<input type="checkbox" name="areas" value="safety_plan"> My safety plan' in html


def test_the_practitioner_with_the_grant_reads_the_plan_on_the_clients_page(
    as_: Browse, people: dict[str, Person], session: Session
) -> None:
    save(as_("ana"), **PLAN)

    html = as_("therapist").get(f"/clients/{people['ana'].id}").text

    assert '<h2 id="safety-plan-heading">Safety plan</h2>' in html
    assert "Not sleeping, skipping meals" in html
    assert "<dt>My reasons to live</dt>" in html
    reads = [a for a in accesses_to(session, people["ana"].id) if a.target == "safety plan"]
    assert [(a.action, a.grant_id is not None) for a in reads] == [("read", True)]
    assert "Therapist" in reads[0].actor


def test_a_client_who_has_not_written_one_yet_is_said_so(
    as_: Browse, people: dict[str, Person]
) -> None:
    html = as_("therapist").get(f"/clients/{people['ana'].id}").text

    assert "Ana has not written a safety plan yet." in html


def test_a_practitioner_without_the_grant_sees_no_plan_and_nothing_is_logged(
    as_: Browse, people: dict[str, Person], session: Session
) -> None:
    save(as_("ana"), **PLAN)

    html = as_("coach").get(f"/clients/{people['ana'].id}").text

    assert "safety-plan-heading" not in html
    assert "Not sleeping" not in html
    assert not [a for a in accesses_to(session, people["ana"].id) if a.target == "safety plan"]


def test_the_readable_export_holds_the_plan_and_the_region(
    as_: Browse, people: dict[str, Person], runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        change_region(session, people["ana"], "NZ")
    ana = as_("ana")
    save(ana, **PLAN)

    html = ana.get("/account/export").text

    assert "<dd>New Zealand</dd>" in html
    assert "<dt>My reasons to live</dt><dd>My daughter</dd>" in html

"""Measures, homework and the caseload as pages: a retake with its verbatim items, the trend over
the bands, the crisis lines on item 9, schedules; the caseload with alerts first, the overview
with notes and homework that reach the client, and the downloads."""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from crossroads.assessment.rules.instruments import PHQ9
from crossroads.assessment.service.assessments import record_assessment
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import browser_session, make_person, make_therapist

NOW = datetime.now(UTC)
Browse = Callable[[str], FormClient]


def phq9_form(*answers: int) -> dict[str, str]:
    return {f"phq9_{n}": str(value) for n, value in enumerate(answers)}


CALM = phq9_form(0, 1, 0, 1, 0, 0, 1, 0, 0)  # 3
LOW = phq9_form(2, 2, 2, 2, 1, 1, 1, 1, 0)  # 12


@pytest.fixture
def people(runtime: Runtime) -> dict[str, Person]:
    with runtime.database.transaction() as session:
        people = {
            "ana": make_person(session, "ana@example.org"),
            "ben": make_person(session, "ben@example.org"),
            "therapist": make_therapist(session, "therapist@example.org", now=NOW),
        }
        for name in ("ana", "ben"):
            grant_access(
                session,
                people[name],
                practitioner_email="therapist@example.org",
                areas=[Area.ASSESSMENTS],
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


def test_the_retake_form_shows_the_items_verbatim(as_: Browse) -> None:
    page = as_("ana").get("/measures/phq9").text
    for item in PHQ9.items:
        assert item.replace("'", "&#39;") in page


def test_a_retake_joins_the_trend_drawn_over_the_bands(as_: Browse) -> None:
    browser = as_("ana")
    first = browser.post("/measures/phq9", data=CALM, follow_redirects=False)
    browser.post("/measures/phq9", data=LOW)

    page = browser.get("/measures").text

    assert first.headers["location"] == "/measures#phq9"
    assert "<strong>12</strong>" in page
    assert "moderate" in page
    assert "Since the time before: worse." in page
    assert page.count('class="measure-chart-band"') == 5
    assert "2 results from" in page


def test_item9_shows_the_crisis_lines_on_top_and_asks_the_asq(as_: Browse) -> None:
    page = as_("ana").post("/measures/phq9", data=phq9_form(0, 0, 0, 0, 0, 0, 0, 0, 1))
    assert page.status_code == 200
    assert page.text.index('href="tel:') < page.text.index("Can we ask you a few questions?")
    assert "In the past few weeks, have you wished you were dead?" in page.text
    assert 'href="/measures#phq9"' in page.text


def test_the_crisis_lines_are_for_the_region_of_the_latest_assessment(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    with runtime.database.transaction() as session:
        record_assessment(session, runtime.master_keys, {"region": "GB"}, owner=people["ana"])

    page = as_("ana").post("/measures/phq9", data=phq9_form(0, 0, 0, 0, 0, 0, 0, 0, 1)).text

    assert "Samaritans" in page


def test_the_measures_page_keeps_the_crisis_lines_until_item9_is_answered_0(
    as_: Browse,
) -> None:
    browser = as_("ana")
    browser.post("/measures/phq9", data=phq9_form(0, 0, 0, 0, 0, 0, 0, 0, 1))
    while_at_risk = browser.get("/measures").text
    browser.post("/measures/phq9", data=phq9_form(0, 0, 0, 0, 0, 0, 0, 0, 0))
    after = browser.get("/measures").text

    assert "Support now" in while_at_risk
    assert "Support now" not in after


def test_a_half_answered_retake_comes_back_naming_the_question(as_: Browse) -> None:
    data = phq9_form(1, 1, 1)
    response = as_("ana").post("/measures/phq9", data=data)
    assert response.status_code == 422
    assert "Question 4 of the PHQ-9 has no answer" in response.text
    assert 'value="1" checked' in response.text


def test_an_unknown_questionnaire_is_not_found(as_: Browse) -> None:
    assert as_("ana").get("/measures/bdi").status_code == 404
    assert as_("ana").post("/measures/bdi", data=CALM).status_code == 404


def test_a_client_sets_a_retake_schedule(as_: Browse) -> None:
    browser = as_("ana")
    browser.post("/measures/schedules/gad7", data={"every_days": "14"})
    page = browser.get("/measures").text
    assert '<option value="14" selected>Every 2 weeks</option>' in page
    refused = browser.post("/measures/schedules/gad7", data={"every_days": "3"})
    assert refused.status_code == 422
    assert "Every how many days: choose between 7 and 365 days" in refused.text


def test_the_caseload_lists_the_client_with_an_alert_first(as_: Browse) -> None:
    as_("ana").post("/measures/phq9", data=CALM)
    as_("ben").post("/measures/phq9", data=CALM)
    as_("ben").post("/measures/phq9", data=LOW)

    page = as_("therapist").get("/clients").text

    assert page.index("Ben") < page.index("Ana")
    assert "PHQ-9 went from 3 to 12" in page


def test_notes_and_homework_from_the_overview_reach_the_client(
    as_: Browse, people: dict[str, Person]
) -> None:
    ana = people["ana"].id
    therapist = as_("therapist")
    due = (NOW.date() + timedelta(days=7)).isoformat()
    therapist.post(f"/clients/{ana}/notes", data={"text": "Private thoughts"})
    therapist.post(f"/clients/{ana}/notes", data={"text": "Plan: sleep diary", "shared": "yes"})
    therapist.post(f"/clients/{ana}/homework", data={"text": "Keep a sleep diary", "due_on": due})
    overview = therapist.get(f"/clients/{ana}").text
    refused = therapist.post(f"/clients/{ana}/homework", data={"text": "No date"})

    mine = as_("ana").get("/homework").text

    assert "Private thoughts" in overview
    assert "Keep a sleep diary" in overview
    assert refused.status_code == 422
    assert "The date it is due: homework needs a date to be done by" in refused.text
    assert "Plan: sleep diary" in mine
    assert "Private thoughts" not in mine
    assert "Keep a sleep diary" in mine


def test_the_client_marks_homework_done(as_: Browse, people: dict[str, Person]) -> None:
    due = (NOW.date() + timedelta(days=7)).isoformat()
    as_("therapist").post(
        f"/clients/{people['ana'].id}/homework", data={"text": "Walk", "due_on": due}
    )
    browser = as_("ana")
    page = browser.get("/homework").text
    homework_id = page.split('action="/homework/')[1].split('"')[0]

    browser.post(f"/homework/{homework_id}", data={"done": "yes"})

    assert "Nothing to do right now." in browser.get("/homework").text


def test_the_practitioner_sets_a_retake_schedule_the_client_sees(
    as_: Browse, people: dict[str, Person]
) -> None:
    as_("therapist").post(f"/clients/{people['ana'].id}/retakes/phq9", data={"every_days": "28"})
    assert "(set by your practitioner)" in as_("ana").get("/measures").text


def test_the_practitioner_stops_a_schedule_by_choosing_zero_days(
    as_: Browse, people: dict[str, Person]
) -> None:
    url = f"/clients/{people['ana'].id}/retakes/phq9"
    as_("therapist").post(url, data={"every_days": "28"})

    stopped = as_("therapist").post(url, data={"every_days": "0"})

    assert stopped.status_code == 200  # back on the client's page
    assert "(set by your practitioner)" not in as_("ana").get("/measures").text


def test_downloads_hold_fhir_and_the_caseload(as_: Browse) -> None:
    as_("ana").post("/measures/phq9", data=CALM)
    fhir = as_("ana").get("/measures/export.fhir.json")
    caseload = as_("therapist").get("/clients/export.json")

    assert fhir.headers["content-type"].startswith("application/fhir+json")
    assert json.loads(fhir.text)["entry"][0]["resource"]["questionnaire"] == (
        "http://loinc.org/q/44249-1"
    )
    assert "attachment" in caseload.headers["content-disposition"]
    names = [c["display_name"] for c in json.loads(caseload.text)["clients"]]
    assert sorted(names) == ["Ana", "Ben"]


def test_the_account_export_lists_retakes_and_homework(
    as_: Browse, people: dict[str, Person]
) -> None:
    as_("ana").post("/measures/phq9", data=LOW)
    therapist = as_("therapist")
    therapist.post(
        f"/clients/{people['ana'].id}/homework",
        data={"text": "Walk after lunch", "due_on": (NOW.date() + timedelta(days=3)).isoformat()},
    )

    page = as_("ana").get("/account/export").text

    assert "Questionnaires you answered (1)" in page
    assert "PHQ-9: 12 out of 27, moderate" in page
    assert "<h3>Walk after lunch</h3>" in page
    assert "<dt>From</dt><dd>Therapist</dd>" in page

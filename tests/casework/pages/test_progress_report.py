"""The progress report as pages: the client reads it for a chosen period, downloads a PDF whose
text reads back, and shares a copy that the practitioner opens from the overview, as HTML and
PDF."""

import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from crossroads.journal.rules.entries import EntryKind, plan_entry
from crossroads.journal.rules.exercises import plan_exercise
from crossroads.journal.service.entries import add_entry
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from crossroads.web.auth import SESSION_COOKIE
from tests.assessment.pages.test_trends import CALM, LOW
from tests.coaching.pages.test_goals import RUNNING
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime.now(UTC)
Browse = Callable[[str], FormClient]


@pytest.fixture
def people(runtime: Runtime) -> dict[str, Person]:
    with runtime.database.transaction() as session:
        people = {
            "zoe": make_person(session, "zoe@example.org"),
            "therapist": make_person(session, "therapist@example.org", role="practitioner"),
        }
        grant_access(
            session,
            people["zoe"],
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


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_report_page_shows_the_period(as_: Browse) -> None:
    browser = as_("zoe")
    browser.post("/measures/phq9", data=LOW)
    browser.post("/measures/phq9", data=CALM)

    page = browser.get("/report").text

    assert "PHQ-9 results in this period" in page
    assert "Since the first in this period: better." in page
    assert "Remission" not in page  # a retake the same day is too soon to tell


def test_the_pdf_reads_back_as_the_report(as_: Browse) -> None:
    browser = as_("zoe")
    browser.post("/measures/phq9", data=LOW)
    browser.post("/measures/phq9", data=CALM)
    today = NOW.date()

    response = browser.get(f"/report.pdf?from={(today - timedelta(days=6)).isoformat()}")

    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Progress report: Zoe" in text
    assert f"{(today - timedelta(days=6)).day} {today - timedelta(days=6):%B %Y}" in text
    assert "12 (moderate)" in text
    assert "3 (minimal)" in text
    assert "Remission" not in text  # a retake the same day is too soon to tell
    assert "not a diagnosis" in text


def keep_a_journal_and_a_goal(browser: FormClient, runtime: Runtime, zoe: Person) -> None:
    """Two PHQ-9 results, moods on two days and a goal with a check-in."""
    browser.post("/measures/phq9", data=LOW)
    browser.post("/measures/phq9", data=CALM)
    with runtime.database.transaction() as session:
        for days_ago, mood in ((3, 4), (0, 6)):
            entry = plan_entry(at=NOW - timedelta(days=days_ago), mood=mood)
            add_entry(session, runtime.master_keys, zoe, entry, NOW)
    goal = browser.post("/goals/new", data=RUNNING, follow_redirects=False)
    browser.post(f"{goal.headers['location']}/check-ins", data={"value": "12"})


def test_the_report_page_draws_its_charts_with_their_text_alternatives(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    browser = as_("zoe")
    keep_a_journal_and_a_goal(browser, runtime, people["zoe"])

    page = browser.get("/report").text

    for chart, title in (
        ("report-measure-1", "PHQ-9 over time"),
        ("report-goals", "How far along each goal is"),
        ("report-mood", "Mood over time"),
    ):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in page
        assert f'<title id="{chart}-title">{title}</title>' in page
    assert "Run 30 km a month is at 40%." in page
    assert "2 days with a mood from " in page
    assert page.count("<summary>Show the numbers</summary>") == 3


def test_the_pdf_holds_the_same_charts_as_the_page(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    browser = as_("zoe")
    keep_a_journal_and_a_goal(browser, runtime, people["zoe"])

    text = pdf_text(browser.get("/report.pdf").content)

    assert "PHQ-9 over time" in text
    assert "How far along each goal is" in text
    assert "Run 30 km a month is at 40%." in text
    assert "Mood over time" in text
    assert "Run 30 km a month: on track, 40% of the way; 1 check-in in this period." in text
    assert "2 entries in this period." in text


def test_a_period_running_backwards_comes_back_with_the_reason(as_: Browse) -> None:
    response = as_("zoe").get("/report?from=2026-03-10&to=2026-03-01")
    assert response.status_code == 422
    assert "From: the period must start on or before its last day" in response.text


def test_a_shared_copy_opens_for_the_practitioner_as_html_and_pdf(
    as_: Browse, people: dict[str, Person]
) -> None:
    zoe = people["zoe"].id
    as_("zoe").post("/measures/who5", data={f"who5_{n}": "3" for n in range(5)})
    shared = as_("zoe").post(
        "/report/share", data={"practitioner": people["therapist"].id}, follow_redirects=True
    )
    overview = as_("therapist").get(f"/clients/{zoe}").text
    report_url = overview.split(f'href="/clients/{zoe}/reports/')[1].split('"')[0]

    page = as_("therapist").get(f"/clients/{zoe}/reports/{report_url}").text
    pdf = as_("therapist").get(f"/clients/{zoe}/reports/{report_url}.pdf")

    assert "Shared." in shared.text
    assert "Progress report from Zoe" in page
    assert "60% (good wellbeing)" in pdf_text(pdf.content)


def test_the_client_withdraws_a_shared_copy_and_it_no_longer_opens(
    as_: Browse, people: dict[str, Person]
) -> None:
    zoe = people["zoe"].id
    shared = as_("zoe").post(
        "/report/share", data={"practitioner": people["therapist"].id}, follow_redirects=True
    )
    report_id = shared.text.split('action="/report/shared/')[1].split("/")[0]
    assert as_("therapist").get(f"/clients/{zoe}/reports/{report_id}").status_code == 200

    withdrawn = as_("zoe").post(f"/report/shared/{report_id}/withdraw", follow_redirects=True)

    assert "Withdrawn. That copy is gone" in withdrawn.text
    assert as_("therapist").get(f"/clients/{zoe}/reports/{report_id}").status_code == 404


def test_sharing_with_someone_the_client_does_not_share_with_is_refused(as_: Browse) -> None:
    response = as_("zoe").post("/report/share", data={"practitioner": "nobody"})
    assert response.status_code == 422
    assert "The practitioner: choose a practitioner you already share with" in response.text


def test_the_report_page_lists_the_weeks_of_coping_and_healing_work(as_: Browse) -> None:
    zoe = as_("zoe")
    assert "Coping and healing work" not in zoe.get("/report").text

    zoe.post("/right-now/log", data={"tool": "grounding"}, follow_redirects=False)

    page = zoe.get("/report").text
    assert "<caption>Coping and healing work, in the weeks with any</caption>" in page
    assert "<td>0</td><td>1</td><td>0</td><td>0</td>" in page


def test_two_weeks_of_work_draw_the_balance_on_the_page_the_copy_and_its_pdf(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    zoe = people["zoe"]
    with runtime.database.transaction() as session:
        felt = plan_exercise(EntryKind.FEELING, {"feeling": "Sad"}, NOW - timedelta(days=7))
        add_entry(session, runtime.master_keys, zoe, felt, NOW)
    as_("zoe").post("/right-now/log", data={"tool": "grounding"}, follow_redirects=False)

    page = as_("zoe").get("/report").text
    as_("zoe").post("/report/share", data={"practitioner": people["therapist"].id})
    overview = as_("therapist").get(f"/clients/{zoe.id}").text
    copy = overview.split(f'href="/clients/{zoe.id}/reports/')[1].split('"')[0]
    shared = as_("therapist").get(f"/clients/{zoe.id}/reports/{copy}").text
    pdf = pdf_text(as_("therapist").get(f"/clients/{zoe.id}/reports/{copy}.pdf").content)

    for html in (page, shared):
        assert 'aria-labelledby="report-balance-title report-balance-desc"' in html
        assert "is highest at 100%;" in html
        assert "is lowest at 0%." in html
    assert "Healing work, share of each week's effort" in pdf
    assert "Coping and healing work, in the weeks with any:" in pdf

"""Scope by credential on the caseload's pages and API: a coach holding a client's assessments
grant gets 404 on the client's PHQ-9 trend until the client shares their questionnaire scores by
name, and cannot schedule a PHQ-9 retake, yet sees the WHO-5 and the safety alert; a licensed
therapist sees it all, until the licence expires."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.assessment.service.assessments import record_assessment
from crossroads.assessment.service.results import record_measure
from crossroads.booking.service.directory import save_listing
from crossroads.casework.service.progress_report import progress_report, share_report
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.platform.audit import accesses_to
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from crossroads.web.auth import SESSION_COOKIE
from tests.coaching.api.test_goals import Api
from tests.conftest import FormClient
from tests.factories import browser_session, make_person, make_therapist

NOW = datetime.now(UTC)
URGENT_ASQ = {
    "wished_dead": True,
    "family_better_off": False,
    "thoughts_of_killing_self": False,
    "tried_before": False,
    "thoughts_right_now": False,
}
PRACTITIONERS = ("coach", "therapist", "lapsed")
Browse = Callable[[str], FormClient]


@pytest.fixture
def people(runtime: Runtime) -> dict[str, Person]:
    """Ana answered the ASQ urgently a day ago, then retook the PHQ-9 twice (reliably worse)
    and the WHO-5; a coach, a licensed therapist and a therapist whose licence lapsed yesterday
    each hold her assessments grant."""
    with runtime.database.transaction() as session:
        keys = runtime.master_keys
        ana = make_person(session, "ana@example.org")
        coach = make_person(session, "coach@example.org", role="practitioner")
        save_listing(
            session, {"email": coach.email, "name": "Cass", "kind": "coach"}, NOW, coach.id
        )
        people = {
            "ana": ana,
            "coach": coach,
            "therapist": make_therapist(session, "therapist@example.org", now=NOW),
            "lapsed": make_therapist(
                session,
                "lapsed@example.org",
                now=NOW,
                licensed_until=NOW.date() - timedelta(days=1),
            ),
        }
        for name in PRACTITIONERS:
            grant_access(
                session,
                ana,
                practitioner_email=people[name].email,
                areas=[Area.ASSESSMENTS],
                now=NOW,
            )
        urgent = {"phq9": [0] * 8 + [1], "asq": URGENT_ASQ}
        record_assessment(session, keys, urgent, owner=ana, now=NOW - timedelta(days=1))
        for instrument, answers in (
            ("phq9", [1, 1, 1, 1, 0, 0, 0, 0, 0]),
            ("phq9", [2, 2, 2, 1, 1, 1, 1, 0, 0]),
            ("who5", [3, 3, 3, 3, 3]),
        ):
            record_measure(session, keys, ana, instrument, answers, now=NOW, public_url="")
    return people


@pytest.fixture
def as_(client: FormClient, runtime: Runtime, people: dict[str, Person]) -> Browse:
    def browse(name: str) -> FormClient:
        with runtime.database.transaction() as session:
            token = browser_session(session, runtime.master_keys, people[name], NOW)
        client.cookies.set(SESSION_COOKIE, token)
        return client

    return browse


@pytest.fixture
def api(client: FormClient, runtime: Runtime, people: dict[str, Person]) -> dict[str, Api]:
    with runtime.database.transaction() as session:
        return {
            name: Api(
                client,
                create_token(session, people[name], name="t", scopes=["read", "write"], now=NOW)[1],
            )
            for name in PRACTITIONERS
        }


def share_scores(runtime: Runtime, people: dict[str, Person], name: str) -> None:
    with runtime.database.transaction() as session:
        grant_access(
            session,
            people["ana"],
            practitioner_email=people[name].email,
            areas=[Area.CLINICAL],
            now=NOW,
        )


def trend_status(as_: Browse, api: dict[str, Api], ana: Person, name: str) -> tuple[int, int]:
    """(the page's status, the API's status) for `name` asking for Ana's PHQ-9 trend."""
    page = as_(name).get(f"/clients/{ana.id}/measures/phq9")
    answer = api[name]("GET", f"/api/v1/caseload/{ana.id}/measures/phq9")
    return page.status_code, answer.status_code


def test_a_coach_gets_404_on_a_client_s_phq9_trend_until_the_client_shares_it_by_name(
    as_: Browse, api: dict[str, Api], runtime: Runtime, people: dict[str, Person]
) -> None:
    ana = people["ana"]
    assert trend_status(as_, api, ana, "coach") == (404, 404)
    assert "PHQ-9" not in as_("coach").get(f"/clients/{ana.id}/measures/phq9").text

    share_scores(runtime, people, "coach")

    assert trend_status(as_, api, ana, "coach") == (200, 200)
    answer = api["coach"]("GET", f"/api/v1/caseload/{ana.id}/measures/phq9").json()
    assert [r["score"] for r in answer["trend"]["results"]] == [1, 4, 10]


def test_a_therapist_with_the_assessments_grant_sees_the_phq9_trend_and_it_is_logged(
    as_: Browse, api: dict[str, Api], runtime: Runtime, people: dict[str, Person]
) -> None:
    ana = people["ana"]

    page = as_("therapist").get(f"/clients/{ana.id}/measures/phq9")
    answer = api["therapist"]("GET", f"/api/v1/caseload/{ana.id}/measures/phq9")

    assert (page.status_code, answer.status_code) == (200, 200)
    assert 'id="chart-phq9' in page.text
    assert "moderate" in page.text  # the latest total's band
    body = answer.json()
    assert (body["client_id"], body["instrument"], body["name"]) == (ana.id, "phq9", "PHQ-9")
    assert body["trend"]["since_previous"] == "worse"
    with runtime.database.transaction() as session:
        reads = [a for a in accesses_to(session, ana.id) if "therapist@example.org" in a.actor]
    assert [a.target for a in reads] == ["measures", "measures"]


def test_a_therapist_whose_licence_expired_is_treated_as_a_coach(
    as_: Browse, api: dict[str, Api], people: dict[str, Person]
) -> None:
    ana = people["ana"]

    assert trend_status(as_, api, ana, "lapsed") == (404, 404)
    overview = api["lapsed"]("GET", f"/api/v1/caseload/{ana.id}").json()
    assert [m["instrument"] for m in overview["measures"]] == ["who5"]


def test_a_coach_sees_the_who5_trend_and_a_questionnaire_there_is_none_of_is_404_for_all(
    as_: Browse, api: dict[str, Api], people: dict[str, Person]
) -> None:
    ana = people["ana"]

    assert as_("coach").get(f"/clients/{ana.id}/measures/who5").status_code == 200
    who5 = api["coach"]("GET", f"/api/v1/caseload/{ana.id}/measures/who5").json()
    assert [r["score"] for r in who5["trend"]["results"]] == [60]
    for name in ("coach", "therapist"):
        assert as_(name).get(f"/clients/{ana.id}/measures/phq2").status_code == 404
        assert api[name]("GET", f"/api/v1/caseload/{ana.id}/measures/nope").status_code == 404


def test_a_coach_still_sees_the_safety_alert_and_no_clinical_score_on_the_caseload(
    as_: Browse, api: dict[str, Api], people: dict[str, Person]
) -> None:
    ana = people["ana"]

    caseload = as_("coach").get("/clients").text
    overview = as_("coach").get(f"/clients/{ana.id}").text
    body: dict[str, Any] = api["coach"]("GET", f"/api/v1/caseload/{ana.id}").json()

    for page in (caseload, overview):
        assert "Safety screen:" in page
        assert "PHQ-9 went from" not in page
    assert "are not shown" in overview
    assert f"/clients/{ana.id}/retakes/who5" in overview
    assert f"/clients/{ana.id}/retakes/phq9" not in overview
    assert [a["kind"] for a in body["alerts"]] == ["safety screen"]
    assert [m["instrument"] for m in body["measures"]] == ["who5"]
    therapist = as_("therapist").get(f"/clients/{ana.id}").text
    assert "PHQ-9 went from 4 to 10" in therapist
    assert "are not shown" not in therapist
    assert f"/clients/{ana.id}/measures/phq9" in therapist


def test_a_coach_cannot_schedule_a_phq9_retake_but_can_schedule_the_who5(
    as_: Browse, api: dict[str, Api], people: dict[str, Person]
) -> None:
    ana = people["ana"]
    coach = as_("coach")

    refused = coach.post(f"/clients/{ana.id}/retakes/phq9", data={"every_days": "28"})
    empty = coach.post(f"/clients/{ana.id}/retakes/phq9", data={"every_days": ""})
    set_ = coach.post(
        f"/clients/{ana.id}/retakes/who5", data={"every_days": "28"}, follow_redirects=False
    )
    put = f"/api/v1/caseload/{ana.id}/schedules/"

    assert (refused.status_code, empty.status_code, set_.status_code) == (404, 404, 303)
    assert api["coach"]("PUT", put + "phq9", {"every_days": 14}).status_code == 404
    assert api["coach"]("PUT", put + "who5", {"every_days": 14}).status_code == 204
    assert api["therapist"]("PUT", put + "phq9", {"every_days": 14}).status_code == 204
    retakes = api["coach"]("GET", f"/api/v1/caseload/{ana.id}").json()["retakes"]
    assert [r["instrument"] for r in retakes] == ["who5"]


def test_a_coach_reads_a_shared_progress_report_without_the_phq9(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    ana = people["ana"]
    with runtime.database.transaction() as session:
        report = progress_report(session, runtime.master_keys, ana, None, None, NOW)
        ids = {
            name: share_report(session, runtime.master_keys, ana, people[name].id, report, NOW)
            for name in ("coach", "therapist")
        }

    coach = as_("coach").get(f"/clients/{ana.id}/reports/{ids['coach']}").text
    therapist = as_("therapist").get(f"/clients/{ana.id}/reports/{ids['therapist']}").text

    assert "<h4>WHO-5</h4>" in coach
    assert "<h4>PHQ-9</h4>" not in coach
    assert "The PHQ-9, GAD-7 and PC-PTSD-5 results are left out" in coach
    assert "<h4>PHQ-9</h4>" in therapist
    assert "are left out" not in therapist


def test_a_coach_s_view_of_a_result_says_the_scores_are_left_out_a_therapist_s_does_not(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    with runtime.database.transaction() as session:
        stored = record_assessment(
            session, runtime.master_keys, {"phq9": [1] * 9}, owner=people["ana"], now=NOW
        )
    left_out = "questionnaire scores (PHQ-9, GAD-7, PC-PTSD-5) are left out"

    assert left_out in as_("coach").get(f"/assessments/{stored.id}").text
    assert left_out not in as_("therapist").get(f"/assessments/{stored.id}").text

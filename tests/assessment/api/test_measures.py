"""/api/v1/measures and /api/v1/caseload over HTTP: a client retakes and reads trends, the crisis
lines come with item 9, a practitioner with the grant sees the alert first, writes notes and
homework, and exports the caseload; FHIR comes out valid."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from crossroads.accounts.service.tokens import create_token
from crossroads.kernel.consent import Area
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from tests.coaching.api.test_goals import Api
from tests.conftest import FormClient
from tests.factories import make_person, make_therapist

NOW = datetime.now(UTC)
CALM = [0, 1, 0, 1, 0, 0, 1, 0, 0]  # PHQ-9 total 3
LOW = [2, 2, 2, 2, 1, 1, 1, 1, 0]  # PHQ-9 total 12


@pytest.fixture
def api(runtime: Runtime, client: FormClient) -> dict[str, Any]:
    with runtime.database.transaction() as session:
        people = {
            "client": make_person(session, "client@example.org"),
            "calm": make_person(session, "calm@example.org"),
            "therapist": make_therapist(session, "therapist@example.org", now=NOW),
            "stranger": make_person(session, "stranger@example.org", role="practitioner"),
        }
        for name in ("client", "calm"):
            grant_access(
                session,
                people[name],
                practitioner_email="therapist@example.org",
                areas=[Area.ASSESSMENTS],
                now=NOW,
            )
        tokens = {
            name: create_token(session, person, name="t", scopes=["read", "write"], now=NOW)[1]
            for name, person in people.items()
        }
    return {
        "ids": {name: person.id for name, person in people.items()},
        **{name: Api(client, token) for name, token in tokens.items()},
    }


def test_a_client_retakes_and_reads_the_trend(api: dict[str, Any]) -> None:
    first = api["client"]("POST", "/api/v1/measures", {"instrument": "phq9", "answers": CALM})
    second = api["client"]("POST", "/api/v1/measures", {"instrument": "phq9", "answers": LOW})

    assert first.status_code == second.status_code == 201
    body = second.json()
    assert body["result"]["score"] == 12
    assert body["result"]["band"] == "moderate"
    assert body["trend"]["since_previous"] == "worse"
    assert body["trend"]["smallest_change"] == 5
    assert [a["kind"] for a in body["alerts"]] == ["reliable worsening"]
    assert body["crisis"]["at_risk"] is False
    [trend] = api["client"]("GET", "/api/v1/measures").json()["trends"]
    assert [r["score"] for r in trend["results"]] == [3, 12]
    assert trend["response"] is trend["remission"] is None  # a baseline under 10


def test_item9_brings_the_crisis_lines_in_the_response(api: dict[str, Any]) -> None:
    answers = [0] * 8 + [2]
    body = api["client"]("POST", "/api/v1/measures", {"instrument": "phq9", "answers": answers})
    crisis = body.json()["crisis"]
    assert (crisis["at_risk"], crisis["level"]) == (True, "check")
    assert crisis["resources"]
    assert crisis["signals"] == ["phq9 item 9: answered 2 of 3 (answer, check)"]
    standing = api["client"]("GET", "/api/v1/measures").json()["crisis"]
    assert standing["at_risk"] is True
    assert standing["resources"] == crisis["resources"]
    api["client"]("POST", "/api/v1/measures", {"instrument": "phq9", "answers": [0] * 9})
    assert api["client"]("GET", "/api/v1/measures").json()["crisis"]["at_risk"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"instrument": "phq9", "answers": [0, 0]}, "phq9"),
        ({"instrument": "phq9", "answers": [0] * 8 + [7]}, "phq9[8]"),
        ({"instrument": "bdi", "answers": [0]}, "instrument"),
    ],
)
def test_bad_answers_are_refused_with_the_field_named(
    api: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    response = api["client"]("POST", "/api/v1/measures", body)
    assert response.status_code == 422
    assert field in response.text
    assert api["client"]("GET", "/api/v1/measures").json()["trends"] == []


def test_fhir_exports_validate_as_r4_resources(api: dict[str, Any]) -> None:
    created = api["client"]("POST", "/api/v1/measures", {"instrument": "gad7", "answers": [1] * 7})
    one = api["client"]("GET", created.headers["location"])
    bundle = api["client"]("GET", "/api/v1/measures/fhir")

    assert QuestionnaireResponse.model_validate(one.json()).questionnaire == (
        "http://loinc.org/q/69737-5"
    )
    assert len(Bundle.model_validate(bundle.json()).entry) == 1
    assert api["calm"]("GET", created.headers["location"]).status_code == 404


def test_a_client_schedules_retakes(api: dict[str, Any]) -> None:
    put = api["client"]("PUT", "/api/v1/measures/schedules/who5", {"every_days": 28})
    [schedule] = api["client"]("GET", "/api/v1/measures/schedules").json()
    refused = api["client"]("PUT", "/api/v1/measures/schedules/who5", {"every_days": 3})
    gone = api["client"]("DELETE", "/api/v1/measures/schedules/who5")

    assert put.status_code == gone.status_code == 204
    assert (schedule["instrument"], schedule["every_days"]) == ("who5", 28)
    assert refused.status_code == 422
    assert api["client"]("GET", "/api/v1/measures/schedules").json() == []


def test_the_caseload_puts_the_worsening_client_first(api: dict[str, Any]) -> None:
    api["calm"]("POST", "/api/v1/measures", {"instrument": "phq9", "answers": CALM})
    api["client"]("POST", "/api/v1/measures", {"instrument": "phq9", "answers": CALM})
    api["client"]("POST", "/api/v1/measures", {"instrument": "phq9", "answers": LOW})

    first, second = api["therapist"]("GET", "/api/v1/caseload").json()

    assert (first["display_name"], second["display_name"]) == ("Client", "Calm")
    assert [a["kind"] for a in first["alerts"]] == ["reliable worsening"]
    assert second["alerts"] == []
    assert api["stranger"]("GET", "/api/v1/caseload").json() == []


def test_a_practitioner_notes_and_sets_homework_and_reads_the_overview(
    api: dict[str, Any],
) -> None:
    client_id = api["ids"]["client"]
    due = (NOW.date() + timedelta(days=7)).isoformat()
    note = api["therapist"](
        "POST", f"/api/v1/caseload/{client_id}/notes", {"text": "First session", "shared": True}
    )
    homework = api["therapist"](
        "POST", f"/api/v1/caseload/{client_id}/homework", {"text": "Walk daily", "due_on": due}
    )
    schedule = api["therapist"](
        "PUT", f"/api/v1/caseload/{client_id}/schedules/phq9", {"every_days": 14}
    )

    assert (note.status_code, homework.status_code, schedule.status_code) == (201, 201, 204)
    overview = api["therapist"]("GET", f"/api/v1/caseload/{client_id}").json()
    assert [n["text"] for n in overview["notes"]] == ["First session"]
    assert [h["text"] for h in overview["homework"]] == ["Walk daily"]
    assert [r["every_days"] for r in overview["retakes"]] == [14]
    assert overview["goals"] is None  # coaching was not shared
    assert overview["measures"] == []


def test_a_practitioner_cannot_stop_a_schedule_by_setting_zero_days(api: dict[str, Any]) -> None:
    """Through the API, 0 days is a value out of range, as for the client; only the client
    page's "stop" choice stops a schedule."""
    client_id = api["ids"]["client"]
    url = f"/api/v1/caseload/{client_id}/schedules/phq9"
    api["therapist"]("PUT", url, {"every_days": 14})

    refused = api["therapist"]("PUT", url, {"every_days": 0})

    assert refused.status_code == 422
    overview = api["therapist"]("GET", f"/api/v1/caseload/{client_id}").json()
    assert [r["every_days"] for r in overview["retakes"]] == [14]


def test_a_practitioner_without_a_grant_reaches_nothing(api: dict[str, Any]) -> None:
    client_id = api["ids"]["client"]
    due = NOW.date().isoformat()
    assert api["stranger"]("GET", f"/api/v1/caseload/{client_id}").status_code == 404
    assert (
        api["stranger"](
            "POST", f"/api/v1/caseload/{client_id}/notes", {"text": "Snooping"}
        ).status_code
        == 404
    )
    assert (
        api["stranger"](
            "POST", f"/api/v1/caseload/{client_id}/homework", {"text": "x", "due_on": due}
        ).status_code
        == 404
    )


def test_the_export_holds_what_the_grants_allow(api: dict[str, Any]) -> None:
    api["client"]("POST", "/api/v1/measures", {"instrument": "who5", "answers": [3] * 5})

    export = api["therapist"]("GET", "/api/v1/caseload/export").json()

    by_name = {c["display_name"]: c for c in export["clients"]}
    assert set(by_name) == {"Client", "Calm"}
    assert by_name["Client"]["measures"][0]["results"][0]["score"] == 60
    assert by_name["Client"]["journal"] is None
    assert export["practitioner"].startswith("Therapist")

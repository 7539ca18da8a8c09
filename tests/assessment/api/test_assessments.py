"""POST /api/v1/assessments scores, screens, routes and stores; GET reads the result back."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from crossroads.assessment.rules.result import assessment_as_dict
from crossroads.assessment.service.assessments import run_assessment
from tests.factories import DEPRESSED_WITH_GOAL, ITEM9_ONLY, STEADY_COACHING_CLIENT, answers


def test_an_assessment_returns_the_cli_result_with_an_id(client: TestClient) -> None:
    response = client.post("/api/v1/assessments", json=STEADY_COACHING_CLIENT)

    assert response.status_code == 201
    body = response.json()
    assessment_id = body.pop("id")
    assert response.headers["location"] == f"/api/v1/assessments/{assessment_id}"
    assert body == assessment_as_dict(run_assessment(STEADY_COACHING_CLIENT))


def test_a_stored_assessment_reads_back_by_id(client: TestClient) -> None:
    created = client.post("/api/v1/assessments", json=DEPRESSED_WITH_GOAL).json()

    response = client.get(f"/api/v1/assessments/{created['id']}")

    assert response.status_code == 200
    assert response.json() == created
    assert response.json()["route"] == "both"


def test_item_9_alone_asks_the_asq_with_the_resources(client: TestClient) -> None:
    body = client.post("/api/v1/assessments", json=ITEM9_ONLY).json()

    assert (body["route"], body["crisis"], body["risk"]["level"]) == (
        "undetermined",
        False,
        "check",
    )
    assert body["risk"]["screener"]["needed"] is True
    numbers = {c["value"] for r in body["resources"] for c in r["contacts"]}
    assert {"988", "741741", "911"} <= numbers


def test_an_empty_object_is_a_valid_assessment_that_asks_for_more(client: TestClient) -> None:
    body = client.post("/api/v1/assessments", json={}).json()

    assert body["route"] == "undetermined"
    assert body["missing"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (answers(STEADY_COACHING_CLIENT, phq9=[0, 1]), "phq9"),
        (answers(STEADY_COACHING_CLIENT, gad7=[0, 0, 0, 0, 0, 0, 4]), "gad7"),
        (answers(STEADY_COACHING_CLIENT, who5=[6, 0, 0, 0, 0]), "who5"),
        (answers(STEADY_COACHING_CLIENT, steady=11), "steady"),
        (answers(STEADY_COACHING_CLIENT, steady=True), "steady"),
        (answers(STEADY_COACHING_CLIENT, area="hobbies"), "area"),
        (answers(STEADY_COACHING_CLIENT, region="USA"), "region"),
        (answers(STEADY_COACHING_CLIENT, mood="fine"), "mood"),
        ({"pcptsd5": {"exposure": True}}, "items"),
        ({"phq2": [1, 1], "phq9": [0] * 9}, "phq2"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    client: TestClient, payload: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/assessments", json=payload)

    assert response.status_code == 422
    locations = [".".join(map(str, error["loc"])) for error in response.json()["detail"]]
    assert any(field in location for location in locations), locations


def test_a_body_that_is_not_json_is_refused(client: TestClient) -> None:
    response = client.post(
        "/api/v1/assessments", content=b"{not json", headers={"content-type": "application/json"}
    )

    assert response.status_code == 422


def test_an_unknown_id_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/assessments/no-such-id")

    assert response.status_code == 404
    assert "no-such-id" in response.json()["detail"]


def test_the_openapi_description_documents_the_assessment_endpoints(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()

    assert "post" in schema["paths"]["/api/v1/assessments"]
    assert "get" in schema["paths"]["/api/v1/assessments/{assessment_id}"]
    assert "AssessmentIn" in schema["components"]["schemas"]

"""/api/v1/conversations: the guided coaching conversation over HTTP, from the first stage to
the goal it becomes, with the questions of each next stage and the crisis lines when needed."""

from datetime import UTC, datetime

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.platform.runtime import Runtime
from tests.conftest import FormClient
from tests.factories import make_person

NOW = datetime.now(UTC)
STAGES = {
    "goal": {"what": "Speak up in team meetings", "area": "career", "measure": "done"},
    "reality": {"obstacles": "Others talk over me"},
    "options": {"strategies_1": "Agree a turn with the chair beforehand"},
    "will": {"step_1": "Prepare one point for Monday", "cadence": "weekly", "confidence": "7"},
}


@pytest.fixture
def headers(runtime: Runtime) -> dict[str, str]:
    with runtime.database.transaction() as session:
        person = make_person(session, "speaker@example.org")
        token = create_token(session, person, name="t", scopes=["read", "write"], now=NOW)[1]
    return {"authorization": f"Bearer {token}"}


def test_answering_each_stage_in_turn_creates_the_goal(
    client: FormClient, headers: dict[str, str]
) -> None:
    started = client.post("/api/v1/conversations", headers=headers)
    assert started.status_code == 201
    url = started.headers["location"]
    assert started.json()["next"]["stage"] == "goal"
    assert "what" in started.json()["next"]["questions"]

    for stage, fields in STAGES.items():
        answered = client.put(f"{url}/{stage}", json=fields, headers=headers)
        assert answered.status_code == 200, answered.text
        assert answered.json()["crisis"]["at_risk"] is False

    goal_id = answered.json()["goal_id"]
    assert answered.json()["next"] is None
    goal = client.get(f"/api/v1/goals/{goal_id}", headers=headers).json()
    assert goal["what"] == "Speak up in team meetings"
    assert [step["text"] for step in goal["steps"]] == ["Prepare one point for Monday"]


def test_a_stage_out_of_turn_or_with_a_bad_value_is_refused_naming_the_field(
    client: FormClient, headers: dict[str, str]
) -> None:
    url = client.post("/api/v1/conversations", headers=headers).headers["location"]

    early = client.put(f"{url}/will", json=STAGES["will"], headers=headers)
    wrong = client.put(f"{url}/goal", json={**STAGES["goal"], "area": "astrology"}, headers=headers)

    assert early.status_code == 422
    assert "goal" in early.text
    assert wrong.status_code == 422
    assert "area" in wrong.text


def test_crisis_language_returns_the_crisis_lines(
    client: FormClient, headers: dict[str, str]
) -> None:
    url = client.post("/api/v1/conversations", headers=headers).headers["location"]
    words = {**STAGES["goal"], "why": "Because I keep thinking about killing myself"}

    answered = client.put(f"{url}/goal", json=words, headers=headers).json()

    assert (answered["crisis"]["at_risk"], answered["crisis"]["level"]) == (True, "check")
    assert answered["crisis"]["resources"]
    assert answered["next"]["stage"] == "reality"

"""/api/v1/journal over HTTP: entries in and out, own words classified and corrected, crisis
lines when needed, exercises, and the patterns once there is enough to say them."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.platform.runtime import Runtime
from tests.conftest import FormClient
from tests.factories import make_person

NOW = datetime.now(UTC)


class Api:
    def __init__(self, client: FormClient, token: str) -> None:
        self.client, self.headers = client, {"authorization": f"Bearer {token}"}

    def __call__(self, method: str, url: str, body: Any = None) -> Any:
        return self.client.request(method, url, json=body, headers=self.headers)


@pytest.fixture
def api(client: FormClient, runtime: Runtime) -> dict[str, Api]:
    with runtime.database.transaction() as session:
        tokens = {
            name: create_token(
                session,
                make_person(session, f"{name}@example.org"),
                name="t",
                scopes=["read", "write"],
                now=NOW,
            )[1]
            for name in ("ana", "ben")
        }
    return {name: Api(client, token) for name, token in tokens.items()}


def test_an_entry_goes_in_and_comes_back_whole(api: dict[str, Api]) -> None:
    at = (NOW - timedelta(hours=2)).isoformat()
    body = {
        "mood": 4,
        "at": at,
        "emotions": ["anxious", "wired"],
        "situation": "work",
        "what_happened": "A hard meeting",
        "coping": ["movement"],
        "helped": 6,
        "note": "Walked it off",
    }

    added = api["ana"]("POST", "/api/v1/journal", body)
    read = api["ana"]("GET", added.headers["location"]).json()

    assert added.status_code == 201
    assert added.json()["crisis"]["at_risk"] is False
    assert datetime.fromisoformat(read["at"]) == datetime.fromisoformat(at)
    assert (read["mood"], read["emotions"], read["coping"]) == (
        4,
        ["anxious", "wired"],
        ["movement"],
    )
    assert [e["id"] for e in api["ana"]("GET", "/api/v1/journal").json()] == [added.json()["id"]]


def test_own_words_are_classified_and_a_correction_is_followed(api: dict[str, Api]) -> None:
    words = "Had four glasses of wine to switch off"
    first = api["ana"]("POST", "/api/v1/journal", {"mood": 3, "own_coping": words}).json()
    assert first["own_coping_kind"] == "substance"

    corrected = api["ana"]("PATCH", f"/api/v1/journal/{first['id']}", {"own_coping_kind": "rest"})
    again = api["ana"]("POST", "/api/v1/journal", {"mood": 3, "own_coping": words}).json()

    assert corrected.json()["corrected"] is True
    assert again["own_coping_kind"] == "rest"


def test_bad_values_are_refused_naming_the_field(api: dict[str, Api]) -> None:
    later = (NOW + timedelta(days=1)).isoformat()

    out_of_range = api["ana"]("POST", "/api/v1/journal", {"mood": 11})
    in_the_future = api["ana"]("POST", "/api/v1/journal", {"mood": 5, "at": later})
    naive = api["ana"]("POST", "/api/v1/journal", {"mood": 5, "at": "2026-01-01T10:00:00"})

    assert out_of_range.status_code == 422
    assert "mood" in out_of_range.text
    assert in_the_future.status_code == 422
    assert "still to come" in in_the_future.text
    assert naive.status_code == 422
    assert "offset" in naive.text


def test_crisis_words_return_the_crisis_lines_with_their_level(api: dict[str, Api]) -> None:
    wish = api["ana"]("POST", "/api/v1/journal", {"mood": 0, "note": "I want to kill myself"})
    plan = api["ana"](
        "POST", "/api/v1/journal", {"mood": 0, "note": "I'm going to kill myself tonight"}
    )

    assert (wish.json()["crisis"]["at_risk"], wish.json()["crisis"]["level"]) == (True, "check")
    assert wish.json()["crisis"]["resources"]
    assert plan.json()["crisis"]["level"] == "acute"


def test_another_person_cannot_read_change_or_delete_an_entry(api: dict[str, Api]) -> None:
    entry_id = api["ana"]("POST", "/api/v1/journal", {"mood": 5}).json()["id"]

    assert api["ben"]("GET", f"/api/v1/journal/{entry_id}").status_code == 404
    patch = api["ben"]("PATCH", f"/api/v1/journal/{entry_id}", {"own_coping_kind": "rest"})
    assert patch.status_code == 404
    assert api["ben"]("DELETE", f"/api/v1/journal/{entry_id}").status_code == 404
    assert api["ben"]("GET", "/api/v1/journal").json() == []


def test_an_exercise_is_saved_and_counted(api: dict[str, Api]) -> None:
    added = api["ana"]("POST", "/api/v1/journal/exercises/grief", {"who": "My grandmother"})

    assert added.status_code == 201
    assert api["ana"]("GET", "/api/v1/journal/insights").json()["exercises_done"] == 1


def test_a_feeling_stayed_with_keeps_its_readiness_minutes_and_step_back(
    api: dict[str, Api],
) -> None:
    started = (datetime.now(UTC) - timedelta(minutes=5, seconds=30)).isoformat()
    body = {"feeling": "Shame", "readiness": "5", "started": started, "stepped_back": "yes"}

    added = api["ana"]("POST", "/api/v1/journal/exercises/feeling", body)

    assert added.status_code == 201
    read = api["ana"]("GET", f"/api/v1/journal/{added.json()['id']}").json()
    assert read["answers"] == {
        "feeling": "Shame",
        "readiness": "5",
        "minutes": "5",
        "stepped_back": "yes",
    }


def test_a_tool_for_the_moment_is_kept_as_coping_its_note_screened(
    api: dict[str, Api],
) -> None:
    body = {"rhythm": "box", "minutes": "3", "mood": "6"}

    added = api["ana"]("POST", "/api/v1/journal/tools/breathing", body)
    risky = api["ana"](
        "POST", "/api/v1/journal/tools/grounding", {"note": "I'm going to kill myself tonight"}
    )
    refused = api["ana"]("POST", "/api/v1/journal/tools/breathing", {"rhythm": "fast"})

    assert added.status_code == 201
    read = api["ana"]("GET", added.headers["location"]).json()
    assert (read["kind"], read["mood"], read["coping"]) == ("tool", 6, ["relaxation"])
    assert read["answers"] == {"tool": "breathing", "rhythm": "box", "minutes": "3"}
    assert risky.status_code == 201
    assert risky.json()["crisis"]["level"] == "acute"
    assert refused.status_code == 422
    assert api["ana"]("POST", "/api/v1/journal/tools/nap", {}).status_code == 422
    assert api["ben"]("GET", added.headers["location"]).status_code == 404


def test_insights_give_this_weeks_coping_and_healing_work(api: dict[str, Api]) -> None:
    api["ana"]("POST", "/api/v1/journal", {"mood": 5, "coping": ["rest"]})
    api["ana"]("POST", "/api/v1/journal/tools/breathing", {"minutes": "2"})
    api["ana"]("POST", "/api/v1/journal/exercises/feeling", {"feeling": "Tired"})

    insights = api["ana"]("GET", "/api/v1/journal/insights").json()

    *earlier, this_week = insights["balance"]
    assert len(earlier) == 7
    assert {key: this_week[key] for key in ("entries", "coped", "tools", "exercises")} == {
        "entries": 1,
        "coped": 1,
        "tools": 1,
        "exercises": 1,
    }
    assert insights["maladaptive_reliance"] is None


def test_insights_say_nothing_from_a_few_entries_then_name_the_leaning(
    api: dict[str, Api],
) -> None:
    for _ in range(3):
        api["ana"]("POST", "/api/v1/journal", {"mood": 5, "coping": ["rest"]})
    assert api["ana"]("GET", "/api/v1/journal/insights").json()["statements"] == []

    for _ in range(7):
        api["ana"]("POST", "/api/v1/journal", {"mood": 5, "coping": ["rest"]})

    insights = api["ana"]("GET", "/api/v1/journal/insights").json()
    assert insights["leaning"] == [{"kind": "rest", "count": 10, "share": 1.0}]
    assert any("rest and care" in text for text in insights["statements"])


def test_two_weeks_low_with_no_coping_logged_suggest_a_therapist_and_read_as_low(
    api: dict[str, Api],
) -> None:
    for days_ago in range(15):
        at = (NOW - timedelta(days=days_ago)).isoformat()
        assert api["ana"]("POST", "/api/v1/journal", {"mood": 1, "at": at}).status_code == 201

    insights = api["ana"]("GET", "/api/v1/journal/insights").json()

    assert len(insights["suggest_therapy"]) == 1
    assert "You have not noted a way of coping" in insights["suggest_therapy"][0]
    assert insights["mood_trend_mean"] == 1.0
    assert any("has stayed low" in text for text in insights["statements"])
    assert not any("steady" in text for text in insights["statements"])


def test_a_date_centuries_away_is_refused_not_a_crash(api: dict[str, Api]) -> None:
    response = api["ana"]("POST", "/api/v1/journal", {"mood": 3, "at": "0001-01-01T00:00:00+05:00"})

    assert response.status_code == 422
    assert "between 1900" in response.text


def test_a_refused_body_with_crisis_words_still_carries_the_crisis_lines(
    api: dict[str, Api],
) -> None:
    response = api["ana"]("POST", "/api/v1/journal", {"mood": 11, "note": "I want to end my life"})

    assert response.status_code == 422
    assert response.json()["crisis"]["at_risk"] is True
    assert response.json()["crisis"]["resources"]


def test_a_refused_everyday_body_carries_no_crisis_lines(api: dict[str, Api]) -> None:
    response = api["ana"]("POST", "/api/v1/journal", {"mood": 11, "note": "A quiet day"})

    assert response.status_code == 422
    assert "crisis" not in response.json()

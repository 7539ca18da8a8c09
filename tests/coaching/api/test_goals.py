"""/api/v1/goals: a client's goals end to end over HTTP, what a coach with a grant may add,
and the crisis lines when what a person writes shows risk."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.kernel.consent import Area
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from tests.conftest import FormClient
from tests.factories import make_person

NOW = datetime.now(UTC)
RUNNING: dict[str, Any] = {
    "what": "Run 30 km a month",
    "why": "To sleep better",
    "area": "habits_health",
    "measure": {"kind": "number", "unit": "km", "start": 0, "target": 30},
    "target_date": (NOW.date() + timedelta(days=30)).isoformat(),
    "cadence": "weekly",
}


class Api:
    def __init__(self, client: FormClient, token: str) -> None:
        self.client, self.headers = client, {"authorization": f"Bearer {token}"}

    def __call__(self, method: str, url: str, body: Any = None) -> Any:
        return self.client.request(method, url, json=body, headers=self.headers)


@pytest.fixture
def tokens(runtime: Runtime) -> dict[str, str]:
    with runtime.database.transaction() as session:
        people = {
            "client": make_person(session, "client@example.org"),
            "other": make_person(session, "other@example.org"),
            "coach": make_person(session, "coach@example.org", role="practitioner"),
            "therapist": make_person(session, "therapist@example.org", role="practitioner"),
        }
        grant_access(
            session,
            people["client"],
            practitioner_email="coach@example.org",
            areas=[Area.COACHING],
            now=NOW,
        )
        grant_access(
            session,
            people["client"],
            practitioner_email="therapist@example.org",
            areas=[Area.ASSESSMENTS],
            now=NOW,
        )
        return {
            name: create_token(session, person, name="t", scopes=["read", "write"], now=NOW)[1]
            for name, person in people.items()
        }


@pytest.fixture
def api(client: FormClient, tokens: dict[str, str]) -> dict[str, Api]:
    return {name: Api(client, token) for name, token in tokens.items()}


def new_goal(api: Api, body: dict[str, Any] = RUNNING) -> str:
    response = api("POST", "/api/v1/goals", body)
    assert response.status_code == 201, response.text
    goal_id: str = response.json()["id"]
    return goal_id


def test_a_goal_is_created_listed_and_read_back(api: dict[str, Api]) -> None:
    response = api["client"]("POST", "/api/v1/goals", RUNNING)

    assert response.status_code == 201
    assert response.json()["crisis"]["at_risk"] is False
    goal_id = response.json()["id"]
    assert response.headers["location"] == f"/api/v1/goals/{goal_id}"
    [listed] = api["client"]("GET", "/api/v1/goals").json()
    assert listed["what"] == "Run 30 km a month"
    assert listed["vague"] == []
    assert listed["progress"]["percent"] == 0.0
    assert listed["check_ins"]["due"] is True
    detail = api["client"]("GET", f"/api/v1/goals/{goal_id}").json()
    assert detail["measure"] == RUNNING["measure"] | {"start": 0.0, "target": 30.0}
    assert detail["steps"] == []
    assert detail["check_in_history"] == []


def test_a_vague_goal_is_kept_and_says_what_would_sharpen_it(api: dict[str, Api]) -> None:
    goal_id = new_goal(api["client"], {"what": "Be healthier"})

    goal = api["client"]("GET", f"/api/v1/goals/{goal_id}").json()

    assert goal["vague"] == ["measure", "date"]
    assert goal["progress"]["pace"] == "unplanned"


def test_bad_goals_are_refused_with_the_field_named(api: dict[str, Api]) -> None:
    past = {**RUNNING, "target_date": (NOW.date() - timedelta(days=3)).isoformat()}

    response = api["client"]("POST", "/api/v1/goals", past)

    assert response.status_code == 422
    assert "target_date" in response.text
    assert api["client"]("GET", "/api/v1/goals").json() == []


def test_check_ins_move_progress_and_keep_the_period(api: dict[str, Api]) -> None:
    goal_id = new_goal(api["client"])

    response = api["client"](
        "POST",
        f"/api/v1/goals/{goal_id}/check-ins",
        {"value": 12, "did": "Three short runs", "blocked": "Rain", "confidence": 7},
    )

    assert response.status_code == 201
    goal = api["client"]("GET", f"/api/v1/goals/{goal_id}").json()
    assert goal["progress"]["current"] == 12.0
    assert goal["progress"]["percent"] == 40.0
    assert goal["progress"]["pace"] == "on_track"
    assert goal["check_ins"]["due"] is False
    assert goal["check_ins"]["streak"] == 1
    [history] = goal["check_in_history"]
    assert history["did"] == "Three short runs"
    assert history["confidence"] == 7


def test_reaching_the_target_marks_the_goal_achieved(api: dict[str, Api]) -> None:
    goal_id = new_goal(api["client"])

    api["client"]("POST", f"/api/v1/goals/{goal_id}/check-ins", {"value": 31})

    goal = api["client"]("GET", f"/api/v1/goals/{goal_id}").json()
    assert goal["status"] == "achieved"
    assert [m["percent"] for m in goal["progress"]["milestones"]] == [25, 50, 75, 100]


def test_an_empty_or_future_check_in_is_refused(api: dict[str, Api]) -> None:
    goal_id = new_goal(api["client"])
    tomorrow = (NOW.date() + timedelta(days=2)).isoformat()

    empty = api["client"]("POST", f"/api/v1/goals/{goal_id}/check-ins", {})
    future = api["client"](
        "POST", f"/api/v1/goals/{goal_id}/check-ins", {"value": 3, "day": tomorrow}
    )

    assert empty.status_code == 422
    assert future.status_code == 422
    assert "day" in future.text


def test_a_check_in_refused_by_a_rule_still_answers_what_was_written_with_the_lines(
    api: dict[str, Api],
) -> None:
    goal_id = new_goal(api["client"])
    tomorrow = (NOW.date() + timedelta(days=2)).isoformat()
    body = {"value": 3, "day": tomorrow, "blocked": "I'm going to end my life tonight"}

    refused = api["client"]("POST", f"/api/v1/goals/{goal_id}/check-ins", body)

    assert refused.status_code == 422
    assert refused.json()["crisis"]["level"] == "acute"
    assert refused.json()["crisis"]["resources"]


def test_crisis_words_in_a_check_in_bring_the_lines_and_are_still_saved(
    api: dict[str, Api],
) -> None:
    goal_id = new_goal(api["client"])

    response = api["client"](
        "POST",
        f"/api/v1/goals/{goal_id}/check-ins",
        {"blocked": "Honestly I don't want to be alive anymore."},
    )

    assert response.status_code == 201
    crisis = response.json()["crisis"]
    assert (crisis["at_risk"], crisis["level"]) == (True, "check")
    assert crisis["resources"]
    assert any("blocked" in signal for signal in crisis["signals"])
    history = api["client"]("GET", f"/api/v1/goals/{goal_id}").json()["check_in_history"]
    assert history[0]["blocked"].startswith("Honestly")


def test_steps_are_added_marked_replanned_and_moved(api: dict[str, Api]) -> None:
    goal_id = new_goal(api["client"])
    first = api["client"]("POST", f"/api/v1/goals/{goal_id}/steps", {"text": "Buy shoes"})
    second = api["client"]("POST", f"/api/v1/goals/{goal_id}/steps", {"text": "Run 2 km"})
    first_id, second_id = first.json()["id"], second.json()["id"]
    steps_url = f"/api/v1/goals/{goal_id}/steps"

    done = api["client"]("PATCH", f"{steps_url}/{first_id}", {"status": "done"})
    later = (NOW.date() + timedelta(days=5)).isoformat()
    api["client"]("PATCH", f"{steps_url}/{second_id}", {"due_on": later, "position": 1})

    assert done.status_code == 200
    assert done.json()["crisis"]["level"] == "none"
    steps = api["client"]("GET", f"/api/v1/goals/{goal_id}").json()["steps"]
    assert [(s["text"], s["status"], s["position"]) for s in steps] == [
        ("Run 2 km", "open", 1),
        ("Buy shoes", "done", 2),
    ]
    assert steps[0]["due_on"] == later


def test_strategies_are_tried_against_obstacles_and_judged(api: dict[str, Api]) -> None:
    goal_id = new_goal(api["client"])
    obstacle = api["client"]("POST", f"/api/v1/goals/{goal_id}/obstacles", {"text": "Rain"})
    obstacle_id = obstacle.json()["id"]
    strategy = api["client"](
        "POST",
        f"/api/v1/goals/{goal_id}/obstacles/{obstacle_id}/strategies",
        {"text": "Run at lunchtime", "starts_on": NOW.date().isoformat()},
    )
    strategy_id = strategy.json()["id"]

    judged = api["client"](
        "PATCH",
        f"/api/v1/goals/{goal_id}/strategies/{strategy_id}",
        {"outcome": "partly", "note": "Works on dry days"},
    )

    assert judged.status_code == 200
    assert judged.json()["outcome"] == "partly"
    [seen] = api["client"]("GET", f"/api/v1/goals/{goal_id}").json()["obstacles"]
    assert seen["text"] == "Rain"
    assert seen["strategies"][0]["note"] == "Works on dry days"


def test_a_goal_can_be_archived_and_changed(api: dict[str, Api]) -> None:
    goal_id = new_goal(api["client"])

    response = api["client"](
        "PATCH", f"/api/v1/goals/{goal_id}", {"status": "archived", "what": "Run 40 km a month"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "archived"
    assert response.json()["what"] == "Run 40 km a month"
    assert response.json()["check_ins"]["due"] is False


def test_someone_elses_goal_is_not_found(api: dict[str, Api]) -> None:
    goal_id = new_goal(api["client"])

    assert api["other"]("GET", f"/api/v1/goals/{goal_id}").status_code == 404
    check_in = api["other"]("POST", f"/api/v1/goals/{goal_id}/check-ins", {"value": 1})
    assert check_in.status_code == 404
    patch = api["other"]("PATCH", f"/api/v1/goals/{goal_id}", {"status": "archived"})
    assert patch.status_code == 404


def test_a_coach_with_a_grant_reads_comments_and_sets_homework(api: dict[str, Api]) -> None:
    goal_id = new_goal(api["client"])
    due = (NOW.date() + timedelta(days=7)).isoformat()

    read = api["coach"]("GET", f"/api/v1/goals/{goal_id}")
    comment = api["coach"]("POST", f"/api/v1/goals/{goal_id}/comments", {"text": "Good start!"})
    homework = api["coach"](
        "POST", f"/api/v1/goals/{goal_id}/homework", {"text": "Plan three routes", "due_on": due}
    )

    assert read.status_code == 200
    assert comment.status_code == 201
    assert homework.status_code == 201
    seen = api["client"]("GET", f"/api/v1/goals/{goal_id}").json()
    assert seen["comments"][0]["text"] == "Good start!"
    [step] = seen["steps"]
    assert step["homework_from"] is not None
    assert step["due_on"] == due
    client_id = api["client"]("GET", "/api/v1/me").json()["id"]
    assert [g["id"] for g in api["coach"]("GET", f"/api/v1/clients/{client_id}/goals").json()] == [
        goal_id
    ]


def test_homework_needs_a_date(api: dict[str, Api]) -> None:
    goal_id = new_goal(api["client"])

    response = api["coach"]("POST", f"/api/v1/goals/{goal_id}/homework", {"text": "Stretch"})

    assert response.status_code == 422


def test_a_practitioner_without_a_coaching_grant_sees_nothing(api: dict[str, Api]) -> None:
    goal_id = new_goal(api["client"])
    client_id = api["client"]("GET", "/api/v1/me").json()["id"]

    assert api["therapist"]("GET", f"/api/v1/goals/{goal_id}").status_code == 404
    comment = api["therapist"]("POST", f"/api/v1/goals/{goal_id}/comments", {"text": "Hi"})
    assert comment.status_code == 404
    assert api["therapist"]("GET", f"/api/v1/clients/{client_id}/goals").status_code == 404


def test_dates_come_back_as_iso_days(api: dict[str, Api]) -> None:
    goal_id = new_goal(api["client"])

    goal = api["client"]("GET", f"/api/v1/goals/{goal_id}").json()

    assert date.fromisoformat(goal["starts_on"]) <= NOW.date() + timedelta(days=1)


def test_changing_words_answers_with_the_screen_of_the_new_words_only(
    api: dict[str, Api],
) -> None:
    goal_id = new_goal(api["client"])
    step = api["client"]("POST", f"/api/v1/goals/{goal_id}/steps", {"text": "Buy shoes"})
    obstacle = api["client"]("POST", f"/api/v1/goals/{goal_id}/obstacles", {"text": "Rain"})
    strategy = api["client"](
        "POST",
        f"/api/v1/goals/{goal_id}/obstacles/{obstacle.json()['id']}/strategies",
        {"text": "Run at lunchtime"},
    )
    plan = "I'm going to end my life tonight, the pills are in my drawer"

    changed = [
        api["client"]("PATCH", f"/api/v1/goals/{goal_id}", {"why": "I wish I was dead"}),
        api["client"](
            "PATCH", f"/api/v1/goals/{goal_id}/steps/{step.json()['id']}", {"text": plan}
        ),
        api["client"](
            "PATCH",
            f"/api/v1/goals/{goal_id}/strategies/{strategy.json()['id']}",
            {"outcome": "did_not", "note": plan},
        ),
        api["client"]("PATCH", f"/api/v1/goals/{goal_id}", {"area": "career"}),
    ]

    assert [each.status_code for each in changed] == [200] * 4
    assert [each.json()["crisis"]["level"] for each in changed] == [
        "check",
        "acute",
        "acute",
        "none",
    ]
    assert changed[0].json()["why"] == "I wish I was dead"
    assert changed[2].json()["note"] == plan

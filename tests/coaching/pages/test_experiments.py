"""Obstacles and strategies on the goal's page: the owner names what gets in the way, plans
strategies as experiments and records how they went; a plan to end one's life brings the crisis
page, a wish to be dead the questions with the lines on top, and what was written is kept."""

from datetime import UTC, datetime

import pytest

from crossroads.platform.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from tests.coaching.pages.test_goals import RUNNING, set_goal
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime.now(UTC)


@pytest.fixture
def signed_in(client: FormClient, runtime: Runtime) -> FormClient:
    with runtime.database.transaction() as session:
        person = make_person(session, "runner@example.org")
        client.cookies.set(
            SESSION_COOKIE, browser_session(session, runtime.master_keys, person, NOW)
        )
    return client


def post(client: FormClient, url: str, fields: dict[str, str]) -> None:
    response = client.post(url, data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text


def ids_in(page: str, prefix: str) -> list[str]:
    """The ids in form actions such as /goals/G/obstacles/ID/strategies."""
    marker = f"/{prefix}/"
    return [part.split("/")[0].split('"')[0] for part in page.split(marker)[1:]]


def test_an_obstacle_a_strategy_and_its_outcome_are_kept_on_the_goal(
    signed_in: FormClient,
) -> None:
    goal_url = set_goal(signed_in, RUNNING)
    post(signed_in, f"{goal_url}/obstacles", {"text": "Dark evenings"})
    [obstacle_id] = ids_in(signed_in.get(goal_url).text, "obstacles")
    post(
        signed_in,
        f"{goal_url}/obstacles/{obstacle_id}/strategies",
        {"text": "Run at lunchtime", "starts_on": "2027-01-04", "ends_on": "2027-01-31"},
    )
    [strategy_id] = ids_in(signed_in.get(goal_url).text, "strategies")

    post(
        signed_in,
        f"{goal_url}/strategies/{strategy_id}",
        {"outcome": "partly", "note": "Good on quiet days"},
    )

    page = signed_in.get(goal_url).text
    assert "<strong>Dark evenings</strong>" in page
    assert "Run at lunchtime" in page
    assert "from 4 January 2027 to 31 January 2027" in page
    assert '<span class="outcome">Partly</span>: Good on quiet days' in page


def test_a_strategy_that_ends_before_it_starts_is_refused_naming_the_field(
    signed_in: FormClient,
) -> None:
    goal_url = set_goal(signed_in, RUNNING)
    post(signed_in, f"{goal_url}/obstacles", {"text": "Dark evenings"})
    [obstacle_id] = ids_in(signed_in.get(goal_url).text, "obstacles")

    response = signed_in.post(
        f"{goal_url}/obstacles/{obstacle_id}/strategies",
        data={"text": "Run at lunchtime", "starts_on": "2027-02-01", "ends_on": "2027-01-01"},
    )

    assert response.status_code == 422
    assert "Please check this" in response.text


def test_an_outcome_must_be_chosen(signed_in: FormClient) -> None:
    goal_url = set_goal(signed_in, RUNNING)
    post(signed_in, f"{goal_url}/obstacles", {"text": "Dark evenings"})
    [obstacle_id] = ids_in(signed_in.get(goal_url).text, "obstacles")
    post(signed_in, f"{goal_url}/obstacles/{obstacle_id}/strategies", {"text": "Head torch"})
    [strategy_id] = ids_in(signed_in.get(goal_url).text, "strategies")

    response = signed_in.post(f"{goal_url}/strategies/{strategy_id}", data={"note": "Hmm"})

    assert response.status_code == 422
    assert "Choose how it went" in response.text


def test_an_obstacle_that_wishes_to_be_dead_asks_the_questions(
    signed_in: FormClient,
) -> None:
    goal_url = set_goal(signed_in, RUNNING)

    response = signed_in.post(f"{goal_url}/obstacles", data={"text": "I wish I was dead"})

    assert response.status_code == 200
    assert "Can we ask you a few questions?" in response.text


def test_an_outcome_note_with_a_plan_brings_the_crisis_page(signed_in: FormClient) -> None:
    goal_url = set_goal(signed_in, RUNNING)
    post(signed_in, f"{goal_url}/obstacles", {"text": "Dark evenings"})
    [obstacle_id] = ids_in(signed_in.get(goal_url).text, "obstacles")
    post(signed_in, f"{goal_url}/obstacles/{obstacle_id}/strategies", {"text": "Head torch"})
    [strategy_id] = ids_in(signed_in.get(goal_url).text, "strategies")

    response = signed_in.post(
        f"{goal_url}/strategies/{strategy_id}",
        data={"outcome": "did_not", "note": "I'm going to kill myself tonight"},
    )

    assert response.status_code == 200
    assert "Before anything else" in response.text
    assert "I&#39;m going to kill myself tonight" in signed_in.get(goal_url).text

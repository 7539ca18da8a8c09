"""The guided coaching conversation as pages: one stage after another, saved as it goes, the
form given back with the problem named, and the crisis lines at once when an answer shows risk."""

from datetime import UTC, datetime, timedelta

import pytest

from crossroads.accounts.service.sessions import start_session
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import make_person

NOW = datetime.now(UTC)
GOAL = {
    "what": "Read 12 books this year",
    "why": "I miss reading",
    "area": "habits_health",
    "measure": "number",
    "unit": "books",
    "target": "12",
    "target_date": (NOW.date() + timedelta(days=300)).isoformat(),
}
REALITY = {"start": "1", "tried": "Reading in bed", "obstacles": "Phone in bed\nLate shifts"}
OPTIONS = {"strategies_1": "Charge the phone in the kitchen", "strategies_2": "Audiobooks"}
WILL = {"step_1": "Pick the next book", "step_2": "Join the library", "cadence": "weekly"}


@pytest.fixture
def signed_in(client: FormClient, runtime: Runtime) -> FormClient:
    with runtime.database.transaction() as session:
        person = make_person(session, "reader@example.org")
        client.cookies.set(SESSION_COOKIE, start_session(session, person, NOW))
    return client


def begin(client: FormClient) -> str:
    response = client.post("/grow", follow_redirects=False)
    assert response.status_code == 303
    location: str = response.headers["location"]
    assert location.endswith("/goal")
    return location.removesuffix("/goal")


def answer(client: FormClient, url: str, fields: dict[str, str]) -> str:
    response = client.post(url, data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    return location


def test_the_conversation_leads_stage_by_stage_to_a_goal_with_its_steps(
    signed_in: FormClient,
) -> None:
    base = begin(signed_in)

    assert answer(signed_in, f"{base}/goal", GOAL) == f"{base}/reality"
    assert answer(signed_in, f"{base}/reality", REALITY) == f"{base}/options"
    options_page = signed_in.get(f"{base}/options").text
    assert "When “Phone in bed” gets in the way" in options_page
    assert answer(signed_in, f"{base}/options", OPTIONS) == f"{base}/will"
    goal_url = answer(signed_in, f"{base}/will", WILL)

    assert goal_url.startswith("/goals/")
    page = signed_in.get(goal_url).text
    assert "<h1>Read 12 books this year</h1>" in page
    assert "Join the library" in page
    assert "Charge the phone in the kitchen" in page


def test_an_unfinished_conversation_is_offered_again_with_its_answers(
    signed_in: FormClient,
) -> None:
    base = begin(signed_in)
    answer(signed_in, f"{base}/goal", GOAL)

    start_page = signed_in.get("/grow").text
    assert "Pick up where you left off" in start_page
    assert f'href="{base}/reality"' in start_page
    assert 'value="Read 12 books this year"' in signed_in.get(f"{base}/goal").text


def test_a_stage_not_yet_open_sends_the_person_to_the_one_that_is(signed_in: FormClient) -> None:
    base = begin(signed_in)

    response = signed_in.get(f"{base}/will", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == f"{base}/goal"


def test_a_mistake_comes_back_with_the_answers_kept_and_the_problem_named(
    signed_in: FormClient,
) -> None:
    base = begin(signed_in)

    response = signed_in.post(f"{base}/goal", data={**GOAL, "target": "a dozen"})

    assert response.status_code == 422
    assert "write a number" in response.text
    assert 'value="Read 12 books this year"' in response.text


def test_a_plan_to_end_ones_life_shows_the_crisis_page_instead_of_the_next_question(
    signed_in: FormClient,
) -> None:
    base = begin(signed_in)
    answer(signed_in, f"{base}/goal", GOAL)

    response = signed_in.post(
        f"{base}/reality", data={**REALITY, "tried": "I'm going to end my life this weekend"}
    )

    assert response.status_code == 200
    assert "Before anything else" in response.text
    assert "What you wrote is saved" in response.text
    assert "Where are you now?" not in response.text


def test_a_wish_to_end_ones_life_asks_the_questions_with_a_way_on_to_the_next_stage(
    signed_in: FormClient,
) -> None:
    base = begin(signed_in)
    answer(signed_in, f"{base}/goal", GOAL)

    response = signed_in.post(
        f"{base}/reality", data={**REALITY, "tried": "Honestly I want to end my life"}
    )

    assert response.status_code == 200
    assert "Can we ask you a few questions?" in response.text
    assert f'href="{base}/options"' in response.text


def test_an_unknown_stage_is_not_found(signed_in: FormClient) -> None:
    base = begin(signed_in)

    assert signed_in.get(f"{base}/someday").status_code == 404


def test_crisis_words_in_a_stage_with_a_mistake_still_bring_the_crisis_lines(
    signed_in: FormClient,
) -> None:
    base = begin(signed_in)

    response = signed_in.post(
        f"{base}/goal", data={**GOAL, "target": "lots", "why": "Nothing matters, I want to die"}
    )

    assert "Can we ask you a few questions?" in response.text
    assert "has not been saved yet" in response.text

"""The goal pages: set a goal, see it with its chart, check in, and the crisis lines first when
what a person writes shows risk."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from crossroads.accounts.service.sessions import start_session
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import make_person

NOW = datetime.now(UTC)
IN_A_MONTH = (NOW.date() + timedelta(days=30)).isoformat()
RUNNING = {
    "what": "Run 30 km a month",
    "why": "To sleep better",
    "area": "habits_health",
    "measure": "number",
    "unit": "km",
    "start": "0",
    "target": "30",
    "target_date": IN_A_MONTH,
    "cadence": "weekly",
}


@pytest.fixture
def signed_in(client: FormClient, runtime: Runtime) -> FormClient:
    with runtime.database.transaction() as session:
        person = make_person(session, "runner@example.org")
        client.cookies.set(SESSION_COOKIE, start_session(session, person, NOW))
    return client


def set_goal(client: FormClient, fields: dict[str, str]) -> str:
    response = client.post("/goals/new", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    return location


def test_a_new_goal_opens_on_its_page_with_a_chart_and_its_text_alternative(
    signed_in: FormClient,
) -> None:
    page = signed_in.get(set_goal(signed_in, RUNNING)).text

    assert "<h1>Run 30 km a month</h1>" in page
    assert 'role="img"' in page
    assert "Show the numbers" in page
    assert "The target is 30 km" in page


def test_a_check_in_moves_the_goal_and_shows_in_the_history(signed_in: FormClient) -> None:
    goal_url = set_goal(signed_in, RUNNING)

    response = signed_in.post(
        f"{goal_url}/check-ins", data={"value": "12", "did": "Three runs", "confidence": "8"}
    )

    assert response.status_code == 200
    assert "On track: 40% of the way." in response.text
    assert "Did: Three runs" in response.text
    assert "Milestones: a quarter of the way on" in response.text


def test_the_goal_page_shows_one_progress_figure(signed_in: FormClient) -> None:
    goal_url = set_goal(signed_in, RUNNING)
    signed_in.post(f"{goal_url}/check-ins", data={"value": "9"})
    signed_in.post(f"{goal_url}/check-ins", data={"value": "16"})

    text = re.sub(r"<[^>]+>", " ", signed_in.get(goal_url).text)

    assert re.findall(r"\d+(?:\.\d+)?%", text) == ["53.3%"]
    assert "Milestones: a quarter of the way on" in text
    assert "halfway on" in text


def test_the_check_in_is_the_first_form_on_the_goal_page_before_the_history(
    signed_in: FormClient,
) -> None:
    goal_url = set_goal(signed_in, RUNNING)
    signed_in.post(f"{goal_url}/steps", data={"text": "Buy running shoes"})
    signed_in.post(f"{goal_url}/check-ins", data={"value": "3", "did": "One short run"})

    page = signed_in.get(goal_url).text

    main = page[page.index("<main") :]
    first_form = re.search(r'<form [^>]*action="([^"]+)"', main)
    assert first_form is not None
    assert first_form.group(1) == f"{goal_url}/check-ins"
    assert page.index('id="check-in-heading"') < page.index('id="steps-heading"')
    assert page.index('id="check-in-heading"') < page.index('id="history-heading"')


def test_the_goal_chart_carries_the_whole_unit(signed_in: FormClient) -> None:
    page = signed_in.get(set_goal(signed_in, {**RUNNING, "unit": "runs a week"})).text

    assert 'text-anchor="start">runs a week</text>' in page
    assert '<h2 id="chart-heading">Check-ins over time</h2>' in page


def test_a_check_in_for_a_day_still_to_come_is_refused(
    signed_in: FormClient,
) -> None:
    goal_url = set_goal(signed_in, RUNNING)
    tomorrow = (NOW.date() + timedelta(days=1)).isoformat()

    response = signed_in.post(f"{goal_url}/check-ins", data={"value": "3", "day": tomorrow})

    assert response.status_code == 422
    assert "a day that has not come yet" in response.text


def test_a_vague_goal_is_kept_with_a_gentle_prompt(signed_in: FormClient) -> None:
    page = signed_in.get(set_goal(signed_in, {"what": "Be healthier", "cadence": "weekly"})).text

    assert "How will you know you have got there?" in page
    assert "By when?" in page


def test_a_goal_with_bad_values_comes_back_naming_the_problem(signed_in: FormClient) -> None:
    response = signed_in.post("/goals/new", data={**RUNNING, "target": "lots"})

    assert response.status_code == 422
    assert "write a number" in response.text
    assert 'value="Run 30 km a month"' in response.text


def test_a_plan_to_end_ones_life_brings_the_crisis_page_and_the_goal_is_still_saved(
    signed_in: FormClient,
) -> None:
    fields = {**RUNNING, "why": "I'm going to end my life tonight, the pills are in my drawer"}

    response = signed_in.post("/goals/new", data=fields)

    assert response.status_code == 200
    assert "Before anything else" in response.text
    assert 'href="tel:' in response.text
    assert "Run 30 km a month" in signed_in.get("/goals").text


def test_a_wish_to_be_dead_asks_the_questions_with_the_lines_on_top_and_the_goal_is_saved(
    signed_in: FormClient,
) -> None:
    fields = {**RUNNING, "why": "Some days I want to die."}

    response = signed_in.post("/goals/new", data=fields)

    assert response.status_code == 200
    assert "Can we ask you a few questions?" in response.text
    assert "Before anything else" not in response.text
    assert 'href="tel:' in response.text
    assert "Carry on without answering" in response.text
    assert "Run 30 km a month" in signed_in.get("/goals").text


def test_the_list_shows_what_is_due(signed_in: FormClient) -> None:
    set_goal(signed_in, RUNNING)

    page = signed_in.get("/goals").text

    assert "Check-ins due" in page
    assert "Run 30 km a month" in page


def test_steps_are_added_and_marked_done(signed_in: FormClient) -> None:
    goal_url = set_goal(signed_in, RUNNING)
    page = signed_in.post(f"{goal_url}/steps", data={"text": "Buy running shoes"}).text
    assert "Buy running shoes" in page
    step_action = page.split('action="' + goal_url + "/steps/")[1].split('"')[0]

    page = signed_in.post(f"{goal_url}/steps/{step_action}", data={"status": "done"}).text

    assert "Open “Buy running shoes” again" in page


def test_a_step_is_replanned_with_new_words_and_a_date_and_opens_again(
    signed_in: FormClient,
) -> None:
    goal_url = set_goal(signed_in, RUNNING)
    page = signed_in.post(f"{goal_url}/steps", data={"text": "Buy running shoes"}).text
    step_id = page.split('action="' + goal_url + "/steps/")[1].split('"')[0]
    signed_in.post(f"{goal_url}/steps/{step_id}", data={"status": "skipped"})

    page = signed_in.post(
        f"{goal_url}/steps/{step_id}",
        data={"text": "Borrow running shoes", "due_on": IN_A_MONTH},
    ).text

    assert "Borrow running shoes" in page
    assert "Mark “Borrow running shoes” done" in page
    assert f'value="{IN_A_MONTH}"' in page


def test_a_step_without_words_is_refused_naming_the_problem(signed_in: FormClient) -> None:
    goal_url = set_goal(signed_in, RUNNING)
    page = signed_in.post(f"{goal_url}/steps", data={"text": "Buy running shoes"}).text
    step_id = page.split('action="' + goal_url + "/steps/")[1].split('"')[0]

    response = signed_in.post(f"{goal_url}/steps/{step_id}", data={"text": "  "})

    assert response.status_code == 422
    assert "Please check this" in response.text


def test_the_home_page_shows_a_signed_in_clients_due_check_ins(signed_in: FormClient) -> None:
    set_goal(signed_in, RUNNING)

    page = signed_in.get("/").text

    assert "What is due" in page
    assert "A check-in on" in page
    assert "Run 30 km a month" in page


def test_the_home_page_for_a_visitor_shows_no_check_ins(client: FormClient) -> None:
    assert "What is due" not in client.get("/").text
    assert "Check-ins due" not in client.get("/").text

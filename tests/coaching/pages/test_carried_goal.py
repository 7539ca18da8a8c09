"""What a person said in the assessment is carried into a new goal: its goal and area fill in
the first questions of /goals/new and of the coaching conversation's goal stage, saying where
they came from; never after a crisis, never twice for a goal already set. The example of a unit
counts money as people do where the person is."""

from datetime import UTC, datetime
from typing import Any

import pytest

from crossroads.accounts.service.accounts import change_region
from crossroads.accounts.service.sessions import start_session
from crossroads.assessment.service.assessments import record_assessment
from crossroads.kernel.people import Person
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import STEADY_COACHING_CLIENT, answers, make_person

NOW = datetime.now(UTC)
SAID = STEADY_COACHING_CLIENT[
    "goal"
]  # "Lead my team with more confidence and get promoted by June"
ACUTE = "I'm going to end my life tonight, the pills are in my drawer"


@pytest.fixture
def person(runtime: Runtime) -> Person:
    with runtime.database.transaction() as session:
        return make_person(session, "noor@example.org")


@pytest.fixture
def signed_in(client: FormClient, runtime: Runtime, person: Person) -> FormClient:
    with runtime.database.transaction() as session:
        client.cookies.set(SESSION_COOKIE, start_session(session, person, NOW))
    return client


def assessed(runtime: Runtime, person: Person, said: dict[str, Any]) -> None:
    with runtime.database.transaction() as session:
        record_assessment(session, runtime.master_keys, said, owner=person, now=NOW)


def goal_stage(client: FormClient) -> str:
    """Start a conversation and open its goal stage."""
    started = client.post("/grow", follow_redirects=False)
    assert started.status_code == 303
    page: str = client.get(started.headers["location"]).text
    return page


def new_goal_form(client: FormClient) -> str:
    page: str = client.get("/goals/new").text
    return page


FORMS = pytest.mark.parametrize("form", [new_goal_form, goal_stage], ids=["new goal", "GROW"])


@FORMS
def test_the_assessments_goal_and_area_fill_in_the_form_saying_so(
    signed_in: FormClient, runtime: Runtime, person: Person, form: Any
) -> None:
    assessed(runtime, person, STEADY_COACHING_CLIENT)

    page = form(signed_in)

    assert f'value="{SAID}"' in page
    assert '<option value="leadership" selected>' in page
    today = NOW.date()
    assert f"From your assessment of {today.day} {today:%B %Y}. Change it as you like." in page
    assert 'aria-describedby="what-hint"' in page


@FORMS
def test_without_an_assessment_the_form_starts_empty(signed_in: FormClient, form: Any) -> None:
    page = form(signed_in)

    assert 'name="what" maxlength="200" required value=""' in page
    assert "From your assessment" not in page


@FORMS
def test_the_latest_assessment_that_named_a_goal_is_the_one_carried(
    signed_in: FormClient, runtime: Runtime, person: Person, form: Any
) -> None:
    assessed(runtime, person, answers(STEADY_COACHING_CLIENT, goal="Write a novel", area="other"))
    assessed(runtime, person, answers(STEADY_COACHING_CLIENT, goal=None, area=None))

    page = form(signed_in)

    assert 'value="Write a novel"' in page
    assert '<option value="other" selected>' in page


@FORMS
def test_nothing_is_carried_from_an_assessment_that_pointed_to_a_crisis(
    signed_in: FormClient, runtime: Runtime, person: Person, form: Any
) -> None:
    assessed(runtime, person, answers(STEADY_COACHING_CLIENT, text=ACUTE))

    page = form(signed_in)

    assert SAID not in page
    assert "From your assessment" not in page


def test_a_goal_already_set_from_the_assessment_is_not_offered_again(
    signed_in: FormClient, runtime: Runtime, person: Person
) -> None:
    assessed(runtime, person, STEADY_COACHING_CLIENT)
    saved = signed_in.post(
        "/goals/new", data={"what": SAID, "area": "leadership"}, follow_redirects=False
    )
    assert saved.status_code == 303

    assert "From your assessment" not in new_goal_form(signed_in)
    assert "From your assessment" not in goal_stage(signed_in)


def test_the_carried_goal_can_be_changed_before_it_is_kept(
    signed_in: FormClient, runtime: Runtime, person: Person
) -> None:
    assessed(runtime, person, STEADY_COACHING_CLIENT)
    stage_page = signed_in.post("/grow", follow_redirects=False).headers["location"]

    answered = signed_in.post(
        stage_page, data={"what": "Lead my team calmly", "area": "leadership"}
    )

    assert answered.status_code == 200
    assert 'value="Lead my team calmly"' in signed_in.get(stage_page).text


def test_a_goal_too_long_for_a_title_is_cut_at_a_word_and_saves_as_it_is(
    signed_in: FormClient, runtime: Runtime, person: Person
) -> None:
    long_goal = "Find work that matters to me " * 12  # 348 characters; a goal holds 200
    assessed(runtime, person, answers(STEADY_COACHING_CLIENT, goal=long_goal))

    page = new_goal_form(signed_in)
    shown = page.split('name="what" maxlength="200" required value="')[1].split('"')[0]

    kept = shown.removesuffix("…")
    assert len(shown) <= 200 < len(long_goal.strip())
    assert long_goal.startswith(kept + " ")  # whole words only
    saved = signed_in.post("/goals/new", data={"what": shown}, follow_redirects=False)
    assert saved.status_code == 303


@FORMS
@pytest.mark.parametrize(
    ("region", "language", "money"),
    [
        ("US", None, "dollars"),
        ("GB", None, "pounds"),
        (None, "en-IE,en;q=0.8", "euros"),
        (None, "fr-FR", "money"),
    ],
)
def test_the_example_unit_counts_money_as_people_do_where_the_person_is(
    signed_in: FormClient,
    runtime: Runtime,
    person: Person,
    form: Any,
    region: str | None,
    language: str | None,
    money: str,
) -> None:
    with runtime.database.transaction() as session:
        change_region(session, person, region)
    if language:
        signed_in.headers["accept-language"] = language

    page = form(signed_in)

    assert f"For example kilometres, pages or {money} saved." in page
    assert "pounds saved" not in page or money == "pounds"

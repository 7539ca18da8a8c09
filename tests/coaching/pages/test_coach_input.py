"""A coach with the client's coaching grant sees the client's goals from the client's page,
comments on a goal and sets homework, which the client then sees; a practitioner without the
grant finds nothing, and every visit and addition is in the client's access log."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.platform.audit import accesses_to
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from crossroads.web.auth import SESSION_COOKIE
from tests.coaching.pages.test_goals import RUNNING, set_goal
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime.now(UTC)
NEXT_WEEK = NOW.date() + timedelta(days=7)
Browse = Callable[[str], FormClient]


@pytest.fixture
def people(runtime: Runtime) -> dict[str, Person]:
    with runtime.database.transaction() as session:
        people = {
            "ana": make_person(session, "ana@example.org"),
            "coach": make_person(session, "coach@example.org", role="practitioner"),
            "stranger": make_person(session, "stranger@example.org", role="practitioner"),
        }
        grant_access(
            session,
            people["ana"],
            practitioner_email="coach@example.org",
            areas=[Area.COACHING],
            now=NOW,
        )
    return people


@pytest.fixture
def as_(client: FormClient, runtime: Runtime, people: dict[str, Person]) -> Browse:
    """The browser, signed in as the named person."""

    def browse(name: str) -> FormClient:
        with runtime.database.transaction() as session:
            token = browser_session(session, runtime.master_keys, people[name], NOW)
        client.cookies.set(SESSION_COOKIE, token)
        return client

    return browse


def test_the_coach_reaches_the_clients_goal_from_the_clients_page(
    as_: Browse, people: dict[str, Person]
) -> None:
    goal_url = set_goal(as_("ana"), RUNNING)

    page = as_("coach").get(f"/clients/{people['ana'].id}").text

    assert "Coaching goals" in page
    assert f'<a href="{goal_url}">Run 30 km a month</a>' in page
    assert "Assessments" not in page  # not shared


def test_a_comment_and_homework_from_the_coach_reach_the_client(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    goal_url = set_goal(as_("ana"), RUNNING)
    coach = as_("coach")
    assert "A comment for your client" in coach.get(goal_url).text

    commented = coach.post(
        f"{goal_url}/comments", data={"text": "Lovely start."}, follow_redirects=False
    )
    assigned = coach.post(
        f"{goal_url}/homework",
        data={"text": "Stretch after each run", "due_on": NEXT_WEEK.isoformat()},
        follow_redirects=False,
    )

    assert (commented.status_code, assigned.status_code) == (303, 303)
    page = as_("ana").get(goal_url).text
    assert "From your coach" in page
    assert "Lovely start." in page
    assert "Homework from Coach" in page
    assert "Stretch after each run" in page
    with runtime.database.transaction() as session:
        log = accesses_to(session, people["ana"].id)
    assert sum("comment on goal" in entry.target for entry in log) == 1


def test_homework_without_a_date_is_refused_naming_the_field(as_: Browse) -> None:
    goal_url = set_goal(as_("ana"), RUNNING)

    response = as_("coach").post(f"{goal_url}/homework", data={"text": "Stretch"})

    assert response.status_code == 422
    assert "homework needs a date" in response.text


def test_a_practitioner_without_the_grant_finds_neither_client_nor_goal(
    as_: Browse, people: dict[str, Person]
) -> None:
    goal_url = set_goal(as_("ana"), RUNNING)
    stranger = as_("stranger")

    assert stranger.get(f"/clients/{people['ana'].id}").status_code == 404
    assert stranger.get(goal_url).status_code == 404
    assert stranger.post(f"{goal_url}/comments", data={"text": "Hi"}).status_code == 404


def test_journal_patterns_shared_show_on_the_clients_page_but_never_the_entries(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    with runtime.database.transaction() as session:
        grant_access(
            session,
            people["ana"],
            practitioner_email="coach@example.org",
            areas=[Area.JOURNAL],
            now=NOW,
        )
    ana = as_("ana")
    for _ in range(10):
        ana.post("/journal", data={"mood": "5", "coping": "support", "note": "Lunch with Sam"})

    page = as_("coach").get(f"/clients/{people['ana'].id}").text

    assert "Journal patterns" in page
    assert "You most often turn to reaching out" in page
    assert "Lunch with Sam" not in page
    with runtime.database.transaction() as session:
        log = accesses_to(session, people["ana"].id)
    assert any(entry.target == "journal insights" for entry in log)

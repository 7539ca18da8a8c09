"""The trusted person as pages: a client invites, changes what is seen, sends a fresh link and
stops on /sharing/trusted; the trusted person's page, reached by its link alone, shows what is
shared now and the crisis lines for the visitor, and after stopping kindly shows nothing."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from crossroads.journal.rules.entries import plan_entry
from crossroads.journal.service.entries import add_entry
from crossroads.kernel.people import Person
from crossroads.platform.audit import accesses_to
from crossroads.platform.runtime import Runtime
from crossroads.safety_plan.service import save_plan
from crossroads.trusted_people.service.invitations import trusted_people_of
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import browser_session, make_person
from tests.mail import messages_to

NOW = datetime.now(UTC)
SITE = "https://crossroads.test"  # the tests' public_url (tests/conftest.py)
Browse = Callable[[str], FormClient]
INVITE = {"name": "Sam", "email": "sam@example.org", "areas": ["safety_plan", "moods"]}
CLOSED = "This link doesn't open anything now"


@pytest.fixture
def people(runtime: Runtime) -> dict[str, Person]:
    with runtime.database.transaction() as session:
        people = {
            "ana": make_person(session, "ana@example.org"),
            "bo": make_person(session, "bo@example.org"),
        }
        save_plan(session, runtime.master_keys, people["ana"], {"reasons": "My niece"}, NOW)
        entry = plan_entry(at=NOW - timedelta(hours=1), mood=6)
        add_entry(session, runtime.master_keys, people["ana"], entry, NOW)
    return people


@pytest.fixture
def as_(client: FormClient, runtime: Runtime, people: dict[str, Person]) -> Browse:
    """The browser, signed in as the named person, or signed out for "nobody"."""

    def browse(name: str) -> FormClient:
        client.cookies.delete(SESSION_COOKIE)
        if name != "nobody":
            with runtime.database.transaction() as session:
                token = browser_session(session, runtime.master_keys, people[name], NOW)
            client.cookies.set(SESSION_COOKIE, token)
        return client

    return browse


def _invite(browser: FormClient, runtime: Runtime, **changes: object) -> str:
    """Invite Sam as the signed-in client; the path of the link in the email."""
    response = browser.post("/sharing/trusted", data={**INVITE, **changes}, follow_redirects=False)
    assert response.status_code == 303, response.text
    with runtime.database.reading() as session:
        body = messages_to(session, "sam@example.org")[-1].body
    [link] = [line for line in body.splitlines() if line.startswith(SITE)]
    return link.removeprefix(SITE)


def _invitation_id(runtime: Runtime, people: dict[str, Person]) -> str:
    with runtime.database.reading() as session:
        [sam] = trusted_people_of(session, runtime.master_keys, people["ana"])
    return sam.id


def test_a_client_invites_a_trusted_person_and_sees_them_listed(
    as_: Browse, runtime: Runtime
) -> None:
    ana = as_("ana")
    _invite(ana, runtime)

    html = ana.get("/sharing/trusted?invited=1").text

    assert "We've emailed them their link." in html
    assert "Sam" in html
    assert "sam@example.org" in html
    assert "Stop sharing with Sam" in html
    assert "the crisis lines" in html
    assert "Please check this" not in html


def test_an_invitation_without_a_name_is_refused_with_the_form_kept(as_: Browse) -> None:
    response = as_("ana").post("/sharing/trusted", data={**INVITE, "name": ""})

    assert response.status_code == 422
    assert "Their name" in response.text
    assert 'value="sam@example.org"' in response.text


def test_the_link_shows_what_is_shared_to_anyone_holding_it_with_lines_for_them(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    link = _invite(as_("ana"), runtime, show_my_name="yes")

    html = as_("nobody").get(link).text

    assert "What Ana shares with you" in html
    assert "My niece" in html
    assert "6.0 out of 10" in html
    assert "If you are worried about them" in html
    assert 'class="resources"' in html
    assert 'href="/safety-plan' not in html
    assert 'href="/journal' not in html
    with runtime.database.reading() as session:
        assert len(accesses_to(session, people["ana"].id)) == 2


def test_the_link_page_is_the_same_whoever_is_signed_in(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    link = _invite(as_("ana"), runtime)

    html = as_("bo").get(link).text

    assert "What they share with you" in html
    assert "My niece" in html
    assert "Ana" not in html.split("<main", 1)[-1]


def test_narrowing_on_the_page_hides_the_plan_on_the_next_visit(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    link = _invite(as_("ana"), runtime)
    invitation = _invitation_id(runtime, people)

    changed = as_("ana").post(
        f"/sharing/trusted/{invitation}", data={"areas": ["moods"]}, follow_redirects=False
    )
    html = as_("nobody").get(link).text

    assert changed.status_code == 303
    assert "My niece" not in html
    assert "How their mood has been" in html


def test_after_stopping_the_link_kindly_shows_nothing_as_an_unknown_one_does(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    link = _invite(as_("ana"), runtime)
    invitation = _invitation_id(runtime, people)

    stopped = as_("ana").post(f"/sharing/trusted/{invitation}/stop", follow_redirects=False)
    after = as_("nobody").get(link)
    unknown = as_("nobody").get("/trusted/not-a-link-we-sent")

    assert stopped.status_code == 303
    assert after.status_code == unknown.status_code == 404
    assert CLOSED in after.text
    assert "My niece" not in after.text
    assert 'class="resources"' in after.text
    assert after.text == unknown.text


def test_another_client_cannot_stop_or_change_someone_else_s_trusted_person(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    link = _invite(as_("ana"), runtime)
    invitation = _invitation_id(runtime, people)

    bo = as_("bo")
    stop = bo.post(f"/sharing/trusted/{invitation}/stop", follow_redirects=False)
    change = bo.post(f"/sharing/trusted/{invitation}", data={"areas": ["moods"]})

    assert (stop.status_code, change.status_code) == (404, 404)
    assert "My niece" in as_("nobody").get(link).text


def test_a_fresh_link_is_not_sent_minutes_after_the_last(
    as_: Browse, runtime: Runtime, people: dict[str, Person]
) -> None:
    _invite(as_("ana"), runtime)
    invitation = _invitation_id(runtime, people)

    response = as_("ana").post(f"/sharing/trusted/{invitation}/fresh-link")

    assert response.status_code == 422
    assert "give it time to arrive" in response.text


def test_the_client_s_crisis_page_keeps_its_lines_and_never_points_to_the_trusted_person(
    as_: Browse, runtime: Runtime
) -> None:
    ana = as_("ana")
    _invite(ana, runtime)

    html = ana.get("/help-now").text

    assert 'class="resources"' in html
    assert "trusted" not in html.lower()
    assert "Sam" not in html


def test_the_sharing_page_leads_to_the_trusted_person(as_: Browse) -> None:
    assert 'href="/sharing/trusted"' in as_("ana").get("/sharing").text


def test_the_client_s_access_log_names_the_trusted_person_and_what_they_saw(
    as_: Browse, runtime: Runtime
) -> None:
    link = _invite(as_("ana"), runtime)
    as_("nobody").get(link)

    html = as_("ana").get("/sharing/access-log").text

    assert "Your trusted person, Sam" in html
    assert "Looked at your safety plan" in html
    assert "Looked at the weekly summary of your moods" in html
    assert "trusted:" not in html

"""Messages as pages and over the API: nobody outside the pair reads or writes a thread through
any route; a client's risky message shows them the lines after it is saved, and alerts the
practitioner; reads are in the client's log; the limits answer 429 with Retry-After and words
that name them; the enquiry page says plainly when no question can be sent; the navigation
counts what is unread; the profile shows the measured reply time beside the promise."""

import html
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from crossroads.accounts.service.tokens import create_token
from crossroads.kernel.people import Person
from crossroads.messaging.rules import MESSAGES_PER_HOUR
from crossroads.messaging.service.sending import send_message
from crossroads.messaging.service.threads import threads_of
from crossroads.platform.audit import accesses_to
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.alerts import WORDS_SUBJECT
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import browser_session, make_person
from tests.mail import messages_to
from tests.messaging.conftest import ACUTE, World, build_world, listing_for

SECRET_WORDS = "Only the two of us should ever read this sentence"


@pytest.fixture
def web(runtime: Runtime) -> World:
    with runtime.database.transaction() as session:
        return build_world(session)


@pytest.fixture
def thread_id(runtime: Runtime, web: World) -> str:
    """The client's thread with the therapist, holding one message."""
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        [thread] = threads_of(session, web.client, now)
        send_message(session, runtime.master_keys, web.client, thread.id, SECRET_WORDS, now)
    return thread.id


def shown(response: Any) -> str:
    """The page's text as a reader sees it, with its escaped characters read back."""
    return html.unescape(response.text)


def sign_in(client: FormClient, runtime: Runtime, person: Person) -> None:
    with runtime.database.transaction() as session:
        token = browser_session(session, runtime.master_keys, person, datetime.now(UTC))
    client.cookies.set(SESSION_COOKIE, token)


def bearer(runtime: Runtime, person: Person) -> dict[str, str]:
    with runtime.database.transaction() as session:
        _, token = create_token(
            session, person, name="t", scopes=["read", "write"], now=datetime.now(UTC)
        )
    return {"authorization": f"Bearer {token}"}


@pytest.mark.parametrize("who", ["another client", "a practitioner outside the pair", "an admin"])
def test_nobody_outside_the_pair_reaches_the_thread_through_any_route(
    client: FormClient, runtime: Runtime, web: World, thread_id: str, who: str
) -> None:
    stranger = web.third_parties[who]
    sign_in(client, runtime, stranger)
    headers = bearer(runtime, stranger)

    answers = [
        client.get(f"/messages/{thread_id}"),
        client.post(f"/messages/{thread_id}", data={"text": "Hello"}),
        client.get(f"/api/v1/messages/{thread_id}", headers=headers),
        client.post(f"/api/v1/messages/{thread_id}", json={"text": "Hello"}, headers=headers),
    ]

    assert [answer.status_code for answer in answers] == [404, 404, 404, 404]
    assert all(SECRET_WORDS not in answer.text for answer in answers)
    listed = [client.get("/messages"), client.get("/api/v1/messages", headers=headers)]
    assert all(SECRET_WORDS not in each.text and thread_id not in each.text for each in listed)
    with runtime.database.transaction() as session:
        assert accesses_to(session, web.client.id) == []
        [thread] = threads_of(session, web.client, datetime.now(UTC))
    assert thread.last_sent_at is not None  # nothing more was written in it


def test_the_practitioner_reads_and_answers_and_each_step_is_in_the_clients_log(
    client: FormClient, runtime: Runtime, web: World, thread_id: str
) -> None:
    sign_in(client, runtime, web.therapist)
    listed = client.get("/messages").text
    assert 'Messages <span class="tag">1 new</span>' in listed  # in the navigation
    assert f'<a href="/messages/{thread_id}">Robin</a>' in listed
    assert "<strong>1 new</strong>" in listed

    page = client.get(f"/messages/{thread_id}")
    assert SECRET_WORDS in page.text
    assert "1 new" not in page.text
    sent = client.post(
        f"/messages/{thread_id}", data={"text": "Thank you for telling me"}, follow_redirects=False
    )
    assert (sent.status_code, sent.headers["location"]) == (303, f"/messages/{thread_id}")
    read = client.get(f"/api/v1/messages/{thread_id}", headers=bearer(runtime, web.therapist))
    assert [m["text"] for m in read.json()["messages"]] == [
        SECRET_WORDS,
        "Thank you for telling me",
    ]

    with runtime.database.transaction() as session:
        logged = [(a.actor, a.action, a.target) for a in accesses_to(session, web.client.id)]
    label = web.therapist.label
    assert logged == [  # newest first
        (label, "read", "messages"),
        (label, "change", "messages"),
        (label, "read", "messages"),
    ]
    with runtime.database.transaction() as session:
        [email] = messages_to(session, web.client.email)
    assert "Thank you" not in email.body


def test_a_risky_message_shows_the_client_the_lines_after_it_is_saved_and_alerts(
    client: FormClient, runtime: Runtime, web: World, thread_id: str
) -> None:
    sign_in(client, runtime, web.client)

    page = client.post(f"/messages/{thread_id}", data={"text": ACUTE})

    assert page.status_code == 200
    assert "Before anything else" in page.text  # the crisis page, lines first
    assert "What you wrote is saved" in page.text
    assert f"/messages/{thread_id}" in page.text
    with runtime.database.transaction() as session:
        subjects = [email.subject for email in messages_to(session, web.therapist.email)]
    assert WORDS_SUBJECT in subjects
    assert ACUTE in shown(client.get(f"/messages/{thread_id}"))


def test_a_risky_message_through_the_api_answers_with_the_lines(
    client: FormClient, runtime: Runtime, web: World, thread_id: str
) -> None:
    answer = client.post(
        f"/api/v1/messages/{thread_id}", json={"text": ACUTE}, headers=bearer(runtime, web.client)
    )

    assert answer.status_code == 201
    crisis = answer.json()["crisis"]
    assert (crisis["at_risk"], crisis["level"]) == (True, "acute")
    assert crisis["resources"]


def test_past_the_hourly_limit_the_page_and_the_api_answer_429_saying_so(
    client: FormClient, runtime: Runtime, web: World, thread_id: str
) -> None:
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        for n in range(MESSAGES_PER_HOUR):
            at = now - timedelta(minutes=30) + timedelta(seconds=n)
            send_message(session, runtime.master_keys, web.therapist, thread_id, f"Note {n}", at)
    sign_in(client, runtime, web.therapist)

    page = client.post(f"/messages/{thread_id}", data={"text": "One more"})
    api = client.post(
        f"/api/v1/messages/{thread_id}",
        json={"text": "One more"},
        headers=bearer(runtime, web.therapist),
    )

    assert (page.status_code, api.status_code) == (429, 429)
    for answer in (page, api):
        assert 29 * 60 <= int(answer.headers["retry-after"]) <= 30 * 60
    assert "You can send up to 30 messages an hour, so please wait about 30 minutes" in page.text
    assert api.json()["detail"].startswith("you can send up to 30 messages an hour")


def test_an_overlong_message_comes_back_with_the_words_kept_and_the_limit_named(
    client: FormClient, runtime: Runtime, web: World, thread_id: str
) -> None:
    sign_in(client, runtime, web.client)
    long = "word " * 900

    page = client.post(f"/messages/{thread_id}", data={"text": long})

    assert page.status_code == 422
    assert "up to 4,000 characters, and this one has 4,499" in page.text
    assert long.strip() in page.text


def test_the_enquiry_page_asks_sends_and_then_says_why_not_another(
    client: FormClient, runtime: Runtime, web: World
) -> None:
    sign_in(client, runtime, web.client)
    form = client.get(f"/practitioners/{web.coach_listing}/enquiry")
    assert "Your question" in form.text

    sent = client.post(
        f"/practitioners/{web.coach_listing}/enquiry",
        data={"text": "Do you work online?"},
        follow_redirects=False,
    )

    assert sent.status_code == 303
    assert sent.headers["location"].startswith("/messages/")
    again = client.get(f"/practitioners/{web.coach_listing}/enquiry")
    assert "You can ask Lee another question once they reply" in shown(again)
    assert "Your question" not in again.text
    refused = client.post(
        f"/practitioners/{web.coach_listing}/enquiry", data={"text": "Hello again?"}
    )
    assert refused.status_code == 422
    assert "once they reply" in refused.text


def test_the_enquiry_page_says_plainly_when_a_listing_takes_no_questions(
    client: FormClient, runtime: Runtime, web: World
) -> None:
    with runtime.database.transaction() as session:
        closed = make_person(session, "closed@example.org", role="practitioner")
        listing_id = listing_for(session, closed, accepts_enquiries=False)
    sign_in(client, runtime, web.client)

    page = client.get(f"/practitioners/{listing_id}/enquiry")

    assert "Closed Listed isn't taking questions before working together just now" in shown(page)
    assert "Your question" not in page.text
    assert "Ask a question" not in client.get(f"/practitioners/{listing_id}").text


def test_a_linked_client_is_sent_from_the_enquiry_page_to_their_thread(
    client: FormClient, runtime: Runtime, web: World, thread_id: str
) -> None:
    sign_in(client, runtime, web.client)
    assert "Send a message" in client.get(f"/practitioners/{web.therapist_listing}").text

    answer = client.get(f"/practitioners/{web.therapist_listing}/enquiry", follow_redirects=False)

    assert (answer.status_code, answer.headers["location"]) == (303, f"/messages/{thread_id}")


def test_the_profile_shows_the_promise_and_from_three_replies_the_measured_time(
    client: FormClient, runtime: Runtime, web: World
) -> None:
    profile = f"/practitioners/{web.therapist_listing}"
    assert "Aims to reply within 48 hours</dd>" in client.get(profile).text
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        [thread] = threads_of(session, web.client, now)
        for day in range(3):
            asked = now - timedelta(days=10 - day)
            keys = runtime.master_keys
            send_message(session, keys, web.client, thread.id, "A question", asked)
            send_message(session, keys, web.therapist, thread.id, "Yes", asked + timedelta(hours=5))

    page = client.get(profile).text

    assert (
        "Aims to reply within 48 hours; usually replies within 5 hours, measured over the last "
        "90 days" in page
    )
    assert "Ask a question" in page  # a visitor not signed in is asked to sign in on the way


def test_an_enquiry_through_the_api_opens_the_thread(
    client: FormClient, runtime: Runtime, web: World
) -> None:
    answer = client.post(
        f"/api/v1/practitioners/{web.coach_listing}/enquiry",
        json={"text": "Do you work online?"},
        headers=bearer(runtime, web.client),
    )

    assert answer.status_code == 201
    assert answer.json()["crisis"]["at_risk"] is False
    coach_threads = client.get("/api/v1/messages", headers=bearer(runtime, web.coach)).json()
    assert [(t["id"], t["opened_by"], t["unread"]) for t in coach_threads] == [
        (answer.json()["thread_id"], "enquiry", 1)
    ]


def test_a_listing_can_stop_taking_questions(
    client: FormClient, runtime: Runtime, web: World
) -> None:
    sign_in(client, runtime, web.coach)
    form = client.get("/my-listing").text
    assert 'name="accepts_enquiries" checked' in form
    fields = {
        "name": "Lee Listed",
        "kind": "coach",
        "online": "on",
        "accepting": "on",
        "time_zone": "UTC",
        "hours": "Mon 09:00-17:00",
    }

    saved = client.post("/my-listing", data=fields, follow_redirects=False)

    assert saved.status_code == 303
    assert 'name="accepts_enquiries" checked' not in client.get("/my-listing").text
    client.cookies.clear()
    assert "Ask a question" not in client.get(f"/practitioners/{web.coach_listing}").text

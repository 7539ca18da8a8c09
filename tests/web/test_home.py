"""The home page at `/` for each role: a visitor's start page; a client's home with what is due,
the next session in their own zone, their latest mood, their goals and one next step; a
practitioner's with alerts first, today's sessions and unread messages; an admin's."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from crossroads.accounts.service.accounts import change_preferences, find_by_email
from crossroads.assessment.service.assessments import record_assessment
from crossroads.assessment.service.retakes import set_schedule
from crossroads.booking.service.bookings import book, open_slots
from crossroads.booking.service.directory import save_listing
from crossroads.casework.service.notes import assign_homework
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.messaging.service.sending import send_message
from crossroads.messaging.service.threads import threads_of
from crossroads.ops.demo import load_demo
from crossroads.platform.person_rows import as_person, find_person
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from crossroads.web.auth import SESSION_COOKIE
from crossroads.web.times import full_date_and_time
from tests.booking.service.test_bookings import listing_fields
from tests.conftest import FormClient
from tests.factories import (
    PASSWORD,
    STEADY_COACHING_CLIENT,
    answers,
    browser_session,
    make_person,
)

NOW = datetime.now(UTC)
ACUTE = "I'm going to end my life tonight, the pills are in my drawer"
RUNNING = {
    "what": "Run 30 km a month",
    "area": "habits_health",
    "measure": "number",
    "unit": "km",
    "start": "0",
    "target": "30",
    "cadence": "weekly",
}
EVERY_DAY = {
    "weekly": [[day, "09:00", "12:00"] for day in range(7)],
    "session_minutes": 50,
    "buffer_minutes": 10,
}


@dataclass(frozen=True)
class World:
    client: Person
    therapist: Person
    listing_id: str
    admin: Person


@pytest.fixture
def world(runtime: Runtime) -> World:
    """Robin, a client who shares their journal with Dr Rivera (listed, meeting every day from
    nine to noon UTC), and an admin."""
    with runtime.database.transaction() as session:
        client = make_person(session, "robin@example.org")
        therapist = make_person(session, "rivera@example.org", role="practitioner")
        fields = listing_fields(time_zone="UTC", availability=EVERY_DAY)
        listing_id, _ = save_listing(session, fields, NOW, person_id=therapist.id)
        grant_access(
            session, client, practitioner_email=therapist.email, areas=[Area.JOURNAL], now=NOW
        )
        admin = make_person(session, "admin@example.org", role="admin")
    return World(client, therapist, listing_id, admin)


Browse = Callable[[Person], FormClient]


@pytest.fixture
def as_(client: FormClient, runtime: Runtime) -> Browse:
    def browse(person: Person) -> FormClient:
        with runtime.database.transaction() as session:
            fresh = as_person(_row(session, person))
            client.cookies.set(
                SESSION_COOKIE, browser_session(session, runtime.master_keys, fresh, NOW)
            )
        return client

    return browse


def _row(session: Session, person: Person) -> Any:
    row = find_person(session, person.id)
    assert row is not None
    return row


def _next_step(page: str) -> str:
    """The next step's section of the page."""
    return page.split('id="next-heading"')[1].split("</section>")[0]


def _section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"')[1].split("</section>")[0]


def _book(runtime: Runtime, world: World, day: datetime) -> datetime:
    """Book Robin the first of Dr Rivera's times on `day` (UTC), as if booked days ago."""
    with runtime.database.transaction() as session:
        start = day.replace(hour=0, minute=0, second=0, microsecond=0)
        booked_at = NOW - timedelta(days=3)
        [first, *_] = open_slots(
            session, world.listing_id, start, start + timedelta(days=1), booked_at
        )
        book(
            session,
            runtime.master_keys,
            world.client,
            world.listing_id,
            first.starts,
            "session",
            booked_at,
        )
    return first.starts


def test_a_visitor_sees_the_start_page_and_nothing_of_a_home(client: FormClient) -> None:
    page = client.get("/").text

    assert "Therapy heals" in page
    assert 'href="/assessment?form=short"' in page
    assert "Your next step" not in page
    assert "Check-ins due" not in page


def test_a_new_client_is_offered_the_assessment_as_the_one_next_step(
    world: World, as_: Browse
) -> None:
    page = as_(world.client).get("/").text

    assert "<h1>Hello, Robin</h1>" in page
    assert '<a class="button" href="/assessment">Start the assessment</a>' in _next_step(page)
    assert "Nothing is due right now." in page
    assert "Nothing booked." in page
    assert "No goals yet." in page
    assert "Therapy heals" not in page


def test_a_goal_due_for_a_check_in_is_listed_and_is_the_next_step(
    world: World, as_: Browse
) -> None:
    browser = as_(world.client)
    goal_url = browser.post("/goals/new", data=RUNNING, follow_redirects=False).headers["location"]

    page = browser.get("/").text

    check_in = f'href="{goal_url}#check-in"'
    assert f"A check-in on <a {check_in}>Run 30 km a month</a>" in _section(page, "due-heading")
    assert f'<a class="button" {check_in}>Check in on your goal</a>' in _next_step(page)
    assert "0% of the way" in _section(page, "goals-heading")


def test_homework_and_a_questionnaire_due_again_are_listed_homework_first(
    world: World, as_: Browse, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        assign_homework(
            session,
            runtime.master_keys,
            world.therapist,
            world.client.id,
            "Keep a sleep diary",
            NOW.date(),
            NOW,
        )
        set_schedule(
            session,
            runtime.master_keys,
            world.client,
            world.client.id,
            "who5",
            14,
            NOW - timedelta(days=20),
        )

    page = as_(world.client).get("/").text

    due = _section(page, "due-heading")
    assert '<a href="/homework">Keep a sleep diary</a>' in due
    assert "due today" in due
    assert '<a href="/measures/who5">answer the WHO-5</a>' in due
    assert '<a class="button" href="/homework">See what to try</a>' in _next_step(page)


def test_the_next_session_shows_its_time_in_the_clients_own_zone(
    world: World, as_: Browse, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        change_preferences(
            session, world.client, time_zone="America/New_York", check_in_reminders=True
        )
    starts = _book(runtime, world, NOW + timedelta(days=2))

    page = as_(world.client).get("/").text

    session_part = _section(page, "session-heading")
    shown = full_date_and_time(starts, ZoneInfo("America/New_York"), "en_US")
    assert f"<strong>{shown}</strong>" in session_part
    assert "(New York time)" in session_part
    assert "with Dr Ana Rivera" in session_part
    assert "10 minutes before the start" in session_part  # the room is not open yet
    assert "See the booking" in session_part


def test_the_latest_mood_from_the_journal_is_shown(world: World, as_: Browse) -> None:
    browser = as_(world.client)
    browser.post("/journal", data={"mood": "4"})
    browser.post("/journal", data={"mood": "7"})

    page = browser.get("/").text

    assert "Your latest mood: <strong>7 out of 10</strong>" in _section(page, "mood-heading")


@pytest.mark.parametrize(
    ("said", "label", "href"),
    [
        (STEADY_COACHING_CLIENT, "Set your first goal", "/grow"),
        (
            answers(
                STEADY_COACHING_CLIENT,
                phq9=[2, 2, 2, 2, 1, 2, 1, 1, 0],
                goal=None,
                area=None,
                steady=None,
            ),
            "Find a therapist who fits",
            "/matches",
        ),
        (answers(STEADY_COACHING_CLIENT, text=ACUTE), "Talk to someone now", "/help-now"),
    ],
)
def test_after_an_assessment_the_next_step_follows_what_it_suggested(
    world: World, as_: Browse, runtime: Runtime, said: dict[str, Any], label: str, href: str
) -> None:
    with runtime.database.transaction() as session:
        record_assessment(session, runtime.master_keys, said, owner=world.client, now=NOW)

    page = as_(world.client).get("/").text

    assert f'<a class="button" href="{href}">{label}</a>' in _next_step(page)


def test_new_messages_are_counted_on_both_homes(
    world: World, as_: Browse, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        [thread] = threads_of(session, world.client, NOW)
        send_message(
            session, runtime.master_keys, world.client, thread.id, "Can we meet on Friday?", NOW
        )
        send_message(
            session, runtime.master_keys, world.client, thread.id, "Or Monday works too.", NOW
        )
        send_message(
            session, runtime.master_keys, world.therapist, thread.id, "Friday at ten.", NOW
        )

    client_page = as_(world.client).get("/").text
    therapist_page = as_(world.therapist).get("/").text

    assert '1 new message: <a href="/messages">open your inbox</a>' in client_page
    assert "2 new messages from clients." in _section(therapist_page, "messages-heading")


def test_a_practitioner_sees_alerts_first_then_todays_sessions(
    world: World, as_: Browse, runtime: Runtime
) -> None:
    as_(world.client).post("/journal", data={"mood": "1", "what_happened": ACUTE})
    starts = _book(runtime, world, NOW)

    page = as_(world.therapist).get("/").text

    assert "<h1>Hello, Rivera</h1>" in page
    alerts = _section(page, "alerts-heading")
    assert 'aria-label="Alerts for Robin"' in alerts
    assert "the words screened acute" in alerts
    assert f'href="/clients/{world.client.id}"' in alerts
    today = _section(page, "today-heading")
    assert f"{starts:%H:%M} (UTC): Session with Robin" in today
    assert page.index("Needs your attention") < page.index("Today's sessions")
    assert page.index("Today's sessions") < page.index("New messages")
    assert 'href="/records"' in page


def test_a_practitioner_with_nothing_waiting_is_told_so_plainly(world: World, as_: Browse) -> None:
    page = as_(world.therapist).get("/").text

    assert "nothing from the 1 client who shares with you needs a look now" in page
    assert "No sessions today." in page
    assert "No new messages." in page
    assert "Your next step" not in page


def test_an_admin_is_sent_to_the_accounts(world: World, as_: Browse) -> None:
    page = as_(world.admin).get("/").text

    assert '<a class="button" href="/admin/people">See people and their roles</a>' in page
    assert "Therapy heals" not in page


def test_a_practitioners_account_does_not_read_as_a_clients(world: World, as_: Browse) -> None:
    account = as_(world.therapist).get("/account").text

    assert "Your assessments" not in account
    assert "None yet." not in account


def test_a_clients_account_still_offers_the_assessment(world: World, as_: Browse) -> None:
    account = as_(world.client).get("/account").text

    assert "Your assessments" in account
    assert 'None yet. <a href="/assessment">Take the assessment</a>' in account


def test_the_demos_client_and_coach_each_land_on_a_home_with_something_in_it(
    runtime: Runtime, as_: Browse
) -> None:
    with runtime.database.transaction() as session:
        accounts = load_demo(session, runtime.master_keys, NOW)
        client = find_by_email(session, accounts.client)
        coach = find_by_email(session, accounts.coach)
    assert client is not None
    assert coach is not None

    client_page = as_(client).get("/").text
    coach_page = as_(coach).get("/").text

    assert "Check in on your goal" in _next_step(client_page)
    assert "of the way" in _section(client_page, "goals-heading")
    assert "PHQ-9 went from" in _section(coach_page, "alerts-heading")


@pytest.mark.parametrize(
    ("sent", "lands"),
    [
        ({}, "/"),
        ({"next": "/journal"}, "/journal"),
        ({"next": "//elsewhere.example"}, "/"),
        ({"next": "https://elsewhere.example/"}, "/"),
    ],
)
def test_signing_in_lands_on_the_home_page_unless_a_page_on_this_site_asked(
    client: FormClient, world: World, sent: dict[str, str], lands: str
) -> None:
    form = {"email": world.client.email, "password": PASSWORD, **sent}

    signed_in = client.post("/sign-in", data=form, follow_redirects=False)

    assert signed_in.headers["location"] == lands


def test_the_sign_in_page_carries_the_page_that_asked(client: FormClient) -> None:
    asked = client.get("/journal", follow_redirects=False).headers["location"]

    assert asked == "/sign-in?next=/journal"
    assert 'value="/journal"' in client.get(asked).text

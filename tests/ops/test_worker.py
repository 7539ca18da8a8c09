"""The worker: it delivers mail until stopped, and queues check-in reminders as they come due
by each person's own calendar, one email per person per period, which reach a real SMTP server
on loopback without naming the goal."""

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

import pytest
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from crossroads.accounts.service.accounts import change_preferences
from crossroads.assessment.service.retakes import SUBJECT as RETAKE_SUBJECT
from crossroads.assessment.service.retakes import queue_retake_reminders, set_schedule
from crossroads.booking.service.booked import BookingKind
from crossroads.booking.service.bookings import book
from crossroads.booking.service.directory import save_listing
from crossroads.coaching.rules.checkins import Cadence, CheckInReport, plan_schedule
from crossroads.coaching.rules.goals import plan_goal
from crossroads.coaching.service.goal_parts import record_check_in
from crossroads.coaching.service.goals import add_goal
from crossroads.coaching.service.reminders import NUDGE_SUBJECT, SUBJECT, queue_check_in_reminders
from crossroads.kernel.people import Person
from crossroads.ops.worker import run_worker, work_round
from crossroads.platform.config import Settings
from crossroads.platform.database import Database
from crossroads.platform.engines import make_session_factory
from crossroads.platform.person_rows import PersonRow, as_person, find_person
from crossroads.security.encryption import MasterKeys
from tests.booking.service.test_bookings import listing_fields
from tests.factories import make_person
from tests.platform.test_outbox import queue
from tests.smtp import Collector, smtp_server

NOW = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)  # a Monday
TODAY = NOW.date()
PUBLIC_URL = "https://crossroads.test"


@pytest.fixture
def settings(smtp_port: int) -> Settings:
    return Settings(smtp_host="127.0.0.1", smtp_port=smtp_port, public_url=PUBLIC_URL)


def person(
    database: Database, email: str = "ana@example.org", time_zone: str = "UTC", emails: bool = True
) -> Person:
    with database.transaction() as session:
        someone = make_person(session, email)
        change_preferences(session, someone, time_zone=time_zone, check_in_reminders=emails)
        found = find_person(session, someone.id)
        assert found is not None
        return as_person(found)


def goal_started(
    database: Database,
    master_keys: MasterKeys,
    owner: Person,
    starts_on: date,
    cadence: Cadence = Cadence.WEEKLY,
) -> str:
    goal = plan_goal(what="Write the novel's first draft", starts_on=starts_on)
    schedule = plan_schedule(cadence, starts_on)
    with database.transaction() as session:
        return add_goal(session, master_keys, owner, goal, schedule, now=NOW).id


def check_in(
    database: Database, master_keys: MasterKeys, owner: Person, goal_id: str, day: date
) -> None:
    with database.transaction() as session:
        report = CheckInReport(did="Two pages")
        record_check_in(session, master_keys, owner, goal_id, report, now=NOW, day=day)


def test_a_due_check_in_is_emailed_once_without_naming_the_goal(
    database: Database, master_keys: MasterKeys, settings: Settings, inbox: Collector
) -> None:
    ana = person(database)
    goal_started(database, master_keys, ana, TODAY - timedelta(days=8))

    first = work_round(database, settings, master_keys, now=NOW)
    again = work_round(database, settings, master_keys, now=NOW + timedelta(hours=3))

    assert first.reminders is not None
    assert (first.reminders.people, first.delivery.sent) == (1, 1)
    assert again.reminders is not None
    assert again.reminders.people == 0
    [message] = inbox.messages
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == SUBJECT
    body = message.get_content()
    assert "One of your goals is ready for a check-in" in body
    assert f"{PUBLIC_URL}/goals" in body
    assert "novel" not in body


def test_no_reminder_in_the_week_a_goal_is_set_or_once_the_period_is_kept(
    database: Database, master_keys: MasterKeys, settings: Settings, inbox: Collector
) -> None:
    ana = person(database)
    goal_started(database, master_keys, ana, TODAY - timedelta(days=2))
    kept = goal_started(database, master_keys, ana, TODAY - timedelta(days=7))
    check_in(database, master_keys, ana, kept, TODAY)

    done = work_round(database, settings, master_keys, now=NOW)

    assert done.reminders is not None
    assert done.reminders.goals == 0
    assert inbox.messages == []


def test_several_goals_due_make_one_email(
    database: Database, master_keys: MasterKeys, settings: Settings, inbox: Collector
) -> None:
    ana = person(database)
    for _ in range(2):
        goal_started(database, master_keys, ana, TODAY - timedelta(days=7))

    work_round(database, settings, master_keys, now=NOW)

    [message] = inbox.messages
    assert "2 of your goals are ready for a check-in" in message.get_content()


def test_after_two_missed_check_ins_the_email_is_a_kind_nudge(
    database: Database, master_keys: MasterKeys, settings: Settings, inbox: Collector
) -> None:
    ana = person(database)
    goal_started(database, master_keys, ana, TODAY - timedelta(days=14))

    work_round(database, settings, master_keys, now=NOW)

    [message] = inbox.messages
    assert message["Subject"] == NUDGE_SUBJECT
    assert "that is all right" in message.get_content()


def test_a_person_who_turned_reminders_off_gets_none(
    database: Database, master_keys: MasterKeys, settings: Settings, inbox: Collector
) -> None:
    ana = person(database, emails=False)
    goal_started(database, master_keys, ana, TODAY - timedelta(days=8))

    work_round(database, settings, master_keys, now=NOW)

    assert inbox.messages == []


def test_the_day_turns_by_the_persons_own_clock(
    database: Database, master_keys: MasterKeys, settings: Settings, inbox: Collector
) -> None:
    late_evening = datetime(2027, 1, 11, 23, 30, tzinfo=UTC)  # already Tuesday in Tokyo
    for email, zone in (
        ("london@example.org", "Europe/London"),
        ("tokyo@example.org", "Asia/Tokyo"),
    ):
        someone = person(database, email, time_zone=zone)
        goal_id = goal_started(
            database, master_keys, someone, TODAY - timedelta(days=1), Cadence.DAILY
        )
        check_in(database, master_keys, someone, goal_id, TODAY)

    work_round(database, settings, master_keys, now=late_evening)

    assert [message["To"] for message in inbox.messages] == ["tokyo@example.org"]


def test_the_worker_delivers_until_stopped_and_logs_counts_but_never_bodies(
    database: Database,
    master_keys: MasterKeys,
    settings: Settings,
    smtp_port: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    stop = threading.Event()
    queue(database, "ana@example.org", now=datetime.now(UTC))
    caplog.set_level(logging.INFO, logger="crossroads")
    safety_net = threading.Timer(5, stop.set)  # so a broken worker fails the test, not hangs it
    safety_net.start()
    try:
        with smtp_server(smtp_port, Collector(on_message=stop.set)) as inbox:
            run_worker(database, settings, master_keys, stop=stop, interval=0.01)
    finally:
        safety_net.cancel()

    assert len(inbox.messages) == 1
    assert "1 sent, 0 failed" in caplog.text
    assert "private link" not in caplog.text


Result = TypeVar("Result")


def two_passes_at_once(
    database: Database, committed: Person, reminder_pass: Callable[[Session], Result]
) -> tuple[Result, Result]:
    """The pass run in two sessions, the first still open while the second runs; then the
    person committed for the race is removed again."""
    try:
        with Session(database.engine) as first, Session(database.engine) as second:
            one = reminder_pass(first)  # stays open
            two = reminder_pass(second)
            first.rollback()
            second.rollback()
    finally:
        with database.transaction() as session:
            session.execute(delete(PersonRow).where(PersonRow.id == committed.id))
    return one, two


def test_two_reminder_passes_at_once_remind_of_each_goal_once(
    migrated_engine: Engine, master_keys: MasterKeys
) -> None:
    if migrated_engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time, so there is no pass to race")
    database = Database(migrated_engine, make_session_factory(migrated_engine))
    ana = person(database, "racing@example.org")  # committed for real, removed below
    goal_started(database, master_keys, ana, TODAY - timedelta(days=8))
    one, two = two_passes_at_once(
        database,
        ana,
        lambda session: queue_check_in_reminders(session, public_url=PUBLIC_URL, now=NOW),
    )

    assert (one.goals, two.goals) == (1, 0)


def test_two_retake_reminder_passes_at_once_remind_once(
    migrated_engine: Engine, master_keys: MasterKeys
) -> None:
    if migrated_engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time, so there is no pass to race")
    database = Database(migrated_engine, make_session_factory(migrated_engine))
    ana = person(database, "retaking@example.org")  # committed for real, removed below
    with database.transaction() as session:
        set_schedule(session, master_keys, ana, ana.id, "phq9", 14, NOW)
    one, two = two_passes_at_once(
        database,
        ana,
        lambda session: queue_retake_reminders(
            session, master_keys, public_url=PUBLIC_URL, now=NOW
        ),
    )

    assert (one, two) == (1, 0)


def test_a_booking_tomorrow_is_reminded_of_once_to_each_side_in_their_own_time(
    database: Database, master_keys: MasterKeys, settings: Settings, inbox: Collector
) -> None:
    with database.transaction() as session:
        sam = make_person(session, "sam@example.org")
        change_preferences(session, sam, time_zone="Asia/Tokyo", check_in_reminders=True)
        sam = replace(sam, time_zone="Asia/Tokyo")
        hours = {"weekly": [[day, "00:00", "23:00"] for day in range(7)]}
        fields = listing_fields(email="rivera@example.org", availability=hours)
        practitioner_id, _ = save_listing(session, fields, NOW)
        starts = NOW + timedelta(hours=20)  # 05:00 UTC on Tuesday
        book(session, master_keys, sam, practitioner_id, starts, BookingKind.SESSION, NOW)
    first = work_round(database, settings, master_keys, now=NOW + timedelta(minutes=5))
    again = work_round(database, settings, master_keys, now=NOW + timedelta(minutes=20))

    assert (first.booking_reminders, again.booking_reminders) == (2, 0)
    reminders = [m for m in inbox.messages if m["Subject"].startswith("Reminder")]
    by_recipient = {m["To"]: m.get_content() for m in reminders}
    assert "Tuesday 12 January at 14:00 (Asia/Tokyo)" in by_recipient["sam@example.org"]
    assert "Tuesday 12 January at 05:00 (Europe/London)" in by_recipient["rivera@example.org"]


def test_a_due_retake_reaches_the_client_once_through_a_real_smtp_server(
    database: Database, master_keys: MasterKeys, settings: Settings, inbox: Collector
) -> None:
    ana = person(database)
    with database.transaction() as session:
        set_schedule(session, master_keys, ana, ana.id, "phq9", 14, NOW)

    first = work_round(database, settings, master_keys, now=NOW)
    again = work_round(database, settings, master_keys, now=NOW + timedelta(minutes=20))

    assert (first.retake_reminders, again.retake_reminders) == (1, 0)
    [message] = [m for m in inbox.messages if m["Subject"] == RETAKE_SUBJECT]
    assert f"{PUBLIC_URL}/measures" in message.get_content()

"""Booking: slots on the practitioner's grid, one booking per slot however many try at once (on
PostgreSQL and on SQLite, with real connections), cancelling and moving within the notice, and
a short email to each side."""

import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.orm import Session

from crossroads.booking.rules.limits import BookingLimits
from crossroads.booking.service.appointments import set_listing_kinds
from crossroads.booking.service.booked import BookingKind
from crossroads.booking.service.bookings import (
    DEFAULT_LIMITS,
    book,
    bookings_of,
    limits_from,
    open_slots,
)
from crossroads.booking.service.changes import cancel, reschedule
from crossroads.booking.service.directory import save_listing
from crossroads.booking.store import BookingRow, PractitionerRow
from crossroads.kernel.errors import InvalidInput, NotFound, SlotTaken, TooLateToChange
from crossroads.kernel.people import Person
from crossroads.kernel.risk import RiskLevel
from crossroads.ops.privacy import delete_person
from crossroads.platform.config import Settings
from crossroads.platform.database import Database
from crossroads.platform.engines import make_session_factory
from crossroads.platform.outbox import purge_person
from crossroads.platform.person_rows import PersonRow
from crossroads.security.encryption import MasterKeys
from tests.factories import make_person
from tests.mail import waiting_mail

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # a Monday, 08:00 in London
MONDAY_TEN = datetime(2027, 3, 8, 10, 0, tzinfo=UTC)  # the next Monday, 10:00 in London
NOTICE = 24


def listing_fields(**changes: Any) -> dict[str, Any]:
    return {
        "email": "rivera@example.org",
        "name": "Dr Ana Rivera",
        "kind": "therapist",
        "licences": [
            {"type": "LCSW", "jurisdiction": "GB", "number": "GB-4411", "expires_on": "2029-01-01"}
        ],
        "specialties": ["anxiety"],
        "online": True,
        "meeting_link": "https://meet.example.org/rivera",
        "time_zone": "Europe/London",
        "availability": {
            "weekly": [[0, "09:00", "12:00"], [2, "14:00", "17:00"]],
            "session_minutes": 50,
            "buffer_minutes": 10,
        },
        **changes,
    }


@pytest.fixture
def practitioner(session: Session) -> tuple[str, Person]:
    person = make_person(session, "rivera@example.org", role="practitioner")
    practitioner_id, _ = save_listing(session, listing_fields(), NOW, person_id=person.id)
    return practitioner_id, person


@pytest.fixture
def client(session: Session) -> Person:
    return make_person(session, "sam@example.org")


def test_open_slots_follow_the_weekly_hours_and_buffers(
    session: Session, practitioner: tuple[str, Person]
) -> None:
    found = open_slots(
        session,
        practitioner[0],
        MONDAY_TEN - timedelta(hours=2),
        MONDAY_TEN + timedelta(days=2, hours=8),
        NOW,
    )

    assert [slot.starts.isoformat() for slot in found] == [
        "2027-03-08T09:00:00+00:00",
        "2027-03-08T10:00:00+00:00",
        "2027-03-08T11:00:00+00:00",
        "2027-03-10T14:00:00+00:00",
        "2027-03-10T15:00:00+00:00",
        "2027-03-10T16:00:00+00:00",
    ]


def test_a_booked_slot_is_gone_and_a_second_booking_of_it_is_refused(
    session: Session, master_keys: MasterKeys, practitioner: tuple[str, Person], client: Person
) -> None:
    booked = book(
        session, master_keys, client, practitioner[0], MONDAY_TEN, BookingKind.CONSULTATION, NOW
    )
    other = make_person(session, "kim@example.org")

    with pytest.raises(SlotTaken):
        book(session, master_keys, other, practitioner[0], MONDAY_TEN, BookingKind.SESSION, NOW)
    assert booked.ends - booked.starts == timedelta(minutes=15)  # a consultation is short
    assert booked.meeting_link == "https://meet.example.org/rivera"  # her profile's own room
    later = open_slots(
        session,
        practitioner[0],
        MONDAY_TEN - timedelta(hours=2),
        MONDAY_TEN + timedelta(hours=3),
        NOW,
    )
    assert MONDAY_TEN not in [slot.starts for slot in later]


@pytest.mark.parametrize(
    ("starts", "problem"),
    [
        (MONDAY_TEN + timedelta(minutes=15), "choose one of the times offered"),
        (MONDAY_TEN + timedelta(hours=4), "outside the practitioner's hours"),
        (NOW - timedelta(days=7), "already passed"),
    ],
)
def test_a_time_off_the_grid_outside_hours_or_past_is_refused(
    session: Session,
    master_keys: MasterKeys,
    practitioner: tuple[str, Person],
    client: Person,
    starts: datetime,
    problem: str,
) -> None:
    with pytest.raises(InvalidInput, match=problem):
        book(session, master_keys, client, practitioner[0], starts, BookingKind.SESSION, NOW)


@pytest.mark.parametrize(
    ("starts", "refusal", "words"),
    [
        (MONDAY_TEN + timedelta(minutes=15), SlotTaken, "taken"),  # off the grid, over it
        (MONDAY_TEN + timedelta(hours=1), InvalidInput, "times offered"),  # inside its buffer
    ],
)
def test_a_time_over_a_booking_is_taken_and_one_inside_its_buffer_is_not_offered(
    session: Session,
    master_keys: MasterKeys,
    practitioner: tuple[str, Person],
    client: Person,
    starts: datetime,
    refusal: type[Exception],
    words: str,
) -> None:
    hour = {"key": "hour", "name": "Long session", "minutes": 60, "fee": 90, "online": True}
    short = {"key": "short", "name": "Session", "minutes": 50, "fee": 90, "online": True}
    set_listing_kinds(session, practitioner[0], [hour, short], NOW)
    book(session, master_keys, client, practitioner[0], MONDAY_TEN, "hour", NOW)  # 10:00-11:00
    other = make_person(session, "kim@example.org")

    with pytest.raises(refusal, match=words):
        book(session, master_keys, other, practitioner[0], starts, "short", NOW)
    assert MONDAY_TEN + timedelta(hours=1) not in [
        slot.starts
        for slot in open_slots(session, practitioner[0], NOW, MONDAY_TEN + timedelta(hours=2), NOW)
    ]


def test_a_practitioner_not_taking_clients_cannot_be_booked(
    session: Session, master_keys: MasterKeys, client: Person
) -> None:
    closed, _ = save_listing(
        session, listing_fields(email="full@example.org", accepting=False), NOW
    )

    with pytest.raises(InvalidInput, match="not taking new clients"):
        book(session, master_keys, client, closed, MONDAY_TEN, BookingKind.SESSION, NOW)


def test_a_practitioner_not_taking_new_clients_can_still_be_booked_by_their_own_clients(
    session: Session, master_keys: MasterKeys, client: Person
) -> None:
    fields = listing_fields(email="full@example.org")
    closing, _ = save_listing(session, fields, NOW)
    book(session, master_keys, client, closing, MONDAY_TEN, BookingKind.SESSION, NOW)
    save_listing(session, {**fields, "accepting": False}, NOW)
    newcomer = make_person(session, "new@example.org")
    next_week = MONDAY_TEN + timedelta(days=7)

    again = book(session, master_keys, client, closing, next_week, BookingKind.SESSION, NOW)

    assert again.starts == next_week
    with pytest.raises(InvalidInput, match="not taking new clients"):
        book(session, master_keys, newcomer, closing, next_week, BookingKind.SESSION, NOW)


def test_each_side_gets_a_short_email_that_does_not_say_why(
    session: Session, master_keys: MasterKeys, practitioner: tuple[str, Person], client: Person
) -> None:
    book(
        session,
        master_keys,
        client,
        practitioner[0],
        MONDAY_TEN,
        BookingKind.SESSION,
        NOW,
        note="My panic attacks at work",
    )

    messages = waiting_mail(session)
    assert sorted(m.recipient for m in messages) == ["rivera@example.org", "sam@example.org"]
    assert all("panic" not in m.body for m in messages)


@pytest.mark.parametrize(
    ("note", "level"),
    [
        ("I'm going to end my life tonight, the pills are in my drawer", RiskLevel.ACUTE),
        ("Some days I wish I was dead", RiskLevel.CHECK),
        ("My panic attacks at work", RiskLevel.NONE),
    ],
)
def test_the_note_a_client_writes_is_screened_and_the_booking_still_made(
    session: Session,
    master_keys: MasterKeys,
    practitioner: tuple[str, Person],
    client: Person,
    note: str,
    level: RiskLevel,
) -> None:
    booked = book(
        session,
        master_keys,
        client,
        practitioner[0],
        MONDAY_TEN,
        BookingKind.SESSION,
        NOW,
        note=note,
    )

    assert booked.screen.level is level
    assert [each.id for each in bookings_of(session, client)] == [booked.id]


def test_the_client_cancels_with_notice_and_the_slot_opens_again(
    session: Session, master_keys: MasterKeys, practitioner: tuple[str, Person], client: Person
) -> None:
    booked = book(
        session, master_keys, client, practitioner[0], MONDAY_TEN, BookingKind.SESSION, NOW
    )

    cancelled = cancel(session, client, booked.id, NOW, NOTICE)

    assert (cancelled.cancelled, cancelled.sequence) == (True, 1)
    again = book(
        session, master_keys, client, practitioner[0], MONDAY_TEN, BookingKind.SESSION, NOW
    )
    assert again.id != booked.id


def test_too_close_to_the_start_only_the_practitioner_can_cancel(
    session: Session, master_keys: MasterKeys, practitioner: tuple[str, Person], client: Person
) -> None:
    booked = book(
        session, master_keys, client, practitioner[0], MONDAY_TEN, BookingKind.SESSION, NOW
    )
    the_day_before = MONDAY_TEN - timedelta(hours=NOTICE - 1)

    with pytest.raises(TooLateToChange):
        cancel(session, client, booked.id, the_day_before, NOTICE)
    assert cancel(session, practitioner[1], booked.id, the_day_before, NOTICE).cancelled


def test_a_booking_moves_to_another_free_slot_and_its_sequence_goes_up(
    session: Session, master_keys: MasterKeys, practitioner: tuple[str, Person], client: Person
) -> None:
    booked = book(
        session, master_keys, client, practitioner[0], MONDAY_TEN, BookingKind.SESSION, NOW
    )
    wednesday = datetime(2027, 3, 10, 15, 0, tzinfo=UTC)

    moved = reschedule(session, client, booked.id, wednesday, NOW, NOTICE)

    assert (moved.id, moved.starts, moved.sequence) == (booked.id, wednesday, 1)
    [listed] = bookings_of(session, client)
    assert listed.starts == wednesday
    assert [b.id for b in bookings_of(session, practitioner[1])] == [booked.id]


def test_nobody_else_can_cancel_or_move_a_booking(
    session: Session, master_keys: MasterKeys, practitioner: tuple[str, Person], client: Person
) -> None:
    booked = book(
        session, master_keys, client, practitioner[0], MONDAY_TEN, BookingKind.SESSION, NOW
    )
    stranger = make_person(session, "kim@example.org")

    with pytest.raises(NotFound):
        cancel(session, stranger, booked.id, NOW, NOTICE)
    with pytest.raises(NotFound):
        reschedule(session, stranger, booked.id, MONDAY_TEN, NOW, NOTICE)


# Contention: many clients, one slot, real connections.

CLIENTS = 100


@pytest.fixture
def committed(
    request: pytest.FixtureRequest, migrated_engine: Engine, master_keys: MasterKeys
) -> Iterator[tuple[Database, str, list[Person]]]:
    """A practitioner and many clients (CLIENTS, or as many as the test's parameter says)
    committed for real (outside the rolled-back test transaction), removed afterwards."""
    database = Database(migrated_engine, make_session_factory(migrated_engine))
    tag = uuid.uuid4().hex[:8]
    count = getattr(request, "param", CLIENTS)
    with database.transaction() as session:
        practitioner_id, _ = save_listing(
            session, listing_fields(email=f"busy-{tag}@example.org"), NOW
        )
        clients = [make_person(session, f"c{n}-{tag}@example.org") for n in range(count)]
    try:
        yield database, practitioner_id, clients
    finally:
        with database.transaction() as session:
            session.execute(delete(PractitionerRow).where(PractitionerRow.id == practitioner_id))
            for each in clients:
                purge_person(session, each.id)  # mail to each client and about them
            session.execute(delete(PersonRow).where(PersonRow.email.like(f"%-{tag}@example.org")))


def test_a_hundred_clients_booking_one_slot_at_once_get_one_booking(
    committed: tuple[Database, str, list[Person]], master_keys: MasterKeys
) -> None:
    database, practitioner_id, clients = committed
    start = threading.Barrier(CLIENTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def try_to_book(client: Person) -> None:
        start.wait()
        try:
            with database.transaction() as session:
                book(
                    session,
                    master_keys,
                    client,
                    practitioner_id,
                    MONDAY_TEN,
                    BookingKind.CONSULTATION,
                    NOW,
                )
            outcome = "booked"
        except SlotTaken:
            outcome = "taken"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=try_to_book, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(outcomes) == ["booked"] + ["taken"] * (CLIENTS - 1)
    with database.transaction() as session:
        live = session.scalar(
            select(func.count())
            .select_from(BookingRow)
            .where(BookingRow.practitioner_id == practitioner_id, BookingRow.status == "booked")
        )
    assert live == 1


@pytest.mark.parametrize("committed", [2], indirect=True)
def test_a_client_who_loses_a_race_waits_and_is_refused_by_the_check_not_the_database(
    committed: tuple[Database, str, list[Person]], master_keys: MasterKeys
) -> None:
    """The loser of a race for one slot waits its turn and then sees the booking made, rather
    than doing all of a booking's work to be refused by the exclusion constraint, which would
    also leave its transaction unusable."""
    database, practitioner_id, (winner, loser) = committed
    if database.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time, so there is no race to lose")
    outcomes: list[str] = []

    def lose() -> None:
        with database.transaction() as session:
            try:
                book(session, master_keys, loser, practitioner_id, MONDAY_TEN, "session", NOW)
            except SlotTaken:
                free = open_slots(session, practitioner_id, MONDAY_TEN, MONDAY_TEN, NOW)
                outcomes.append(f"refused, then read {len(free)} free slots")

    racer = threading.Thread(target=lose)
    with database.transaction() as session:
        book(session, master_keys, winner, practitioner_id, MONDAY_TEN, "session", NOW)
        racer.start()
        wait_until_someone_waits_for_a_lock(database)
    racer.join(timeout=60)

    assert outcomes == ["refused, then read 0 free slots"]


def wait_until_someone_waits_for_a_lock(database: Database) -> None:
    deadline = time.monotonic() + 30
    with database.engine.connect() as connection:
        while time.monotonic() < deadline:
            query = text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if connection.execute(query).scalar():
                return
            time.sleep(0.02)
    raise AssertionError("nobody waited for a lock within 30 s")


def test_a_consultation_needs_a_practitioner_who_offers_one_free(
    session: Session, master_keys: MasterKeys, client: Person
) -> None:
    paid_only, _ = save_listing(
        session, listing_fields(email="paid@example.org", free_consultation=False), NOW
    )

    with pytest.raises(InvalidInput, match="free consultations"):
        book(session, master_keys, client, paid_only, MONDAY_TEN, BookingKind.CONSULTATION, NOW)


def test_a_practitioner_offering_nothing_today_cannot_be_booked(
    session: Session, master_keys: MasterKeys, client: Person
) -> None:
    lapsed = [{"type": "LPC", "jurisdiction": "TX", "number": "TX-1", "expires_on": "2020-01-01"}]
    nothing, _ = save_listing(
        session, listing_fields(email="lapsed@example.org", licences=lapsed), NOW
    )

    with pytest.raises(InvalidInput, match="not taking bookings"):
        book(session, master_keys, client, nothing, MONDAY_TEN, BookingKind.SESSION, NOW)


def test_emails_give_each_side_the_time_in_their_own_zone_whatever_zone_was_sent(
    session: Session, master_keys: MasterKeys, practitioner: tuple[str, Person], client: Person
) -> None:
    tokyo_client = replace(client, time_zone="Asia/Tokyo")
    in_paris = MONDAY_TEN.astimezone(ZoneInfo("Europe/Paris"))

    booked = book(
        session, master_keys, tokyo_client, practitioner[0], in_paris, BookingKind.SESSION, NOW
    )

    assert booked.starts.utcoffset() == timedelta(0)
    bodies = {m.recipient: m.body for m in waiting_mail(session)}
    assert "Monday 8 March 2027, 19:00 (Asia/Tokyo)" in bodies["sam@example.org"]
    assert "Monday 8 March 2027, 10:00 (Europe/London)" in bodies["rivera@example.org"]


def test_a_moved_booking_is_told_to_both_and_reminded_of_again(
    session: Session, master_keys: MasterKeys, practitioner: tuple[str, Person], client: Person
) -> None:
    booked = book(
        session, master_keys, client, practitioner[0], MONDAY_TEN, BookingKind.SESSION, NOW
    )
    row = session.get(BookingRow, booked.id)
    assert row is not None
    row.reminded_at = NOW

    reschedule(
        session, practitioner[1], booked.id, datetime(2027, 3, 10, 15, 0, tzinfo=UTC), NOW, NOTICE
    )

    assert row.reminded_at is None
    subjects = [m.subject for m in waiting_mail(session)]
    assert subjects.count("Session with Dr Ana Rivera is moved") == 1


def test_a_practitioner_who_leaves_takes_their_listing_and_clients_are_told(
    session: Session, master_keys: MasterKeys, practitioner: tuple[str, Person], client: Person
) -> None:
    book(session, master_keys, client, practitioner[0], MONDAY_TEN, BookingKind.SESSION, NOW)

    delete_person(session, master_keys, practitioner[1])

    assert session.get(PractitionerRow, practitioner[0]) is None
    subjects = [m.subject for m in waiting_mail(session)]
    assert "Your booking with Dr Ana Rivera is cancelled" in subjects


def test_one_client_cannot_hold_every_free_slot_of_a_practitioner(
    session: Session, master_keys: MasterKeys, practitioner: tuple[str, Person], client: Person
) -> None:
    free = open_slots(session, practitioner[0], NOW, NOW + timedelta(days=14), NOW)
    assert len(free) > DEFAULT_LIMITS.per_practitioner

    for slot in free[: DEFAULT_LIMITS.per_practitioner]:
        book(session, master_keys, client, practitioner[0], slot.starts, BookingKind.SESSION, NOW)
    with pytest.raises(InvalidInput) as refused:
        book(
            session, master_keys, client, practitioner[0], free[-1].starts, BookingKind.SESSION, NOW
        )

    assert refused.value.field == "starts"
    assert "4 upcoming bookings with this practitioner" in refused.value.problem
    others = make_person(session, "kim@example.org")
    book(session, master_keys, others, practitioner[0], free[-1].starts, BookingKind.SESSION, NOW)


def test_a_cancelled_or_past_booking_no_longer_counts_toward_the_cap(
    session: Session, master_keys: MasterKeys, practitioner: tuple[str, Person], client: Person
) -> None:
    limits = BookingLimits(per_practitioner=1)
    wednesday = NOW + timedelta(days=2)  # more than the notice ahead, so it can be cancelled
    first, second, third = open_slots(
        session, practitioner[0], wednesday, wednesday + timedelta(days=1), NOW
    )
    booked = book(
        session,
        master_keys,
        client,
        practitioner[0],
        first.starts,
        BookingKind.SESSION,
        NOW,
        limits=limits,
    )
    cancel(session, client, booked.id, NOW, NOTICE)
    book(
        session,
        master_keys,
        client,
        practitioner[0],
        second.starts,
        BookingKind.SESSION,
        NOW,
        limits=limits,
    )
    after_it = second.ends + timedelta(minutes=1)

    book(
        session,
        master_keys,
        client,
        practitioner[0],
        third.starts,
        BookingKind.SESSION,
        after_it,
        limits=limits,
    )


def test_a_client_cannot_hold_more_upcoming_bookings_than_the_overall_cap(
    session: Session, master_keys: MasterKeys, practitioner: tuple[str, Person], client: Person
) -> None:
    other, _ = save_listing(session, listing_fields(email="lee@example.org", name="Lee Park"), NOW)
    limits = BookingLimits(per_practitioner=5, overall=2)
    book(
        session,
        master_keys,
        client,
        practitioner[0],
        MONDAY_TEN,
        BookingKind.SESSION,
        NOW,
        limits=limits,
    )
    book(session, master_keys, client, other, MONDAY_TEN, BookingKind.SESSION, NOW, limits=limits)

    with pytest.raises(InvalidInput, match=r"2 upcoming bookings, the most one person may hold"):
        book(
            session,
            master_keys,
            client,
            other,
            MONDAY_TEN + timedelta(hours=1),
            BookingKind.SESSION,
            NOW,
            limits=limits,
        )


@pytest.mark.parametrize(
    "starts",
    [
        datetime(2027, 6, 7, 10, 0, tzinfo=UTC),  # a Monday 98 days ahead, on the grid
        datetime(2030, 3, 4, 10, 0, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
    ],
)
def test_a_booking_beyond_the_horizon_is_refused_plainly(
    session: Session,
    master_keys: MasterKeys,
    practitioner: tuple[str, Person],
    client: Person,
    starts: datetime,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        book(session, master_keys, client, practitioner[0], starts, BookingKind.SESSION, NOW)

    assert refused.value.field == "starts"
    assert refused.value.problem == (
        "bookings open at most 90 days ahead; choose a time before 30 May 2027"
    )
    booked = book(
        session, master_keys, client, practitioner[0], MONDAY_TEN, BookingKind.SESSION, NOW
    )
    with pytest.raises(InvalidInput, match="at most 90 days ahead"):
        reschedule(session, client, booked.id, starts, NOW, NOTICE)


def test_open_slots_stop_at_the_horizon(session: Session, practitioner: tuple[str, Person]) -> None:
    found = open_slots(session, practitioner[0], NOW, NOW + timedelta(days=365), NOW)

    assert found
    assert max(slot.starts for slot in found) <= NOW + timedelta(days=90)
    assert (
        open_slots(
            session, practitioner[0], NOW + timedelta(days=100), NOW + timedelta(days=120), NOW
        )
        == []
    )


def test_the_settings_defaults_are_the_rule_s_defaults() -> None:
    assert limits_from(Settings()) == DEFAULT_LIMITS == BookingLimits()

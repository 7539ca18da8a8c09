"""Kinds of appointment in use: a practitioner sets them, a booking takes the kind's length,
fee, notice and way of meeting, each online booking gets a room of its own (or the kind's own
link), in person none; the calendar says where to go and never holds a room; after a
consultation the client says whether it was a fit; and a booking shares with its practitioner
without an address typed."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy.orm import Session

from crossroads.booking.service.after import answer_fit, next_step, share_with_practitioner
from crossroads.booking.service.appointments import set_kinds
from crossroads.booking.service.bookings import (
    appointment_kinds,
    book,
    booking_of,
    free_times_for,
    open_slots,
)
from crossroads.booking.service.calendar import bookings_calendar
from crossroads.booking.service.directory import save_listing
from crossroads.booking.service.reminders import queue_fit_questions
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.platform.audit import accesses_to
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import shares_given
from tests.booking.service.test_bookings import MONDAY_TEN, NOW, client, listing_fields
from tests.factories import make_person
from tests.mail import waiting_mail

client = client  # the fixture, shared with the booking tests
SITE = "https://crossroads.example.org"
KINDS = [
    {
        "key": "hello",
        "name": "Free first chat",
        "minutes": 15,
        "fee": 0,
        "online": True,
        "consultation": True,
    },
    {
        "key": "session",
        "name": "Session",
        "minutes": 50,
        "fee": 90,
        "online": True,
        "in_person": True,
        "notice_hours": 48,
    },
    {
        "key": "walk",
        "name": "Walk and talk",
        "minutes": 50,
        "fee": 90,
        "in_person": True,
    },
    {
        "key": "own-room",
        "name": "Session in my own room",
        "minutes": 50,
        "fee": 90,
        "online": True,
        "link": "https://rooms.example.org/ana",
    },
]


@pytest.fixture
def ana(session: Session) -> tuple[str, Person]:
    """A therapist meeting online and in person, with her own kinds of appointment."""
    person = make_person(session, "ana@example.org", role="practitioner")
    fields = listing_fields(email="ana@example.org", in_person=True, location="12 High St")
    practitioner_id, _ = save_listing(session, fields, NOW, person_id=person.id)
    set_kinds(session, person, KINDS, NOW)
    return practitioner_id, person


def test_a_practitioner_sets_kinds_and_a_booking_takes_the_kinds_length_and_fee(
    session: Session, master_keys: MasterKeys, ana: tuple[str, Person], client: Person
) -> None:
    chat = book(session, master_keys, client, ana[0], MONDAY_TEN, "hello", NOW)

    assert [kind.key for kind in appointment_kinds(session, ana[0])] == [
        "hello",
        "session",
        "walk",
        "own-room",
    ]
    assert (chat.appointment, chat.minutes, chat.fee, chat.kind.value) == (
        "Free first chat",
        15,
        0,
        "consultation",
    )


def test_two_online_bookings_get_different_rooms_and_in_person_gets_none(
    session: Session, master_keys: MasterKeys, ana: tuple[str, Person], client: Person
) -> None:
    other = make_person(session, "kim@example.org")
    first = book(session, master_keys, client, ana[0], MONDAY_TEN, "hello", NOW)
    second = book(
        session, master_keys, other, ana[0], MONDAY_TEN + timedelta(hours=1), "hello", NOW
    )
    walk = book(
        session, master_keys, client, ana[0], MONDAY_TEN + timedelta(days=2, hours=4), "walk", NOW
    )
    own = book(
        session,
        master_keys,
        other,
        ana[0],
        MONDAY_TEN + timedelta(days=2, hours=5),
        "own-room",
        NOW,
    )

    assert first.meeting_link != second.meeting_link
    assert first.meeting_link.startswith("https://meet.jit.si/crossroads-")
    assert len(first.meeting_link.removeprefix("https://meet.jit.si/crossroads-")) == 32
    assert (walk.online, walk.meeting_link, walk.location) == (False, "", "12 High St")
    assert own.meeting_link == "https://rooms.example.org/ana"


def test_the_room_is_shown_only_from_shortly_before_the_start_until_the_end(
    session: Session, master_keys: MasterKeys, ana: tuple[str, Person], client: Person
) -> None:
    chat = book(session, master_keys, client, ana[0], MONDAY_TEN, "hello", NOW)

    assert chat.room(NOW) == ""
    assert chat.room(MONDAY_TEN - timedelta(minutes=11)) == ""
    assert chat.room(MONDAY_TEN - timedelta(minutes=10)) == chat.meeting_link
    assert chat.room(chat.ends) == ""


def test_a_kind_that_offers_both_ways_is_booked_the_way_the_client_chose(
    session: Session, master_keys: MasterKeys, ana: tuple[str, Person], client: Person
) -> None:
    met = book(session, master_keys, client, ana[0], MONDAY_TEN, "session", NOW, mode="in_person")

    assert (met.online, met.location, met.meeting_link) == (False, "12 High St", "")


def test_a_kind_needing_notice_offers_no_time_too_soon_and_refuses_one(
    session: Session, master_keys: MasterKeys, ana: tuple[str, Person], client: Person
) -> None:
    today_at_ten = NOW + timedelta(hours=2)  # in her Monday hours, within the 48 hours
    free = open_slots(session, ana[0], NOW, NOW + timedelta(days=3), NOW, appointment="session")
    chats = open_slots(session, ana[0], NOW, NOW + timedelta(days=3), NOW, appointment="hello")

    assert today_at_ten in [slot.starts for slot in chats]
    assert free
    assert all(slot.starts >= NOW + timedelta(hours=48) for slot in free)
    with pytest.raises(InvalidInput, match="48 hours ahead"):
        book(session, master_keys, client, ana[0], today_at_ten, "session", NOW)


def test_a_booking_moves_only_to_times_of_its_own_length(
    session: Session, master_keys: MasterKeys, ana: tuple[str, Person], client: Person
) -> None:
    chat = book(session, master_keys, client, ana[0], MONDAY_TEN, "hello", NOW)

    free = free_times_for(session, chat, NOW, NOW + timedelta(days=14))

    assert free
    assert all(slot.ends - slot.starts == timedelta(minutes=15) for slot in free)


def test_the_calendar_says_where_to_go_and_never_holds_the_room(
    session: Session, master_keys: MasterKeys, ana: tuple[str, Person], client: Person
) -> None:
    online = book(session, master_keys, client, ana[0], MONDAY_TEN, "hello", NOW)
    book(session, master_keys, client, ana[0], MONDAY_TEN + timedelta(days=2, hours=4), "walk", NOW)

    data = bookings_calendar(session, client, NOW, SITE)
    events = {str(event["SUMMARY"]): event for event in Calendar.from_ical(data).events}

    assert online.meeting_link not in "".join(
        str(value) for event in events.values() for value in event.values()
    )
    chat = events["Free first chat with Dr Ana Rivera"]
    assert f"{SITE}/bookings/{online.id}" in str(chat["LOCATION"])
    assert str(chat["URL"]) == f"{SITE}/bookings/{online.id}"
    assert str(events["Walk and talk with Dr Ana Rivera"]["LOCATION"]) == "12 High St"


def test_after_a_consultation_the_client_says_whether_it_was_a_fit(
    session: Session, master_keys: MasterKeys, ana: tuple[str, Person], client: Person
) -> None:
    chat = book(session, master_keys, client, ana[0], MONDAY_TEN, "hello", NOW)
    after = chat.ends + timedelta(minutes=1)

    assert chat.asks_fit(after)
    assert not chat.asks_fit(chat.starts)
    with pytest.raises(InvalidInput, match="once a consultation has taken place"):
        answer_fit(session, client, chat.id, "session", chat.starts)
    answered = answer_fit(session, client, chat.id, "session", after)

    assert booking_of(session, client, chat.id)[0].fit == "session" == answered.fit
    assert not answered.asks_fit(after)
    assert next_step(session, answered) == f"/book/{ana[0]}?kind=session"
    with pytest.raises(NotFound):
        answer_fit(session, ana[1], chat.id, "others", after)


def test_a_booking_shares_with_its_practitioner_without_an_address_typed(
    session: Session, master_keys: MasterKeys, ana: tuple[str, Person], client: Person
) -> None:
    chat = book(session, master_keys, client, ana[0], MONDAY_TEN, "hello", NOW)
    stranger = make_person(session, "lee@example.org")

    share_with_practitioner(session, client, chat.id, [Area.ASSESSMENTS], NOW)

    [share] = shares_given(session, client)
    assert (share.address, share.area) == ("ana@example.org", Area.ASSESSMENTS)
    assert any(entry.action == "share" for entry in accesses_to(session, client.id))
    with pytest.raises(NotFound):
        share_with_practitioner(session, stranger, chat.id, [Area.JOURNAL], NOW)


def test_once_a_consultation_has_ended_the_client_is_emailed_once_whether_it_was_a_fit(
    session: Session, master_keys: MasterKeys, ana: tuple[str, Person], client: Person
) -> None:
    chat = book(session, master_keys, client, ana[0], MONDAY_TEN, "hello", NOW)
    later = book(
        session, master_keys, client, ana[0], MONDAY_TEN + timedelta(days=2, hours=4), "walk", NOW
    )
    before = len(waiting_mail(session))

    assert queue_fit_questions(session, public_url=SITE, now=chat.starts) == 0
    assert queue_fit_questions(session, public_url=SITE, now=chat.ends) == 1
    assert queue_fit_questions(session, public_url=SITE, now=chat.ends + timedelta(hours=1)) == 0
    assert queue_fit_questions(session, public_url=SITE, now=later.ends) == 0  # a session
    [asked] = waiting_mail(session)[before:]
    assert (asked.recipient, asked.subject) == ("sam@example.org", "Was Dr Ana Rivera a fit?")
    assert f"{SITE}/bookings/{chat.id}" in asked.body


def test_the_email_says_what_how_long_and_where_never_the_room_or_the_reason(
    session: Session, master_keys: MasterKeys, ana: tuple[str, Person], client: Person
) -> None:
    before = len(waiting_mail(session))
    book(session, master_keys, client, ana[0], MONDAY_TEN, "hello", NOW, note="I feel low")
    walk_time = MONDAY_TEN + timedelta(days=2, hours=4)
    book(session, master_keys, client, ana[0], walk_time, "walk", NOW)

    sent = [m.body for m in waiting_mail(session)[before:] if m.recipient == "sam@example.org"]
    [chat] = [body for body in sent if "free first chat" in body]
    [walk] = [body for body in sent if "walk and talk" in body]

    assert "15 minutes, online" in chat
    assert "meet.jit.si" not in chat
    assert "feel low" not in chat
    assert "50 minutes, in person at 12 High St" in walk


def test_the_downloaded_calendar_holds_the_room_and_the_subscribed_feed_never(
    session: Session, master_keys: MasterKeys, ana: tuple[str, Person], client: Person
) -> None:
    chat = book(session, master_keys, client, ana[0], MONDAY_TEN, "hello", NOW)

    [downloaded] = Calendar.from_ical(
        bookings_calendar(session, client, NOW, SITE, rooms=True)
    ).events
    [fed] = Calendar.from_ical(bookings_calendar(session, client, NOW, SITE)).events

    assert str(downloaded["LOCATION"]) == f"Online: {chat.meeting_link}"
    assert chat.meeting_link not in "".join(str(value) for value in fed.values())

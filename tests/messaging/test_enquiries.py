"""Before any booking, grant or care team, a client may send one short question to a
practitioner whose listing takes them, and another only once the practitioner replies; a few
such first questions a day; the profile's measured reply time over fixed timestamps."""

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.booking.service.directory import save_listing
from crossroads.kernel.errors import InvalidInput, RateLimited
from crossroads.messaging.rules import ENQUIRIES_PER_DAY, MAX_ENQUIRY
from crossroads.messaging.service.contact import ASK, SEND, contact_on_profile, enquiry_for
from crossroads.messaging.service.sending import send_enquiry, send_message
from crossroads.messaging.service.threads import thread_of, threads_of
from crossroads.messaging.store import ENQUIRY
from crossroads.security.encryption import MasterKeys
from tests.booking.service.test_bookings import listing_fields
from tests.factories import make_person
from tests.messaging.conftest import NOW, World, listing_for

QUESTION = "Do you work with people who are changing careers in their fifties?"


def test_one_enquiry_until_the_practitioner_replies(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    sent = send_enquiry(session, master_keys, world.client, world.coach_listing, QUESTION, NOW)

    [thread] = threads_of(session, world.coach, NOW)
    assert (thread.id, thread.opened_by, thread.other_name) == (sent.thread_id, ENQUIRY, "Robin")
    waiting = enquiry_for(session, world.client, world.coach_listing, NOW)
    assert (waiting.thread_id, waiting.in_thread) == (sent.thread_id, False)
    assert "once they reply" in waiting.why_not
    with pytest.raises(InvalidInput, match="once they reply"):
        send_enquiry(session, master_keys, world.client, world.coach_listing, "And?", NOW)
    with pytest.raises(InvalidInput, match="once they reply"):
        send_message(session, master_keys, world.client, sent.thread_id, "And?", NOW)

    replied, thanked = NOW + timedelta(hours=2), NOW + timedelta(hours=3)
    send_message(session, master_keys, world.coach, sent.thread_id, "I do, yes.", replied)

    assert enquiry_for(session, world.client, world.coach_listing, replied).in_thread
    send_message(session, master_keys, world.client, sent.thread_id, "Great, thanks", thanked)
    messages = thread_of(session, master_keys, world.client, sent.thread_id, thanked).messages
    assert [m.text for m in messages] == [QUESTION, "I do, yes.", "Great, thanks"]


def test_an_enquiry_is_short(session: Session, master_keys: MasterKeys, world: World) -> None:
    with pytest.raises(InvalidInput, match="up to 1,000 characters"):
        send_enquiry(
            session, master_keys, world.client, world.coach_listing, "x" * (MAX_ENQUIRY + 1), NOW
        )

    assert threads_of(session, world.coach, NOW) == []


def test_once_linked_a_client_writes_freely(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    first = send_enquiry(
        session, master_keys, world.client, world.therapist_listing, "x" * 2000, NOW
    )
    second = send_enquiry(session, master_keys, world.client, world.therapist_listing, "Hi", NOW)

    [thread] = threads_of(session, world.client, NOW)
    assert thread.id == first.thread_id == second.thread_id
    assert enquiry_for(session, world.client, world.therapist_listing, NOW).in_thread


def test_no_enquiry_where_the_listing_takes_none_or_has_no_account(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    closed = listing_for(
        session,
        make_person(session, "closed@example.org", role="practitioner"),
        accepts_enquiries=False,
    )
    no_account, _ = save_listing(session, listing_fields(email="imported@example.org"), NOW)

    for listing_id, refused in ((closed, "isn't taking questions"), (no_account, "hasn't joined")):
        with pytest.raises(InvalidInput, match=refused):
            send_enquiry(session, master_keys, world.client, listing_id, QUESTION, NOW)
        state = enquiry_for(session, world.client, listing_id, NOW)
        assert refused in state.why_not
        assert contact_on_profile(session, world.client, listing_id, NOW).action is None
    assert len(threads_of(session, world.client, NOW)) == 1  # the therapist's, by the grant


def test_a_few_first_questions_a_day(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    listings = [
        listing_for(session, make_person(session, f"coach{n}@example.org", role="practitioner"))
        for n in range(ENQUIRIES_PER_DAY + 1)
    ]
    for n, listing_id in enumerate(listings[:-1]):
        send_enquiry(
            session, master_keys, world.client, listing_id, QUESTION, NOW + timedelta(hours=n)
        )
    asked_at = NOW + timedelta(hours=ENQUIRIES_PER_DAY)

    with pytest.raises(RateLimited, match="5 questions a day") as limited:
        send_enquiry(session, master_keys, world.client, listings[-1], QUESTION, asked_at)

    assert limited.value.retry_after == (NOW + timedelta(days=1) - asked_at).total_seconds()


def test_the_profile_offers_a_question_a_message_or_nothing(session: Session, world: World) -> None:
    assert contact_on_profile(session, None, world.coach_listing, NOW).action == ASK
    assert contact_on_profile(session, world.client, world.coach_listing, NOW).action == ASK
    assert contact_on_profile(session, world.client, world.therapist_listing, NOW).action == SEND
    assert contact_on_profile(session, world.coach, world.therapist_listing, NOW).action is None


def test_the_profile_shows_the_measured_reply_time_from_three_replies(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    [thread] = threads_of(session, world.client, NOW)
    start = NOW - timedelta(days=10)
    waits = [timedelta(hours=5), timedelta(hours=1), timedelta(hours=3)]
    for day, wait in enumerate(waits[:2]):
        asked = start + timedelta(days=day)
        send_message(session, master_keys, world.client, thread.id, "A question", asked)
        send_message(session, master_keys, world.therapist, thread.id, "An answer", asked + wait)
    assert contact_on_profile(session, None, world.therapist_listing, NOW).measured is None

    asked = start + timedelta(days=2)
    send_message(session, master_keys, world.client, thread.id, "A question", asked)
    send_message(session, master_keys, world.therapist, thread.id, "An answer", asked + waits[2])

    measured = contact_on_profile(session, None, world.therapist_listing, NOW).measured
    assert measured is not None
    assert (measured.median, measured.replies, measured.hours) == (timedelta(hours=3), 3, 3)
    later = contact_on_profile(session, None, world.therapist_listing, NOW + timedelta(days=81))
    assert later.measured is None  # the first wait began more than 90 days before

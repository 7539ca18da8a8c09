"""Threads: one for each linked client and practitioner, in both lists before the first
message; messages sealed under the client's key, read oldest first by the two people only,
each practitioner read and send in the client's log, and unread counts per person."""

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.booking.service.booked import BookingKind
from crossroads.booking.service.bookings import book, open_slots
from crossroads.casework.service.referrals import ReferTo, accept, refer
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import InvalidInput, NotAllowed, NotFound
from crossroads.kernel.people import Person
from crossroads.messaging.service.links import BOOKING, GRANT, REFERRAL, TEAM
from crossroads.messaging.service.sending import send_message
from crossroads.messaging.service.threads import (
    MESSAGE_FIELD,
    thread_of,
    threads_of,
    unread_count,
)
from crossroads.messaging.store import find_thread, messages_in
from crossroads.platform.audit import accesses_to
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grant_access, grants_given, revoke_grant
from tests.factories import make_person
from tests.messaging.conftest import NOW, World

LATER = NOW + timedelta(minutes=5)


def the_thread(session: Session, world: World) -> str:
    [summary] = threads_of(session, world.client, NOW)
    return summary.id


def test_a_grant_puts_one_thread_in_both_lists_before_any_message(
    session: Session, world: World
) -> None:
    [seen_by_client] = threads_of(session, world.client, NOW)
    [seen_by_therapist] = threads_of(session, world.therapist, NOW)

    assert seen_by_client.id == seen_by_therapist.id
    assert (seen_by_client.other_name, seen_by_therapist.other_name) == ("Rivera", "Robin")
    assert (seen_by_client.opened_by, seen_by_client.last_sent_at) == (GRANT, None)
    assert threads_of(session, world.coach, NOW) == []
    assert threads_of(session, world.other_client, NOW) == []


def test_a_booking_opens_a_thread_with_the_listings_practitioner(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    start = NOW + timedelta(days=2)
    [slot, *_] = open_slots(session, world.coach_listing, start, start + timedelta(days=7), NOW)
    book(
        session,
        master_keys,
        world.client,
        world.coach_listing,
        slot.starts,
        BookingKind.SESSION,
        NOW,
    )

    opened = {each.other_name: each.opened_by for each in threads_of(session, world.client, NOW)}

    assert opened == {"Rivera": GRANT, "Lee": BOOKING}
    [seen_by_coach] = threads_of(session, world.coach, NOW)
    assert seen_by_coach.other_name == "Robin"


def test_accepting_a_referral_opens_a_thread_with_the_practitioner_chosen(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    referral_id = refer(
        session, master_keys, world.therapist, world.client.id, ReferTo.COACHING, "Goals", NOW
    )
    accept(session, master_keys, world.client, referral_id, world.coach_listing, [], NOW)

    opened = {each.other_name: each.opened_by for each in threads_of(session, world.client, NOW)}

    assert opened == {"Rivera": TEAM, "Lee": REFERRAL}  # the referrer joined the team too
    [seen_by_coach] = threads_of(session, world.coach, NOW)
    send_message(session, master_keys, world.coach, seen_by_coach.id, "Hello Robin", LATER)
    assert thread_of(session, master_keys, world.client, seen_by_coach.id, LATER).writing.allowed


def test_messages_are_sealed_under_the_clients_key_and_read_oldest_first(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    thread_id = the_thread(session, world)
    send_message(session, master_keys, world.client, thread_id, "Can we move Thursday?", NOW)
    send_message(session, master_keys, world.therapist, thread_id, "Yes, Friday at 10?", LATER)

    thread = thread_of(session, master_keys, world.client, thread_id, LATER)

    assert [(m.text, m.mine, m.from_client) for m in thread.messages] == [
        ("Can we move Thursday?", True, True),
        ("Yes, Friday at 10?", False, False),
    ]
    rows = messages_in(session, thread_id)
    assert all("Thursday" not in row.sealed and "Friday" not in row.sealed for row in rows)
    opened = Vault(session, master_keys).open_json(world.client.id, MESSAGE_FIELD, rows[0].sealed)
    assert opened["text"] == "Can we move Thursday?"
    assert opened["risk"]["level"] == "none"


def test_reading_marks_what_the_other_side_sent_as_read(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    thread_id = the_thread(session, world)
    send_message(session, master_keys, world.client, thread_id, "Hello", NOW)
    send_message(session, master_keys, world.client, thread_id, "Are you there?", NOW)
    assert unread_count(session, world.therapist) == 2
    assert unread_count(session, world.client) == 0
    [listed] = threads_of(session, world.therapist, NOW)
    assert listed.unread == 2

    thread_of(session, master_keys, world.client, thread_id, LATER)  # the client's own read
    assert unread_count(session, world.therapist) == 2
    thread = thread_of(session, master_keys, world.therapist, thread_id, LATER)

    assert unread_count(session, world.therapist) == 0
    assert [m.read_at for m in thread.messages] == [LATER, LATER]


def test_unread_threads_come_first_then_the_latest(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    second = make_second_client(session, world)
    first_thread = the_thread(session, world)
    [second_thread] = [t.id for t in threads_of(session, second, NOW)]
    send_message(session, master_keys, world.client, first_thread, "Older", NOW)
    send_message(session, master_keys, second, second_thread, "Newer", LATER)
    assert [t.id for t in threads_of(session, world.therapist, LATER)] == [
        second_thread,
        first_thread,
    ]

    thread_of(session, master_keys, world.therapist, second_thread, LATER)

    assert [t.id for t in threads_of(session, world.therapist, LATER)] == [
        first_thread,
        second_thread,
    ]


def make_second_client(session: Session, world: World) -> Person:
    second = make_person(session, "kit@example.org")
    grant_access(
        session, second, practitioner_email=world.therapist.email, areas=[Area.JOURNAL], now=NOW
    )
    return second


def test_every_practitioner_read_and_send_is_in_the_clients_log(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    thread_id = the_thread(session, world)
    send_message(session, master_keys, world.client, thread_id, "Hello", NOW)
    thread_of(session, master_keys, world.client, thread_id, NOW)
    assert accesses_to(session, world.client.id) == []

    thread_of(session, master_keys, world.therapist, thread_id, LATER)
    send_message(session, master_keys, world.therapist, thread_id, "Hello Robin", LATER)

    logged = [
        (a.actor, a.action, a.target) for a in reversed(accesses_to(session, world.client.id))
    ]
    assert logged == [
        (world.therapist.label, "read", "messages"),
        (world.therapist.label, "change", "messages"),
    ]


@pytest.mark.parametrize("who", ["another client", "a practitioner outside the pair", "an admin"])
def test_nobody_outside_the_pair_reads_or_writes_the_thread(
    session: Session, master_keys: MasterKeys, world: World, who: str
) -> None:
    thread_id = the_thread(session, world)
    send_message(session, master_keys, world.client, thread_id, "Only for you", NOW)
    stranger = world.third_parties[who]

    with pytest.raises(NotFound):
        thread_of(session, master_keys, stranger, thread_id, LATER)
    with pytest.raises(NotFound):
        send_message(session, master_keys, stranger, thread_id, "Hi", LATER)
    assert accesses_to(session, world.client.id) == []
    assert unread_count(session, world.therapist) == 1


def test_an_admin_has_no_threads(session: Session, world: World) -> None:
    with pytest.raises(NotAllowed):
        threads_of(session, world.admin, NOW)


def test_when_the_grant_is_revoked_the_thread_stays_readable_but_the_practitioner_cannot_write(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    thread_id = the_thread(session, world)
    for view in grants_given(session, world.client):
        revoke_grant(session, world.client, view.grant.id, NOW)

    thread = thread_of(session, master_keys, world.therapist, thread_id, NOW)

    assert not thread.writing.allowed
    with pytest.raises(InvalidInput, match="once they book with you or share with you"):
        send_message(session, master_keys, world.therapist, thread_id, "Hello?", NOW)
    assert find_thread(session, thread_id) is not None

"""Sending: the other person hears only that a message is waiting, once until they read it; a
risky client message alerts the practitioner by an email that names nothing; the limits per
hour; and a client's messages go with their account, kept in their export until then."""

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.kernel.errors import InvalidInput, RateLimited
from crossroads.kernel.risk import RiskLevel
from crossroads.messaging.rules import MESSAGES_PER_HOUR
from crossroads.messaging.service.sending import WAITING_SUBJECT, send_message
from crossroads.messaging.service.threads import (
    FORMER,
    MESSAGE_FIELD,
    thread_of,
    threads_of,
)
from crossroads.messaging.store import find_thread, messages_in
from crossroads.ops.privacy import delete_person, export_everything
from crossroads.platform.outbox import purge_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.alerts import WORDS_SUBJECT
from tests.mail import messages_to
from tests.messaging.conftest import ACUTE, NOW, World

LATER = NOW + timedelta(minutes=5)
WORDS = "I keep thinking about what my sister said at dinner"


def the_thread(session: Session, world: World) -> str:
    [summary] = threads_of(session, world.client, NOW)
    return summary.id


def test_the_email_says_only_that_a_message_is_waiting(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    send_message(session, master_keys, world.client, the_thread(session, world), WORDS, NOW)

    [email] = messages_to(session, world.therapist.email)
    assert email.subject == WAITING_SUBJECT
    assert "open Messages" in email.body
    for never in ("sister", "dinner", WORDS, "Robin", world.client.email):
        assert never not in email.body
        assert never not in email.subject
    assert purge_person(session, world.client.id) == 1  # deleting the client takes it too


def test_no_second_email_while_an_earlier_message_is_unread(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    thread_id = the_thread(session, world)
    send_message(session, master_keys, world.therapist, thread_id, "How was the week?", NOW)
    send_message(session, master_keys, world.therapist, thread_id, "No rush", NOW)
    assert len(messages_to(session, world.client.email)) == 1

    thread_of(session, master_keys, world.client, thread_id, NOW)
    send_message(session, master_keys, world.therapist, thread_id, "One more thing", NOW)

    assert len(messages_to(session, world.client.email)) == 2


def test_a_risky_client_message_alerts_the_practitioner_by_an_email_naming_nothing(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    thread_id = the_thread(session, world)

    sent = send_message(session, master_keys, world.client, thread_id, ACUTE, NOW)

    assert sent.screen.level is RiskLevel.ACUTE
    [email] = messages_to(session, world.therapist.email)
    assert email.subject == WORDS_SUBJECT
    assert "needs your attention" in email.body or "need your attention" in email.body
    for never in ("Robin", "pills", "acute", "end my life", world.client.email):
        assert never not in email.body
    [row] = messages_in(session, thread_id)
    assert "acute" not in row.sealed
    kept = Vault(session, master_keys).open_json(world.client.id, MESSAGE_FIELD, row.sealed)
    assert kept["risk"]["level"] == "acute"
    # The words are saved whatever the screen said: the practitioner reads them in the thread.
    [message] = thread_of(session, master_keys, world.therapist, thread_id, NOW).messages
    assert message.text == ACUTE


def test_a_practitioners_words_are_not_screened(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    thread_id = the_thread(session, world)

    sent = send_message(session, master_keys, world.therapist, thread_id, ACUTE, NOW)

    assert sent.screen.level is RiskLevel.NONE
    [email] = messages_to(session, world.client.email)
    assert email.subject == WAITING_SUBJECT


@pytest.mark.parametrize(
    ("text", "refused"),
    [("", "write your message first"), ("x" * 4001, "up to 4,000 characters")],
)
def test_an_empty_or_overlong_message_is_refused_and_nothing_is_saved(
    session: Session, master_keys: MasterKeys, world: World, text: str, refused: str
) -> None:
    thread_id = the_thread(session, world)

    with pytest.raises(InvalidInput, match=refused):
        send_message(session, master_keys, world.client, thread_id, text, NOW)

    assert messages_in(session, thread_id) == []
    assert messages_to(session, world.therapist.email) == []


def test_the_thirty_first_message_in_an_hour_waits_and_says_how_long(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    thread_id = the_thread(session, world)
    for minute in range(MESSAGES_PER_HOUR):
        at = NOW + timedelta(minutes=minute)
        send_message(session, master_keys, world.therapist, thread_id, f"Note {minute}", at)
    last = NOW + timedelta(minutes=40)

    with pytest.raises(RateLimited, match="30 messages an hour") as limited:
        send_message(session, master_keys, world.therapist, thread_id, "One more", last)

    assert limited.value.retry_after == 20 * 60
    send_message(
        session, master_keys, world.therapist, thread_id, "Later", NOW + timedelta(hours=1)
    )
    assert len(messages_in(session, thread_id)) == MESSAGES_PER_HOUR + 1


def test_the_clients_export_holds_their_messages(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    thread_id = the_thread(session, world)
    send_message(session, master_keys, world.client, thread_id, WORDS, NOW)
    send_message(session, master_keys, world.therapist, thread_id, "Tell me more", LATER)

    [exported] = export_everything(session, master_keys, world.client, now=LATER)["messages"]

    assert exported["with"] == "Rivera"
    assert [(m["from"], m["text"]) for m in exported["messages"]] == [
        ("me", WORDS),
        ("practitioner", "Tell me more"),
    ]
    assert export_everything(session, master_keys, world.therapist, now=LATER)["messages"] == []


def test_deleting_the_clients_account_takes_their_threads_and_messages(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    thread_id = the_thread(session, world)
    send_message(session, master_keys, world.client, thread_id, WORDS, NOW)

    delete_person(session, master_keys, world.client)
    session.expire_all()

    assert find_thread(session, thread_id) is None
    assert messages_in(session, thread_id) == []
    assert threads_of(session, world.therapist, NOW) == []


def test_when_the_practitioner_goes_the_client_keeps_the_thread(
    session: Session, master_keys: MasterKeys, world: World
) -> None:
    thread_id = the_thread(session, world)
    send_message(session, master_keys, world.client, thread_id, WORDS, NOW)

    delete_person(session, master_keys, world.therapist)
    session.expire_all()

    thread = thread_of(session, master_keys, world.client, thread_id, NOW)
    assert thread.other_name == FORMER
    assert [m.text for m in thread.messages] == [WORDS]
    assert not thread.writing.allowed
    with pytest.raises(InvalidInput, match="left Crossroads"):
        send_message(session, master_keys, world.client, thread_id, "Hello?", NOW)

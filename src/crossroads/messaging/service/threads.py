"""Threads and what is in them: one thread for each client and practitioner who may write to
each other, in both people's lists even before the first message; a thread read by one of its
two people, marking what the other sent as read. Nobody else reads a thread: for anyone else
it does not exist (NotFound). Every read by the practitioner is written to the client's log,
because the messages are the client's data, sealed under their key."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.booking.service.bookings import own_listing
from crossroads.kernel.errors import NotAllowed, NotFound
from crossroads.kernel.people import Person, Role
from crossroads.messaging import store
from crossroads.messaging.rules import MAX_ENQUIRY, MAX_MESSAGE
from crossroads.messaging.service.links import (
    clients_linked_to,
    link_between,
    practitioners_linked_to,
)
from crossroads.messaging.store import ThreadRow
from crossroads.platform.audit import record_access
from crossroads.platform.person_rows import as_person, find_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys

MESSAGE_FIELD = "message"  # the sealed text of a message and, from a client, its risk screen
TARGET = "messages"  # what a practitioner's reads and sends are, in the client's access log
FORMER = "a former practitioner"  # a thread whose practitioner has left Crossroads


@dataclass(frozen=True)
class ThreadSummary:
    """A thread in a person's list: who is on the other side, and how it stands."""

    id: str
    other_name: str
    opened_at: datetime
    opened_by: str
    last_sent_at: datetime | None
    unread: int


@dataclass(frozen=True)
class Message:
    id: str
    mine: bool
    from_client: bool
    sent_at: datetime
    read_at: datetime | None  # by the other side
    text: str


@dataclass(frozen=True)
class Writing:
    """Whether the reader may write in the thread now, up to how many characters, and why not
    in words for them when they may not."""

    allowed: bool
    limit: int = MAX_MESSAGE
    why_not: str = ""
    enquiry: bool = False  # a client's question before any link: short, and one at a time


@dataclass(frozen=True)
class Thread:
    id: str
    other_name: str
    reader_is_client: bool
    messages: list[Message]
    writing: Writing


def threads_of(session: Session, person: Person, now: datetime) -> list[ThreadSummary]:
    """The person's threads, those with unread messages first, then the latest first. A thread
    is opened here for each pair linked now that has none yet."""
    _correspondent(person)
    _open_linked_threads(session, person, now)
    rows = store.threads_of(session, person.id)
    unread = store.unread_by_thread(session, person.id)
    last = store.last_sent(session, [row.id for row in rows])
    summaries = [
        ThreadSummary(
            row.id,
            _other_name(session, row, person),
            row.opened_at,
            row.opened_by,
            last.get(row.id),
            unread.get(row.id, 0),
        )
        for row in rows
    ]
    return sorted(
        summaries,
        key=lambda each: (each.unread == 0, -(each.last_sent_at or each.opened_at).timestamp()),
    )


def unread_count(session: Session, person: Person) -> int:
    """How many messages sent to the person they have not read yet."""
    return store.unread_count(session, person.id)


def thread_of(
    session: Session, master_keys: MasterKeys, person: Person, thread_id: str, now: datetime
) -> Thread:
    """The thread, oldest message first, for one of its two people; what the other sent is
    marked read. A practitioner's read is audited."""
    row = thread_for(session, person, thread_id)
    reader_is_client = row.client_id == person.id
    if not reader_is_client:
        record_access(
            session, actor=person.label, subject_id=row.client_id, action="read", target=TARGET
        )
    store.mark_read(session, row.id, from_client=not reader_is_client, now=now)
    vault = Vault(session, master_keys)
    messages = [
        Message(
            message.id,
            message.from_client == reader_is_client,
            message.from_client,
            message.sent_at,
            message.read_at,
            vault.open_json(row.client_id, MESSAGE_FIELD, message.sealed)["text"],
        )
        for message in store.messages_in(session, row.id)
    ]
    return Thread(
        row.id,
        _other_name(session, row, person),
        reader_is_client,
        messages,
        writing_for(session, person, row),
    )


def thread_for(session: Session, person: Person, thread_id: str) -> ThreadRow:
    """The thread, if the person is one of its two people; NotFound for anyone else, as for a
    thread that does not exist."""
    row = store.find_thread(session, thread_id)
    if row is None or person.id not in (row.client_id, row.practitioner_id):
        raise NotFound(f"no thread with id {thread_id}")
    return row


def open_thread(
    session: Session, client_id: str, practitioner_id: str, *, opened_by: str, now: datetime
) -> ThreadRow:
    """The pair's one thread, opened now by `opened_by` if they have none yet."""
    found = store.thread_between(session, client_id, practitioner_id)
    if found is not None:
        return found
    return store.add_thread(
        session,
        ThreadRow(
            id=str(uuid.uuid4()),
            client_id=client_id,
            practitioner_id=practitioner_id,
            opened_at=now,
            opened_by=opened_by,
        ),
    )


def writing_for(session: Session, person: Person, row: ThreadRow) -> Writing:
    """Whether `person`, one of the thread's two people, may write in it now. Linked, either
    may. Before any link the client may ask one short question at a time of a practitioner who
    takes them, and the practitioner may answer."""
    if row.practitioner_id is None:
        return Writing(False, why_not="They have left Crossroads, so a message can't reach them.")
    practitioner = person_by_id(session, row.practitioner_id)
    if link_between(session, row.client_id, practitioner) is not None:
        return Writing(True)
    sent = store.messages_in(session, row.id)
    if person.id == row.practitioner_id:
        if any(message.from_client for message in sent):
            return Writing(True)
        return Writing(False, why_not="You can write once they book with you or share with you.")
    found = own_listing(session, practitioner)
    name = practitioner.display_name
    if found is None or not found.profile.accepts_enquiries:
        return Writing(
            False,
            why_not=f"{name} isn't taking questions before working together just now. You can "
            "write here once you book with them or share with them.",
        )
    if sent and sent[-1].from_client:
        return Writing(
            False,
            why_not=f"You can ask {name} another question once they reply, or write freely "
            "once you book with them or share with them.",
        )
    return Writing(True, MAX_ENQUIRY, enquiry=True)


def _open_linked_threads(session: Session, person: Person, now: datetime) -> None:
    if person.role is Role.CLIENT:
        for practitioner_id, link in practitioners_linked_to(session, person).items():
            open_thread(session, person.id, practitioner_id, opened_by=link, now=now)
    else:
        for client_id, link in clients_linked_to(session, person).items():
            open_thread(session, client_id, person.id, opened_by=link, now=now)


def _correspondent(person: Person) -> None:
    if person.role is Role.ADMIN:
        raise NotAllowed("messages are between clients and their practitioners")


def _other_name(session: Session, row: ThreadRow, person: Person) -> str:
    if person.id == row.client_id:
        if row.practitioner_id is None:
            return FORMER
        return person_by_id(session, row.practitioner_id).display_name
    return person_by_id(session, row.client_id).display_name


def person_by_id(session: Session, person_id: str) -> Person:
    found = find_person(session, person_id)
    if found is None:
        raise NotFound(f"no person with id {person_id}")
    return as_person(found)

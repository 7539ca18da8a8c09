"""Sending a message in a thread, or a client's enquiry to a practitioner they are not linked
to yet. A client's words go through the one risk screen and are saved whatever its level; the
screen is sealed with them under the client's key. The practitioner is told at once, by an email
that names nobody and nothing, when the screen says `urgent` or `acute`; otherwise the other
person hears only that a message is waiting, once until they read it."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.booking.service.directory import listing
from crossroads.kernel.errors import InvalidInput, NotAllowed
from crossroads.kernel.people import Person, Role
from crossroads.kernel.risk import RiskScreen
from crossroads.messaging import store
from crossroads.messaging.rules import (
    DAY,
    ENQUIRIES_PER_DAY,
    HOUR,
    MESSAGES_PER_HOUR,
    check_rate,
    written_message,
)
from crossroads.messaging.service.links import link_between
from crossroads.messaging.service.threads import (
    MESSAGE_FIELD,
    TARGET,
    open_thread,
    person_by_id,
    thread_for,
    writing_for,
)
from crossroads.messaging.store import ENQUIRY, MessageRow, ThreadRow
from crossroads.platform.audit import record_access
from crossroads.platform.outbox import queue_message
from crossroads.platform.person_rows import find_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.alerts import RISK, WORDS_SUBJECT, alerting, sealed_screen
from crossroads.text.classification import screen_writing

WAITING_SUBJECT = "A message is waiting for you on Crossroads"


@dataclass(frozen=True)
class Sent:
    """The message saved, its thread, and the screen of its words (`none` for a
    practitioner's, which are not screened)."""

    id: str
    thread_id: str
    screen: RiskScreen = field(default_factory=RiskScreen)


def send_message(
    session: Session,
    master_keys: MasterKeys,
    person: Person,
    thread_id: str,
    text: str,
    now: datetime,
    *,
    notify: bool = True,
) -> Sent:
    """Write in the thread as one of its two people; InvalidInput says why they may not yet,
    or what is wrong with the text; RateLimited past the hourly limit. `notify` False sends no
    email at all: for history written in one go (the demo), where nobody is waiting. The
    caller commits."""
    row = thread_for(session, person, thread_id)
    writing = writing_for(session, person, row)
    if not writing.allowed:
        raise InvalidInput("text", writing.why_not)
    text = written_message(text, enquiry=writing.enquiry)
    _check_hourly(session, person, now)
    return _save(session, master_keys, person, row, text, now, notify=notify)


def send_enquiry(
    session: Session,
    master_keys: MasterKeys,
    client: Person,
    listing_id: str,
    text: str,
    now: datetime,
) -> Sent:
    """A client writes to the practitioner of a listing: in their thread when they have one,
    else a first short question, when the listing takes them. At most ENQUIRIES_PER_DAY such
    first questions a day. The caller commits."""
    if client.role is not Role.CLIENT:
        raise NotAllowed("only clients send enquiries")
    found = listing(session, listing_id)
    if found.person_id is None:
        raise InvalidInput("text", NO_ACCOUNT.format(name=found.profile.name))
    practitioner = person_by_id(session, found.person_id)
    existing = store.thread_between(session, client.id, practitioner.id)
    if existing is None and (link := link_between(session, client.id, practitioner)) is not None:
        existing = open_thread(session, client.id, practitioner.id, opened_by=link, now=now)
    if existing is not None:
        return send_message(session, master_keys, client, existing.id, text, now)
    if not found.profile.accepts_enquiries:
        raise InvalidInput("text", NO_ENQUIRIES.format(name=found.profile.name))
    text = written_message(text, enquiry=True)
    _check_hourly(session, client, now)
    check_rate(
        store.enquiries_opened_since(session, client.id, now - DAY),
        now=now,
        most=ENQUIRIES_PER_DAY,
        within=DAY,
        what=f"{ENQUIRIES_PER_DAY} questions a day to practitioners you don't work with yet",
    )
    row = open_thread(session, client.id, practitioner.id, opened_by=ENQUIRY, now=now)
    return _save(session, master_keys, client, row, text, now)


NO_ACCOUNT = "{name} hasn't joined Crossroads yet, so they can't receive messages here"
NO_ENQUIRIES = (
    "{name} isn't taking questions before working together just now; you can book a "
    "consultation with them instead"
)


def _check_hourly(session: Session, sender: Person, now: datetime) -> None:
    check_rate(
        store.sent_by_since(session, sender.id, now - HOUR),
        now=now,
        most=MESSAGES_PER_HOUR,
        within=HOUR,
        what=f"{MESSAGES_PER_HOUR} messages an hour",
    )


def _save(
    session: Session,
    master_keys: MasterKeys,
    sender: Person,
    row: ThreadRow,
    text: str,
    now: datetime,
    *,
    notify: bool = True,
) -> Sent:
    from_client = sender.id == row.client_id
    screen = screen_writing({"message": text}) if from_client else RiskScreen()
    payload = {"text": text, RISK: sealed_screen(screen)} if from_client else {"text": text}
    told_already = store.waiting_unread(session, row.id, from_client=from_client)
    message = MessageRow(
        id=str(uuid.uuid4()),
        thread_id=row.id,
        from_client=from_client,
        sent_at=now,
        read_at=None,
        sealed=Vault(session, master_keys).seal_json(row.client_id, MESSAGE_FIELD, payload),
    )
    store.add_message(session, message)
    if not from_client:
        record_access(
            session, actor=sender.label, subject_id=row.client_id, action="change", target=TARGET
        )
    alert = from_client and alerting(screen.level) and row.practitioner_id is not None
    if notify and alert:
        _tell_about_words(session, row, now)
    elif notify and not told_already:
        _tell_waiting(session, row, to_client=not from_client, now=now)
    return Sent(message.id, row.id, screen)


def _tell_waiting(session: Session, row: ThreadRow, *, to_client: bool, now: datetime) -> None:
    """Email the other person that a message is waiting: never who wrote it or what it says,
    since an email can be read by others."""
    recipient_id = row.client_id if to_client else row.practitioner_id
    recipient = find_person(session, recipient_id) if recipient_id else None
    if recipient is None:
        return
    queue_message(
        session,
        recipient=recipient.email,
        subject=WAITING_SUBJECT,
        body=(
            f"Hello {recipient.display_name},\n\n"
            "Someone you are in touch with on Crossroads sent you a message. Sign in to "
            "Crossroads and open Messages to read it. We never put messages in emails, so "
            "that they stay between the two of you.\n"
        ),
        now=now,
        about=_about(row),
    )


def _tell_about_words(session: Session, row: ThreadRow, now: datetime) -> None:
    """Email the practitioner that a client's message needs their attention now, naming
    neither the client, nor the words, nor the result."""
    practitioner = find_person(session, row.practitioner_id) if row.practitioner_id else None
    if practitioner is None:
        return
    queue_message(
        session,
        recipient=practitioner.email,
        subject=WORDS_SUBJECT,
        body=(
            f"Hello {practitioner.display_name},\n\n"
            "A client wrote to you in words that need your attention now. Please sign in to "
            "Crossroads and open Messages: their thread is at the top.\n"
        ),
        now=now,
        about=_about(row),
    )


def _about(row: ThreadRow) -> list[str]:
    """Both people of the thread, so that deleting either purges the email."""
    return [each for each in (row.client_id, row.practitioner_id) if each is not None]

"""Queue mail in the caller's transaction, and deliver it later over SMTP from a worker.

A message exists only if the change that caused it commits. Its recipient, subject and body
are sealed to the outbox's public key, so the code that queues needs no secret and a stolen
database shows no words, reset links included; only a worker holding the master keys opens
them, and a sent message keeps no words at all. Workers claim messages under a lease, so two
running at once never send the same one; a worker that dies loses its claims when the lease
runs out.
"""

import json
import logging
import smtplib
import ssl
import time
import uuid
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from sqlalchemy.orm import Session

from crossroads.platform.config import Settings
from crossroads.platform.database import Database
from crossroads.platform.key_rows import DataKeyRow, add_data_key, find_data_key
from crossroads.platform.outbox_rows import (
    MAX_ATTEMPTS,
    QUEUED,
    OutboxKeyRow,
    OutboxRow,
    PublicKey,
    add_key,
    add_message,
    add_messages,
    claim_due,
    holds_claim,
    mark_failed,
    mark_sent,
    newest_key,
    purge_unsent_of,
    release_claim,
    waiting,
)
from crossroads.platform.person_rows import find_person_by_email, ids_by_email
from crossroads.security.encryption import KeyUnavailable, MasterKeys, Tampered
from crossroads.security.sealed_box import box_key_id, new_key_pair, open_box, seal_to

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
LONGEST_BACKOFF = timedelta(hours=1)
KEY_OWNER = "outbox"  # the data key holding the private half (see platform/outbox_rows.py)
LEGACY = "plain:"  # messages queued before sealing, carried over by the migration


class OutboxNotReady(RuntimeError):
    """No outbox key is published yet: `crossroads db upgrade` publishes one."""


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int


@dataclass(frozen=True)
class Message:
    """A queued message, opened."""

    id: str
    kind: str
    recipient: str
    subject: str
    body: str


@dataclass(frozen=True)
class Mail:
    """A message to queue (see queue_messages), with the ids of the people its words are about
    besides the recipient."""

    recipient: str
    subject: str
    body: str
    about: tuple[str, ...] = ()
    kind: str = "mail"


@dataclass(frozen=True)
class Claim:
    """A message this worker may send until `claimed_until`, which also identifies the claim."""

    id: str
    recipient: str
    subject: str
    body: str
    attempts: int
    claimed_until: datetime


def publish_outbox_key(session: Session, master_keys: MasterKeys, now: datetime) -> str:
    """Make sure a key pair exists to seal mail to; its id. The caller commits."""
    found = newest_key(session)
    if found is not None:
        return found.id
    private, public = new_key_pair()
    key_id = str(uuid.uuid4())
    master_id, wrapped = master_keys.wrap(private, key_id)
    add_data_key(
        session,
        DataKeyRow(
            id=key_id, owner_id=KEY_OWNER, master_key_id=master_id, wrapped=wrapped, created_at=now
        ),
    )
    add_key(session, OutboxKeyRow(id=key_id, public_key=public, created_at=now))
    return key_id


def queue_message(
    session: Session,
    *,
    recipient: str,
    subject: str,
    body: str,
    now: datetime,
    about: Iterable[str] = (),
    kind: str = "mail",
) -> OutboxRow:
    """Seal a message into the outbox in the caller's transaction. `about` names the ids of
    people the words are about besides the recipient, so deleting any of them purges it."""
    key = _outbox_key(session)
    message_id = str(uuid.uuid4())
    people = set(about)
    account = find_person_by_email(session, recipient.strip().lower())
    if account is not None:
        people.add(account.id)
    row = OutboxRow(
        id=message_id,
        created_at=now,
        kind=kind,
        status=QUEUED,
        sealed=_sealed(key, message_id, recipient, subject, body),
        attempts=0,
    )
    return add_message(session, row, people)


def queue_messages(session: Session, mails: Sequence[Mail], now: datetime) -> None:
    """Seal several messages into the outbox in the caller's transaction, as queue_message
    does each, with one look-up of the key and of the recipients' accounts and one write of
    the messages (a booking tells both sides at once, and every booking does)."""
    key = _outbox_key(session)
    accounts = ids_by_email(session, {mail.recipient.strip().lower() for mail in mails})
    rows = []
    for mail in mails:
        message_id = str(uuid.uuid4())
        people = set(mail.about)
        account = accounts.get(mail.recipient.strip().lower())
        if account is not None:
            people.add(account)
        sealed = _sealed(key, message_id, mail.recipient, mail.subject, mail.body)
        values = {
            "id": message_id,
            "created_at": now,
            "kind": mail.kind,
            "status": QUEUED,
            "sealed": sealed,
            "attempts": 0,
        }
        rows.append((values, people))
    add_messages(session, rows)


def _outbox_key(session: Session) -> PublicKey:
    key = newest_key(session)
    if key is None:
        raise OutboxNotReady("the outbox has no key yet; run `crossroads db upgrade`")
    return key


def _sealed(key: PublicKey, message_id: str, recipient: str, subject: str, body: str) -> str:
    words = json.dumps({"to": recipient, "subject": subject, "body": body}, ensure_ascii=False)
    return seal_to(key.id, key.public_key, words.encode(), _context(message_id))


def purge_person(session: Session, person_id: str) -> int:
    """Delete every unsent message to or about the person (their account is going)."""
    return purge_unsent_of(session, person_id)


def open_message(session: Session, master_keys: MasterKeys, row: OutboxRow) -> Message:
    """The message's words; Tampered or KeyUnavailable when they cannot be opened."""
    if row.sealed is None:
        raise KeyUnavailable(f"message {row.id} keeps no words")
    if row.sealed.startswith(LEGACY):
        words = json.loads(row.sealed.removeprefix(LEGACY))
    else:
        key_id = box_key_id(row.sealed)
        key = find_data_key(session, key_id)
        if key is None:
            raise KeyUnavailable(f"outbox key {key_id} no longer exists")
        private = master_keys.unwrap(key.master_key_id, key.wrapped, key.id)
        words = json.loads(open_box(private, row.sealed, _context(row.id)))
    return Message(row.id, row.kind, words["to"], words["subject"], words["body"])


def unsent_to(session: Session, master_keys: MasterKeys, recipient: str) -> list[Message]:
    """The queued messages to `recipient`, oldest first, opened (for operators and tests)."""
    opened = (open_message(session, master_keys, row) for row in waiting(session))
    return [message for message in opened if message.recipient == recipient]


def claim_messages(
    session: Session,
    master_keys: MasterKeys,
    *,
    now: datetime,
    batch: int,
    lease: timedelta = LEASE,
) -> list[Claim]:
    """Claim up to `batch` due messages until `now + lease`, counting an attempt on each; a
    message that cannot be opened is failed for good here.

    Step one of a delivery round. The caller commits; only then do other workers see the claim.
    """
    claims = []
    for row in claim_due(session, now, batch):
        row.attempts += 1
        row.claimed_until = now + lease
        try:
            opened = open_message(session, master_keys, row)
        except (KeyUnavailable, Tampered, ValueError, KeyError):
            logger.error("outbox message %s cannot be opened; failed for good", row.id)
            session.flush()
            mark_failed(session, row.id, now + lease, error="cannot be opened", retry_at=None)
            continue
        claims.append(
            Claim(row.id, opened.recipient, opened.subject, opened.body, row.attempts, now + lease)
        )
    session.flush()
    return claims


def deliver_due(
    database: Database,
    settings: Settings,
    master_keys: MasterKeys,
    *,
    now: datetime | None = None,
    batch: int = 20,
    lease: timedelta = LEASE,
) -> DeliveryReport:
    """Claim due messages and commit, then send each and record the outcome in its own transaction.

    A mail server that accepted a message before the database could record it gets it again
    after the lease: delivery is at least once across crashes, and exactly once otherwise.
    """
    now = now or datetime.now(UTC)
    with database.transaction() as session:
        claims = claim_messages(session, master_keys, now=now, batch=batch, lease=lease)
    if not claims:
        return DeliveryReport(sent=0, failed=0)
    # Start no send after half the lease: with socket timeouts of a twentieth of it, the last
    # send (connect, TLS, login, envelope, data) ends before another worker may claim again.
    deadline = time.monotonic() + lease.total_seconds() / 2
    timeout = max(1.0, min(30.0, lease.total_seconds() / 20))
    sent = failed = handed_back = 0
    with closing(_Mailer(settings, timeout)) as mailer:
        for claim in claims:
            if time.monotonic() >= deadline:
                handed_back += _hand_back(database, claim)
            elif not _still_ours(database, claim):
                continue  # another worker re-claimed it; its clock may run ahead of ours
            elif _send(database, mailer, claim, settings, now):
                sent += 1
            else:
                failed += 1
    logger.info("outbox: %d sent, %d failed, %d handed back", sent, failed, handed_back)
    return DeliveryReport(sent=sent, failed=failed)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 2, 4, 8 ... minutes after each failed attempt, at most an hour."""
    return min(timedelta(minutes=2**attempts), LONGEST_BACKOFF)


def _send(
    database: Database, mailer: "_Mailer", claim: Claim, settings: Settings, now: datetime
) -> bool:
    """Send one claim and record the outcome. A message that cannot be written as an email (a
    header a line break would split) never will be: it fails for good at once, and is logged
    by its id and the error's kind, never its words."""
    try:
        mailer.send(_as_email(claim, settings, now))
    except ValueError as error:
        _fail(database, claim, type(error).__name__, retry_at=None)
        return False
    except OSError as error:  # smtplib's errors are OSErrors
        retry_at: datetime | None = now + retry_delay(claim.attempts)
        if claim.attempts >= MAX_ATTEMPTS:
            retry_at = None
        _fail(database, claim, type(error).__name__, retry_at=retry_at)
        return False
    with database.transaction() as session:
        mark_sent(session, claim.id, claim.claimed_until, now)
    return True


def _fail(database: Database, claim: Claim, error: str, *, retry_at: datetime | None) -> None:
    # Only the error's kind is kept: its text can quote the recipient or the subject.
    if retry_at is None:
        logger.error("outbox message %s failed for good: %s", claim.id, error)
        error = f"gave up after {claim.attempts} attempts; {error}"
    else:
        logger.warning(
            "outbox message %s not sent (attempt %d): %s", claim.id, claim.attempts, error
        )
    with database.transaction() as session:
        mark_failed(session, claim.id, claim.claimed_until, error=error, retry_at=retry_at)


def _still_ours(database: Database, claim: Claim) -> bool:
    with database.transaction() as session:
        return holds_claim(session, claim.id, claim.claimed_until)


def _hand_back(database: Database, claim: Claim) -> int:
    with database.transaction() as session:
        return int(release_claim(session, claim.id, claim.claimed_until))


def _context(message_id: str) -> str:
    return f"outbox:{message_id}"


def _as_email(claim: Claim, settings: Settings, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = claim.recipient
    message["Subject"] = claim.subject
    message["Date"] = format_datetime(now)
    # One Message-ID per outbox row, however often it is sent: a worker that dies after the
    # server accepted a message but before recording it sends it again after the lease, and
    # the receiving side can recognise the copy. The domain is the sender's, never a DNS
    # lookup of this host's name, which can hang.
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<{claim.id}@{domain}>"
    message.set_content(claim.body)
    return message


class _Mailer:
    """One SMTP connection per round, opened on first use and reopened after any error."""

    def __init__(self, settings: Settings, timeout: float) -> None:
        self._settings = settings
        self._timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(message)
        except OSError:
            self.close()  # the session's state is unknown after an error; start afresh
            raise

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except OSError:
            smtp.close()

    def _connect(self) -> smtplib.SMTP:
        settings = self._settings
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=self._timeout)
        try:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
        except OSError:
            smtp.close()
            raise
        return smtp

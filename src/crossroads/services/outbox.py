"""Queue mail in the caller's transaction, and deliver it later over SMTP from a worker.

A message exists only if the change that caused it commits. Workers claim messages under a
lease, so two running at once never send the same one; a worker that dies loses its claims when
the lease runs out.
"""

import logging
import smtplib
import ssl
import time
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from sqlalchemy.orm import Session

from crossroads.config import Settings
from crossroads.services.database import Database
from crossroads.store.outbox import (
    MAX_ATTEMPTS,
    OutboxRow,
    add_message,
    claim_due,
    holds_claim,
    mark_failed,
    mark_sent,
    release_claim,
)

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
LONGEST_BACKOFF = timedelta(hours=1)


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int


@dataclass(frozen=True)
class Claim:
    """A message this worker may send until `claimed_until`, which also identifies the claim."""

    id: str
    recipient: str
    subject: str
    body: str
    attempts: int
    claimed_until: datetime


def queue_message(
    session: Session, *, recipient: str, subject: str, body: str, now: datetime
) -> OutboxRow:
    """Add a message to the outbox in the caller's transaction. The caller commits."""
    return add_message(
        session,
        OutboxRow(
            id=str(uuid.uuid4()),
            created_at=now,
            recipient=recipient,
            subject=subject,
            body=body,
            attempts=0,
        ),
    )


def claim_messages(
    session: Session, *, now: datetime, batch: int, lease: timedelta = LEASE
) -> list[Claim]:
    """Claim up to `batch` due messages until `now + lease`, counting an attempt on each.

    Step one of a delivery round. The caller commits; only then do other workers see the claim.
    """
    claims = []
    for row in claim_due(session, now, batch):
        row.attempts += 1
        row.claimed_until = now + lease
        claims.append(
            Claim(row.id, row.recipient, row.subject, row.body, row.attempts, now + lease)
        )
    session.flush()
    return claims


def deliver_due(
    database: Database,
    settings: Settings,
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
        claims = claim_messages(session, now=now, batch=batch, lease=lease)
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
    try:
        mailer.send(_as_email(claim, settings, now))
    except (OSError, ValueError) as error:  # smtplib's errors are OSErrors; bad headers ValueErrors
        logger.warning(
            "outbox message %s not sent (attempt %d): %s",
            claim.id,
            claim.attempts,
            type(error).__name__,
        )
        reason = f"{type(error).__name__}: {error}"
        retry_at: datetime | None = now + retry_delay(claim.attempts)
        if claim.attempts >= MAX_ATTEMPTS:
            reason, retry_at = f"gave up after {claim.attempts} attempts; {reason}", None
        with database.transaction() as session:
            mark_failed(session, claim.id, claim.claimed_until, error=reason, retry_at=retry_at)
        return False
    with database.transaction() as session:
        mark_sent(session, claim.id, claim.claimed_until, now)
    return True


def _still_ours(database: Database, claim: Claim) -> bool:
    with database.transaction() as session:
        return holds_claim(session, claim.id, claim.claimed_until)


def _hand_back(database: Database, claim: Claim) -> int:
    with database.transaction() as session:
        return int(release_claim(session, claim.id, claim.claimed_until))


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

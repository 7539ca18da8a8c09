"""The background worker's rounds: deliver the mail that is due and, every few minutes, first
queue the check-in, booking and retake reminders that have come due, so that they go out in the same
round, and remove the session notes past their practice's keeping period; then add one journal
import that nobody is adding (the web process that began it ended)."""

import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from crossroads.assessment.service.retakes import queue_retake_reminders
from crossroads.booking.service.reminders import queue_booking_reminders, queue_fit_questions
from crossroads.casework.service.records import remove_notes_past_keeping
from crossroads.coaching.service.reminders import ReminderPass, queue_check_in_reminders
from crossroads.journal.service.imports import run_import
from crossroads.platform.config import Settings
from crossroads.platform.database import Database
from crossroads.platform.outbox import DeliveryReport, deliver_due
from crossroads.security.encryption import MasterKeys

logger = logging.getLogger(__name__)

REMINDER_EVERY = timedelta(minutes=10)  # reminders are daily at most, so this is ample


@dataclass(frozen=True)
class Round:
    reminders: ReminderPass | None  # None when this round did not look for them
    delivery: DeliveryReport
    booking_reminders: int = 0  # emails about bookings coming up, and consultations just had
    retake_reminders: int = 0  # emails queued about questionnaires due
    imported: bool = False  # whether a journal import was taken up (one a round, between mail)
    notes_removed: int = 0  # session notes whose practice's keeping period ended


def work_round(
    database: Database,
    settings: Settings,
    master_keys: MasterKeys,
    *,
    now: datetime | None = None,
    reminders: bool = True,
) -> Round:
    now = now or datetime.now(UTC)
    queued, bookings, retakes, removed = None, 0, 0, 0
    if reminders:
        with database.transaction() as session:
            queued = queue_check_in_reminders(session, public_url=settings.public_url, now=now)
            bookings = queue_booking_reminders(session, public_url=settings.public_url, now=now)
            bookings += queue_fit_questions(session, public_url=settings.public_url, now=now)
            retakes = queue_retake_reminders(
                session, master_keys, public_url=settings.public_url, now=now
            )
            removed = remove_notes_past_keeping(
                session, default_years=settings.records_kept_years, now=now
            )
        logger.info(
            "reminders: %d emails for %d goals, %d about bookings, %d about questionnaires; "
            "%d session notes past keeping removed",
            queued.people,
            queued.goals,
            bookings,
            retakes,
            removed,
        )
    lease = timedelta(seconds=settings.outbox_lease_seconds)
    delivery = deliver_due(database, settings, master_keys, now=now, lease=lease)
    return Round(queued, delivery, bookings, retakes, run_import(database, master_keys), removed)


def run_worker(
    database: Database,
    settings: Settings,
    master_keys: MasterKeys,
    *,
    stop: threading.Event,
    interval: float = 5.0,
) -> None:
    """Work until `stop` is set: round after round while there is mail, `interval` apart else."""
    logger.info("worker started")
    next_reminders = time.monotonic()
    while not stop.is_set():
        look = time.monotonic() >= next_reminders
        try:
            done = work_round(database, settings, master_keys, reminders=look)
            report, imported = done.delivery, done.imported
        except Exception as error:
            # The type only: errors can quote the statement's parameters, bodies included.
            logger.error("worker round failed: %s", type(error).__name__)
            report, imported = DeliveryReport(sent=0, failed=0), False
        if look:
            next_reminders = time.monotonic() + REMINDER_EVERY.total_seconds()
        if report.sent == report.failed == 0 and not imported:
            stop.wait(interval)
    logger.info("worker stopped")

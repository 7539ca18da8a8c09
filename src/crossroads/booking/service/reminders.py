"""Reminders of bookings coming up: one email to each side a day before, with the time in each
person's own zone; and after a consultation, one email asking the client whether it was a fit.
Like every email, none says why the meeting was booked."""

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.booking import store
from crossroads.booking.service.directory import listing
from crossroads.kernel.people import zone_of
from crossroads.platform.outbox import queue_message
from crossroads.platform.person_rows import as_person, find_person

REMIND_BEFORE = timedelta(hours=24)
ASK_FIT_WITHIN = timedelta(days=7)  # a consultation older than this is not asked about


def queue_booking_reminders(session: Session, *, public_url: str, now: datetime) -> int:
    """Queue the reminders due at `now` in the caller's transaction; returns the emails queued.
    Each booking is reminded of once."""
    queued = 0
    for row in store.bookings_to_remind(session, now + REMIND_BEFORE):
        row.reminded_at = now
        if row.starts_at <= now:
            continue  # booked at the last minute, or a pass was missed: too late to remind
        client = find_person(session, row.client_id)
        if client is None or row.practitioner_id is None:
            continue
        found = listing(session, row.practitioner_id)
        kind = "free consultation" if row.kind == "consultation" else "session"
        link = f"{public_url.rstrip('/')}/bookings"
        client_time = row.starts_at.astimezone(zone_of(as_person(client)))
        queue_message(
            session,
            recipient=client.email,
            subject=f"Reminder: your {kind} with {found.profile.name}",
            body=f"Hello {client.display_name},\n\nA reminder of your {kind} with "
            f"{found.profile.name} on {client_time:%A %-d %B at %H:%M} ({client_time.tzinfo}).\n"
            f"Details, and a way to move or cancel it: {link}\n",
            now=now,
            about=[found.person_id] if found.person_id else [],
            kind="booking reminder",
        )
        their_time = row.starts_at.astimezone(found.availability.zone)
        queue_message(
            session,
            recipient=found.email,
            subject=f"Reminder: a {kind} tomorrow",
            body=f"Hello {found.profile.name},\n\nA reminder of your {kind} with "
            f"{client.display_name} on {their_time:%A %-d %B at %H:%M} ({their_time.tzinfo}).\n"
            f"Your bookings: {link}\n",
            now=now,
            about=[client.id],
            kind="booking reminder",
        )
        queued += 2
    return queued


def queue_fit_questions(session: Session, *, public_url: str, now: datetime) -> int:
    """Ask each client whose consultation ended in the last week, once, whether it was a fit;
    the answer is given on the booking's page. Returns the emails queued."""
    queued = 0
    for row in store.consultations_to_follow_up(session, now - ASK_FIT_WITHIN, now):
        row.fit_asked_at = now
        client = find_person(session, row.client_id)
        if client is None or row.practitioner_id is None:
            continue
        found = listing(session, row.practitioner_id)
        queue_message(
            session,
            recipient=client.email,
            subject=f"Was {found.profile.name} a fit?",
            body=f"Hello {client.display_name},\n\nHow did your consultation with "
            f"{found.profile.name} go? When you are ready, tell us what you would like next: "
            "book a session with them, see others who fit, or nothing for now.\n"
            f"{public_url.rstrip('/')}/bookings/{row.id}\n",
            now=now,
            about=[found.person_id] if found.person_id else [],
            kind="consultation follow-up",
        )
        queued += 1
    return queued

"""Retake schedules: the client, or a practitioner holding their assessments grant, sets how
often a questionnaire is taken again; the worker reminds the client by email when one is due.
The email names neither the questionnaire nor a result; it links to the measures page."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from crossroads.domain.checkins import local_day
from crossroads.domain.errors import ConsentMissing, InvalidInput, NotFound
from crossroads.domain.measures import (
    MAX_RETAKE_DAYS,
    MIN_RETAKE_DAYS,
    SCALES,
    retake_due_on,
    retake_reminder_due,
)
from crossroads.security.consent import Area, Role
from crossroads.services.accounts import Person, as_person
from crossroads.services.consents import access_under_grant
from crossroads.services.goals import local_today, zone_of
from crossroads.services.outbox import queue_message
from crossroads.store import measures as store
from crossroads.store.people import find_person

SUBJECT = "A questionnaire is due on Crossroads"


@dataclass(frozen=True)
class Retake:
    instrument: str
    name: str
    every_days: int
    due_on: date
    set_by_practitioner: bool


def set_schedule(
    session: Session, actor: Person, client_id: str, instrument: str, every_days: int, now: datetime
) -> None:
    """Retake `instrument` every `every_days`, replacing any schedule it had. A practitioner
    needs the client's assessments grant, and the change is audited."""
    _known(instrument)
    if not MIN_RETAKE_DAYS <= every_days <= MAX_RETAKE_DAYS:
        raise InvalidInput(
            "every_days", f"choose between {MIN_RETAKE_DAYS} and {MAX_RETAKE_DAYS} days"
        )
    _may_change(session, actor, client_id, f"retake schedule for {instrument}")
    row = store.find_schedule(session, client_id, instrument)
    if row is None:
        row = store.ScheduleRow(id=str(uuid.uuid4()), owner_id=client_id, instrument=instrument)
        session.add(row)
    row.every_days, row.set_by, row.set_at = every_days, actor.id, now
    session.flush()


def stop_schedule(session: Session, actor: Person, client_id: str, instrument: str) -> None:
    """Stopping a schedule that is not there is harmless."""
    _known(instrument)
    _may_change(session, actor, client_id, f"retake schedule for {instrument}")
    row = store.find_schedule(session, client_id, instrument)
    if row is not None:
        store.delete_schedule(session, row)


def retakes_of(session: Session, client: Person, now: datetime) -> list[Retake]:
    """The client's schedules, each with the day its next retake falls due."""
    last = store.last_taken(session, client.id)
    zone = zone_of(client)
    zone_today = local_day(now, zone)
    retakes = []
    for row in store.schedules_of(session, client.id):
        last_on = local_day(last[row.instrument], zone) if row.instrument in last else None
        set_on = min(local_day(row.set_at, zone), zone_today)
        retakes.append(
            Retake(
                row.instrument,
                SCALES[row.instrument].name,
                row.every_days,
                retake_due_on(row.every_days, last_on, set_on),
                row.set_by is not None and row.set_by != client.id,
            )
        )
    return retakes


def queue_retake_reminders(session: Session, *, public_url: str, now: datetime) -> int:
    """One email per person with any retake due by their own calendar and not yet reminded
    of; each schedule remembers the due day it reminded of. Returns the emails queued."""
    emails = 0
    owners: dict[str, list[store.ScheduleRow]] = {}
    for row in store.all_schedules(session):
        owners.setdefault(row.owner_id, []).append(row)
    for owner_id, rows in owners.items():
        found = find_person(session, owner_id)
        if found is None or not found.check_in_reminders:
            continue
        owner = as_person(found)
        today = local_today(owner, now)
        due = {retake.instrument: retake.due_on for retake in retakes_of(session, owner, now)}
        reminded = False
        for row in rows:
            if retake_reminder_due(due[row.instrument], today, row.reminded_for):
                row.reminded_for, reminded = due[row.instrument], True
        if reminded:
            _queue(session, owner, public_url, now)
            emails += 1
    return emails


def _known(instrument: str) -> None:
    if instrument not in SCALES:
        raise InvalidInput("instrument", f"choose one of {', '.join(SCALES)}")


def _may_change(session: Session, actor: Person, client_id: str, target: str) -> None:
    if actor.id == client_id:
        return
    if actor.role is not Role.PRACTITIONER:
        raise NotFound(f"no client {client_id}")
    try:
        access_under_grant(
            session, actor, client_id, Area.ASSESSMENTS, action="change", target=target
        )
    except ConsentMissing:
        raise NotFound(f"no client {client_id}") from None


def _queue(session: Session, owner: Person, public_url: str, now: datetime) -> None:
    site = public_url.rstrip("/")
    body = (
        f"Hello {owner.display_name},\n\n"
        "A questionnaire you are retaking on a schedule is due. It takes a few minutes, and "
        "your answers show how things are changing over time.\n\n"
        f"{site}/measures\n\n"
        f"You can turn these emails off on your account page: {site}/account#time\n"
    )
    queue_message(session, recipient=owner.email, subject=SUBJECT, body=body, now=now)

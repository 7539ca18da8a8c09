"""Retake schedules: the client, or a practitioner holding the grant that opens the
questionnaire (assessment/rules/scope.py), sets how often a questionnaire is taken again; the
worker reminds the client by email when one is due. The email names neither the questionnaire
nor a result; it links to the measures page.

A schedule's instrument is sealed with the client's data key (see
assessment/store/measures.py), so the audit log names the change as a "retake schedule" without
saying which questionnaire."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from crossroads.assessment.rules.retakes import (
    MAX_RETAKE_DAYS,
    MIN_RETAKE_DAYS,
    retake_due_on,
    retake_reminder_due,
)
from crossroads.assessment.rules.trends import SCALES
from crossroads.assessment.service.results import last_retaken
from crossroads.assessment.service.scope import open_questionnaires
from crossroads.assessment.store import measures as store
from crossroads.kernel.errors import ConsentMissing, InvalidInput, NotFound
from crossroads.kernel.people import Person, Role, local_day, local_today, zone_of
from crossroads.platform.outbox import queue_message
from crossroads.platform.person_rows import as_person, find_person
from crossroads.platform.vault import Vault, seal_leftovers
from crossroads.security.encryption import MasterKeys

SUBJECT = "A questionnaire is due on Crossroads"
FIELD = "retake schedule"
AUDIT_TARGET = "retake schedule"


@dataclass(frozen=True)
class Retake:
    instrument: str
    name: str
    every_days: int
    due_on: date
    set_by_practitioner: bool


def set_schedule(
    session: Session,
    master_keys: MasterKeys,
    actor: Person,
    client_id: str,
    instrument: str,
    every_days: int,
    now: datetime,
) -> None:
    """Retake `instrument` every `every_days`, replacing any schedule it had. A practitioner
    needs the grant that opens the questionnaire to them now, and the change is audited."""
    _known(instrument)
    if not MIN_RETAKE_DAYS <= every_days <= MAX_RETAKE_DAYS:
        raise InvalidInput(
            "every_days", f"choose between {MIN_RETAKE_DAYS} and {MAX_RETAKE_DAYS} days"
        )
    _may_change(session, actor, client_id, instrument, now)
    vault = Vault(session, master_keys)
    row = _schedules(vault, client_id).get(instrument)
    if row is None:
        row = store.ScheduleRow(id=str(uuid.uuid4()), owner_id=client_id)
        row.sealed = vault.seal_json(client_id, FIELD, {"instrument": instrument})
        session.add(row)
    row.every_days, row.set_by, row.set_at = every_days, actor.id, now
    session.flush()


def stop_schedule(
    session: Session,
    master_keys: MasterKeys,
    actor: Person,
    client_id: str,
    instrument: str,
    now: datetime,
) -> None:
    """Stopping a schedule that is not there is harmless."""
    _known(instrument)
    _may_change(session, actor, client_id, instrument, now)
    row = _schedules(Vault(session, master_keys), client_id).get(instrument)
    if row is not None:
        store.delete_schedule(session, row)


def retakes_of(
    session: Session, master_keys: MasterKeys, client: Person, now: datetime
) -> list[Retake]:
    """The client's schedules, by instrument, each with the day its next retake falls due."""
    return [retake for _, retake in _scheduled(session, master_keys, client, now)]


def _scheduled(
    session: Session, master_keys: MasterKeys, client: Person, now: datetime
) -> list[tuple[store.ScheduleRow, Retake]]:
    last = last_retaken(session, master_keys, client.id)
    zone = zone_of(client)
    zone_today = local_day(now, zone)
    scheduled = []
    for instrument, row in sorted(_schedules(Vault(session, master_keys), client.id).items()):
        last_on = local_day(last[instrument], zone) if instrument in last else None
        set_on = min(local_day(row.set_at, zone), zone_today)
        retake = Retake(
            instrument,
            SCALES[instrument].name,
            row.every_days,
            retake_due_on(row.every_days, last_on, set_on),
            row.set_by is not None and row.set_by != client.id,
        )
        scheduled.append((row, retake))
    return scheduled


def seal_plaintext_schedules(session: Session, master_keys: MasterKeys) -> int:
    """Seal the instrument of schedules stored before it was sealed."""
    vault = Vault(session, master_keys)

    def seal(row: store.ScheduleRow) -> None:
        row.sealed = vault.seal_json(row.owner_id, FIELD, {"instrument": row.legacy_instrument})
        row.legacy_instrument = None

    return seal_leftovers(session, lambda: store.unsealed_schedules(session, limit=500), seal)


def queue_retake_reminders(
    session: Session, master_keys: MasterKeys, *, public_url: str, now: datetime
) -> int:
    """One email per person with any retake due by their own calendar and not yet reminded
    of; each schedule remembers the due day it reminded of. Returns the emails queued."""
    emails = 0
    locked = store.all_schedules(session)
    ours = {row.id for row in locked}
    for owner_id in sorted({row.owner_id for row in locked}):
        found = find_person(session, owner_id)
        if found is None or not found.check_in_reminders:
            continue
        owner = as_person(found)
        today = local_today(owner, now)
        reminded = False
        for row, retake in _scheduled(session, master_keys, owner, now):
            if row.id in ours and retake_reminder_due(retake.due_on, today, row.reminded_for):
                row.reminded_for, reminded = retake.due_on, True
        if reminded:
            _queue(session, owner, public_url, now)
            emails += 1
    return emails


def _known(instrument: str) -> None:
    if instrument not in SCALES:
        raise InvalidInput("instrument", f"choose one of {', '.join(SCALES)}")


def _schedules(vault: Vault, owner_id: str) -> dict[str, store.ScheduleRow]:
    """The owner's schedules by their instrument, opened."""
    return {_instrument(vault, row): row for row in store.schedules_of(vault.session, owner_id)}


def _instrument(vault: Vault, row: store.ScheduleRow) -> str:
    """The sealed instrument, or the plaintext one of a row `db upgrade` has not sealed yet."""
    if row.sealed is None:
        return str(row.legacy_instrument)
    return str(vault.open_json(row.owner_id, FIELD, row.sealed)["instrument"])


def _may_change(
    session: Session, actor: Person, client_id: str, instrument: str, now: datetime
) -> None:
    """The client, or a practitioner the questionnaire is open to; anyone else finds nothing
    there, so that a refusal tells nothing of the client."""
    if actor.id == client_id:
        return
    if actor.role is not Role.PRACTITIONER:
        raise NotFound(f"no client {client_id}")
    try:
        open_questionnaires(
            session,
            actor,
            client_id,
            now,
            action="change",
            target=AUDIT_TARGET,
            instrument=instrument,
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

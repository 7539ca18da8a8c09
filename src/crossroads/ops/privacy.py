"""A person's right to their data: export everything, and delete it for good."""

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from crossroads.accounts.service.tokens import tokens_of
from crossroads.assessment.service.assessments import assessments_of_person
from crossroads.assessment.service.results import Taken, fhir_bundle, history_of
from crossroads.assessment.service.retakes import retakes_of
from crossroads.booking.service.bookings import bookings_of, note_of
from crossroads.booking.service.changes import withdraw_listing
from crossroads.care_team.service.export import team_export
from crossroads.casework.service.notes import (
    forget_unshared_notes_of,
    homework_of,
    notes_shared_with,
)
from crossroads.casework.service.progress_report import reports_given
from crossroads.casework.service.records import release_notes_about
from crossroads.casework.service.referrals import received
from crossroads.coaching.service.conversations import conversations_of
from crossroads.coaching.service.goal_detail import goal_detail
from crossroads.coaching.service.goals import goals_of_person
from crossroads.journal.rules.exchange import entries_to_json
from crossroads.journal.service.entries import StoredEntry, corrections_of, journal_of
from crossroads.kernel.people import Person
from crossroads.messaging.service.export import messages_for_export
from crossroads.platform import person_rows as people
from crossroads.platform.audit import accesses_to, record_access
from crossroads.platform.database import Database
from crossroads.platform.outbox import purge_person
from crossroads.platform.vault import Vault
from crossroads.safety_plan.service import KeptPlan, plan_of
from crossroads.security.encryption import MasterKeys
from crossroads.security.passwords import password_matches
from crossroads.sharing.service.grants import shares_given
from crossroads.trusted_people.service.invitations import trusted_people_of

EXPORT_FORMAT = "crossroads-export/1"


def export_everything(
    session: Session,
    master_keys: MasterKeys,
    person: Person,
    *,
    now: datetime,
    operator: str | None = None,
) -> dict[str, Any]:
    """One JSON-ready document of all a person has. `operator` names who else ran it, if
    anyone (the CLI): that is an access to their data and is audited."""
    if operator is not None:
        record_access(
            session, actor=operator, subject_id=person.id, action="export", target="everything"
        )
    entries = journal_of(session, master_keys, person)
    history = history_of(session, master_keys, person)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": now.isoformat(),
        "account": _account(person),
        "assessments": _assessments(session, master_keys, person),
        "questionnaires": _questionnaires(history),
        "questionnaires_fhir": fhir_bundle(history),
        "retake_schedules": _each_ready(retakes_of(session, master_keys, person, now)),
        "homework": _each_ready(homework_of(session, master_keys, person)),
        "notes_shared_with_me": _each_ready(notes_shared_with(session, master_keys, person)),
        "progress_reports_shared": reports_given(session, master_keys, person),
        "coaching_goals": _coaching_goals(session, master_keys, person, now),
        "coaching_conversations": _each_ready(conversations_of(session, master_keys, person)),
        "journal": _journal(entries, corrections_of(session, master_keys, person)),
        "safety_plan": _safety_plan(plan_of(session, master_keys, person)),
        "bookings": _bookings(session, master_keys, person),
        "referrals": _each_ready(received(session, master_keys, person)),
        "messages": messages_for_export(session, master_keys, person),
        "care_team": team_export(session, master_keys, person),
        "sharing": _sharing(session, person),
        "trusted_people": _trusted_people(session, master_keys, person),
        "access_tokens": _access_tokens(session, person),
        "access_log": _access_log(session, person),
    }


def _account(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "email": person.email,
        "display_name": person.display_name,
        "role": str(person.role),
        "two_factor": person.totp_enabled,
        "created_at": person.created_at.isoformat(),
        "time_zone": person.time_zone,
        "region": person.region,
        "subdivision": person.subdivision,
    }


def _assessments(session: Session, master_keys: MasterKeys, person: Person) -> list[Any]:
    return [
        {
            "id": a.id,
            "taken_at": a.created_at.isoformat(),
            "answers": a.answers,
            "result": a.result.as_dict(),
        }
        for a in assessments_of_person(session, master_keys, person)
    ]


def _questionnaires(history: Sequence[Taken]) -> list[Any]:
    return [
        {
            "id": taken.measure.id,
            "instrument": taken.measure.instrument,
            "taken_at": taken.measure.taken_at.isoformat(),
            "answers": taken.answers,
            "score": taken.measure.score,
            "source": taken.source,
        }
        for taken in history
    ]


def _coaching_goals(
    session: Session, master_keys: MasterKeys, person: Person, now: datetime
) -> list[Any]:
    return [
        _json_ready(asdict(goal_detail(session, master_keys, person, goal.id, now)))
        for goal in goals_of_person(session, master_keys, person, now)
    ]


def _journal(entries: Sequence[StoredEntry], corrections: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "entries": [
            {"id": stored.id, "evidence": stored.evidence, **row}
            for stored, row in zip(
                entries, entries_to_json([each.entry for each in entries]), strict=True
            )
        ],
        "coping_corrections": corrections,
    }


def _bookings(session: Session, master_keys: MasterKeys, person: Person) -> list[Any]:
    return [
        {**_json_ready(asdict(each)), "note": note_of(session, master_keys, each)}
        for each in bookings_of(session, person)
    ]


def _sharing(session: Session, person: Person) -> list[Any]:
    """Shares with an address no practitioner has yet included."""
    return [
        {
            "id": share.id,
            "practitioner": share.address,
            "area": str(share.area),
            "granted_at": share.granted_at.isoformat(),
            "revoked_at": share.revoked_at.isoformat() if share.revoked_at else None,
        }
        for share in shares_given(session, person)
    ]


def _trusted_people(session: Session, master_keys: MasterKeys, person: Person) -> list[Any]:
    """Everyone the person invited to see part of their data, stopped ones included."""
    return [
        {
            "name": each.name,
            "email": each.email,
            "sees": sorted(each.choice.areas),
            "shows_my_name": each.choice.show_my_name,
            "invited_at": each.invited_at.isoformat(),
            "link_works_until": each.link_expires_at.isoformat(),
            "stopped_at": each.revoked_at.isoformat() if each.revoked_at else None,
        }
        for each in trusted_people_of(session, master_keys, person)
    ]


def _access_tokens(session: Session, person: Person) -> list[Any]:
    return [
        {
            "name": t.name,
            "scopes": t.scopes,
            "created_at": t.created_at.isoformat(),
            "revoked": t.revoked_at is not None,
        }
        for t in tokens_of(session, person)
    ]


def _access_log(session: Session, person: Person) -> list[Any]:
    return [
        {
            "at": a.at.isoformat(),
            "who": a.actor,
            "action": a.action,
            "what": a.target,
            "grant": a.grant_id,
        }
        for a in accesses_to(session, person.id)
    ]


def _safety_plan(kept: KeptPlan) -> dict[str, Any] | None:
    """The plan part by part, titles included; None when the person has not saved one."""
    if kept.updated_at is None:
        return None
    return {
        "updated_at": kept.updated_at.isoformat(),
        "parts": [
            {"key": section.key, "title": section.title, "text": text}
            for section, text in kept.plan.parts()
        ],
    }


def _each_ready(items: Iterable[Any]) -> list[Any]:
    """Each of a list of records (dataclasses) made JSON-ready."""
    return [_json_ready(asdict(each)) for each in items]


def _json_ready(value: Any) -> Any:
    """Days and times as ISO text, enums as their values."""
    return json.loads(json.dumps(value, default=str))


def delete_person(
    session: Session, master_keys: MasterKeys, person: Person, *, actor: str | None = None
) -> None:
    """Destroy the person's data key, then their account and everything keyed to it, and every
    unsent email to or about them. `actor` names who did it when it was not the person
    themselves; that is audited.

    A practitioner's clients keep their own records: the notes shared with them, homework and
    bookings stay, from "a former practitioner"; notes never shared go with their author. A
    client's practitioners keep theirs: each session note stays its author's record, under the
    author's key, for as long as their practice keeps records (casework/service/records.py);
    the client's copies go."""
    if actor is not None:
        record_access(session, actor=actor, subject_id=person.id, action="delete", target="account")
    withdraw_listing(session, person, datetime.now(UTC))
    purge_person(session, person.id)
    forget_unshared_notes_of(session, person)
    release_notes_about(session, master_keys, person)
    Vault(session, master_keys).destroy(person.id)
    row = people.find_person(session, person.id)
    if row is not None:
        people.delete_person(session, row)


def delete_own_account(
    database: Database, master_keys: MasterKeys, person: Person, *, password: str
) -> bool:
    """Delete the account if `password` is the person's own; False (and nothing done) if not.
    The password is checked between units of work, as argon2 is slow on purpose and must not
    hold the write lock."""
    with database.reading() as session:
        row = people.find_person(session, person.id)
        stored = None if row is None else row.password_hash
    if stored is None or not password_matches(stored, password):
        return False
    with database.transaction() as session:
        row = people.find_person(session, person.id)
        if row is None or row.password_hash != stored:  # changed meanwhile: the check is stale
            return False
        delete_person(session, master_keys, person)
    return True

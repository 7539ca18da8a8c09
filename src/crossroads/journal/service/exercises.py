"""Healing exercises as use cases, beyond saving one (which is adding a journal entry): the
readiness threshold a person sets, the thought a belief exercise goes deeper from, and small
promises to oneself, listed and checked. Only the owner reads or changes any of it."""

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.journal.rules.entries import EntryKind
from crossroads.journal.rules.exercises import READINESS
from crossroads.journal.rules.promises import Promises, plan_check, promises_of
from crossroads.journal.service.entries import AddedEntry, add_entry, entry_of, journal_of
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person, local_today
from crossroads.platform.person_rows import PersonRow, find_person
from crossroads.security.encryption import MasterKeys


def readiness_threshold_of(session: Session, person: Person) -> int | None:
    """The threshold the person set, or None for the journal's default."""
    return _row(session, person).readiness_threshold


def set_readiness_threshold(session: Session, person: Person, threshold: int) -> None:
    """From now on, a readiness below `threshold` (0 to 10; 0: never) suggests a calming tool
    before an exercise. The caller commits."""
    if threshold not in READINESS:
        raise InvalidInput("threshold", "choose a number from 0 to 10")
    _row(session, person).readiness_threshold = threshold


def thought_to_follow(
    session: Session, master_keys: MasterKeys, owner: Person, entry_id: str
) -> str:
    """The thought written in the owner's thought record `entry_id`, for a belief exercise that
    goes deeper from it; "" when the entry holds none. NotFound for someone else's entry."""
    entry = entry_of(session, master_keys, owner, entry_id).entry
    if entry.kind is not EntryKind.THOUGHT_RECORD:
        return ""
    return entry.answers.get("thought", "")


def promises_of_person(
    session: Session, master_keys: MasterKeys, owner: Person, now: datetime
) -> Promises:
    """The owner's open promises and those kept in the last weeks, in their own days."""
    entries = [
        (stored.id, stored.entry)
        for stored in journal_of(session, master_keys, owner)
        if stored.entry.kind is EntryKind.SELF_TRUST
    ]
    return promises_of(entries, local_today(owner, now))


def check_promise(
    session: Session,
    master_keys: MasterKeys,
    owner: Person,
    promise_id: str,
    fields: Mapping[str, str],
    now: datetime,
) -> AddedEntry:
    """Say that the owner's promise `promise_id` was kept, or not yet, and what they noticed:
    saved as an entry of its own and screened like any words. The caller commits."""
    promise = entry_of(session, master_keys, owner, promise_id).entry
    return add_entry(session, master_keys, owner, plan_check(promise_id, promise, fields, now), now)


def _row(session: Session, person: Person) -> PersonRow:
    row = find_person(session, person.id)
    if row is None:
        raise NotFound("this account no longer exists")
    return row

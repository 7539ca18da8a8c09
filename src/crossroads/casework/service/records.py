"""A practitioner's session notes as their practice's records: all of them on one page, for as
many years as the practice keeps records (its own setting, or the deployment's default), whether
or not the client still shares anything or still has an account; then removed by the worker,
and the removal audited.

When a client deletes their account, their copies of shared notes go with their key; the
author's record stays, naming the client as they were called when the note was written.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.casework.rules import FEWEST_YEARS, keeping_years, kept_until, past_keeping
from crossroads.casework.service.notes import NOTE_FIELD, author_copy, client_name
from crossroads.casework.store import notes as store
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.people import Person, Role
from crossroads.platform.audit import record_access
from crossroads.platform.person_rows import find_person
from crossroads.platform.vault import Vault, seal_leftovers
from crossroads.security.encryption import MasterKeys

RETENTION_ACTOR = "Crossroads (records retention)"
READ_TARGET = "session notes (the practitioner's own records)"
REMOVED_TARGET = "a session note, at the end of its practice's keeping period"
BATCH = 500


@dataclass(frozen=True)
class Record:
    id: str
    client: str  # as the client was called when the note was written
    client_id: str | None  # None once the client deleted their account
    written_at: datetime
    shared: bool
    text: str
    kept_until: date

    @property
    def client_deleted(self) -> bool:
        return self.client_id is None


@dataclass(frozen=True)
class Records:
    keeping_years: int
    own_setting: bool  # False: the deployment's default applies
    notes: list[Record]


def records_of(
    session: Session, master_keys: MasterKeys, author: Person, *, default_years: int, now: datetime
) -> Records:
    """Every note the practitioner wrote, newest first. Reading them is written to each
    client's access log who still has an account, once per client."""
    _practitioner_only(author)
    years, own = _keeping(session, author, default_years)
    vault = Vault(session, master_keys)
    rows = store.notes_written_by(session, author.id)
    for client_id in dict.fromkeys(row.client_id for row in rows if row.client_id is not None):
        record_access(
            session, actor=author.label, subject_id=client_id, action="read", target=READ_TARGET
        )
    notes = [_record(session, vault, row, years) for row in reversed(rows)]
    return Records(years, own, notes)


def set_keeping_years(session: Session, author: Person, years: str | int | None) -> int:
    """The practice's own keeping period; None or blank returns to the deployment's default.
    Shortening it removes the notes past it at the worker's next round."""
    _practitioner_only(author)
    row = find_person(session, author.id)
    if row is None:
        raise InvalidInput("records_kept_years", "this account no longer exists")
    row.records_kept_years = (
        None if years is None or not str(years).strip() else keeping_years(years)
    )
    session.flush()
    return row.records_kept_years or 0


def remove_notes_past_keeping(session: Session, *, default_years: int, now: datetime) -> int:
    """Remove every note whose practice's keeping period has ended, each removal written to the
    client's access log (or the author's own, once the client has gone). Returns how many."""
    removed = 0
    years_of: dict[str, int] = {}
    earliest_end = now - timedelta(days=365 * FEWEST_YEARS)
    for row in store.notes_written_before(session, earliest_end, limit=BATCH):
        author_id = row.author_id
        if author_id is None:
            continue
        if author_id not in years_of:
            author = find_person(session, author_id)
            own = author.records_kept_years if author is not None else None
            years_of[author_id] = own or default_years
        if not past_keeping(row.written_at, years_of[author_id], now.date()):
            continue
        record_access(
            session,
            actor=RETENTION_ACTOR,
            subject_id=row.client_id or author_id,
            action="delete",
            target=REMOVED_TARGET,
            now=now,
        )
        store.delete_note(session, row)
        removed += 1
    return removed


def release_notes_about(session: Session, master_keys: MasterKeys, client: Person) -> None:
    """Before a client's key is destroyed: every note about them becomes its author's record
    alone (the client's copies go), so that nothing sealed under the client's key is left."""
    vault = Vault(session, master_keys)
    for row in store.notes_of_client(session, client.id):
        if not row.sealed_for_author:
            _seal_for_author(session, vault, row)
        if row.author_id is None:
            store.delete_note(session, row)
            continue
        row.client_copy = None
    session.flush()


def seal_notes_for_authors(session: Session, master_keys: MasterKeys) -> int:
    """Seal notes written before notes were the practitioner's record again under their
    author's key, keeping a shared note's old sealing as the client's copy. For `crossroads
    db upgrade`. Returns how many."""
    vault = Vault(session, master_keys)
    return seal_leftovers(
        session,
        lambda: store.notes_not_sealed_for_author(session, limit=BATCH),
        lambda row: _seal_for_author(session, vault, row),
    )


def _seal_for_author(session: Session, vault: Vault, row: store.NoteRow) -> None:
    """A note still sealed under its client's key, sealed again under its author's. A note
    whose author has gone is the client's copy alone."""
    old = row.sealed
    if row.author_id is not None and row.client_id is not None:
        text = author_copy(vault, row)["text"]
        payload = {"text": text, "client": client_name(session, row.client_id)}
        row.sealed = vault.seal_json(row.author_id, NOTE_FIELD, payload)
    else:
        row.sealed = ""
    row.client_copy = old if row.shared else None
    row.sealed_for_author = True


def _record(session: Session, vault: Vault, row: store.NoteRow, years: int) -> Record:
    payload = author_copy(vault, row)
    named = payload.get("client") or (
        client_name(session, row.client_id) if row.client_id else "a client"
    )
    return Record(
        row.id,
        named,
        row.client_id,
        row.written_at,
        row.shared,
        payload["text"],
        kept_until(row.written_at, years),
    )


def _keeping(session: Session, author: Person, default_years: int) -> tuple[int, bool]:
    row = find_person(session, author.id)
    own = row.records_kept_years if row is not None else None
    return (own, True) if own else (default_years, False)


def _practitioner_only(person: Person) -> None:
    if person.role is not Role.PRACTITIONER:
        raise InvalidInput("records_kept_years", "only practitioners keep session notes")

"""A practitioner's own work with a client: session notes and homework.

Both need the client in the practitioner's caseload (any standing grant) to be written. A
session note is the practitioner's record: sealed under their own key, read by them for as long
as their practice keeps records, even after the client's grants end or their account goes. Once
shared, the client reads a copy sealed under the client's key, which goes with the client's
account. Homework is written into the client's account, so setting it is audited like any
change there.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from crossroads.casework.store import notes as store
from crossroads.kernel.consent import Grant
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.parsing import parse_written
from crossroads.kernel.people import Person, local_today
from crossroads.platform.audit import record_access
from crossroads.platform.person_rows import as_person, find_person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import in_caseload

NOTE_FIELD = "session note"
HOMEWORK_FIELD = "homework"
MAX_NOTE = 10_000
MAX_HOMEWORK = 1_000


@dataclass(frozen=True)
class Note:
    id: str
    author: str
    written_at: datetime
    shared: bool
    text: str


@dataclass(frozen=True)
class Homework:
    id: str
    assigned_by: str
    assigned_at: datetime
    due_on: date
    done: bool
    text: str


def write_note(
    session: Session,
    master_keys: MasterKeys,
    author: Person,
    client_id: str,
    text: str,
    *,
    shared: bool,
    now: datetime,
) -> str:
    text = parse_written(text, "text", MAX_NOTE, missing="write the note", what="a note")
    grants = in_caseload(session, author, client_id)
    vault = Vault(session, master_keys)
    row = store.NoteRow(
        id=str(uuid.uuid4()),
        client_id=client_id,
        author_id=author.id,
        written_at=now,
        shared=shared,
        sealed=vault.seal_json(
            author.id, NOTE_FIELD, {"text": text, "client": client_name(session, client_id)}
        ),
        client_copy=vault.seal_json(client_id, NOTE_FIELD, {"text": text}) if shared else None,
        sealed_for_author=True,
    )
    store.add(session, row)
    _audit(session, author, grants, "shared session note" if shared else "session note")
    return row.id


def share_note(
    session: Session, master_keys: MasterKeys, author: Person, note_id: str, *, shared: bool
) -> None:
    """Show a note to the client (a copy under their key), or take it back; only its author
    may, while the client is in their caseload."""
    row = store.find_note(session, note_id)
    if row is None or row.author_id != author.id or row.client_id is None:
        raise NotFound(f"no note with id {note_id}")
    grants = in_caseload(session, author, row.client_id)
    vault = Vault(session, master_keys)
    if shared and row.client_copy is None:
        text = author_copy(vault, row)["text"]
        row.client_copy = vault.seal_json(row.client_id, NOTE_FIELD, {"text": text})
    if not shared and row.sealed_for_author:
        row.client_copy = None
    row.shared = shared
    session.flush()
    _audit(
        session, author, grants, "session note, shown to you" if shared else "session note, hidden"
    )


def notes_by(
    session: Session, master_keys: MasterKeys, author: Person, client_id: str
) -> list[Note]:
    """The author's own notes about a client still in their caseload, newest first."""
    in_caseload(session, author, client_id)
    vault = Vault(session, master_keys)
    return [
        _note(session, row, author_copy(vault, row)["text"])
        for row in store.notes_about(session, client_id, author.id)
    ]


def notes_shared_with(session: Session, master_keys: MasterKeys, client: Person) -> list[Note]:
    """The notes practitioners shared with the client, read from the client's own copy."""
    vault = Vault(session, master_keys)
    return [
        _note(session, row, vault.open_json(client.id, NOTE_FIELD, _client_copy(row))["text"])
        for row in store.notes_shared_with(session, client.id)
    ]


def assign_homework(
    session: Session,
    master_keys: MasterKeys,
    practitioner: Person,
    client_id: str,
    text: str,
    due_on: date | None,
    now: datetime,
) -> str:
    """Homework due on a day of the client's own calendar, today or later."""
    text = parse_written(text, "text", MAX_HOMEWORK, missing="say what to do", what="homework")
    if due_on is None:
        raise InvalidInput("due_on", "homework needs a date to be done by")
    grants = in_caseload(session, practitioner, client_id)
    client = find_person(session, client_id)
    if client is not None and due_on < local_today(as_person(client), now):
        raise InvalidInput("due_on", "choose today or a later day for the homework")
    row = store.HomeworkRow(
        id=str(uuid.uuid4()),
        client_id=client_id,
        assigned_by=practitioner.id,
        assigned_at=now,
        due_on=due_on,
        sealed=Vault(session, master_keys).seal_json(client_id, HOMEWORK_FIELD, {"text": text}),
    )
    store.add(session, row)
    _audit(session, practitioner, grants, "homework")
    return row.id


def homework_of(session: Session, master_keys: MasterKeys, client: Person) -> list[Homework]:
    """Everything the client was set, by due date."""
    vault = Vault(session, master_keys)
    return [_homework(session, vault, row) for row in store.homework_of(session, client.id)]


def homework_set_by(
    session: Session, master_keys: MasterKeys, practitioner: Person, client_id: str
) -> list[Homework]:
    in_caseload(session, practitioner, client_id)
    vault = Vault(session, master_keys)
    return [
        _homework(session, vault, row)
        for row in store.homework_of(session, client_id)
        if row.assigned_by == practitioner.id
    ]


def mark_homework(
    session: Session, client: Person, homework_id: str, *, done: bool, now: datetime
) -> None:
    row = store.find_homework(session, homework_id)
    if row is None or row.client_id != client.id:
        raise NotFound(f"no homework with id {homework_id}")
    row.done_at = now if done else None
    session.flush()


def _audit(session: Session, practitioner: Person, grants: list[Grant], target: str) -> None:
    """Written to the client's log under the first grant that puts them in the caseload."""
    record_access(
        session,
        actor=practitioner.label,
        subject_id=grants[0].client_id,
        action="change",
        target=target,
        grant_id=grants[0].id,
    )


def _name(session: Session, person_id: str | None) -> str:
    found = find_person(session, person_id) if person_id is not None else None
    return found.display_name if found is not None else "a former practitioner"


def _note(session: Session, row: store.NoteRow, text: str) -> Note:
    return Note(row.id, _name(session, row.author_id), row.written_at, row.shared, text)


def author_copy(vault: Vault, row: store.NoteRow) -> dict[str, str]:
    """The author's record of a note: under the author's key, or, for a note `crossroads db
    upgrade` has not sealed again yet, under the client's."""
    if row.sealed_for_author:
        if row.author_id is None:
            raise NotFound(f"no note with id {row.id}")
        return dict(vault.open_json(row.author_id, NOTE_FIELD, row.sealed))
    if row.client_id is None:
        raise NotFound(f"no note with id {row.id}")
    return dict(vault.open_json(row.client_id, NOTE_FIELD, row.sealed))


def _client_copy(row: store.NoteRow) -> str:
    """The client's copy of a shared note; a note not yet sealed again is its own copy."""
    copy = row.client_copy if row.sealed_for_author else row.sealed
    if copy is None:
        raise NotFound(f"no note with id {row.id}")
    return copy


def client_name(session: Session, client_id: str) -> str:
    found = find_person(session, client_id)
    return found.display_name if found is not None else "a client"


def _homework(session: Session, vault: Vault, row: store.HomeworkRow) -> Homework:
    text = vault.open_json(row.client_id, HOMEWORK_FIELD, row.sealed)["text"]
    return Homework(
        row.id,
        _name(session, row.assigned_by),
        row.assigned_at,
        row.due_on,
        row.done_at is not None,
        text,
    )


def forget_unshared_notes_of(session: Session, author: Person) -> None:
    """A practitioner leaving takes the notes they never shared with the client with them; a
    shared note's client copy is the client's and stays."""
    store.delete_unshared_notes_by(session, author.id)

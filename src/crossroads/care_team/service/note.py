"""The coordination note: who does what and when to hand over, one per client, sealed under
the client's key. The client and every member who sees the team read and write it; each read
and write by a member goes into the client's access log. It is not a session note: everyone
who sees the team reads it, so nothing private to one practitioner belongs in it.

What the client writes goes through the risk screen like everything else they write; a
member's words are theirs, not the client's, and are not screened."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.care_team import store
from crossroads.care_team.rules import MAX_NOTE, NOTE_FIELD
from crossroads.care_team.service.members import described
from crossroads.care_team.store import MemberRow
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.parsing import parse_written
from crossroads.kernel.people import Person, Role
from crossroads.kernel.risk import RiskScreen
from crossroads.platform.audit import record_access
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from crossroads.text.classification import screen_writing


@dataclass(frozen=True)
class CoordinationNote:
    """The note as it stands; `updated_at` is None (and `text` empty) before anyone writes."""

    text: str
    updated_at: datetime | None
    updated_by: str  # who last wrote it, by name; "" before anyone writes


def note_for_client(session: Session, master_keys: MasterKeys, client: Person) -> CoordinationNote:
    return _read(session, master_keys, client.id)


def write_as_client(
    session: Session, master_keys: MasterKeys, client: Person, text: str, now: datetime
) -> RiskScreen:
    """Replace the note with what the client wrote, and the risk screen of it."""
    if client.role is not Role.CLIENT:
        raise InvalidInput("note", "only clients have a care team")
    written = _written(text)
    _put(session, master_keys, client.id, written, client.id, now)
    return screen_writing({"note": written})


def note_for_member(
    session: Session, master_keys: MasterKeys, practitioner: Person, client_id: str
) -> CoordinationNote:
    """The note for a member who sees the team, audited; NotFound for anyone else."""
    seeing_member(session, practitioner, client_id)
    return read_as_member(session, master_keys, practitioner, client_id)


def read_as_member(
    session: Session, master_keys: MasterKeys, practitioner: Person, client_id: str
) -> CoordinationNote:
    """The note, and its reading in the client's access log; the caller has checked that the
    practitioner is a member who sees the team."""
    record_access(
        session, actor=practitioner.label, subject_id=client_id, action="read", target=NOTE_FIELD
    )
    return _read(session, master_keys, client_id)


def write_as_member(
    session: Session,
    master_keys: MasterKeys,
    practitioner: Person,
    client_id: str,
    text: str,
    now: datetime,
) -> CoordinationNote:
    """Replace the note with what a member who sees the team wrote, audited, and the note as
    it now stands; NotFound for anyone else, as for a client who is not there."""
    seeing_member(session, practitioner, client_id)
    _put(session, master_keys, client_id, _written(text), practitioner.id, now)
    record_access(
        session,
        actor=practitioner.label,
        subject_id=client_id,
        action="change",
        target=NOTE_FIELD,
    )
    return _read(session, master_keys, client_id)


def member(session: Session, practitioner: Person, client_id: str) -> MemberRow:
    """The practitioner's current place in the client's team; NotFound when they have none."""
    row = store.current_member(session, client_id, practitioner.id)
    if practitioner.role is not Role.PRACTITIONER or row is None:
        raise NotFound(f"no client {client_id} in a care team of yours")
    return row


def seeing_member(session: Session, practitioner: Person, client_id: str) -> MemberRow:
    """As `member`, for a member the client lets see the team; NotFound for the others too,
    so a member without that consent learns nothing of the note, not even that it exists."""
    row = member(session, practitioner, client_id)
    if not row.sees_team:
        raise NotFound(f"no client {client_id} in a care team of yours")
    return row


def _written(text: str) -> str:
    return parse_written(text, "note", MAX_NOTE, what="the note")


def _put(
    session: Session, master_keys: MasterKeys, client_id: str, text: str, by: str, now: datetime
) -> None:
    sealed = Vault(session, master_keys).seal_json(client_id, NOTE_FIELD, {"text": text})
    store.put_note(session, client_id, sealed=sealed, updated_by=by, now=now)


def _read(session: Session, master_keys: MasterKeys, client_id: str) -> CoordinationNote:
    row = store.find_note(session, client_id)
    if row is None:
        return CoordinationNote("", None, "")
    opened = Vault(session, master_keys).open_json(client_id, NOTE_FIELD, row.sealed)
    by = described(session, row.updated_by)[0] if row.updated_by else ""
    return CoordinationNote(opened["text"], row.updated_at, by)

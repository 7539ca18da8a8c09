"""Record every access to a person's data by someone else, and check the chain is whole."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from crossroads.platform.audit_rows import (
    AuditRow,
    all_entries,
    append_entry,
    entries_about,
    last_entry,
)
from crossroads.security.audit import GENESIS, AuditFields, chain_hash, first_broken

OPERATOR = "operator (command line)"
_APPEND_LOCK = 7_301_001  # PostgreSQL advisory lock id serialising appends to the chain


@dataclass(frozen=True)
class Access:
    at: datetime
    actor: str
    action: str
    target: str
    grant_id: str | None


def record_access(
    session: Session,
    *,
    actor: str,
    subject_id: str,
    action: str,
    target: str,
    grant_id: str | None = None,
    now: datetime | None = None,
) -> None:
    """Append one entry to the chain, in the caller's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": _APPEND_LOCK})
    previous = last_entry(session)
    fields = AuditFields(
        position=(previous.position + 1) if previous else 1,
        at=(now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0),
        actor=actor,
        subject_id=subject_id,
        action=action,
        target=target,
        grant_id=grant_id,
    )
    previous_hash = previous.hash if previous else GENESIS
    append_entry(
        session,
        AuditRow(
            position=fields.position,
            at=fields.at,
            actor=actor,
            subject_id=subject_id,
            action=action,
            target=target,
            grant_id=grant_id,
            previous_hash=previous_hash,
            hash=chain_hash(previous_hash, fields),
        ),
    )


def first_broken_entry(session: Session) -> int | None:
    """The position of the first entry that was edited, inserted or removed, or None."""
    return first_broken(
        (
            AuditFields(
                row.position,
                row.at,
                row.actor,
                row.subject_id,
                row.action,
                row.target,
                row.grant_id,
            ),
            row.previous_hash,
            row.hash,
        )
        for row in all_entries(session)
    )


def accesses_to(session: Session, subject_id: str) -> list[Access]:
    """Who looked at or changed this person's data, newest first."""
    return [
        Access(row.at, row.actor, row.action, row.target, row.grant_id)
        for row in entries_about(session, subject_id)
    ]

"""Record every access to a person's data by someone else, and check that the record is whole:
each person's entries form a chain of HMAC links under the audit keys (security/audit.py),
and signed checkpoints (security/audit_checkpoints.py) show what a chain once reached.

Appending takes a lock on one person's chain only, so entries about different people are
written side by side; the database numbers the whole log.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from crossroads.platform.audit_rows import (
    AuditRow,
    append_entry,
    chain_head,
    chain_heads,
    entries_about,
    entries_by_chain,
)
from crossroads.security.audit import (
    GENESIS,
    AuditFields,
    AuditKeys,
    ChainBreak,
    StoredEntry,
    chain_breaks,
    link,
)
from crossroads.security.audit_checkpoints import ChainHead, Checkpoint

OPERATOR = "operator (command line)"
# Execution option holding the audit keys of an engine's database: every unit of work on it can
# then link entries without the keys being handed down through every call.
AUDIT_KEYS = "crossroads_audit_keys"
# First half of the PostgreSQL advisory lock that serialises appends to one person's chain;
# the second half is a hash of the person's id.
_CHAIN_LOCKS = 7_301_002


class NoAuditKeys(Exception):
    """The unit of work runs on an engine without audit keys (`with_audit_keys`): a wiring bug."""


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
    """Append one entry to the person's chain, in the caller's transaction. On PostgreSQL it
    waits only for another transaction appending about the same person (SQLite lets one writer
    in at a time anyway)."""
    keys = audit_keys_of(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:space, hashtext(:subject))"),
            {"space": _CHAIN_LOCKS, "subject": subject_id},
        )
    head = chain_head(session, subject_id)
    fields = AuditFields(
        subject_id=subject_id,
        seq=(head.seq + 1) if head else 1,
        at=(now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0),
        actor=actor,
        action=action,
        target=target,
        grant_id=grant_id,
    )
    previous = head.link if head else GENESIS
    key_id = keys.current_id
    append_entry(
        session,
        AuditRow(
            subject_id=subject_id,
            seq=fields.seq,
            at=fields.at,
            actor=actor,
            action=action,
            target=target,
            grant_id=grant_id,
            key_id=key_id,
            previous_link=previous,
            link=link(key_id, keys.keys[key_id], previous, fields),
        ),
    )


def with_audit_keys(engine: Engine, keys: AuditKeys) -> Engine:
    """The same engine (same pool), whose connections carry the keys that link audit entries."""
    return engine.execution_options(**{AUDIT_KEYS: keys})


def audit_keys_of(session: Session) -> AuditKeys:
    keys = session.connection().get_execution_options().get(AUDIT_KEYS)
    if not isinstance(keys, AuditKeys):
        raise NoAuditKeys("this database was opened without audit keys")
    return keys


def breaks(session: Session) -> list[ChainBreak]:
    """Where any chain stops holding (the first break of each), or [] when all hold."""
    return list(chain_breaks(audit_keys_of(session), _stored(entries_by_chain(session))))


def current_checkpoint(session: Session, now: datetime) -> Checkpoint:
    """Every chain's head as it stands, to be signed and kept away from the database."""
    heads = tuple(ChainHead(s, count, head) for s, count, head in chain_heads(session))
    return Checkpoint(now.astimezone(UTC).replace(microsecond=0), heads)


def breaks_since(session: Session, kept: Checkpoint) -> list[ChainBreak]:
    """How the chains fall short of a checkpoint: a chain that no longer reaches as far as it
    did, or reaches it through another link, lost or rewrote entries since. One read of the
    log, however many chains the checkpoint holds."""
    reaches: dict[str, int] = {}
    at_head: dict[str, AuditRow] = {}
    counts = {head.subject_id: head.count for head in kept.heads}
    for row in entries_by_chain(session):
        reaches[row.subject_id] = row.seq
        if counts.get(row.subject_id) == row.seq:
            at_head[row.subject_id] = row
    seen = f"the checkpoint of {kept.at:%Y-%m-%d %H:%M} UTC"
    found = []
    for head in kept.heads:
        entry = at_head.get(head.subject_id)
        if entry is None:
            ends = reaches.get(head.subject_id, 0)
            what = (
                f"the chain was cut short: it had {head.count} entries at {seen} and now ends "
                f"at {ends}"
            )
            found.append(ChainBreak(head.subject_id, head.count, None, what))
        elif entry.link != head.link:
            what = f"the entry differs from the one {seen} saw"
            found.append(ChainBreak(head.subject_id, head.count, entry.position, what))
    return found


def accesses_to(session: Session, subject_id: str) -> list[Access]:
    """Who looked at or changed this person's data, newest first."""
    return [
        Access(row.at, row.actor, row.action, row.target, row.grant_id)
        for row in entries_about(session, subject_id)
    ]


def _stored(rows: list[AuditRow]) -> Iterator[StoredEntry]:
    for row in rows:
        fields = AuditFields(
            row.subject_id, row.seq, row.at, row.actor, row.action, row.target, row.grant_id
        )
        yield StoredEntry(row.position, fields, row.key_id, row.previous_link, row.link)

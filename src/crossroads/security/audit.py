"""The audit log's chains: one per person whose data was touched, each link an HMAC under an
audit key the database never holds.

A link covers its entry's fields and the link before it, so editing, inserting or removing an
entry breaks its chain from there on; and without the key no one can compute a link, so a
rewritten chain (every later link recomputed, as a plain hash chain would allow) is caught too.
What a key alone cannot show is a chain cut short at its newest end: checkpoints
(audit_checkpoints.py) catch that.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from crossroads.security.encryption import parse_keys

GENESIS = "0" * 64  # the link before a chain's first entry


@dataclass(frozen=True)
class AuditFields:
    """What an entry says: who did what to whose data, when, and under which grant; `seq` is
    its place in the chain of the person it is about (`subject_id`), from 1."""

    subject_id: str
    seq: int
    at: datetime
    actor: str
    action: str
    target: str
    grant_id: str | None


@dataclass(frozen=True)
class AuditKeys:
    """HMAC keys by id; the last one listed links new entries, older ones still verify theirs."""

    keys: dict[str, bytes]
    current_id: str

    @classmethod
    def parse(cls, text: str) -> "AuditKeys":
        """Lines or commas of `id:base64key`, as master keys are written; `#` starts a comment."""
        keys = parse_keys(text, "audit key")
        return cls(keys, current_id=list(keys)[-1])


def link(key_id: str, key: bytes, previous: str, fields: AuditFields) -> str:
    """The entry's link: HMAC-SHA256 over its fields, the key's id and the previous link."""
    canonical = json.dumps(
        {
            "previous": previous,
            "key": key_id,
            "subject": fields.subject_id,
            "seq": fields.seq,
            "at": fields.at.isoformat(),
            "actor": fields.actor,
            "action": fields.action,
            "target": fields.target,
            "grant": fields.grant_id,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class StoredEntry:
    """An entry as the database holds it: its fields, which key linked it, and its links."""

    position: int
    fields: AuditFields
    key_id: str
    previous: str
    link: str


@dataclass(frozen=True)
class ChainBreak:
    """Where a chain stops holding, and how: `position` is the entry's number in the whole log
    (None when the entry is missing)."""

    subject_id: str
    seq: int
    position: int | None
    what: str

    def __str__(self) -> str:
        where = f"entry {self.position}" if self.position is not None else "an entry"
        return f"{where} (link {self.seq} of {self.subject_id}'s chain): {self.what}"


def chain_breaks(keys: AuditKeys, entries: Iterable[StoredEntry]) -> Iterator[ChainBreak]:
    """The first break in each chain. `entries` are ordered by person, then by `seq`."""
    subject: str | None = None
    previous, expected, broken = GENESIS, 1, False
    for entry in entries:
        fields = entry.fields
        if fields.subject_id != subject:
            subject, previous, expected, broken = fields.subject_id, GENESIS, 1, False
        if broken:
            continue
        problem = _problem(keys, entry, previous, expected)
        if problem is not None:
            broken = True
            yield problem
        previous, expected = entry.link, fields.seq + 1


def _problem(
    keys: AuditKeys, entry: StoredEntry, previous: str, expected: int
) -> ChainBreak | None:
    fields = entry.fields
    if fields.seq > expected:
        missing = "entries" if fields.seq - expected > 1 else "the entry"
        return ChainBreak(
            fields.subject_id, expected, None, f"{missing} before link {fields.seq} were removed"
        )
    key = keys.keys.get(entry.key_id)
    if key is None:
        return ChainBreak(
            fields.subject_id,
            fields.seq,
            entry.position,
            f"linked with audit key {entry.key_id!r}, which is not configured here",
        )
    if entry.previous != previous:
        return ChainBreak(
            fields.subject_id,
            fields.seq,
            entry.position,
            "it does not follow the entry before it (one was inserted, removed or replaced)",
        )
    if not hmac.compare_digest(link(entry.key_id, key, previous, fields), entry.link):
        return ChainBreak(
            fields.subject_id,
            fields.seq,
            entry.position,
            "its contents or its link were changed without the audit key",
        )
    return None

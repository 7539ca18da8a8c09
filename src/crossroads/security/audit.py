"""The audit log's hash chain: each entry's hash covers its fields and the previous hash, so
editing, inserting or deleting any entry breaks every hash after it."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditFields:
    """What an entry says: who did what to whose data, when, and under which grant."""

    position: int
    at: datetime
    actor: str
    subject_id: str
    action: str
    target: str
    grant_id: str | None


def chain_hash(previous: str, fields: AuditFields) -> str:
    canonical = json.dumps(
        {
            "previous": previous,
            "position": fields.position,
            "at": fields.at.isoformat(),
            "actor": fields.actor,
            "subject": fields.subject_id,
            "action": fields.action,
            "target": fields.target,
            "grant": fields.grant_id,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def first_broken(entries: Iterable[tuple[AuditFields, str, str]]) -> int | None:
    """The position of the first entry whose link or hash is wrong, or None if the chain holds.

    `entries` are (fields, stored previous hash, stored hash) in position order, from 1.
    """
    previous = GENESIS
    expected_position = 1
    for fields, stored_previous, stored_hash in entries:
        if (
            fields.position != expected_position
            or stored_previous != previous
            or chain_hash(previous, fields) != stored_hash
        ):
            return fields.position
        previous = stored_hash
        expected_position += 1
    return None

"""A client's care team as their data export holds it: who is in it, how each joined, whether
they see the team, the referral reason each may read, and the coordination note."""

from typing import Any

from sqlalchemy.orm import Session

from crossroads.care_team import store
from crossroads.care_team.rules import REASON_FIELD
from crossroads.care_team.service.members import described
from crossroads.care_team.service.note import note_for_client
from crossroads.kernel.people import Person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys


def team_export(session: Session, master_keys: MasterKeys, person: Person) -> dict[str, Any]:
    """JSON-ready; empty for anyone with no team (a practitioner's own export included)."""
    vault = Vault(session, master_keys)
    members = []
    for row in store.current_members(session, person.id):
        name, kind = described(session, row.practitioner_id)
        reason = vault.open_json(person.id, REASON_FIELD, row.sealed) if row.sealed else None
        members.append(
            {
                "name": name,
                "kind": kind,
                "joined_at": row.joined_at.isoformat(),
                "joined_through": row.joined_through,
                "sees_team": row.sees_team,
                "referral_reason_shared": reason["reason"] if reason else None,
            }
        )
    note = note_for_client(session, master_keys, person)
    return {
        "members": members,
        "coordination_note": {
            "text": note.text,
            "updated_at": note.updated_at.isoformat() if note.updated_at else None,
            "updated_by": note.updated_by,
        },
    }

"""A client's messages as their export holds them: every thread, with every message in it from
either side. They are the client's data, sealed under the client's key; a practitioner's export
holds none, since it would be a copy of clients' words read without the client's log knowing."""

from typing import Any

from sqlalchemy.orm import Session

from crossroads.kernel.people import Person, Role
from crossroads.messaging import store
from crossroads.messaging.service.threads import FORMER, MESSAGE_FIELD, person_by_id
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys


def messages_for_export(
    session: Session, master_keys: MasterKeys, person: Person
) -> list[dict[str, Any]]:
    """The client's threads, oldest first, each with its messages oldest first; empty for
    anyone else."""
    if person.role is not Role.CLIENT:
        return []
    vault = Vault(session, master_keys)
    rows = sorted(store.threads_of(session, person.id), key=lambda row: row.opened_at)
    return [
        {
            "with": person_by_id(session, row.practitioner_id).display_name
            if row.practitioner_id
            else FORMER,
            "opened_at": row.opened_at.isoformat(),
            "opened_by": row.opened_by,
            "messages": [
                {
                    "from": "me" if message.from_client else "practitioner",
                    "sent_at": message.sent_at.isoformat(),
                    "read_at": message.read_at.isoformat() if message.read_at else None,
                    "text": vault.open_json(person.id, MESSAGE_FIELD, message.sealed)["text"],
                }
                for message in store.messages_in(session, row.id)
            ],
        }
        for row in rows
    ]

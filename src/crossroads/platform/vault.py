"""Seal and open a person's sensitive fields with their data key, created on first use.

Unwrapped data keys live only in this object, for one unit of work.
"""

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from crossroads.platform.key_rows import (
    DataKeyRow,
    add_data_key,
    destroy_data_keys,
    find_data_key,
    newest_data_key,
)
from crossroads.security.encryption import (
    KeyUnavailable,
    MasterKeys,
    new_key,
    open_sealed,
    seal,
    sealed_key_id,
)

T = TypeVar("T")


class Vault:
    def __init__(self, session: Session, master_keys: MasterKeys) -> None:
        self.session = session
        self.master_keys = master_keys
        self._keys: dict[str, bytes] = {}

    def seal_json(self, owner: str, field: str, value: Any, *, new_owner: bool = False) -> str:
        """`value` sealed with the owner's newest key. `new_owner` says the owner came into
        being in this unit of work and so has no key yet, which spares looking for one."""
        key_id, key = self._new_key(owner) if new_owner else self._current_key(owner)
        plaintext = json.dumps(value, ensure_ascii=False, sort_keys=True).encode()
        return seal(key_id, key, plaintext, _context(owner, field))

    def open_json(self, owner: str, field: str, token: str) -> Any:
        """The value sealed for `owner` in `field`; KeyUnavailable once the key is destroyed."""
        key = self._key_by_id(sealed_key_id(token))
        return json.loads(open_sealed(token, key, _context(owner, field)))

    def destroy(self, owner: str) -> None:
        """Delete every data key of `owner`: whatever they sealed can never be opened again."""
        destroy_data_keys(self.session, owner)
        self._keys.clear()

    def _current_key(self, owner: str) -> tuple[str, bytes]:
        row = newest_data_key(self.session, owner)
        if row is None:
            return self._new_key(owner)
        return row.id, self._key_by_id(row.id)

    def _new_key(self, owner: str) -> tuple[str, bytes]:
        key = new_key()
        key_id = str(uuid.uuid4())
        master_id, wrapped = self.master_keys.wrap(key, key_id)
        add_data_key(
            self.session,
            DataKeyRow(
                id=key_id,
                owner_id=owner,
                master_key_id=master_id,
                wrapped=wrapped,
                created_at=datetime.now(UTC),
            ),
        )
        self._keys[key_id] = key
        return key_id, key

    def _key_by_id(self, key_id: str) -> bytes:
        if key_id not in self._keys:
            row = find_data_key(self.session, key_id)
            if row is None:
                raise KeyUnavailable(f"data key {key_id} no longer exists")
            self._keys[key_id] = self.master_keys.unwrap(row.master_key_id, row.wrapped, key_id)
        return self._keys[key_id]


def seal_leftovers(
    session: Session, batch: Callable[[], Sequence[T]], seal: Callable[[T], None]
) -> int:
    """Seal rows stored before a value was sealed, a batch at a time, until `batch` finds none
    left; `seal` must move the row's plaintext into its sealed payload and empty the column.
    For `crossroads db upgrade`, which holds the keys a migration does not. Returns how many."""
    sealed = 0
    while rows := batch():
        for row in rows:
            seal(row)
        sealed += len(rows)
        session.flush()
    return sealed


def _context(owner: str, field: str) -> str:
    return f"{field}|{owner}"

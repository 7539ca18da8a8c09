"""Master key rotation: re-wrap every data key under the newest master key, in batches, while
the application keeps serving (old master keys still unwrap until every key is moved)."""

from sqlalchemy.orm import Session

from crossroads.platform.key_rows import data_keys_not_wrapped_by
from crossroads.security.encryption import MasterKeys

BATCH = 200


def rewrap_batch(session: Session, master_keys: MasterKeys) -> int:
    """Re-wrap up to BATCH data keys; the caller commits and calls again until it returns 0."""
    rows = data_keys_not_wrapped_by(session, master_keys.current_id, BATCH)
    for row in rows:
        key = master_keys.unwrap(row.master_key_id, row.wrapped, row.id)
        row.master_key_id, row.wrapped = master_keys.wrap(key, row.id)
    session.flush()
    return len(rows)

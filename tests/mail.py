"""What the outbox holds, opened as the worker opens it, for tests that check queued mail.

The tests' master keys live here so that a helper needs no fixture to open what was sealed;
conftest's `master_keys` fixture hands out the same keys. The audit keys the tests' engines
carry live beside them.
"""

from sqlalchemy.orm import Session

from crossroads.platform.outbox import Message, open_message, unsent_to
from crossroads.platform.outbox_rows import waiting
from crossroads.security.audit import AuditKeys
from crossroads.security.encryption import MasterKeys, format_key, new_key

MASTER_KEYS = MasterKeys.parse(format_key("test-master", new_key()))
AUDIT_KEYS = AuditKeys.parse(format_key("test-audit", new_key()))


def messages_to(session: Session, recipient: str) -> list[Message]:
    """The unsent messages to `recipient`, oldest first, with their subject and body."""
    return unsent_to(session, MASTER_KEYS, recipient)


def waiting_mail(session: Session) -> list[Message]:
    """Every unsent message, oldest first, opened."""
    return [open_message(session, MASTER_KEYS, row) for row in waiting(session)]

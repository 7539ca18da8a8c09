"""Load the master keys, the server secret and the audit keys; create them for the embedded
default."""

import base64
import os
import secrets
import uuid
from dataclasses import replace
from pathlib import Path

from crossroads.platform.config import Settings
from crossroads.security.audit import AuditKeys
from crossroads.security.audit_checkpoints import new_signing_key
from crossroads.security.encryption import MasterKeys, format_key, new_key


def load_master_keys(settings: Settings) -> MasterKeys:
    """From CROSSROADS_MASTER_KEYS when set, else from the key file, created on first use."""
    if settings.master_keys:
        return MasterKeys.parse(settings.master_keys)
    path = settings.master_key_path
    keys = MasterKeys.parse(_key_file_text(path, "mk"))
    return replace(keys, reload=lambda: MasterKeys.parse(path.read_text("utf-8")))


def add_master_key(settings: Settings) -> MasterKeys:
    """Append a new master key to the key file; it wraps every data key from now on."""
    if settings.master_keys:
        raise ValueError(
            "master keys come from CROSSROADS_MASTER_KEYS; add the new key there, restart, "
            "then run `crossroads keys rotate` again"
        )
    _append_new_key(settings.master_key_path, "mk")
    return load_master_keys(settings)


def load_secret_key(settings: Settings) -> bytes:
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.secret_key_path
    if not path.exists():
        _create_private(path, base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    return path.read_text("utf-8").strip().encode()


def load_audit_keys(settings: Settings) -> AuditKeys:
    """From CROSSROADS_AUDIT_KEYS when set, else from the audit key file, created on first use.
    They are kept beside the master keys, never in the database: whoever holds only the
    database cannot forge a link of the audit chains."""
    if settings.audit_keys:
        return AuditKeys.parse(settings.audit_keys)
    return AuditKeys.parse(_key_file_text(settings.audit_key_path, "ak"))


def add_audit_key(settings: Settings) -> AuditKeys:
    """Append a new audit key to its file: new entries are linked with it, and older keys stay
    to verify the entries they linked."""
    if settings.audit_keys:
        raise ValueError("audit keys come from CROSSROADS_AUDIT_KEYS; add the new key there")
    _append_new_key(settings.audit_key_path, "ak")
    return load_audit_keys(settings)


def load_audit_signing_key(settings: Settings) -> bytes:
    """The Ed25519 private key that signs audit checkpoints (raw 32 bytes)."""
    if settings.audit_signing_key:
        return base64.b64decode(settings.audit_signing_key, validate=True)
    path = settings.audit_signing_key_path
    if not path.exists():
        _create_private(path, base64.b64encode(new_signing_key()).decode() + "\n")
    return base64.b64decode(path.read_text("utf-8").strip(), validate=True)


def _key_file_text(path: Path, prefix: str) -> str:
    """A key file's text; the file is made, holding one new key, on first use."""
    if not path.exists():
        _create_private(path, _new_key_line(prefix))
    return path.read_text("utf-8")


def _append_new_key(path: Path, prefix: str) -> None:
    text = _key_file_text(path, prefix)  # made first if this is the first key
    _write_private(path, text.rstrip("\n") + "\n" + _new_key_line(prefix))


def _new_key_line(prefix: str) -> str:
    """A new key as its file holds it, named `<prefix>-` and twelve hex digits."""
    return format_key(f"{prefix}-{uuid.uuid4().hex[:12]}", new_key()) + "\n"


def _write_private(path: Path, text: str) -> None:
    """Write a secret readable by its owner only, replacing the file atomically."""
    os.replace(_private_temporary(path, text), path)


def _create_private(path: Path, text: str) -> None:
    """Write a secret only if there is none yet. Processes starting together (`serve
    --workers`) may all find the file missing: the first link wins and the others read its
    secret, so that every process seals and signs with the same keys."""
    temporary = _private_temporary(path, text)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def _private_temporary(path: Path, text: str) -> Path:
    """`text` in a new file beside `path`, readable by its owner only, named for this process
    so that two processes never write the same one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    return temporary

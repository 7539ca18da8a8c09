"""Envelope encryption: AES-256-GCM data keys, one per person, wrapped by a master key.

A sealed value reads `cr1:<data key id>:<base64 nonce+ciphertext>`, so every value names the
key that opens it and keys can be rotated. The associated data binds a value to its field and
owner: a ciphertext copied into another row or column does not open there.
"""

import base64
import binascii
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "cr1"
NONCE_BYTES = 12
KEY_BYTES = 32


class KeyUnavailable(Exception):
    """The key that sealed a value is gone (its owner was deleted) or unknown here."""


class Tampered(Exception):
    """A sealed value does not open: altered, moved to another field, or the wrong key."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


@dataclass(frozen=True)
class MasterKeys:
    """Master keys by id; the last one listed wraps new data keys, older ones still unwrap.

    `reload` re-reads the keys' source. A running app meets a master key it does not know when
    `crossroads keys rotate` re-wrapped data keys under a newer one; it then reloads and keeps
    serving, which is what lets rotation happen without downtime.
    """

    keys: dict[str, bytes]
    current_id: str
    reload: Callable[[], "MasterKeys"] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def parse(cls, text: str) -> "MasterKeys":
        """Lines or commas of `id:base64key`; blank lines and `#` comments are ignored."""
        keys = parse_keys(text, "master key")
        return cls(keys, current_id=list(keys)[-1])

    def wrap(self, data_key: bytes, data_key_id: str) -> tuple[str, bytes]:
        return self.current_id, _seal(self.keys[self.current_id], data_key, data_key_id)

    def unwrap(self, master_id: str, wrapped: bytes, data_key_id: str) -> bytes:
        if master_id not in self.keys and self.reload is not None:
            self.keys.update(self.reload().keys)
        if master_id not in self.keys:
            raise KeyUnavailable(f"master key {master_id!r} is not configured")
        return _open(self.keys[master_id], wrapped, data_key_id)


def parse_keys(text: str, what: str) -> dict[str, bytes]:
    """Keys by id, in the order listed, from lines or commas of `id:base64key` (blank lines and
    `#` comments ignored): how master keys and audit keys are both written. ValueError naming
    `what` and the key when one is malformed or listed twice, or when there is none."""
    keys: dict[str, bytes] = {}
    for line in (line.strip() for line in text.splitlines()):
        if not line or line.startswith("#"):
            continue
        for entry in filter(None, (part.strip() for part in line.split(","))):
            key_id, key = _parse_key(entry, what)
            if key_id in keys:
                raise ValueError(f"{what} {key_id!r} is listed twice")
            keys[key_id] = key
    if not keys:
        raise ValueError(f"no {what} configured")
    return keys


def _parse_key(entry: str, what: str) -> tuple[str, bytes]:
    key_id, _, encoded = entry.partition(":")
    try:
        key = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise ValueError(
            f"{what} {key_id!r} is not base64: it must be {KEY_BYTES} bytes of base64"
        ) from None
    if not key_id or len(key) != KEY_BYTES:
        raise ValueError(f"{what} {key_id!r} must be an id and {KEY_BYTES} bytes of base64")
    return key_id, key


def format_key(key_id: str, key: bytes) -> str:
    return f"{key_id}:{base64.b64encode(key).decode()}"


def seal(data_key_id: str, data_key: bytes, plaintext: bytes, context: str) -> str:
    sealed = _seal(data_key, plaintext, context)
    return f"{PREFIX}:{data_key_id}:{base64.urlsafe_b64encode(sealed).decode()}"


def sealed_key_id(token: str) -> str:
    return _split(token)[1]


def open_sealed(token: str, data_key: bytes, context: str) -> bytes:
    _, _, body = _split(token)
    try:
        sealed = base64.urlsafe_b64decode(body)
    except (binascii.Error, ValueError):
        raise Tampered("the sealed value is not valid base64") from None
    return _open(data_key, sealed, context)


def _split(token: str) -> tuple[str, str, str]:
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise Tampered("not a sealed value")
    return parts[0], parts[1], parts[2]


def _seal(key: bytes, plaintext: bytes, context: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode())


def _open(key: bytes, sealed: bytes, context: str) -> bytes:
    if len(sealed) <= NONCE_BYTES:
        raise Tampered("the sealed value is too short")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], context.encode())
    except InvalidTag:
        raise Tampered("the value does not open with its key in this place") from None

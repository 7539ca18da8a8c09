"""Seal to a public key: anyone holding the public half can seal, only the private half opens.

For the outbox: the code that queues mail holds no secret, yet what it stores can be read only
by a worker that holds the master keys (which wrap the private half). X25519 agrees a key with a
fresh ephemeral key pair per value; HKDF-SHA256 derives an AES-256-GCM key from it. A sealed
value reads `ob1:<key id>:<base64 ephemeral public key + nonce + ciphertext>`; the associated
data binds it to its place (the message id), as in encryption.py.
"""

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from crossroads.security.encryption import Tampered

PREFIX = "ob1"
PUBLIC_BYTES = 32
NONCE_BYTES = 12
_INFO = b"crossroads sealed box 1"


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public), 32 raw bytes each."""
    private = X25519PrivateKey.generate()
    raw_private = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return raw_private, _public_bytes(private.public_key())


def seal_to(key_id: str, public: bytes, plaintext: bytes, context: str) -> str:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _public_bytes(ephemeral.public_key())
    key = _derive(ephemeral.exchange(X25519PublicKey.from_public_bytes(public)), ephemeral_public)
    nonce = os.urandom(NONCE_BYTES)
    sealed = ephemeral_public + nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode())
    return f"{PREFIX}:{key_id}:{base64.urlsafe_b64encode(sealed).decode()}"


def box_key_id(token: str) -> str:
    return _split(token)[0]


def open_box(private: bytes, token: str, context: str) -> bytes:
    try:
        sealed = base64.urlsafe_b64decode(_split(token)[1])
    except (binascii.Error, ValueError):
        raise Tampered("the sealed value is not valid base64") from None
    if len(sealed) <= PUBLIC_BYTES + NONCE_BYTES:
        raise Tampered("the sealed value is too short")
    ephemeral_public = sealed[:PUBLIC_BYTES]
    nonce, ciphertext = (
        sealed[PUBLIC_BYTES : PUBLIC_BYTES + NONCE_BYTES],
        sealed[PUBLIC_BYTES + NONCE_BYTES :],
    )
    try:
        shared = X25519PrivateKey.from_private_bytes(private).exchange(
            X25519PublicKey.from_public_bytes(ephemeral_public)
        )
        key = _derive(shared, ephemeral_public)
        return AESGCM(key).decrypt(nonce, ciphertext, context.encode())
    except (InvalidTag, ValueError):  # ValueError: a low-order point, refused by the exchange
        raise Tampered("the value does not open with this key in this place") from None


def _split(token: str) -> tuple[str, str]:
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise Tampered("not a sealed box")
    return parts[1], parts[2]


def _derive(shared: bytes, ephemeral_public: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral_public, info=_INFO).derive(shared)


def _public_bytes(public: X25519PublicKey) -> bytes:
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)

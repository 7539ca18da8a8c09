"""Signed checkpoints of the audit log: every chain's head at one moment, under a Merkle root,
signed with an Ed25519 key the database never holds.

Links alone cannot show that a chain's newest entries were removed: what is left is still a
whole chain. An operator who keeps a checkpoint somewhere else can: each chain must still
reach at least as far as it did then, through the very link it had then.
"""

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

FORMAT = "crossroads-audit-checkpoint/1"
_LEAF, _NODE = b"\x00", b"\x01"  # domain separation: a leaf can never pass for a node


class BadCheckpoint(Exception):
    """The file is not a checkpoint, or not one this installation's signing key made."""


@dataclass(frozen=True, order=True)
class ChainHead:
    """How far one person's chain reached: its number of entries and its newest link."""

    subject_id: str
    count: int
    link: str


def merkle_root(heads: Sequence[ChainHead]) -> str:
    """The root of a binary Merkle tree over the heads in the order given (RFC 6962's shape:
    leaves and nodes hashed apart; an odd node out is carried up as it is)."""
    level = [
        hashlib.sha256(_LEAF + f"{h.subject_id}\n{h.count}\n{h.link}".encode()).digest()
        for h in heads
    ]
    if not level:
        return hashlib.sha256(b"").hexdigest()
    while len(level) > 1:
        paired = [
            hashlib.sha256(_NODE + level[i] + level[i + 1]).digest()
            for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()


@dataclass(frozen=True)
class Checkpoint:
    at: datetime
    heads: tuple[ChainHead, ...]  # sorted by person

    @property
    def entries(self) -> int:
        return sum(head.count for head in self.heads)

    @property
    def root(self) -> str:
        return merkle_root(self.heads)

    def _statement(self) -> dict[str, Any]:
        """What the signature covers: the root stands for every head."""
        return {
            "format": FORMAT,
            "at": self.at.isoformat(),
            "chains": len(self.heads),
            "entries": self.entries,
            "root": self.root,
        }


def new_signing_key() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes_raw()


def signing_key_from(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_text(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def signed(checkpoint: Checkpoint, key: Ed25519PrivateKey) -> str:
    """The checkpoint as a JSON document: the signed statement, its signature, the public key
    that checks it, and the heads the root was computed from."""
    statement = checkpoint._statement()
    signature = key.sign(_canonical(statement))
    document = {
        **statement,
        "public_key": public_key_text(key),
        "signature": base64.b64encode(signature).decode(),
        "heads": [[h.subject_id, h.count, h.link] for h in checkpoint.heads],
    }
    return json.dumps(document, indent=1)


def read_signed(text: str, key: Ed25519PrivateKey) -> Checkpoint:
    """The checkpoint in `text`, once its signature checks under `key`'s public half. The
    signature covers the root, so heads that were edited, added or dropped fail it too.
    BadCheckpoint says what is wrong otherwise."""
    try:
        document = json.loads(text)
        heads = tuple(ChainHead(str(s), int(c), str(h)) for s, c, h in document["heads"])
        checkpoint = Checkpoint(datetime.fromisoformat(document["at"]), heads)
        signature = base64.b64decode(document["signature"], validate=True)
        if document["format"] != FORMAT:
            raise BadCheckpoint(f"not a checkpoint of this kind ({document['format']!r})")
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        raise BadCheckpoint(f"not a readable checkpoint: {error}") from None
    if document.get("public_key") != public_key_text(key):
        raise BadCheckpoint("it was signed with another signing key than this installation's")
    public: Ed25519PublicKey = key.public_key()
    try:
        public.verify(signature, _canonical(checkpoint._statement()))
    except InvalidSignature:
        raise BadCheckpoint("what it says does not match its signature (it was altered)") from None
    return checkpoint


def _canonical(statement: dict[str, Any]) -> bytes:
    return json.dumps(statement, sort_keys=True, separators=(",", ":")).encode()

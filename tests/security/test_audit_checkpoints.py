"""Signed checkpoints: the heads of every chain under one Merkle root, signed with Ed25519; a
checkpoint that was altered, or signed by another installation, does not read."""

import base64
import hashlib
import json
from datetime import UTC, datetime

import pytest

from crossroads.security.audit_checkpoints import (
    BadCheckpoint,
    ChainHead,
    Checkpoint,
    merkle_root,
    new_signing_key,
    read_signed,
    signed,
    signing_key_from,
)

AT = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
HEADS = tuple(ChainHead(f"person-{n}", n, f"{n:064x}") for n in range(1, 6))
KEY = signing_key_from(new_signing_key())


def leaf(head: ChainHead) -> bytes:
    return hashlib.sha256(
        b"\x00" + f"{head.subject_id}\n{head.count}\n{head.link}".encode()
    ).digest()


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def test_the_root_of_one_head_is_its_leaf() -> None:
    assert merkle_root(HEADS[:1]) == leaf(HEADS[0]).hex()


def test_the_root_of_three_heads_pairs_two_and_carries_the_third_up() -> None:
    a, b, c = (leaf(h) for h in HEADS[:3])

    assert merkle_root(HEADS[:3]) == node(node(a, b), c).hex()


def test_the_root_of_no_heads_is_the_hash_of_nothing() -> None:
    assert merkle_root(()) == hashlib.sha256(b"").hexdigest()


def test_the_root_changes_with_any_head() -> None:
    changed = (*HEADS[:2], ChainHead("person-3", 2, HEADS[2].link), *HEADS[3:])

    assert merkle_root(changed) != merkle_root(HEADS)


def test_a_signed_checkpoint_reads_back_as_it_was() -> None:
    checkpoint = Checkpoint(AT, HEADS)

    document = json.loads(signed(checkpoint, KEY))

    assert (document["chains"], document["entries"]) == (5, 15)
    assert document["root"] == merkle_root(HEADS)
    assert read_signed(signed(checkpoint, KEY), KEY) == checkpoint


def altered(change: str) -> str:
    document = json.loads(signed(Checkpoint(AT, HEADS), KEY))
    if change == "a head's count":
        document["heads"][1][1] = 1
    elif change == "a head dropped":
        del document["heads"][0]
    elif change == "the time":
        document["at"] = "2026-12-08T12:00:00+00:00"
    elif change == "the signature":
        document["signature"] = base64.b64encode(KEY.sign(b"something else")).decode()
    return json.dumps(document)


@pytest.mark.parametrize(
    "change", ["a head's count", "a head dropped", "the time", "the signature"]
)
def test_an_altered_checkpoint_is_refused(change: str) -> None:
    with pytest.raises(BadCheckpoint, match="altered"):
        read_signed(altered(change), KEY)


def test_a_checkpoint_signed_by_another_installation_is_refused() -> None:
    theirs = signing_key_from(new_signing_key())

    with pytest.raises(BadCheckpoint, match="another signing key"):
        read_signed(signed(Checkpoint(AT, HEADS), theirs), KEY)


@pytest.mark.parametrize("text", ["", "{}", "[1, 2]", '{"heads": [["x"]]}'])
def test_something_that_is_not_a_checkpoint_is_refused(text: str) -> None:
    with pytest.raises(BadCheckpoint, match="not a readable checkpoint"):
        read_signed(text, KEY)

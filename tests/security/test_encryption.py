"""Envelope encryption: values sealed to their field and owner, data keys wrapped by master keys."""

import base64
import secrets
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.security.encryption import (
    KEY_BYTES,
    KeyUnavailable,
    MasterKeys,
    Tampered,
    format_key,
    new_key,
    open_sealed,
    seal,
    sealed_key_id,
)

DATA_KEY = bytes(range(32))
DATA_KEY_ID = "3f2c1a9e-0d4b-4c55-9e21-7a8b6c5d4e3f"
CONTEXT = "answers|person-1"
PLAINTEXT = b'{"phq9": [1, 2, 0, 3, 1, 0, 2, 1, 0]}'


def b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


KEY_A, KEY_B, KEY_C = (bytes([n]) * KEY_BYTES for n in (1, 2, 3))


def flip_byte(token: str, index: int) -> str:
    """The same sealed value with one bit of one byte of its nonce+ciphertext flipped."""
    prefix, key_id, body = token.split(":", 2)
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[index] ^= 0x01
    return f"{prefix}:{key_id}:{base64.urlsafe_b64encode(bytes(raw)).decode()}"


# --- sealing values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "plaintext",
    [b"", b"x", PLAINTEXT, "café ☕ notes".encode(), bytes(range(256)) * 64],
    ids=["empty", "one byte", "json", "utf-8", "16 KiB binary"],
)
def test_a_sealed_value_opens_to_what_was_sealed(plaintext: bytes) -> None:
    token = seal(DATA_KEY_ID, DATA_KEY, plaintext, CONTEXT)

    assert open_sealed(token, DATA_KEY, CONTEXT) == plaintext


def test_a_sealed_value_names_its_data_key_after_the_cr1_prefix() -> None:
    token = seal(DATA_KEY_ID, DATA_KEY, PLAINTEXT, CONTEXT)

    assert token.startswith(f"cr1:{DATA_KEY_ID}:")
    assert sealed_key_id(token) == DATA_KEY_ID


def test_sealing_the_same_value_twice_gives_different_tokens_that_hide_it() -> None:
    first = seal(DATA_KEY_ID, DATA_KEY, PLAINTEXT, CONTEXT)
    second = seal(DATA_KEY_ID, DATA_KEY, PLAINTEXT, CONTEXT)

    assert first != second
    for token in (first, second):
        assert b"phq9" not in base64.urlsafe_b64decode(token.split(":", 2)[2])


@pytest.mark.parametrize(
    "elsewhere",
    ["notes|person-1", "answers|person-2", "answers|person-1 ", "", "person-1|answers"],
    ids=["another field", "another owner", "trailing space", "no context", "parts swapped"],
)
def test_a_value_moved_to_another_field_or_owner_does_not_open(elsewhere: str) -> None:
    token = seal(DATA_KEY_ID, DATA_KEY, PLAINTEXT, CONTEXT)

    with pytest.raises(Tampered):
        open_sealed(token, DATA_KEY, elsewhere)


@pytest.mark.parametrize(
    "index", [0, 11, 12, 20, -17, -16, -1], ids=lambda i: f"byte {i}"
)  # nonce is 0..11, the GCM tag is the last 16
def test_a_value_with_one_flipped_bit_does_not_open(index: int) -> None:
    token = seal(DATA_KEY_ID, DATA_KEY, PLAINTEXT, CONTEXT)

    with pytest.raises(Tampered):
        open_sealed(flip_byte(token, index), DATA_KEY, CONTEXT)


def test_a_value_does_not_open_with_another_data_key() -> None:
    token = seal(DATA_KEY_ID, DATA_KEY, PLAINTEXT, CONTEXT)

    with pytest.raises(Tampered):
        open_sealed(token, new_key(), CONTEXT)


def test_relabelling_a_value_with_another_key_id_does_not_open_it_with_that_key() -> None:
    token = seal(DATA_KEY_ID, DATA_KEY, PLAINTEXT, CONTEXT)
    relabelled = token.replace(DATA_KEY_ID, "other-key", 1)

    assert sealed_key_id(relabelled) == "other-key"
    with pytest.raises(Tampered):
        open_sealed(relabelled, new_key(), CONTEXT)


@pytest.mark.parametrize(
    "token",
    ["", "plain text", "cr1", "cr1:only-a-key-id", "cr2:key:AAAA", "CR1:key:AAAA"],
)
def test_something_that_is_not_a_sealed_value_is_tampered(token: str) -> None:
    with pytest.raises(Tampered):
        sealed_key_id(token)
    with pytest.raises(Tampered):
        open_sealed(token, DATA_KEY, CONTEXT)


@pytest.mark.parametrize(
    "cut",
    [
        lambda token: token[:-1],
        lambda token: token[:-3],
        lambda token: token.split(":", 2)[0] + ":" + token.split(":", 2)[1] + ":",
        lambda token: token.split(":", 2)[0] + ":" + token.split(":", 2)[1] + ":AAAA",
    ],
    ids=["last character cut", "last three characters cut", "empty body", "three-byte body"],
)
def test_a_truncated_value_is_tampered(cut: Callable[[str], str]) -> None:
    token = seal(DATA_KEY_ID, DATA_KEY, PLAINTEXT, CONTEXT)

    with pytest.raises(Tampered):
        open_sealed(cut(token), DATA_KEY, CONTEXT)


@settings(max_examples=200, database=None)
@given(plaintext=st.binary(max_size=4096), context=st.text(max_size=80))
def test_any_bytes_round_trip_in_any_context(plaintext: bytes, context: str) -> None:
    key = new_key()

    assert open_sealed(seal("k", key, plaintext, context), key, context) == plaintext


def test_new_keys_are_32_random_bytes() -> None:
    keys = {new_key() for _ in range(100)}

    assert len(keys) == 100
    assert all(len(key) == KEY_BYTES == 32 for key in keys)


# --- master keys ----------------------------------------------------------------------------


def test_one_master_key_parses_and_is_current() -> None:
    keys = MasterKeys.parse(f"mk-1:{b64(KEY_A)}")

    assert keys.keys == {"mk-1": KEY_A}
    assert keys.current_id == "mk-1"


@pytest.mark.parametrize(
    "text",
    [
        f"mk-1:{b64(KEY_A)},mk-2:{b64(KEY_B)},mk-3:{b64(KEY_C)}",
        f"mk-1:{b64(KEY_A)}, mk-2:{b64(KEY_B)} ,\tmk-3:{b64(KEY_C)}",
        f"mk-1:{b64(KEY_A)}\nmk-2:{b64(KEY_B)}\nmk-3:{b64(KEY_C)}\n",
        f"mk-1:{b64(KEY_A)}\r\nmk-2:{b64(KEY_B)}\r\nmk-3:{b64(KEY_C)}\r\n",
        f"# rotated 2026-01\n\nmk-1:{b64(KEY_A)}\n  # spare\nmk-2:{b64(KEY_B)}\n\n"
        f"mk-3:{b64(KEY_C)}\n# end\n",
        f"mk-1:{b64(KEY_A)}\nmk-2:{b64(KEY_B)},mk-3:{b64(KEY_C)}",
    ],
    ids=["commas", "commas and spaces", "newlines", "crlf", "comments and blanks", "mixed"],
)
def test_several_master_keys_parse_and_the_last_listed_is_current(text: str) -> None:
    keys = MasterKeys.parse(text)

    assert keys.keys == {"mk-1": KEY_A, "mk-2": KEY_B, "mk-3": KEY_C}
    assert keys.current_id == "mk-3"


def test_a_formatted_master_key_parses_back() -> None:
    key = new_key()

    assert MasterKeys.parse(format_key("mk-9", key)).keys == {"mk-9": key}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        ",,",
        "# only a comment",
        f"mk-1:{b64(KEY_A)[:-1]}",
        f"mk-1:{b64(KEY_A)}!",
        "mk-1:not base64 at all",
        f"mk-1:{b64(KEY_A[:31])}",
        f"mk-1:{b64(KEY_A + b'x')}",
        f"mk-1:{b64(KEY_A[:16])}",
        "mk-1:",
        "mk-1",
        f":{b64(KEY_A)}",
        f"mk-1:{b64(KEY_A)},mk-2:{b64(KEY_B[:31])}",
    ],
    ids=[
        "empty",
        "blank lines",
        "commas only",
        "only a comment",
        "bad padding",
        "stray character",
        "not base64",
        "31 bytes",
        "33 bytes",
        "16 bytes",
        "no key",
        "no colon",
        "no id",
        "second key short",
    ],
)
def test_a_malformed_master_key_list_is_refused(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - binascii.Error is a ValueError too
        MasterKeys.parse(text)


def test_a_comment_with_a_comma_is_ignored() -> None:
    keys = MasterKeys.parse(f"# old key, retired in March\nmk-1:{b64(KEY_A)}")

    assert keys.keys == {"mk-1": KEY_A}


def test_a_master_key_id_listed_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="mk-1"):
        MasterKeys.parse(f"mk-1:{b64(KEY_A)}\nmk-2:{b64(KEY_B)}\nmk-1:{b64(KEY_C)}")


def test_a_wrapped_data_key_unwraps_under_the_current_master_key() -> None:
    keys = MasterKeys.parse(f"mk-1:{b64(KEY_A)}\nmk-2:{b64(KEY_B)}")

    master_id, wrapped = keys.wrap(DATA_KEY, DATA_KEY_ID)

    assert master_id == "mk-2"
    assert DATA_KEY not in wrapped
    assert keys.unwrap(master_id, wrapped, DATA_KEY_ID) == DATA_KEY


def test_a_data_key_wrapped_before_rotation_still_unwraps_after_it() -> None:
    before = MasterKeys.parse(f"mk-1:{b64(KEY_A)}")
    master_id, wrapped = before.wrap(DATA_KEY, DATA_KEY_ID)

    after = MasterKeys.parse(f"mk-1:{b64(KEY_A)}\nmk-2:{b64(KEY_B)}")

    assert after.current_id == "mk-2"
    assert after.unwrap(master_id, wrapped, DATA_KEY_ID) == DATA_KEY


def test_unwrapping_under_an_unknown_master_key_id_is_key_unavailable() -> None:
    keys = MasterKeys.parse(f"mk-1:{b64(KEY_A)}")
    _, wrapped = keys.wrap(DATA_KEY, DATA_KEY_ID)

    with pytest.raises(KeyUnavailable, match="mk-gone"):
        keys.unwrap("mk-gone", wrapped, DATA_KEY_ID)


def test_a_data_key_wrapped_for_one_id_does_not_unwrap_under_another_id() -> None:
    keys = MasterKeys.parse(f"mk-1:{b64(KEY_A)}")
    master_id, wrapped = keys.wrap(DATA_KEY, DATA_KEY_ID)

    with pytest.raises(Tampered):
        keys.unwrap(master_id, wrapped, "another-data-key-id")


def test_a_data_key_does_not_unwrap_under_other_key_material_with_the_same_id() -> None:
    master_id, wrapped = MasterKeys.parse(f"mk-1:{b64(KEY_A)}").wrap(DATA_KEY, DATA_KEY_ID)
    impostor = MasterKeys.parse(f"mk-1:{b64(KEY_B)}")

    with pytest.raises(Tampered):
        impostor.unwrap(master_id, wrapped, DATA_KEY_ID)


def test_a_wrapped_data_key_with_a_flipped_bit_does_not_unwrap() -> None:
    keys = MasterKeys.parse(f"mk-1:{b64(KEY_A)}")
    master_id, wrapped = keys.wrap(DATA_KEY, DATA_KEY_ID)
    altered = bytearray(wrapped)
    altered[-1] ^= 0x80

    with pytest.raises(Tampered):
        keys.unwrap(master_id, bytes(altered), DATA_KEY_ID)


def test_wrapping_the_same_data_key_twice_gives_different_bytes() -> None:
    keys = MasterKeys.parse(f"mk-1:{b64(secrets.token_bytes(KEY_BYTES))}")

    assert keys.wrap(DATA_KEY, DATA_KEY_ID)[1] != keys.wrap(DATA_KEY, DATA_KEY_ID)[1]

"""Password hashing: argon2id, salted, and a stored hash that is not a hash never matches."""

import pytest
from argon2 import PasswordHasher

from crossroads.security.passwords import (
    DUMMY_HASH,
    hash_password,
    needs_rehash,
    password_matches,
)

PASSWORD = "correct horse battery staple"


def test_a_password_is_hashed_with_argon2id() -> None:
    assert hash_password(PASSWORD).startswith("$argon2id$")


def test_the_hash_does_not_contain_the_password() -> None:
    assert PASSWORD not in hash_password(PASSWORD)


@pytest.mark.parametrize(
    "password",
    [PASSWORD, "x", "pässwörd mit ümlauten", "密码密码密码密码密码", " leading and trailing "],
)
def test_the_right_password_matches_its_hash(password: str) -> None:
    assert password_matches(hash_password(password), password)


@pytest.mark.parametrize(
    "attempt",
    [
        "",
        "correct horse battery stapl",
        "correct horse battery staple ",
        "Correct horse battery staple",
        PASSWORD * 2,
    ],
)
def test_a_wrong_password_does_not_match(attempt: str) -> None:
    assert not password_matches(hash_password(PASSWORD), attempt)


def test_the_same_password_hashes_differently_each_time() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)

    assert first != second
    assert password_matches(first, PASSWORD)
    assert password_matches(second, PASSWORD)


@pytest.mark.parametrize(
    "stored_hash",
    [
        "",
        "garbage",
        PASSWORD,
        "$argon2id$",
        "$argon2id$v=19$m=65536,t=3,p=4$xx$yy",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        "$argon2i$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
    ],
    ids=["empty", "garbage", "the password itself", "prefix only", "bad salt", "bcrypt", "argon2i"],
)
def test_a_stored_hash_that_is_not_valid_is_just_no_match(stored_hash: str) -> None:
    assert not password_matches(stored_hash, PASSWORD)


def test_a_fresh_hash_needs_no_rehash() -> None:
    assert not needs_rehash(hash_password(PASSWORD))


def test_a_hash_made_at_a_lower_cost_needs_a_rehash() -> None:
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)

    assert password_matches(cheap, PASSWORD)
    assert needs_rehash(cheap)


@pytest.mark.parametrize("password", ["", PASSWORD, "not a password"])
def test_the_dummy_hash_used_for_unknown_emails_is_argon2id_and_matches_nothing_guessable(
    password: str,
) -> None:
    assert DUMMY_HASH.startswith("$argon2id$")
    assert not needs_rehash(DUMMY_HASH)
    assert not password_matches(DUMMY_HASH, password)

"""Random secrets handed to people: unique, URL-safe, and stored only as a SHA-256 digest."""

import hashlib
import re

import pytest

from crossroads.security.tokens import new_token, same_secret, token_digest

URL_SAFE = re.compile(r"[A-Za-z0-9_-]+")


def test_new_tokens_are_unique() -> None:
    tokens = {new_token() for _ in range(1_000)}

    assert len(tokens) == 1_000


@pytest.mark.parametrize("prefix", ["", "crs_", "reset-", "api."])
def test_a_new_token_is_its_prefix_then_at_least_43_url_safe_characters(prefix: str) -> None:
    token = new_token(prefix)

    assert token.startswith(prefix)
    body = token.removeprefix(prefix)
    assert len(body) >= 43  # 32 random bytes in unpadded base64url
    assert URL_SAFE.fullmatch(body)


def test_a_token_without_a_prefix_is_url_safe_as_a_whole() -> None:
    assert URL_SAFE.fullmatch(new_token())


def test_the_digest_is_the_sha256_hex_of_the_token() -> None:
    assert token_digest("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_the_digest_is_stable_and_never_the_token_itself() -> None:
    token = new_token("crs_")
    digest = token_digest(token)

    assert digest == token_digest(token)
    assert digest == hashlib.sha256(token.encode()).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest != token
    assert token not in digest


def test_different_tokens_have_different_digests() -> None:
    assert token_digest(new_token()) != token_digest(new_token())


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("secret", "secret", True),
        ("", "", True),
        ("sécret", "sécret", True),
        ("secret", "Secret", False),
        ("secret", "secret ", False),
        ("secret", "secre", False),
        ("secret", "", False),
        ("sécret", "secret", False),
    ],
)
def test_same_secret_is_true_only_for_identical_strings(a: str, b: str, same: bool) -> None:
    assert same_secret(a, b) is same
    assert same_secret(b, a) is same

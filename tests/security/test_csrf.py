"""CSRF form tokens: an HMAC of the browser's cookie under the server's secret."""

import re
from collections.abc import Callable

import pytest

from crossroads.security.csrf import form_token, form_token_is_valid

SECRET = b"server secret, 32 bytes or more."
OTHER_SECRET = b"another server's secret entirely"
COOKIE = "b7Yq3u0Zr1-cookie"
OTHER_COOKIE = "Kf9x2P4w8n-cookie"


def test_a_token_made_for_the_cookie_is_valid() -> None:
    assert form_token_is_valid(SECRET, COOKIE, form_token(SECRET, COOKIE))


def test_the_token_is_hex_and_does_not_reveal_the_cookie() -> None:
    token = form_token(SECRET, COOKIE)

    assert re.fullmatch(r"[0-9a-f]{64}", token)
    assert COOKIE not in token


def test_the_token_is_stable_for_one_cookie_and_secret() -> None:
    assert form_token(SECRET, COOKIE) == form_token(SECRET, COOKIE)


def test_a_token_for_one_cookie_does_not_validate_another_cookie() -> None:
    assert not form_token_is_valid(SECRET, OTHER_COOKIE, form_token(SECRET, COOKIE))


def test_a_token_made_under_another_secret_is_not_valid() -> None:
    assert not form_token_is_valid(SECRET, COOKIE, form_token(OTHER_SECRET, COOKIE))


@pytest.mark.parametrize("cookie", [None, ""])
def test_a_request_without_a_cookie_is_not_valid(cookie: str | None) -> None:
    assert not form_token_is_valid(SECRET, cookie, form_token(SECRET, ""))


@pytest.mark.parametrize("submitted", [None, ""])
def test_a_form_without_a_token_is_not_valid(submitted: str | None) -> None:
    assert not form_token_is_valid(SECRET, COOKIE, submitted)


@pytest.mark.parametrize(
    "altered",
    [
        lambda token: token.upper(),
        lambda token: token[:-1],
        lambda token: token + "0",
        lambda token: ("1" if token[0] == "0" else "0") + token[1:],
        lambda token: COOKIE,
    ],
    ids=["upper case", "truncated", "extended", "first character changed", "the cookie itself"],
)
def test_an_altered_token_is_not_valid(altered: Callable[[str], str]) -> None:
    assert not form_token_is_valid(SECRET, COOKIE, altered(form_token(SECRET, COOKIE)))


@pytest.mark.parametrize(
    "submitted", ["é", "ü" * 64, "０" * 64], ids=["one accent", "64 umlauts", "64 full-width zeros"]
)
def test_a_token_with_non_ascii_characters_is_not_valid(submitted: str) -> None:
    assert not form_token_is_valid(SECRET, COOKIE, submitted)

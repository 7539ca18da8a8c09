"""Second-factor codes: the current 30-second window and one either side, six digits only."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pyotp
import pytest

from crossroads.security.totp import (
    ISSUER,
    matching_step,
    new_secret,
    provisioning_qr_svg,
    provisioning_uri,
)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
OTHER_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
NOW = datetime(2026, 3, 1, 12, 0, 15, tzinfo=UTC)  # 15 s into the window opening at 12:00:00
EMAIL = "ada+2fa@example.org"


def code_at(moment: datetime, secret: str = SECRET) -> str:
    """What an authenticator app with this secret shows at `moment`."""
    return pyotp.TOTP(secret).at(moment)


def test_a_new_secret_is_base32_and_new_each_time() -> None:
    secrets = {new_secret() for _ in range(100)}

    assert len(secrets) == 100
    for secret in secrets:
        assert len(secret) >= 26  # at least 128 bits
        assert set(secret) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def test_the_code_an_app_shows_now_is_valid() -> None:
    assert matching_step(SECRET, code_at(NOW), NOW) is not None


def test_a_code_from_a_fresh_secret_is_valid() -> None:
    secret = new_secret()

    assert matching_step(secret, code_at(NOW, secret), NOW) is not None


@pytest.mark.parametrize(
    "seconds",
    [-45, -30, -16, -15, 0, 14, 15, 30, 44],
    ids=lambda s: f"{s:+d}s",
)
def test_a_code_from_this_or_an_adjacent_window_is_valid(seconds: int) -> None:
    assert matching_step(SECRET, code_at(NOW + timedelta(seconds=seconds)), NOW) is not None


@pytest.mark.parametrize(
    "seconds",
    [-90, -60, -46, 45, 60, 90],
    ids=lambda s: f"{s:+d}s",
)
def test_a_code_two_or_more_windows_away_is_not_valid(seconds: int) -> None:
    assert matching_step(SECRET, code_at(NOW + timedelta(seconds=seconds)), NOW) is None


def test_a_code_for_another_secret_is_not_valid() -> None:
    assert matching_step(SECRET, code_at(NOW, OTHER_SECRET), NOW) is None


def test_a_code_typed_with_a_space_in_the_middle_is_valid() -> None:
    code = code_at(NOW)

    assert matching_step(SECRET, f"{code[:3]} {code[3:]}", NOW) is not None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda code: "",
        lambda code: " " * 6,
        lambda code: code[:5],
        lambda code: code + "0",
        lambda code: "0" + code,
        lambda code: code[:5] + "x",
        lambda code: "-" + code[:5],
        lambda code: "+" + code[:5],
        lambda code: code[:5] + ".",
        lambda code: code[:3] + "-" + code[3:],
        lambda code: "abcdef",
    ],
    ids=[
        "empty",
        "spaces only",
        "five digits",
        "seven digits",
        "leading zero added",
        "a letter",
        "minus sign",
        "plus sign",
        "full stop",
        "hyphenated",
        "letters only",
    ],
)
def test_anything_but_six_digits_is_refused(mangle: Callable[[str], str]) -> None:
    assert matching_step(SECRET, mangle(code_at(NOW)), NOW) is None


def test_the_provisioning_uri_names_the_issuer_and_the_email() -> None:
    uri = urlsplit(provisioning_uri(SECRET, EMAIL))
    query = parse_qs(uri.query)

    assert ISSUER == "Crossroads"
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert unquote(uri.path) == f"/Crossroads:{EMAIL}"
    assert query["issuer"] == ["Crossroads"]
    assert query["secret"] == [SECRET]


def test_the_provisioning_uri_sets_up_the_same_codes_we_accept() -> None:
    app = pyotp.parse_uri(provisioning_uri(SECRET, EMAIL))

    assert isinstance(app, pyotp.TOTP)
    assert matching_step(SECRET, app.at(NOW), NOW) is not None


def test_the_qr_code_is_an_inline_svg_without_script_or_external_requests() -> None:
    svg = provisioning_qr_svg(SECRET, EMAIL)

    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg
    for outside in ("<script", "href", "<image", "url("):
        assert outside not in svg

"""Time-based one-time passwords (RFC 6238) for two-factor sign-in, with authenticator apps."""

import hmac
from datetime import datetime

import pyotp
import segno

ISSUER = "Crossroads"
VALID_WINDOW = 1  # accept the previous and next 30-second code too, for clock drift


SECRET_LENGTH = 32  # base32 characters: 160 bits, as RFC 4226 recommends
_BASE32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def new_secret() -> str:
    return pyotp.random_base32(SECRET_LENGTH)


def is_secret(text: str) -> bool:
    """Whether `text` has the shape of a secret `new_secret` makes (one sent back by a form)."""
    return len(text) == SECRET_LENGTH and set(text) <= _BASE32


def looks_like_code(text: str) -> bool:
    """Six digits, spaces aside: a code from the app rather than a recovery code."""
    digits = text.replace(" ", "")
    return digits.isdigit() and len(digits) == 6


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def provisioning_qr_svg(secret: str, email: str) -> str:
    """The set-up link as an inline SVG QR code: no image request, no script."""
    svg: str = segno.make(provisioning_uri(secret, email), error="m").svg_inline(
        scale=4, dark="#1d2430", light="#ffffff"
    )
    return svg


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (30-second count since 1970) whose code this is, within the window around
    `now`; None for a wrong code. The caller refuses a step it has accepted before."""
    if not looks_like_code(code):
        return None
    digits = code.replace(" ", "")
    generator = pyotp.TOTP(secret)
    current = generator.timecode(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(generator.generate_otp(step), digits):
            return step
    return None

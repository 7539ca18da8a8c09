"""Time-based one-time passwords (RFC 6238) for two-factor sign-in, with authenticator apps."""

import hmac
from datetime import datetime

import pyotp
import segno

ISSUER = "Crossroads"
VALID_WINDOW = 1  # accept the previous and next 30-second code too, for clock drift


def new_secret() -> str:
    return pyotp.random_base32()


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
    digits = code.replace(" ", "")
    if not (digits.isdigit() and len(digits) == 6):
        return None
    generator = pyotp.TOTP(secret)
    current = generator.timecode(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(generator.generate_otp(step), digits):
            return step
    return None

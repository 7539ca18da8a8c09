"""Cross-site request forgery protection for every form: a signed double-submit token.

Each browser holds a random, HttpOnly, SameSite cookie; each form carries an HMAC of that cookie
under the server's secret. A forged request from another site can neither read the cookie nor
compute the HMAC.
"""

import hashlib
import hmac


def form_token(secret: bytes, cookie_value: str) -> str:
    return hmac.new(secret, b"csrf:" + cookie_value.encode(), hashlib.sha256).hexdigest()


def form_token_is_valid(secret: bytes, cookie_value: str | None, submitted: str | None) -> bool:
    if not cookie_value or not submitted:
        return False
    return hmac.compare_digest(form_token(secret, cookie_value).encode(), submitted.encode())

"""Cross-site request forgery protection for every form: a signed double-submit token, tied to
the session.

Each browser holds a random, HttpOnly, SameSite cookie; each form carries an HMAC, under the
server's secret, of that cookie and of the session cookie the browser holds (none before sign-in).
A forged request from another site can neither read the cookies nor compute the HMAC, and a CSRF
cookie planted in a browser, with a token its planter got for it, fails once that browser signs
in, since the planter does not know the session it signed in to.
"""

import hashlib
import hmac


def form_token(secret: bytes, cookie_value: str, session_cookie: str | None = None) -> str:
    message = b"csrf:" + cookie_value.encode() + b":" + (session_cookie or "").encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def form_token_is_valid(
    secret: bytes,
    cookie_value: str | None,
    submitted: str | None,
    session_cookie: str | None = None,
) -> bool:
    if not cookie_value or not submitted:
        return False
    expected = form_token(secret, cookie_value, session_cookie)
    return hmac.compare_digest(expected.encode(), submitted.encode())

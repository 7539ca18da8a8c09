"""Random secrets handed to people (session cookies, reset links, API tokens), stored hashed."""

import hashlib
import hmac
import secrets
from enum import StrEnum


def new_token(prefix: str = "") -> str:
    """256 bits of randomness, URL-safe, with an optional readable prefix."""
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the database keeps: SHA-256 is enough for high-entropy tokens, unlike passwords."""
    return hashlib.sha256(token.encode()).hexdigest()


def claim_proof(secret: bytes, assessment_id: str) -> str:
    """What only the browser that took an anonymous assessment holds: the id signed under the
    server's secret. An id seen in an address or guessed claims nothing without it."""
    return hmac.new(secret, b"claim:" + assessment_id.encode(), hashlib.sha256).hexdigest()


def same_secret(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class Scope(StrEnum):
    READ = "read"
    WRITE = "write"
    # Only the bookings calendar feed, whose address carries the token to calendar apps; a
    # token with this scope alone opens nothing else.
    CALENDAR = "calendar"

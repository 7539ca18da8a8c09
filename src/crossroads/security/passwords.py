"""Password hashing with argon2id, at the library's current recommended cost."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()  # argon2id with RFC 9106's low-memory profile

MIN_LENGTH = 10
MAX_LENGTH = 256  # a bound on hashing work per request


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)


# Verifying against this keeps a sign-in for an unknown email as slow as one for a known email.
DUMMY_HASH = _HASHER.hash("not a password anyone has")

"""Recovery codes for two-factor sign-in: one-time codes a person writes down, kept only as
keyed SHA-256 digests.

A fast keyed hash is enough here, where a password needs argon2: each code is 60 random bits,
not something a person chose, so there is no dictionary to try; a guess online counts toward
the same limits as a wrong code from the app (ten a day); and the key is sealed under the
person's data key, so a copy of the database alone cannot test a guess at all. argon2 would
only make each try slow, ten times over, as a set has ten codes to compare.
"""

import hashlib
import hmac
import secrets

# Crockford's base32: no I, L, O or U, so that a code copied by hand reads back one way.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
LENGTH = 12  # 60 bits
GROUP = 4  # shown as "xxxx-xxxx-xxxx"
_MISREAD = str.maketrans({"i": "1", "l": "1", "o": "0"})


def new_key() -> bytes:
    """The key of one set of codes."""
    return secrets.token_bytes(32)


def new_code() -> str:
    """A fresh code, as `normalise` reads one back."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    """The code as it is shown, in groups of four: "7k3m-q9xd-2fhw"."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise(code: str) -> str | None:
    """The code as typed, without spaces, dashes or case, and with the letters people mistake
    for digits read as those digits; None when it cannot be a code at all."""
    kept = "".join(ch for ch in code.lower() if ch not in " -").translate(_MISREAD)
    if len(kept) != LENGTH or any(ch not in ALPHABET for ch in kept):
        return None
    return kept


def code_digest(key: bytes, normalised: str) -> str:
    return hmac.new(key, b"recovery code:" + normalised.encode(), hashlib.sha256).hexdigest()


def same_digest(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())

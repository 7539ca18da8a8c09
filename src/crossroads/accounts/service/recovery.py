"""Recovery codes for two-factor sign-in: a set of ten one-time codes, shown once when made,
a new set revoking the old; a code spent in place of one from the app counts toward the same
limits on guessing."""

import base64
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.accounts.service import attempts
from crossroads.accounts.store import recovery_codes as store
from crossroads.kernel.errors import InvalidInput, SecondFactorFailed
from crossroads.kernel.people import Person
from crossroads.platform import person_rows as people
from crossroads.platform.vault import Vault
from crossroads.security import recovery_codes as codes

CODES_IN_A_SET = 10
KEY_FIELD = "recovery codes key"
REFUSED = "that recovery code isn't one of yours, or it has been used"


def make_recovery_codes(session: Session, vault: Vault, person: Person, now: datetime) -> list[str]:
    """A new set of codes, to be shown now and never again; the old set stops working. Only
    with two-factor sign-in on: without it there is nothing for a code to stand in for."""
    row = people.find_person(session, person.id)
    if row is None or not row.totp_enabled:
        raise InvalidInput("recovery_codes", "turn on two-factor sign-in first")
    key = codes.new_key()
    sealed = vault.seal_json(person.id, KEY_FIELD, base64.b64encode(key).decode())
    made = [codes.new_code() for _ in range(CODES_IN_A_SET)]
    store.replace_codes(
        session,
        person.id,
        [
            store.RecoveryCodeRow(
                person_id=person.id,
                digest=codes.code_digest(key, code),
                sealed_key=sealed,
                made_at=now,
            )
            for code in made
        ],
    )
    return [codes.grouped(code) for code in made]


def recovery_codes_left(session: Session, person: Person) -> int:
    return sum(1 for row in store.codes_of(session, person.id) if row.used_at is None)


def use_recovery_code(
    session: Session, vault: Vault, person: Person, code: str, *, source: str, now: datetime
) -> None:
    """Spend one of the person's codes, or SecondFactorFailed (a wrong or used code) /
    SignInLocked. The try counts before the code is checked, as a code from the app does; the
    caller commits even when this raises, so that it counts."""
    attempts.count_code_attempt(session, email=person.email, source=source, now=now)
    typed = codes.normalise(code)
    unused = [row for row in store.codes_of(session, person.id) if row.used_at is None]
    if typed is None or not unused:
        raise SecondFactorFailed(REFUSED)
    key = base64.b64decode(vault.open_json(person.id, KEY_FIELD, unused[0].sealed_key))
    digest = codes.code_digest(key, typed)
    match = next((row for row in unused if codes.same_digest(row.digest, digest)), None)
    if match is None or not store.spend_code(session, match.id, now):
        raise SecondFactorFailed(REFUSED)
    attempts.forget_failures(session, email=person.email)


def forget_recovery_codes(session: Session, person: Person) -> None:
    store.forget_codes(session, person.id)

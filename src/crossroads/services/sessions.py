"""Signed-in browsers: start, resolve, finish the second factor, end."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.domain.errors import InvalidInput, SecondFactorFailed
from crossroads.security import totp
from crossroads.security.tokens import new_token, token_digest
from crossroads.services.accounts import Person, as_person
from crossroads.services.vault import Vault
from crossroads.store import people
from crossroads.store.people import SessionRow

SESSION_LENGTH = timedelta(days=7)
TOTP_FIELD = "totp_secret"


@dataclass(frozen=True)
class SignedIn:
    """A resolved session. `complete` is false until a required second factor is given."""

    person: Person
    token_digest: str
    complete: bool


def start_session(session: Session, person: Person, now: datetime) -> str:
    """A new session cookie value; it counts as signed in once any second factor is done."""
    token = new_token()
    people.add_session(
        session,
        SessionRow(
            token_digest=token_digest(token),
            person_id=person.id,
            created_at=now,
            expires_at=now + SESSION_LENGTH,
            second_factor_done=not person.needs_second_factor,
        ),
    )
    return token


def resolve_session(session: Session, token: str, now: datetime) -> SignedIn | None:
    found = people.find_session_and_person(session, token_digest(token))
    if found is None:
        return None
    row, person_row = found
    if row.expires_at <= now:
        people.delete_session(session, row.token_digest)
        return None
    person = as_person(person_row)
    complete = row.second_factor_done and (person.totp_enabled or not person.needs_second_factor)
    return SignedIn(person, row.token_digest, complete)


def end_session(session: Session, token: str) -> None:
    people.delete_session(session, token_digest(token))


def begin_totp_setup(session: Session, vault: Vault, person: Person) -> str:
    """A fresh secret, stored sealed and not yet in force until a code confirms it."""
    row = _row(session, person)
    secret = totp.new_secret()
    row.totp_secret = vault.seal_json(person.id, TOTP_FIELD, secret)
    row.totp_enabled = False
    return secret


def pending_totp_secret(session: Session, vault: Vault, person: Person) -> str | None:
    row = _row(session, person)
    if row.totp_secret is None:
        return None
    secret: str = vault.open_json(person.id, TOTP_FIELD, row.totp_secret)
    return secret


def confirm_totp(
    session: Session, vault: Vault, signed_in: SignedIn, code: str, now: datetime
) -> None:
    """Turn two-factor sign-in on once a code from the app matches; this session counts as done."""
    secret = pending_totp_secret(session, vault, signed_in.person)
    if secret is None:
        raise InvalidInput("code", "start the set-up again")
    if not totp.code_is_valid(secret, code, now):
        raise SecondFactorFailed("that code doesn't match; check the time on your phone")
    _row(session, signed_in.person).totp_enabled = True
    _mark_done(session, signed_in)


def pass_second_factor(
    session: Session, vault: Vault, signed_in: SignedIn, code: str, now: datetime
) -> None:
    secret = pending_totp_secret(session, vault, signed_in.person)
    if secret is None or not signed_in.person.totp_enabled:
        raise SecondFactorFailed("two-factor sign-in is not set up for this account")
    if not totp.code_is_valid(secret, code, now):
        raise SecondFactorFailed("that code doesn't match; check the time on your phone")
    _mark_done(session, signed_in)


def _mark_done(session: Session, signed_in: SignedIn) -> None:
    row = people.find_session(session, signed_in.token_digest)
    if row is not None:
        row.second_factor_done = True


def _row(session: Session, person: Person) -> people.PersonRow:
    row = people.find_person(session, person.id)
    if row is None:
        raise SecondFactorFailed("this account no longer exists")
    return row

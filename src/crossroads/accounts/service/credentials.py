"""Passwords: sign in, change, and reset a forgotten one.

Each use case here opens its own short transactions around argon2 rather than joining the
caller's: hashing is slow on purpose, and on SQLite a transaction holding the write lock while it
hashes stalls every other writer. Changing or resetting a password recovers the account: every
other session, every unused reset link and every API and calendar token stop working.
"""

import time
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.accounts.service import attempts
from crossroads.accounts.service.accounts import (
    LINK_REFUSED,
    RESET,
    issue_link,
    live_link,
    new_password,
)
from crossroads.accounts.service.mail import mail_reset_link
from crossroads.accounts.store.tokens import delete_unused_links_of, revoke_access_tokens_of
from crossroads.kernel.errors import InvalidInput, ResetTokenInvalid, SignInFailed
from crossroads.kernel.people import Person
from crossroads.platform import person_rows as people
from crossroads.platform.database import Database
from crossroads.platform.person_rows import as_person
from crossroads.security.passwords import DUMMY_HASH, hash_password, needs_rehash, password_matches


def sign_in(database: Database, *, email: str, password: str, source: str, now: datetime) -> Person:
    """The person whose password this is, or SignInFailed / SignInLocked. The attempt counts
    before the password is checked, so parallel guesses cannot slip past the lock; the right
    password clears the account's count, or the right code after it where one is needed. An
    account whose sign-up link was never followed
    answers as a wrong password would."""
    email = email.strip().lower()
    with database.transaction() as session:
        attempts.refuse_if_paused(session, attempts.SIGN_IN, source=source, email=email, now=now)
        attempts.count_attempt(session, attempts.SIGN_IN, email=email, source=source, now=now)
        row = people.find_person_by_email(session, email)
        stored, person_id = (row.password_hash, row.id) if row else (DUMMY_HASH, None)
        opens = row is not None and row.email_confirmed_at is not None
    matches = password_matches(stored, password)  # for an unknown email too: the same work
    if not (matches and opens and person_id):
        raise SignInFailed("wrong email or password")
    fresh = hash_password(password) if needs_rehash(stored) else None
    with database.transaction() as session:
        row = people.find_person(session, person_id)
        if row is None:
            raise SignInFailed("wrong email or password")
        if fresh is not None and row.password_hash == stored:
            row.password_hash = fresh
        person = as_person(row)
        # With a second factor still to give, the count stands until the code is right: a
        # known password must not buy fresh guesses at the code.
        if not person.needs_second_factor:
            attempts.forget_failures(session, email=email)
        return person


def change_password(
    database: Database,
    person: Person,
    *,
    current: str,
    new: str,
    keep_session: str | None,
    now: datetime,
) -> None:
    """Change the password and recover the account, keeping only the session `keep_session`."""
    with database.reading() as session:
        stored = _row(session, person).password_hash
    if not password_matches(stored, current):
        raise InvalidInput("current_password", "is not your current password")
    chosen = new_password(new, "new_password")
    with database.transaction() as session:
        row = _row(session, person)
        if row.password_hash != stored:  # changed elsewhere meanwhile: the check no longer holds
            raise InvalidInput("current_password", "is not your current password")
        row.password_hash = chosen.hash
        recover_account(session, person.id, now, keep_session=keep_session)


def request_password_reset(
    database: Database, *, email: str, source: str, public_url: str, now: datetime
) -> None:
    """Mail a reset link if the account exists, at most one per account per quarter hour, each
    new link replacing the last. Says nothing either way, and takes as long either way;
    SignInLocked when this source has asked too often."""
    started = time.monotonic()
    email = email.strip().lower()
    with database.transaction() as session:
        attempts.refuse_if_paused(session, attempts.RESET, source=source, email=None, now=now)
        attempts.count_attempt(session, attempts.RESET, email=email, source=source, now=now)
        row = people.find_person_by_email(session, email)
        if row is not None and not attempts.account_is_over(
            session, attempts.RESET, email=email, now=now
        ):
            token = issue_link(session, row.id, RESET, now)
            mail_reset_link(session, row, f"{public_url.rstrip('/')}/password-reset/{token}", now)
    attempts.answer_evenly(started)


def reset_password(database: Database, *, token: str, new_password: str, now: datetime) -> Person:
    """Set the password chosen through a reset link and recover the account. Following the
    link proves the mailbox, so it also opens an account whose sign-up link was lost."""
    with database.reading() as session:
        live_link(session, token, RESET, now)
    chosen = _new_password(new_password)
    with database.transaction() as session:
        link = live_link(session, token, RESET, now)
        row = people.find_person(session, link.person_id)
        if row is None:
            raise ResetTokenInvalid(LINK_REFUSED)
        link.used_at = now
        row.password_hash = chosen
        row.email_confirmed_at = row.email_confirmed_at or now
        attempts.forget_failures(session, email=row.email)
        recover_account(session, row.id, now, keep_session=None)
        return as_person(row)


def _new_password(password: str) -> str:
    return new_password(password, "new_password").hash


def recover_account(
    session: Session, person_id: str, now: datetime, *, keep_session: str | None
) -> None:
    """Throw out whoever else holds the account: other sessions, unused reset links, and every
    API and calendar token."""
    people.delete_sessions_of(session, person_id, keep=keep_session)
    delete_unused_links_of(session, person_id, RESET)
    revoke_access_tokens_of(session, person_id, now)


def _row(session: Session, person: Person) -> people.PersonRow:
    row = people.find_person(session, person.id)
    if row is None:
        raise SignInFailed("this account no longer exists")
    return row

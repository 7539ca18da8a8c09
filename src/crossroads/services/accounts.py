"""Accounts: sign-up, sign-in with lock-out and throttling, passwords and their reset, and a
person's preferences."""

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import available_timezones

from sqlalchemy.orm import Session

from crossroads.domain.errors import (
    EmailTaken,
    InvalidInput,
    ResetTokenInvalid,
    SignInFailed,
    SignInLocked,
)
from crossroads.domain.regions import parse_region
from crossroads.security.consent import Role
from crossroads.security.passwords import (
    DUMMY_HASH,
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    password_matches,
)
from crossroads.security.tokens import new_token, token_digest
from crossroads.services.outbox import queue_message
from crossroads.store import people, sign_ins
from crossroads.store.people import PersonRow
from crossroads.store.tokens import PasswordResetRow, add_password_reset, find_password_reset

LOCK_AFTER = 5  # failed attempts on one account before it pauses
LOCK_FOR = timedelta(minutes=15)
SOURCE_LIMIT = 20  # failed attempts from one address within SOURCE_WINDOW before it pauses
SOURCE_WINDOW = timedelta(minutes=15)
RESET_VALID_FOR = timedelta(hours=1)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Person:
    id: str
    email: str
    display_name: str
    role: Role
    totp_enabled: bool
    created_at: datetime
    time_zone: str = "UTC"
    check_in_reminders: bool = True
    region: str | None = None  # whose crisis lines to show first; see domain/regions.py

    @property
    def needs_second_factor(self) -> bool:
        """Practitioners and admins must use one; clients may choose to."""
        return self.role is not Role.CLIENT or self.totp_enabled

    @property
    def label(self) -> str:
        """How this person appears in someone else's access log."""
        return f"{self.display_name} <{self.email}> ({self.role})"


def as_person(row: PersonRow) -> Person:
    return Person(
        row.id,
        row.email,
        row.display_name,
        Role(row.role),
        row.totp_enabled,
        row.created_at,
        row.time_zone,
        row.check_in_reminders,
        row.region,
    )


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise InvalidInput("email", "must be an email address such as name@example.org")
    return email


def check_password_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(field, f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(field, f"must be at most {MAX_LENGTH} characters")


def sign_up(
    session: Session,
    *,
    email: str,
    display_name: str,
    password: str,
    role: Role = Role.CLIENT,
    now: datetime | None = None,
    region: str | None = None,
) -> Person:
    """A new account. `region` is optional: where the person is, for the right crisis lines."""
    email = normalise_email(email)
    name = display_name.strip()
    if not 1 <= len(name) <= 100:
        raise InvalidInput("display_name", "must be between 1 and 100 characters")
    check_password_strength(password)
    region = parse_region(region)
    if people.find_person_by_email(session, email) is not None:
        raise EmailTaken()
    row = people.add_person(
        session,
        PersonRow(
            id=str(uuid.uuid4()),
            email=email,
            display_name=name,
            role=str(role),
            password_hash=hash_password(password),
            totp_enabled=False,
            failed_sign_ins=0,
            created_at=now or datetime.now(UTC),
            region=region,
        ),
    )
    return as_person(row)


def authenticate(
    session: Session, *, email: str, password: str, source: str, now: datetime
) -> Person:
    """The person whose password this is, or SignInFailed / SignInLocked. The caller commits
    even on failure, so that failed attempts count."""
    since = now - SOURCE_WINDOW
    if sign_ins.failures_since(session, source, since) >= SOURCE_LIMIT:
        raise SignInLocked(now + SOURCE_WINDOW)
    row = people.find_person_by_email(session, email.strip().lower())
    if row is not None and row.locked_until is not None and row.locked_until > now:
        raise SignInLocked(row.locked_until)
    if row is None or not password_matches(row.password_hash, password):
        if row is None:
            password_matches(DUMMY_HASH, password)  # same work as a real check
        else:
            _count_failure(row, now)
        sign_ins.forget_failures_before(session, since)  # keeps the table to one window's worth
        sign_ins.record_failure(session, source, now)
        raise SignInFailed("wrong email or password")
    row.failed_sign_ins = 0
    row.locked_until = None
    if needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
    return as_person(row)


def _count_failure(row: PersonRow, now: datetime) -> None:
    row.failed_sign_ins += 1
    if row.failed_sign_ins >= LOCK_AFTER:
        row.locked_until = now + LOCK_FOR
        row.failed_sign_ins = 0


def change_password(
    session: Session, person: Person, *, current: str, new: str, keep_session: str | None
) -> None:
    """Change the password and sign out every other session."""
    row = _row(session, person)
    if not password_matches(row.password_hash, current):
        raise InvalidInput("current_password", "is not your current password")
    check_password_strength(new, "new_password")
    row.password_hash = hash_password(new)
    people.delete_sessions_of(session, person.id, keep=keep_session)


def request_password_reset(session: Session, *, email: str, public_url: str, now: datetime) -> None:
    """Queue a reset link if the account exists. Says nothing either way to the asker."""
    row = people.find_person_by_email(session, email.strip().lower())
    if row is None:
        return
    token = new_token()
    add_password_reset(
        session,
        PasswordResetRow(
            token_digest=token_digest(token), person_id=row.id, expires_at=now + RESET_VALID_FOR
        ),
    )
    queue_message(
        session,
        recipient=row.email,
        subject="Reset your Crossroads password",
        body=(
            f"Hello {row.display_name},\n\n"
            "Someone asked to reset the password of your Crossroads account. If it was you, "
            f"open this link within an hour:\n\n{public_url.rstrip('/')}/password-reset/{token}\n\n"
            "If it wasn't you, you can ignore this message; your password stays as it is.\n"
        ),
        now=now,
    )


def reset_password(session: Session, *, token: str, new_password: str, now: datetime) -> Person:
    reset = find_password_reset(session, token_digest(token))
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        raise ResetTokenInvalid("this reset link is unknown, used or expired")
    check_password_strength(new_password, "new_password")
    row = people.find_person(session, reset.person_id)
    if row is None:
        raise ResetTokenInvalid("this reset link is unknown, used or expired")
    row.password_hash = hash_password(new_password)
    row.failed_sign_ins = 0
    row.locked_until = None
    reset.used_at = now
    people.delete_sessions_of(session, row.id)
    return as_person(row)


def change_preferences(
    session: Session, person: Person, *, time_zone: str, check_in_reminders: bool
) -> None:
    """The zone a person's days are counted in (an IANA name such as Europe/Lisbon), and
    whether check-in reminders come by email."""
    time_zone = time_zone.strip()
    if time_zone not in time_zones():
        raise InvalidInput("time_zone", "choose a time zone from the list, such as Europe/London")
    row = _row(session, person)
    row.time_zone, row.check_in_reminders = time_zone, check_in_reminders


def change_region(session: Session, person: Person, region: str | None) -> Person:
    """Where the person is, for the crisis lines shown to them first; None or blank forgets it."""
    row = _row(session, person)
    row.region = parse_region(region)
    return as_person(row)


@cache
def time_zones() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted."""
    return tuple(sorted(available_timezones()))


def find_by_email(session: Session, email: str) -> Person | None:
    row = people.find_person_by_email(session, email.strip().lower())
    return as_person(row) if row else None


def _row(session: Session, person: Person) -> PersonRow:
    row = people.find_person(session, person.id)
    if row is None:
        raise SignInFailed("this account no longer exists")
    return row

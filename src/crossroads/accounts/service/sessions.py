"""Signed-in browsers: start, resolve (with an idle timeout), finish the second factor with a
one-time code, or a recovery code, that counts toward the sign-in lock and works once, end; and
the authenticator itself: set up, replaced by a new one, or (for a client) turned off."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.accounts.service import attempts
from crossroads.accounts.service.recovery import forget_recovery_codes, use_recovery_code
from crossroads.kernel.errors import InvalidInput, SecondFactorFailed
from crossroads.kernel.people import Person, Role
from crossroads.platform import person_rows as people
from crossroads.platform.person_rows import SessionRow, as_person
from crossroads.platform.vault import Vault
from crossroads.security import totp
from crossroads.security.tokens import new_token, token_digest

SESSION_LENGTH = timedelta(days=7)  # the longest a browser stays signed in, however active
IDLE_TIMEOUT = timedelta(minutes=30)  # the default; settings.session_idle_minutes changes it
SEEN_EVERY = timedelta(minutes=1)  # how often a session's last use is written, at most
TOTP_FIELD = "totp_secret"


@dataclass(frozen=True)
class SignedIn:
    """A resolved session. `complete` is false until a required second factor is given."""

    person: Person
    token_digest: str
    complete: bool
    last_seen_at: datetime

    def needs_marking(self, now: datetime) -> bool:
        """Whether its last use is old enough to write again (at most once a minute)."""
        return now - self.last_seen_at >= SEEN_EVERY


def start_session(
    session: Session, person: Person, now: datetime, *, second_factor_done: bool = False
) -> str:
    """A new session cookie value; it counts as signed in once any second factor is done.
    The person's sessions past their last day go."""
    people.delete_sessions_expired(session, person.id, now)
    token = new_token()
    people.add_session(
        session,
        SessionRow(
            token_digest=token_digest(token),
            person_id=person.id,
            created_at=now,
            expires_at=now + SESSION_LENGTH,
            last_seen_at=now,
            second_factor_done=second_factor_done or not person.needs_second_factor,
        ),
    )
    return token


def resolve_session(
    session: Session, token: str, now: datetime, idle_timeout: timedelta = IDLE_TIMEOUT
) -> SignedIn | None:
    """The session this cookie names, or None once it has expired or sat unused for longer
    than `idle_timeout`. Only reads: `mark_seen` writes its use."""
    found = people.find_session_and_person(session, token_digest(token))
    if found is None:
        return None
    row, person_row = found
    if row.expires_at <= now or row.last_seen_at + idle_timeout <= now:
        return None
    person = as_person(person_row)
    complete = row.second_factor_done and (person.totp_enabled or not person.needs_second_factor)
    return SignedIn(person, row.token_digest, complete, row.last_seen_at)


def mark_seen(session: Session, signed_in: SignedIn, now: datetime) -> None:
    """Note that the session was used now, which keeps it from timing out."""
    row = people.find_session(session, signed_in.token_digest)
    if row is not None:
        row.last_seen_at = max(row.last_seen_at, now)


def end_session(session: Session, token: str) -> None:
    people.delete_session(session, token_digest(token))


def begin_totp_setup(session: Session, vault: Vault, person: Person) -> str:
    """A fresh secret, stored sealed and not yet in force until a code confirms it."""
    row = _row(session, person)
    secret = totp.new_secret()
    row.totp_secret = vault.seal_json(person.id, TOTP_FIELD, secret)
    row.totp_enabled = False
    row.totp_last_step = None  # the codes of the old secret mean nothing now
    return secret


def pending_totp_secret(session: Session, vault: Vault, person: Person) -> str | None:
    row = _row(session, person)
    if row.totp_secret is None:
        return None
    secret: str = vault.open_json(person.id, TOTP_FIELD, row.totp_secret)
    return secret


def confirm_totp(
    session: Session, vault: Vault, signed_in: SignedIn, code: str, *, source: str, now: datetime
) -> str:
    """Turn two-factor sign-in on once a code from the app matches. Returns the cookie of a new
    session, complete, that replaces this one. Wrong codes count as wrong passwords do; the
    caller commits even when this raises, so that they count."""
    secret = pending_totp_secret(session, vault, signed_in.person)
    if secret is None:
        raise InvalidInput("code", "start the set-up again")
    _accept_code(session, signed_in.person, secret, code, source=source, now=now)
    _row(session, signed_in.person).totp_enabled = True
    return _rotate(session, signed_in, now)


def pass_second_factor(
    session: Session, vault: Vault, signed_in: SignedIn, code: str, *, source: str, now: datetime
) -> str:
    """The cookie of a new, complete session replacing this half-signed-in one, or
    SecondFactorFailed / SignInLocked. The caller commits even when this raises."""
    secret = pending_totp_secret(session, vault, signed_in.person)
    if secret is None or not signed_in.person.totp_enabled:
        raise SecondFactorFailed("two-factor sign-in is not set up for this account")
    _accept_code(session, signed_in.person, secret, code, source=source, now=now)
    return _rotate(session, signed_in, now)


def pass_with_recovery_code(
    session: Session, vault: Vault, signed_in: SignedIn, code: str, *, source: str, now: datetime
) -> str:
    """As `pass_second_factor`, with one of the person's recovery codes in place of a code from
    the app; the code is spent."""
    if not signed_in.person.totp_enabled:
        raise SecondFactorFailed("two-factor sign-in is not set up for this account")
    use_recovery_code(session, vault, signed_in.person, code, source=source, now=now)
    return _rotate(session, signed_in, now)


def replace_authenticator(
    session: Session,
    vault: Vault,
    person: Person,
    secret: str,
    code: str,
    *,
    source: str,
    now: datetime,
) -> None:
    """Put a new authenticator, whose `secret` the page showed, in place of the old once a code
    from it matches. The old one stays in force until then, so that starting over on a new phone
    never leaves the account open to the password alone. The caller commits even when this
    raises, so that a wrong code counts."""
    if not _row(session, person).totp_enabled:
        raise InvalidInput("code", "turn on two-factor sign-in first")
    if not totp.is_secret(secret):
        raise InvalidInput("code", "start the set-up again")
    _accept_code(session, person, secret, code, source=source, now=now, new_secret=True)
    _row(session, person).totp_secret = vault.seal_json(person.id, TOTP_FIELD, secret)


def turn_off_two_factor(
    session: Session, vault: Vault, person: Person, code: str, *, source: str, now: datetime
) -> None:
    """Turn two-factor sign-in off for a client, given a code from the app or a recovery code;
    the secret and every recovery code go. Practitioners and admins must keep it: a recovery
    code lets them in to set up a new authenticator instead. The caller commits even when this
    raises, so that a wrong code counts."""
    if person.role is not Role.CLIENT:
        raise InvalidInput("code", "practitioners and admins keep two-factor sign-in on")
    secret = pending_totp_secret(session, vault, person)
    row = _row(session, person)
    if secret is None or not row.totp_enabled:
        raise InvalidInput("code", "two-factor sign-in is already off")
    if totp.looks_like_code(code):
        _accept_code(session, person, secret, code, source=source, now=now)
    else:
        use_recovery_code(session, vault, person, code, source=source, now=now)
    row.totp_enabled, row.totp_secret, row.totp_last_step = False, None, None
    forget_recovery_codes(session, person)


def _accept_code(
    session: Session,
    person: Person,
    secret: str,
    code: str,
    *,
    source: str,
    now: datetime,
    new_secret: bool = False,
) -> None:
    """A code counts toward the same lock as a password, and toward the daily one for codes,
    before it is checked, so that parallel guesses cannot slip past; the right one clears the
    counts. A code is good once: its time step and every one before it are refused from then
    on. A `new_secret` has had no code accepted yet, so any step of its own is good."""
    attempts.count_code_attempt(session, email=person.email, source=source, now=now)
    row = _row(session, person)
    step = totp.matching_step(secret, code, now)
    last = None if new_secret else row.totp_last_step
    if step is None or (last is not None and step <= last):
        raise SecondFactorFailed("that code doesn't match; check the time on your phone")
    row.totp_last_step = step
    attempts.forget_failures(session, email=person.email)


def _rotate(session: Session, signed_in: SignedIn, now: datetime) -> str:
    """A new session id once the second factor is done, so that a cookie planted or seen before
    sign-in finished is worth nothing after it."""
    people.delete_session(session, signed_in.token_digest)
    return start_session(session, signed_in.person, now, second_factor_done=True)


def _row(session: Session, person: Person) -> people.PersonRow:
    row = people.find_person(session, person.id)
    if row is None:
        raise SecondFactorFailed("this account no longer exists")
    return row

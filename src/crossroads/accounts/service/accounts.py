"""Accounts: sign-up (by an operator, or on the public page with a link that opens the account),
the one-time links mailed to a person, and a person's preferences. Sign-in and passwords are in
credentials.py."""

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.accounts.service import attempts
from crossroads.accounts.service.mail import mail_someone_tried, mail_welcome
from crossroads.accounts.store.tokens import (
    PasswordResetRow,
    add_password_reset,
    delete_unused_links_of,
    find_password_reset,
)
from crossroads.kernel.errors import EmailTaken, InvalidInput, ResetTokenInvalid, SignInFailed
from crossroads.kernel.jurisdictions import country_of, name_of, parse_subdivision
from crossroads.kernel.people import Person, Role, normalise_email
from crossroads.kernel.regions import parse_region
from crossroads.kernel.resources import INTERNATIONAL
from crossroads.kernel.zones import parse_time_zone
from crossroads.platform import person_rows as people
from crossroads.platform.database import Database
from crossroads.platform.person_rows import PersonRow, as_person
from crossroads.security.passwords import MAX_LENGTH, MIN_LENGTH, hash_password
from crossroads.security.tokens import new_token, token_digest

RESET = "reset"
CONFIRM = "confirm"
LINKS_VALID_FOR = {RESET: timedelta(hours=1), CONFIRM: timedelta(days=2)}
LINK_REFUSED = "this link is unknown, used or expired"


def check_password_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(field, f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(field, f"must be at most {MAX_LENGTH} characters")


@dataclass(frozen=True)
class NewPassword:
    """A password that meets the rules, already hashed. argon2 is slow on purpose; hashing before
    the unit of work opens keeps the database's write lock free while it runs."""

    hash: str


def new_password(password: str, field: str = "password") -> NewPassword:
    """Check and hash a chosen password. Call it outside any transaction."""
    check_password_strength(password, field)
    return NewPassword(hash_password(password))


def sign_up(
    session: Session,
    *,
    email: str,
    display_name: str,
    password: NewPassword,
    role: Role = Role.CLIENT,
    now: datetime | None = None,
    region: str | None = None,
) -> Person:
    """An account made by an operator (the CLI, demo data), open at once. `region` is optional:
    where the person is, for the right crisis lines."""
    email, name, region = _account_fields(email, display_name, region)
    if people.find_person_by_email(session, email) is not None:
        raise EmailTaken()
    now = now or datetime.now(UTC)
    return as_person(_add_person(session, email, name, password, role, region, now, confirmed=now))


def register(
    database: Database,
    *,
    email: str,
    display_name: str,
    password: str,
    region: str | None,
    source: str,
    public_url: str,
    now: datetime,
    time_zone: str = "",
) -> None:
    """Sign-up from the public page, in a unit of work of its own with the password hashed
    before it. The answer is the same, in words and in time, whether or not the address has an
    account: a new one gets a link that opens the account, an existing one a note saying
    someone tried, at most one mail per address per quarter hour. SignInLocked when this source
    has signed up too often. `time_zone` is what the person typed or their browser filled in;
    blank means UTC until they choose."""
    started = time.monotonic()
    email, name, region = _account_fields(email, display_name, region)
    zone = parse_time_zone(time_zone) if time_zone.strip() else "UTC"
    chosen = new_password(password)
    with database.transaction() as session:
        attempts.refuse_if_paused(session, attempts.SIGN_UP, source=source, email=None, now=now)
        attempts.count_attempt(session, attempts.SIGN_UP, email=email, source=source, now=now)
        existing = people.find_person_by_email(session, email)
        if existing is None:
            row = _add_person(
                session, email, name, chosen, Role.CLIENT, region, now, confirmed=None
            )
            row.time_zone = zone
            token = issue_link(session, row.id, CONFIRM, now)
            mail_welcome(session, row, f"{public_url.rstrip('/')}/sign-up/{token}", now)
        elif not attempts.account_is_over(session, attempts.SIGN_UP, email=email, now=now):
            mail_someone_tried(session, existing, public_url.rstrip("/"), now)
    attempts.answer_evenly(started)


def confirm_address(session: Session, *, token: str, now: datetime) -> Person:
    """Open the account whose sign-up link this is; the link works once."""
    link = live_link(session, token, CONFIRM, now)
    row = people.find_person(session, link.person_id)
    if row is None:
        raise ResetTokenInvalid(LINK_REFUSED)
    link.used_at = now
    row.email_confirmed_at = row.email_confirmed_at or now
    return as_person(row)


def issue_link(session: Session, person_id: str, purpose: str, now: datetime) -> str:
    """A new one-time link for `purpose`; any earlier unused one for it stops working, so that
    asking again never multiplies live links."""
    delete_unused_links_of(session, person_id, purpose)
    token = new_token()
    add_password_reset(
        session,
        PasswordResetRow(
            token_digest=token_digest(token),
            person_id=person_id,
            expires_at=now + LINKS_VALID_FOR[purpose],
            purpose=purpose,
        ),
    )
    return token


def live_link(session: Session, token: str, purpose: str, now: datetime) -> PasswordResetRow:
    link = find_password_reset(session, token_digest(token))
    if (
        link is None
        or link.purpose != purpose
        or link.used_at is not None
        or link.expires_at <= now
    ):
        raise ResetTokenInvalid(LINK_REFUSED)
    return link


def _account_fields(
    email: str, display_name: str, region: str | None
) -> tuple[str, str, str | None]:
    name = display_name.strip()
    if not 1 <= len(name) <= 100:
        raise InvalidInput("display_name", "must be between 1 and 100 characters")
    return normalise_email(email), name, parse_region(region)


def _add_person(
    session: Session,
    email: str,
    name: str,
    password: NewPassword,
    role: Role,
    region: str | None,
    now: datetime,
    *,
    confirmed: datetime | None,
) -> PersonRow:
    return people.add_person(
        session,
        PersonRow(
            id=str(uuid.uuid4()),
            email=email,
            display_name=name,
            role=str(role),
            password_hash=password.hash,
            totp_enabled=False,
            created_at=now,
            region=region,
            email_confirmed_at=confirmed,
        ),
    )


def change_preferences(
    session: Session, person: Person, *, time_zone: str, check_in_reminders: bool
) -> None:
    """The zone a person's days are counted and times shown in, from an IANA name such as
    Europe/Lisbon, a city or a country with one clock; and whether check-in reminders come by
    email."""
    zone = parse_time_zone(time_zone)
    row = _row(session, person)
    row.time_zone, row.check_in_reminders = zone, check_in_reminders


def change_region(session: Session, person: Person, region: str | None) -> Person:
    """Where the person is, for the crisis lines shown to them first; None or blank forgets it.
    A saved state or province in another country is forgotten with it."""
    row = _row(session, person)
    row.region = parse_region(region)
    if row.subdivision and country_of(row.subdivision) != row.region:
        row.subdivision = None
    return as_person(row)


def change_subdivision(session: Session, person: Person, subdivision: str | None) -> Person:
    """The state, province or territory the person is in ("US-NY"), for matching them to
    therapists licensed there; None or blank forgets it. It names its country, which becomes
    the region when none (or "somewhere else") was chosen; another country's is refused."""
    row = _row(session, person)
    code = parse_subdivision(subdivision)
    if code is not None:
        country = country_of(code)
        if row.region not in (None, INTERNATIONAL, country):
            raise InvalidInput(
                "subdivision",
                f"{name_of(code)} is not in {name_of(row.region or '')}: choose a place there,"
                " or change where you are first",
            )
        row.region = country
    row.subdivision = code
    return as_person(row)


def find_by_email(session: Session, email: str) -> Person | None:
    row = people.find_person_by_email(session, email.strip().lower())
    return as_person(row) if row else None


def _row(session: Session, person: Person) -> PersonRow:
    row = people.find_person(session, person.id)
    if row is None:
        raise SignInFailed("this account no longer exists")
    return row

"""Personal access tokens for the API: shown once, stored hashed, scoped, revocable, and
expiring after the days chosen when made (a year at most)."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.accounts.store.tokens import (
    AccessTokenRow,
    access_tokens_of,
    add_access_token,
    find_access_token,
    find_access_token_of,
)
from crossroads.kernel.errors import InvalidInput, NotFound
from crossroads.kernel.people import Person
from crossroads.platform import person_rows as people
from crossroads.platform.person_rows import as_person
from crossroads.security.tokens import Scope, new_token, token_digest

TOKEN_PREFIX = "crpat_"  # noqa: S105  (a readable prefix, not a secret)
LIFETIMES = (7, 30, 90, 365)  # days a new token may work; a lost token stops on its own
DEFAULT_LIFETIME = 90
USE_NOTED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenView:
    id: str
    name: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def _view(row: AccessTokenRow) -> TokenView:
    return TokenView(
        row.id,
        row.name,
        list(row.scopes),
        row.created_at,
        row.expires_at,
        row.last_used_at,
        row.revoked_at,
    )


def create_token(
    session: Session,
    person: Person,
    *,
    name: str,
    scopes: list[str],
    now: datetime,
    days: int = DEFAULT_LIFETIME,
) -> tuple[TokenView, str]:
    """The new token's record and its secret, which is shown this once and never again."""
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise InvalidInput("name", "must be between 1 and 100 characters")
    unknown = sorted(set(scopes) - {scope.value for scope in Scope})
    if not scopes or unknown:
        raise InvalidInput("scopes", "choose read, write or calendar")
    if Scope.CALENDAR in scopes and len(set(scopes)) > 1:
        raise InvalidInput("scopes", "a calendar token opens the calendar feed and nothing else")
    if days not in LIFETIMES:
        raise InvalidInput("days", "choose how long the token works: 7, 30, 90 or 365 days")
    secret = new_token(TOKEN_PREFIX)
    row = add_access_token(
        session,
        AccessTokenRow(
            id=str(uuid.uuid4()),
            person_id=person.id,
            name=name,
            token_digest=token_digest(secret),
            scopes=sorted(set(scopes)),
            created_at=now,
            expires_at=now + timedelta(days=days),
        ),
    )
    return _view(row), secret


def tokens_of(session: Session, person: Person) -> list[TokenView]:
    return [_view(row) for row in access_tokens_of(session, person.id)]


def revoke_token(session: Session, person: Person, token_id: str, now: datetime) -> None:
    row = find_access_token_of(session, person.id, token_id)
    if row is None:
        raise NotFound(f"no token with id {token_id}")
    if row.revoked_at is None:
        row.revoked_at = now


@dataclass(frozen=True)
class Bearer:
    """Who a presented token speaks for, and with which scopes."""

    person: Person
    scopes: frozenset[str]
    token_id: str
    last_used_at: datetime | None

    def needs_marking(self, now: datetime) -> bool:
        """Whether to note the use: at most once a minute, so a busy client does not make
        every request a write."""
        return self.last_used_at is None or now - self.last_used_at >= USE_NOTED_EVERY


def authenticate_token(session: Session, secret: str, now: datetime) -> Bearer | None:
    """The token's bearer, or None for an unknown, revoked or expired token. Only reads."""
    row = find_access_token(session, token_digest(secret))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    person = people.find_person(session, row.person_id)
    if person is None:
        return None
    return Bearer(as_person(person), frozenset(row.scopes), row.id, row.last_used_at)


def note_token_use(session: Session, bearer: Bearer, now: datetime) -> None:
    """Shown on the account page, so that a person can tell a token still in use."""
    row = find_access_token_of(session, bearer.person.id, bearer.token_id)
    if row is not None:
        row.last_used_at = max(row.last_used_at or now, now)

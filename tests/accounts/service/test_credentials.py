"""Passwords: sign-in with one lock for known and unknown addresses, change and reset that throw
out whoever else held the account, reset requests that cannot flood, and argon2 kept outside
every transaction."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from crossroads.accounts.service.accounts import register
from crossroads.accounts.service.attempts import EVEN_ANSWER, RESET, SIGN_IN, WINDOW
from crossroads.accounts.service.credentials import (
    change_password,
    request_password_reset,
    reset_password,
    sign_in,
)
from crossroads.accounts.service.sessions import resolve_session, start_session
from crossroads.accounts.service.tokens import authenticate_token, create_token
from crossroads.kernel.errors import InvalidInput, ResetTokenInvalid, SignInFailed, SignInLocked
from crossroads.platform.database import Database
from crossroads.platform.person_rows import as_person, find_person_by_email
from crossroads.security import passwords
from tests.factories import PASSWORD, make_person
from tests.mail import messages_to

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
URL = "https://crossroads.test"
NEW = "a brand new passphrase"


def signs_in(
    database: Database, email: str, password: str, source: str = "10.0.0.1", now: datetime = NOW
) -> str:
    return sign_in(database, email=email, password=password, source=source, now=now).email


def asks_for_reset(
    database: Database, email: str, source: str = "10.0.0.1", now: datetime = NOW
) -> None:
    request_password_reset(database, email=email, source=source, public_url=URL, now=now)


def reset_links(database: Database, email: str) -> list[str]:
    with database.reading() as session:
        bodies = [message.body for message in messages_to(session, email)]
    marker = f"{URL}/password-reset/"
    return [body.split(marker)[1].split()[0] for body in bodies if marker in body]


@pytest.fixture
def ana(database: Database) -> str:
    with database.transaction() as session:
        make_person(session, "ana@example.org")
    return "ana@example.org"


def test_the_right_password_signs_in_and_a_wrong_one_does_not(database: Database, ana: str) -> None:
    assert signs_in(database, ana, PASSWORD) == ana
    with pytest.raises(SignInFailed):
        signs_in(database, ana, "wrong password!")
    with pytest.raises(SignInFailed):
        signs_in(database, "nobody@example.org", PASSWORD)


def test_repeated_failures_pause_the_account_then_it_opens_again(
    database: Database, ana: str
) -> None:
    for attempt in range(SIGN_IN.per_account):
        with pytest.raises(SignInFailed):
            signs_in(database, ana, f"wrong {attempt} password", source=f"10.0.1.{attempt}")

    with pytest.raises(SignInLocked):
        signs_in(database, ana, PASSWORD, source="10.0.2.1")
    assert signs_in(database, ana, PASSWORD, now=NOW + WINDOW + timedelta(seconds=1)) == ana


def test_an_unknown_address_pauses_exactly_as_a_known_one(database: Database, ana: str) -> None:
    paused = {}
    for email in (ana, "nobody@example.org"):
        for attempt in range(SIGN_IN.per_account):
            with pytest.raises(SignInFailed):
                signs_in(database, email, f"wrong {attempt} password", source=f"10.1.{attempt}.1")
        with pytest.raises(SignInLocked) as locked:
            signs_in(database, email, "one more guess", source="10.2.0.1")
        paused[email] = str(locked.value)

    assert paused[ana] == paused["nobody@example.org"]


def test_one_address_guessing_many_accounts_is_throttled(database: Database, ana: str) -> None:
    for n in range(SIGN_IN.per_source):
        with pytest.raises(SignInFailed):
            signs_in(database, f"guess{n}@example.org", "a guessed password", source="10.9.9.9")

    with pytest.raises(SignInLocked):
        signs_in(database, ana, PASSWORD, source="10.9.9.9")
    assert signs_in(database, ana, PASSWORD, source="10.0.0.2") == ana


def test_an_account_whose_sign_up_link_was_not_followed_answers_as_a_wrong_password(
    database: Database,
) -> None:
    register(
        database,
        email="squat@example.org",
        display_name="Not the owner",
        password=PASSWORD,
        region=None,
        source="10.0.0.1",
        public_url=URL,
        now=NOW,
    )

    with pytest.raises(SignInFailed):
        signs_in(database, "squat@example.org", PASSWORD)


def test_changing_the_password_throws_out_every_other_session_and_token(
    database: Database, session: Session, ana: str
) -> None:
    with database.transaction() as tx:
        person = make_person(tx, "ben@example.org")
        here = start_session(tx, person, NOW)
        elsewhere = start_session(tx, person, NOW)
        _, api = create_token(tx, person, name="script", scopes=["read"], now=NOW)
        _, calendar = create_token(tx, person, name="phone", scopes=["calendar"], now=NOW)
        here_session = resolve_session(tx, here, NOW)
        assert here_session is not None
    asks_for_reset(database, "ben@example.org")

    change_password(
        database,
        person,
        current=PASSWORD,
        new=NEW,
        keep_session=here_session.token_digest,
        now=NOW,
    )

    assert resolve_session(session, here, NOW) is not None
    assert resolve_session(session, elsewhere, NOW) is None
    assert authenticate_token(session, api, NOW) is None
    assert authenticate_token(session, calendar, NOW) is None
    [link] = reset_links(database, "ben@example.org")
    with pytest.raises(ResetTokenInvalid):
        reset_password(database, token=link, new_password="an attacker's choice", now=NOW)
    assert signs_in(database, "ben@example.org", NEW) == "ben@example.org"


def test_changing_the_password_needs_the_current_one(database: Database) -> None:
    with database.transaction() as session:
        person = make_person(session, "ana@example.org")
    with pytest.raises(InvalidInput, match="current_password"):
        change_password(
            database, person, current="not it at all", new=NEW, keep_session=None, now=NOW
        )


def test_a_reset_signs_out_everywhere_and_turns_off_every_token(
    database: Database, session: Session
) -> None:
    with database.transaction() as tx:
        person = make_person(tx, "ana@example.org")
        attacker_session = start_session(tx, person, NOW)
        _, attacker_token = create_token(tx, person, name="kept", scopes=["read"], now=NOW)
    asks_for_reset(database, "ana@example.org")
    [link] = reset_links(database, "ana@example.org")

    reset_password(database, token=link, new_password=NEW, now=NOW)

    assert resolve_session(session, attacker_session, NOW) is None
    assert authenticate_token(session, attacker_token, NOW) is None
    assert signs_in(database, "ana@example.org", NEW) == "ana@example.org"
    with pytest.raises(ResetTokenInvalid):
        reset_password(database, token=link, new_password="yet another one", now=NOW)


def test_a_new_reset_link_replaces_the_last_instead_of_adding_one(
    database: Database, ana: str
) -> None:
    asks_for_reset(database, ana)
    asks_for_reset(database, ana, now=NOW + WINDOW + timedelta(seconds=1))

    first, second = reset_links(database, ana)
    with pytest.raises(ResetTokenInvalid):
        reset_password(database, token=first, new_password=NEW, now=NOW + WINDOW)
    reset_password(database, token=second, new_password=NEW, now=NOW + WINDOW)


def test_a_flood_of_reset_requests_mails_once_and_the_source_is_paused(
    database: Database, ana: str
) -> None:
    for _ in range(RESET.per_source):
        asks_for_reset(database, ana, source="10.6.6.6")
    with pytest.raises(SignInLocked):
        asks_for_reset(database, ana, source="10.6.6.6")
    asks_for_reset(database, ana, source="10.7.7.7")  # another source: answered, not mailed

    assert len(reset_links(database, ana)) == 1


def test_a_reset_for_an_unknown_email_queues_nothing_and_takes_as_long(
    database: Database, ana: str
) -> None:
    took = {}
    for email in (ana, "nobody@example.org"):
        started = time.monotonic()
        asks_for_reset(database, email, source=email)
        took[email] = time.monotonic() - started

    assert reset_links(database, "nobody@example.org") == []
    assert min(took.values()) >= EVEN_ANSWER.total_seconds()


def test_an_expired_reset_link_is_refused(database: Database, ana: str) -> None:
    asks_for_reset(database, ana)
    [link] = reset_links(database, ana)

    with pytest.raises(ResetTokenInvalid):
        reset_password(database, token=link, new_password=NEW, now=NOW + timedelta(hours=2))


def test_a_reset_opens_an_account_whose_sign_up_link_was_lost(database: Database) -> None:
    register(
        database,
        email="ana@example.org",
        display_name="Ana",
        password=PASSWORD,
        region=None,
        source="10.0.0.1",
        public_url=URL,
        now=NOW,
    )
    asks_for_reset(database, "ana@example.org")
    [link] = reset_links(database, "ana@example.org")

    reset_password(database, token=link, new_password=NEW, now=NOW)

    assert signs_in(database, "ana@example.org", NEW) == "ana@example.org"


class WatchedDatabase(Database):
    """A database that knows whether a unit of work is open."""

    open_units = 0

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with super().transaction() as session:
            WatchedDatabase.open_units += 1
            try:
                yield session
            finally:
                WatchedDatabase.open_units -= 1

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with super().reading() as session:
            WatchedDatabase.open_units += 1
            try:
                yield session
            finally:
                WatchedDatabase.open_units -= 1


class OutsideOnly(PasswordHasher):
    """argon2 that fails the test when it runs inside a unit of work."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.runs = 0

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self._outside()
        return super().hash(password, salt=salt)

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self._outside()
        return super().verify(hash, password)

    def _outside(self) -> None:
        assert WatchedDatabase.open_units == 0, "argon2 ran inside a transaction"
        self.runs += 1


def test_argon2_never_runs_inside_a_transaction(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    watched = WatchedDatabase(database.engine, database.sessions)
    hasher = OutsideOnly()
    monkeypatch.setattr(passwords, "_HASHER", hasher)
    register(
        watched,
        email="ana@example.org",
        display_name="Ana",
        password=PASSWORD,
        region=None,
        source="10.0.0.1",
        public_url=URL,
        now=NOW,
    )
    asks_for_reset(watched, "ana@example.org")
    [link] = reset_links(watched, "ana@example.org")
    reset_password(watched, token=link, new_password=NEW, now=NOW)
    with pytest.raises(SignInFailed):
        signs_in(watched, "ana@example.org", "not the password")
    assert signs_in(watched, "ana@example.org", NEW) == "ana@example.org"
    with watched.reading() as session:
        row = find_person_by_email(session, "ana@example.org")
        assert row is not None
    change_password(watched, as_person(row), current=NEW, new=PASSWORD, keep_session=None, now=NOW)

    assert hasher.runs == 6  # two hashes and four checks, each outside

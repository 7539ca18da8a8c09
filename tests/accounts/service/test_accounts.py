"""Accounts: sign-up rules, the public sign-up that answers alike for every address and opens an
account only through its mailed link, and a person's region."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.accounts.service import attempts
from crossroads.accounts.service.accounts import (
    change_region,
    confirm_address,
    new_password,
    register,
    sign_up,
)
from crossroads.accounts.service.attempts import EVEN_ANSWER, SIGN_UP, WINDOW
from crossroads.kernel.errors import EmailTaken, InvalidInput, ResetTokenInvalid, SignInLocked
from crossroads.kernel.people import Role
from crossroads.platform.database import Database
from crossroads.platform.person_rows import find_person, find_person_by_email
from tests.factories import PASSWORD, make_person
from tests.mail import messages_to

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
URL = "https://crossroads.test"


def signs_up(
    database: Database, email: str, *, source: str = "10.0.0.1", now: datetime = NOW
) -> None:
    register(
        database,
        email=email,
        display_name="Ana",
        password=PASSWORD,
        region=None,
        source=source,
        public_url=URL,
        now=now,
    )


def link_in(session: Session, email: str) -> str:
    body = messages_to(session, email)[-1].body
    return body.split(f"{URL}/sign-up/")[1].split()[0]


def test_a_new_account_is_a_client_with_a_hashed_password(session: Session) -> None:
    person = sign_up(
        session, email=" Ana@Example.org ", display_name="Ana", password=new_password(PASSWORD)
    )

    row = find_person(session, person.id)
    assert person.role is Role.CLIENT
    assert person.email == "ana@example.org"
    assert row is not None
    assert row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash


@pytest.mark.parametrize(
    ("email", "name", "field"),
    [
        ("not-an-email", "Ana", "email"),
        ("ana@example.org", "", "display_name"),
        ("ana@example.org", "x" * 101, "display_name"),
    ],
)
def test_sign_up_refuses_bad_input_naming_the_field(
    session: Session, email: str, name: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        sign_up(session, email=email, display_name=name, password=new_password(PASSWORD))
    assert refused.value.field == field


@pytest.mark.parametrize("password", ["short", "x" * 257])
def test_a_password_too_short_or_too_long_is_refused_before_hashing(password: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        new_password(password)
    assert refused.value.field == "password"


def test_an_operator_cannot_make_a_second_account_for_one_email(session: Session) -> None:
    make_person(session, "ana@example.org")
    with pytest.raises(EmailTaken):
        sign_up(
            session, email="ANA@example.org", display_name="Ana 2", password=new_password(PASSWORD)
        )


def test_a_public_sign_up_mails_a_link_that_opens_the_account_once(
    database: Database, session: Session
) -> None:
    signs_up(database, "ana@example.org")
    row = find_person_by_email(session, "ana@example.org")
    assert row is not None
    assert row.email_confirmed_at is None

    token = link_in(session, "ana@example.org")
    person = confirm_address(session, token=token, now=NOW)

    assert person.email == "ana@example.org"
    assert row.email_confirmed_at == NOW
    with pytest.raises(ResetTokenInvalid):
        confirm_address(session, token=token, now=NOW)


def test_signing_up_with_a_taken_address_changes_nothing_and_tells_its_owner(
    database: Database, session: Session
) -> None:
    owner = make_person(session, "ana@example.org")
    row = find_person(session, owner.id)
    assert row is not None
    before = row.password_hash

    signs_up(database, "ana@example.org")  # no error: the page answers as for a new address

    [message] = messages_to(session, "ana@example.org")
    assert message.subject == "Someone tried to sign up with your address"
    assert f"{URL}/password-reset" in message.body
    assert row.password_hash == before


def test_a_taken_address_gets_one_note_per_quarter_hour_however_often_it_is_tried(
    database: Database, session: Session
) -> None:
    make_person(session, "ana@example.org")
    for n in range(3):
        signs_up(database, "ana@example.org", source=f"10.0.0.{n}")
    signs_up(database, "ana@example.org", now=NOW + WINDOW + timedelta(seconds=1))

    assert len(messages_to(session, "ana@example.org")) == 2


def test_one_source_signing_up_over_and_over_is_paused(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attempts, "EVEN_ANSWER", timedelta(0))  # the words matter here, not time
    for n in range(SIGN_UP.per_source):
        signs_up(database, f"probe{n}@example.org", source="10.9.9.9")

    with pytest.raises(SignInLocked):
        signs_up(database, "one-more@example.org", source="10.9.9.9")
    signs_up(database, "one-more@example.org", source="10.0.0.2")


def test_sign_up_takes_as_long_for_a_taken_address_as_for_a_new_one(
    database: Database, session: Session
) -> None:
    make_person(session, "taken@example.org")
    took = []
    for email in ("taken@example.org", "new@example.org"):
        started = time.monotonic()
        signs_up(database, email, source=email)
        took.append(time.monotonic() - started)

    assert min(took) >= EVEN_ANSWER.total_seconds()


def test_a_region_given_at_sign_up_is_kept_in_capitals(session: Session) -> None:
    person = sign_up(
        session,
        email="ana@example.org",
        display_name="Ana",
        password=new_password(PASSWORD),
        region="ie",
    )

    assert person.region == "IE"
    assert make_person(session, "ben@example.org").region is None


def test_a_region_that_is_no_country_code_is_refused_at_sign_up(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        sign_up(
            session,
            email="ana@example.org",
            display_name="Ana",
            password=new_password(PASSWORD),
            region="UK!",
        )

    assert refused.value.field == "region"


def test_the_region_is_changed_and_forgotten(session: Session) -> None:
    person = make_person(session, "ana@example.org")

    assert change_region(session, person, "intl").region == "INTL"
    assert change_region(session, person, None).region is None
    row = find_person(session, person.id)
    assert row is not None
    assert row.region is None

"""Accounts: sign-up rules, sign-in with lock-out and throttling, password change and reset."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from crossroads.domain.errors import (
    EmailTaken,
    InvalidInput,
    ResetTokenInvalid,
    SignInFailed,
    SignInLocked,
)
from crossroads.security.consent import Role
from crossroads.services.accounts import (
    LOCK_AFTER,
    LOCK_FOR,
    SOURCE_LIMIT,
    authenticate,
    change_password,
    change_region,
    request_password_reset,
    reset_password,
    sign_up,
)
from crossroads.services.sessions import resolve_session, start_session
from crossroads.store.people import find_person
from tests.factories import PASSWORD, make_person
from tests.mail import messages_to

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def sign_in(session: Session, email: str, password: str, source: str = "10.0.0.1") -> object:
    return authenticate(session, email=email, password=password, source=source, now=NOW)


def test_a_new_account_is_a_client_with_a_hashed_password(session: Session) -> None:
    person = sign_up(session, email=" Ana@Example.org ", display_name="Ana", password=PASSWORD)

    row = find_person(session, person.id)
    assert person.role is Role.CLIENT
    assert person.email == "ana@example.org"
    assert row is not None
    assert row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash


@pytest.mark.parametrize(
    ("email", "name", "password", "field"),
    [
        ("not-an-email", "Ana", PASSWORD, "email"),
        ("ana@example.org", "", PASSWORD, "display_name"),
        ("ana@example.org", "x" * 101, PASSWORD, "display_name"),
        ("ana@example.org", "Ana", "short", "password"),
        ("ana@example.org", "Ana", "x" * 257, "password"),
    ],
)
def test_sign_up_refuses_bad_input_naming_the_field(
    session: Session, email: str, name: str, password: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        sign_up(session, email=email, display_name=name, password=password)
    assert refused.value.field == field


def test_an_email_can_hold_only_one_account(session: Session) -> None:
    make_person(session, "ana@example.org")
    with pytest.raises(EmailTaken):
        sign_up(session, email="ANA@example.org", display_name="Ana 2", password=PASSWORD)


def test_the_right_password_signs_in_and_a_wrong_one_does_not(session: Session) -> None:
    make_person(session, "ana@example.org")

    assert sign_in(session, "ana@example.org", PASSWORD).email == "ana@example.org"  # type: ignore[attr-defined]
    with pytest.raises(SignInFailed):
        sign_in(session, "ana@example.org", "wrong password!")
    with pytest.raises(SignInFailed):
        sign_in(session, "nobody@example.org", PASSWORD)


def test_repeated_failures_pause_the_account_then_it_opens_again(session: Session) -> None:
    make_person(session, "ana@example.org")
    for attempt in range(LOCK_AFTER):
        with pytest.raises(SignInFailed):
            sign_in(
                session, "ana@example.org", f"wrong {attempt} password", source=f"10.0.1.{attempt}"
            )

    with pytest.raises(SignInLocked):
        sign_in(session, "ana@example.org", PASSWORD, source="10.0.2.1")
    later = NOW + LOCK_FOR + timedelta(seconds=1)
    person = authenticate(
        session, email="ana@example.org", password=PASSWORD, source="10.0.2.1", now=later
    )
    assert person.email == "ana@example.org"


def test_one_address_guessing_many_accounts_is_throttled(session: Session) -> None:
    for n in range(SOURCE_LIMIT):
        with pytest.raises(SignInFailed):
            sign_in(session, f"guess{n}@example.org", "a guessed password", source="10.9.9.9")

    make_person(session, "ana@example.org")
    with pytest.raises(SignInLocked):
        sign_in(session, "ana@example.org", PASSWORD, source="10.9.9.9")
    assert sign_in(session, "ana@example.org", PASSWORD, source="10.0.0.2")


def test_changing_the_password_signs_out_other_sessions(session: Session) -> None:
    person = make_person(session, "ana@example.org")
    here = start_session(session, person, NOW)
    elsewhere = start_session(session, person, NOW)
    here_session = resolve_session(session, here, NOW)
    assert here_session is not None

    change_password(
        session,
        person,
        current=PASSWORD,
        new="a brand new passphrase",
        keep_session=here_session.token_digest,
    )

    assert resolve_session(session, here, NOW) is not None
    assert resolve_session(session, elsewhere, NOW) is None
    assert sign_in(session, "ana@example.org", "a brand new passphrase")


def test_changing_the_password_needs_the_current_one(session: Session) -> None:
    person = make_person(session, "ana@example.org")
    with pytest.raises(InvalidInput, match="current_password"):
        change_password(
            session, person, current="not it at all", new="another passphrase", keep_session=None
        )


def test_a_reset_link_is_queued_in_the_outbox_and_works_once(session: Session) -> None:
    make_person(session, "ana@example.org")

    request_password_reset(
        session, email="ana@example.org", public_url="https://crossroads.test", now=NOW
    )

    [message] = messages_to(session, "ana@example.org")
    token = message.body.split("https://crossroads.test/password-reset/")[1].split()[0]
    reset_password(session, token=token, new_password="a fresh passphrase", now=NOW)
    assert sign_in(session, "ana@example.org", "a fresh passphrase")
    with pytest.raises(ResetTokenInvalid):
        reset_password(session, token=token, new_password="yet another one", now=NOW)


def test_a_reset_for_an_unknown_email_queues_nothing_and_says_nothing(session: Session) -> None:
    request_password_reset(
        session, email="nobody@example.org", public_url="https://crossroads.test", now=NOW
    )
    assert messages_to(session, "nobody@example.org") == []


def test_an_expired_reset_link_is_refused(session: Session) -> None:
    make_person(session, "ana@example.org")
    request_password_reset(
        session, email="ana@example.org", public_url="https://crossroads.test", now=NOW
    )
    [message] = messages_to(session, "ana@example.org")
    token = message.body.split("/password-reset/")[1].split()[0]

    with pytest.raises(ResetTokenInvalid):
        reset_password(
            session, token=token, new_password="a fresh passphrase", now=NOW + timedelta(hours=2)
        )


def test_a_region_given_at_sign_up_is_kept_in_capitals(session: Session) -> None:
    person = sign_up(
        session, email="ana@example.org", display_name="Ana", password=PASSWORD, region="ie"
    )

    assert person.region == "IE"
    assert make_person(session, "ben@example.org").region is None


def test_a_region_that_is_no_country_code_is_refused_at_sign_up(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        sign_up(
            session, email="ana@example.org", display_name="Ana", password=PASSWORD, region="UK!"
        )

    assert refused.value.field == "region"


def test_the_region_is_changed_and_forgotten(session: Session) -> None:
    person = make_person(session, "ana@example.org")

    assert change_region(session, person, "intl").region == "INTL"
    assert change_region(session, person, None).region is None
    row = find_person(session, person.id)
    assert row is not None
    assert row.region is None

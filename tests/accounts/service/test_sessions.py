"""Sessions: the second factor works once per code, rotates the session, and counts toward the
sign-in lock; sessions time out when idle and when old."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy.orm import Session

from crossroads.accounts.service.attempts import CODES, SIGN_IN, WINDOW, forget_failures
from crossroads.accounts.service.sessions import (
    IDLE_TIMEOUT,
    SESSION_LENGTH,
    SignedIn,
    begin_totp_setup,
    confirm_totp,
    mark_seen,
    pass_second_factor,
    resolve_session,
    start_session,
)
from crossroads.kernel.errors import SecondFactorFailed, SignInLocked
from crossroads.kernel.people import Person
from crossroads.platform.vault import Vault
from crossroads.security.encryption import MasterKeys
from tests.factories import make_person

NOW = datetime(2026, 11, 23, 12, 0, 15, tzinfo=UTC)


def half_signed_in(session: Session, person: Person, now: datetime = NOW) -> SignedIn:
    signed_in = resolve_session(session, start_session(session, person, now), now)
    assert signed_in is not None
    return signed_in


@pytest.fixture
def doctor(session: Session, master_keys: MasterKeys) -> tuple[Person, str]:
    """A practitioner with two-factor sign-in on, and their authenticator's secret."""
    person = make_person(session, "dr@example.org", role="practitioner")
    vault = Vault(session, master_keys)
    secret = begin_totp_setup(session, vault, person)
    earlier = NOW - timedelta(minutes=5)
    code = pyotp.TOTP(secret).at(earlier)
    confirm_totp(
        session, vault, half_signed_in(session, person, earlier), code, source="s", now=earlier
    )
    return person, secret


def code_passes(
    session: Session, master_keys: MasterKeys, person: Person, code: str, now: datetime = NOW
) -> str:
    return pass_second_factor(
        session,
        Vault(session, master_keys),
        half_signed_in(session, person, now),
        code,
        source="10.0.0.1",
        now=now,
    )


def test_a_code_is_good_once_and_so_is_every_code_before_it(
    session: Session, master_keys: MasterKeys, doctor: tuple[Person, str]
) -> None:
    person, secret = doctor
    app = pyotp.TOTP(secret)
    code_passes(session, master_keys, person, app.at(NOW))

    for earlier in (app.at(NOW), app.at(NOW - timedelta(seconds=30))):
        with pytest.raises(SecondFactorFailed):
            code_passes(session, master_keys, person, earlier)
    code_passes(session, master_keys, person, app.at(NOW + timedelta(seconds=30)))


def test_passing_the_second_factor_replaces_the_session(
    session: Session, master_keys: MasterKeys, doctor: tuple[Person, str]
) -> None:
    person, secret = doctor
    token = start_session(session, person, NOW)
    before = resolve_session(session, token, NOW)
    assert before is not None
    assert not before.complete

    new = pass_second_factor(
        session,
        Vault(session, master_keys),
        before,
        pyotp.TOTP(secret).at(NOW),
        source="10.0.0.1",
        now=NOW,
    )

    after = resolve_session(session, new, NOW)
    assert resolve_session(session, token, NOW) is None
    assert after is not None
    assert after.complete


def test_wrong_codes_pause_the_account_until_the_window_passes(
    session: Session, master_keys: MasterKeys, doctor: tuple[Person, str]
) -> None:
    person, secret = doctor
    for n in range(SIGN_IN.per_account):
        with pytest.raises(SecondFactorFailed):
            code_passes(session, master_keys, person, f"{n:06d}")

    with pytest.raises(SignInLocked):
        code_passes(session, master_keys, person, pyotp.TOTP(secret).at(NOW))
    later = NOW + WINDOW + timedelta(seconds=1)
    code_passes(session, master_keys, person, pyotp.TOTP(secret).at(later), now=later)


def test_a_session_times_out_when_left_idle_and_lives_while_used(session: Session) -> None:
    person = make_person(session, "ana@example.org")
    token = start_session(session, person, NOW)
    used = NOW + IDLE_TIMEOUT - timedelta(minutes=1)
    signed_in = resolve_session(session, token, used)
    assert signed_in is not None
    mark_seen(session, signed_in, used)

    assert resolve_session(session, token, used + IDLE_TIMEOUT - timedelta(seconds=1))
    assert resolve_session(session, token, used + IDLE_TIMEOUT) is None


def test_a_session_ends_after_its_last_day_however_busy(session: Session) -> None:
    person = make_person(session, "ana@example.org")
    token = start_session(session, person, NOW)
    end = NOW + SESSION_LENGTH

    assert resolve_session(session, token, end, idle_timeout=SESSION_LENGTH * 2) is None


def test_wrong_codes_spread_over_the_day_pause_codes_for_a_day(
    session: Session, master_keys: MasterKeys, doctor: tuple[Person, str]
) -> None:
    """Someone who has the password waits out each short pause; the daily limit stops them."""
    person, secret = doctor
    app = pyotp.TOTP(secret)
    at = NOW
    for n in range(CODES.per_account):
        if n and n % SIGN_IN.per_account == 0:
            at += WINDOW + timedelta(seconds=1)  # the short pause is over
        with pytest.raises(SecondFactorFailed):
            code_passes(session, master_keys, person, f"{n:06d}", now=at)

    after_short_pause = at + WINDOW + timedelta(seconds=1)
    with pytest.raises(SignInLocked):
        code_passes(session, master_keys, person, app.at(after_short_pause), now=after_short_pause)
    next_day = at + CODES.window + timedelta(seconds=1)
    code_passes(session, master_keys, person, app.at(next_day), now=next_day)


def test_the_owner_s_reset_clears_the_daily_pause_on_codes(
    session: Session, master_keys: MasterKeys, doctor: tuple[Person, str]
) -> None:
    person, secret = doctor
    at = NOW
    for n in range(CODES.per_account):
        if n and n % SIGN_IN.per_account == 0:
            at += WINDOW + timedelta(seconds=1)
        with pytest.raises(SecondFactorFailed):
            code_passes(session, master_keys, person, f"{n:06d}", now=at)

    forget_failures(session, email=person.email)  # what a completed reset does

    soon = at + timedelta(seconds=30)
    code_passes(session, master_keys, person, pyotp.TOTP(secret).at(soon), now=soon)

"""One throttle for everything that can be guessed or flooded: wrong passwords and wrong
two-factor codes share an account's lock and a source address's limit; reset requests and
sign-ups have limits of their own. Known and unknown addresses are counted alike, so a lock looks
the same whether or not an account exists."""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.domain.errors import SignInLocked
from crossroads.security.tokens import token_digest
from crossroads.store import sign_ins

WINDOW = timedelta(minutes=15)  # how far back every limit looks, and how long a pause lasts
# Sign-up and reset requests answer no sooner than this, whatever they found: the work for a
# known address must not be told apart by time from the work for an unknown one.
EVEN_ANSWER = timedelta(milliseconds=250)


@dataclass(frozen=True)
class Limit:
    kind: str
    per_account: int  # attempts naming one address within WINDOW
    per_source: int  # attempts from one client address within WINDOW


# Five wrong passwords or codes pause the account for a quarter of an hour: at six-digit codes
# (three valid at a time) that is about 1 in 30,000 a day, where the unthrottled form let a
# code fall in 38 minutes.
SIGN_IN = Limit("sign_in", per_account=5, per_source=20)
RESET = Limit("reset", per_account=1, per_source=5)  # one reset mail per account per window
# A shared address (a clinic, a school) may sign up many people; the limit stops a mail flood.
SIGN_UP = Limit("sign_up", per_account=1, per_source=30)  # one mail per address per window


def account_key(email: str) -> str:
    """What the attempts table keeps of an address: a digest, forgotten after one window."""
    return token_digest("account:" + email.strip().lower())


def refuse_if_paused(
    session: Session, limit: Limit, *, source: str, email: str | None, now: datetime
) -> None:
    """SignInLocked while this source, or this address when given, has used up its attempts;
    the pause ends a window after the last attempt counted."""
    since = now - WINDOW
    sign_ins.forget_attempts_before(session, since)  # keeps the table to one window's worth
    checks = [(sign_ins.attempts_by_source(session, limit.kind, source, since), limit.per_source)]
    if email is not None:
        named = sign_ins.attempts_on_account(session, limit.kind, account_key(email), since)
        checks.append((named, limit.per_account))
    for times, allowed in checks:
        if len(times) >= allowed:
            raise SignInLocked(times[-1] + WINDOW)


def account_is_over(session: Session, limit: Limit, *, email: str, now: datetime) -> bool:
    """Whether this address had used up its attempts before the one just counted."""
    times = sign_ins.attempts_on_account(session, limit.kind, account_key(email), now - WINDOW)
    return len(times) > limit.per_account


def count_attempt(
    session: Session, limit: Limit, *, email: str, source: str, now: datetime
) -> None:
    sign_ins.record_attempt(
        session, kind=limit.kind, source=source, account=account_key(email), at=now
    )


def forget_failures(session: Session, *, email: str) -> None:
    """A right password and code clear the account's count, as a lock-out would."""
    sign_ins.forget_account_attempts(session, SIGN_IN.kind, account_key(email))


def answer_evenly(started: float) -> None:
    """Wait until EVEN_ANSWER has passed since `started` (a time.monotonic() reading). Call it
    after the unit of work has ended, never inside it."""
    time.sleep(max(0.0, EVEN_ANSWER.total_seconds() - (time.monotonic() - started)))

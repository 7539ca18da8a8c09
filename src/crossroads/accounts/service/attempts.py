"""One throttle for everything that can be guessed or flooded: wrong passwords and wrong
two-factor codes share an account's lock and a source address's limit, and codes have a daily
limit besides; reset requests and sign-ups have limits of their own. Known and unknown
addresses are counted alike, so a lock looks the same whether or not an account exists."""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crossroads.accounts.store import sign_ins
from crossroads.kernel.errors import SignInLocked
from crossroads.security.tokens import token_digest

WINDOW = timedelta(minutes=15)  # how far back most limits look, and how long a pause lasts
DAY = timedelta(days=1)
# Sign-up and reset requests answer no sooner than this, whatever they found: the work for a
# known address must not be told apart by time from the work for an unknown one.
EVEN_ANSWER = timedelta(milliseconds=250)


@dataclass(frozen=True)
class Limit:
    kind: str
    per_account: int  # attempts naming one address within `window`
    per_source: int  # attempts from one client address within `window`
    window: timedelta = WINDOW  # how far back the limit looks, and how long its pause lasts


# Five wrong passwords or codes pause the account for a quarter of an hour.
SIGN_IN = Limit("sign_in", per_account=5, per_source=20)
# That alone lets someone who has the password try 480 codes a day: with three six-digit codes
# valid at a time, about a 1 in 700 chance each day. Ten wrong codes in a day pause codes for a
# day after the last: about 1 in 33,000 a day. Only someone past the password can spend these,
# so a stranger cannot lock the owner out for a day, and the owner's reset clears them.
CODES = Limit("code", per_account=10, per_source=50, window=DAY)
RESET = Limit("reset", per_account=1, per_source=5)  # one reset mail per account per window
# A shared address (a clinic, a school) may sign up many people; the limit stops a mail flood.
SIGN_UP = Limit("sign_up", per_account=1, per_source=30)  # one mail per address per window
LONGEST = max(limit.window for limit in (SIGN_IN, CODES, RESET, SIGN_UP))


def account_key(email: str) -> str:
    """What the attempts table keeps of an address: a digest, forgotten after a day."""
    return token_digest("account:" + email.strip().lower())


def refuse_if_paused(
    session: Session, limit: Limit, *, source: str, email: str | None, now: datetime
) -> None:
    """SignInLocked while this source, or this address when given, has used up its attempts;
    the pause ends a window after the last attempt counted."""
    since = now - limit.window
    sign_ins.forget_attempts_before(session, now - LONGEST)  # keeps the table small
    checks = [(sign_ins.attempts_by_source(session, limit.kind, source, since), limit.per_source)]
    if email is not None:
        named = sign_ins.attempts_on_account(session, limit.kind, account_key(email), since)
        checks.append((named, limit.per_account))
    for times, allowed in checks:
        if len(times) >= allowed:
            raise SignInLocked(times[-1] + limit.window)


def account_is_over(session: Session, limit: Limit, *, email: str, now: datetime) -> bool:
    """Whether this address had used up its attempts before the one just counted."""
    times = sign_ins.attempts_on_account(
        session, limit.kind, account_key(email), now - limit.window
    )
    return len(times) > limit.per_account


def count_attempt(
    session: Session, limit: Limit, *, email: str, source: str, now: datetime
) -> None:
    sign_ins.record_attempt(
        session, kind=limit.kind, source=source, account=account_key(email), at=now
    )


def count_code_attempt(session: Session, *, email: str, source: str, now: datetime) -> None:
    """A second factor, a code from the app or a recovery code, counts toward the sign-in lock
    and toward the daily limit for codes before it is checked, so that parallel guesses cannot
    slip past; SignInLocked while either is used up."""
    for limit in (SIGN_IN, CODES):
        refuse_if_paused(session, limit, source=source, email=email, now=now)
    for limit in (SIGN_IN, CODES):
        count_attempt(session, limit, email=email, source=source, now=now)


def forget_failures(session: Session, *, email: str) -> None:
    """A right password and code, or a reset, clear the account's counts, as a lock-out
    would."""
    for limit in (SIGN_IN, CODES):
        sign_ins.forget_account_attempts(session, limit.kind, account_key(email))


def answer_evenly(started: float) -> None:
    """Wait until EVEN_ANSWER has passed since `started` (a time.monotonic() reading). Call it
    after the unit of work has ended, never inside it."""
    time.sleep(max(0.0, EVEN_ANSWER.total_seconds() - (time.monotonic() - started)))

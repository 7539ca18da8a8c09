"""Accountability: how often a goal asks for a check-in, which check-ins are due, streaks of
kept ones, and when two missed in a row call for a kind nudge.

Time is cut into periods of `every_days` days from the goal's start day, in the person's own
time zone (the caller turns instants into local days). A period is kept when at least one
check-in counts for a day inside it. Pure logic: `today` is passed in.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import finite_number, parse_written

MAX_NOTE = 2000
CONFIDENCE = range(0, 11)
SHORTEST_CUSTOM = 1  # day
LONGEST_CUSTOM = 90  # days; past this, a check-in no longer keeps a person accountable
NUDGE_AFTER = 2  # missed periods in a row


class Cadence(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    CUSTOM = "custom"


CADENCE_DAYS = {Cadence.DAILY: 1, Cadence.WEEKLY: 7, Cadence.FORTNIGHTLY: 14}


@dataclass(frozen=True)
class Schedule:
    cadence: Cadence
    every_days: int
    starts_on: date

    def period_of(self, day: date) -> int:
        """The period `day` falls in: 0 is the first; negative before the start."""
        return (day - self.starts_on).days // self.every_days

    def period_start(self, period: int) -> date:
        return self.starts_on + timedelta(days=period * self.every_days)


def plan_schedule(cadence: Cadence, starts_on: date, every_days: int | None = None) -> Schedule:
    """A schedule, or InvalidInput: a custom cadence needs its number of days, the others
    take theirs from the cadence."""
    if cadence is Cadence.CUSTOM:
        if every_days is None or not SHORTEST_CUSTOM <= every_days <= LONGEST_CUSTOM:
            raise InvalidInput(
                "every_days", f"choose between {SHORTEST_CUSTOM} and {LONGEST_CUSTOM} days"
            )
        return Schedule(cadence, every_days, starts_on)
    return Schedule(cadence, CADENCE_DAYS[cadence], starts_on)


@dataclass(frozen=True)
class Accountability:
    """Where a person stands with their check-ins on `today`."""

    due: bool  # the current period has no check-in yet
    period: int  # the current period
    period_starts: date
    next_period_starts: date
    streak: int  # kept periods in a row, up to the current one (or the last one, if not yet kept)
    missed_in_a_row: int  # periods missed in a row just before a current one still due
    kept: int  # finished or current periods with a check-in
    finished: int  # periods that have ended

    @property
    def nudge(self) -> bool:
        """Two missed in a row: time for a kind word, never a scolding."""
        return self.missed_in_a_row >= NUDGE_AFTER


def review_check_ins(schedule: Schedule, days: Iterable[date], today: date) -> Accountability:
    """Due, streak and misses from the local days check-ins count for. Days before the start
    or after today do not count."""
    current = schedule.period_of(today)
    kept_periods = {
        period for period in (schedule.period_of(day) for day in days) if 0 <= period <= current
    }
    due = current >= 0 and current not in kept_periods
    streak = 0
    period = current if current in kept_periods else current - 1
    while period >= 0 and period in kept_periods:
        streak += 1
        period -= 1
    missed = 0
    period = current - 1 if due else -1  # a check-in this period ends the run of misses
    while period >= 0 and period not in kept_periods:
        missed += 1
        period -= 1
    return Accountability(
        due=due,
        period=current,
        period_starts=schedule.period_start(max(current, 0)),
        next_period_starts=schedule.period_start(max(current + 1, 0)),
        streak=streak,
        missed_in_a_row=missed,
        kept=len(kept_periods),
        finished=max(current, 0),
    )


@dataclass(frozen=True)
class Reminder:
    period: int
    nudge: bool


def reminder_due(
    schedule: Schedule, days: Iterable[date], today: date, reminded_period: int | None
) -> Reminder | None:
    """One reminder per period that is due and not yet reminded of; `reminded_period` is the
    last period a reminder went out for. The period a goal is set in asks for none: the person
    has just been thinking about it."""
    standing = review_check_ins(schedule, days, today)
    if not standing.due or standing.period < 1:
        return None
    if reminded_period is not None and reminded_period >= standing.period:
        return None
    return Reminder(standing.period, standing.nudge)


@dataclass(frozen=True)
class CheckInReport:
    """What a person reports at a check-in: the measure's new value (a number, or done / not
    done), what they did, what got in the way, and how confident they feel, 0 to 10."""

    value: float | None = None
    done: bool | None = None
    did: str = ""
    blocked: str = ""
    confidence: int | None = None


def report_check_in(
    *,
    value: float | None = None,
    done: bool | None = None,
    did: str = "",
    blocked: str = "",
    confidence: int | None = None,
) -> CheckInReport:
    """A check-in report, or InvalidInput naming the field. Every part is optional, but an
    empty check-in says nothing and is refused."""
    did, blocked = parse_written(did, "did", MAX_NOTE), parse_written(blocked, "blocked", MAX_NOTE)
    if confidence is not None and confidence not in CONFIDENCE:
        raise InvalidInput("confidence", "choose a number from 0 to 10")
    report = CheckInReport(finite_number(value, "value"), done, did, blocked, confidence)
    if report == CheckInReport():
        raise InvalidInput("value", "add a new value, a note or how confident you feel")
    return report

"""Small promises to oneself, the exercise that rebuilds trust in oneself. A promise is a
SELF_TRUST entry; saying later that it was kept, or not yet, is a second SELF_TRUST entry (a
check) naming the promise's id and carrying its words. So both sit in the timeline, sealed like
any entry, and nothing is changed after it was written. The open promises and those kept week
by week are read from the two."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from crossroads.journal.rules.entries import MAX_TEXT, Entry, EntryKind
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_written
from crossroads.kernel.weeks import monday_of

KEPT, NOT_YET = "yes", "not_yet"
# A promise not kept within four weeks leaves the open ones quietly: the list is of what is
# still in reach, not a tally of what was missed.
OPEN_DAYS = 28
WEEKS_SHOWN = 4  # weeks of kept promises counted, this one included
KEPT_WORDS = {KEPT: "Yes", NOT_YET: "Not yet"}


@dataclass(frozen=True)
class Promise:
    id: str
    made: date
    text: str  # what the person promised
    when: str  # when and where they meant to do it


@dataclass(frozen=True)
class Promises:
    open: tuple[Promise, ...]  # newest first
    kept_by_week: tuple[int, ...]  # this week (from Monday) first, then each week before

    @property
    def kept(self) -> int:
        return sum(self.kept_by_week)


def is_check(kind: EntryKind, answers: Mapping[str, str]) -> bool:
    """Whether a SELF_TRUST entry says how a promise went, rather than making one."""
    return kind is EntryKind.SELF_TRUST and "promise_id" in answers


def is_promise(entry: Entry) -> bool:
    return entry.kind is EntryKind.SELF_TRUST and "promise_id" not in entry.answers


def plan_check(promise_id: str, promise: Entry, fields: Mapping[str, str], at: datetime) -> Entry:
    """The check of `promise`: kept ("yes") or not yet ("not_yet"), and what the person
    noticed; or InvalidInput naming the field."""
    if not is_promise(promise):
        raise InvalidInput("promise", "choose one of your promises")
    kept = fields.get("kept", "").strip()
    if kept not in KEPT_WORDS:
        raise InvalidInput("kept", "say whether you kept it, or not yet")
    words = promise.answers.get("promise") or promise.answers.get("when", "")
    answers = {"promise_id": promise_id, "promise": words, "kept": kept}
    noticed = parse_written(fields.get("noticed", ""), "noticed", MAX_TEXT)
    if noticed:
        answers["noticed"] = noticed
    return Entry(at=at, mood=None, kind=EntryKind.SELF_TRUST, answers=answers)


def check_lines(answers: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """A check as (question, answer) lines to show."""
    lines = [
        ("Your promise", answers.get("promise", "")),
        ("Did you keep it?", KEPT_WORDS.get(answers.get("kept", ""), "")),
        ("What you noticed", answers.get("noticed", "")),
    ]
    return tuple((label, text) for label, text in lines if text)


def promises_of(entries: Sequence[tuple[str, Entry]], today: date) -> Promises:
    """From a person's entries by id (their `at` in the person's time zone): the promises made
    in the last OPEN_DAYS and not kept yet, and how many were kept in each of the last
    WEEKS_SHOWN weeks, counted on the day the person said so."""
    kept_on: dict[str, date] = {}
    for _, entry in sorted(entries, key=lambda each: each[1].at):
        if is_check(entry.kind, entry.answers) and entry.answers.get("kept") == KEPT:
            kept_on.setdefault(entry.answers["promise_id"], entry.at.date())
    still_open = [
        Promise(
            entry_id,
            entry.at.date(),
            entry.answers.get("promise", ""),
            entry.answers.get("when", ""),
        )
        for entry_id, entry in entries
        if is_promise(entry)
        and entry_id not in kept_on
        and timedelta(0) <= today - entry.at.date() < timedelta(days=OPEN_DAYS)
    ]
    still_open.sort(key=lambda promise: promise.made, reverse=True)
    this_monday = monday_of(today)
    weeks = [0] * WEEKS_SHOWN
    for day in kept_on.values():
        ago = (this_monday - monday_of(day)).days // 7
        if 0 <= ago < WEEKS_SHOWN:
            weeks[ago] += 1
    return Promises(tuple(still_open), tuple(weeks))

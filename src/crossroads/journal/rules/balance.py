"""Coping and healing work, week by week: how much of a person's effort goes to getting
through the moment and how much to changing what the moment is made of, and whether reliance on
the kinds of coping that cost more later is falling.

Both are needed. Coping is the entries that name how the person coped and the tools they used
from "right now"; healing work is the exercises done, with the minutes spent staying with a
feeling. A week of coping alone is not a failure: it is often all a hard week allows. Only when
coping fills several weeks and healing work none does the journal say so, gently, as a pattern
worth noticing ("stuck in coping mode"), never as a verdict.

The balance is put in words from MIN_WORK moments of either kind; the weekly numbers are shown
sooner. Weeks are the person's own, Monday first, the last WEEKS of them with this week last.
Whether reliance on costly coping is falling compares the share of such coping in the earlier
half of those weeks with the later half: each half needs MIN_USES uses of coping, and a change
under SHARE_CHANGE is called steady. Pure logic.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from crossroads.journal.rules.coping import is_maladaptive
from crossroads.journal.rules.entries import Entry, EntryKind
from crossroads.kernel.weeks import monday_of

WEEKS = 8
MIN_USES = 6
SHARE_CHANGE = 0.15
MIN_WORK = 10  # moments of coping and pieces of healing work before the balance is put in words
STUCK_WEEKS = 4  # weeks of coping with no healing work before it is named
STUCK_COPING = 6  # and at least this much coping over them


@dataclass(frozen=True)
class WeekOfWork:
    starts: date  # the Monday
    entries: int  # journal entries proper, whatever they say
    coped: int  # of those, the ones naming how the person coped
    tools: int  # tools for the moment used
    exercises: int  # healing exercises done
    minutes_felt: int  # minutes spent staying with a feeling
    coping_uses: int  # kinds of coping named, tools included
    maladaptive_uses: int

    @property
    def coping(self) -> int:
        return self.coped + self.tools

    @property
    def healing(self) -> int:
        return self.exercises


@dataclass(frozen=True)
class Balance:
    weeks: tuple[WeekOfWork, ...]  # oldest first, this week last
    reliance: str | None  # "falling", "rising", "steady", or None with too little to say
    earlier_share: float | None  # the costly share of coping in the earlier half
    later_share: float | None
    stuck: bool  # coping for STUCK_WEEKS weeks and no healing work

    @property
    def this_week(self) -> WeekOfWork:
        return self.weeks[-1]

    @property
    def any_work(self) -> bool:
        return any(week.coping or week.healing for week in self.weeks)

    @property
    def enough(self) -> bool:
        """Enough work over the weeks to put the balance in words (the table shows it sooner)."""
        return sum(week.coping + week.healing for week in self.weeks) >= MIN_WORK


def balance(entries: Sequence[Entry], today: date, weeks_shown: int = WEEKS) -> Balance:
    """The last `weeks_shown` weeks' coping and healing work, from entries in the person's own
    zone; whether reliance is falling compares the two halves of them."""
    first = monday_of(today) - timedelta(weeks=weeks_shown - 1)
    starts = [first + timedelta(weeks=n) for n in range(weeks_shown)]
    by_week: dict[date, list[Entry]] = {start: [] for start in starts}
    for entry in entries:
        week = monday_of(entry.at.date())
        if week in by_week and entry.at.date() <= today:
            by_week[week].append(entry)
    weeks = tuple(_week(start, by_week[start]) for start in starts)
    half = weeks_shown // 2
    earlier, later = _share(weeks[:half]), _share(weeks[half:])
    reliance = None
    if earlier is not None and later is not None:
        change = round(later - earlier, 9)
        reliance = (
            "falling"
            if change <= -SHARE_CHANGE
            else "rising"
            if change >= SHARE_CHANGE
            else "steady"
        )
    recent = weeks[-STUCK_WEEKS:]
    stuck = not any(week.healing for week in recent) and (
        sum(week.coping for week in recent) >= STUCK_COPING
    )
    return Balance(weeks, reliance, earlier, later, stuck)


def _week(starts: date, entries: list[Entry]) -> WeekOfWork:
    proper = [entry for entry in entries if entry.kind is EntryKind.ENTRY]
    kinds = [kind for entry in entries if not entry.is_exercise for kind in entry.all_coping]
    return WeekOfWork(
        starts=starts,
        entries=len(proper),
        coped=sum(1 for entry in proper if entry.all_coping),
        tools=sum(1 for entry in entries if entry.is_tool),
        exercises=sum(1 for entry in entries if entry.is_exercise),
        minutes_felt=sum(_minutes(entry) for entry in entries if entry.kind is EntryKind.FEELING),
        coping_uses=len(kinds),
        maladaptive_uses=sum(1 for kind in kinds if is_maladaptive(kind)),
    )


def _minutes(entry: Entry) -> int:
    written = entry.answers.get("minutes", "")
    return int(written) if written.isascii() and written.isdigit() else 0


def _share(weeks: Sequence[WeekOfWork]) -> float | None:
    uses = sum(week.coping_uses for week in weeks)
    if uses < MIN_USES:
        return None
    return sum(week.maladaptive_uses for week in weeks) / uses

"""Patterns in a person's journal, each computed only when there is enough to say it honestly.

The rules, so that a claim is never made from a handful of entries:
- Leanings (which coping a person reaches for) need MIN_ENTRIES entries that name coping (the
  coping mix, drawn but never read, needs FIRST_FEW); a slice (a time of day, a weekday, a
  situation) needs MIN_SLICE of them, and its most used kind is named only when it is in at
  least LEAN_SHARE of the slice's entries.
- "What tends to help" pairs each entry with the next entry that has a mood, if that comes
  within a day, and compares the mood change after each kind of coping with the person's own
  usual change over all such pairs. It needs MIN_ENTRIES pairs in all; a kind needs MIN_PAIRS
  pairs, and is said to be followed by a better (or worse) mood only when it differs from the
  usual change by MIN_DIFFERENCE.
- The share of maladaptive coping is given per calendar month with at least MIN_SLICE uses.
- The mood trend is the least-squares slope over the last TREND_DAYS, from MIN_ENTRIES moods
  spread over at least MIN_TREND_SPAN days; under MIN_SLOPE points a month it is called steady.
  Its level is the mean of those moods, so that steady can be told from steadily low.

Every function is one pass over the entries (plus sorting), so ten years of daily entries cost
ten times one year. Entries carry times in the person's own zone. Pure logic.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from crossroads.journal.rules.coping import CopingKind, is_maladaptive
from crossroads.journal.rules.entries import Entry, Situation

MIN_ENTRIES = 10
# Pictures come sooner than patterns: the coping mix is drawn from FIRST_FEW entries that name
# coping, and mood over time from MOOD_DAYS days with a mood (a line needs two points). They show
# the entries as they are; nothing is read from them until the rules below allow it.
FIRST_FEW = 3
MOOD_DAYS = 2
MIN_SLICE = 5
LEAN_SHARE = 0.4
MIN_PAIRS = 5
MIN_DIFFERENCE = 1.0
NEXT_WITHIN = timedelta(days=1)
TREND_DAYS = 90
MIN_TREND_SPAN = 14
MIN_SLOPE = 0.5  # mood points per 30 days
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class KindCount:
    kind: CopingKind
    count: int  # entries naming it
    share: float  # of the entries considered


@dataclass(frozen=True)
class Leaning:
    entries: int
    kinds: tuple[KindCount, ...]  # most used first


@dataclass(frozen=True)
class SliceLeaning:
    name: str  # "Evening", "Monday", "work"
    entries: int
    top: KindCount


@dataclass(frozen=True)
class MoodAfter:
    kind: CopingKind
    pairs: int
    mean_change: float
    versus_usual: float  # mean_change minus the person's usual change


@dataclass(frozen=True)
class MoodAfterCoping:
    usual_change: float
    pairs: int
    kinds: tuple[MoodAfter, ...]  # kinds with enough pairs, most helpful first


@dataclass(frozen=True)
class MonthShare:
    month: date  # its first day
    uses: int
    maladaptive: int

    @property
    def share(self) -> float:
        return self.maladaptive / self.uses


@dataclass(frozen=True)
class MoodTrend:
    entries: int
    span_days: int
    per_month: float  # slope, mood points per 30 days
    mean_mood: float  # of the moods the slope is fitted to

    @property
    def direction(self) -> str:
        if self.per_month >= MIN_SLOPE:
            return "rising"
        if self.per_month <= -MIN_SLOPE:
            return "falling"
        return "steady"


def with_coping(entries: Sequence[Entry]) -> list[Entry]:
    return [entry for entry in entries if entry.all_coping and not entry.is_exercise]


def leaning(entries: Sequence[Entry]) -> Leaning | None:
    """How often each kind of coping is named, over the entries that name any."""
    coping = with_coping(entries)
    if len(coping) < MIN_ENTRIES:
        return None
    return Leaning(len(coping), _ranked(coping))


def coping_mix(entries: Sequence[Entry]) -> Leaning | None:
    """How often each kind of coping is named, from the first few entries that name any: the
    same count as `leaning`, drawn as it is rather than read as a leaning."""
    coping = with_coping(entries)
    if len(coping) < FIRST_FEW:
        return None
    return Leaning(len(coping), _ranked(coping))


def leaning_by_time_of_day(entries: Sequence[Entry]) -> tuple[SliceLeaning, ...]:
    return _leaning_by(entries, lambda entry: time_of_day(entry.at.hour))


def leaning_by_weekday(entries: Sequence[Entry]) -> tuple[SliceLeaning, ...]:
    return _leaning_by(entries, lambda entry: WEEKDAYS[entry.at.weekday()])


def leaning_by_situation(entries: Sequence[Entry]) -> tuple[SliceLeaning, ...]:
    return _leaning_by(entries, lambda entry: _situation_name(entry.situation))


def time_of_day(hour: int) -> str:
    if hour < 6:
        return "Night"
    if hour < 12:
        return "Morning"
    if hour < 18:
        return "Afternoon"
    return "Evening"


def mood_after_coping(entries: Sequence[Entry]) -> MoodAfterCoping | None:
    """The mood change from each entry to the next mood within a day, by kind of coping,
    against the usual change over every such pair."""
    moods = sorted(
        ((entry.at, entry.mood, entry) for entry in entries if entry.mood is not None),
        key=lambda each: each[0],
    )
    changes: list[float] = []
    by_kind: dict[CopingKind, list[float]] = defaultdict(list)
    for (at, mood, entry), (next_at, next_mood, _) in pairwise(moods):
        if next_at - at > NEXT_WITHIN:
            continue
        change = next_mood - mood
        changes.append(change)
        for kind in entry.all_coping:
            by_kind[kind].append(change)
    if len(changes) < MIN_ENTRIES:
        return None
    usual = sum(changes) / len(changes)
    kinds = [
        MoodAfter(kind, len(each), _mean(each), _mean(each) - usual)
        for kind, each in by_kind.items()
        if len(each) >= MIN_PAIRS
    ]
    kinds.sort(key=lambda after: (-after.versus_usual, after.kind.value))
    return MoodAfterCoping(usual, len(changes), tuple(kinds))


def maladaptive_by_month(entries: Sequence[Entry]) -> tuple[MonthShare, ...]:
    """Per calendar month with enough coping named: how many uses, how many maladaptive."""
    uses: Counter[date] = Counter()
    maladaptive: Counter[date] = Counter()
    for entry in with_coping(entries):
        month = entry.at.date().replace(day=1)
        for kind in entry.all_coping:
            uses[month] += 1
            maladaptive[month] += is_maladaptive(kind)
    return tuple(
        MonthShare(month, uses[month], maladaptive[month])
        for month in sorted(uses)
        if uses[month] >= MIN_SLICE
    )


def mood_trend(entries: Sequence[Entry], today: date) -> MoodTrend | None:
    """The least-squares slope of mood over the last TREND_DAYS."""
    since = today - timedelta(days=TREND_DAYS)
    points = [
        ((entry.at.date() - since).days, float(entry.mood))
        for entry in entries
        if entry.mood is not None and since < entry.at.date() <= today
    ]
    if len(points) < MIN_ENTRIES:
        return None
    days = [day for day, _ in points]
    span = max(days) - min(days)
    if span < MIN_TREND_SPAN:
        return None
    mean_day, mean_mood = _mean(days), _mean([mood for _, mood in points])
    spread = sum((day - mean_day) ** 2 for day in days)
    slope = sum((day - mean_day) * (mood - mean_mood) for day, mood in points) / spread
    # Rounded so that a slope of exactly MIN_SLOPE is not read as steady, nor a mean on a cut
    # read as past it, through float error.
    return MoodTrend(len(points), span, round(slope * 30, 9), round(mean_mood, 9))


def daily_mood(entries: Sequence[Entry]) -> tuple[tuple[date, float], ...]:
    """Each day's average mood, oldest first, for the chart."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for entry in entries:
        if entry.mood is not None:
            by_day[entry.at.date()].append(entry.mood)
    return tuple((day, round(_mean(by_day[day]), 2)) for day in sorted(by_day))


def _leaning_by(
    entries: Sequence[Entry], slice_of: Callable[[Entry], str | None]
) -> tuple[SliceLeaning, ...]:
    coping = with_coping(entries)
    if len(coping) < MIN_ENTRIES:
        return ()
    slices: dict[str, list[Entry]] = defaultdict(list)
    for entry in coping:
        name = slice_of(entry)
        if name is not None:
            slices[name].append(entry)
    found = []
    for name, members in slices.items():
        if len(members) < MIN_SLICE:
            continue
        top = _ranked(members)[0]
        if top.share >= LEAN_SHARE:
            found.append(SliceLeaning(name, len(members), top))
    return tuple(sorted(found, key=lambda each: (-each.entries, each.name)))


def _ranked(entries: Sequence[Entry]) -> tuple[KindCount, ...]:
    counts = Counter(kind for entry in entries for kind in entry.all_coping)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].value))
    return tuple(KindCount(kind, count, count / len(entries)) for kind, count in ranked)


def _situation_name(situation: Situation | None) -> str | None:
    return situation.value if situation is not None else None


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)

"""When the journal suggests talking to a therapist, and what it acknowledges along the way.

The suggestion (never a diagnosis) comes when either holds:
- Low mood that lasts: in the last LOW_WINDOW days, entries on at least MIN_DAYS different
  days, and on at least LOW_DAY_SHARE of those days the day's average mood is LOW_MOOD or
  below. Whether or not coping was logged: a person too low to note how they coped needs the
  suggestion as much as one who did. When coping is named in at least COPING_SHARE of the
  window's entries, it is also said that coping is not lifting the mood, which is when therapy
  helps most.
- Maladaptive coping dominates: in the last HABIT_WINDOW days, at least MIN_USES uses of
  coping, of which at least MALADAPTIVE_SHARE are maladaptive kinds.

Acknowledged progress: exercises done, and days the person stayed with a hard feeling rather
than avoiding it, meaning a day with a low entry (mood LOW_MOOD + 1 or below) on which only
adaptive coping was named, or a healing exercise was done. Pure logic.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from crossroads.journal.rules.coping import ADAPTIVE, is_maladaptive
from crossroads.journal.rules.entries import Entry

LOW_MOOD = 3
LOW_WINDOW = 14
MIN_DAYS = 7
LOW_DAY_SHARE = 0.7
COPING_SHARE = 0.7
HABIT_WINDOW = 28
MIN_USES = 10
MALADAPTIVE_SHARE = 0.6
ACKNOWLEDGE_DAYS = 30


@dataclass(frozen=True)
class LowMood:
    days: int  # days with entries in the window
    low_days: int
    entries: int
    with_coping: int

    @property
    def despite_coping(self) -> bool:
        """Coping was named in most entries and the mood stayed low all the same."""
        return self.with_coping >= COPING_SHARE * self.entries


@dataclass(frozen=True)
class CopingHabit:
    uses: int
    maladaptive: int


@dataclass(frozen=True)
class Escalation:
    low_mood: LowMood | None
    habit: CopingHabit | None


@dataclass(frozen=True)
class Acknowledgement:
    exercises: int  # all time
    stayed_with_it: int  # days in the last ACKNOWLEDGE_DAYS


def escalation(entries: Sequence[Entry], today: date) -> Escalation | None:
    """The reasons to suggest therapy now, or None."""
    low = _lasting_low_mood(_since(entries, today, LOW_WINDOW))
    habit = _maladaptive_habit(_since(entries, today, HABIT_WINDOW))
    if low is None and habit is None:
        return None
    return Escalation(low, habit)


def acknowledgement(entries: Sequence[Entry], today: date) -> Acknowledgement:
    recent = _since(entries, today, ACKNOWLEDGE_DAYS)
    days: dict[date, list[Entry]] = defaultdict(list)
    for entry in recent:
        days[entry.at.date()].append(entry)
    stayed = sum(1 for day_entries in days.values() if _stayed_with_it(day_entries))
    return Acknowledgement(sum(1 for entry in entries if entry.is_exercise), stayed)


def _since(entries: Sequence[Entry], today: date, window: int) -> list[Entry]:
    start = today - timedelta(days=window - 1)
    return [entry for entry in entries if start <= entry.at.date() <= today]


def _lasting_low_mood(window: list[Entry]) -> LowMood | None:
    moods: dict[date, list[int]] = defaultdict(list)
    for entry in window:
        if entry.mood is not None:
            moods[entry.at.date()].append(entry.mood)
    if len(moods) < MIN_DAYS:
        return None
    low_days = sum(1 for values in moods.values() if sum(values) / len(values) <= LOW_MOOD)
    entries = [entry for entry in window if not entry.is_exercise]
    coping = sum(1 for entry in entries if entry.all_coping)
    if low_days < LOW_DAY_SHARE * len(moods):
        return None
    return LowMood(len(moods), low_days, len(entries), coping)


def _maladaptive_habit(window: list[Entry]) -> CopingHabit | None:
    kinds = [kind for entry in window for kind in entry.all_coping]
    maladaptive = sum(1 for kind in kinds if is_maladaptive(kind))
    if len(kinds) < MIN_USES or maladaptive < MALADAPTIVE_SHARE * len(kinds):
        return None
    return CopingHabit(len(kinds), maladaptive)


def _stayed_with_it(day: list[Entry]) -> bool:
    if any(entry.is_exercise for entry in day):
        return True
    low = any(entry.mood is not None and entry.mood <= LOW_MOOD + 1 for entry in day)
    kinds = {kind for entry in day for kind in entry.all_coping}
    return low and bool(kinds) and kinds <= ADAPTIVE

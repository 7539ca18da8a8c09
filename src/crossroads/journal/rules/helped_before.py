"""What has helped this person before, from their own journal, for the "right now" page.

Two kinds of evidence, each with its own bar (patterns.py says why a few pairs are not a
pattern):
- a better mood after it: a way of coping the journal's insight finds followed by a mood at
  least MIN_DIFFERENCE points above the person's usual change (MIN_PAIRS pairs or more);
- the person's own word: entries where they rated how much it helped, at least MIN_RATINGS of
  them, averaging WELL_RATED or more of 10.
Ways of coping with a better mood after them come first, the largest lift first; then those
the person rated well, the best rated first. Only the kinds that usually help are offered: the
ones that ease the moment and cost more later are never suggested, however they were rated.
Pure logic.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from crossroads.journal.rules.coping import CopingKind, is_maladaptive
from crossroads.journal.rules.entries import Entry
from crossroads.journal.rules.patterns import MIN_DIFFERENCE, mood_after_coping

MIN_RATINGS = 3
WELL_RATED = 6.0


@dataclass(frozen=True)
class HelpedBefore:
    kind: CopingKind
    mood_lift: float | None  # points above the usual change by the next entry, when it stands out
    pairs: int  # entries followed by a mood within a day, behind mood_lift
    rating: float | None  # the mean "how much it helped", when rated often enough and well
    ratings: int


def helped_before(entries: Sequence[Entry]) -> tuple[HelpedBefore, ...]:
    """The adaptive ways of coping that have helped, best first; empty when the journal does
    not yet say."""
    lifts = {}
    after = mood_after_coping(entries)
    for each in after.kinds if after else ():
        if each.versus_usual >= MIN_DIFFERENCE and not is_maladaptive(each.kind):
            lifts[each.kind] = (each.versus_usual, each.pairs)
    rated: dict[CopingKind, list[int]] = defaultdict(list)
    for entry in entries:
        if entry.helped is not None:
            for kind in entry.all_coping:
                rated[kind].append(entry.helped)
    ratings = {
        kind: (sum(values) / len(values), len(values))
        for kind, values in rated.items()
        if len(values) >= MIN_RATINGS and not is_maladaptive(kind)
    }
    found = [
        HelpedBefore(
            kind,
            lifts[kind][0] if kind in lifts else None,
            lifts[kind][1] if kind in lifts else 0,
            ratings[kind][0] if kind in ratings else None,
            ratings[kind][1] if kind in ratings else 0,
        )
        for kind in {*lifts, *(kind for kind, (mean, _) in ratings.items() if mean >= WELL_RATED)}
    ]
    found.sort(
        key=lambda each: (
            each.mood_lift is None,
            -(each.mood_lift or 0.0),
            -(each.rating or 0.0),
            each.kind.value,
        )
    )
    return tuple(found)

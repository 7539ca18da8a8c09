"""What has helped before, ranked from a fixed journal: a better mood after a way of coping
comes first, the largest lift first; then ways the person rated well; never a costly way of
coping, and nothing from too little."""

from datetime import UTC, datetime, timedelta

from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import Entry
from crossroads.journal.rules.helped_before import helped_before

START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def pair(day: int, kind: CopingKind | None, mood: int, then: int) -> list[Entry]:
    """An entry naming `kind` (or no coping), followed the same evening by a mood of `then`."""
    at = START + timedelta(days=day)
    coping = (kind,) if kind else ()
    return [Entry(at=at, mood=mood, coping=coping), Entry(at=at + timedelta(hours=8), mood=then)]


def rated(day: int, kind: CopingKind, helped: int) -> Entry:
    return Entry(at=START + timedelta(days=day, hours=2), mood=None, coping=(kind,), helped=helped)


def journal() -> list[Entry]:
    entries: list[Entry] = []
    day = 0
    # The usual change over all 30 pairs is +1.5: movement lifts 2.5 above it, reaching out 1.5,
    # distraction falls 1.5 below it.
    for kind, lift, times in (
        (CopingKind.MOVEMENT, 4, 5),
        (CopingKind.SUPPORT, 3, 5),
        (CopingKind.SUBSTANCE, 4, 5),  # as high, but costly: never offered
        (CopingKind.DISTRACTION, 0, 5),
        (None, -1, 10),
    ):
        for _ in range(times):
            entries += pair(day, kind, 4, 4 + lift)
            day += 2
    entries += [rated(day + n, CopingKind.REST, 7) for n in range(3)]  # rated well, 3 times
    entries += [rated(day + n, CopingKind.EXPRESSION, 9) for n in range(2)]  # too few ratings
    entries += [rated(day + n, CopingKind.PROBLEM_SOLVING, 4) for n in range(4)]  # rated low
    return sorted(entries, key=lambda entry: entry.at)


def test_the_ranking_on_a_fixed_journal() -> None:
    found = helped_before(journal())

    assert [each.kind for each in found] == [
        CopingKind.MOVEMENT,
        CopingKind.SUPPORT,
        CopingKind.REST,
    ]
    movement, support, rest = found
    assert (movement.mood_lift, movement.pairs) == (2.5, 5)
    assert (support.mood_lift, support.pairs) == (1.5, 5)
    assert (rest.mood_lift, rest.rating, rest.ratings) == (None, 7.0, 3)


def test_a_costly_way_of_coping_is_never_offered_however_it_was_rated() -> None:
    entries = [rated(n, CopingKind.OVERWORK, 10) for n in range(5)]

    assert helped_before(entries) == ()


def test_an_empty_or_young_journal_says_nothing() -> None:
    assert helped_before([]) == ()
    assert helped_before(pair(0, CopingKind.MOVEMENT, 2, 9)) == ()

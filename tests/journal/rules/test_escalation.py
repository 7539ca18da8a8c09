"""When the journal suggests a therapist: lasting low mood, whether or not coping was logged, or
maladaptive coping as the main way; both sides of every threshold and window. And what it
acknowledges: exercises done and days the person stayed with a hard feeling."""

from datetime import UTC, date, datetime, timedelta

import pytest

from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import Entry, EntryKind
from crossroads.journal.rules.escalation import (
    Acknowledgement,
    CopingHabit,
    Escalation,
    LowMood,
    acknowledgement,
    escalation,
)

TODAY = date(2027, 3, 31)

REST = CopingKind.REST
SUPPORT = CopingKind.SUPPORT
AVOIDANCE = CopingKind.AVOIDANCE
SUBSTANCE = CopingKind.SUBSTANCE
OVERWORK = CopingKind.OVERWORK
PEOPLE_PLEASING = CopingKind.PEOPLE_PLEASING


def entry(
    day: int, hour: int, mood: int | None, *kinds: CopingKind, own: CopingKind | None = None
) -> Entry:
    """An entry `day` days from TODAY (-13 is thirteen days ago) at `hour`, UTC."""
    on = TODAY + timedelta(days=day)
    at = datetime(on.year, on.month, on.day, hour, tzinfo=UTC)
    return Entry(at=at, mood=mood, coping=kinds, own_coping_kind=own)


def exercise(day: int, hour: int = 12) -> Entry:
    on = TODAY + timedelta(days=day)
    at = datetime(on.year, on.month, on.day, hour, tzinfo=UTC)
    return Entry(at=at, mood=None, kind=EntryKind.SELF_COMPASSION, answers={"need": "Sleep"})


def days(count: int, mood: int, *kinds: CopingKind, start: int = 0) -> list[Entry]:
    """One entry a day going back from day `start`: `start`, `start` - 1, ..."""
    return [entry(start - n, 12, mood, *kinds) for n in range(count)]


# Lasting low mood, with or without coping


@pytest.mark.parametrize(("written_days", "flagged"), [(6, False), (7, True)])
def test_low_mood_needs_entries_on_seven_days(written_days: int, flagged: bool) -> None:
    found = escalation(days(written_days, 2, REST), TODAY)

    assert found == (Escalation(LowMood(7, 7, 7, 7), None) if flagged else None)


@pytest.mark.parametrize(
    ("low", "written_days", "flagged"),
    [
        (4, 7, False),  # 57%
        (6, 9, False),  # 67%
        (9, 13, False),  # 69%
        (7, 10, True),  # 70%
        (5, 7, True),  # 71%
    ],
)
def test_low_mood_needs_seven_in_ten_days_low(low: int, written_days: int, flagged: bool) -> None:
    history = days(low, 2, REST) + days(written_days - low, 6, REST, start=-low)

    found = escalation(history, TODAY)

    expected = LowMood(written_days, low, written_days, written_days)
    assert found == (Escalation(expected, None) if flagged else None)


def test_two_weeks_of_low_mood_with_no_coping_logged_suggests_talking_to_someone() -> None:
    found = escalation(days(14, 2), TODAY)

    assert found == Escalation(LowMood(days=14, low_days=14, entries=14, with_coping=0), None)
    assert found.low_mood is not None
    assert not found.low_mood.despite_coping


def test_a_month_at_mood_one_with_no_coping_logged_suggests_talking_to_someone() -> None:
    assert escalation(days(30, 1), TODAY) == Escalation(LowMood(14, 14, 14, 0), None)


@pytest.mark.parametrize(
    ("with_coping", "entries", "despite_coping"),
    [(0, 10, False), (6, 10, False), (69, 100, False), (70, 100, True), (7, 10, True)],
)
def test_low_mood_is_flagged_whatever_the_coping_and_is_despite_coping_from_seven_in_ten(
    with_coping: int, entries: int, despite_coping: bool
) -> None:
    # Every entry low, spread over the last ten days; the first `with_coping` name rest.
    history = [
        entry(-(n % 10), n // 10, 2, *([REST] if n < with_coping else [])) for n in range(entries)
    ]

    found = escalation(history, TODAY)

    assert found == Escalation(LowMood(10, 10, entries, with_coping), None)
    assert found.low_mood is not None
    assert found.low_mood.despite_coping is despite_coping


@pytest.mark.parametrize(("moods", "low"), [((2, 4), True), ((3, 4), False)])
def test_a_day_is_low_when_its_average_mood_is_three_or_below(
    moods: tuple[int, int], low: bool
) -> None:
    # Four low days and two good ones; a seventh day's two entries tip it to 5 in 7 (71%) or
    # leave it at 4 in 7 (57%).
    history = [
        *days(4, 2, REST),
        *days(2, 6, REST, start=-4),
        entry(-6, 9, moods[0], REST),
        entry(-6, 20, moods[1], REST),
    ]

    found = escalation(history, TODAY)

    assert found == (Escalation(LowMood(7, 5, 8, 8), None) if low else None)


@pytest.mark.parametrize(("day", "flagged"), [(-13, True), (-14, False)])
def test_low_mood_reads_only_the_last_fourteen_days(day: int, flagged: bool) -> None:
    history = [*days(6, 2, REST), entry(day, 12, 2, REST)]

    assert (escalation(history, TODAY) is not None) is flagged


def test_exercises_are_neither_days_with_a_mood_nor_entries_without_coping() -> None:
    six_low_days = days(6, 2, REST)
    seven_low_days = days(7, 2, REST)

    assert escalation([*six_low_days, exercise(-6)], TODAY) is None
    assert escalation([*seven_low_days, exercise(-1), exercise(-2), exercise(-3)], TODAY) == (
        Escalation(LowMood(7, 7, 7, 7), None)
    )


# Maladaptive coping as the main way


@pytest.mark.parametrize(("uses", "flagged"), [(9, False), (10, True)])
def test_a_coping_habit_needs_ten_uses(uses: int, flagged: bool) -> None:
    found = escalation(days(uses, 6, AVOIDANCE), TODAY)

    assert found == (Escalation(None, CopingHabit(10, 10)) if flagged else None)


@pytest.mark.parametrize(
    ("maladaptive", "uses", "flagged"),
    [(5, 10, False), (59, 100, False), (60, 100, True), (6, 10, True)],
)
def test_a_coping_habit_needs_six_in_ten_uses_maladaptive(
    maladaptive: int, uses: int, flagged: bool
) -> None:
    # Spread over the last four weeks, a good mood throughout.
    history = [
        entry(-(n % 28), n // 28, 6, SUBSTANCE if n < maladaptive else REST) for n in range(uses)
    ]

    found = escalation(history, TODAY)

    assert found == (Escalation(None, CopingHabit(uses, maladaptive)) if flagged else None)


@pytest.mark.parametrize(("day", "flagged"), [(-27, True), (-28, False)])
def test_a_coping_habit_reads_only_the_last_twenty_eight_days(day: int, flagged: bool) -> None:
    history = [*days(9, 6, OVERWORK), entry(day, 12, 6, OVERWORK)]

    assert (escalation(history, TODAY) is not None) is flagged


def test_each_kind_an_entry_names_is_one_use_own_words_included() -> None:
    history = [
        *days(4, 6, AVOIDANCE),  # 4 uses, 4 maladaptive
        *[entry(-4 - n, 12, 6, REST, own=PEOPLE_PLEASING) for n in range(3)],  # 6 uses, 3
        entry(-7, 12, 6, SUBSTANCE, own=SUBSTANCE),  # the same kind twice: 1 use, 1
    ]

    assert escalation(history, TODAY) == Escalation(None, CopingHabit(11, 8))


def test_both_reasons_are_given_together() -> None:
    found = escalation(days(10, 2, AVOIDANCE), TODAY)

    assert found == Escalation(LowMood(10, 10, 10, 10), CopingHabit(10, 10))


def test_an_empty_journal_gives_no_reason() -> None:
    assert escalation([], TODAY) is None


# What is acknowledged


def test_every_exercise_ever_done_is_counted() -> None:
    history = [exercise(0), exercise(-400), entry(-1, 12, 6, REST)]

    assert acknowledgement(history, TODAY) == Acknowledgement(exercises=2, stayed_with_it=1)


@pytest.mark.parametrize(
    ("day", "stayed"),
    [
        pytest.param([entry(0, 12, 4, REST)], True, id="low-with-adaptive-coping"),
        pytest.param([entry(0, 12, 2, own=CopingKind.OWN_WAY)], True, id="own-healthy-way"),
        pytest.param([entry(0, 9, 4), entry(0, 20, 7, SUPPORT)], True, id="coping-later-on"),
        pytest.param([exercise(0)], True, id="an-exercise"),
        pytest.param([entry(0, 12, 5, REST)], False, id="not-low"),
        pytest.param([entry(0, 12, 4)], False, id="no-coping-named"),
        pytest.param([entry(0, 12, 4, REST, AVOIDANCE)], False, id="maladaptive-too"),
        pytest.param(
            [entry(0, 9, 4, REST), entry(0, 20, 7, SUBSTANCE)], False, id="maladaptive-later"
        ),
    ],
)
def test_a_day_of_staying_with_a_hard_feeling(day: list[Entry], stayed: bool) -> None:
    assert acknowledgement(day, TODAY).stayed_with_it == int(stayed)


def test_each_day_of_staying_with_it_counts_once() -> None:
    history = [entry(0, 9, 3, REST), entry(0, 20, 2, SUPPORT), exercise(0), entry(-1, 12, 4, REST)]

    assert acknowledgement(history, TODAY) == Acknowledgement(exercises=1, stayed_with_it=2)


@pytest.mark.parametrize(("day", "counted"), [(-29, True), (-30, False)])
def test_days_of_staying_with_it_are_counted_over_the_last_thirty(day: int, counted: bool) -> None:
    assert acknowledgement([entry(day, 12, 3, REST)], TODAY).stayed_with_it == int(counted)

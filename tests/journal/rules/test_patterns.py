"""Patterns in a journal, pinned on small constructed histories: leanings overall and by slice,
the mood after each kind of coping, the maladaptive share by month, the mood trend and the daily
mood. Each pattern is computed only past its threshold, and both sides of every threshold are
tested."""

from datetime import UTC, date, datetime, timedelta

import pytest

from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import Entry, EntryKind, Situation
from crossroads.journal.rules.patterns import (
    KindCount,
    Leaning,
    MonthShare,
    MoodAfter,
    MoodAfterCoping,
    MoodTrend,
    SliceLeaning,
    coping_mix,
    daily_mood,
    leaning,
    leaning_by_situation,
    leaning_by_time_of_day,
    leaning_by_weekday,
    maladaptive_by_month,
    mood_after_coping,
    mood_trend,
    time_of_day,
)

DAY0 = date(2027, 3, 1)  # a Monday; also "today" for the mood trend, whose entries lie before it

MOVEMENT = CopingKind.MOVEMENT
REST = CopingKind.REST
SUPPORT = CopingKind.SUPPORT
AVOIDANCE = CopingKind.AVOIDANCE
SUBSTANCE = CopingKind.SUBSTANCE
OVERWORK = CopingKind.OVERWORK
# Adaptive kinds other than movement, each used at most a few times to fill a slice.
OTHERS = (
    REST,
    SUPPORT,
    CopingKind.EXPRESSION,
    CopingKind.RELAXATION,
    CopingKind.PROBLEM_SOLVING,
    CopingKind.DISTRACTION,
)


def entry(
    day: int,
    hour: int,
    mood: int | None,
    *kinds: CopingKind,
    situation: Situation | None = None,
    own: CopingKind | None = None,
    minute: int = 0,
) -> Entry:
    """An entry `day` days after DAY0 at `hour` (which may run past 23) and `minute`, UTC."""
    midnight = datetime(DAY0.year, DAY0.month, DAY0.day, tzinfo=UTC)
    at = midnight + timedelta(days=day, hours=hour, minutes=minute)
    return Entry(at=at, mood=mood, coping=kinds, situation=situation, own_coping_kind=own)


def exercise(day: int, *kinds: CopingKind, hour: int = 12) -> Entry:
    """A grief exercise: no mood, and only ever coping when a test says so."""
    midnight = datetime(DAY0.year, DAY0.month, DAY0.day, tzinfo=UTC)
    return Entry(
        at=midnight + timedelta(days=day, hours=hour),
        mood=None,
        kind=EntryKind.GRIEF,
        coping=kinds,
        answers={"who": "My grandmother"},
    )


def daily(
    count: int,
    *kinds: CopingKind,
    start: int = 0,
    hour: int = 12,
    situation: Situation | None = None,
) -> list[Entry]:
    """`count` entries of mood 5 naming `kinds`, one a day from day `start`."""
    return [entry(start + n, hour, 5, *kinds, situation=situation) for n in range(count)]


# Leanings overall


@pytest.mark.parametrize(("with_coping", "found"), [(9, False), (10, True)])
def test_a_leaning_needs_ten_entries_that_name_coping(with_coping: int, found: bool) -> None:
    history = daily(with_coping, REST) + daily(5, start=20)  # the last five name no coping

    assert leaning(history) == (Leaning(10, (KindCount(REST, 10, 1.0),)) if found else None)


@pytest.mark.parametrize(("with_coping", "found"), [(2, False), (3, True)])
def test_the_coping_mix_is_drawn_from_the_first_three_entries_that_name_coping(
    with_coping: int, found: bool
) -> None:
    history = [*daily(with_coping, REST, MOVEMENT), *daily(4, start=10), exercise(20, SUPPORT)]

    expected = Leaning(
        with_coping,
        (KindCount(MOVEMENT, with_coping, 1.0), KindCount(REST, with_coping, 1.0)),
    )
    assert coping_mix(history) == (expected if found else None)


def test_exercises_do_not_count_as_entries_that_name_coping() -> None:
    assert leaning([*daily(9, REST), exercise(10, REST), exercise(11, MOVEMENT)]) is None


def test_a_leaning_counts_each_kind_over_the_entries_that_name_any() -> None:
    history = [
        *daily(5, MOVEMENT),
        *daily(3, REST, SUPPORT, start=5),
        entry(8, 12, 4, SUPPORT, own=AVOIDANCE),  # own words add a kind
        entry(9, 12, 6, MOVEMENT, own=MOVEMENT),  # the same kind twice counts once
        entry(10, 12, 5),  # names no coping: not one of the ten
        exercise(11),
    ]

    # Ten entries name coping: movement in 6, support in 3 + 1, rest in 3, avoidance in 1.
    assert leaning(history) == Leaning(
        10,
        (
            KindCount(MOVEMENT, 6, 0.6),
            KindCount(SUPPORT, 4, 0.4),
            KindCount(REST, 3, 0.3),
            KindCount(AVOIDANCE, 1, 0.1),
        ),
    )


def test_kinds_named_equally_often_are_listed_alphabetically() -> None:
    found = leaning(daily(5, REST) + daily(5, MOVEMENT, start=5))

    assert found is not None
    assert [each.kind for each in found.kinds] == [MOVEMENT, REST]


# Leanings by slice: time of day, weekday, situation


@pytest.mark.parametrize(
    ("hour", "name"),
    [
        (0, "Night"),
        (5, "Night"),
        (6, "Morning"),
        (11, "Morning"),
        (12, "Afternoon"),
        (17, "Afternoon"),
        (18, "Evening"),
        (23, "Evening"),
    ],
)
def test_the_day_is_cut_into_four_times(hour: int, name: str) -> None:
    assert time_of_day(hour) == name


@pytest.mark.parametrize(("evening", "named"), [(4, False), (5, True)])
def test_a_slice_needs_five_entries_that_name_coping(evening: int, named: bool) -> None:
    history = [
        *daily(evening, SUBSTANCE, hour=20),
        *daily(3, REST, start=10, hour=3),  # too few at night
        *daily(3, REST, start=20, hour=14),  # and in the afternoon to be a slice
    ]

    expected = (SliceLeaning("Evening", 5, KindCount(SUBSTANCE, 5, 1.0)),) if named else ()
    assert leaning_by_time_of_day(history) == expected


@pytest.mark.parametrize(("with_coping", "named"), [(9, False), (10, True)])
def test_slices_need_ten_entries_that_name_coping_in_all(with_coping: int, named: bool) -> None:
    found = leaning_by_time_of_day(daily(with_coping, SUBSTANCE, hour=20))

    assert [each.name for each in found] == (["Evening"] if named else [])


@pytest.mark.parametrize(
    ("top", "size", "share"),
    [
        (2, 5, 0.4),
        (3, 8, None),  # 0.375
        (39, 100, None),  # 0.39
        (40, 100, 0.4),
    ],
)
def test_a_slices_top_kind_is_named_from_a_share_of_four_in_ten(
    top: int, size: int, share: float | None
) -> None:
    kinds = [MOVEMENT] * top + [OTHERS[n % len(OTHERS)] for n in range(size - top)]
    at_work = [entry(n, 12, 5, kind, situation=Situation.WORK) for n, kind in enumerate(kinds)]
    elsewhere = daily(10, REST, start=200)  # no situation: in no situation's slice

    expected = (SliceLeaning("work", size, KindCount(MOVEMENT, top, share)),) if share else ()
    assert leaning_by_situation(at_work + elsewhere) == expected


def test_weekday_slices_are_named_by_day_and_listed_biggest_first() -> None:
    mondays = [entry(7 * n, 9, 5, SUPPORT) for n in range(5)]
    fridays = [entry(4 + 7 * n, 19, 5, MOVEMENT) for n in range(5)] + [entry(39, 19, 5, REST)]

    assert leaning_by_weekday(mondays + fridays) == (
        SliceLeaning("Friday", 6, KindCount(MOVEMENT, 5, 5 / 6)),
        SliceLeaning("Monday", 5, KindCount(SUPPORT, 5, 1.0)),
    )


def test_entries_without_a_situation_are_in_no_situation_slice() -> None:
    history = daily(5, OVERWORK, situation=Situation.WORK) + daily(5, REST, start=5)

    assert leaning_by_situation(history) == (SliceLeaning("work", 5, KindCount(OVERWORK, 5, 1.0)),)


# The mood after each kind of coping


def test_the_mood_after_each_kind_is_compared_with_the_usual_change() -> None:
    # Twelve hours apart, movement then rest in turn: +2 after movement, -1 after rest.
    moods = [3, 5, 4, 6, 5, 7, 6, 8, 7, 9, 8]
    history = [
        entry(0, 12 * n, mood, MOVEMENT if n % 2 == 0 else REST) for n, mood in enumerate(moods)
    ]

    # Ten pairs: five of +2 and five of -1, so the usual change is (10 - 5) / 10 = 0.5.
    # Movement: +2.0, which is 1.5 above the usual; rest: -1.0, which is 1.5 below it.
    expected = MoodAfterCoping(
        usual_change=0.5,
        pairs=10,
        kinds=(MoodAfter(MOVEMENT, 5, 2.0, 1.5), MoodAfter(REST, 5, -1.0, -1.5)),
    )
    assert mood_after_coping(history) == expected
    assert mood_after_coping(history[::-1]) == expected  # pairs follow time, not input order


@pytest.mark.parametrize(("pairs", "found"), [(9, False), (10, True)])
def test_the_mood_after_coping_needs_ten_pairs(pairs: int, found: bool) -> None:
    history = [entry(0, n, 5, REST) for n in range(pairs + 1)]

    result = mood_after_coping(history)

    assert (result.pairs if result else None) == (pairs if found else None)


@pytest.mark.parametrize(("with_support", "included"), [(4, False), (5, True)])
def test_a_kind_needs_five_pairs_to_be_compared(with_support: int, included: bool) -> None:
    history = [entry(0, n, 5, *([SUPPORT] if n < with_support else [])) for n in range(11)]

    result = mood_after_coping(history)

    assert result is not None
    assert result.kinds == ((MoodAfter(SUPPORT, 5, 0.0, 0.0),) if included else ())


@pytest.mark.parametrize(("late_by_minutes", "pairs"), [(0, 11), (1, 10)])
def test_the_next_entry_counts_only_within_a_day(late_by_minutes: int, pairs: int) -> None:
    # Six entries an hour apart, then six more starting a day (and maybe a minute) later.
    history = [entry(0, hour, 5) for hour in range(6)] + [
        entry(1, hour, 5, minute=late_by_minutes) for hour in range(5, 11)
    ]

    result = mood_after_coping(history)

    assert result is not None
    assert result.pairs == pairs


def test_an_exercise_between_two_entries_does_not_break_their_pair() -> None:
    before = [entry(0, hour, 5, REST) for hour in range(5)]
    after = [entry(0, hour, 5, REST) for hour in range(6, 12)]

    history = [*before, exercise(0, hour=5), *after]

    result = mood_after_coping(history)

    assert result is not None
    assert result.pairs == 10


# The maladaptive share by month


def test_the_maladaptive_share_is_counted_per_month_over_uses() -> None:
    history = [
        # March: five uses (an entry naming two kinds is two uses), three of them maladaptive.
        entry(2, 12, 4, MOVEMENT, AVOIDANCE),
        entry(3, 12, 3, SUBSTANCE),
        entry(4, 12, 5, REST),
        entry(5, 12, 4, AVOIDANCE, own=AVOIDANCE),  # the same kind twice is one use
        # April: six uses, one maladaptive.
        *daily(5, REST, start=31),
        entry(36, 12, 3, OVERWORK),
        exercise(37),
        # May: four uses, too few to give a share.
        *daily(4, SUBSTANCE, start=61),
    ]

    months = maladaptive_by_month(history)

    assert months == (MonthShare(date(2027, 3, 1), 5, 3), MonthShare(date(2027, 4, 1), 6, 1))
    assert months[0].share == 0.6


@pytest.mark.parametrize(("uses", "given"), [(4, False), (5, True)])
def test_a_month_needs_five_uses_of_coping(uses: int, given: bool) -> None:
    months = maladaptive_by_month(daily(uses, SUBSTANCE))

    assert months == ((MonthShare(DAY0, 5, 5),) if given else ())


# The mood trend


def test_a_mood_rising_a_point_every_ten_days_rises_three_points_a_month() -> None:
    # Morning and evening every ten days, from 80 days ago (mood 1) to today (mood 9).
    history = [entry(-80 + 10 * n, hour, 1 + n) for n in range(9) for hour in (8, 20)]

    trend = mood_trend(history, DAY0)

    assert trend == MoodTrend(
        entries=18, span_days=80, per_month=pytest.approx(3.0), mean_mood=pytest.approx(5.0)
    )
    assert trend is not None
    assert trend.direction == "rising"


def test_a_mood_falling_as_steadily_falls_three_points_a_month() -> None:
    history = [entry(-80 + 10 * n, hour, 9 - n) for n in range(9) for hour in (8, 20)]

    trend = mood_trend(history, DAY0)

    assert trend == MoodTrend(
        entries=18, span_days=80, per_month=pytest.approx(-3.0), mean_mood=pytest.approx(5.0)
    )
    assert trend is not None
    assert trend.direction == "falling"


@pytest.mark.parametrize(("span", "found"), [(13, False), (14, True)])
def test_a_trend_needs_moods_spread_over_fourteen_days(span: int, found: bool) -> None:
    history = [entry(-span, 12, 5)] * 5 + [entry(0, 12, 5)] * 5

    expected = MoodTrend(entries=10, span_days=14, per_month=0.0, mean_mood=5.0) if found else None
    assert mood_trend(history, DAY0) == expected


@pytest.mark.parametrize(("moods", "found"), [(9, False), (10, True)])
def test_a_trend_needs_ten_moods(moods: int, found: bool) -> None:
    history = [entry(-2 * n, 12, 5) for n in range(moods)]  # spread over 16 or 18 days

    trend = mood_trend([*history, exercise(-1)], DAY0)

    assert (trend.entries if trend else None) == (moods if found else None)


@pytest.mark.parametrize(("day", "counted"), [(-90, False), (-89, True), (0, True), (1, False)])
def test_a_trend_reads_only_the_last_ninety_days(day: int, counted: bool) -> None:
    history = [entry(-2 * n, 12, 5) for n in range(10)]

    trend = mood_trend([*history, entry(day, 12, 0)], DAY0)

    assert trend is not None
    assert trend.entries == (11 if counted else 10)


def test_a_trends_level_is_the_mean_of_the_moods_it_reads() -> None:
    # Moods 1 and 2 in turn over the last eighteen days; a 10 from ninety days ago is not read.
    history = [entry(-2 * n, 12, 1 + n % 2) for n in range(10)]

    trend = mood_trend([*history, entry(-90, 12, 10)], DAY0)

    assert trend is not None
    assert trend.mean_mood == 1.5


@pytest.mark.parametrize(
    ("days_apart", "first", "last", "per_month", "direction"),
    [
        (60, 5, 6, 0.5, "rising"),  # one point in 60 days
        (61, 5, 6, 0.49, "steady"),  # one point in 61 days: 30 / 61 = 0.49 a month
        (60, 6, 5, -0.5, "falling"),
        (61, 6, 5, -0.49, "steady"),
    ],
)
def test_a_trend_under_half_a_point_a_month_is_steady(
    days_apart: int, first: int, last: int, per_month: float, direction: str
) -> None:
    history = [entry(-days_apart, 12, first)] * 5 + [entry(0, 12, last)] * 5

    trend = mood_trend(history, DAY0)

    assert trend is not None
    assert round(trend.per_month, 2) == per_month
    assert trend.direction == direction


@pytest.mark.parametrize(
    ("per_month", "direction"),
    [(0.5, "rising"), (0.49, "steady"), (0.0, "steady"), (-0.49, "steady"), (-0.5, "falling")],
)
def test_the_direction_turns_at_half_a_point_a_month(per_month: float, direction: str) -> None:
    trend = MoodTrend(entries=10, span_days=30, per_month=per_month, mean_mood=5.0)

    assert trend.direction == direction


# The daily mood


def test_each_days_mood_is_its_average_oldest_first() -> None:
    history = [
        entry(1, 8, 2),
        entry(1, 13, 2),
        entry(1, 21, 3),  # (2 + 2 + 3) / 3 = 2.33
        entry(0, 9, 3),
        entry(0, 20, 4),  # (3 + 4) / 2 = 3.5
        exercise(2),  # no mood: no point for its day
    ]

    assert daily_mood(history) == ((DAY0, 3.5), (DAY0 + timedelta(days=1), 2.33))


def test_an_empty_journal_says_nothing() -> None:
    assert leaning([]) is None
    assert leaning_by_time_of_day([]) == ()
    assert leaning_by_weekday([]) == ()
    assert leaning_by_situation([]) == ()
    assert mood_after_coping([]) is None
    assert maladaptive_by_month([]) == ()
    assert mood_trend([], DAY0) is None
    assert daily_mood([]) == ()

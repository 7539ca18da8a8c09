"""The journal's insights in sentences: nothing from too little, numbers that match what was
computed, maladaptive coping named without blame, a mood that stays low named as low and never as
steady, and a therapist suggested exactly when the escalation rule gives a reason."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from crossroads.journal.rules.balance import balance
from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import Entry, EntryKind, Situation
from crossroads.journal.rules.escalation import Acknowledgement, escalation
from crossroads.journal.rules.insights import JournalInsights, journal_insights, statements

TODAY = date(2027, 5, 31)  # a Monday

MOVEMENT = CopingKind.MOVEMENT
REST = CopingKind.REST
AVOIDANCE = CopingKind.AVOIDANCE
SUBSTANCE = CopingKind.SUBSTANCE

GENTLE = (
    "It makes sense to reach for what brings relief quickly; noticing it is how other choices "
    "start to open up."
)
BLAME = {"bad", "unhealthy", "should", "must", "wrong", "fault", "failure", "failing"}


def entry(
    day: int, hour: int, mood: int | None, *kinds: CopingKind, situation: Situation | None = None
) -> Entry:
    """An entry `day` days from TODAY (-3 is three days ago) at `hour` (may run past 23), UTC."""
    midnight = datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=UTC)
    at = midnight + timedelta(days=day, hours=hour)
    return Entry(at=at, mood=mood, coping=kinds, situation=situation)


def exercise(day: int) -> Entry:
    midnight = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)
    return Entry(
        at=midnight + timedelta(days=day),
        mood=None,
        kind=EntryKind.THOUGHT_RECORD,
        answers={"thought": "I let everyone down"},
    )


def days(count: int, mood: int, *kinds: CopingKind, start: int = 0) -> list[Entry]:
    """One entry a day at noon going back from day `start`."""
    return [entry(start - n, 12, mood, *kinds) for n in range(count)]


def said(history: list[Entry], topic: str) -> list[str]:
    return [
        each.text for each in statements(journal_insights(history, TODAY)) if each.topic == topic
    ]


# Too little to go on


def test_an_empty_journal_has_no_insights_and_says_nothing() -> None:
    found = journal_insights([], TODAY)

    assert found == JournalInsights(
        entries=0,
        leaning=None,
        coping_mix=None,
        by_time_of_day=(),
        by_weekday=(),
        by_situation=(),
        mood_after=None,
        monthly=(),
        trend=None,
        daily_mood=(),
        escalation=None,
        acknowledgement=Acknowledgement(exercises=0, stayed_with_it=0),
        balance=balance([], TODAY),
    )
    assert statements(found) == ()


def test_nine_days_of_coping_are_too_few_to_say_anything() -> None:
    # Nine entries: no leaning, 8 pairs, 9 moods, one month; the mood is fine, no exercise.
    found = journal_insights(days(9, 6, REST), TODAY)

    assert len(found.daily_mood) == 9  # the chart still has its points
    assert found.coping_mix is not None  # and so has the coping mix
    assert statements(found) == ()


# Leanings


def test_a_maladaptive_top_leaning_is_named_gently() -> None:
    history = days(6, 6, AVOIDANCE) + days(4, 6, REST, start=-6)

    assert said(history, "leaning") == [
        "You most often turn to avoiding it: in 6 of the 10 entries where you named how you "
        f"coped (60%). {GENTLE}"
    ]


def test_an_adaptive_top_leaning_needs_no_reassurance() -> None:
    history = days(7, 6, MOVEMENT) + days(4, 6, REST, start=-7)

    assert said(history, "leaning") == [
        "You most often turn to movement: in 7 of the 11 entries where you named how you coped "
        "(64%)."
    ]


def test_slices_are_said_with_their_counts_and_shares() -> None:
    history = [
        # Monday evenings about work: substances five times, rest once.
        *[entry(-7 * n, 20, 6, SUBSTANCE, situation=Situation.WORK) for n in range(5)],
        entry(-35, 21, 6, REST, situation=Situation.WORK),
        # Friday mornings, no situation: rest.
        *[entry(-3 - 7 * n, 8, 6, REST) for n in range(5)],
    ]

    substances = "drinking, drugs or eating to cope"
    assert said(history, "slices") == [
        f"In the evening, you most often turn to {substances}: 5 of 6 entries (83%).",
        "In the morning, you most often turn to rest and care: 5 of 5 entries (100%).",
        f"On Mondays, you most often turn to {substances}: 5 of 6 entries (83%).",
        "On Fridays, you most often turn to rest and care: 5 of 5 entries (100%).",
        f"When it is about work, you most often turn to {substances}: 5 of 6 entries (83%).",
    ]


# What tends to help


def chain(moods: list[int]) -> list[Entry]:
    """Entries twelve hours apart, movement named on every other one from the first."""
    return [
        entry(-10, 12 * n, mood, *([MOVEMENT] if n % 2 == 0 else []))
        for n, mood in enumerate(moods)
    ]


def test_a_kind_a_point_or_more_from_the_usual_change_is_said_to_stand_out() -> None:
    # +1 after each movement, -1 after each other entry: usual change 0, movement +1.0.
    history = chain([5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5])

    assert said(history, "mood_after") == [
        "After movement, your mood by the next entry was 1.0 points higher than your usual "
        "change (5 times)."
    ]


def test_kinds_under_a_point_from_the_usual_change_do_not_stand_out() -> None:
    # After movement +1, +1, +1, +1, 0 (mean 0.8); otherwise -1, -1, -1, -1, 0: usual 0.
    history = chain([5, 6, 5, 6, 5, 6, 5, 6, 5, 5, 5])

    assert said(history, "mood_after") == [
        "No way of coping stands out yet: after each one, your mood by the next entry "
        "changed within 1 point of your usual (10 pairs of entries)."
    ]


def test_a_kind_below_the_usual_change_is_said_to_be_followed_by_lower_moods() -> None:
    # Movement +2 then rest -1 in turn: usual +0.5, movement 1.5 above it, rest 1.5 below.
    moods = [3, 5, 4, 6, 5, 7, 6, 8, 7, 9, 8]
    history = [
        entry(-10, 12 * n, mood, MOVEMENT if n % 2 == 0 else REST) for n, mood in enumerate(moods)
    ]

    assert said(history, "mood_after") == [
        "After movement, your mood by the next entry was 1.5 points higher than your usual "
        "change (5 times).",
        "After rest and care, your mood by the next entry was 1.5 points lower than your usual "
        "change (5 times).",
    ]


def test_nothing_is_said_of_coping_and_mood_when_no_kind_has_five_pairs() -> None:
    history = [entry(-10, n, 5, *([REST] if n < 4 else [])) for n in range(11)]

    assert journal_insights(history, TODAY).mood_after is not None  # ten pairs, no kind of five
    assert said(history, "mood_after") == []


# The maladaptive share over the months


def months(march: int, april: int, may: int, may_uses: int = 5) -> list[Entry]:
    """Five uses of coping in each of March and April, `may_uses` in May (over days -1 to -25),
    the first few of each month maladaptive."""
    spring = [
        entry(start - n, 12, 6, SUBSTANCE if n < maladaptive else REST)
        for start, maladaptive in ((-76, march), (-46, april))
        for n in range(5)
    ]
    may_entries = [
        entry(-1 - n % 25, n // 25, 6, SUBSTANCE if n < may else REST) for n in range(may_uses)
    ]
    return spring + may_entries


def change(share: str, direction: str) -> str:
    return (
        f"In May 2027, {share} of the coping you named was the kind that eases things now and "
        f"costs more later, {direction} from 60% in the months before."
    )


@pytest.mark.parametrize(
    ("may", "may_uses", "text"),
    [
        (1, 5, change("20%", "down")),
        (9, 20, change("45%", "down")),  # 15 points down: a change
        (23, 50, None),  # 46%, 14 points down
        (3, 5, None),  # 60%, as before
        (37, 50, None),  # 74%, 14 points up
        (15, 20, change("75%", "up")),  # 15 points up: a change
        (4, 5, change("80%", "up")),
    ],
)
def test_a_change_of_fifteen_points_in_the_maladaptive_share_is_said(
    may: int, may_uses: int, text: str | None
) -> None:
    # March and April: 3 of 5 uses maladaptive each, so 60% before May.
    assert said(months(3, 3, may, may_uses), "maladaptive") == ([text] if text else [])


def test_two_months_are_too_few_to_speak_of_a_change() -> None:
    assert said(months(3, 3, 1)[5:], "maladaptive") == []


# The mood trend


def test_the_trend_is_said_with_its_slope_and_its_evidence() -> None:
    rising = [entry(-80 + 10 * n, hour, 1 + n) for n in range(9) for hour in (8, 20)]
    steady = days(5, 5) + days(5, 5, start=-20)

    assert said(rising, "trend") == [
        "Over the last 90 days your mood has been rising by about 3.0 points a month "
        "(18 moods over 80 days)."
    ]
    assert said(steady, "trend") == [
        "Over the last 90 days your mood has held steady (10 moods over 24 days)."
    ]


def test_a_month_at_mood_one_reads_as_lasting_low_mood_never_as_held_steady() -> None:
    history = days(30, 1)

    texts = [each.text for each in statements(journal_insights(history, TODAY))]

    assert said(history, "trend") == [
        "Over the last 90 days your mood has stayed low, around 1.0 of 10 (30 moods over 29 "
        "days). That is a lot to carry for this long, and you do not have to carry it alone."
    ]
    assert not any("steady" in text for text in texts)
    assert said(history, "therapy")  # and talking to someone is suggested


def test_a_month_steady_at_eight_still_reads_as_steady_and_suggests_nothing() -> None:
    history = days(30, 8)

    assert said(history, "trend") == [
        "Over the last 90 days your mood has held steady (30 moods over 29 days)."
    ]
    assert said(history, "therapy") == []


@pytest.mark.parametrize(
    ("history", "low"),
    [
        pytest.param(days(30, 3), True, id="mean-3.0"),
        pytest.param([*days(30, 3), entry(-15, 18, 4)], False, id="mean-3.03"),
        pytest.param(days(30, 4), False, id="mean-4.0"),
    ],
)
def test_a_flat_trend_is_low_at_the_escalation_rules_low_mood_or_below(
    history: list[Entry], low: bool
) -> None:
    (text,) = said(history, "trend")

    assert ("has stayed low" in text) is low
    assert ("has held steady" in text) is not low


# Progress


def test_progress_is_acknowledged_with_its_numbers() -> None:
    one_each = [exercise(-100), entry(-2, 12, 4, REST)]
    two_each = [exercise(-100), exercise(-3), entry(-2, 12, 4, REST)]

    assert said(one_each, "progress") == [
        "You have done 1 exercise.",
        "On 1 day this past month you stayed with a hard feeling and met it with care instead "
        "of pushing it away.",
    ]
    assert said(two_each, "progress") == [
        "You have done 2 exercises.",
        "On 2 days this past month you stayed with a hard feeling and met it with care instead "
        "of pushing it away.",
    ]


# A therapist, exactly when the escalation rule gives a reason


LOW_MOOD = days(7, 2, REST)
LOW_MOOD_NO_COPING = days(7, 2)
HABIT = days(10, 6, AVOIDANCE)
BOTH = days(10, 2, AVOIDANCE)
SIX_LOW_DAYS = days(6, 2, REST)
NINE_USES = days(9, 6, AVOIDANCE)


@pytest.mark.parametrize(
    ("history", "reasons"),
    [
        pytest.param(LOW_MOOD, 1, id="lasting-low-mood"),
        pytest.param(LOW_MOOD_NO_COPING, 1, id="lasting-low-mood-no-coping-logged"),
        pytest.param(HABIT, 1, id="maladaptive-habit"),
        pytest.param(BOTH, 2, id="both"),
        pytest.param(SIX_LOW_DAYS, 0, id="six-low-days"),
        pytest.param(NINE_USES, 0, id="nine-uses"),
    ],
)
def test_a_therapist_is_suggested_exactly_when_there_is_a_reason(
    history: list[Entry], reasons: int
) -> None:
    found = escalation(history, TODAY)
    given = 0 if found is None else (found.low_mood is not None) + (found.habit is not None)
    topics = [each.topic for each in statements(journal_insights(history, TODAY))]

    assert given == reasons
    assert topics.count("therapy") == reasons
    assert topics[:reasons] == ["therapy"] * reasons  # said first


def test_the_therapy_statements_carry_the_rules_numbers() -> None:
    assert said(BOTH, "therapy") == [
        "Your mood has been low on 10 of the 10 days you wrote in the last two weeks, even "
        "though you named ways of coping in 10 of 10 entries. When coping alone is not lifting "
        "things, a therapist can help with what lies underneath.",
        "In the last four weeks, 10 of the 10 ways of coping you named were ones that cost more "
        "later. That is a sign of carrying a lot; a therapist can help you find other ways "
        "through.",
    ]


def test_two_weeks_low_with_no_coping_logged_suggests_talking_to_someone_kindly() -> None:
    assert said(days(14, 2), "therapy") == [
        "Your mood has been low on 14 of the 14 days you wrote in the last two weeks. You have "
        "not noted a way of coping, and that is all right: when things are this heavy, getting "
        "through the day is enough. Low mood that lasts this long is worth talking over with "
        "someone; a therapist can help you carry it and find what lightens it."
    ]


def test_low_mood_with_a_little_coping_logged_gives_the_count_without_saying_it_failed() -> None:
    # Coping named in 3 of 10 entries: under the share from which coping "is not lifting it".
    history = days(3, 2, REST) + days(7, 2, start=-3)

    assert said(history, "therapy") == [
        "Your mood has been low on 10 of the 10 days you wrote in the last two weeks. You named "
        "a way of coping in 3 of 10 entries. Low mood that lasts this long is worth talking "
        "over with someone; a therapist can help you carry it and find what lightens it."
    ]


@pytest.mark.parametrize(
    "history",
    [
        pytest.param(BOTH, id="low-and-avoiding"),
        pytest.param(days(14, 2), id="low-with-no-coping-logged"),
        pytest.param(days(30, 1), id="a-month-at-mood-one"),
        pytest.param(days(6, 6, AVOIDANCE) + days(4, 6, REST, start=-6), id="leaning-on-avoiding"),
        pytest.param(months(3, 3, 5), id="more-substances-this-month"),
    ],
)
def test_maladaptive_coping_and_lasting_low_mood_are_never_named_with_blame(
    history: list[Entry],
) -> None:
    texts = [each.text for each in statements(journal_insights(history, TODAY))]
    words = {word for text in texts for word in re.findall(r"[a-z]+", text.lower())}

    assert texts
    assert not words & BLAME

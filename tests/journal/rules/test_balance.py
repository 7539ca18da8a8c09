"""Coping and healing work week by week, on a fixed history: the person's own weeks (Monday
first, in their zone), tools and entries naming coping as coping, exercises and minutes with a
feeling as healing work, whether reliance on costly coping is falling, and a run of coping alone
named only when it lasts."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from crossroads.journal.rules.balance import WEEKS, balance
from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import Entry, EntryKind
from crossroads.journal.rules.insights import journal_insights, statements
from crossroads.kernel.weeks import monday_of

ZONE = ZoneInfo("America/Los_Angeles")
TODAY = date(2027, 5, 26)  # a Wednesday; its week began on Monday 24 May


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


def coped(day: date, *kinds: CopingKind, hour: int = 12) -> Entry:
    return Entry(at=at(day, hour), mood=5, coping=kinds)


def tool(day: date) -> Entry:
    return Entry(
        at=at(day),
        mood=None,
        kind=EntryKind.TOOL,
        coping=(CopingKind.RELAXATION,),
        answers={"tool": "breathing"},
    )


def felt(day: date, minutes: str) -> Entry:
    return Entry(at=at(day), mood=None, kind=EntryKind.FEELING, answers={"minutes": minutes})


def test_the_weekly_balance_of_a_fixed_history() -> None:
    monday = date(2027, 5, 24)
    history = [
        coped(monday - timedelta(days=1), CopingKind.MOVEMENT, hour=23),  # Sunday night: last week
        coped(monday, CopingKind.MOVEMENT, hour=0),  # first minute of this week
        Entry(at=at(monday), mood=6),  # an entry naming no coping
        tool(monday + timedelta(days=1)),
        felt(monday + timedelta(days=1), "7"),
        felt(monday + timedelta(days=2), "not a number"),
        Entry(at=at(monday), mood=None, kind=EntryKind.GRIEF, answers={"who": "Nan"}),
        coped(TODAY + timedelta(days=1), CopingKind.REST),  # still to come: not counted
        coped(monday - timedelta(weeks=WEEKS), CopingKind.REST),  # before the weeks shown
    ]

    found = balance(history, TODAY)

    assert len(found.weeks) == WEEKS
    assert [week.starts for week in found.weeks][-2:] == [monday - timedelta(weeks=1), monday]
    week = found.this_week
    assert (week.entries, week.coped, week.tools) == (2, 1, 1)
    assert (week.exercises, week.minutes_felt) == (3, 7)
    assert (week.coping, week.healing) == (2, 3)
    assert (week.coping_uses, week.maladaptive_uses) == (2, 0)
    assert found.weeks[-2].coped == 1
    assert all(not each.coping and not each.healing for each in found.weeks[:-2])
    assert monday_of(TODAY) == monday


def test_an_empty_history_has_empty_weeks_and_nothing_to_say() -> None:
    found = balance([], TODAY)

    assert not found.any_work
    assert not found.enough
    assert found.reliance is None
    assert not found.stuck
    assert [each.topic for each in statements(journal_insights([], TODAY))] == []


def weeks_of(shares: list[tuple[int, int]]) -> list[Entry]:
    """One week per (costly, other) pair, oldest first, ending this week."""
    entries = []
    for back, (costly, other) in enumerate(reversed(shares)):
        day = monday_of(TODAY) - timedelta(weeks=back)
        entries += [coped(day, CopingKind.SUBSTANCE) for _ in range(costly)]
        entries += [coped(day, CopingKind.MOVEMENT) for _ in range(other)]
    return entries


def test_reliance_on_costly_coping_falling_rising_steady_or_unsaid() -> None:
    falling = weeks_of([(2, 0)] * 4 + [(0, 2)] * 4)  # all costly, then none
    rising = weeks_of([(0, 2)] * 4 + [(1, 1)] * 4)  # none, then half
    steady = weeks_of([(1, 1)] * 8)
    too_little = weeks_of([(1, 0)] * 4 + [(0, 1)] * 4)  # four uses a half: under MIN_USES

    assert balance(falling, TODAY).reliance == "falling"
    assert (balance(falling, TODAY).earlier_share, balance(falling, TODAY).later_share) == (1, 0)
    assert balance(rising, TODAY).reliance == "rising"
    assert balance(steady, TODAY).reliance == "steady"
    assert balance(too_little, TODAY).reliance is None


def test_falling_reliance_is_said_without_blame_and_rising_gently() -> None:
    falling = statements(journal_insights(weeks_of([(2, 0)] * 4 + [(0, 2)] * 4), TODAY))
    rising = statements(journal_insights(weeks_of([(0, 2)] * 4 + [(1, 1)] * 4), TODAY))

    assert any("fell from 100% to 0%" in each.text for each in falling)
    said = [each.text for each in rising if "rose" in each.text]
    assert said == [
        "The share of your coping that eases things now and costs more later rose from 0% to "
        "50% between the first and the second half of these 8 weeks. That often happens when "
        "things get harder; it is worth noticing, not blaming."
    ]


def test_weeks_of_coping_alone_are_named_gently_and_healing_work_ends_it() -> None:
    coping_only = weeks_of([(0, 3)] * 4)

    assert balance(coping_only, TODAY).stuck
    texts = [each.text for each in statements(journal_insights(coping_only, TODAY))]
    assert any(
        text.startswith("For the last 4 weeks your effort has gone into coping") for text in texts
    )
    assert any("no healing work yet" in text for text in texts)
    assert not balance([*coping_only, felt(TODAY, "3")], TODAY).stuck
    assert not balance(weeks_of([(0, 1)] * 4), TODAY).stuck  # too little coping to name a run


def test_the_balance_is_put_in_words_from_ten_moments() -> None:
    nine = weeks_of([(0, 9)])

    assert [s.topic for s in statements(journal_insights(nine, TODAY))].count("balance") == 0
    ten = [*nine, tool(TODAY)]
    [said, *_] = [s.text for s in statements(journal_insights(ten, TODAY)) if s.topic == "balance"]
    assert said.startswith(
        "Over the last 8 weeks you coped with hard moments 10 times (9 in entries, 1 with a tool)"
    )

"""Everything the journal can honestly say about a person's patterns, together, and the same in
plain sentences, each with its numbers. Maladaptive coping is named as a person doing their best
with the tools to hand, never as a fault; a mood that stays low is named as low, never as steady.
Pure logic.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from crossroads.journal.rules.balance import STUCK_WEEKS, WEEKS, Balance, balance
from crossroads.journal.rules.coping import COPING, CopingKind, is_maladaptive
from crossroads.journal.rules.entries import SITUATION_NAMES, Entry, Situation
from crossroads.journal.rules.escalation import (
    LOW_MOOD,
    Acknowledgement,
    Escalation,
    LowMood,
    acknowledgement,
    escalation,
)
from crossroads.journal.rules.patterns import (
    MIN_DIFFERENCE,
    TREND_DAYS,
    Leaning,
    MonthShare,
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
)

SHARE_CHANGE = 0.15  # a month's maladaptive share this far from the months before is a change
MIN_MONTHS = 3


@dataclass(frozen=True)
class JournalInsights:
    entries: int
    leaning: Leaning | None
    coping_mix: Leaning | None  # from the first few entries naming coping, for the chart
    by_time_of_day: tuple[SliceLeaning, ...]
    by_weekday: tuple[SliceLeaning, ...]
    by_situation: tuple[SliceLeaning, ...]
    mood_after: MoodAfterCoping | None
    monthly: tuple[MonthShare, ...]
    trend: MoodTrend | None
    daily_mood: tuple[tuple[date, float], ...]
    escalation: Escalation | None
    acknowledgement: Acknowledgement
    balance: Balance


@dataclass(frozen=True)
class Statement:
    topic: str  # leaning, slices, mood_after, maladaptive, trend, progress, balance, therapy
    text: str


def journal_insights(entries: Sequence[Entry], today: date) -> JournalInsights:
    return JournalInsights(
        entries=len(entries),
        leaning=leaning(entries),
        coping_mix=coping_mix(entries),
        by_time_of_day=leaning_by_time_of_day(entries),
        by_weekday=leaning_by_weekday(entries),
        by_situation=leaning_by_situation(entries),
        mood_after=mood_after_coping(entries),
        monthly=maladaptive_by_month(entries),
        trend=mood_trend(entries, today),
        daily_mood=daily_mood(entries),
        escalation=escalation(entries, today),
        acknowledgement=acknowledgement(entries, today),
        balance=balance(entries, today),
    )


def statements(found: JournalInsights) -> tuple[Statement, ...]:
    """What the insights say, in sentences; nothing where there is too little to go on."""
    said = [*_therapy(found.escalation), *_leaning(found.leaning)]
    said += [_slice(each) for each in (*found.by_time_of_day, *found.by_weekday)]
    said += [_slice(each, situation=True) for each in found.by_situation]
    said += _mood_after(found.mood_after) + _maladaptive(found.monthly) + _trend(found.trend)
    said += _progress(found.acknowledgement) + _balance(found.balance)
    return tuple(said)


def _name(kind: CopingKind) -> str:
    return COPING[kind].name.lower()


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _leaning(found: Leaning | None) -> list[Statement]:
    if found is None:
        return []
    top = found.kinds[0]
    text = (
        f"You most often turn to {_name(top.kind)}: in {top.count} of the {found.entries} "
        f"entries where you named how you coped ({_percent(top.share)})."
    )
    if is_maladaptive(top.kind):
        text += (
            " It makes sense to reach for what brings relief quickly; noticing it is how "
            "other choices start to open up."
        )
    return [Statement("leaning", text)]


def _slice(found: SliceLeaning, situation: bool = False) -> Statement:
    where = (
        f"When it is about {SITUATION_NAMES[Situation(found.name)].lower()}"
        if situation
        else f"On {found.name}s"
        if found.name.endswith("day")
        else f"In the {found.name.lower()}"
    )
    top = found.top
    return Statement(
        "slices",
        f"{where}, you most often turn to {_name(top.kind)}: {top.count} of {found.entries} "
        f"entries ({_percent(top.share)}).",
    )


def _mood_after(found: MoodAfterCoping | None) -> list[Statement]:
    # With no kind past MIN_PAIRS there is nothing to compare, so "none stands out" would be
    # a claim made from too few pairs.
    if found is None or not found.kinds:
        return []
    standing_out = [each for each in found.kinds if abs(each.versus_usual) >= MIN_DIFFERENCE]
    if not standing_out:
        return [
            Statement(
                "mood_after",
                "No way of coping stands out yet: after each one, your mood by the next entry "
                f"changed within {MIN_DIFFERENCE:g} point of your usual ({found.pairs} pairs "
                "of entries).",
            )
        ]
    said = []
    for each in standing_out:
        direction = "higher" if each.versus_usual > 0 else "lower"
        said.append(
            Statement(
                "mood_after",
                f"After {_name(each.kind)}, your mood by the next entry was "
                f"{abs(each.versus_usual):.1f} points {direction} than your usual change "
                f"({each.pairs} times).",
            )
        )
    return said


def _maladaptive(months: tuple[MonthShare, ...]) -> list[Statement]:
    if len(months) < MIN_MONTHS:
        return []
    *before, latest = months
    usual = sum(month.maladaptive for month in before) / sum(month.uses for month in before)
    # Rounded so that a change of exactly SHARE_CHANGE counts both ways (0.6 - 0.45 < 0.15).
    if round(abs(latest.share - usual), 9) < SHARE_CHANGE:
        return []
    change = "down" if latest.share < usual else "up"
    return [
        Statement(
            "maladaptive",
            f"In {latest.month:%B %Y}, {_percent(latest.share)} of the coping you named was the "
            f"kind that eases things now and costs more later, {change} from "
            f"{_percent(usual)} in the months before.",
        )
    ]


def _trend(found: MoodTrend | None) -> list[Statement]:
    if found is None:
        return []
    evidence = f"({found.entries} moods over {found.span_days} days)"
    steady = found.direction == "steady"
    # The same cut as a low day in escalation.py: a flat line that low is low mood that has
    # lasted, and "held steady" would read as reassurance.
    if steady and found.mean_mood <= LOW_MOOD:
        return [
            Statement(
                "trend",
                f"Over the last {TREND_DAYS} days your mood has stayed low, around "
                f"{found.mean_mood:.1f} of 10 {evidence}. That is a lot to carry for this "
                "long, and you do not have to carry it alone.",
            )
        ]
    how = (
        "has held steady"
        if steady
        else f"has been {found.direction} by about {abs(found.per_month):.1f} points a month"
    )
    return [Statement("trend", f"Over the last {TREND_DAYS} days your mood {how} {evidence}.")]


def _progress(found: Acknowledgement) -> list[Statement]:
    said = []
    if found.exercises:
        plural = "s" if found.exercises != 1 else ""
        said.append(Statement("progress", f"You have done {found.exercises} exercise{plural}."))
    if found.stayed_with_it:
        plural = "s" if found.stayed_with_it != 1 else ""
        said.append(
            Statement(
                "progress",
                f"On {found.stayed_with_it} day{plural} this past month you stayed with a hard "
                "feeling and met it with care instead of pushing it away.",
            )
        )
    return said


def _therapy(found: Escalation | None) -> list[Statement]:
    if found is None:
        return []
    said = []
    if found.low_mood is not None:
        said.append(Statement("therapy", _lasting_low_mood(found.low_mood)))
    if found.habit is not None:
        habit = found.habit
        said.append(
            Statement(
                "therapy",
                f"In the last four weeks, {habit.maladaptive} of the {habit.uses} ways of coping "
                "you named were ones that cost more later. That is a sign of carrying a lot; a "
                "therapist can help you find other ways through.",
            )
        )
    return said


def _lasting_low_mood(low: LowMood) -> str:
    days = (
        f"Your mood has been low on {low.low_days} of the {low.days} days you wrote in the last "
        "two weeks"
    )
    if low.despite_coping:
        return (
            f"{days}, even though you named ways of coping in {low.with_coping} of "
            f"{low.entries} entries. When coping alone is not lifting things, a therapist can "
            "help with what lies underneath."
        )
    if low.with_coping:
        coping = f"You named a way of coping in {low.with_coping} of {low.entries} entries."
    else:
        coping = (
            "You have not noted a way of coping, and that is all right: when things are this "
            "heavy, getting through the day is enough."
        )
    return (
        f"{days}. {coping} Low mood that lasts this long is worth talking over with someone; a "
        "therapist can help you carry it and find what lightens it."
    )


def _balance(found: Balance) -> list[Statement]:
    if not found.enough:
        return []
    coped = sum(week.coped for week in found.weeks)
    tools = sum(week.tools for week in found.weeks)
    exercises = sum(week.exercises for week in found.weeks)
    minutes = sum(week.minutes_felt for week in found.weeks)
    healing = (
        f"{exercises} piece{'' if exercises == 1 else 's'} of healing work"
        if exercises
        else "no healing work yet"
    )
    if minutes:
        healing += f", with {minutes} minute{'' if minutes == 1 else 's'} staying with a feeling"
    said = [
        Statement(
            "balance",
            f"Over the last {WEEKS} weeks you coped with hard moments {coped + tools} "
            f"time{'' if coped + tools == 1 else 's'} ({coped} in entries, {tools} with a tool) "
            f"and did {healing}. Both matter: coping gets you through the moment, and healing "
            "work slowly changes what the moments are made of.",
        )
    ]
    if found.stuck:
        said.append(
            Statement(
                "balance",
                f"For the last {STUCK_WEEKS} weeks your effort has gone into coping, with no "
                "healing work. A hard stretch often allows no more than that. On a steadier day, "
                "a short exercise at your own pace can begin on what lies underneath.",
            )
        )
    if found.reliance in ("falling", "rising") and found.earlier_share is not None:
        later = found.later_share or 0.0
        moved = "fell" if found.reliance == "falling" else "rose"
        text = (
            f"The share of your coping that eases things now and costs more later {moved} from "
            f"{_percent(found.earlier_share)} to {_percent(later)} between the first and the "
            f"second half of these {WEEKS} weeks."
        )
        if found.reliance == "rising":
            text += " That often happens when things get harder; it is worth noticing, not blaming."
        said.append(Statement("balance", text))
    return said

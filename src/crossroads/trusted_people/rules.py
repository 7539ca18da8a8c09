"""What a client may share with a trusted person, and the weekly mood summary they see.

Pure logic. The summary is built from days and moods alone, so nothing the person wrote, felt
or did to cope can reach it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_written
from crossroads.kernel.weeks import monday_of

MAX_NAME = 80
SUMMARY_WEEKS = 8
# How long an emailed link opens the page. A link lives on in a mailbox; after this the client
# sends a fresh one, which also ends the old.
LINK_LIFETIME = timedelta(days=90)


class TrustedArea(StrEnum):
    SAFETY_PLAN = "safety_plan"
    MOODS = "moods"


AREA_LABELS = {
    TrustedArea.SAFETY_PLAN: "My safety plan",
    TrustedArea.MOODS: "How my mood has been, week by week (never what I wrote)",
}


@dataclass(frozen=True)
class Choice:
    """What a client chose to share with one trusted person."""

    areas: frozenset[TrustedArea]
    show_my_name: bool


@dataclass(frozen=True)
class WeekOfMoods:
    """One week, Monday first: the average mood (0 to 10, to one decimal) of the entries that
    rated one, or None when none did; and on how many days anything was written."""

    starts: date
    average: float | None
    days_written: int


def plan_name(name: str) -> str:
    """The trusted person's name as the client calls them, needed for the list and the log."""
    return parse_written(
        name, "name", MAX_NAME, missing="write their name, as you call them", what="the name"
    )


def plan_choice(areas: Iterable[str], *, show_my_name: bool) -> Choice:
    """The areas chosen, each once; InvalidInput for an unknown area or none at all (to share
    nothing, the client stops sharing instead)."""
    try:
        chosen = frozenset(TrustedArea(area) for area in areas)
    except ValueError:
        raise InvalidInput("areas", "choose from the list") from None
    if not chosen:
        raise InvalidInput("areas", "choose at least one thing to share, or stop sharing")
    return Choice(chosen, show_my_name)


def weekly_moods(
    days: Iterable[tuple[date, int | None]], today: date, weeks: int = SUMMARY_WEEKS
) -> tuple[WeekOfMoods, ...]:
    """The last `weeks` weeks up to and including today's, oldest first, from each entry's
    local day and mood (None for an entry that rated none)."""
    first = monday_of(today) - timedelta(weeks=weeks - 1)
    moods: dict[date, list[int]] = {}
    written: dict[date, set[date]] = {}
    for day, mood in days:
        if not first <= day <= today:
            continue
        week = monday_of(day)
        written.setdefault(week, set()).add(day)
        if mood is not None:
            moods.setdefault(week, []).append(mood)
    summary = []
    for index in range(weeks):
        week = first + timedelta(weeks=index)
        rated = moods.get(week, [])
        average = round(sum(rated) / len(rated), 1) if rated else None
        summary.append(WeekOfMoods(week, average, len(written.get(week, ()))))
    return tuple(summary)

"""The progress report's charts, drawn from its plain data alike for the page and the PDF: each
questionnaire over its published bands, how far along each goal is, mood over time, and the
balance of coping and healing work week by week (drawn the same way on /journal/insights).

A shared copy is sealed as it was when shared, so a chart is drawn only from what the copy
holds: a copy from before mood was kept in it has no mood chart, and a questionnaire whose name
is no longer known has its table without a picture.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from crossroads.assessment.rules.trends import SCALES, Measure, Scale, Trend
from crossroads.journal.rules.balance import WEEKS
from crossroads.journal.rules.patterns import MOOD_DAYS
from crossroads.web.bar_charts import BarChart, bar_chart
from crossroads.web.charts import DAYS_WITH_A_MOOD, MOOD_SCALE, LineChart, line_chart
from crossroads.web.measure_charts import MeasureChart, measure_chart

NOON = time(12)  # a result's day is already the client's own; noon in UTC keeps it that day


@dataclass(frozen=True)
class ReportCharts:
    """What there is enough to draw; `measures` is keyed by the questionnaire's name."""

    measures: dict[str, MeasureChart]
    goals: BarChart | None
    mood: LineChart | None
    balance: BarChart | None


def report_charts(report: Mapping[str, Any]) -> ReportCharts:
    measures = {}
    for measure in report["measures"]:
        scale = _scale_named(measure["name"])
        if scale is not None and measure["results"]:
            measures[measure["name"]] = measure_chart(_trend(scale, measure["results"]), UTC)
    journal = report["journal"]
    return ReportCharts(measures, _goals(report["goals"]), _mood(journal), _balance(journal))


def _scale_named(name: str) -> Scale | None:
    return next((scale for scale in SCALES.values() if scale.name == name), None)


def _trend(scale: Scale, results: list[dict[str, Any]]) -> Trend:
    measures = (
        Measure(
            id=str(n),
            instrument=scale.key,
            taken_at=datetime.combine(date.fromisoformat(result["day"]), NOON, UTC),
            score=result["score"],
        )
        for n, result in enumerate(results)
    )
    return Trend(scale, tuple(measures))


def _goals(goals: list[dict[str, Any]]) -> BarChart | None:
    measured = [
        (goal["what"], float(goal["percent"])) for goal in goals if goal["percent"] is not None
    ]
    if not measured:
        return None
    return bar_chart(
        measured, title="How far along each goal is", unit="%", places=0, reach=(100.0,)
    )


def _mood(journal: Mapping[str, Any]) -> LineChart | None:
    days = [(date.fromisoformat(day), float(mood)) for day, mood in journal.get("mood", [])]
    if len(days) < MOOD_DAYS:
        return None
    return line_chart(
        days,
        guide=None,
        unit="of 10",
        title="Mood over time",
        counted=DAYS_WITH_A_MOOD,
        reach=MOOD_SCALE,
    )


def balance_chart(weeks: Sequence[tuple[date, int, int]]) -> BarChart | None:
    """Healing work's share of each week's effort, from (Monday, coping, healing) per week: the
    latest WEEKS weeks with any, oldest first. One week is a number, not a picture (the table
    beside the chart gives it), so it takes two."""
    worked = sorted(week for week in weeks if week[1] or week[2])[-WEEKS:]
    if len(worked) < 2:
        return None
    years = len({monday.year for monday, _, _ in worked}) > 1
    return bar_chart(
        [
            (
                f"Week of {monday.day} {monday:%b}{f' {monday.year}' if years else ''}",
                round(100 * healing / (coping + healing)),
            )
            for monday, coping, healing in worked
        ],
        title="Healing work, share of each week's effort",
        unit="%",
        places=0,
        reach=(100.0,),
    )


def _balance(journal: Mapping[str, Any]) -> BarChart | None:
    """Copies shared before the balance was kept in them have none, and no chart."""
    return balance_chart(
        [
            (date.fromisoformat(week["week"]), week["coped"] + week["tools"], week["exercises"])
            for week in journal.get("balance", [])
        ]
    )

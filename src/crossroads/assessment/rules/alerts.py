"""What a practitioner holding a client's grant should see first on their caseload: a safety
screen that came out `urgent` or `acute` (from a result or from the client's own words), and a
result reliably worse than the one before it."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Any

from crossroads.assessment.rules.trends import SCALES, Change, Measure, Scale, Trend
from crossroads.kernel.people import local_day
from crossroads.kernel.risk import RiskLevel


class AlertKind(StrEnum):
    SAFETY = "safety screen"
    WORSENING = "reliable worsening"


@dataclass(frozen=True)
class Alert:
    """Something a practitioner holding the client's grant should see first: what raised it
    (`source_id`, a result's id), when, and the questionnaire a worsening is about (None for a
    safety screen, which every practitioner holding the grant sees)."""

    kind: AlertKind
    text: str
    source_id: str
    taken_at: datetime
    instrument: str | None = None


def alerts_of(trends: Sequence[Trend]) -> list[Alert]:
    """A latest result reliably worse than the one before it alerts: the change that has just
    happened is the one a practitioner can still act on. PHQ-9 item 9 alone asks the person
    the safety questions (a `check`) and raises no alert: see `safety_alert`."""
    alerts = []
    for trend in trends:
        latest, previous = trend.latest, trend.previous
        if previous is not None and trend.since_previous is Change.WORSENED:
            alerts.append(
                Alert(
                    AlertKind.WORSENING,
                    f"{trend.scale.name} went from {previous.score} to {latest.score}: "
                    f"{_worse_by(trend.scale)}",
                    latest.id,
                    latest.taken_at,
                    trend.scale.key,
                )
            )
    return ordered(alerts)


def alerts_raised_by(new: Sequence[Measure], earlier: Sequence[Measure]) -> list[Alert]:
    """The alerts that results just taken (`new`) raise: each is compared with the latest
    earlier result of its instrument, as `alerts_of` compares a trend's last two."""
    latest: dict[str, Measure] = {}
    for measure in sorted(earlier, key=lambda m: m.taken_at):
        latest[measure.instrument] = measure
    return alerts_of(
        [
            Trend(SCALES[measure.instrument], (latest[measure.instrument], measure))
            for measure in new
            if measure.instrument in latest
        ]
    )


def safety_alert(
    source_id: str, taken_at: datetime, level: RiskLevel, evidence: Sequence[str]
) -> Alert | None:
    """An alert for a result whose safety screen was `urgent` or `acute` (issue: alerts follow
    the level, never a `check` alone), citing what raised it."""
    if level not in (RiskLevel.URGENT, RiskLevel.ACUTE):
        return None
    said = "; ".join(evidence)
    return Alert(
        AlertKind.SAFETY,
        f"The safety screen came out {level}" + (f" ({said})" if said else ""),
        source_id,
        taken_at,
    )


def words_alert(
    source_id: str, written_at: datetime, zone: tzinfo, place: str, level: RiskLevel
) -> Alert | None:
    """An alert for a client's own words (in `place`, dated by the day it was where the client
    lives, `zone`) whose screen was `urgent` or `acute`; the words themselves stay where they
    were written."""
    if level not in (RiskLevel.URGENT, RiskLevel.ACUTE):
        return None
    day = local_day(written_at, zone)
    return Alert(
        AlertKind.SAFETY,
        f"{place}, {day.day} {day:%B}: the words screened {level}",
        source_id,
        written_at,
    )


def ordered(alerts: Sequence[Alert]) -> list[Alert]:
    """Safety alerts first, newest first within each kind."""
    order = [AlertKind.SAFETY, AlertKind.WORSENING]
    found = sorted(alerts, key=lambda a: a.taken_at, reverse=True)
    return sorted(found, key=lambda a: order.index(a.kind))


def _worse_by(scale: Scale) -> str:
    if scale.positive_from is not None:
        return f"the screen is now positive ({scale.positive_from} or more)"
    if scale.norms is None:
        return f"worse by at least {scale.smallest_change} {scale.unit}"
    return f"worse by at least {scale.smallest_change} {scale.unit}, beyond measurement error"


def alert_as_dict(alert: Alert) -> dict[str, Any]:
    return {
        "kind": str(alert.kind),
        "text": alert.text,
        "source_id": alert.source_id,
        "taken_at": alert.taken_at,
    }

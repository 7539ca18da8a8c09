"""Repeated measures: how a questionnaire's totals are read over time.

Reliable change follows Jacobson & Truax (1991), J Consult Clin Psychol 59:12-19: the standard
error of measurement is SD * sqrt(1 - r), the standard error of a difference is
sqrt(2) * SEM, and a change is reliable when |RCI| = |after - before| / S_diff exceeds 1.96
(a change that measurement error alone would produce less than 5 % of the time).

A change is called only when it is reliable *and* at least the instrument's published minimal
important difference, where one is published: with general-population norms the index alone
would call a 4-point PHQ-9 change, below the 5 points clinicians act on (Löwe 2004). An
instrument without published norms is read by its published change rule alone (WHO-5), and a
yes/no screen by whether it crossed its cut-point (PC-PTSD-5). Each constant names its source.

Response and remission are outcomes over weeks: each questionnaire asks about a recent period
(the PHQ-9 about the last two weeks), so a retake within that period of the first looks back
over many of the same days, and neither is judged from it.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from crossroads.assessment.rules.answers import parse_answers
from crossroads.assessment.rules.scoring import Scores, score_answers
from crossroads.kernel.errors import InvalidAnswer, InvalidInput

RCI_CRITICAL = 1.96  # two-tailed 5 % (Jacobson & Truax 1991)


@dataclass(frozen=True)
class Band:
    """A published severity range of totals, both ends included."""

    low: int
    high: int
    name: str


@dataclass(frozen=True)
class Norms:
    """The spread and reliability the reliable change index is computed from, and where they
    were published."""

    sd: float
    reliability: float
    source: str

    @property
    def difference_error(self) -> float:
        """S_diff = sqrt(2) * SD * sqrt(1 - r) (Jacobson & Truax 1991)."""
        return math.sqrt(2) * self.sd * math.sqrt(1 - self.reliability)


@dataclass(frozen=True)
class Scale:
    """How one instrument's total is read when it is taken again and again."""

    key: str
    name: str
    lowest: int
    highest: int
    unit: str
    higher_is_worse: bool
    bands: tuple[Band, ...]
    norms: Norms | None = None  # for the reliable change index, where published
    important_change: int | None = None  # published minimal important difference, in points
    positive_from: int | None = None  # a yes/no screen's published cut-point
    response_drop: float | None = None  # share of the baseline a response removes, if published
    remission_below: int | None = None  # totals under this are in remission, if published
    # Response and remission describe recovery from a clinical level: judged only from a
    # baseline at or above this total.
    outcome_baseline_from: int | None = None
    sources: str = ""
    recall_days: int = 14  # the period its questions ask about ("over the last 2 weeks")

    @property
    def smallest_change(self) -> int | None:
        """The fewest points, either way, that count as a change; None for a screen, which is
        read by its cut-point instead."""
        if self.positive_from is not None:
            return None
        for points in range(1, self.highest - self.lowest + 1):
            if change_between(self, self.lowest, self.lowest + points) is not Change.UNCHANGED:
                return points
        return None

    def band_of(self, score: int) -> Band:
        for band in self.bands:
            if band.low <= score <= band.high:
                return band
        raise ValueError(f"{self.key} total {score} is outside {self.lowest}-{self.highest}")


SCALES: dict[str, Scale] = {
    scale.key: scale
    for scale in (
        Scale(
            key="phq9",
            name="PHQ-9",
            lowest=0,
            highest=27,
            unit="points",
            higher_is_worse=True,
            bands=(
                Band(0, 4, "minimal"),
                Band(5, 9, "mild"),
                Band(10, 14, "moderate"),
                Band(15, 19, "moderately severe"),
                Band(20, 27, "severe"),
            ),
            norms=Norms(
                sd=3.5,
                reliability=0.89,
                source="SD 3.5 in the general population, women and men alike (Kocalevent, "
                "Hinz & Brähler, Gen Hosp Psychiatry 2013;35:551-555); Cronbach's alpha 0.89 "
                "(Kroenke, Spitzer & Williams, J Gen Intern Med 2001;16:606-613)",
            ),
            important_change=5,
            response_drop=0.5,
            remission_below=5,
            outcome_baseline_from=10,
            sources="Bands: Kroenke 2001. Minimal important change of 5 points: Löwe et al., "
            "Med Care 2004;42:1194-1201. Response, a fall of half the baseline total, and "
            "remission, a total under 5: Kroenke 2001, as applied by the ICSI depression "
            "guideline and McMillan, Gilbody & Richards, J Affect Disord 2010;127:122-129, "
            "both for people who started at 10 or more, the cut-point for probable major "
            "depression (Kroenke 2001).",
        ),
        Scale(
            key="gad7",
            name="GAD-7",
            lowest=0,
            highest=21,
            unit="points",
            higher_is_worse=True,
            bands=(
                Band(0, 4, "minimal"),
                Band(5, 9, "mild"),
                Band(10, 14, "moderate"),
                Band(15, 21, "severe"),
            ),
            norms=Norms(
                sd=3.5,
                reliability=0.89,
                source="SD 3.5 (women; 3.2 in men, so the stricter of the two) and Cronbach's "
                "alpha 0.89 in the general population (Löwe et al., Med Care "
                "2008;46:266-274)",
            ),
            important_change=4,
            sources="Bands: Spitzer et al., Arch Intern Med 2006;166:1092-1097. Minimal "
            "important change of 4 points: Toussaint et al., J Affect Disord 2020;265:395-401. "
            "No published definition of response or remission was found.",
        ),
        Scale(
            key="who5",
            name="WHO-5",
            lowest=0,
            highest=100,
            unit="%",
            higher_is_worse=False,
            bands=(Band(0, 50, "poor wellbeing"), Band(51, 100, "good wellbeing")),
            important_change=10,
            sources="Percentage score and the cut at 50: Topp et al., Psychother Psychosom "
            "2015;84:167-176. A 10-point difference in the percentage marks a significant "
            "change: the WHO-5 scoring instructions (WHO Collaborating Centre in Mental "
            "Health, 1998). No published norms for the index were found.",
        ),
        Scale(
            key="pcptsd5",
            name="PC-PTSD-5",
            lowest=0,
            highest=5,
            unit="yes answers",
            higher_is_worse=True,
            bands=(Band(0, 2, "below the screening cut-point"), Band(3, 5, "positive screen")),
            positive_from=3,
            recall_days=30,  # "in the past month"
            sources="Cut-point of 3: Prins et al., J Gen Intern Med 2016;31:1206-1211. A count "
            "of five yes/no answers is too coarse for a reliable change index.",
        ),
    )
}


class Change(StrEnum):
    IMPROVED = "better"
    WORSENED = "worse"
    UNCHANGED = "no clear change"


@dataclass(frozen=True)
class Measure:
    """One completed questionnaire: its total on the scale, and the PHQ-9's item 9 apart."""

    id: str
    instrument: str
    taken_at: datetime
    score: int
    item9: int | None = None


@dataclass(frozen=True)
class Trend:
    """An instrument's history, oldest first, and what it amounts to."""

    scale: Scale
    measures: tuple[Measure, ...]

    @property
    def baseline(self) -> Measure:
        return self.measures[0]

    @property
    def latest(self) -> Measure:
        return self.measures[-1]

    @property
    def previous(self) -> Measure | None:
        return self.measures[-2] if len(self.measures) > 1 else None

    @property
    def since_baseline(self) -> Change:
        return change_between(self.scale, self.baseline.score, self.latest.score)

    @property
    def since_previous(self) -> Change | None:
        if self.previous is None:
            return None
        return change_between(self.scale, self.previous.score, self.latest.score)

    @property
    def response(self) -> bool | None:
        """None until there is a result a whole recall period after the baseline."""
        if not self._outcome_judged:
            return None
        return responded(self.scale, self.baseline.score, self.latest.score)

    @property
    def remission(self) -> bool | None:
        """None until there is a result a whole recall period after the baseline."""
        if not self._outcome_judged:
            return None
        return remitted(self.scale, self.baseline.score, self.latest.score)

    @property
    def outcome_from(self) -> datetime | None:
        """The moment from which a retake tells response and remission, where they are held
        back only because the latest result came too soon after the first; None otherwise."""
        if self.previous is None or self._outcome_judged:
            return None
        has_outcome = responded(self.scale, self.baseline.score, self.latest.score) is not None
        has_outcome |= remitted(self.scale, self.baseline.score, self.latest.score) is not None
        return self._outcome_moment if has_outcome else None

    @property
    def _outcome_moment(self) -> datetime:
        return self.baseline.taken_at + timedelta(days=self.scale.recall_days)

    @property
    def _outcome_judged(self) -> bool:
        return self.previous is not None and self.latest.taken_at >= self._outcome_moment


def reliable_change_index(scale: Scale, before: int, after: int) -> float | None:
    """(after - before) / S_diff, signed as the scores move (Jacobson & Truax 1991); None for
    an instrument without published norms."""
    if scale.norms is None:
        return None
    return (after - before) / scale.norms.difference_error


def change_between(scale: Scale, before: int, after: int) -> Change:
    """Better, worse, or no change to speak of; "better" is a fall where a higher total is
    worse and a rise elsewhere. See the module docstring for the rule each scale follows."""
    if scale.positive_from is not None:
        moved = (before >= scale.positive_from) != (after >= scale.positive_from)
    elif scale.norms is None and scale.important_change is None:
        moved = False
    else:
        index = reliable_change_index(scale, before, after)
        reliable = index is None or abs(index) > RCI_CRITICAL
        important = scale.important_change is None or abs(after - before) >= scale.important_change
        moved = reliable and important
    if not moved:
        return Change.UNCHANGED
    worse = (after > before) == scale.higher_is_worse
    return Change.WORSENED if worse else Change.IMPROVED


def responded(scale: Scale, baseline: int, latest: int) -> bool | None:
    """A response is a fall of at least `response_drop` of the baseline total; None where the
    instrument has no published definition or the baseline was below a clinical level."""
    if scale.response_drop is None or not _clinical_baseline(scale, baseline):
        return None
    return baseline - latest >= scale.response_drop * baseline


def remitted(scale: Scale, baseline: int, latest: int) -> bool | None:
    """Remission is a total under `remission_below`; None where none is published or the
    baseline was below a clinical level (there was nothing to remit from)."""
    if scale.remission_below is None or not _clinical_baseline(scale, baseline):
        return None
    return latest < scale.remission_below


def _clinical_baseline(scale: Scale, baseline: int) -> bool:
    return scale.outcome_baseline_from is None or baseline >= scale.outcome_baseline_from


def trends_of(measures: Sequence[Measure]) -> list[Trend]:
    """One trend per instrument taken, in the order of `SCALES`, each oldest first."""
    trends = []
    for key, scale in SCALES.items():
        taken = sorted((m for m in measures if m.instrument == key), key=lambda m: m.taken_at)
        if taken:
            trends.append(Trend(scale, tuple(taken)))
    return trends


def score_measure(instrument: str, raw: object) -> tuple[Any, int, int | None]:
    """Check the answers to one repeatable instrument, by its published scoring rule, and
    return them as stored, the total on its scale and the PHQ-9's item 9 (None elsewhere)."""
    if instrument not in SCALES:
        raise InvalidInput("instrument", f"choose one of {', '.join(SCALES)}")
    if raw is None:
        raise InvalidAnswer(instrument, "answer every question")
    answers = parse_answers({instrument: raw})
    score, item9 = total_on_scale(instrument, score_answers(answers))
    return answers.as_dict()[instrument], score, item9


def total_on_scale(instrument: str, scores: Scores) -> tuple[int, int | None]:
    """The total a trend follows: the sum for the PHQ-9, GAD-7 and PC-PTSD-5, and the
    WHO-5's percentage (raw x 4), the form its bands and reliable change are given in."""
    if instrument == "phq9" and scores.phq9 is not None:
        return scores.phq9.score, scores.phq9.item9
    if instrument == "gad7" and scores.gad7 is not None:
        return scores.gad7.score, None
    if instrument == "who5" and scores.who5 is not None:
        return scores.who5.percent, None
    if instrument == "pcptsd5" and scores.pcptsd5 is not None:
        return scores.pcptsd5.score, None
    raise InvalidAnswer(instrument, "answer every question")


def trend_as_dict(trend: Trend) -> dict[str, Any]:
    """A trend as plain JSON-ready data: the contract the API and the CLI share."""
    scale, repeated = trend.scale, trend.previous is not None
    return {
        "instrument": scale.key,
        "name": scale.name,
        "unit": scale.unit,
        "results": [
            {
                "id": m.id,
                "instrument": m.instrument,
                "taken_at": m.taken_at,
                "score": m.score,
                "band": scale.band_of(m.score).name,
            }
            for m in trend.measures
        ],
        "since_previous": str(trend.since_previous) if trend.since_previous else None,
        "since_baseline": str(trend.since_baseline) if repeated else None,
        "response": trend.response,
        "remission": trend.remission,
        "smallest_change": scale.smallest_change,
    }

"""The whole fit assessment: score, screen for crisis, route, and say it in the shared format.

`Result` is what every layer gets back; its `as_dict` is the contract the CLI, the API and
stored results share.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from crossroads.assessment.rules.answers import Answers
from crossroads.assessment.rules.reading import TextReading
from crossroads.assessment.rules.scoring import (
    MEASURE_KEYS,
    Score,
    Scores,
    score_answers,
    scores_from_dict,
)
from crossroads.assessment.rules.triage import DISCLAIMER, Recommendation, Route, recommend_route
from crossroads.kernel import asq
from crossroads.kernel.resources import Channel, Contact, CrisisResource, resources_for
from crossroads.kernel.risk import By, RiskLevel, RiskReason, RiskScreen
from crossroads.kernel.safety import screen_risk


@dataclass(frozen=True)
class Assessment:
    answers: Answers
    scores: Scores
    risk: RiskScreen
    recommendation: Recommendation
    resources: tuple[CrisisResource, ...]

    @property
    def route(self) -> Route:
        return self.recommendation.route

    @property
    def screener_needed(self) -> bool:
        """A signal that needs asking, and the ASQ not answered yet."""
        return self.risk.level is RiskLevel.CHECK and self.answers.asq is None


def assess(
    answers: Answers, reading: TextReading | None = None, *, region: str | None = None
) -> Assessment:
    """Score the questionnaires, screen the answers and every text for risk, and recommend a
    route. `reading` is what the text model made of the free text, when it has been asked;
    `region` picks the crisis lines (the answers' own region when not given)."""
    reading = reading or TextReading()
    scores = score_answers(answers)
    item9 = scores.phq9.item9 if scores.phq9 is not None else None
    risk = screen_risk(answers.free_texts(), phq9_item9=item9, asq=answers.asq, model=reading.risk)
    return Assessment(
        answers=answers,
        scores=scores,
        risk=risk,
        recommendation=recommend_route(scores, answers, risk, reading),
        resources=resources_for(region or answers.region),
    )


@dataclass(frozen=True)
class RouteReason:
    """Why the route was suggested: the dimension it speaks to, in our words under a short
    title, and what in the answers it rests on ("" for what the route itself means). Results
    stored before titles have none."""

    dimension: str
    text: str
    evidence: str
    title: str = ""


@dataclass(frozen=True)
class Screener:
    """The confirming screener as a result shows it: its questions (verbatim), whether it still
    needs asking, and once answered the answers and the result by the published rule."""

    name: str
    questions: tuple[tuple[str, str], ...]  # (key, text)
    needed: bool
    answers: dict[str, bool | None] | None = None
    result: str | None = None

    @property
    def answered(self) -> bool:
        return self.answers is not None


@dataclass(frozen=True)
class ShownRisk:
    """The risk screen of a result: its level, each reason with what raised it, the screener."""

    level: RiskLevel
    reasons: tuple[RiskReason, ...]
    screener: Screener


@dataclass(frozen=True)
class Result:
    """What an assessment concluded, as it is stored and shown, read once into named fields so
    no layer digs in a dictionary. `as_dict` is the contract the CLI, the API and stored
    results share; `from_dict` reads it back, and the two are inverses. `risk` is None only on
    results stored before the risk levels."""

    route: Route
    crisis: bool
    risk: ShownRisk | None
    scores: Scores
    reasons: tuple[RouteReason, ...]
    missing: tuple[str, ...]
    resources: tuple[CrisisResource, ...]
    disclaimer: str

    @property
    def measures(self) -> dict[str, Score]:
        """The questionnaires answered, by key, in the order the form asks them."""
        found = ((key, getattr(self.scores, key)) for key in MEASURE_KEYS)
        return {key: score for key, score in found if score is not None}

    def as_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready data, measures only for the questionnaires answered."""
        return {
            "route": str(self.route),
            "crisis": self.crisis,
            **({"risk": _risk_as_dict(self.risk)} if self.risk is not None else {}),
            "measures": {key: asdict(score) for key, score in self.measures.items()},
            "reasons": [asdict(reason) for reason in self.reasons],
            "missing": list(self.missing),
            "resources": [resource_as_dict(resource) for resource in self.resources],
            "disclaimer": self.disclaimer,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Result":
        """A result read back from `as_dict`'s shape (as stored, or as the API gave it)."""
        return cls(
            route=Route(data["route"]),
            crisis=bool(data["crisis"]),
            risk=_risk_from_dict(data["risk"]) if data.get("risk") else None,
            scores=scores_from_dict(data.get("measures", {})),
            reasons=tuple(RouteReason(**reason) for reason in data.get("reasons", [])),
            missing=tuple(data.get("missing", [])),
            resources=tuple(resource_from_dict(each) for each in data.get("resources", [])),
            disclaimer=str(data.get("disclaimer", DISCLAIMER)),
        )


def result_of(assessment: Assessment) -> Result:
    """The result of an assessment, as it will be stored and shown."""
    recommendation = assessment.recommendation
    answered = assessment.answers.asq
    screener = Screener(
        name=asq.NAME,
        questions=tuple(asq.ITEMS),
        needed=assessment.screener_needed,
        answers=answered.as_dict() if answered is not None else None,
        result=str(asq.score_asq(answered)) if answered is not None else None,
    )
    return Result(
        route=recommendation.route,
        crisis=assessment.risk.acute,
        risk=ShownRisk(assessment.risk.level, assessment.risk.reasons, screener),
        scores=assessment.scores,
        reasons=tuple(
            RouteReason(str(r.dimension), r.text, r.evidence, r.title)
            for r in recommendation.reasons
        ),
        missing=tuple(recommendation.missing),
        resources=assessment.resources,
        disclaimer=DISCLAIMER,
    )


def assessment_as_dict(assessment: Assessment) -> dict[str, Any]:
    """The result of an assessment in the shared format (`Result.as_dict`)."""
    return result_of(assessment).as_dict()


def _risk_as_dict(risk: ShownRisk) -> dict[str, Any]:
    screener = risk.screener
    return {
        "level": str(risk.level),
        "reasons": [
            {"source": r.source, "by": str(r.by), "evidence": r.evidence, "level": str(r.level)}
            for r in risk.reasons
        ],
        "screener": {
            "name": screener.name,
            "questions": [{"key": key, "text": text} for key, text in screener.questions],
            "needed": screener.needed,
            "answered": screener.answered,
            "answers": screener.answers,
            "result": screener.result,
        },
    }


def _risk_from_dict(data: Mapping[str, Any]) -> ShownRisk:
    level = RiskLevel(data["level"])
    screener = data["screener"]
    return ShownRisk(
        level=level,
        reasons=tuple(
            RiskReason(r["source"], By(r["by"]), r["evidence"], RiskLevel(r.get("level", level)))
            for r in data["reasons"]
        ),
        screener=Screener(
            name=screener["name"],
            questions=tuple((q["key"], q["text"]) for q in screener["questions"]),
            needed=bool(screener["needed"]),
            answers=screener.get("answers"),
            result=screener.get("result"),
        ),
    )


def resource_as_dict(resource: CrisisResource) -> dict[str, Any]:
    return {
        "name": resource.name,
        "region": resource.region,
        "description": resource.description,
        "contacts": [
            {
                "channel": str(c.channel),
                "value": c.value,
                "instructions": c.instructions,
                "keyword": c.keyword,
            }
            for c in resource.contacts
        ],
        "hours": resource.hours,
        "emergency": resource.emergency,
        "last_checked": resource.last_checked.isoformat(),
    }


def resource_from_dict(data: Mapping[str, Any]) -> CrisisResource:
    return CrisisResource(
        name=data["name"],
        region=data["region"],
        description=data["description"],
        contacts=tuple(
            Contact(Channel(c["channel"]), c["value"], c["instructions"], c.get("keyword"))
            for c in data["contacts"]
        ),
        hours=data["hours"],
        last_checked=date.fromisoformat(data["last_checked"]),
        emergency=bool(data["emergency"]),
    )

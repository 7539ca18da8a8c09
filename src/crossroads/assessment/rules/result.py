"""The whole fit assessment: score, screen for crisis, route, and say it in the shared format.

`assessment_as_dict` is the contract the CLI, the API and stored results share.
"""

from dataclasses import asdict, dataclass
from typing import Any

from crossroads.assessment.rules.answers import Answers
from crossroads.assessment.rules.reading import TextReading
from crossroads.assessment.rules.scoring import Scores, score_answers
from crossroads.assessment.rules.triage import DISCLAIMER, Recommendation, Route, recommend_route
from crossroads.kernel import asq
from crossroads.kernel.resources import CrisisResource, resources_for
from crossroads.kernel.risk import RiskLevel, RiskScreen
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


def assessment_as_dict(assessment: Assessment) -> dict[str, Any]:
    """The result as plain JSON-ready data, measures only for the questionnaires answered."""
    recommendation = assessment.recommendation
    return {
        "route": str(recommendation.route),
        "crisis": assessment.risk.acute,
        "risk": risk_as_dict(assessment),
        "measures": _measures(assessment.scores),
        "reasons": [
            {"dimension": str(r.dimension), "text": r.text, "evidence": r.evidence}
            for r in recommendation.reasons
        ],
        "missing": list(recommendation.missing),
        "resources": [resource_as_dict(resource) for resource in assessment.resources],
        "disclaimer": DISCLAIMER,
    }


def risk_as_dict(assessment: Assessment) -> dict[str, Any]:
    """The level, each reason with what raised it, and the confirming screener: its questions
    (verbatim), whether it was answered, and its result by the published rule."""
    answered = assessment.answers.asq
    return {
        "level": str(assessment.risk.level),
        "reasons": [
            {"source": r.source, "by": str(r.by), "evidence": r.evidence, "level": str(r.level)}
            for r in assessment.risk.reasons
        ],
        "screener": {
            "name": asq.NAME,
            "questions": [{"key": key, "text": text} for key, text in asq.ITEMS],
            "needed": assessment.screener_needed,
            "answered": answered is not None,
            "answers": answered.as_dict() if answered is not None else None,
            "result": str(asq.score_asq(answered)) if answered is not None else None,
        },
    }


def _measures(scores: Scores) -> dict[str, dict[str, Any]]:
    measures = {}
    for key in ("phq9", "gad7", "who5", "pcptsd5", "phq2", "gad2"):
        score = getattr(scores, key)
        if score is not None:
            measures[key] = asdict(score)
    return measures


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

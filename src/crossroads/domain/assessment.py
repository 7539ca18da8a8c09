"""The whole fit assessment: score, screen for crisis, route, and say it in the shared format.

`assessment_as_dict` is the contract the CLI, the API and stored results share.
"""

from dataclasses import asdict, dataclass
from typing import Any

from crossroads.domain.answers import Answers
from crossroads.domain.reading import TextReading
from crossroads.domain.resources import CrisisResource, resources_for
from crossroads.domain.safety import CrisisScreen, screen_for_crisis
from crossroads.domain.screening import Scores, score_answers
from crossroads.domain.triage import DISCLAIMER, Recommendation, Route, recommend_route


@dataclass(frozen=True)
class Assessment:
    answers: Answers
    scores: Scores
    crisis: CrisisScreen
    recommendation: Recommendation
    resources: tuple[CrisisResource, ...]

    @property
    def route(self) -> Route:
        return self.recommendation.route


def assess(answers: Answers, reading: TextReading | None = None) -> Assessment:
    """Score the questionnaires, screen every text for risk, and recommend a route. `reading`
    is what the text model made of the free text, when it has been asked."""
    reading = reading or TextReading()
    scores = score_answers(answers)
    item9 = scores.phq9.item9 if scores.phq9 is not None else None
    crisis = screen_for_crisis(answers.free_texts(), item9, reading.risk)
    return Assessment(
        answers=answers,
        scores=scores,
        crisis=crisis,
        recommendation=recommend_route(scores, answers, crisis, reading),
        resources=resources_for(answers.region),
    )


def assessment_as_dict(assessment: Assessment) -> dict[str, Any]:
    """The result as plain JSON-ready data, measures only for the questionnaires answered."""
    recommendation = assessment.recommendation
    return {
        "route": str(recommendation.route),
        "crisis": assessment.crisis.at_risk,
        "measures": _measures(assessment.scores),
        "reasons": [
            {"dimension": str(r.dimension), "text": r.text, "evidence": r.evidence}
            for r in recommendation.reasons
        ],
        "missing": list(recommendation.missing),
        "resources": [resource_as_dict(resource) for resource in assessment.resources],
        "disclaimer": DISCLAIMER,
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
            {"channel": str(c.channel), "value": c.value, "instructions": c.instructions}
            for c in resource.contacts
        ],
        "hours": resource.hours,
        "emergency": resource.emergency,
        "last_checked": resource.last_checked.isoformat(),
    }

"""Take the fit assessment, keep its result, and read it back."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from crossroads.domain.answers import parse_answers
from crossroads.domain.assessment import Assessment, assess, assessment_as_dict
from crossroads.domain.errors import AssessmentNotFound
from crossroads.store.assessments import AssessmentRow, add_assessment, find_assessment


@dataclass(frozen=True)
class StoredAssessment:
    id: str
    created_at: datetime
    answers: dict[str, Any]
    result: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The result in the shared format, with its id first."""
        return {"id": self.id, **self.result}


def run_assessment(raw: object) -> Assessment:
    """Check the raw answers and assess them, or raise InvalidAnswer naming the field."""
    return assess(parse_answers(raw))


def record_assessment(
    session: Session, raw: object, *, now: datetime | None = None
) -> StoredAssessment:
    """Assess `raw` and store the answers and the result. The caller commits."""
    assessment = run_assessment(raw)
    row = add_assessment(
        session,
        AssessmentRow(
            id=str(uuid.uuid4()),
            created_at=now or datetime.now(UTC),
            route=str(assessment.route),
            crisis=assessment.crisis.at_risk,
            region=assessment.answers.region,
            answers=assessment.answers.as_dict(),
            result=assessment_as_dict(assessment),
        ),
    )
    return _stored(row)


def load_assessment(session: Session, assessment_id: str) -> StoredAssessment:
    row = find_assessment(session, assessment_id)
    if row is None:
        raise AssessmentNotFound(assessment_id)
    return _stored(row)


def _stored(row: AssessmentRow) -> StoredAssessment:
    return StoredAssessment(row.id, row.created_at, row.answers, row.result)

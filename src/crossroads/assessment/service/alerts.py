"""Storing an assessment, or its ASQ answers, and telling the practitioners who hold the
person's grant when the result needs their attention: a safety screen that came out `urgent` or
`acute` (under the assessments grant), or a questionnaire reliably worse than the person's last
result of it (under the grant that opens that questionnaire). An email can be read by others, so
it names neither the client nor the result."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.assessment.rules.alerts import alerts_raised_by
from crossroads.assessment.rules.trends import Measure
from crossroads.assessment.service.assessments import (
    StoredAssessment,
    answer_screener,
    record_assessment,
)
from crossroads.assessment.service.results import (
    history_of,
    holding_questionnaires,
    measures_in_assessments,
    safety_alert_of,
    tell_practitioners,
)
from crossroads.kernel.people import Person
from crossroads.security.encryption import MasterKeys


def record_assessment_with_alerts(
    session: Session,
    master_keys: MasterKeys,
    raw: object,
    *,
    owner: Person | None,
    public_url: str,
    now: datetime | None = None,
    operator: str | None = None,
    region: str | None = None,
) -> StoredAssessment:
    """Store an assessment as `record_assessment` does. The practitioners holding the owner's
    grant are emailed when its safety screen is `urgent` or `acute`, or when its questionnaires
    are reliably worse than the owner's last results. The earlier results are read only when
    someone holds a grant to be told, and before this one is stored; the new results are
    compared with them directly."""
    earlier: list[Measure] | None = None  # None: nobody holds the grant, nobody to tell
    if owner is not None and holding_questionnaires(session, owner.id):
        earlier = [taken.measure for taken in history_of(session, master_keys, owner)]
    stored = record_assessment(
        session, master_keys, raw, owner=owner, now=now, operator=operator, region=region
    )
    if owner is not None and earlier is not None:
        new = [taken.measure for taken in measures_in_assessments([stored])]
        safety = safety_alert_of(stored)
        raised = [*alerts_raised_by(new, earlier), *([safety] if safety else [])]
        if raised:
            tell_practitioners(session, owner.id, raised, public_url, stored.created_at)
    return stored


def answer_screener_with_alerts(
    session: Session,
    master_keys: MasterKeys,
    assessment_id: str,
    raw_asq: object,
    *,
    viewer: Person | None,
    public_url: str,
    now: datetime,
    region_for: Callable[[str | None], str | None] = lambda answered: answered,
) -> StoredAssessment:
    """The ASQ as the assessment's second step (`answer_screener`); a positive answer emails
    the practitioners holding the owner's assessments grant, as any urgent result does."""
    stored = answer_screener(
        session, master_keys, assessment_id, raw_asq, viewer=viewer, region_for=region_for
    )
    safety = safety_alert_of(stored)
    if stored.owner_id is not None and safety is not None:
        tell_practitioners(session, stored.owner_id, [safety], public_url, now)
    return stored

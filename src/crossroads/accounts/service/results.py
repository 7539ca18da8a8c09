"""What an account holds of the person's assessments: the results listed on their account page,
and the anonymous results this browser took, claimed when they sign up or in."""

from sqlalchemy.orm import Session

from crossroads.assessment.service.assessments import (
    StoredAssessment,
    assessments_of_person,
    claim_assessments,
)
from crossroads.kernel.people import Person
from crossroads.security.encryption import MasterKeys


def results_of(session: Session, master_keys: MasterKeys, person: Person) -> list[StoredAssessment]:
    """The person's own assessments, oldest first."""
    return assessments_of_person(session, master_keys, person)


def claim_results(
    session: Session, master_keys: MasterKeys, person: Person, assessment_ids: list[str]
) -> int:
    """Move the anonymous results this browser took into the person's account; how many."""
    return claim_assessments(session, master_keys, person, assessment_ids)

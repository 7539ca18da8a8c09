"""Which of a client's questionnaires a practitioner may see or schedule now, read from their
grants and their licence (assessment/rules/scope.py), with the access written to the client's
log under each grant it rests on."""

from datetime import datetime

from sqlalchemy.orm import Session

from crossroads.assessment.rules.scope import CLINICAL, Scope
from crossroads.kernel.errors import ConsentMissing
from crossroads.kernel.people import Person, local_today
from crossroads.platform.audit import record_access
from crossroads.sharing.service.grants import questionnaire_grants


def questionnaire_scope(
    session: Session, practitioner: Person, client_id: str, now: datetime
) -> Scope:
    """What the practitioner may see of the client's questionnaires now, without recording a
    read: for deciding what to offer, and whom to tell."""
    grants = questionnaire_grants(session, practitioner, client_id, local_today(practitioner, now))
    return Scope(measures=grants.measures is not None, clinical=grants.clinical is not None)


def open_questionnaires(
    session: Session,
    practitioner: Person,
    client_id: str,
    now: datetime,
    *,
    action: str,
    target: str,
    instrument: str | None = None,
) -> Scope:
    """Let the practitioner into the client's questionnaires, or into one `instrument` when
    named, and record the access under each grant that opens what they reach; ConsentMissing
    when no grant opens any (or that instrument)."""
    grants = questionnaire_grants(session, practitioner, client_id, local_today(practitioner, now))
    if instrument is None:
        reached = [grants.measures, grants.clinical]
    else:
        reached = [grants.clinical if instrument in CLINICAL else grants.measures]
    opened = {grant.id: grant for grant in reached if grant is not None}
    if not opened:
        raise ConsentMissing("no standing grant opens these questionnaires")
    for grant_id in opened:
        record_access(
            session,
            actor=practitioner.label,
            subject_id=client_id,
            action=action,
            target=target,
            grant_id=grant_id,
        )
    return Scope(measures=grants.measures is not None, clinical=grants.clinical is not None)

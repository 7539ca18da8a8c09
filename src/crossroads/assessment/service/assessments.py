"""Take the fit assessment, keep its result sealed, and read it back as its owner or under a
grant. An anonymous result is reachable only through its unguessable id. A practitioner whom no
grant opens the clinical questionnaires to reads a result without their scores and bands
(assessment/rules/scope.py)."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from crossroads.assessment.rules.answers import parse_answers
from crossroads.assessment.rules.result import Assessment, Result, assess, result_of
from crossroads.assessment.rules.scope import (
    Scope,
    without_clinical_answers,
    without_clinical_scores,
)
from crossroads.assessment.service.scope import questionnaire_scope
from crossroads.assessment.store.assessments import (
    AssessmentRow,
    add_assessment,
    assessments_of,
    find_assessment,
    latest_region,
    unsealed_assessments,
)
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import AssessmentNotFound, ConsentMissing
from crossroads.kernel.people import Person, Role
from crossroads.platform.audit import record_access
from crossroads.platform.vault import Vault, seal_leftovers
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import access_under_grant
from crossroads.text.classification import read_free_text

FIELD = "assessment"


@dataclass(frozen=True)
class StoredAssessment:
    id: str
    created_at: datetime
    owner_id: str | None
    answers: dict[str, Any]
    result: Result
    clinical_left_out: bool = False  # seen by a practitioner the clinical scores are closed to

    def as_dict(self) -> dict[str, Any]:
        """The result in the shared format, with its id first."""
        return {"id": self.id, **self.result.as_dict()}


def run_assessment(raw: object, *, region: str | None = None) -> Assessment:
    """Check the raw answers, read the free text with the text model, and assess them; or
    raise InvalidAnswer naming the field. `region` picks the crisis lines where the answers
    name none (the caller works it out from the account and the browser)."""
    answers = parse_answers(raw)
    return assess(answers, read_free_text(answers.free_texts()), region=region)


def record_assessment(
    session: Session,
    master_keys: MasterKeys,
    raw: object,
    *,
    owner: Person | None = None,
    now: datetime | None = None,
    operator: str | None = None,
    region: str | None = None,
) -> StoredAssessment:
    """Assess `raw` and store the answers and result sealed. The caller commits. `operator`
    names who stored it into the owner's account when that is not the owner (the CLI); the
    change is then audited."""
    assessment = run_assessment(raw, region=region)
    row = AssessmentRow(
        id=str(uuid.uuid4()),
        created_at=now or datetime.now(UTC),
        owner_id=owner.id if owner else None,
        region=assessment.answers.region,
    )
    stored = _seal(
        Vault(session, master_keys),
        row,
        assessment.answers.as_dict(),
        result_of(assessment),
        new_owner=owner is None,
    )
    add_assessment(session, row)
    if operator is not None and owner is not None:
        record_access(
            session,
            actor=operator,
            subject_id=owner.id,
            action="change",
            target=f"assessment {row.id}",
        )
    return stored


def answer_screener(
    session: Session,
    master_keys: MasterKeys,
    assessment_id: str,
    raw_asq: object,
    *,
    viewer: Person | None,
    region_for: Callable[[str | None], str | None] = lambda answered: answered,
) -> StoredAssessment:
    """Add the ASQ's answers to an assessment of the viewer's own (or, by its id, an anonymous
    one), assess again and re-seal it in place: the screener is the assessment's second step,
    not a new assessment. `region_for` turns the region the answers name into the one whose
    lines to show. InvalidAnswer names a bad answer; anyone else's gets AssessmentNotFound."""
    row = find_assessment(session, assessment_id)
    if row is None or (row.owner_id is not None and (viewer is None or viewer.id != row.owner_id)):
        raise AssessmentNotFound(assessment_id)
    vault = Vault(session, master_keys)
    stored = _open(vault, row)
    raw = {**stored.answers, "asq": raw_asq}
    assessment = run_assessment(raw, region=region_for(stored.answers.get("region")))
    return _seal(vault, row, assessment.answers.as_dict(), result_of(assessment))


def load_assessment(
    session: Session,
    master_keys: MasterKeys,
    assessment_id: str,
    *,
    viewer: Person | None,
    now: datetime | None = None,
) -> StoredAssessment:
    """The assessment if `viewer` may see it: anyone with the id of an anonymous one, the
    owner, or a practitioner holding the owner's grant (that read is audited, and the result
    is without clinical scores unless a grant opens them to the practitioner `now`)."""
    row = find_assessment(session, assessment_id)
    if row is None:
        raise AssessmentNotFound(assessment_id)
    if row.owner_id is None or (viewer is not None and viewer.id == row.owner_id):
        return _open(Vault(session, master_keys), row)
    if viewer is None or viewer.role is not Role.PRACTITIONER:
        raise AssessmentNotFound(assessment_id)
    try:
        access_under_grant(
            session,
            viewer,
            row.owner_id,
            Area.ASSESSMENTS,
            action="read",
            target=f"assessment {row.id}",
        )
    except ConsentMissing:
        raise AssessmentNotFound(assessment_id) from None
    scope = questionnaire_scope(session, viewer, row.owner_id, now or datetime.now(UTC))
    return _as_seen(scope, _open(Vault(session, master_keys), row))


def answered_region(session: Session, owner: Person) -> str | None:
    """Where the owner said they are in their latest assessment that named a region."""
    return latest_region(session, owner.id)


def assessments_of_person(
    session: Session, master_keys: MasterKeys, person: Person
) -> list[StoredAssessment]:
    vault = Vault(session, master_keys)
    return [_open(vault, row) for row in assessments_of(session, person.id)]


def client_assessments(
    session: Session,
    master_keys: MasterKeys,
    practitioner: Person,
    client_id: str,
    now: datetime | None = None,
) -> list[StoredAssessment]:
    """A client's assessments for a practitioner holding their grant, without clinical scores
    unless a grant opens them to the practitioner `now`; the read is audited."""
    access_under_grant(
        session, practitioner, client_id, Area.ASSESSMENTS, action="read", target="assessments"
    )
    scope = questionnaire_scope(session, practitioner, client_id, now or datetime.now(UTC))
    vault = Vault(session, master_keys)
    return [_as_seen(scope, _open(vault, row)) for row in assessments_of(session, client_id)]


def _as_seen(scope: Scope, stored: StoredAssessment) -> StoredAssessment:
    """The assessment as a practitioner with this scope sees it."""
    if scope.clinical:
        return stored
    return StoredAssessment(
        stored.id,
        stored.created_at,
        stored.owner_id,
        without_clinical_answers(stored.answers),
        without_clinical_scores(stored.result),
        clinical_left_out=True,
    )


def claim_assessments(
    session: Session, master_keys: MasterKeys, person: Person, assessment_ids: list[str]
) -> int:
    """Move anonymous assessments taken in this browser into the person's account, re-sealed
    with their key; the anonymous key is destroyed. Others' and unknown ids are skipped."""
    vault = Vault(session, master_keys)
    claimed = 0
    for assessment_id in assessment_ids:
        row = find_assessment(session, assessment_id)
        if row is None or row.owner_id is not None or row.sealed is None:
            continue
        stored = _open(vault, row)
        anonymous_owner = row.key_owner
        row.owner_id = person.id
        _seal(vault, row, stored.answers, stored.result)
        vault.destroy(anonymous_owner)
        claimed += 1
    session.flush()
    return claimed


def seal_plaintext_assessments(session: Session, master_keys: MasterKeys) -> int:
    """Seal results stored before encryption arrived, and empty their plaintext columns."""
    vault = Vault(session, master_keys)

    def seal(row: AssessmentRow) -> None:
        payload = {"answers": row.legacy_answers, "result": row.legacy_result}
        row.sealed = vault.seal_json(row.key_owner, FIELD, payload)
        row.legacy_answers = None
        row.legacy_result = None

    return seal_leftovers(session, lambda: unsealed_assessments(session, limit=500), seal)


def _seal(
    vault: Vault,
    row: AssessmentRow,
    answers: dict[str, Any],
    result: Result,
    *,
    new_owner: bool = False,
) -> StoredAssessment:
    """Seal the answers and result into `row` under its owner's key, and return them."""
    payload = {"answers": answers, "result": result.as_dict()}
    row.sealed = vault.seal_json(row.key_owner, FIELD, payload, new_owner=new_owner)
    return StoredAssessment(row.id, row.created_at, row.owner_id, answers, result)


def _open(vault: Vault, row: AssessmentRow) -> StoredAssessment:
    if row.sealed is None:
        raise AssessmentNotFound(row.id)
    payload = vault.open_json(row.key_owner, FIELD, row.sealed)
    result = Result.from_dict(payload["result"])
    return StoredAssessment(row.id, row.created_at, row.owner_id, payload["answers"], result)

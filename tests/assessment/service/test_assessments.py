"""Taking the assessment stores the answers and the result sealed, and reads them back only
for those who may see them."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crossroads.assessment.rules.result import assessment_as_dict
from crossroads.assessment.service.assessments import (
    claim_assessments,
    client_assessments,
    load_assessment,
    record_assessment,
    run_assessment,
    seal_plaintext_assessments,
)
from crossroads.assessment.store.assessments import AssessmentRow
from crossroads.kernel.consent import Area
from crossroads.kernel.errors import AssessmentNotFound, InvalidAnswer
from crossroads.platform.audit import accesses_to
from crossroads.platform.key_rows import DataKeyRow, newest_data_key
from crossroads.security.encryption import MasterKeys
from crossroads.sharing.service.grants import grant_access
from tests.factories import (
    DEPRESSED_WITH_GOAL,
    ITEM9_ONLY,
    STEADY_COACHING_CLIENT,
    make_person,
)

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def test_an_anonymous_assessment_reads_back_exactly_by_its_id(
    session: Session, master_keys: MasterKeys
) -> None:
    stored = record_assessment(session, master_keys, STEADY_COACHING_CLIENT, now=NOW)

    loaded = load_assessment(session, master_keys, stored.id, viewer=None)

    assert loaded.result.route == "coaching"
    assert loaded.answers == STEADY_COACHING_CLIENT
    assert loaded.created_at == NOW
    assert loaded.result == stored.result
    assert loaded.as_dict() == {"id": stored.id, **stored.result.as_dict()}


def test_each_anonymous_result_has_a_key_of_its_own_and_a_person_keeps_one_key(
    session: Session, master_keys: MasterKeys
) -> None:
    person = make_person(session, "twice@example.org")
    first = record_assessment(session, master_keys, STEADY_COACHING_CLIENT)
    second = record_assessment(session, master_keys, STEADY_COACHING_CLIENT)
    record_assessment(session, master_keys, STEADY_COACHING_CLIENT, owner=person)
    record_assessment(session, master_keys, DEPRESSED_WITH_GOAL, owner=person)

    def keys_of(owner: str) -> int:
        return session.scalar(select(func.count()).where(DataKeyRow.owner_id == owner)) or 0

    assert keys_of(f"assessment:{first.id}") == keys_of(f"assessment:{second.id}") == 1
    assert keys_of(person.id) == 1


def test_the_stored_result_is_the_same_as_the_cli_result(
    session: Session, master_keys: MasterKeys
) -> None:
    stored = record_assessment(session, master_keys, DEPRESSED_WITH_GOAL)

    assert stored.result.as_dict() == assessment_as_dict(run_assessment(DEPRESSED_WITH_GOAL))
    assert stored.result.route == "both"


def test_answers_and_results_are_stored_sealed(session: Session, master_keys: MasterKeys) -> None:
    stored = record_assessment(session, master_keys, ITEM9_ONLY)

    row = session.get(AssessmentRow, stored.id)
    assert row is not None
    assert row.sealed is not None
    assert row.sealed.startswith("cr1:")
    assert "crisis" not in row.sealed
    assert row.legacy_answers is None


def test_an_owned_assessment_is_hidden_from_everyone_but_its_owner(
    session: Session, master_keys: MasterKeys
) -> None:
    owner = make_person(session, "owner@example.org")
    stranger = make_person(session, "stranger@example.org")
    admin = make_person(session, "admin@example.org", role="admin")
    stored = record_assessment(session, master_keys, STEADY_COACHING_CLIENT, owner=owner)

    assert load_assessment(session, master_keys, stored.id, viewer=owner).id == stored.id
    for viewer in (None, stranger, admin):
        with pytest.raises(AssessmentNotFound):
            load_assessment(session, master_keys, stored.id, viewer=viewer)


def test_a_practitioner_reads_only_under_a_grant_and_the_read_is_audited(
    session: Session, master_keys: MasterKeys
) -> None:
    client = make_person(session, "client@example.org")
    practitioner = make_person(session, "therapist@example.org", role="practitioner")
    stored = record_assessment(session, master_keys, DEPRESSED_WITH_GOAL, owner=client)
    with pytest.raises(AssessmentNotFound):
        load_assessment(session, master_keys, stored.id, viewer=practitioner)

    grant_access(
        session, client, practitioner_email=practitioner.email, areas=[Area.ASSESSMENTS], now=NOW
    )

    assert load_assessment(session, master_keys, stored.id, viewer=practitioner).id == stored.id
    assert len(client_assessments(session, master_keys, practitioner, client.id)) == 1
    log = accesses_to(session, client.id)
    assert [entry.action for entry in log] == ["read", "read"]
    assert all("therapist@example.org" in entry.actor for entry in log)
    assert all(entry.grant_id is not None for entry in log)


def test_claiming_moves_an_anonymous_result_under_the_persons_key(
    session: Session, master_keys: MasterKeys
) -> None:
    person = make_person(session, "claimer@example.org")
    stored = record_assessment(session, master_keys, STEADY_COACHING_CLIENT)

    claimed = claim_assessments(session, master_keys, person, [stored.id, "unknown-id"])

    assert claimed == 1
    assert newest_data_key(session, f"assessment:{stored.id}") is None
    with pytest.raises(AssessmentNotFound):
        load_assessment(session, master_keys, stored.id, viewer=None)
    assert load_assessment(session, master_keys, stored.id, viewer=person).answers == (
        STEADY_COACHING_CLIENT
    )


def test_plaintext_from_before_encryption_is_sealed_and_emptied(
    session: Session, master_keys: MasterKeys
) -> None:
    result = assessment_as_dict(run_assessment(STEADY_COACHING_CLIENT))
    session.add(
        AssessmentRow(
            id="legacy-1",
            created_at=NOW,
            region="US",
            legacy_answers=STEADY_COACHING_CLIENT,
            legacy_result=result,
        )
    )
    session.flush()

    assert seal_plaintext_assessments(session, master_keys) == 1

    row = session.get(AssessmentRow, "legacy-1")
    assert row is not None
    assert (row.legacy_answers, row.legacy_result) == (None, None)
    assert load_assessment(session, master_keys, "legacy-1", viewer=None).result.as_dict() == result


def test_bad_answers_store_nothing(session: Session, master_keys: MasterKeys) -> None:
    with pytest.raises(InvalidAnswer, match=r"phq9\[0\]"):
        record_assessment(session, master_keys, {"phq9": [9, 0, 0, 0, 0, 0, 0, 0, 0]})

    assert session.scalar(select(func.count()).select_from(AssessmentRow)) == 0


def test_an_unknown_id_is_not_found(session: Session, master_keys: MasterKeys) -> None:
    with pytest.raises(AssessmentNotFound):
        load_assessment(session, master_keys, "00000000-0000-0000-0000-000000000000", viewer=None)

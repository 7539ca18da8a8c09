"""Taking the assessment stores the answers and the result, and reads them back."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crossroads.domain.assessment import assessment_as_dict
from crossroads.domain.errors import AssessmentNotFound, InvalidAnswer
from crossroads.services.assessments import load_assessment, record_assessment, run_assessment
from crossroads.store.assessments import AssessmentRow
from tests.factories import DEPRESSED_WITH_GOAL, ITEM9_ONLY, STEADY_COACHING_CLIENT


def test_a_recorded_assessment_reads_back_exactly(session: Session) -> None:
    taken = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    stored = record_assessment(session, STEADY_COACHING_CLIENT, now=taken)

    loaded = load_assessment(session, stored.id)

    assert loaded.result["route"] == "coaching"
    assert loaded.answers == STEADY_COACHING_CLIENT
    assert loaded.created_at == taken
    assert loaded.created_at.tzinfo is not None
    assert loaded.as_dict() == {"id": stored.id, **stored.result}


def test_the_stored_result_is_the_same_as_the_cli_result(session: Session) -> None:
    stored = record_assessment(session, DEPRESSED_WITH_GOAL)

    assert stored.result == assessment_as_dict(run_assessment(DEPRESSED_WITH_GOAL))
    assert stored.result["route"] == "both"


def test_a_crisis_result_is_stored_as_crisis(session: Session) -> None:
    stored = record_assessment(session, ITEM9_ONLY)

    row = session.get(AssessmentRow, stored.id)
    assert row is not None
    assert (row.route, row.crisis) == ("crisis", True)


def test_bad_answers_store_nothing(session: Session) -> None:
    with pytest.raises(InvalidAnswer, match=r"phq9\[0\]"):
        record_assessment(session, {"phq9": [9, 0, 0, 0, 0, 0, 0, 0, 0]})

    assert session.scalar(select(func.count()).select_from(AssessmentRow)) == 0


def test_an_unknown_id_is_not_found(session: Session) -> None:
    with pytest.raises(AssessmentNotFound):
        load_assessment(session, "00000000-0000-0000-0000-000000000000")

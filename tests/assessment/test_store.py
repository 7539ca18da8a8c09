"""The assessments table keeps answers and results exactly, with aware UTC times."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from crossroads.assessment.store.assessments import (
    AssessmentRow,
    add_assessment,
    find_assessment,
    unsealed_assessments,
)


def row(**changes: object) -> AssessmentRow:
    values: dict[str, object] = {
        "id": "3f1c2a9e-0000-4000-8000-000000000001",
        "created_at": datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
        "region": "IE",
        "sealed": "cr1:key-id:c2VhbGVk",
        "legacy_answers": {"goal": "Ceol a sheinm gach lá ☘", "steady": 7},
        "legacy_result": {"route": "coaching", "reasons": []},
    }
    return AssessmentRow(**{**values, **changes})


def test_sealed_and_legacy_values_come_back_exactly_including_unicode(session: Session) -> None:
    add_assessment(session, row())
    session.expire_all()

    found = find_assessment(session, "3f1c2a9e-0000-4000-8000-000000000001")

    assert found is not None
    assert found.sealed == "cr1:key-id:c2VhbGVk"
    assert found.legacy_answers == {"goal": "Ceol a sheinm gach lá ☘", "steady": 7}
    assert found.legacy_result == {"route": "coaching", "reasons": []}


def test_emptied_plaintext_is_sql_null_not_json_null(session: Session) -> None:
    add_assessment(session, row(legacy_answers=None, legacy_result=None))
    session.expire_all()

    assert unsealed_assessments(session, limit=10) == []
    found = find_assessment(session, "3f1c2a9e-0000-4000-8000-000000000001")
    assert found is not None
    assert found.legacy_answers is None


def test_times_are_stored_in_utc_and_come_back_aware(session: Session) -> None:
    sydney = timezone(timedelta(hours=11))
    add_assessment(session, row(created_at=datetime(2026, 11, 23, 21, 0, tzinfo=sydney)))
    session.expire_all()

    found = find_assessment(session, "3f1c2a9e-0000-4000-8000-000000000001")

    assert found is not None
    assert found.created_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert found.created_at.utcoffset() == timedelta(0)


def test_a_naive_time_is_refused(session: Session) -> None:
    with pytest.raises(StatementError, match="naive"):
        add_assessment(session, row(created_at=datetime(2026, 11, 23, 10, 0)))  # noqa: DTZ001


def test_an_unknown_id_finds_nothing(session: Session) -> None:
    assert find_assessment(session, "nothing-here") is None

"""The audit log: append-only in the database, and a chain that shows any tampering."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from crossroads.platform.audit import accesses_to, first_broken_entry, record_access
from crossroads.platform.audit_rows import AuditRow

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def fill(session: Session, count: int = 4) -> None:
    for n in range(count):
        record_access(
            session,
            actor=f"practitioner {n}",
            subject_id="client-1",
            action="read",
            target=f"assessment {n}",
            grant_id=f"grant-{n}",
            now=NOW,
        )
    session.flush()


def test_an_untouched_chain_holds(session: Session) -> None:
    fill(session)
    assert first_broken_entry(session) is None
    assert next(a.target for a in accesses_to(session, "client-1")) == "assessment 3"


def test_the_database_refuses_to_update_or_delete_audit_rows(session: Session) -> None:
    fill(session, 1)
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(text("UPDATE audit_log SET actor = 'nobody'"))
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(text("DELETE FROM audit_log"))


def disable_append_only(connection: Connection) -> None:
    """What someone with full database access could do before tampering."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
    else:
        connection.execute(text("DROP TRIGGER audit_log_no_update"))
        connection.execute(text("DROP TRIGGER audit_log_no_delete"))


def test_editing_one_row_breaks_the_chain_at_that_row(
    session: Session, connection: Connection
) -> None:
    fill(session)
    disable_append_only(connection)

    session.execute(text("UPDATE audit_log SET actor = 'someone innocent' WHERE position = 3"))
    session.expire_all()

    assert first_broken_entry(session) == 3


def test_deleting_one_row_breaks_the_chain_after_the_gap(
    session: Session, connection: Connection
) -> None:
    fill(session)
    disable_append_only(connection)

    session.execute(text("DELETE FROM audit_log WHERE position = 2"))
    session.expire_all()

    assert first_broken_entry(session) == 3


def test_positions_follow_on_without_gaps(session: Session) -> None:
    fill(session, 3)
    assert [row.position for row in session.query(AuditRow).order_by(AuditRow.position)] == [
        1,
        2,
        3,
    ]

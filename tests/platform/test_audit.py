"""The audit log in the database: append-only, one keyed chain per person, and checks that name
an edited entry, a chain recomputed without the key, a removed entry and a chain cut short."""

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from crossroads.platform.audit import (
    NoAuditKeys,
    accesses_to,
    breaks,
    breaks_since,
    current_checkpoint,
    record_access,
    with_audit_keys,
)
from crossroads.platform.audit_rows import AuditRow
from crossroads.platform.database import Database
from crossroads.platform.engines import make_engine, make_session_factory
from crossroads.platform.migrate import upgrade
from crossroads.security.audit import AuditKeys
from crossroads.security.encryption import format_key, new_key
from tests.mail import AUDIT_KEYS
from tests.postgres import ThrowawayPostgres

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def fill(session: Session, count: int = 4, subject: str = "client-1") -> None:
    for n in range(count):
        record_access(
            session,
            actor=f"practitioner {n}",
            subject_id=subject,
            action="read",
            target=f"assessment {n}",
            grant_id=f"grant-{n}",
            now=NOW + timedelta(minutes=n),
        )
    session.flush()


def rows(session: Session, subject: str = "client-1") -> list[AuditRow]:
    session.expire_all()
    return list(
        session.query(AuditRow).filter(AuditRow.subject_id == subject).order_by(AuditRow.seq)
    )


def test_untouched_chains_hold_and_each_person_has_their_own(session: Session) -> None:
    fill(session, 3, "client-1")
    fill(session, 2, "client-2")
    fill(session, 1, "client-1")

    assert breaks(session) == []
    assert [row.seq for row in rows(session, "client-1")] == [1, 2, 3, 4]
    assert [row.seq for row in rows(session, "client-2")] == [1, 2]
    assert next(a.target for a in accesses_to(session, "client-1")) == "assessment 0"


def test_the_log_is_numbered_in_the_order_entries_arrived(session: Session) -> None:
    fill(session, 2, "client-1")
    fill(session, 1, "client-2")

    positions = [row.position for row in rows(session, "client-1") + rows(session, "client-2")]
    assert positions == sorted(positions)
    assert len(set(positions)) == 3


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


def test_editing_one_row_breaks_its_chain_at_that_row(
    session: Session, connection: Connection
) -> None:
    fill(session)
    fill(session, 2, "client-2")
    third = rows(session)[2]
    disable_append_only(connection)

    session.execute(
        text("UPDATE audit_log SET actor = 'someone innocent' WHERE position = :p"),
        {"p": third.position},
    )
    session.expire_all()

    [found] = breaks(session)
    assert (found.subject_id, found.seq, found.position) == ("client-1", 3, third.position)
    assert "changed without the audit key" in str(found)


def sha256_link(previous: str, row: AuditRow, actor: str) -> str:
    """An attacker without the key recomputes links the only way they can: a plain hash over
    the entry and the link before it, as the log's old unkeyed chain did."""
    canonical = json.dumps(
        {
            "previous": previous,
            "subject": row.subject_id,
            "seq": row.seq,
            "at": row.at.isoformat(),
            "actor": actor,
            "action": row.action,
            "target": row.target,
            "grant": row.grant_id,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def test_a_row_rewritten_with_every_later_link_recomputed_by_sha256_is_named(
    session: Session, connection: Connection
) -> None:
    fill(session, 5)
    chain = rows(session)
    disable_append_only(connection)

    previous = chain[1].link
    for row in chain[2:]:
        actor = "someone innocent" if row.seq == 3 else row.actor
        forged = sha256_link(previous, row, actor)
        session.execute(
            text(
                "UPDATE audit_log SET actor = :actor, previous_link = :previous, link = :link"
                " WHERE position = :p"
            ),
            {"actor": actor, "previous": previous, "link": forged, "p": row.position},
        )
        previous = forged
    session.expire_all()

    [found] = breaks(session)
    assert (found.seq, found.position) == (3, chain[2].position)


def test_deleting_one_row_names_the_missing_link(session: Session, connection: Connection) -> None:
    fill(session)
    disable_append_only(connection)

    session.execute(
        text("DELETE FROM audit_log WHERE position = :p"), {"p": rows(session)[1].position}
    )

    [found] = breaks(session)
    assert (found.subject_id, found.seq, found.position) == ("client-1", 2, None)
    assert "removed" in found.what


def test_removing_the_newest_rows_is_caught_only_against_a_checkpoint(
    session: Session, connection: Connection
) -> None:
    fill(session, 4)
    fill(session, 2, "client-2")
    kept = current_checkpoint(session, NOW)
    disable_append_only(connection)

    session.execute(
        text("DELETE FROM audit_log WHERE subject_id = 'client-1' AND seq > 2"),
    )
    session.expire_all()

    assert breaks(session) == []  # what is left is a whole, shorter chain
    [found] = breaks_since(session, kept)
    assert (found.subject_id, found.seq) == ("client-1", 4)
    assert "cut short" in found.what
    assert "now ends at 2" in found.what


def test_a_chain_removed_whole_is_caught_against_a_checkpoint(
    session: Session, connection: Connection
) -> None:
    fill(session, 2)
    kept = current_checkpoint(session, NOW)
    disable_append_only(connection)

    session.execute(text("DELETE FROM audit_log WHERE subject_id = 'client-1'"))
    session.expire_all()

    [found] = breaks_since(session, kept)
    assert "now ends at 0" in found.what


def test_entries_added_after_a_checkpoint_still_reach_it(session: Session) -> None:
    fill(session, 2)
    kept = current_checkpoint(session, NOW)
    fill(session, 3)
    fill(session, 1, "client-new")

    assert breaks_since(session, kept) == []


def test_a_checkpoint_names_every_chain_and_counts_every_entry(session: Session) -> None:
    fill(session, 3)
    fill(session, 2, "client-2")

    kept = current_checkpoint(session, NOW)

    mine = [h for h in kept.heads if h.subject_id in {"client-1", "client-2"}]
    assert [(h.subject_id, h.count) for h in mine] == [("client-1", 3), ("client-2", 2)]
    assert mine[0].link == rows(session)[-1].link


def test_appending_without_audit_keys_is_refused(migrated_engine: Engine) -> None:
    bare = make_engine(migrated_engine.url.render_as_string(hide_password=False))
    with pytest.raises(NoAuditKeys), Session(bare) as session:
        record_access(session, actor="a", subject_id="b", action="read", target="c")
    bare.dispose()


def test_after_a_new_key_old_entries_still_hold_and_new_ones_use_it(
    session: Session, connection: Connection
) -> None:
    fill(session, 2)
    newer = AuditKeys.parse(
        "\n".join(
            [format_key(i, k) for i, k in AUDIT_KEYS.keys.items()]
            + [format_key("ak-newer", new_key())]
        )
    )
    rotated = Session(bind=connection.execution_options(crossroads_audit_keys=newer))

    fill(rotated, 1)

    assert [row.key_id for row in rows(rotated)] == ["test-audit", "test-audit", "ak-newer"]
    assert breaks(rotated) == []


# Two people's entries at once, on a real PostgreSQL server with real commits: the lock is one
# person's chain, not the whole log.


@pytest.fixture
def committing(postgres_server: ThrowawayPostgres) -> Iterator[Database]:
    engine = with_audit_keys(make_engine(postgres_server.new_database("audit_race")), AUDIT_KEYS)
    upgrade(engine)
    yield Database(engine, make_session_factory(engine))
    engine.dispose()


def append_in_background(database: Database, subject: str) -> tuple[threading.Thread, list[float]]:
    finished: list[float] = []

    def append() -> None:
        with database.transaction() as session:
            fill(session, 1, subject)
        finished.append(time.monotonic())

    thread = threading.Thread(target=append)
    thread.start()
    return thread, finished


def test_appends_for_two_people_at_once_do_not_wait_for_each_other(committing: Database) -> None:
    with committing.transaction() as holding:
        fill(holding, 1, "alice")  # alice's chain stays locked until this block commits
        thread, finished = append_in_background(committing, "bob")
        thread.join(timeout=20)
        assert finished, "bob's entry waited for alice's transaction"

    with committing.reading() as session:
        assert breaks(session) == []


def test_appends_for_the_same_person_wait_their_turn_and_stay_in_order(
    committing: Database,
) -> None:
    with committing.transaction() as holding:
        fill(holding, 1, "alice")
        thread, finished = append_in_background(committing, "alice")
        thread.join(timeout=1)
        assert not finished, "a second entry for alice did not wait for the first"
        released = time.monotonic()
    thread.join(timeout=20)

    assert finished
    assert finished[0] >= released
    with committing.reading() as session:
        assert [row.seq for row in rows(session, "alice")] == [1, 2]
        assert breaks(session) == []

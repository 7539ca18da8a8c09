"""Upgrading a database whose audit log is the old single chain of plain SHA-256 hashes
(migration 20261207m7): every entry is kept and linked into its person's keyed chain; a log that
was already altered, or an upgrade without the audit keys, stops instead."""

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from crossroads.platform.audit import accesses_to, breaks, record_access, with_audit_keys
from crossroads.platform.engines import make_engine
from crossroads.platform.migrate import alembic_config, upgrade
from tests.mail import AUDIT_KEYS
from tests.postgres import ThrowawayPostgres

BEFORE = "20261207m6"  # the revision with the single unkeyed chain
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
# (subject, actor, target) in the order they were written: two people, interleaved.
WRITTEN = [
    ("ana", "therapist@example.org", "assessment"),
    ("ben", "coach@example.org", "goals"),
    ("ana", "therapist@example.org", "journal"),
    ("ana", "operator (command line)", "export"),
    ("ben", "coach@example.org", "safety plan"),
]


def legacy_hash(
    previous: str, position: int, at: datetime, subject: str, actor: str, target: str
) -> str:
    canonical = json.dumps(
        {
            "previous": previous,
            "position": position,
            "at": at.isoformat(),
            "actor": actor,
            "subject": subject,
            "action": "read",
            "target": target,
            "grant": None,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


@pytest.fixture(params=["sqlite", "postgresql"])
def old_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database at the revision before, holding the old chain's five entries."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        server: ThrowawayPostgres = request.getfixturevalue("postgres_server")
        url = server.new_database("audit_legacy")
    engine = make_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), BEFORE)
        previous = "0" * 64
        for position, (subject, actor, target) in enumerate(WRITTEN, start=1):
            at = START + timedelta(minutes=position)
            digest = legacy_hash(previous, position, at, subject, actor, target)
            connection.execute(
                text(
                    "INSERT INTO audit_log (position, at, actor, subject_id, action, target,"
                    " grant_id, previous_hash, hash) VALUES (:position, :at, :actor, :subject,"
                    " 'read', :target, NULL, :previous, :hash)"
                ),
                {
                    "position": position,
                    "at": at,
                    "actor": actor,
                    "subject": subject,
                    "target": target,
                    "previous": previous,
                    "hash": digest,
                },
            )
            previous = digest
    yield engine
    engine.dispose()


def test_every_entry_is_kept_and_linked_into_its_persons_chain(old_engine: Engine) -> None:
    keyed = with_audit_keys(old_engine, AUDIT_KEYS)

    upgrade(keyed)

    with Session(keyed) as session:
        assert breaks(session) == []
        assert [a.target for a in accesses_to(session, "ana")] == [
            "export",
            "journal",
            "assessment",
        ]
        assert [a.target for a in accesses_to(session, "ben")] == ["safety plan", "goals"]
        chains = session.execute(
            text("SELECT subject_id, seq, position FROM audit_log ORDER BY position")
        ).all()
        assert [tuple(row) for row in chains] == [
            ("ana", 1, 1),
            ("ben", 1, 2),
            ("ana", 2, 3),
            ("ana", 3, 4),
            ("ben", 2, 5),
        ]
        record_access(session, actor="a", subject_id="ana", action="read", target="after")
        session.flush()
        assert accesses_to(session, "ana")[0].target == "after"
        assert session.scalar(text("SELECT max(position) FROM audit_log")) == 6
        assert breaks(session) == []


def test_an_old_log_that_was_already_altered_is_not_linked(old_engine: Engine) -> None:
    with old_engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        else:
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
        connection.execute(
            text("UPDATE audit_log SET actor = 'someone innocent' WHERE position = 3")
        )
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))

    with pytest.raises(RuntimeError, match="breaks at entry 3"):
        upgrade(with_audit_keys(old_engine, AUDIT_KEYS))


def test_an_upgrade_without_the_audit_keys_stops_before_changing_anything(
    old_engine: Engine,
) -> None:
    with pytest.raises(RuntimeError, match="crossroads db upgrade"):
        upgrade(old_engine)

    with old_engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM audit_log")) == len(WRITTEN)

"""A PostgreSQL server lost, as in a failover: what counts as lost, a dropped connection replaced
without anyone noticing, a server out of reach refused as DatabaseUnavailable after a few tries
(before any of the unit of work runs), a loss mid-transaction keeping nothing, and a write that
reached a standby refused with its connection thrown away. The whole failover, with a real
standby taking over, is tests/platform/test_failover.py."""

import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from crossroads.platform.database import (
    OPEN_RETRY_PAUSES,
    Database,
    DatabaseBusy,
    DatabaseUnavailable,
    shown_url,
)
from crossroads.platform.engines import is_lost, make_engine, make_session_factory, parse_url
from tests.ports import free_port
from tests.postgres import ThrowawayPostgres


def wrapped(orig: Exception, *, invalidated: bool = False) -> DBAPIError:
    return DBAPIError("INSERT ...", {}, orig, connection_invalidated=invalidated)


LOST = [
    psycopg.OperationalError("connection failed: Connection refused"),
    psycopg.OperationalError("server closed the connection unexpectedly"),
    psycopg.OperationalError('connection failed: server is in hot standby mode ("read-write")'),
    errors.AdminShutdown("terminating connection due to administrator command"),
    errors.CrashShutdown("terminating connection because of crash of another server process"),
    errors.CannotConnectNow("the database system is starting up"),
    errors.ConnectionFailure("could not receive data from the server"),
]
KEPT = [
    errors.SerializationFailure("could not serialize access"),
    errors.UniqueViolation("duplicate key value"),
    errors.QueryCanceled("canceling statement due to statement timeout"),
    sqlite3.OperationalError("database is locked"),
    sqlite3.OperationalError("no such table: people"),
]


@pytest.mark.parametrize("orig", LOST, ids=lambda error: type(error).__name__)
@pytest.mark.parametrize("writing", [True, False])
def test_a_lost_or_replaced_server_counts_as_lost(orig: Exception, writing: bool) -> None:
    assert is_lost(wrapped(orig), writing=writing)


@pytest.mark.parametrize("orig", KEPT, ids=lambda error: type(error).__name__)
def test_other_errors_do_not_count_as_lost(orig: Exception) -> None:
    assert not is_lost(wrapped(orig), writing=True)


def test_a_read_only_refusal_is_a_standby_for_a_writer_and_a_bug_for_a_reader() -> None:
    read_only = wrapped(errors.ReadOnlySqlTransaction("cannot execute INSERT"))

    assert is_lost(read_only, writing=True)
    assert not is_lost(read_only, writing=False)


def test_a_connection_sqlalchemy_threw_away_counts_as_lost() -> None:
    assert is_lost(wrapped(sqlite3.OperationalError("gone"), invalidated=True), writing=True)


def test_the_refusal_says_when_to_ask_again_and_is_waited_out_as_busy() -> None:
    refused = DatabaseUnavailable()

    assert isinstance(refused, DatabaseBusy)  # an import or the unread count waits it out
    assert refused.retry_after > DatabaseBusy().retry_after
    assert "try again" in str(refused)


def test_several_servers_are_named_as_libpq_writes_them() -> None:
    url = "postgresql://app:secret@db1:5432,db2:5433/crossroads?target_session_attrs=read-write"

    parsed = parse_url(url)

    assert parsed.database == "crossroads"
    assert parsed.username == "app"
    assert parsed.query == {
        "host": ("db1:5432", "db2:5433"),
        "target_session_attrs": "read-write",
    }
    assert "secret" not in shown_url(url)
    assert parse_url("postgresql://app@db1:5432,db2/x").query == {"host": ("db1:5432", "db2")}
    one = "postgresql://app@db1:5432/crossroads?sslmode=require"
    assert parse_url(one) == make_url(one)


def both_ways(engine: Engine) -> Database:
    return Database(
        engine, make_session_factory(engine), make_session_factory(engine, reading=True)
    )


def test_a_server_out_of_reach_is_refused_after_a_few_tries_before_anything_runs() -> None:
    nobody = free_port()  # nothing listens here: every connection is refused at once
    engine = make_engine(f"postgresql://postgres@127.0.0.1:{nobody},127.0.0.1:{nobody}/x")
    ran = []
    begun = time.monotonic()

    with pytest.raises(DatabaseUnavailable), both_ways(engine).transaction():
        ran.append("the unit of work")

    assert ran == []
    assert time.monotonic() - begun >= sum(OPEN_RETRY_PAUSES)
    engine.dispose()


@pytest.fixture
def lost_db(postgres_server: ThrowawayPostgres) -> Iterator[Engine]:
    """An empty database of its own, whose transactions commit for real, with a table."""
    engine = make_engine(postgres_server.new_database("lost"))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (words TEXT)"))
    yield engine
    engine.dispose()


def _terminate(engine: Engine, pid: int | None = None) -> None:
    """End server processes from outside, as a server shutting down does (57P01): `pid`, or
    every other connection to the database."""
    others = (
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    with engine.connect() as connection:
        if pid is None:
            connection.execute(text(others))
        else:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        connection.commit()


def _backend(session: Any) -> int:
    pid: int = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    return pid


def test_a_server_back_within_the_tries_is_reached_without_a_refusal(lost_db: Engine) -> None:
    refusals = [len(OPEN_RETRY_PAUSES)]  # every try but the last is refused

    @event.listens_for(lost_db, "do_connect")
    def refuse(*_: Any) -> None:
        if refusals[0]:
            refusals[0] -= 1
            raise psycopg.OperationalError("connection failed: Connection refused")

    lost_db.dispose()  # the pool's connections were made before: the next one is refused
    database = both_ways(lost_db)

    _write(database, "kept", [])

    assert refusals == [0]
    with database.reading() as session:
        assert session.execute(text("SELECT words FROM notes")).scalars().all() == ["kept"]


def test_a_dropped_connection_is_replaced_without_the_unit_of_work_noticing(
    lost_db: Engine,
) -> None:
    database, outsider = both_ways(lost_db), make_engine(str(lost_db.url))
    with database.transaction() as session:
        before = _backend(session)
    _terminate(outsider)

    with database.transaction() as session:
        session.execute(text("INSERT INTO notes VALUES ('kept')"))
        after = _backend(session)

    assert after != before
    with database.reading() as session:
        assert session.execute(text("SELECT words FROM notes")).scalars().all() == ["kept"]
    outsider.dispose()


def _write_in_two_halves(database: Database, outsider: Engine) -> None:
    with database.transaction() as session:
        session.execute(text("INSERT INTO notes VALUES ('first half')"))
        _terminate(outsider, _backend(session))
        session.execute(text("INSERT INTO notes VALUES ('second half')"))


def test_a_connection_lost_mid_transaction_is_refused_and_keeps_nothing(lost_db: Engine) -> None:
    database, outsider = both_ways(lost_db), make_engine(str(lost_db.url))

    with pytest.raises(DatabaseUnavailable):
        _write_in_two_halves(database, outsider)

    with database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM notes")).scalar_one() == 0
    outsider.dispose()


def _write(database: Database, words: str, on: list[int]) -> None:
    with database.transaction() as session:
        on.append(_backend(session))
        session.execute(text("INSERT INTO notes VALUES (:words)"), {"words": words})


def test_a_write_that_reaches_a_standby_is_refused_and_its_connection_thrown_away(
    lost_db: Engine,
) -> None:
    standby = [True]  # while set, every new connection is read-only, as one to a standby is

    @event.listens_for(lost_db, "connect")
    def read_only(connection: Any, _record: Any) -> None:
        if standby[0]:
            connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            connection.commit()

    lost_db.dispose()  # the pool's connections were made before: new ones meet the standby
    database, backends = both_ways(lost_db), []
    with pytest.raises(DatabaseUnavailable):
        _write(database, "to the standby", backends)
    standby[0] = False

    _write(database, "to the primary", backends)

    refused_on, written_on = backends
    assert written_on != refused_on
    with database.reading() as session:
        assert session.execute(text("SELECT words FROM notes")).scalars().all() == [
            "to the primary"
        ]

"""Units of work under contention: a reader never waits for a writer and cannot write, a lock
held too long is refused as DatabaseBusy (which pages answer with 503), and the embedded
database's files are readable by their owner only."""

import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import DBAPIError

from crossroads.platform import engines as store_database
from crossroads.platform.database import Database, DatabaseBusy, WriteWhileReading
from crossroads.platform.engines import make_engine, make_session_factory
from crossroads.platform.person_rows import PersonRow

WAITED = 1.0  # seconds a reader may take; a writer would wait for the busy timeout, 15


def both_ways(engine: Engine) -> Database:
    """A real Database on the engine: writers and readers outside any test transaction."""
    return Database(
        engine, make_session_factory(engine), make_session_factory(engine, reading=True)
    )


@pytest.fixture
def umask() -> Iterator[None]:
    """The usual umask, which lets new files be read by everyone."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _held_write(database: Database, started: threading.Event, done: threading.Event) -> None:
    """Hold a write transaction (and on SQLite the write lock) until `done`; it reads only."""
    with database.transaction() as session:
        session.execute(select(PersonRow.id).limit(1)).all()
        started.set()
        done.wait(10)


def test_a_reader_never_waits_for_a_writer(migrated_engine: Engine) -> None:
    database = both_ways(migrated_engine)
    started, done = threading.Event(), threading.Event()
    writer = threading.Thread(target=_held_write, args=(database, started, done))
    writer.start()
    try:
        assert started.wait(10)
        begun = time.monotonic()
        with database.reading() as session:
            session.execute(select(PersonRow.id).limit(1)).all()
        waited = time.monotonic() - begun
    finally:
        done.set()
        writer.join()
    assert waited < WAITED


def test_a_reading_unit_of_work_cannot_write(migrated_engine: Engine) -> None:
    database = both_ways(migrated_engine)
    with pytest.raises(DBAPIError, match="read"), database.reading() as session:
        session.execute(text("UPDATE people SET display_name = 'Mallory'"))


def test_a_write_while_reading_is_refused_inside_a_tests_transaction_too(
    database: Database,
) -> None:
    # The suite's databases read through savepoints of one open transaction: the session
    # itself refuses, so a page switched to reading() by mistake fails its tests.
    with pytest.raises(WriteWhileReading), database.reading() as session:
        session.execute(update(PersonRow).values(display_name="Mallory"))
    with pytest.raises(WriteWhileReading):
        _add_someone_while_reading(database)


def _add_someone_while_reading(database: Database) -> None:
    with database.reading() as session:
        session.add(PersonRow(id="someone"))


def test_a_write_lock_held_too_long_is_refused_as_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_database, "BUSY_TIMEOUT_MS", 100)
    engine = make_engine(f"sqlite:///{tmp_path / 'busy.db'}")
    database = both_ways(engine)
    with database.transaction() as session:
        session.execute(text("CREATE TABLE notes (words TEXT)"))
    started, done = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_sqlite, args=(database, started, done))
    holder.start()
    try:
        assert started.wait(10)
        with pytest.raises(DatabaseBusy), database.transaction() as session:
            session.execute(text("INSERT INTO notes VALUES ('second')"))
        with database.reading() as session:  # reading still works meanwhile
            assert session.execute(text("SELECT count(*) FROM notes")).scalar() == 0
    finally:
        done.set()
        holder.join()
    with database.reading() as session:
        assert session.execute(text("SELECT words FROM notes")).scalars().all() == ["first"]
    engine.dispose()


def _hold_sqlite(database: Database, started: threading.Event, done: threading.Event) -> None:
    with database.transaction() as session:
        session.execute(text("INSERT INTO notes VALUES ('first')"))
        started.set()
        done.wait(10)


def test_a_lock_timeout_on_postgresql_is_refused_as_busy(migrated_engine: Engine) -> None:
    if migrated_engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's lock timeout")
    database = both_ways(migrated_engine)
    with migrated_engine.connect() as holder:
        holder.execute(text("LOCK TABLE people IN ACCESS EXCLUSIVE MODE"))
        with pytest.raises(DatabaseBusy):
            _read_people_waiting(database, "100ms")
        holder.rollback()


def _read_people_waiting(database: Database, lock_timeout: str) -> None:
    with database.transaction() as session:
        session.execute(text(f"SET LOCAL lock_timeout = '{lock_timeout}'"))
        session.execute(select(PersonRow.id).limit(1)).all()


def test_the_embedded_database_and_its_wal_are_private(tmp_path: Path, umask: None) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'crossroads.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (words TEXT)"))
        connection.execute(text("INSERT INTO notes VALUES ('private')"))
        files = sorted((tmp_path / "data").iterdir())
        modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in files}
    engine.dispose()

    assert modes == {
        "crossroads.db": 0o600,
        "crossroads.db-shm": 0o600,
        "crossroads.db-wal": 0o600,
    }


def test_a_database_made_world_readable_before_is_made_private_when_opened(
    tmp_path: Path, umask: None
) -> None:
    path = tmp_path / "crossroads.db"
    for each in (path, tmp_path / "crossroads.db-wal"):
        each.touch()
        each.chmod(0o644)

    make_engine(f"sqlite:///{path}").dispose()

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "crossroads.db-wal").stat().st_mode) == 0o600

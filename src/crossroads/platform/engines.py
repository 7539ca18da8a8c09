"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production).

Units of work that only read begin without the write lock; writers take it up front. A lock
held by others for longer than the busy timeout surfaces as an error `is_busy` recognises.
"""

import os
import sqlite3
from contextlib import suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

READING = "crossroads_reading"  # execution option of an engine whose transactions only read
# How long a writer waits for its turn before the request is refused with "try again"
# (DatabaseBusy, a 503). A write holds the lock for milliseconds (hashing and classifying run
# before it begins), but a crowd of requests on a busy machine slows each holder down; fifteen
# seconds rides out such a burst and still answers well within a proxy's or browser's patience.
BUSY_TIMEOUT_MS = 15_000
# PostgreSQL's "try again" conditions: serialization failure, deadlock, lock not available.
_PG_BUSY = frozenset({"40001", "40P01", "55P03"})


def make_engine(url: str) -> Engine:
    """An engine for `url`; plain postgresql:// URLs use psycopg 3, SQLite folders are created,
    and a new SQLite file is readable by its owner only."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _create_private(Path(parsed.database))
        engine = create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def make_session_factory(engine: Engine, *, reading: bool = False) -> sessionmaker[Session]:
    """Sessions on `engine`; with `reading`, sessions whose transactions cannot write and, on
    SQLite, never wait for the write lock (read only on PostgreSQL)."""
    if reading:
        options: dict[str, Any] = {READING: True}
        if engine.dialect.name == "postgresql":
            options["postgresql_readonly"] = True
        engine = engine.execution_options(**options)
    return sessionmaker(bind=engine, expire_on_commit=False)


def is_busy(error: DBAPIError) -> bool:
    """Whether the database refused because others held a lock too long: trying again soon
    may well work, unlike any other error."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return getattr(error.orig, "sqlstate", None) in _PG_BUSY


def _create_private(path: Path) -> None:
    # SQLite would create the file with the umask's mode, usually readable by everyone; its
    # -wal and -shm files copy the mode of the database file, so they are private too. A file
    # made before this (world-readable) is made private when next opened, with its copies.
    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with suppress(FileNotFoundError, PermissionError):
            if each.stat().st_mode & 0o077:
                each.chmod(0o600)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # Take transaction control from the sqlite3 module, which would otherwise begin lazily and
    # leave DDL and SAVEPOINTs outside the transaction; `_sqlite_begin` starts each one instead.
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(READING):
        # Deferred: in WAL mode a reader sees the last commit and never waits for a writer.
        # query_only makes a write by mistake fail here rather than take the lock.
        connection.exec_driver_sql("BEGIN")
        connection.exec_driver_sql("PRAGMA query_only=ON")
    else:
        # IMMEDIATE takes the write lock up front, so concurrent writers queue on the busy
        # timeout instead of failing when a read transaction tries to upgrade to a write.
        connection.exec_driver_sql("PRAGMA query_only=OFF")
        connection.exec_driver_sql("BEGIN IMMEDIATE")

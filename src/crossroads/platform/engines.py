"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production).

Units of work that only read begin without the write lock; writers take it up front. A lock
held by others for longer than the busy timeout surfaces as an error `is_busy` recognises; a
PostgreSQL server lost, or replaced by its standby, as one `is_lost` recognises.
"""

import os
import sqlite3
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
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
# PostgreSQL's "this server is going away": shut down by its administrator, crashed, or not
# (yet) taking connections, as a server being stopped, started or promoted says.
_PG_GOING = frozenset({"57P01", "57P02", "57P03"})
_PG_CONNECTION = "08"  # the class of connection exceptions
_PG_READ_ONLY = "25006"  # a write refused by a read-only transaction: what a standby says


def parse_url(url: str) -> URL:
    """`url` as SQLAlchemy reads it. A PostgreSQL URL may name several servers as libpq and
    `pg_autoctl show uri` write them, `postgresql://app@db1:5432,db2:5432/crossroads`, which
    SQLAlchemy only reads as `?host=db1:5432&host=db2:5432`: it is rewritten so."""
    parts = urlsplit(url)
    userinfo, at, hosts = parts.netloc.rpartition("@")
    if not parts.scheme.startswith("postgres") or "," not in hosts:
        return make_url(url)
    named = "&".join(f"host={quote(host, safe=':')}" for host in hosts.split(","))
    query = f"{named}&{parts.query}" if parts.query else named
    return make_url(urlunsplit(parts._replace(netloc=userinfo + at, query=query)))


def make_engine(url: str) -> Engine:
    """An engine for `url`; plain postgresql:// URLs use psycopg 3, SQLite folders are created,
    and a new SQLite file is readable by its owner only."""
    parsed = parse_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _create_private(Path(parsed.database))
        engine = create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(parsed, pool_pre_ping=True)
    event.listen(engine, "handle_error", _lost_server_is_a_disconnect)
    return engine


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


def is_lost(error: DBAPIError, *, writing: bool) -> bool:
    """Whether the PostgreSQL server was lost or can no longer take this unit of work: the
    connection was refused, closed or broken, only standbys answered, the server is shutting
    down or starting up, or (for a unit of work that writes) what answered is now a standby.
    During a failover the promoted standby takes over within seconds, so trying again soon may
    well work. A read-only refusal inside `reading()` is a bug instead, and is not counted."""
    if error.connection_invalidated:
        return True
    if not isinstance(error.orig, psycopg.Error):
        return False
    state = error.orig.sqlstate
    if state is None:  # libpq's own failures: refused, closed, timed out, no read-write server
        return isinstance(error.orig, psycopg.OperationalError)
    return (
        state.startswith(_PG_CONNECTION)
        or state in _PG_GOING
        or (writing and state == _PG_READ_ONLY)
    )


def _lost_server_is_a_disconnect(context: ExceptionContext) -> None:
    # SQLAlchemy throws a connection away, with every pooled one opened before it, only when
    # the driver calls it broken. A server that is shutting down, or was demoted to a standby,
    # leaves connections that look whole but can never write again: they go too, so the next
    # unit of work connects afresh and finds the new primary.
    error = context.sqlalchemy_exception
    if context.is_disconnect or not isinstance(error, DBAPIError):
        return
    connection = context.connection
    reading = connection is not None and connection.get_execution_options().get(READING, False)
    if is_lost(error, writing=not reading):
        context.is_disconnect = True


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

"""Open the configured database, migrate it, and run one unit of work in a transaction: one
that writes, or one that only reads and so never waits for, or blocks, a writer. A unit of
work that cannot finish for now (others hold the lock, or the PostgreSQL server was lost while
its standby takes over) is refused with an exception that says when to try again."""

import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, sessionmaker

# The unit of work that use cases take; named here so that pages and commands can say so
# without importing the database library, which they must never query themselves.
from sqlalchemy.orm import Session as Session

from crossroads.platform import migrate
from crossroads.platform.audit import with_audit_keys
from crossroads.platform.config import Settings
from crossroads.platform.engines import (
    BUSY_TIMEOUT_MS,
    is_busy,
    is_lost,
    make_engine,
    make_session_factory,
    parse_url,
)
from crossroads.platform.secrets import load_audit_keys

RETRY_AFTER_SECONDS = 2  # what a refused request is told to wait: writes take milliseconds
# What a request refused for a lost server is told to wait: pg_auto_failover promotes the
# standby within seconds of noticing (docs/deployment.md, "Failover"), and a client that asks
# again too soon only meets the same refusal.
UNAVAILABLE_RETRY_AFTER_SECONDS = 5
# Pauses between tries to reach a lost server as a unit of work opens, about two seconds in
# all: a connection that broke because the server restarted, or a pool still holding
# connections to the old primary, is replaced at the next try; a failover takes longer, and
# the request is refused rather than held.
OPEN_RETRY_PAUSES = (0.25, 0.5, 1.0)
_READING = "crossroads.reading"  # Session.info key of a session in `Database.reading()`


class WriteWhileReading(Exception):
    """Code inside `Database.reading()` tried to change something: a bug, never the person's."""


class DatabaseBusy(Exception):
    """Other writers held the database for longer than a request waits; nothing of this unit
    of work was kept, and trying again in a moment will most likely work."""

    def __init__(self) -> None:
        super().__init__("the database is busy; try again in a moment")
        self.retry_after = RETRY_AFTER_SECONDS


class DatabaseUnavailable(DatabaseBusy):
    """The PostgreSQL server was lost (or is now a standby) as the unit of work opened or ran,
    and a few tries did not reach another: most likely a failover is under way. The unit of
    work was one transaction, so none of it was kept; only a connection lost during the commit
    itself leaves it unknown whether all of it was. A kind of DatabaseBusy, so that what waits
    out a busy database (an import, the unread count) waits this out too."""

    def __init__(self) -> None:
        super().__init__()
        self.args = ("the database could not be reached; try again in a few seconds",)
        self.retry_after = UNAVAILABLE_RETRY_AFTER_SECONDS


@dataclass(frozen=True)
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    # Sessions for units of work that only read; None reads through `sessions` (as the tests'
    # databases do, whose sessions all live inside one rolled-back transaction).
    readers: sessionmaker[Session] | None = None
    # SQLite lets one writer in at a time. Its own wait polls, so under a crowd of writers some
    # are passed over again and again until their timeout; this process's writers queue here
    # instead, asleep, and only writers of other processes meet SQLite's wait.
    writers: "threading.RLock | None" = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises.
        DatabaseBusy when other writers kept the lock too long, DatabaseUnavailable when the
        server was lost."""
        with _as_refusal(writing=True), self._turn(), self._begun(self.sessions, True) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A unit of work that only reads: it takes no write lock on SQLite and is a read-only
        transaction on PostgreSQL. A write in it raises WriteWhileReading (and the database
        refuses one too), also where tests run it inside their own transaction."""
        sessions = self.readers or self.sessions
        with _as_refusal(writing=False), self._begun(sessions, False) as session:
            session.info[_READING] = True
            yield session

    @contextmanager
    def _begun(self, sessions: sessionmaker[Session], writing: bool) -> Iterator[Session]:
        """A session in its transaction. On PostgreSQL it holds its connection from the start,
        reached with a few tries if the server was lost, so that no part of the unit of work
        has run when it is refused."""
        with sessions.begin() as session:
            if self.engine.dialect.name == "postgresql":
                _connect(session, writing=writing)
            yield session

    def _turn(self) -> AbstractContextManager[None]:
        if self.writers is None:
            return nullcontext()
        return _queued(self.writers)

    def upgrade(self) -> None:
        migrate.upgrade(self.engine)

    def is_current(self) -> bool:
        return migrate.is_current(self.engine)


def open_database(settings: Settings) -> Database:
    engine = with_audit_keys(make_engine(settings.database), load_audit_keys(settings))
    writers = threading.RLock() if engine.dialect.name == "sqlite" else None
    return Database(
        engine,
        make_session_factory(engine),
        make_session_factory(engine, reading=True),
        writers,
    )


@contextmanager
def _queued(writers: threading.RLock) -> Iterator[None]:
    if not writers.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
        raise DatabaseBusy()
    try:
        yield
    finally:
        writers.release()


def _connect(session: Session, *, writing: bool) -> None:
    for pause in (*OPEN_RETRY_PAUSES, None):
        try:
            session.connection()
        except DBAPIError as error:
            if pause is None or not is_lost(error, writing=writing):
                raise
            time.sleep(pause)
        else:
            return


@contextmanager
def _as_refusal(*, writing: bool) -> Iterator[None]:
    try:
        yield
    except DBAPIError as error:
        if is_busy(error):
            raise DatabaseBusy() from error
        if is_lost(error, writing=writing):
            raise DatabaseUnavailable() from error
        raise


@event.listens_for(Session, "before_flush")
def _no_changes_while_reading(session: Session, *_: Any) -> None:
    if session.info.get(_READING) and (session.new or session.dirty or session.deleted):
        raise WriteWhileReading("a unit of work opened for reading tried to save a change")


@event.listens_for(Session, "do_orm_execute")
def _no_statements_that_write_while_reading(state: ORMExecuteState) -> None:
    if state.session.info.get(_READING) and (state.is_insert or state.is_update or state.is_delete):
        raise WriteWhileReading("a unit of work opened for reading tried to write")


def shown_url(url: str) -> str:
    """The database URL as it may be printed: without its password."""
    return parse_url(url).render_as_string(hide_password=True)

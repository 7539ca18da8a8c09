"""Open the configured database, migrate it, and run one unit of work in a transaction: one
that writes, or one that only reads and so never waits for, or blocks, a writer."""

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, sessionmaker

# The unit of work that use cases take; named here so that pages and commands can say so
# without importing the database library, which they must never query themselves.
from sqlalchemy.orm import Session as Session

from crossroads.platform import migrate
from crossroads.platform.audit import with_audit_keys
from crossroads.platform.config import Settings
from crossroads.platform.engines import BUSY_TIMEOUT_MS, is_busy, make_engine, make_session_factory
from crossroads.platform.secrets import load_audit_keys

RETRY_AFTER_SECONDS = 2  # what a refused request is told to wait: writes take milliseconds
_READING = "crossroads.reading"  # Session.info key of a session in `Database.reading()`


class WriteWhileReading(Exception):
    """Code inside `Database.reading()` tried to change something: a bug, never the person's."""


class DatabaseBusy(Exception):
    """Other writers held the database for longer than a request waits; nothing of this unit
    of work was kept, and trying again in a moment will most likely work."""

    def __init__(self) -> None:
        super().__init__("the database is busy; try again in a moment")
        self.retry_after = RETRY_AFTER_SECONDS


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
        DatabaseBusy when other writers kept the lock too long."""
        with _busy_as_refusal(), self._turn(), self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A unit of work that only reads: it takes no write lock on SQLite and is a read-only
        transaction on PostgreSQL. A write in it raises WriteWhileReading (and the database
        refuses one too), also where tests run it inside their own transaction."""
        with _busy_as_refusal(), (self.readers or self.sessions).begin() as session:
            session.info[_READING] = True
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


@contextmanager
def _busy_as_refusal() -> Iterator[None]:
    try:
        yield
    except DBAPIError as error:
        if is_busy(error):
            raise DatabaseBusy() from error
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
    return make_url(url).render_as_string(hide_password=True)

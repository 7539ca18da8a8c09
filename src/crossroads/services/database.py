"""Open the configured database, migrate it, and run one unit of work in a transaction."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from crossroads.config import Settings
from crossroads.store import migrate
from crossroads.store.database import make_engine, make_session_factory


@dataclass(frozen=True)
class Database:
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with self.sessions.begin() as session:
            yield session

    def upgrade(self) -> None:
        migrate.upgrade(self.engine)

    def is_current(self) -> bool:
        return migrate.is_current(self.engine)


def open_database(settings: Settings) -> Database:
    engine = make_engine(settings.database)
    return Database(engine, make_session_factory(engine))

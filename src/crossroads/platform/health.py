"""Whether this process can serve: the database answers and its schema is the one this code
expects. A load balancer sends traffic only to a process that is ready."""

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from crossroads.platform.database import Database


@dataclass(frozen=True)
class Readiness:
    database: str  # "ok", or why not
    schema: str  # "current", "behind" or "unknown"

    @property
    def ready(self) -> bool:
        return self.database == "ok" and self.schema == "current"


def readiness(database: Database) -> Readiness:
    """Reported by kind only: an error's text can carry the connection's address."""
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        return Readiness(database=f"unreachable ({type(error).__name__})", schema="unknown")
    return Readiness(database="ok", schema="current" if database.is_current() else "behind")

"""The migrations build exactly the schema the models describe, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine

import crossroads.platform.tables  # noqa: F401  (registers every table)
from crossroads.platform.base import Base
from crossroads.platform.migrate import is_current, upgrade


def test_migrations_match_the_models(connection: Connection) -> None:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    assert compare_metadata(context, Base.metadata) == []


def test_a_migrated_database_is_current_and_upgrading_again_changes_nothing(
    migrated_engine: Engine,
) -> None:
    assert is_current(migrated_engine)
    upgrade(migrated_engine)
    assert is_current(migrated_engine)

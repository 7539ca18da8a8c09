"""Alembic environment: always handed a live connection by crossroads.platform.migrate."""

from alembic import context

import crossroads.platform.tables  # noqa: F401  (registers every table on Base.metadata)
from crossroads.platform.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()

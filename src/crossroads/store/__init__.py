"""Storage: SQLAlchemy tables, one module of queries per aggregate, Alembic migrations."""

"""Storage shared by every feature: the declarative base, the engine, the Alembic migrations and
the table list they read, and the tables not yet moved into a feature's `store.py`."""

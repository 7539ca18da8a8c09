"""/healthz answers while the process lives; /readyz only while the database answers and its
schema is current, and says which check failed without revealing where the database is."""

from pathlib import Path

from fastapi.testclient import TestClient

from crossroads.app import create_app
from crossroads.platform.config import Settings
from crossroads.platform.database import Database
from crossroads.platform.engines import make_engine, make_session_factory
from crossroads.platform.health import readiness
from crossroads.platform.migrate import upgrade
from crossroads.platform.runtime import Runtime
from crossroads.security.encryption import MasterKeys
from tests.conftest import SECRET


def database_at(url: str) -> Database:
    engine = make_engine(url)
    return Database(engine, make_session_factory(engine))


def test_alive_and_ready_on_a_migrated_database(tmp_path: Path, master_keys: MasterKeys) -> None:
    # Its own database: the suite's shared one is held inside each test's open transaction.
    database = database_at(f"sqlite:///{tmp_path / 'ready.db'}")
    upgrade(database.engine)
    runtime = Runtime(Settings(data_dir=tmp_path), database, master_keys, SECRET)
    with TestClient(create_app(runtime=runtime)) as client:
        alive = client.get("/healthz")
        ready = client.get("/readyz")

    assert (alive.status_code, alive.json()) == (200, {"status": "alive"})
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ready", "database": "ok", "schema": "current"}


def test_a_database_not_yet_migrated_is_not_ready(tmp_path: Path) -> None:
    found = readiness(database_at(f"sqlite:///{tmp_path / 'empty.db'}"))
    assert (found.database, found.schema, found.ready) == ("ok", "behind", False)


def test_an_unreachable_database_is_named_by_the_kind_of_failure_only(tmp_path: Path) -> None:
    url = "postgresql+psycopg://nobody:secret@127.0.0.1:9/nowhere?connect_timeout=2"
    found = readiness(database_at(url))
    assert not found.ready
    assert found.database == "unreachable (OperationalError)"
    assert "secret" not in found.database

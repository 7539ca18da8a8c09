"""Shared fixtures: both databases built by the migrations, each test in a rolled-back
transaction, an app wired to that transaction, and an SMTP server on loopback."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from crossroads.app import create_app
from crossroads.platform.audit import with_audit_keys
from crossroads.platform.config import Settings
from crossroads.platform.database import Database
from crossroads.platform.engines import make_engine, make_session_factory
from crossroads.platform.migrate import upgrade
from crossroads.platform.outbox import publish_outbox_key
from crossroads.platform.runtime import Runtime
from crossroads.security import passwords
from crossroads.security.csrf import form_token
from crossroads.security.encryption import MasterKeys
from tests.mail import AUDIT_KEYS, MASTER_KEYS
from tests.ports import free_port
from tests.postgres import ThrowawayPostgres, start_postgres
from tests.smtp import Collector, smtp_server

BACKENDS = ("sqlite", "postgresql")

# Hypothesis checks behaviour here; how fast it runs is the benchmarks' business. On a shared,
# loaded two-core machine its timing checks fail for reasons that say nothing about the code,
# so they are off; every other health check stays on.
settings.register_profile("crossroads", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("crossroads")


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its lowest cost: the tests check behaviour, not resistance to cracking,
    and the full cost would make hundreds of sign-ups take minutes."""
    monkeypatch.setattr(
        passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[ThrowawayPostgres]:
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}"


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_engine(request: pytest.FixtureRequest, master_keys: MasterKeys) -> Iterator[Engine]:
    """One engine per backend for the whole session, built by the Alembic migrations, with
    the outbox's key published as `crossroads db upgrade` does."""
    if request.param == "sqlite":
        url = request.getfixturevalue("sqlite_url")
    else:
        url = request.getfixturevalue("postgres_server").url
    engine = with_audit_keys(make_engine(url), AUDIT_KEYS)
    upgrade(engine)
    with make_session_factory(engine).begin() as session:
        publish_outbox_key(session, master_keys, datetime.now(UTC))
    yield engine
    engine.dispose()


@pytest.fixture
def connection(migrated_engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with migrated_engine.connect() as connection:
        outer = connection.begin()
        yield connection
        outer.rollback()


@pytest.fixture
def database(migrated_engine: Engine, connection: Connection) -> Database:
    """A Database whose commits only release savepoints inside the test's transaction."""
    sessions = sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    return Database(migrated_engine, sessions)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.sessions() as session:
        yield session


SECRET = b"test secret for csrf tokens, not used anywhere else"


@pytest.fixture(scope="session")
def master_keys() -> MasterKeys:
    return MASTER_KEYS


# pydantic-settings reads the whole environment each time a Settings is made, a few
# milliseconds that thousands of tests would pay: one is made, and copied for each folder.
_SETTINGS = Settings(public_url="https://crossroads.test")


def _settings(data_dir: Path) -> Settings:
    return _SETTINGS.model_copy(update={"data_dir": data_dir})


@pytest.fixture
def runtime(database: Database, master_keys: MasterKeys, tmp_path: Path) -> Runtime:
    return Runtime(_settings(tmp_path), database, master_keys, SECRET)


@pytest.fixture(scope="session")
def shared_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """One app for the session. FastAPI builds a route's dependency models the first time an
    app matches a request against it, a tenth of a second or more per app; a new app in
    every test would pay that thousands of times. The app holds no state but its runtime."""
    return create_app(_settings(tmp_path_factory.mktemp("shared-app")))


@pytest.fixture
def app(shared_app: FastAPI, runtime: Runtime) -> FastAPI:
    """The shared app, pointed at this test's runtime and so at its rolled-back transaction."""
    shared_app.state.runtime = runtime
    return shared_app


class FormClient(TestClient):
    """A TestClient that, like a browser showing our forms, sends the CSRF token with every
    form it posts. Pass `csrf=False` to post as a forged request would."""

    def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:
        csrf = kwargs.pop("csrf", True)
        data = kwargs.get("data")
        is_form = kwargs.get("json") is None and kwargs.get("content") is None
        if (
            csrf
            and is_form
            and method.upper() == "POST"
            and (data is None or isinstance(data, dict))
        ):
            kwargs["data"] = {"csrf_token": self.csrf_token(), **(data or {})}
        return super().request(method, url, *args, **kwargs)

    def post(self, url: Any, *, csrf: bool = True, **kwargs: Any) -> Any:  # type: ignore[override]
        return self.request("POST", url, csrf=csrf, **kwargs)

    def csrf_token(self) -> str:
        if "cr_csrf" not in self.cookies:
            super().request("GET", "/")
        return form_token(SECRET, self.cookies["cr_csrf"], self.cookies.get("cr_session"))


@pytest.fixture
def client(app: FastAPI) -> Iterator[FormClient]:
    # https: the session and CSRF cookies are Secure, and are only sent over https.
    with FormClient(app, base_url="https://testserver") as client:
        yield client


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Collector]:
    with smtp_server(smtp_port) as collector:
        yield collector

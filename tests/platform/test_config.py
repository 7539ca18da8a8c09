"""Settings come from CROSSROADS_* variables, with the embedded SQLite file by default."""

from pathlib import Path

import pytest

from crossroads.platform.config import Settings
from crossroads.platform.engines import make_engine


def test_the_default_database_is_a_sqlite_file_in_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CROSSROADS_DATABASE_URL", raising=False)
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path))

    assert Settings().database == f"sqlite:///{tmp_path / 'crossroads.db'}"


def test_the_database_url_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSROADS_DATABASE_URL", "postgresql://crossroads@db.internal/practice")

    assert Settings().database == "postgresql://crossroads@db.internal/practice"


def test_a_plain_postgresql_url_uses_psycopg_3() -> None:
    engine = make_engine("postgresql://crossroads@db.internal/practice")

    assert engine.dialect.driver == "psycopg"

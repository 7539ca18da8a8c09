"""`crossroads db upgrade` builds the embedded database; `serve` refuses an unmigrated one."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroads.cli import app
from crossroads.platform.config import Settings
from crossroads.platform.database import open_database

runner = CliRunner()


def test_db_upgrade_creates_the_sqlite_database_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path / "data"))

    result = runner.invoke(app, ["db", "upgrade"])

    assert result.exit_code == 0, result.output
    assert "up to date" in result.stdout
    assert (tmp_path / "data" / "crossroads.db").exists()
    assert open_database(Settings()).is_current()


def test_serve_refuses_a_database_that_is_not_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path / "empty"))

    result = runner.invoke(app, ["serve"])

    assert result.exit_code == 1
    assert "crossroads db upgrade" in result.stdout

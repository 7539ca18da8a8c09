"""`crossroads backup` and `crossroads restore` on the embedded database: back up, write more,
restore, and the database is the backup again, exactly; the replaced one is kept; a file that
is no backup, a missing --yes and a PostgreSQL database are refused."""

import gc
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroads.cli import app

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path / "data"))
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return tmp_path / "data"


def _add_user(email: str) -> None:
    result = runner.invoke(
        app, ["users", "add", email, "--password-stdin"], input="a long enough password\n"
    )
    assert result.exit_code == 0, result.output
    # A command's process ends with it, closing its connections; here every command runs in
    # this one, and the pool of the one just run lingers until collected. Restore refuses a
    # database with connections open, whatever process holds them.
    gc.collect()


def _dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as database:
        return list(database.iterdump())


def test_a_restore_brings_back_the_database_exactly_as_it_was_backed_up(data_dir: Path) -> None:
    _add_user("ada@example.org")
    backed_up = runner.invoke(app, ["backup"])
    assert backed_up.exit_code == 0, backed_up.output
    match = re.search(r"Backed up to (\S+) \(([\d.]+ kB)\)\.", backed_up.stdout)
    assert match, backed_up.stdout
    copy = Path(match[1])
    assert copy.parent == data_dir / "backups"
    assert "master.keys" in backed_up.stdout
    assert "audit-signing.key" in backed_up.stdout
    at_backup = _dump(copy)
    _add_user("grace@example.org")
    live = data_dir / "crossroads.db"
    before_restore = _dump(live)

    restored = runner.invoke(app, ["restore", str(copy), "--yes"])

    assert restored.exit_code == 0, restored.output
    assert _dump(live) == at_backup
    assert not any("grace@example.org" in line for line in at_backup)
    kept = next(data_dir.glob("crossroads.db.before-restore-*"))
    assert f"kept as {kept}" in restored.stdout
    assert _dump(kept) == before_restore
    assert "lack" not in restored.stdout  # the master keys in place are the backup's
    assert runner.invoke(app, ["export", "--user", "ada@example.org"]).exit_code == 0


def test_a_restore_refuses_a_file_that_is_no_backup_and_a_missing_yes(
    data_dir: Path, tmp_path: Path
) -> None:
    _add_user("ada@example.org")
    live = data_dir / "crossroads.db"
    before = _dump(live)
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("not a database\n" * 100)
    backed_up = runner.invoke(app, ["backup", str(tmp_path)])
    assert backed_up.exit_code == 0, backed_up.output
    copy = next(tmp_path.glob("crossroads-*.db"))

    no_database = runner.invoke(app, ["restore", str(not_a_database), "--yes"])
    no_yes = runner.invoke(app, ["restore", str(copy)])

    assert no_database.exit_code == 2
    assert "is not a Crossroads database" in no_database.stderr
    assert no_yes.exit_code == 2
    assert "--yes" in no_yes.stderr
    assert _dump(live) == before
    assert list(data_dir.glob("crossroads.db.*")) == []


def test_postgresql_is_left_to_its_own_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSROADS_DATABASE_URL", "postgresql://crossroads@db.invalid/crossroads")

    for command in (["backup"], ["restore", "backup.db", "--yes"]):
        result = runner.invoke(app, command)

        assert result.exit_code == 2
        assert "pg_basebackup" in result.stderr
        assert "docs/deployment.md" in result.stderr

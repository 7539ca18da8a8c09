"""`crossroads demo`, which `make run` calls after migrating: demo accounts someone can sign in
with at once, loaded once however often it runs."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crossroads.cli import app
from crossroads.ops.demo import CLIENT_EMAIL, PASSWORD

runner = CliRunner()


def test_the_demo_loads_once_and_names_the_accounts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path))
    runner.invoke(app, ["db", "upgrade"])

    first = runner.invoke(app, ["demo"])
    again = runner.invoke(app, ["demo"])
    goals = runner.invoke(app, ["goals", "list", "--user", CLIENT_EMAIL])

    assert first.exit_code == 0, first.output
    assert "Demo data loaded." in first.stdout
    assert CLIENT_EMAIL in first.stdout
    assert PASSWORD in first.stdout
    assert "Demo data is already there." in again.stdout
    assert "Run 5 km without stopping" in goals.stdout

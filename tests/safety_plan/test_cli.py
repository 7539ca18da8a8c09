"""`crossroads safety-plan show`: an operator reads a person's safety plan, as text or JSON,
with the crisis lines for where the person is, on a real SQLite file; each read is in the
person's access log."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from crossroads.accounts.service.accounts import change_region, find_by_email
from crossroads.cli import app
from crossroads.platform.audit import OPERATOR, accesses_to
from crossroads.platform.config import Settings
from crossroads.platform.runtime import open_runtime
from crossroads.safety_plan.rules import KEYS
from crossroads.safety_plan.service import save_plan
from tests.factories import PASSWORD

runner = CliRunner()
ANA = "ana@example.org"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CROSSROADS_DATABASE_URL", raising=False)
    monkeypatch.delenv("CROSSROADS_MASTER_KEYS", raising=False)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    added = runner.invoke(app, ["users", "add", ANA, "--password-stdin"], input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    return tmp_path


def keep_plan(region: str | None = None) -> None:
    runtime = open_runtime(Settings())
    with runtime.database.transaction() as session:
        person = find_by_email(session, ANA)
        assert person is not None
        if region:
            person = change_region(session, person, region)
        written = {"warning_signs": "Not eating\nNot texting back", "reasons": "My cat"}
        save_plan(session, runtime.master_keys, person, written, datetime.now(UTC))


def show(*args: str) -> Result:
    return runner.invoke(app, ["safety-plan", "show", "--user", ANA, *args])


def test_the_plan_is_shown_part_by_part_with_the_regions_lines() -> None:
    keep_plan(region="GB")

    result = show()

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Safety plan of {ANA}, last changed ")
    assert "1. Warning signs\n  Not eating\n  Not texting back\n" in result.stdout
    assert "2. Things I can do on my own\n  (nothing written)\n" in result.stdout
    assert "My reasons to live\n  My cat\n" in result.stdout
    assert "Samaritans: Call 116 123" in result.stdout


def test_the_plan_as_json() -> None:
    keep_plan()

    result = show("--format", "json")

    document = json.loads(result.stdout)
    assert document["user"] == ANA
    assert list(document["plan"]) == list(KEYS)
    assert document["plan"]["reasons"] == "My cat"
    assert document["updated_at"] is not None
    assert document["resources"][0]["name"] == "Find A Helpline"


def test_a_person_without_a_plan_is_said_so_with_the_lines() -> None:
    result = show()

    assert result.exit_code == 0
    assert result.stdout.startswith(f"{ANA} has not saved a safety plan.")
    assert "Lines to call or text any time:" in result.stdout


def test_each_read_is_in_the_persons_access_log() -> None:
    show()
    show("--format", "json")

    runtime = open_runtime(Settings())
    with runtime.database.transaction() as session:
        person = find_by_email(session, ANA)
        assert person is not None
        log = accesses_to(session, person.id)
    assert [(a.actor, a.action, a.target) for a in log] == [(OPERATOR, "read", "safety plan")] * 2


def test_an_unknown_person_is_refused_naming_the_option() -> None:
    result = runner.invoke(app, ["safety-plan", "show", "--user", "nobody@example.org"])

    assert result.exit_code == 2
    assert "crossroads safety-plan show: --user: no account with email" in result.stderr

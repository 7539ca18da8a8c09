"""The account, export, audit and key commands of the CLI contract, on a real SQLite file."""

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from crossroads.assessment.store.assessments import AssessmentRow
from crossroads.cli import app
from crossroads.platform.config import Settings
from crossroads.platform.key_rows import DataKeyRow
from crossroads.platform.runtime import open_runtime
from crossroads.platform.vault import Vault
from crossroads.security.encryption import KeyUnavailable
from tests.factories import DEPRESSED_WITH_GOAL, PASSWORD

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CROSSROADS_DATABASE_URL", raising=False)
    monkeypatch.delenv("CROSSROADS_MASTER_KEYS", raising=False)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return tmp_path


def add_user(email: str, role: str = "client") -> None:
    result = runner.invoke(
        app, ["users", "add", email, "--role", role, "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output


def assess_for(data_dir: Path, email: str) -> dict[str, object]:
    path = data_dir / "answers.json"
    path.write_text(json.dumps(DEPRESSED_WITH_GOAL), "utf-8")
    result = runner.invoke(app, ["assess", "--input", str(path), "--user", email])
    assert result.exit_code == 0, result.output
    stored: dict[str, object] = json.loads(result.stdout)
    return stored


def test_users_add_reads_the_password_from_stdin_only(data_dir: Path) -> None:
    add_user("ana@example.org")

    without_stdin = runner.invoke(app, ["users", "add", "bo@example.org"])

    assert without_stdin.exit_code == 2
    assert "--password-stdin" in without_stdin.stderr


def test_users_add_refuses_a_short_password_and_a_duplicate(data_dir: Path) -> None:
    short = runner.invoke(app, ["users", "add", "bo@example.org", "--password-stdin"], input="x\n")
    add_user("ana@example.org")
    again = runner.invoke(
        app, ["users", "add", "ana@example.org", "--password-stdin"], input=PASSWORD + "\n"
    )

    assert (short.exit_code, again.exit_code) == (2, 2)
    assert "password" in short.stderr
    assert "already exists" in again.stderr


def test_assess_with_user_stores_the_result_and_export_returns_it(data_dir: Path) -> None:
    add_user("ana@example.org")
    stored = assess_for(data_dir, "ana@example.org")

    result = runner.invoke(app, ["export", "--user", "ana@example.org"])

    assert result.exit_code == 0, result.output
    export = json.loads(result.stdout)
    assert [a["id"] for a in export["assessments"]] == [stored["id"]]
    assert export["assessments"][0]["answers"] == DEPRESSED_WITH_GOAL
    # Newest first: the operator's export, then the operator storing the result.
    assert [e["action"] for e in export["access_log"]] == ["export", "change"]


def test_assess_for_an_unknown_user_exits_2(data_dir: Path) -> None:
    path = data_dir / "answers.json"
    path.write_text("{}", "utf-8")

    result = runner.invoke(app, ["assess", "--input", str(path), "--user", "nobody@example.org"])

    assert result.exit_code == 2
    assert "user: no account" in result.stderr


def test_users_delete_destroys_the_key_and_is_audited(data_dir: Path) -> None:
    add_user("ana@example.org")
    stored = assess_for(data_dir, "ana@example.org")
    runtime = open_runtime(Settings())
    with runtime.database.transaction() as session:
        row = session.get(AssessmentRow, stored["id"])
        assert row is not None
        owner, sealed = row.key_owner, row.sealed

    result = runner.invoke(app, ["users", "delete", "ana@example.org"])

    assert result.exit_code == 0, result.output
    with runtime.database.transaction() as session:
        assert session.get(AssessmentRow, stored["id"]) is None
        assert session.query(DataKeyRow).filter_by(owner_id=owner).count() == 0
        with pytest.raises(KeyUnavailable):
            Vault(session, runtime.master_keys).open_json(owner, "assessment", sealed or "")
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0


def test_audit_verify_names_the_first_tampered_entry(data_dir: Path) -> None:
    for email in ("ana@example.org", "bo@example.org", "cy@example.org"):
        add_user(email)
        runner.invoke(app, ["export", "--user", email])
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    runtime = open_runtime(Settings())
    with runtime.database.transaction() as session:
        session.execute(text("DROP TRIGGER audit_log_no_update"))
        session.execute(text("UPDATE audit_log SET target = 'nothing' WHERE position = 2"))

    result = runner.invoke(app, ["audit", "verify"])

    assert result.exit_code == 1
    assert "entry 2 (link 1 of " in result.stderr
    assert "changed without the audit key" in result.stderr


def exports(*emails: str) -> None:
    for email in emails:
        assert runner.invoke(app, ["export", "--user", email]).exit_code == 0


def test_a_checkpoint_catches_the_newest_entries_removed_since(data_dir: Path) -> None:
    add_user("ana@example.org")
    add_user("bo@example.org")
    exports("ana@example.org", "ana@example.org", "bo@example.org")
    kept = data_dir / "checkpoint.json"
    assert runner.invoke(app, ["audit", "checkpoint", "--output", str(kept)]).exit_code == 0
    exports("bo@example.org")  # the log goes on after the checkpoint
    assert runner.invoke(app, ["audit", "verify", "--checkpoint", str(kept)]).exit_code == 0
    runtime = open_runtime(Settings())
    with runtime.database.transaction() as session:
        session.execute(text("DROP TRIGGER audit_log_no_delete"))
        newest = session.scalar(text("SELECT max(position) FROM audit_log"))
        session.execute(
            text("DELETE FROM audit_log WHERE position >= :p"), {"p": newest - 2}
        )  # ana's second export and both of bo's: still whole chains, each shorter

    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    result = runner.invoke(app, ["audit", "verify", "--checkpoint", str(kept)])

    assert result.exit_code == 1
    assert result.stderr.count("the chain was cut short") == 2
    assert "had 2 entries" in result.stderr


def test_a_checkpoint_is_signed_and_an_altered_one_is_refused(data_dir: Path) -> None:
    add_user("ana@example.org")
    exports("ana@example.org")

    printed = runner.invoke(app, ["audit", "checkpoint"])

    document = json.loads(printed.stdout)
    assert (document["chains"], document["entries"]) == (1, 1)
    document["heads"][0][1] = 0
    altered = data_dir / "altered.json"
    altered.write_text(json.dumps(document), "utf-8")
    result = runner.invoke(app, ["audit", "verify", "--checkpoint", str(altered)])
    assert result.exit_code == 2
    assert "altered" in result.stderr


def test_keys_rotate_rewraps_every_data_key_and_data_still_opens(data_dir: Path) -> None:
    add_user("ana@example.org")
    stored = assess_for(data_dir, "ana@example.org")
    keys_before = (data_dir / "master.keys").read_text("utf-8").splitlines()
    running = open_runtime(Settings())  # an app started before the rotation

    result = runner.invoke(app, ["keys", "rotate"])

    assert result.exit_code == 0, result.output
    keys_after = (data_dir / "master.keys").read_text("utf-8").splitlines()
    assert keys_after[: len(keys_before)] == keys_before
    assert len(keys_after) == len(keys_before) + 1
    runtime = open_runtime(Settings())
    current = runtime.master_keys.current_id
    with runtime.database.transaction() as session:
        assert {row.master_key_id for row in session.query(DataKeyRow)} == {current}
    export = json.loads(runner.invoke(app, ["export", "--user", "ana@example.org"]).stdout)
    assert export["assessments"][0]["id"] == stored["id"]
    with running.database.transaction() as session:  # still serving, without a restart
        row = session.get(AssessmentRow, stored["id"])
        assert row is not None
        opened = Vault(session, running.master_keys).open_json(
            row.key_owner, "assessment", row.sealed or ""
        )
    assert opened["answers"] == DEPRESSED_WITH_GOAL


def test_keys_rotate_adds_an_audit_key_and_the_chains_still_hold(data_dir: Path) -> None:
    add_user("ana@example.org")
    exports("ana@example.org")
    before = (data_dir / "audit.keys").read_text("utf-8").splitlines()

    result = runner.invoke(app, ["keys", "rotate"])
    exports("ana@example.org")

    assert result.exit_code == 0, result.output
    after = (data_dir / "audit.keys").read_text("utf-8").splitlines()
    assert after[:1] == before
    assert len(after) == 2
    runtime = open_runtime(Settings())
    with runtime.database.transaction() as session:
        linked_by = session.scalars(text("SELECT key_id FROM audit_log ORDER BY position")).all()
    assert linked_by == [before[0].split(":")[0], after[1].split(":")[0]]
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0

"""`crossroads journal`: an operator adds, lists and reads the patterns of a client's journal,
and brings history in and out (our CSV and JSON, and Daylio's CSV with its moods mapped by
name), on a real SQLite file; every command is in the client's access log."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from crossroads.accounts.service.accounts import find_by_email
from crossroads.cli import app
from crossroads.journal.rules.entries import Entry
from crossroads.journal.rules.exchange import entries_to_json
from crossroads.platform.audit import OPERATOR, accesses_to
from crossroads.platform.config import Settings
from crossroads.platform.runtime import open_runtime
from tests.factories import PASSWORD

runner = CliRunner()
ANA = "ana@example.org"
DAYLIO = "full_date,date,weekday,time,mood,activities,note_title,note\n" + "".join(
    f"2025-03-{day:02d},March {day},Monday,21:30,{mood},walk | friends,,\n"
    for day, mood in zip(range(1, 13), ["rad", "good", "so-so", "Good"] * 3, strict=True)
)
MOODS = "rad=10, good=7, so-so=5"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CROSSROADS_DATABASE_URL", raising=False)
    monkeypatch.delenv("CROSSROADS_MASTER_KEYS", raising=False)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    added = runner.invoke(app, ["users", "add", ANA, "--password-stdin"], input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    return tmp_path


def journal(*args: str, input: str | None = None) -> Result:
    return runner.invoke(app, ["journal", *args, "--user", ANA], input=input)


def test_an_entry_is_added_listed_and_audited() -> None:
    added = journal("add", "--mood", "4", "--coping", "movement", "--what", "Long day")

    listed = journal("list")

    assert added.exit_code == 0, added.output
    entry_id = added.stdout.strip()
    assert f"{entry_id}  " in listed.stdout
    assert "mood 4; coped by movement" in listed.stdout
    runtime = open_runtime(Settings())
    with runtime.database.transaction() as session:
        person = find_by_email(session, ANA)
        assert person is not None
        log = accesses_to(session, person.id)
    assert [entry.actor for entry in log] == [OPERATOR, OPERATOR]


def test_a_tool_for_the_moment_is_kept_as_coping_and_listed() -> None:
    added = journal("tool", "breathing", "--rhythm", "box", "--minutes", "4")

    assert added.exit_code == 0, added.output
    assert journal("tool", "grounding", "--mood", "6").exit_code == 0
    listed = journal("list").stdout
    assert "Paced breathing (box), 4 minutes\n" in listed
    assert "Grounding, 5-4-3-2-1; mood 6\n" in listed
    refused = journal("tool", "breathing", "--rhythm", "fast")
    assert refused.exit_code == 2
    assert "choose one of the rhythms" in refused.stderr


def test_own_words_are_read_and_said_on_stderr() -> None:
    added = journal("add", "--mood", "3", "--own-coping", "I ate a whole tub of ice cream")

    assert "Own words read as: Drinking, drugs or eating to cope" in added.stderr


def test_a_mood_out_of_range_is_refused_naming_the_option() -> None:
    result = journal("add", "--mood", "12")

    assert result.exit_code == 2
    assert "--mood: choose a number from 0 to 10" in result.stderr


def test_crisis_words_bring_the_crisis_lines_first() -> None:
    result = journal("add", "--mood", "0", "--note", "I want to end my life")

    assert result.exit_code == 0
    assert result.stdout.startswith("You don't have to go through this alone")


def test_a_plan_brings_a_loud_warning_before_the_lines() -> None:
    result = journal("add", "--mood", "0", "--note", "I'm going to end my life tonight")

    assert result.exit_code == 0
    assert result.stdout.startswith("URGENT:")
    assert "You don't have to go through this alone" in result.stdout


def test_an_imported_note_is_read_and_its_lines_come_before_the_count(tmp_path: Path) -> None:
    export = tmp_path / "daylio.csv"
    export.write_text(DAYLIO.replace("friends,,", "friends,,I wish I was dead", 1), "utf-8")

    imported = journal("import", str(export), "--format", "daylio", "--mood-map", MOODS)

    assert imported.exit_code == 0, imported.output
    assert imported.stdout.startswith("You don't have to go through this alone")
    assert imported.stdout.index("Call 112") < imported.stdout.index("Imported 12 entries.")
    assert "1 of them hold words that can signal crisis." in imported.stderr


def test_our_csv_and_json_take_the_journal_out_and_back_in(tmp_path: Path) -> None:
    journal("add", "--mood", "6", "--coping", "rest", "--emotion", "calm", "--note", "Bath")
    files = {each: tmp_path / f"journal.{each}" for each in ("csv", "json")}
    for file_format, path in files.items():
        exported = journal("export", "--format", file_format, "--output", str(path))
        assert exported.exit_code == 0, exported.output

    for file_format, path in files.items():
        imported = journal("import", str(path), "--format", file_format)
        assert imported.exit_code == 0, imported.output
        assert "Imported 1 entry." in imported.stdout
    entries = json.loads(journal("list", "--format", "json").stdout)
    assert [(e["mood"], e["coping"], e["note"]) for e in entries] == [(6, ["rest"], "Bath")] * 3


def test_a_daylio_export_comes_in_with_its_moods_mapped_by_name(tmp_path: Path) -> None:
    export = tmp_path / "daylio.csv"
    export.write_text(DAYLIO, encoding="utf-8")

    imported = journal("import", str(export), "--format", "daylio", "--mood-map", MOODS)

    assert imported.exit_code == 0, imported.output
    assert "Imported 12 entries." in imported.stdout
    assert "Importing" in imported.stderr  # the progress bar
    moods = [e["mood"] for e in json.loads(journal("list", "--format", "json").stdout)]
    assert moods == [10, 7, 5, 7] * 3


def test_unmapped_daylio_moods_are_named_and_nothing_is_added(tmp_path: Path) -> None:
    export = tmp_path / "daylio.csv"
    export.write_text(DAYLIO, encoding="utf-8")

    imported = journal("import", str(export), "--format", "daylio", "--mood-map", "rad=10")

    assert imported.exit_code == 2
    assert "good" in imported.stderr
    assert "so-so" in imported.stderr
    assert journal("list").stdout.strip() == "No entries yet."


def test_insights_name_a_leaning_once_there_is_enough() -> None:
    for _ in range(10):
        journal("add", "--mood", "5", "--coping", "support")

    result = journal("insights")

    assert "You most often turn to reaching out: in 10 of the 10 entries" in result.stdout


def test_insights_name_lasting_low_mood_with_no_coping_logged(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    fortnight = [Entry(at=now - timedelta(days=n), mood=1) for n in range(15)]
    path = tmp_path / "low.json"
    path.write_text(json.dumps(entries_to_json(fortnight)), encoding="utf-8")
    assert journal("import", str(path), "--format", "json").exit_code == 0

    result = journal("insights")

    assert "You have not noted a way of coping, and that is all right" in result.stdout
    assert "your mood has stayed low, around 1.0 of 10" in result.stdout
    assert "held steady" not in result.stdout
    found = json.loads(journal("insights", "--format", "json").stdout)
    assert found["trend"]["mean_mood"] == 1.0

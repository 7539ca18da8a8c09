"""`crossroads practitioners import|list`: listings from JSON or CSV, every bad row reported
with its number and nothing saved, and the directory listed with what each offers today."""

import json
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from crossroads.cli import app

runner = CliRunner()
HEADER = "email,name,kind,licences,certifications,specialties,languages,hours,time_zone\n"
GOOD_ROW = (
    "rivera@example.org,Dr Ana Rivera,therapist,LCSW NY 4411 2030-01-31,,anxiety;trauma,"
    "en;es,Mon 09:00-17:00;Wed 14:00-18:00,America/New_York\n"
)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CROSSROADS_DATABASE_URL", raising=False)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return tmp_path


def practitioners(*args: str) -> Result:
    return runner.invoke(app, ["practitioners", *args])


def test_a_csv_of_listings_comes_in_and_is_listed(tmp_path: Path) -> None:
    path = tmp_path / "listings.csv"
    path.write_text(
        HEADER
        + GOOD_ROW
        + "lee@example.org,Lee Park,coach,,ICF PCC,career,en,Tue 10:00-12:00,UTC\n",
        encoding="utf-8",
    )

    imported = practitioners("import", str(path), "--format", "csv")
    again = practitioners("import", str(path), "--format", "csv")
    listed = practitioners("list")

    assert imported.exit_code == 0, imported.output
    assert "Added 2, updated 0." in imported.stdout
    assert "Added 0, updated 2." in again.stdout
    assert "Dr Ana Rivera: therapy; taking new clients" in listed.stdout
    assert "Lee Park: coaching; taking new clients" in listed.stdout


def test_every_bad_row_is_reported_and_nothing_is_saved(tmp_path: Path) -> None:
    path = tmp_path / "listings.csv"
    path.write_text(
        HEADER
        + GOOD_ROW
        + "x@example.org,No Licence,therapist,,,,en,,UTC\n"
        + "y@example.org,Bad Hours,coach,,,,en,Someday 9-5,UTC\n",
        encoding="utf-8",
    )

    result = practitioners("import", str(path), "--format", "csv")

    assert result.exit_code == 2
    assert "row 3: licences: therapy needs a licence" in result.stderr
    assert "row 4: hours:" in result.stderr
    assert practitioners("list").stdout.strip() == ""


def test_the_demo_practice_file_imports_as_json_and_an_expired_licence_shows(
    tmp_path: Path,
) -> None:
    practice = Path(__file__).parents[2] / "src/crossroads/ops/demo_practitioners.json"

    imported = practitioners("import", str(practice))
    listed = json.loads(practitioners("list", "--format", "json").stdout)

    assert imported.exit_code == 0, imported.output
    assert len(listed) == 14
    assert "(a licence has expired)" in practitioners("list").stdout


def test_a_bad_email_is_reported_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "listings.csv"
    path.write_text(HEADER + GOOD_ROW + GOOD_ROW.replace("rivera@example.org", "not an email"))

    result = practitioners("import", str(path), "--format", "csv")

    assert result.exit_code == 2
    assert "row 3: email: must be an email address" in result.stderr
    assert practitioners("list").stdout.strip() == ""


def test_a_name_with_a_line_break_is_refused_with_its_listing(tmp_path: Path) -> None:
    path = tmp_path / "listings.json"
    listing = {"email": "lee@example.org", "name": "Lee\nBcc: everyone@example.org"}
    path.write_text(json.dumps([{**listing, "kind": "coach"}]))

    result = practitioners("import", str(path))

    assert result.exit_code == 2
    assert "listing 1: name: write it on one line" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (HEADER.encode() + b"lee@example.org,Lee \xff Park\n", "not UTF-8 text (line 2, byte"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'[{"email": "lee@example.org",}]', "not JSON (Expecting property name"),
    ],
    ids=["invalid utf-8", "deep json", "broken json"],
)
def test_an_unreadable_file_is_reported_plainly_without_a_traceback(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "listings"
    path.write_bytes(content)
    file_format = "csv" if content.startswith(b"email") else "json"

    result = practitioners("import", str(path), "--format", file_format)

    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)

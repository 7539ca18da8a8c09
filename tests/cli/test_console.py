"""What every command gets from `console.operating_on`: the person the operator names, input
refused as exit status 2 naming its option, one audit row per access, and nothing kept from a
command that fails. On a real SQLite file built by `crossroads db upgrade`."""

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from crossroads.accounts.service.accounts import find_by_email
from crossroads.cli import app
from crossroads.console import BAD_INPUT, as_written, operating_on, refusals
from crossroads.kernel.errors import ImportProblems, InvalidInput, NotFound
from crossroads.platform.audit import OPERATOR, Access, accesses_to
from crossroads.platform.config import Settings
from crossroads.platform.database import WriteWhileReading
from crossroads.platform.runtime import open_runtime
from tests.factories import PASSWORD

runner = CliRunner()
EMAIL = "ana@example.org"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CROSSROADS_DATABASE_URL", raising=False)
    monkeypatch.delenv("CROSSROADS_MASTER_KEYS", raising=False)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    added = runner.invoke(app, ["users", "add", EMAIL, "--password-stdin"], input=PASSWORD)
    assert added.exit_code == 0, added.output
    return tmp_path


def accesses() -> list[Access]:
    with open_runtime(Settings()).database.reading() as session:
        person = find_by_email(session, EMAIL)
        assert person is not None
        return accesses_to(session, person.id)


def test_an_unknown_email_exits_2_naming_user(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reached = False
    with pytest.raises(typer.Exit) as exited, operating_on("goals list", "bo@example.org"):
        reached = True

    assert exited.value.exit_code == BAD_INPUT
    assert not reached
    assert capsys.readouterr().err == (
        "crossroads goals list: --user: no account with email bo@example.org\n"
    )


@pytest.mark.parametrize(
    ("refused", "options", "said"),
    [
        (InvalidInput("every_days", "is not a number"), None, "--every-days: is not a number"),
        (InvalidInput("target_date", "is in the past"), {"target_date": "--by"}, "--by: is in"),
        (InvalidInput("phq9", "takes 9 answers"), as_written, "goals add: phq9: takes 9"),
        (NotFound("no goal with id 7"), None, "goals add: no goal with id 7"),
    ],
)
def test_input_refused_inside_exits_2_naming_its_option(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    refused: Exception,
    options: dict[str, str] | None,
    said: str,
) -> None:
    with pytest.raises(typer.Exit) as exited, operating_on("goals add", EMAIL, options=options):
        raise refused

    assert exited.value.exit_code == BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("crossroads goals add: ")
    assert said in err


def test_each_audit_call_writes_one_row_with_the_operator_as_actor(data_dir: Path) -> None:
    with operating_on("journal list", EMAIL) as op:
        assert op.person.email == EMAIL
        op.audit("read", "journal")
        op.audit("change", "journal entry 1")

    found = accesses()
    assert [(a.actor, a.action, a.target) for a in found] == [
        (OPERATOR, "change", "journal entry 1"),
        (OPERATOR, "read", "journal"),
    ]


class Fault(Exception):
    """A fault in a command's own code, not in what it was given."""


def audit_then_fail(failure: Exception) -> None:
    with operating_on("journal add", EMAIL) as op:
        op.audit("change", "journal entry 1")
        raise failure


@pytest.mark.parametrize(
    ("failure", "ending"),
    [(InvalidInput("mood", "is above 10"), typer.Exit), (Fault("a bug"), Fault)],
)
def test_nothing_is_kept_when_the_command_fails(
    data_dir: Path, failure: Exception, ending: type[Exception]
) -> None:
    with pytest.raises(ending):
        audit_then_fail(failure)

    assert accesses() == []


def test_a_file_s_problems_are_left_to_the_command_to_list() -> None:
    problems = ImportProblems([(2, "mood is missing")])

    with pytest.raises(ImportProblems) as raised, refusals("journal import"):
        raise problems

    assert raised.value is problems


def test_an_operation_opened_for_reading_writes_nothing(data_dir: Path) -> None:
    with (
        pytest.raises(WriteWhileReading),
        operating_on("journal import", EMAIL, reading=True) as op,
    ):
        op.audit("read", "journal")

    assert accesses() == []

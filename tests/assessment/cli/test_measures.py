"""`crossroads measures`: an operator adds a client's results and reads the trend, drawn as
bars with what changed, or as JSON and FHIR, on a real SQLite file; refused answers name the
item; item 9 above 0 prints the crisis lines first; every command is in the access log."""

import json
from pathlib import Path

import pytest
from click.testing import Result
from fhir.resources.R4B.bundle import Bundle
from typer.testing import CliRunner

from crossroads.accounts.service.accounts import find_by_email
from crossroads.cli import app
from crossroads.console import CRISIS_LEAD
from crossroads.platform.audit import OPERATOR, accesses_to
from crossroads.platform.config import Settings
from crossroads.platform.runtime import open_runtime
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


def measures(*args: str) -> Result:
    return runner.invoke(app, ["measures", *args, "--user", ANA])


def test_results_are_added_and_the_trend_reads_as_bars() -> None:
    first = measures("add", "phq9", "--answers", "2,2,2,2,1,1,1,1,0")
    second = measures("add", "phq9", "--answers", "[0,1,0,1,0,0,1,0,0]")
    trend = measures("trend", "phq9")

    assert first.exit_code == second.exit_code == trend.exit_code == 0, first.output
    lines = trend.stdout.splitlines()
    assert lines[0] == "PHQ-9 (0-27)"
    assert lines[1].split()[1:] == ["12", "#############", "moderate"]
    assert lines[2].split()[1:] == ["3", "###", "minimal"]
    assert "Since the time before: better; since the first: better." in trend.stdout
    assert "Response: yes." not in trend.stdout  # the same day: too soon to tell
    assert "Response and remission: too soon to tell; a retake from " in trend.stdout


def test_the_trend_as_json_holds_every_result() -> None:
    measures("add", "who5", "--answers", "3,3,3,3,3")
    document = json.loads(measures("trend", "--format", "json").stdout)
    found = document["trends"]
    assert document["crisis"] == {"at_risk": False, "resources": []}
    assert found[0]["instrument"] == "who5"
    assert found[0]["results"][0]["score"] == 60
    assert found[0]["response"] is None


def test_item9_prints_the_crisis_lines_before_the_result() -> None:
    added = measures("add", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    assert added.exit_code == 0
    assert added.stdout.index(CRISIS_LEAD) < added.stdout.index("PHQ-9 (0-27)")


def test_the_crisis_lines_stay_while_the_latest_phq9_has_item9_above_0() -> None:
    measures("add", "phq9", "--answers", "0,0,0,0,0,0,0,0,2")

    trend = measures("trend")
    document = measures("trend", "--format", "json")
    measures("add", "phq9", "--answers", "0,0,0,0,0,0,0,0,0")
    after = measures("trend")

    assert trend.stdout.startswith(CRISIS_LEAD)
    crisis = json.loads(document.stdout)["crisis"]  # the lines go to stderr, the JSON stays whole
    assert crisis["at_risk"] is True
    assert crisis["resources"]
    assert CRISIS_LEAD in document.stderr
    assert CRISIS_LEAD not in after.stdout


def test_added_as_json_the_crisis_lines_are_in_the_document() -> None:
    added = measures("add", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", "--format", "json")
    crisis = json.loads(added.stdout)["crisis"]
    assert crisis["at_risk"] is True
    assert {"name", "hours"} <= crisis["resources"][0].keys()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "phq9", "--answers", "0,0,4"), "--answers: phq9: expected 9 answers, got 3"),
        (("add", "phq9", "--answers", "0,0,0,0,0,0,0,0,4"), "--answers: phq9[8]: must be between"),
        (("add", "phq9", "--answers", "a,b"), "--answers: write whole numbers separated"),
        (("add", "phq9", "--answers", "[0,"), "--answers: is not valid JSON"),
        (("add", "bdi", "--answers", "1"), "INSTRUMENT: choose one of phq9, gad7, who5, pcptsd5"),
        (("trend", "bdi"), "INSTRUMENT: choose one of"),
    ],
)
def test_bad_input_is_refused_with_exit_status_2(args: tuple[str, ...], message: str) -> None:
    refused = measures(*args)
    assert refused.exit_code == 2
    assert message in refused.stderr
    assert json.loads(measures("trend", "--format", "json").stdout)["trends"] == []


def test_fhir_comes_out_as_a_valid_bundle() -> None:
    measures(
        "add",
        "pcptsd5",
        "--answers",
        '{"exposure": true, "items": [true, true, true, false, false]}',
    )
    bundle = Bundle.model_validate_json(measures("fhir").stdout)
    [entry] = bundle.entry
    assert entry.resource.item[-1].answer[0].valueInteger == 3


def test_every_command_is_in_the_access_log() -> None:
    measures("add", "gad7", "--answers", "1,1,1,1,1,1,1")
    measures("trend")
    measures("fhir")
    runtime = open_runtime(Settings())
    with runtime.database.transaction() as session:
        ana = find_by_email(session, ANA)
        assert ana is not None
        log = [(a.actor, a.action, a.target) for a in accesses_to(session, ana.id)]
    assert log == [  # newest first
        (OPERATOR, "export", "measures as FHIR"),
        (OPERATOR, "read", "measures"),
        (OPERATOR, "change", "gad7 result"),
    ]

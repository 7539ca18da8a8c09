"""`crossroads assess`: the CLI contract other tools depend on."""

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crossroads.cli import app
from tests.factories import DEPRESSED_WITH_GOAL, ITEM9_ONLY, STEADY_COACHING_CLIENT, answers

runner = CliRunner()


def write(tmp_path: Path, payload: Any) -> str:
    path = tmp_path / "answers.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), "utf-8")
    return str(path)


def test_json_output_follows_the_contract(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", "--input", write(tmp_path, DEPRESSED_WITH_GOAL)])

    assert result.exit_code == 0
    output = json.loads(result.stdout)
    assert set(output) >= {"route", "crisis", "measures", "reasons", "resources", "disclaimer"}
    assert output["route"] == "both"
    assert output["crisis"] is False
    assert output["measures"] == {"phq9": {"score": 13, "band": "moderate", "item9": 0}}
    assert all(
        set(reason) == {"dimension", "text", "evidence", "title"} for reason in output["reasons"]
    )
    assert "not a diagnosis" in output["disclaimer"]


def test_answers_can_come_from_stdin() -> None:
    result = runner.invoke(app, ["assess", "--input", "-"], input=json.dumps(ITEM9_ONLY))

    assert result.exit_code == 0
    assert json.loads(result.stdout)["risk"]["level"] == "check"


def test_the_text_format_is_a_readable_summary(tmp_path: Path) -> None:
    path = write(tmp_path, STEADY_COACHING_CLIENT)

    result = runner.invoke(app, ["assess", "--input", path, "--format", "text"])

    assert result.exit_code == 0
    assert result.stdout.startswith("Suggested route: coaching")
    assert "PHQ-9: 3 (minimal)" in result.stdout
    assert "not a diagnosis" in result.stdout


def test_in_a_crisis_the_text_format_shows_the_lines_first(tmp_path: Path) -> None:
    path = write(
        tmp_path, answers(STEADY_COACHING_CLIENT, goal="honestly I'm going to end it tonight")
    )

    result = runner.invoke(app, ["assess", "--input", path, "--format", "text"])

    assert result.exit_code == 0
    assert result.stdout.index("Call 988") < result.stdout.index("Route: crisis")
    assert "Suggested route" not in result.stdout


def test_a_signal_to_ask_about_shows_the_lines_then_the_asq_then_the_route(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, answers(STEADY_COACHING_CLIENT, goal="honestly I just want to die"))

    out = runner.invoke(app, ["assess", "--input", path, "--format", "text"]).stdout

    assert out.index("Call 988") < out.index("wished_dead: In the past few weeks")
    assert out.index("thoughts_right_now:") < out.index("Suggested route: coaching")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ("{not json", "input: not valid JSON"),
        ("[1, 2]", "input: must be one JSON object"),
        ({"mood": "fine"}, "mood: unknown field"),
        ({"phq9": [0, 1, 2]}, "phq9: expected 9 answers, got 3"),
        ({"phq9": [0, 0, 0, 4, 0, 0, 0, 0, 0]}, "phq9[3]: must be between 0 and 3, got 4"),
        ({"gad7": [0, 0, 0, 0, 0, 0, "1"]}, "gad7[6]: must be a whole number"),
        ({"who5": [6, 0, 0, 0, 0]}, "who5[0]: must be between 0 and 5"),
        ({"pcptsd5": {"exposure": True, "items": [True]}}, "pcptsd5.items"),
        ({"steady": 12}, "steady: must be a whole number from 0 to 10"),
        ({"area": "hobbies"}, "area: must be one of"),
        ({"region": "Narnia"}, "region: must be a two-letter country code"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(
    tmp_path: Path, payload: Any, field: str
) -> None:
    result = runner.invoke(app, ["assess", "--input", write(tmp_path, payload)])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert field in result.stderr


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assess", "--input", str(tmp_path / "nowhere.json")])

    assert result.exit_code == 2
    assert "input: cannot read" in result.stderr

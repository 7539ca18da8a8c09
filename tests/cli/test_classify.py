"""`crossroads classify`: the JSON Lines contract other tools depend on."""

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crossroads.cli import app
from crossroads.text.classifier import LABELS, Task

runner = CliRunner()

ITEMS: list[dict[str, Any]] = [
    {"id": "a-1", "text": "I want to get promoted to team lead by next summer."},
    {"id": 2, "text": "I can't sleep since my mother died. Everything feels grey."},
    {
        "id": "three",
        "text": "I have been working until midnight every day. My manager keeps adding more.",
    },
    {"id": 4, "text": "I want to die. Nobody would notice if I was gone."},
    {"id": "5", "text": "Went for a long run and called a friend when things got hard."},
]


def jsonl(*rows: Any) -> str:
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows)


def write(tmp_path: Path, content: str) -> str:
    path = tmp_path / "input.jsonl"
    path.write_text(content, "utf-8")
    return str(path)


def quoted(quote: str, text: str, task: Task) -> bool:
    """Crisis evidence may be a lexicon phrase, which the lexicon reports in lower case."""
    if task is Task.CRISIS:
        return quote.lower() in text.lower()
    return quote in text


def classify(task: str, *texts: str) -> list[dict[str, Any]]:
    rows = [{"id": number, "text": text} for number, text in enumerate(texts)]
    result = runner.invoke(app, ["classify", task, "--input", "-"], input=jsonl(*rows))
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("task", list(Task))
def test_every_line_follows_the_contract_in_input_order(tmp_path: Path, task: Task) -> None:
    result = runner.invoke(app, ["classify", task, "--input", write(tmp_path, jsonl(*ITEMS))])

    assert result.exit_code == 0, result.stderr
    output = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in output] == [item["id"] for item in ITEMS]
    for line, item in zip(output, ITEMS, strict=True):
        levels = {"level"} if task == "crisis" else set()
        assert set(line) == {"id", "label", "scores", "evidence"} | levels
        assert line["label"] in LABELS[task]
        assert set(line["scores"]) == set(LABELS[task])
        assert sum(line["scores"].values()) == pytest.approx(1, abs=0.01)
        assert line["evidence"]
        assert all(isinstance(quote, str) for quote in line["evidence"])
        assert all(quoted(quote, item["text"], task) for quote in line["evidence"])


def test_output_goes_to_the_file_given_and_not_to_stdout(tmp_path: Path) -> None:
    source = write(tmp_path, jsonl(*ITEMS))
    expected = runner.invoke(app, ["classify", "need", "--input", source]).stdout
    target = tmp_path / "out.jsonl"

    result = runner.invoke(app, ["classify", "need", "--input", source, "--output", str(target)])

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text("utf-8") == expected
    assert len(expected.splitlines()) == len(ITEMS)


def test_a_dash_reads_the_lines_from_stdin() -> None:
    result = runner.invoke(app, ["classify", "coping", "--input", "-"], input=jsonl(*ITEMS))

    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [
        item["id"] for item in ITEMS
    ]


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    content = "\n" + jsonl(ITEMS[0]) + "   \n\n" + jsonl(ITEMS[1]) + "\t\n"

    result = runner.invoke(app, ["classify", "need", "--input", write(tmp_path, content)])

    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a-1", 2]


def test_every_malformed_line_is_named_and_nothing_is_classified(tmp_path: Path) -> None:
    content = jsonl(
        {"id": 1, "text": "A valid line before the bad ones."},
        "{not json",
        "[1, 2]",
        {"text": "no id here"},
        {"id": True, "text": "a boolean id"},
        {"id": 6, "text": ""},
        {"id": 7, "text": "  \t "},
        {"id": 1, "text": "the first line's id again"},
        {"id": 9, "text": "A valid line after the bad ones."},
    )

    result = runner.invoke(app, ["classify", "crisis", "--input", write(tmp_path, content)])

    assert result.exit_code == 2
    assert result.stdout == ""
    reported = result.stderr.strip().splitlines()
    assert len(reported) == 7
    for number, line in zip(range(2, 9), reported, strict=True):
        assert f"line {number}:" in line
    assert "line 1:" not in result.stderr
    assert "line 9:" not in result.stderr


def test_line_numbers_count_the_blank_lines_too(tmp_path: Path) -> None:
    content = jsonl(ITEMS[0]) + "\n\n" + "{not json\n"

    result = runner.invoke(app, ["classify", "need", "--input", write(tmp_path, content)])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "line 4:" in result.stderr


def test_an_unknown_task_exits_2_naming_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["classify", "mood", "--input", write(tmp_path, jsonl(*ITEMS))])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "mood" in result.stderr


def test_an_unreadable_input_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["classify", "need", "--input", str(tmp_path / "nowhere.jsonl")])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "input: cannot read" in result.stderr


def test_a_figure_of_speech_about_a_deadline_is_not_a_crisis() -> None:
    (line,) = classify("crisis", "this deadline is killing me")

    assert line["label"] == "safe"


def test_a_wish_to_die_is_a_crisis_quoting_the_phrase() -> None:
    (line,) = classify("crisis", "I want to die")

    assert line["label"] == "crisis"
    assert "want to die" in line["evidence"]


def test_drinking_to_get_to_sleep_is_substance_coping() -> None:
    (line,) = classify("coping", "drank most of a bottle of wine alone to get to sleep")

    assert line["label"] == "substance"


def test_a_promotion_goal_points_to_coaching() -> None:
    (line,) = classify("need", "I want to get promoted to team lead by next summer")

    assert line["label"] == "coaching"


def test_a_line_separator_inside_a_json_string_does_not_split_the_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "first\u2028second"}\n', encoding="utf-8")

    result = runner.invoke(app, ["classify", "need", "--input", str(source)])

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == 1

"""`crossroads evaluate` and `crossroads train` from the command line."""

from pathlib import Path

from typer.testing import CliRunner

from crossroads.cli import app
from tests.text.pipeline.test_evaluation import make_shared_data

# Wide, so that an error box never breaks a long temporary path in two.
runner = CliRunner(env={"COLUMNS": "500"})


def test_evaluate_prints_the_table_and_writes_it_where_asked(tmp_path: Path) -> None:
    data_dir = make_shared_data(tmp_path / "shared")
    output = tmp_path / "results" / "RESULTS-text.md"

    labels = str(data_dir / "risk_labels.csv")
    result = runner.invoke(
        app,
        ["evaluate", "--data-dir", str(data_dir), "--output", str(output), "--risk-labels", labels],
    )

    assert result.exit_code == 0, result.output
    table = output.read_text(encoding="utf-8")
    assert "| flagged recall (check or above) | SDCNL test, r/SuicideWatch posts | 2 |" in table
    assert table in result.stdout


def test_evaluate_without_the_data_folder_exits_2_naming_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", "--data-dir", str(tmp_path / "nowhere")])

    assert result.exit_code == 2
    assert "nowhere" in result.output


def test_train_without_counselchat_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "classifiers.json"

    result = runner.invoke(app, ["train", "--data-dir", str(tmp_path), "--output", str(output)])

    assert result.exit_code == 2
    assert "counselchat" in result.output
    assert not output.exists()


def test_evaluate_with_a_data_set_missing_exits_2_naming_the_file(tmp_path: Path) -> None:
    data_dir = make_shared_data(tmp_path / "shared")
    (data_dir / "sdcnl" / "testing-set.csv").unlink()

    labels = str(data_dir / "risk_labels.csv")
    result = runner.invoke(app, ["evaluate", "--data-dir", str(data_dir), "--risk-labels", labels])

    assert result.exit_code == 2
    assert "testing-set.csv is missing" in result.output

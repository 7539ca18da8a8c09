"""`crossroads evaluate`: every figure beside its keyword baseline, on hidden splits only."""

from datetime import date
from pathlib import Path

import pytest

from crossroads.kernel.errors import InvalidInput
from crossroads.text.pipeline.evaluation import EVALUATION_STEPS, Figure, evaluate, results_markdown
from crossroads.text.pipeline.external_data import (
    COUNSELCHAT,
    CSSRS,
    RESOLUTIONS,
    SDCNL_TEST,
    SDCNL_TRAIN,
)
from tests.text.pipeline.test_external_data import (
    COUNSELCHAT_HEADER,
    CSSRS_HEADER,
    RESOLUTIONS_HEADER,
    SDCNL_HEADER,
    write_csv,
)


def make_shared_data(root: Path) -> Path:
    """A miniature of the shared data folder, each hidden split holding a few rows."""
    write_csv(
        root / COUNSELCHAT,
        COUNSELCHAT_HEADER,
        [
            ("1", "Always sad", "I cry every night since the divorce.", "depression", "test"),
            ("2", "Panic", "My heart races and I can't breathe at work.", "anxiety", "val"),
            ("3", "Training row", "Never shown to evaluation.", "depression", "train"),
            ("4", "Scared", "I have thought about suicide since the divorce.", "depression", "val"),
        ],
    )
    write_csv(
        root / "risk_labels.csv",
        ("questionID", "split", "risk", "who"),
        [("1", "test", "none", ""), ("2", "val", "none", ""), ("4", "val", "risk", "self")],
    )
    write_csv(root / SDCNL_TRAIN, SDCNL_HEADER, [("old", "a training post", "1")])
    write_csv(
        root / SDCNL_TEST,
        SDCNL_HEADER,
        [
            ("done", "I want to end my life tonight.", "1"),
            ("tired", "Nothing helps and I want to die.", "1"),
            ("low", "I feel flat most days.", "0"),
            ("plan", "I bought a rope. Tonight is the night.", "0"),
        ],
    )
    posts = {
        "Ideation": "['I keep thinking about killing myself', 'nobody would notice']",
        "Supportive": "['please reach out to a crisis line', 'you matter to us']",
    }
    write_csv(
        root / CSSRS,
        CSSRS_HEADER,
        [(f"user-{n}", posts[label], label) for n, label in ((0, "Ideation"), (5, "Supportive"))],
    )
    resolutions = [
        ("Read twenty books this year", "Personal Growth"),
        ("Run a half marathon", "Health & Fitness"),
        ("Save for a deposit", "Finance"),
        ("Learn to code", "Career"),
        ("Tell more jokes", "Humor"),
    ]
    write_csv(
        root / RESOLUTIONS, RESOLUTIONS_HEADER, [row for row in resolutions for _ in range(5)]
    )
    return root


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> list[Figure]:
    ticks: list[int] = []
    shared = make_shared_data(tmp_path_factory.mktemp("shared"))
    result = evaluate(
        shared, on_step=lambda: ticks.append(1), risk_labels=shared / "risk_labels.csv"
    )
    assert len(ticks) == EVALUATION_STEPS
    return result


def test_every_measure_the_issue_names_is_in_the_table(figures: list[Figure]) -> None:
    measures = [figure.measure for figure in figures]

    assert measures.count("flagged recall (check or above)") == 2
    assert "flagged precision" in measures
    assert measures.count("flagged (false alarm)") == 2
    assert measures.count("acute (false alarm)") == 2
    assert "routed therapy or both" in measures
    assert "routed crisis (acute)" in measures
    assert any(m.startswith("routed coaching or both") for m in measures)
    assert "coping macro-F1" in measures
    assert any(m.startswith("throughput") for m in measures)
    assert any(m.startswith("single short text") for m in measures)


def test_figures_count_the_hidden_rows_only(figures: list[Figure]) -> None:
    by_data = {figure.data: figure for figure in figures}

    assert by_data["SDCNL test, r/SuicideWatch posts"].count == 2
    assert by_data["C-SSRS hidden users: Ideation, Behavior, Attempt"].count == 1
    assert by_data["CounselChat val and test questions"].count == 3
    no_risk = "CounselChat val and test questions whose words carry no risk (hand labels)"
    assert by_data[no_risk].count == 2
    assert by_data["New Year's resolutions, hidden rows"].count == 5
    assert by_data["SDCNL test, r/depression posts"].count == 2


def test_explicit_risk_is_caught_by_model_and_baseline_alike(figures: list[Figure]) -> None:
    recall = next(f for f in figures if f.data.startswith("SDCNL"))

    assert recall.model == 1.0
    assert recall.baseline == 1.0
    assert recall.met


def test_plain_resolutions_raise_no_alarm(figures: list[Figure]) -> None:
    alarms = next(f for f in figures if f.measure == "flagged (false alarm)" and "New" in f.data)

    assert alarms.model == 0.0
    assert alarms.met


def test_the_table_has_a_row_per_figure_with_the_baseline_beside_it(figures: list[Figure]) -> None:
    table = results_markdown(figures, date(2026, 11, 23))

    assert "| measure | data | n | Crossroads | keyword baseline | target | met |" in table
    assert table.count("\n| ") == len(figures) + 1
    assert "2026-11-23" in table
    assert "texts/s" in table
    assert " ms |" in table


def test_an_acute_plan_among_depression_posts_is_counted_as_acute(figures: list[Figure]) -> None:
    acute = next(f for f in figures if f.measure == "acute" and "r/depression" in f.data)

    assert acute.model == 0.5
    assert acute.met is None


def test_the_hand_labels_must_cover_every_hidden_question(tmp_path: Path) -> None:
    shared = make_shared_data(tmp_path)
    write_csv(shared / "risk_labels.csv", ("questionID", "split", "risk", "who"), [])

    with pytest.raises(InvalidInput, match="no risk label"):
        evaluate(shared, risk_labels=shared / "risk_labels.csv")

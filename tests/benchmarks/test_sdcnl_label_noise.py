"""The pure parts of the SDCNL label-noise benchmark: the Wilson interval, the check that the
label file lists the re-drawn sample, and the tables. No data set or model is needed."""

from pathlib import Path

import pytest
from benchmarks.sdcnl_label_noise import (
    Cell,
    check_matches,
    flagged_table,
    label_table,
    read_labels,
    results_markdown,
    wilson,
)

from crossroads.text.pipeline.external_data import SdcnlPost


@pytest.mark.parametrize(
    ("hits", "count", "low", "high"),
    [
        (5, 10, 0.2366, 0.7634),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (116, 150, 0.7000, 0.8330),
    ],
)
def test_the_wilson_interval_matches_worked_values(
    hits: int, count: int, low: float, high: float
) -> None:
    assert wilson(hits, count) == pytest.approx((low, high), abs=5e-4)


@pytest.mark.parametrize(("hits", "count"), [(0, 1), (1, 1), (1, 3), (7, 250), (249, 250)])
def test_the_wilson_interval_holds_the_share_and_stays_within_zero_and_one(
    hits: int, count: int
) -> None:
    low, high = wilson(hits, count)
    assert 0.0 <= low <= hits / count <= high <= 1.0


def test_no_posts_give_the_whole_interval() -> None:
    assert wilson(0, 0) == (0.0, 1.0)


SAMPLE = [SdcnlPost("u1", "suicidewatch", "a"), SdcnlPost("u2", "depression", "b")]


def test_a_label_file_listing_the_drawn_posts_in_order_passes() -> None:
    check_matches(SAMPLE, [("u1", "suicidewatch", "self"), ("u2", "depression", "none")])


@pytest.mark.parametrize(
    "labels",
    [
        [("u2", "depression", "none"), ("u1", "suicidewatch", "self")],
        [("u1", "suicidewatch", "self")],
        [("u1", "depression", "self"), ("u2", "depression", "none")],
    ],
)
def test_a_label_file_that_differs_from_the_drawn_sample_stops_the_run(
    labels: list[tuple[str, str, str]],
) -> None:
    with pytest.raises(SystemExit, match="does not match"):
        check_matches(SAMPLE, labels)


def test_a_label_outside_the_rule_stops_the_run(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("post,subreddit,risk\nu1,suicidewatch,crisis\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="crisis"):
        read_labels(path)


CELLS = [
    Cell("suicidewatch", "self", 3, 3, 1),
    Cell("suicidewatch", "other", 0, 0, 0),
    Cell("suicidewatch", "none", 1, 0, 0),
    Cell("depression", "self", 1, 1, 0),
    Cell("depression", "other", 1, 0, 0),
    Cell("depression", "none", 2, 1, 0),
]


def test_the_label_table_gives_each_share_with_its_interval() -> None:
    rows = label_table(CELLS)
    assert rows[2] == (
        "| r/SuicideWatch | 4 | 0.750 (3/4) (0.301–0.954) | 0.000 (0/4) (0.000–0.490) "
        "| 0.250 (1/4) (0.046–0.699) |"
    )
    assert rows[3].startswith("| r/depression | 4 | 0.250 (1/4) ")


def test_the_flagged_table_has_a_row_per_cell_then_each_subreddit_whole() -> None:
    rows = flagged_table(CELLS)
    assert len(rows) == 2 + len(CELLS) + 2
    assert rows[2] == ("| r/SuicideWatch | `self` | 3 | 1.000 (3/3) (0.439–1.000) | 0.333 (1/3) |")
    assert rows[3] == "| r/SuicideWatch | `other` | 0 | – | – |"
    assert rows[5] == ("| r/SuicideWatch | all | 4 | 0.750 (3/4) (0.301–0.954) | 0.250 (1/4) |")
    assert rows[9].startswith("| r/depression | all | 4 | 0.500 (2/4) ")


def test_the_summary_pools_the_subreddits_by_hand_label() -> None:
    text = results_markdown(CELLS, "on 2026-12-07, on a test machine")
    assert "r/SuicideWatch posts flagged" in text
    assert "(`self`, both subreddits) flagged: 1.000 (4/4)" in text
    assert "(`none`, both subreddits) flagged: 0.333 (1/3)" in text


def test_the_results_file_holds_both_tables_and_where_it_was_written() -> None:
    text = results_markdown(CELLS, "on 2026-12-07, on a test machine")
    assert "on 2026-12-07, on a test machine" in text
    assert label_table(CELLS)[2] in text
    assert flagged_table(CELLS)[-1] in text

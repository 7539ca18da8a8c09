"""Our own labelled examples: well-formed, enough of each label, and no text labelled twice."""

import json
from collections import Counter
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[2] / "src" / "crossroads" / "text" / "examples"
TASKS = {
    "need": {"therapy", "coaching", "both"},
    "crisis": {"crisis", "safe"},
    "coping": {"adaptive", "avoidance", "substance", "overwork", "people_pleasing"},
}
AT_LEAST_PER_TASK = 300  # the floor for our own examples


def rows(task: str) -> list[dict[str, str]]:
    lines = (EXAMPLES / f"{task}.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize("task", sorted(TASKS))
def test_every_example_is_a_text_with_a_known_label(task: str) -> None:
    for row in rows(task):
        assert set(row) == {"text", "label"}
        assert row["label"] in TASKS[task]
        assert row["text"].strip()


@pytest.mark.parametrize("task", sorted(TASKS))
def test_there_are_enough_examples_of_every_label(task: str) -> None:
    counts = Counter(row["label"] for row in rows(task))
    assert sum(counts.values()) >= AT_LEAST_PER_TASK
    assert set(counts) == TASKS[task]
    assert min(counts.values()) >= 75


@pytest.mark.parametrize("task", sorted(TASKS))
def test_no_text_appears_twice(task: str) -> None:
    texts = [row["text"].strip().lower() for row in rows(task)]
    assert len(texts) == len(set(texts))

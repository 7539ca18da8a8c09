"""What trains each head, and that `crossroads train` reproduces the shipped classifiers."""

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.safety import find_risk_phrases
from crossroads.text.classifier import LABELS, Task, TextClassifier
from crossroads.text.embedding import Embedder
from crossroads.text.fitting import is_held_out
from crossroads.text.pipeline.training import (
    COUNSELCHAT_TRAIN,
    OWN,
    SHIPPED_ARTIFACT,
    fit_task,
    held_out_sets,
    own_examples,
    train,
    training_sets,
)
from tests.text.pipeline.test_external_data import COUNSELCHAT_HEADER, write_csv

SHARED_DATA = Path(__file__).parents[3].parent / "shared" / "data" / "external"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    write_csv(
        tmp_path / "counselchat" / "20200325_counsel_chat.csv",
        COUNSELCHAT_HEADER,
        [
            ("1", "Always tired", "I wake up exhausted.", "depression", "train"),
            ("2", "Hidden", "A question kept for evaluation.", "anxiety", "test"),
        ],
    )
    return tmp_path


@pytest.mark.parametrize("task", list(Task))
def test_we_wrote_at_least_three_hundred_examples_per_task_all_labelled(task: Task) -> None:
    examples = own_examples(task)

    assert len(examples) >= 300
    assert {example.label for example in examples} == set(LABELS[task])


def test_held_out_examples_never_train_any_head(data_dir: Path) -> None:
    sets = training_sets(data_dir)

    for task in Task:
        assert not any(is_held_out(e.text) for e in sets[task] if e.source.startswith(OWN))
        assert held_out_sets()[task]


def test_counselchat_train_questions_join_need_as_therapy_and_hidden_ones_never_do(
    data_dir: Path,
) -> None:
    external = [e for e in training_sets(data_dir)[Task.NEED] if e.source == COUNSELCHAT_TRAIN]

    assert [(e.text, e.label) for e in external] == [
        ("Always tired\nI wake up exhausted.", "therapy")
    ]


def test_crisis_learns_everyday_writing_as_safe_but_never_a_text_the_lexicon_flags(
    data_dir: Path,
) -> None:
    crisis = training_sets(data_dir)[Task.CRISIS]
    everyday = [e for e in crisis if e.source != OWN and not e.source.startswith(COUNSELCHAT_TRAIN)]

    assert everyday
    assert {e.label for e in everyday} == {"safe"}
    assert not any(find_risk_phrases(e.text) for e in everyday)


def test_counselchat_train_questions_join_crisis_by_their_hand_risk_label(data_dir: Path) -> None:
    crisis = training_sets(data_dir)[Task.CRISIS]
    asked = [(e.text, e.label) for e in crisis if e.source.startswith(COUNSELCHAT_TRAIN)]

    # Question 1 is labelled `self` in examples/counselchat_train_risk.csv; test ones never join.
    assert asked == [("Always tired\nI wake up exhausted.", "crisis")]


def test_a_train_question_without_a_risk_label_stops_training(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "counselchat" / "20200325_counsel_chat.csv",
        COUNSELCHAT_HEADER,
        [("999999", "New", "A question added after labelling.", "anxiety", "train")],
    )

    with pytest.raises(InvalidInput, match="999999"):
        training_sets(tmp_path)


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="the shared data folder is not here")
@pytest.mark.parametrize("task", [Task.NEED, Task.COPING])
def test_fitting_need_and_coping_again_gives_the_shipped_heads(task: Task) -> None:
    """The two linear heads are refitted in every run of the suite; the crisis head, whose
    network takes most of a quarter of an hour to fit five times over, is refitted by
    `make reproduce-model` (the test below) and its fitting is checked on a small set in
    tests/text/test_fitting.py."""
    classifier = TextClassifier(Embedder(), {})
    head = fit_task(task, training_sets(SHARED_DATA)[task], classifier).as_dict()
    shipped = json.loads(SHIPPED_ARTIFACT.read_text(encoding="utf-8"))[task.value]

    assert head["buckets"] == shipped["buckets"]
    for key in ("weights", "bias", "bucket_weights"):
        assert np.allclose(head[key], shipped[key], atol=1e-3)
    assert (head["network"], shipped["network"]) == (None, None)


@pytest.mark.model_reproduction
@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="the shared data folder is not here")
def test_training_reproduces_the_shipped_classifiers(tmp_path: Path) -> None:
    trained = train(SHARED_DATA, trained_on=date(2026, 11, 23))
    shipped = json.loads(SHIPPED_ARTIFACT.read_text(encoding="utf-8"))

    for task in Task:
        head = trained.heads[task].as_dict()
        assert head["buckets"] == shipped[task.value]["buckets"]
        assert head["threshold"] == pytest.approx(shipped[task.value]["threshold"], abs=1e-3)
        for key in ("weights", "bias", "bucket_weights"):
            assert np.allclose(head[key], shipped[task.value][key], atol=1e-3)
        network, shipped_network = head["network"], shipped[task.value]["network"]
        assert (network is None) == (shipped_network is None)
        for key, values in (network or {}).items():
            assert np.allclose(values, shipped_network[key], atol=1e-3)
    assert "| need |" in trained.card

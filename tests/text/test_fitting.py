"""Fitting a head: deterministic, calibrated on out-of-fold logits, crisis thresholded for
recall."""

import numpy as np

from crossroads.text.classifier import CRISIS, SAFE, Task
from crossroads.text.embedding import DIMENSIONS
from crossroads.text.features import word_buckets
from crossroads.text.fitting import (
    RECALL_FLOOR,
    TEMPERATURES,
    HeadSettings,
    fit_head,
    is_held_out,
)


def blobs(labels: tuple[str, ...], per_label: int, spread: float) -> tuple[np.ndarray, list[str]]:
    """Unit vectors scattered around one random centre per label."""
    rng = np.random.default_rng(11)
    centres = rng.normal(size=(len(labels), DIMENSIONS))
    rows, names = [], []
    for index, label in enumerate(labels):
        rows.append(centres[index] + spread * rng.normal(size=(per_label, DIMENSIONS)))
        names += [label] * per_label
    vectors = np.concatenate(rows)
    order = rng.permutation(len(names))
    vectors = vectors[order] / np.linalg.norm(vectors[order], axis=1, keepdims=True)
    return vectors.astype(np.float32), [names[i] for i in order]


def test_the_same_examples_give_the_same_head() -> None:
    vectors, labels = blobs(
        ("adaptive", "avoidance", "substance", "overwork", "people_pleasing"), 20, 3.0
    )

    first = fit_head(Task.COPING, vectors, [word_buckets(x) for x in labels], labels, lambda: None)
    second = fit_head(Task.COPING, vectors, [word_buckets(x) for x in labels], labels, lambda: None)

    assert first.head.as_dict() == second.head.as_dict()


def test_progress_ticks_once_per_fold_and_once_for_the_final_fit() -> None:
    vectors, labels = blobs(("therapy", "coaching", "both"), 10, 1.0)
    ticks: list[int] = []

    fit_head(Task.NEED, vectors, [word_buckets(x) for x in labels], labels, lambda: ticks.append(1))

    assert len(ticks) == 6


def test_the_temperature_comes_from_the_grid_and_probabilities_are_calibrated() -> None:
    vectors, labels = blobs(("therapy", "coaching", "both"), 40, 6.0)

    fitted = fit_head(
        Task.NEED, vectors, [np.zeros(0, np.int64)] * len(labels), labels, lambda: None
    )

    assert fitted.head.temperature in TEMPERATURES
    confident = fitted.out_of_fold.max(axis=1)
    right = np.array(fitted.head.labels)[fitted.out_of_fold.argmax(axis=1)] == np.array(labels)
    assert abs(confident.mean() - right.mean()) < 0.1  # stated confidence matches accuracy


def test_the_crisis_threshold_keeps_out_of_fold_recall_at_the_floor() -> None:
    vectors, labels = blobs((CRISIS, SAFE), 50, 8.0)

    fitted = fit_head(
        Task.CRISIS, vectors, [np.zeros(0, np.int64)] * len(labels), labels, lambda: None
    )

    assert fitted.head.threshold is not None
    crisis = np.array(labels) == CRISIS
    caught = fitted.out_of_fold[crisis, 0] >= fitted.head.threshold
    assert caught.mean() >= RECALL_FLOOR


def test_the_crisis_threshold_counts_a_worrying_passage_as_the_classifier_does() -> None:
    vectors, labels = blobs((CRISIS, SAFE), 50, 8.0)
    no_words = [np.zeros(0, np.int64)] * len(labels)
    crisis_centre = vectors[np.array(labels) == CRISIS].mean(axis=0)
    # Every text also holds one passage that reads like the crisis examples on average.
    passages = [(np.stack([vector, crisis_centre]), no_words[:2]) for vector in vectors]

    whole_only = fit_head(Task.CRISIS, vectors, no_words, labels, lambda: None)
    by_passage = fit_head(Task.CRISIS, vectors, no_words, labels, lambda: None, passages)

    assert whole_only.head.threshold is not None
    assert by_passage.head.threshold is not None
    assert by_passage.head.threshold > whole_only.head.threshold
    crisis = [i for i, label in enumerate(labels) if label == CRISIS]
    caught = [
        by_passage.head.probabilities(*passages[i])[:, 0].max() >= by_passage.head.threshold
        or by_passage.out_of_fold[i, 0] >= by_passage.head.threshold
        for i in crisis
    ]
    assert np.mean(caught) >= RECALL_FLOOR


def test_crisis_examples_the_lexicon_catches_count_toward_the_recall_floor() -> None:
    vectors, labels = blobs((CRISIS, SAFE), 50, 8.0)
    no_words = [np.zeros(0, np.int64)] * len(labels)
    model_alone = fit_head(Task.CRISIS, vectors, no_words, labels, lambda: None)
    crisis = np.array(labels) == CRISIS
    assert model_alone.head.threshold is not None
    # The lexicon catches the crisis examples the model finds least worrying.
    scores = model_alone.out_of_fold[:, 0]
    hardest = np.argsort(np.where(crisis, scores, np.inf))[:10]
    lexicon_hits = np.zeros(len(labels), bool)
    lexicon_hits[hardest] = True

    beside = fit_head(Task.CRISIS, vectors, no_words, labels, lambda: None, None, lexicon_hits)

    assert beside.head.threshold is not None
    assert beside.head.threshold > model_alone.head.threshold
    by_model = beside.out_of_fold[:, 0] >= beside.head.threshold
    assert (by_model | lexicon_hits)[crisis].mean() >= RECALL_FLOOR
    assert by_model[crisis].mean() < RECALL_FLOOR


def test_when_the_lexicon_alone_reaches_the_floor_the_model_never_flags() -> None:
    vectors, labels = blobs((CRISIS, SAFE), 20, 8.0)
    no_words = [np.zeros(0, np.int64)] * len(labels)
    every_crisis_example = [label == CRISIS for label in labels]

    fitted = fit_head(
        Task.CRISIS, vectors, no_words, labels, lambda: None, None, every_crisis_example
    )

    assert fitted.head.threshold == 1.0


def test_only_crisis_gets_a_threshold_and_every_head_is_a_softmax_over_its_labels() -> None:
    vectors, labels = blobs((CRISIS, SAFE), 20, 1.0)
    crisis = fit_head(Task.CRISIS, vectors, [word_buckets("a b")] * 40, labels, lambda: None)
    vectors, labels = blobs(("therapy", "coaching", "both"), 10, 1.0)
    need = fit_head(Task.NEED, vectors, [word_buckets("a b")] * 30, labels, lambda: None)

    assert crisis.head.labels == (CRISIS, SAFE)
    assert crisis.head.weights.shape == (DIMENSIONS, 2)
    assert np.allclose(crisis.head.weights[:, 0], -crisis.head.weights[:, 1])
    assert need.head.threshold is None
    assert need.head.bucket_weights.shape == (len(need.head.buckets), 3)
    assert need.head.network is None
    assert crisis.head.network is not None


def test_a_crisis_network_is_fitted_on_the_same_folds_blended_and_reproducible() -> None:
    vectors, labels = blobs((CRISIS, SAFE), 50, 8.0)
    no_words = [np.zeros(0, np.int64)] * len(labels)
    with_network = HeadSettings(16.0, 2.0, RECALL_FLOOR, hidden_units=16)

    linear = fit_head(
        Task.CRISIS, vectors, no_words, labels, lambda: None, settings=HeadSettings(16.0, 2.0)
    )
    first, second = (
        fit_head(Task.CRISIS, vectors, no_words, labels, lambda: None, settings=with_network)
        for _ in range(2)
    )

    assert linear.head.network is None
    assert first.head.network is not None
    assert first.head.network.hidden.shape == (DIMENSIONS, 16)
    assert first.head.as_dict() == second.head.as_dict()
    assert first.head.threshold is not None
    crisis = np.array(labels) == CRISIS
    assert (first.out_of_fold[crisis, 0] >= first.head.threshold).mean() >= RECALL_FLOOR
    # The shipped head's scores are the blend's: a crisis example reads as crisis.
    scores = first.head.probabilities(vectors, no_words)[:, 0]
    assert scores[crisis].mean() > scores[~crisis].mean()


def test_about_one_in_five_texts_is_held_out() -> None:
    texts = [f"example number {i}" for i in range(2000)]

    share = sum(is_held_out(text) for text in texts) / len(texts)

    assert 0.17 < share < 0.23

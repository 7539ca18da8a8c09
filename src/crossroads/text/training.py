"""Train the three heads in model/classifiers.json, deterministically.

Each head is a class-balanced logistic regression (scikit-learn, needed only here) over the
text vectors and word buckets that `TextClassifier.embed` produces, so training and use see
the same inputs. The word weight and regularisation per task were chosen by five-fold
cross-validation on the training examples alone: macro-F1 for need and coping, and for crisis
the share of safe examples flagged at the recall floor (benchmarks/crisis_grid.py writes that
grid to benchmarks/RESULTS-crisis-grid.md).
Only buckets found in at least MIN_TEXTS training texts get a weight, which keeps the
artifact small.
Probabilities are calibrated by temperature scaling on five-fold out-of-fold logits. The crisis
threshold is the highest one that still keeps out-of-fold recall at RECALL_FLOOR on the crisis
examples, under the rule the classifier applies (the whole text or any passage, beside the
phrase lexicon): recall first. The floor holds for the decision a person meets, the union, so a
crisis example the lexicon already catches does not also have to be caught by the model.

A fifth of our own examples (chosen by a hash of the text, so the choice never drifts) is held
out of training for every task and gives the model card its figures.
"""

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from crossroads.text.classifier import CRISIS, LABELS, Floats, Head, Task
from crossroads.text.embedding import Vectors
from crossroads.text.features import BUCKETS, Buckets, known_positions

REGULARISATION = {Task.NEED: 4.0, Task.CRISIS: 16.0, Task.COPING: 16.0}  # scikit-learn's C
WORD_WEIGHT = {Task.NEED: 2.0, Task.CRISIS: 2.0, Task.COPING: 2.0}
MIN_TEXTS = 2
FOLDS = 5
RECALL_FLOOR = 0.90
TEMPERATURES = np.exp(np.linspace(-2.0, 2.0, 161))


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    source: str  # "own" or the external set it came from


def is_held_out(text: str) -> bool:
    """One in five of our own examples, fixed by the text itself."""
    return zlib.crc32(text.encode("utf-8")) % 5 == 0


@dataclass(frozen=True)
class Fitted:
    head: Head
    out_of_fold: Floats  # calibrated probabilities for each training example
    # Crisis only: each example's out-of-fold score under the flagging rule (the higher of the
    # whole text's and its most worrying passage's); None for the other tasks.
    flagged_by: Floats | None = None


@dataclass(frozen=True)
class HeadSettings:
    """scikit-learn's C and the weight of the word buckets beside the embedding."""

    regularisation: float
    word_weight: float
    recall_floor: float = 0.90


def settings_of(task: Task) -> HeadSettings:
    return HeadSettings(REGULARISATION[task], WORD_WEIGHT[task], RECALL_FLOOR)


Passages = tuple[Vectors, Sequence[Buckets]]  # one text's passage vectors and word buckets


def fit_head(
    task: Task,
    vectors: Vectors,
    words: Sequence[Buckets],
    labels: Sequence[str],
    progress: Callable[[], None],
    passages: Sequence[Passages] | None = None,
    lexicon_hits: Sequence[bool] | None = None,
    settings: HeadSettings | None = None,
    final_fit: bool = True,
) -> Fitted:
    """Fit, calibrate and (for crisis) threshold one head; `progress` ticks after each fit.

    Crisis flags a text when the whole of it or any one passage of it reaches the threshold,
    so the threshold is chosen on that same rule: each text's out-of-fold score is the higher
    of its own and its most worrying passage's. Without `passages`, each text is its only one.
    `lexicon_hits` marks the texts the phrase lexicon flags whatever the model says; without
    it, the model alone must reach the recall floor. `settings` overrides the shipped ones
    (for the cross-validated grid in benchmarks/crisis_grid.py), which can also skip the
    final fit on all examples.
    """
    settings = settings or settings_of(task)
    names = LABELS[task]
    y = np.array([names.index(label) for label in labels])
    buckets = _common_buckets(words)
    features = np.hstack([vectors, settings.word_weight * _word_matrix(words, buckets)])
    logits = np.zeros((len(y), len(names)))
    passage_logits: list[Floats] = [np.zeros((0, len(names)))] * len(y)
    for fold in range(FOLDS):
        test = np.arange(len(y)) % FOLDS == fold
        coef, bias = _fit(settings, features[~test], y[~test], len(names))
        logits[test] = features[test] @ coef + bias
        if task is Task.CRISIS and passages is not None:
            fold_head = _head(task, settings, vectors.shape[1], buckets, coef, bias, 1.0, None)
            for index in np.flatnonzero(test).tolist():
                passage_logits[index] = fold_head.logits(*passages[index])
        progress()
    temperature = _temperature(logits, y)
    out_of_fold = _softmax(logits / temperature)
    threshold, flagged_by = None, None
    if task is Task.CRISIS:
        column = names.index(CRISIS)
        flagged_by = np.array(
            [
                max([whole[column]] + [p[column] for p in _softmax(each / temperature)])
                for whole, each in zip(out_of_fold, passage_logits, strict=True)
            ]
        )
        caught = np.zeros(len(y), bool) if lexicon_hits is None else np.array(lexicon_hits, bool)
        threshold = recall_threshold(flagged_by, y == column, caught, settings.recall_floor)
    if final_fit:
        coef, bias = _fit(settings, features, y, len(names))
    progress()
    head = _head(task, settings, vectors.shape[1], buckets, coef, bias, temperature, threshold)
    return Fitted(head, out_of_fold, flagged_by)


def _head(
    task: Task,
    settings: HeadSettings,
    dimensions: int,
    buckets: Buckets,
    coef: Floats,
    bias: Floats,
    temperature: float,
    threshold: float | None,
) -> Head:
    return Head(
        labels=LABELS[task],
        weights=coef[:dimensions],
        bias=bias,
        temperature=temperature,
        word_weight=settings.word_weight,
        buckets=buckets,
        bucket_weights=coef[dimensions:],
        threshold=threshold,
    )


def _common_buckets(words: Sequence[Buckets]) -> Buckets:
    counts = np.bincount(np.concatenate(words), minlength=BUCKETS)
    kept: Buckets = np.flatnonzero(counts >= MIN_TEXTS).astype(np.int64)
    return kept


def _word_matrix(words: Sequence[Buckets], buckets: Buckets) -> Floats:
    """One row per text: 1/√(its bucket count) in the columns of its kept buckets, as
    Head._words reads them."""
    matrix = np.zeros((len(words), len(buckets)))
    for row, each in enumerate(words):
        matrix[row, known_positions(buckets, each)] = 1.0 / max(np.sqrt(len(each)), 1.0)
    return matrix


def _fit(
    settings: HeadSettings, features: Floats, y: np.ndarray, classes: int
) -> tuple[Floats, Floats]:
    """Coefficients (one row per feature, one column per label) and bias; a binary fit is
    written as two opposite columns so every head is a softmax."""
    from sklearn.linear_model import LogisticRegression  # only training needs scikit-learn

    model = LogisticRegression(C=settings.regularisation, class_weight="balanced", max_iter=5000)
    model.fit(features, y)
    coef, intercept = model.coef_, model.intercept_
    if classes == 2:
        half = coef[0] / 2
        return np.stack([-half, half], axis=1), np.array([-intercept[0] / 2, intercept[0] / 2])
    return coef.T.copy(), intercept.copy()


def _softmax(logits: Floats) -> Floats:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    result: Floats = exp / exp.sum(axis=1, keepdims=True)
    return result


def _temperature(logits: Floats, y: np.ndarray) -> float:
    """The temperature on a fixed grid with the lowest out-of-fold log loss."""
    losses = [
        -np.log(_softmax(logits / t)[np.arange(len(y)), y] + 1e-12).mean() for t in TEMPERATURES
    ]
    return float(TEMPERATURES[int(np.argmin(losses))])


def recall_threshold(
    scores: Floats, positive: np.ndarray, caught: np.ndarray, floor: float = RECALL_FLOOR
) -> float:
    """The highest threshold at which the positives flagged by the model or already `caught`
    (by the lexicon) make up at least `floor` of all positives. When the lexicon alone
    reaches the floor, the threshold is 1: the model never needs to flag."""
    allowed_misses = int(np.floor(positive.sum() * (1 - floor)))
    left = np.sort(scores[positive & ~caught])
    return float(left[allowed_misses]) if allowed_misses < len(left) else 1.0

"""The crisis head's network read with numpy gives what scikit-learn fitted, and an artifact
written before heads had one still loads."""

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier

from crossroads.text.classifier import CRISIS, SAFE, Head, Task, heads_to_json, load_heads
from crossroads.text.embedding import DIMENSIONS
from crossroads.text.features import word_buckets
from crossroads.text.fitting import network_of
from crossroads.text.network import Network


def softmax(logits: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("classes", [2, 3])
def test_the_network_read_with_numpy_matches_scikit_learn(classes: int) -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(90, 6))
    y = np.arange(90) % classes
    x[:, 0] += 2.0 * y
    model = MLPClassifier(hidden_layer_sizes=(8,), max_iter=3000, random_state=0).fit(x, y)

    network = network_of(model, classes)

    assert network.weights.shape == (8, classes)
    assert np.allclose(softmax(network.logits(x)), model.predict_proba(x), atol=1e-9)


def a_head(network: Network | None) -> Head:
    rng = np.random.default_rng(5)
    return Head(
        labels=(CRISIS, SAFE),
        weights=rng.normal(size=(DIMENSIONS, 2)),
        bias=np.array([0.3, -0.3]),
        temperature=1.4,
        word_weight=2.0,
        buckets=np.unique(word_buckets("nothing left")),
        bucket_weights=rng.normal(size=(len(np.unique(word_buckets("nothing left"))), 2)),
        threshold=0.4,
        network=network,
    )


def a_network(units: int = 4) -> Network:
    rng = np.random.default_rng(9)
    out = rng.normal(size=(units, 1))
    return Network(
        hidden=rng.normal(size=(DIMENSIONS, units)),
        hidden_bias=rng.normal(size=units),
        weights=np.hstack([-out / 2, out / 2]),
        bias=np.array([0.1, -0.1]),
    )


def test_a_head_with_a_network_adds_its_logits_and_survives_the_round_trip() -> None:
    vectors = np.random.default_rng(2).normal(size=(3, DIMENSIONS)).astype(np.float32)
    words = [word_buckets(text) for text in ("nothing left", "tea", "")]
    linear, blended = a_head(None), a_head(a_network())

    reloaded = Head.from_dict(json.loads(json.dumps(blended.as_dict())))

    assert np.allclose(
        blended.logits(vectors, words),
        linear.logits(vectors, words) + a_network().logits(vectors),
    )
    assert reloaded.network is not None
    assert np.allclose(
        reloaded.probabilities(vectors, words), blended.probabilities(vectors, words), atol=1e-3
    )


def test_an_artifact_written_before_heads_had_a_network_still_loads(tmp_path: Path) -> None:
    head = a_head(None)
    old = {task.value: head.as_dict() for task in Task}
    for written in old.values():
        del written["network"]
    artifact = tmp_path / "classifiers.json"
    artifact.write_text(json.dumps(old), encoding="utf-8")
    vector = np.ones((1, DIMENSIONS), dtype=np.float32)

    loaded = load_heads(artifact)[Task.CRISIS]

    assert loaded.network is None
    assert np.allclose(
        loaded.probabilities(vector, [word_buckets("nothing left")]),
        head.probabilities(vector, [word_buckets("nothing left")]),
        atol=1e-3,
    )


def test_the_shipped_artifact_gives_crisis_alone_a_network() -> None:
    heads = load_heads()

    assert heads[Task.CRISIS].network is not None
    assert heads[Task.NEED].network is None
    assert heads[Task.COPING].network is None
    assert heads_to_json(heads).count("\n") == len(Task) + 2

"""The embedding model: offline, lazy, unit-length vectors whose closeness follows meaning."""

import numpy as np
import pytest

from crossroads.text.embedding import DIMENSIONS, Embedder


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


def test_the_model_is_not_loaded_until_first_used() -> None:
    fresh = Embedder()
    assert not fresh.loaded
    fresh.embed(["hello"])
    assert fresh.loaded


def test_every_text_becomes_one_unit_length_vector(embedder: Embedder) -> None:
    vectors = embedder.embed(["I want a promotion", "I can't sleep since my mother died", "ok"])

    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_no_texts_give_an_empty_matrix(embedder: Embedder) -> None:
    assert embedder.embed([]).shape == (0, DIMENSIONS)


def test_a_text_gets_the_same_vector_alone_or_padded_in_a_batch(embedder: Embedder) -> None:
    short = "Lead my team with more confidence"
    alone = embedder.embed([short])[0]
    batched = embedder.embed([short, "a much longer sentence " * 20])[0]

    assert float(alone @ batched) > 0.9999


def test_closeness_follows_meaning(embedder: Embedder) -> None:
    grief, loss, career = embedder.embed(
        [
            "I keep crying since my father passed away",
            "Grieving the death of my dad has been unbearable",
            "I want to negotiate a higher salary at my next review",
        ]
    )

    assert float(grief @ loss) > float(grief @ career) + 0.2


def test_a_very_long_text_is_truncated_not_refused(embedder: Embedder) -> None:
    assert embedder.embed(["word " * 5_000]).shape == (1, DIMENSIONS)

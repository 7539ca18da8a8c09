"""Word buckets: the exact words beside the embeddings, the same on every machine."""

import numpy as np

from crossroads.text.features import BUCKETS, word_buckets


def test_words_and_word_pairs_each_get_a_bucket() -> None:
    buckets = word_buckets("said yes again")

    assert len(buckets) == 5  # three words, two pairs (barring a collision)
    assert all(0 <= bucket < BUCKETS for bucket in buckets)


def test_buckets_are_sorted_and_distinct() -> None:
    buckets = word_buckets("no no no, no more wine wine")

    assert list(buckets) == sorted(set(buckets.tolist()))


def test_case_apostrophes_and_punctuation_do_not_change_the_buckets() -> None:
    assert np.array_equal(word_buckets("I Can’t SLEEP!"), word_buckets("i can't sleep"))


def test_the_same_text_always_gives_the_same_buckets() -> None:
    assert np.array_equal(word_buckets("drank alone"), word_buckets("drank alone"))
    assert word_buckets("drank alone").tolist() != word_buckets("walked alone").tolist()


def test_a_text_without_words_has_no_buckets() -> None:
    assert len(word_buckets("?!")) == 0

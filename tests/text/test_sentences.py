"""Sentence splitting: what each sentence score and each quoted piece of evidence rests on."""

from hypothesis import given
from hypothesis import strategies as st

from crossroads.text.sentences import MAX_WORDS, split_sentences


def test_a_sentence_ends_at_a_full_stop_question_or_exclamation_mark() -> None:
    assert split_sentences("I lost my job. What now? I'm scared!") == [
        "I lost my job.",
        "What now?",
        "I'm scared!",
    ]


def test_a_line_break_ends_a_sentence_even_without_punctuation() -> None:
    assert split_sentences("new year\nnew me\n\n  read more  ") == [
        "new year",
        "new me",
        "read more",
    ]


def test_a_closing_quote_stays_with_its_sentence() -> None:
    assert split_sentences('She said "I am done." Then she left.') == [
        'She said "I am done."',
        "Then she left.",
    ]


def test_a_decimal_point_or_abbreviation_without_a_space_does_not_split() -> None:
    assert split_sentences("I ran 5.5 km today") == ["I ran 5.5 km today"]


def test_run_on_writing_is_cut_into_windows_of_at_most_max_words() -> None:
    words = [f"w{i}" for i in range(MAX_WORDS * 2 + 5)]

    pieces = split_sentences(" ".join(words))

    assert [len(piece.split()) for piece in pieces] == [MAX_WORDS, MAX_WORDS, 5]
    assert " ".join(pieces).split() == words


def test_blank_text_has_no_sentences() -> None:
    assert split_sentences(" \n\t ") == []


@given(st.text())
def test_splitting_keeps_every_word_in_order(text: str) -> None:
    assert " ".join(split_sentences(text)).split() == text.split()

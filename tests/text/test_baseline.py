"""The keyword baseline `crossroads evaluate` sets beside the model, one task at a time."""

import pytest

from crossroads.text.baseline import keyword_label
from crossroads.text.classifier import CRISIS, SAFE, Task


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I want to die", CRISIS),
        ("this deadline is killing me", SAFE),
        ("I'm not suicidal", CRISIS),
        ("I feel hopeless and so alone", SAFE),
    ],
)
def test_crisis_is_any_phrase_of_the_list_whatever_its_frame(text: str, label: str) -> None:
    assert keyword_label(Task.CRISIS, text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I feel hopeless and anxious every night", "therapy"),
        ("I want to build a savings habit and get a promotion", "coaching"),
        ("I feel hopeless about my career", "both"),
        ("The weather was mild on Tuesday", "coaching"),
    ],
    ids=["distress words only", "goal words only", "both kinds", "neither kind"],
)
def test_need_follows_which_word_lists_hit(text: str, label: str) -> None:
    assert keyword_label(Task.NEED, text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Every evening I drank wine and then beer", "substance"),
        (
            "I answered every email in my inbox and polished the report until it was perfect",
            "overwork",
        ),
        ("I said yes to every favour and kept saying sorry", "people_pleasing"),
        ("I kept avoiding my messages and scrolling until 3am", "avoidance"),
        ("I went for a walk and then journaled for ten minutes", "adaptive"),
        ("After a short walk I drank wine, then beer", "substance"),
        ("The weather was mild on Tuesday", "adaptive"),
    ],
)
def test_coping_takes_the_label_with_the_most_hits_and_adaptive_when_none(
    text: str, label: str
) -> None:
    assert keyword_label(Task.COPING, text) == label

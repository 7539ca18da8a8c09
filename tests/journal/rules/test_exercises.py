"""Healing exercises saved as entries: only what was written is kept, ratings are 0 to 100, and
an exercise with nothing written is not saved."""

from datetime import UTC, datetime

import pytest

from crossroads.journal.rules.entries import MAX_TEXT, Entry, EntryKind
from crossroads.journal.rules.exercises import EXERCISES, plan_exercise
from crossroads.kernel.errors import InvalidInput

NOW = datetime(2027, 3, 1, 21, 30, tzinfo=UTC)


def test_every_exercise_kind_has_prompts_and_ratings_among_them() -> None:
    assert set(EXERCISES) == set(EntryKind) - {EntryKind.ENTRY, EntryKind.TOOL}
    for kind, exercise in EXERCISES.items():
        assert exercise.kind is kind
        assert exercise.prompts
        assert set(exercise.ratings) <= set(exercise.prompts)


def test_an_exercise_is_saved_as_an_entry_without_a_mood() -> None:
    entry = plan_exercise(EntryKind.GRIEF, {"who": " My grandmother "}, NOW)

    assert entry == Entry(
        at=NOW, mood=None, kind=EntryKind.GRIEF, answers={"who": "My grandmother"}
    )
    assert entry.is_exercise


def test_only_the_written_answers_are_kept() -> None:
    fields = {
        "struggle": "Everything at once",
        "shared": "   ",
        "friend": "",
        "unknown": "not a prompt of this exercise",
    }

    entry = plan_exercise(EntryKind.SELF_COMPASSION, fields, NOW)

    assert entry.answers == {"struggle": "Everything at once"}


def test_a_thought_record_keeps_its_ratings_as_whole_numbers() -> None:
    fields = {"thought": "I always get it wrong", "before": "80", "after": " 40.0 "}

    entry = plan_exercise(EntryKind.THOUGHT_RECORD, fields, NOW)

    assert entry.answers == {"thought": "I always get it wrong", "before": "80", "after": "40"}


@pytest.mark.parametrize(
    ("rating", "accepted"),
    [("-1", False), ("0", True), ("100", True), ("101", False), ("fifty", False), ("5.5", False)],
)
def test_a_rating_is_a_whole_number_from_0_to_100(rating: str, accepted: bool) -> None:
    fields = {"thought": "Nobody likes me", "before": rating}
    if accepted:
        assert plan_exercise(EntryKind.THOUGHT_RECORD, fields, NOW).answers["before"] == rating
    else:
        with pytest.raises(InvalidInput) as refused:
            plan_exercise(EntryKind.THOUGHT_RECORD, fields, NOW)
        assert refused.value.field == "before"


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (EntryKind.GRIEF, {}),
        (EntryKind.GRIEF, {"who": "  ", "carry": ""}),
        (EntryKind.THOUGHT_RECORD, {"before": "70", "after": "30"}),  # ratings alone say nothing
    ],
)
def test_an_exercise_with_nothing_written_is_not_saved(
    kind: EntryKind, fields: dict[str, str]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_exercise(kind, fields, NOW)

    assert refused.value.field == next(iter(EXERCISES[kind].prompts))


def test_an_answer_is_kept_to_the_length_of_an_entry() -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_exercise(EntryKind.GRIEF, {"remember": "x" * (MAX_TEXT + 1)}, NOW)

    assert refused.value.field == "remember"


def test_a_plain_entry_is_not_an_exercise() -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_exercise(EntryKind.ENTRY, {"who": "Someone"}, NOW)

    assert refused.value.field == "kind"

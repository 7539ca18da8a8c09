"""Healing exercises saved as entries: only what was written is kept, ratings are 0 to 100, and
an exercise with nothing written is not saved; the readiness said first and its threshold, the
minutes stayed with a feeling, stepping back midway, and how the answers are shown."""

from datetime import UTC, datetime, timedelta

import pytest

from crossroads.journal.rules.entries import MAX_TEXT, Entry, EntryKind
from crossroads.journal.rules.exercises import (
    EXERCISES,
    MOST_MINUTES,
    READINESS_THRESHOLD,
    answer_lines,
    calming_first,
    minutes_stayed,
    parse_readiness,
    plan_exercise,
    readiness_threshold,
    stepped_back,
    written_in,
)
from crossroads.journal.rules.items import entry_from_item, entry_to_item
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


def test_every_exercise_says_why_it_helps_and_when_to_step_back() -> None:
    for exercise in EXERCISES.values():
        assert exercise.why.strip()
        assert exercise.step_back.strip()


@pytest.mark.parametrize(
    ("readiness", "own", "calming"),
    [
        (0, None, True),
        (READINESS_THRESHOLD - 1, None, True),
        (READINESS_THRESHOLD, None, False),  # at the threshold the exercise goes on
        (10, None, False),
        (6, 7, True),
        (7, 7, False),
        (0, 0, False),  # a threshold of 0 never suggests a calming tool
        (9, 10, True),
        (10, 10, False),
    ],
)
def test_a_calming_tool_comes_first_only_below_the_threshold(
    readiness: int, own: int | None, calming: bool
) -> None:
    assert calming_first(readiness, own) is calming


def test_the_default_threshold_stands_until_the_person_sets_their_own() -> None:
    assert readiness_threshold(None) == READINESS_THRESHOLD == 4
    assert readiness_threshold(0) == 0
    assert readiness_threshold(9) == 9


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", 0), (" 10 ", 10), ("4", 4), ("-1", None), ("11", None), ("", None), ("ready", None)],
)
def test_readiness_is_a_whole_number_from_0_to_10(text: str, value: int | None) -> None:
    if value is None:
        with pytest.raises(InvalidInput) as refused:
            parse_readiness(text)
        assert refused.value.field == "readiness"
    else:
        assert parse_readiness(text) == value


def test_readiness_said_first_is_kept_with_the_answers() -> None:
    entry = plan_exercise(EntryKind.GRIEF, {"who": "My dog", "readiness": "6"}, NOW)

    assert entry.answers == {"readiness": "6", "who": "My dog"}


def test_readiness_alone_is_not_an_exercise() -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_exercise(EntryKind.FEELING, {"readiness": "8"}, NOW)

    assert refused.value.field == "feeling"


@pytest.mark.parametrize(
    ("stayed", "minutes"),
    [
        (timedelta(seconds=59), 0),
        (timedelta(minutes=1), 1),
        (timedelta(minutes=4, seconds=59), 4),
        (timedelta(minutes=MOST_MINUTES), MOST_MINUTES),
        (timedelta(hours=5), MOST_MINUTES),  # a form left open is not hours of staying
        (timedelta(minutes=-3), 0),  # a clock that moved back
    ],
)
def test_minutes_stayed_are_whole_minutes_counted_down_and_bounded(
    stayed: timedelta, minutes: int
) -> None:
    assert minutes_stayed(NOW - stayed, NOW) == minutes


def test_a_feeling_keeps_the_whole_minutes_stayed_since_it_started_as_text() -> None:
    started = (NOW - timedelta(minutes=3, seconds=20)).isoformat()
    fields = {"feeling": "grief", "body": "my throat", "started": started}

    entry = plan_exercise(EntryKind.FEELING, fields, NOW)

    assert entry.answers == {"feeling": "grief", "body": "my throat", "minutes": "3"}


def test_a_feeling_saved_without_starting_to_stay_has_no_minutes() -> None:
    entry = plan_exercise(EntryKind.FEELING, {"feeling": "anger"}, NOW)

    assert "minutes" not in entry.answers


@pytest.mark.parametrize("started", ["yesterday", "2027-03-01T21:00:00"])  # no zone: refused
def test_a_start_time_not_given_by_the_page_is_refused(started: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_exercise(EntryKind.FEELING, {"feeling": "fear", "started": started}, NOW)

    assert refused.value.field == "started"


def test_only_a_feeling_counts_minutes() -> None:
    started = (NOW - timedelta(minutes=5)).isoformat()

    entry = plan_exercise(EntryKind.GRIEF, {"who": "Dad", "started": started}, NOW)

    assert entry.answers == {"who": "Dad"}


def test_stepping_back_midway_is_marked_and_keeps_what_was_written() -> None:
    fields = {"thought": "I ruin everything", "if_true": "I'm a burden", "stepped_back": "yes"}

    entry = plan_exercise(EntryKind.BELIEF, fields, NOW)

    assert entry.answers == {
        "thought": "I ruin everything",
        "if_true": "I'm a burden",
        "stepped_back": "yes",
    }
    assert stepped_back(entry.answers)
    assert not stepped_back(plan_exercise(EntryKind.BELIEF, {"thought": "x"}, NOW).answers)


def test_a_belief_is_weighed_before_and_after_from_0_to_100() -> None:
    fields = {
        "belief": "I am unlovable",
        "belief_before": "90",
        "kinder": "I am loved by some people",
        "kinder_before": "20",
        "kinder_after": "45",
        "belief_after": "70",
    }

    entry = plan_exercise(EntryKind.BELIEF, fields, NOW)

    assert entry.answers == fields
    with pytest.raises(InvalidInput) as refused:
        plan_exercise(EntryKind.BELIEF, {**fields, "kinder_after": "101"}, NOW)
    assert refused.value.field == "kinder_after"


def test_written_in_looks_only_at_the_boxes_of_the_exercise() -> None:
    assert written_in(EntryKind.FEELING, {"body": " chest "})
    assert not written_in(
        EntryKind.FEELING, {"body": "  ", "readiness": "5", "stepped_back": "yes"}
    )
    assert not written_in(EntryKind.THOUGHT_RECORD, {"before": "80"})
    assert not written_in(EntryKind.ENTRY, {"note": "words"})


def test_answers_are_shown_readiness_first_then_prompts_in_order_then_minutes() -> None:
    answers = {
        "after": "It softened",
        "minutes": "4",
        "feeling": "sadness",
        "stepped_back": "yes",
        "readiness": "6",
        "from_another_app": "kept too",
    }

    lines = answer_lines(EntryKind.FEELING, answers)

    assert lines == (
        ("How ready you felt, from 0 to 10", "6"),
        ("What is the feeling? A single word is enough.", "sadness"),
        ("Having stayed with it, what do you notice now?", "It softened"),
        ("Minutes you stayed with it", "4"),
        ("Your answer", "kept too"),
    )


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (EntryKind.BELIEF, {"belief": "I'm a failure", "belief_before": "80", "readiness": "7"}),
        (EntryKind.SELF_TRUST, {"promise": "Eat lunch away from my desk"}),
        (
            EntryKind.FEELING,
            {"feeling": "grief", "started": NOW.isoformat(), "stepped_back": "yes"},
        ),
    ],
)
def test_a_new_exercise_goes_out_and_back_in_as_an_item_unchanged(
    kind: EntryKind, fields: dict[str, str]
) -> None:
    entry = plan_exercise(kind, fields, NOW)

    assert entry_from_item(entry_to_item(entry)) == entry

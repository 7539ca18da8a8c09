"""A journal entry checked field by field: the mood scale, aware times, emotions and coping each
once, and the person's own words kept short."""

from datetime import UTC, datetime

import pytest

from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import (
    MAX_EMOTION_WORD,
    MAX_OWN_EMOTIONS,
    MAX_TEXT,
    Entry,
    EntryKind,
    Situation,
    named_emotions,
    plan_entry,
)
from crossroads.kernel.errors import InvalidInput

NOW = datetime(2027, 3, 1, 21, 30, tzinfo=UTC)


def test_a_quick_entry_needs_only_a_mood() -> None:
    entry = plan_entry(at=NOW, mood=4)

    assert entry == Entry(at=NOW, mood=4)
    assert not entry.is_exercise


def test_a_full_entry_keeps_every_field_trimmed() -> None:
    entry = plan_entry(
        at=NOW,
        mood=3,
        emotions=["anxious", "Tired "],
        situation="work",
        what_happened="  The review went badly.  ",
        coping=["movement", "support"],
        own_coping=" Played the piano ",
        helped=7,
        note=" Better later ",
    )

    assert entry == Entry(
        at=NOW,
        mood=3,
        emotions=("anxious", "tired"),
        situation=Situation.WORK,
        what_happened="The review went badly.",
        coping=(CopingKind.MOVEMENT, CopingKind.SUPPORT),
        own_coping="Played the piano",
        helped=7,
        note="Better later",
    )


def test_an_entry_needs_a_mood() -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_entry(at=NOW, mood=None)

    assert refused.value.field == "mood"


@pytest.mark.parametrize(("mood", "accepted"), [(-1, False), (0, True), (10, True), (11, False)])
def test_the_mood_is_from_0_to_10(mood: int, accepted: bool) -> None:
    if accepted:
        assert plan_entry(at=NOW, mood=mood).mood == mood
    else:
        with pytest.raises(InvalidInput) as refused:
            plan_entry(at=NOW, mood=mood)
        assert refused.value.field == "mood"


@pytest.mark.parametrize(("helped", "accepted"), [(-1, False), (0, True), (10, True), (11, False)])
def test_how_much_it_helped_is_from_0_to_10(helped: int, accepted: bool) -> None:
    if accepted:
        assert plan_entry(at=NOW, mood=5, helped=helped).helped == helped
    else:
        with pytest.raises(InvalidInput) as refused:
            plan_entry(at=NOW, mood=5, helped=helped)
        assert refused.value.field == "helped"


def test_an_entry_time_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        plan_entry(at=datetime(2027, 3, 1, 21, 30), mood=5)  # noqa: DTZ001


def test_emotions_are_lower_case_and_each_named_once() -> None:
    assert named_emotions(["Sad", "sad ", "", "  ", "lonely", "SAD"]) == ("sad", "lonely")


def test_listed_emotions_are_not_limited_in_number() -> None:
    listed = ["calm", "content", "grateful", "happy", "hopeful", "proud", "relieved"]

    assert named_emotions(listed) == tuple(listed)


@pytest.mark.parametrize(
    ("own", "accepted"), [(MAX_OWN_EMOTIONS, True), (MAX_OWN_EMOTIONS + 1, False)]
)
def test_a_few_emotions_of_ones_own_may_be_added(own: int, accepted: bool) -> None:
    words = ["sad", *(f"word{n}" for n in range(own))]
    if accepted:
        assert len(named_emotions(words)) == own + 1
    else:
        with pytest.raises(InvalidInput) as refused:
            named_emotions(words)
        assert refused.value.field == "emotions"


@pytest.mark.parametrize(
    ("length", "accepted"), [(MAX_EMOTION_WORD, True), (MAX_EMOTION_WORD + 1, False)]
)
def test_an_emotion_of_ones_own_is_kept_short(length: int, accepted: bool) -> None:
    if accepted:
        assert named_emotions(["x" * length]) == ("x" * length,)
    else:
        with pytest.raises(InvalidInput):
            named_emotions(["x" * length])


def test_coping_is_each_kind_once_in_the_order_picked() -> None:
    entry = plan_entry(at=NOW, mood=5, coping=["rest", " movement", "rest", ""])

    assert entry.coping == (CopingKind.REST, CopingKind.MOVEMENT)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"coping": ["napping"]}, "coping"),
        ({"situation": "school"}, "situation"),
        ({"what_happened": "x" * (MAX_TEXT + 1)}, "what_happened"),
        ({"own_coping": "x" * (MAX_TEXT + 1)}, "own_coping"),
        ({"note": "x" * (MAX_TEXT + 1)}, "note"),
    ],
)
def test_a_field_out_of_shape_is_refused_by_name(fields: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_entry(at=NOW, mood=5, **fields)  # type: ignore[arg-type]

    assert refused.value.field == field


def test_a_blank_situation_is_no_situation() -> None:
    assert plan_entry(at=NOW, mood=5, situation="  ").situation is None


def test_coping_in_ones_own_words_is_kept_for_the_classifier_to_read() -> None:
    entry = plan_entry(at=NOW, mood=5, own_coping="Baked bread")

    assert entry.own_coping == "Baked bread"
    assert entry.own_coping_kind is None
    assert entry.all_coping == ()


def test_all_coping_names_the_own_words_kind_once_after_the_picked_ones() -> None:
    entry = Entry(
        at=NOW,
        mood=5,
        coping=(CopingKind.REST, CopingKind.AVOIDANCE),
        own_coping_kind=CopingKind.AVOIDANCE,
    )
    own = Entry(at=NOW, mood=5, coping=(CopingKind.REST,), own_coping_kind=CopingKind.OWN_WAY)

    assert entry.all_coping == (CopingKind.REST, CopingKind.AVOIDANCE)
    assert own.all_coping == (CopingKind.REST, CopingKind.OWN_WAY)


@pytest.mark.parametrize("kind", list(EntryKind))
def test_every_kind_but_a_plain_entry_or_a_tool_is_an_exercise(kind: EntryKind) -> None:
    entry = Entry(at=NOW, mood=None, kind=kind)
    assert entry.is_exercise is (kind not in (EntryKind.ENTRY, EntryKind.TOOL))
    assert entry.is_tool is (kind is EntryKind.TOOL)

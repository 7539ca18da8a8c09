"""The journal in the readable export: a healing exercise is shown with its questions in plain
words, its readiness and minutes named, and a step back to a calming tool said without blame."""

from crossroads.ops.readable.journal import journal
from crossroads.ops.readable.shapes import Line


def test_an_exercise_shows_its_questions_readiness_minutes_and_a_step_back() -> None:
    item = {
        "id": "e1",
        "at": "2027-03-01T21:30:00+00:00",
        "kind": "feeling",
        "answers": {"feeling": "Fear", "readiness": "5", "minutes": "3", "stepped_back": "yes"},
    }

    [record] = journal({"entries": [item]})[0].records

    assert record.title == "Letting a feeling be felt"
    assert record.lines == (
        Line("How ready you felt, from 0 to 10", "5"),
        Line("What is the feeling? A single word is enough.", "Fear"),
        Line("Minutes you stayed with it", "3"),
        Line("You stepped back", "to a calming tool"),
    )


def test_a_promise_check_is_shown_in_plain_words() -> None:
    answers = {"promise_id": "p1", "promise": "Walk", "kept": "not_yet"}
    item = {"id": "e2", "at": "2027-03-01T21:30:00+00:00", "kind": "self_trust", "answers": answers}

    [record] = journal({"entries": [item]})[0].records

    assert record.lines == (Line("Your promise", "Walk"), Line("Did you keep it?", "Not yet"))


def test_a_tool_for_the_moment_is_shown_as_what_was_used() -> None:
    answers = {"tool": "breathing", "rhythm": "even", "minutes": "4", "note": "Calmer"}
    item = {"id": "e3", "at": "2027-03-01T21:30:00+00:00", "kind": "tool", "answers": answers}

    [record] = journal({"entries": [item]})[0].records

    assert record.title == "A tool for the moment"
    assert record.lines == (
        Line("What you used", "Paced breathing (even), 4 minutes"),
        Line("Your note", "Calmer"),
    )


def test_a_tool_used_with_a_mood_shows_it() -> None:
    answers = {"tool": "grounding"}
    item = {"id": "e4", "at": "2027-03-01T21:30:00+00:00", "kind": "tool", "mood": 6}

    [record] = journal({"entries": [item | {"answers": answers}]})[0].records

    assert record.lines == (
        Line("What you used", "Grounding, 5-4-3-2-1"),
        Line("Mood", "6 out of 10"),
    )

"""The classification contract's input rules, and what the assessment asks of the text model."""

import pytest

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.risk import By, RiskLevel
from crossroads.text.classification import (
    Item,
    MalformedLines,
    Task,
    parse_items,
    parse_task,
    read_free_text,
)


def test_lines_become_items_in_order_and_blank_lines_are_skipped() -> None:
    lines = ['{"id": "a", "text": "first"}', "", "  ", '{"id": 2, "text": "second", "x": 1}']

    assert parse_items(lines) == [Item("a", "first"), Item(2, "second")]


def test_every_malformed_line_is_reported_by_number_before_anything_is_read() -> None:
    lines = [
        '{"id": 1, "text": "fine"}',
        "{not json",
        '["a", "list"]',
        '{"text": "no id"}',
        '{"id": true, "text": "a boolean id"}',
        '{"id": 6, "text": "   "}',
        '{"id": 7, "text": 7}',
        '{"id": 1, "text": "the same id again"}',
    ]

    with pytest.raises(MalformedLines) as raised:
        parse_items(lines)

    assert [number for number, _ in raised.value.problems] == [2, 3, 4, 5, 6, 7, 8]
    assert "appears twice" in raised.value.problems[-1][1]


@pytest.mark.parametrize("name", ["need", "crisis", "coping"])
def test_the_three_tasks_are_known_by_name(name: str) -> None:
    assert parse_task(name) is Task(name)


def test_an_unknown_task_is_named_with_the_choices() -> None:
    with pytest.raises(InvalidInput, match="'mood' is not one of need, crisis, coping"):
        parse_task("mood")


def test_nothing_written_means_nothing_read() -> None:
    reading = read_free_text({})

    assert reading.risk == ()
    assert reading.need == {}


def test_distress_in_the_words_is_read_with_the_sentence_behind_it() -> None:
    reading = read_free_text(
        {"goal": "Get back to work", "text": "Since my father died I can't stop crying at night."}
    )

    assert reading.distress >= 0.5
    assert reading.need_evidence == "Since my father died I can't stop crying at night."
    assert reading.risk == ()


def test_risk_the_model_reads_is_reported_for_the_field_it_came_from() -> None:
    reading = read_free_text(
        {"goal": "Sort out my finances", "text": "I've given away my guitar. Tonight feels right."}
    )

    assert reading.risk
    assert {signal.source for signal in reading.risk} == {"text"}
    assert (reading.risk[0].by, reading.risk[0].level) == (By.MODEL, RiskLevel.CHECK)

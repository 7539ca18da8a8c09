"""The safety plan: the six steps of safety planning and the reasons to live, in our words,
and what may be written in each part."""

import pytest

from crossroads.kernel.errors import InvalidInput
from crossroads.safety_plan.rules import (
    KEYS,
    MAX_SECTION_LENGTH,
    SECTIONS,
    Section,
    empty_plan,
    plan_safety_plan,
)


def test_the_plan_has_the_six_steps_in_order_then_the_reasons_to_live() -> None:
    assert [section.step for section in SECTIONS] == [1, 2, 3, 4, 5, 6, None]
    assert [section.title for section in SECTIONS] == [
        "Warning signs",
        "Things I can do on my own",
        "People and places that take my mind off it",
        "People I can ask for help",
        "Professionals and lines",
        "Making my surroundings safer",
        "My reasons to live",
    ]
    assert len(set(KEYS)) == len(KEYS)


def test_each_step_is_headed_by_its_number() -> None:
    assert SECTIONS[0].heading == "1. Warning signs"
    assert SECTIONS[-1].heading == "My reasons to live"


# Phrases of the best-known published template (Stanley & Brown's), which we must not copy.
PUBLISHED = [
    "internal coping strategies",
    "without contacting another person",
    "social settings that provide distraction",
    "people whom i can ask for help",
    "professionals or agencies",
    "making the environment safe",
    "most important to me and worth living for",
    "a crisis may be developing",
]


@pytest.mark.parametrize("section", SECTIONS, ids=KEYS)
def test_titles_and_hints_are_in_our_own_words(section: Section) -> None:
    words = f"{section.title} {section.hint}".lower()
    assert [phrase for phrase in PUBLISHED if phrase in words] == []


def test_what_is_written_is_trimmed_and_a_part_left_out_is_blank() -> None:
    plan = plan_safety_plan({"reasons": "  My kids\r\nMy garden \r\n", "on_my_own": None})

    assert plan.written["reasons"] == "My kids\nMy garden"
    assert plan.written["on_my_own"] == ""
    assert list(plan.written) == list(KEYS)
    assert not plan.blank


def test_parts_come_in_order_with_their_sections() -> None:
    plan = plan_safety_plan({"warning_signs": "Not sleeping"})

    parts = plan.parts()

    assert [section for section, _ in parts] == list(SECTIONS)
    assert parts[0][1] == "Not sleeping"


@pytest.mark.parametrize("written", [{}, {"reasons": "   "}, dict.fromkeys(KEYS, "\r\n")])
def test_a_plan_with_nothing_written_is_blank(written: dict[str, str]) -> None:
    assert plan_safety_plan(written).blank
    assert empty_plan().blank


def test_a_part_may_hold_up_to_the_limit() -> None:
    plan = plan_safety_plan({"professionals": "x" * MAX_SECTION_LENGTH})

    assert len(plan.written["professionals"]) == MAX_SECTION_LENGTH


def test_a_part_over_the_limit_is_refused_by_its_key() -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_safety_plan({"reasons": "x" * (MAX_SECTION_LENGTH + 1)})

    assert refused.value.field == "reasons"
    assert "4000 characters or fewer" in refused.value.problem


def test_an_unknown_part_is_refused_by_its_name() -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_safety_plan({"calming": "A walk"})

    assert refused.value.field == "calming"
    assert "warning_signs" in refused.value.problem

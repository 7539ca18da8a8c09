"""Tools for the moment: which kind of coping each is, the rhythms' timing, the grounding walk
through the senses, the numbers found in a safety plan, and a tool's use as a journal entry."""

from datetime import UTC, datetime, timedelta

import pytest

from crossroads.journal.rules.coping import CopingKind, is_maladaptive
from crossroads.journal.rules.entries import EntryKind
from crossroads.journal.rules.exchange import (
    entries_from_csv,
    entries_from_json,
    entries_to_csv,
    entries_to_json,
)
from crossroads.journal.rules.tools import (
    GROUNDING,
    MAX_MINUTES,
    RHYTHMS,
    TOOL_COPING,
    URGES,
    Tool,
    phone_numbers,
    plan_tool_use,
    tool_summary,
)
from crossroads.kernel.errors import InvalidInput

NOW = datetime(2027, 3, 1, 21, 30, tzinfo=UTC)


def test_every_tool_is_a_kind_of_coping_that_usually_helps() -> None:
    assert set(TOOL_COPING) == set(Tool)
    assert not any(is_maladaptive(kind) for kind in TOOL_COPING.values())
    assert TOOL_COPING[Tool.REACHING_OUT] is CopingKind.SUPPORT
    assert TOOL_COPING[Tool.BREATHING] is CopingKind.RELAXATION


def test_the_rhythms_are_timed_as_the_stylesheet_draws_them() -> None:
    assert {key: rhythm.seconds for key, rhythm in RHYTHMS.items()} == {
        "even": 8,
        "longer_out": 19,
        "box": 16,
    }
    assert RHYTHMS["longer_out"].told == "in for 4, hold for 7, out for 8"


def test_grounding_counts_down_through_five_senses() -> None:
    assert [step.count for step in GROUNDING] == [5, 4, 3, 2, 1]
    assert [step.sense for step in GROUNDING] == ["see", "touch", "hear", "smell", "taste"]


def test_only_the_costly_kinds_of_coping_are_urges_to_wait_out() -> None:
    assert set(URGES) == {kind for kind in CopingKind if is_maladaptive(kind)}


@pytest.mark.parametrize(
    ("text", "dials"),
    [
        ("My sister Ana, 0612 345 678", ["0612345678"]),
        ("Sam +44 (0)20 7946 0958 or text 07700 900123", ["+4402079460958", "07700900123"]),
        ("Dr Lee: 555-0100. Again: 555-0100", ["5550100"]),
        ("Walk to the park at 5, flat 12", []),
        ("", []),
    ],
)
def test_numbers_are_found_in_what_the_plan_says(text: str, dials: list[str]) -> None:
    assert [number.dial for number in phone_numbers(text)] == dials


def test_a_tool_use_is_an_entry_of_its_coping_kind_without_a_mood() -> None:
    entry = plan_tool_use("breathing", {"rhythm": "box", "minutes": "3"}, NOW)

    assert entry.kind is EntryKind.TOOL
    assert entry.mood is None
    assert entry.coping == (CopingKind.RELAXATION,)
    assert entry.answers == {"tool": "breathing", "rhythm": "box", "minutes": "3"}
    assert entry.is_tool
    assert not entry.is_exercise


def test_a_mood_is_kept_only_when_the_person_gives_one() -> None:
    assert plan_tool_use("grounding", {"mood": " 6 "}, NOW).mood == 6
    assert plan_tool_use("grounding", {"mood": ""}, NOW).mood is None


def test_waiting_out_an_urge_counts_whole_minutes_from_its_start() -> None:
    started = (NOW - timedelta(minutes=9, seconds=59)).isoformat()
    fields = {"urge": "avoidance", "outcome": "eased", "started": started, "note": " Went out "}

    entry = plan_tool_use("urge_surfing", fields, NOW)

    assert entry.answers == {
        "tool": "urge_surfing",
        "minutes": "9",
        "urge": "avoidance",
        "outcome": "eased",
        "note": "Went out",
    }


def test_a_timer_left_open_counts_no_more_than_the_most_minutes() -> None:
    started = (NOW - timedelta(days=2)).isoformat()

    entry = plan_tool_use("urge_surfing", {"started": started}, NOW)

    assert entry.answers["minutes"] == str(MAX_MINUTES)


@pytest.mark.parametrize(
    ("tool", "fields", "field"),
    [
        ("nap", {}, "tool"),
        ("breathing", {"rhythm": "fast"}, "rhythm"),
        ("breathing", {"minutes": "-1"}, "minutes"),
        ("breathing", {"minutes": str(MAX_MINUTES + 1)}, "minutes"),
        ("breathing", {"minutes": "two"}, "minutes"),
        ("urge_surfing", {"urge": "movement"}, "urge"),
        ("urge_surfing", {"outcome": "won"}, "outcome"),
        ("grounding", {"mood": "11"}, "mood"),
        ("grounding", {"mood": "calm"}, "mood"),
        ("urge_surfing", {"started": "yesterday"}, "started"),
        ("urge_surfing", {"started": "2027-03-01T21:40:00+00:00"}, "started"),
        ("urge_surfing", {"started": "2027-03-01T21:00:00"}, "started"),
        ("grounding", {"note": "x" * 4001}, "note"),
    ],
)
def test_what_cannot_be_kept_is_refused_naming_its_field(
    tool: str, fields: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_tool_use(tool, fields, NOW)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        (
            {"tool": "breathing", "rhythm": "longer_out", "minutes": "3"},
            "Paced breathing (longer out), 3 minutes",
        ),
        ({"tool": "grounding", "minutes": "1"}, "Grounding, 5-4-3-2-1, 1 minute"),
        (
            {"tool": "urge_surfing", "urge": "substance", "minutes": "12", "outcome": "passed"},
            "Waiting out an urge (drinking, drugs or eating to cope), 12 minutes: the urge passed",
        ),
        (
            {"tool": "urge_surfing", "urge": "overwork", "outcome": "rose"},
            "Waiting out an urge (overworking): it grew stronger for a while",
        ),
        ({"tool": "reaching_out"}, "Reaching out"),
        ({"tool": "juggling"}, "Used a tool for the moment"),
    ],
)
def test_a_tool_use_reads_as_a_short_line(answers: dict[str, str], said: str) -> None:
    assert tool_summary(answers) == said


def test_a_tool_use_goes_out_and_back_in_unchanged_as_json_and_csv() -> None:
    started = (NOW - timedelta(minutes=7)).isoformat()
    fields = {"urge": "substance", "outcome": "acted", "started": started, "note": "Next time"}
    used = [
        plan_tool_use("urge_surfing", fields, NOW),
        plan_tool_use("breathing", {"rhythm": "longer_out", "mood": "5"}, NOW),
        plan_tool_use("reaching_out", {}, NOW),
    ]

    assert entries_from_json(entries_to_json(used)) == used
    assert entries_from_csv(entries_to_csv(used)) == used

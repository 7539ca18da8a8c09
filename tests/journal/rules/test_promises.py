"""Small promises to oneself: a check names its promise and carries its words, open promises
are those not kept in the last four weeks, and kept ones are counted by the week they were said
to be kept."""

from datetime import UTC, date, datetime, timedelta

import pytest

from crossroads.journal.rules.entries import Entry, EntryKind
from crossroads.journal.rules.exercises import answer_lines, plan_exercise
from crossroads.journal.rules.promises import (
    KEPT,
    NOT_YET,
    OPEN_DAYS,
    Promise,
    is_check,
    is_promise,
    plan_check,
    promises_of,
)
from crossroads.kernel.errors import InvalidInput

TODAY = date(2027, 3, 10)  # a Wednesday
NOON = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


def promise(text: str, days_ago: int = 0) -> Entry:
    fields = {"promise": text, "when": "Before work"}
    return plan_exercise(EntryKind.SELF_TRUST, fields, NOON - timedelta(days=days_ago))


def check(promise_id: str, kept: str, days_ago: int = 0) -> Entry:
    made = promise("a walk")
    return plan_check(promise_id, made, {"kept": kept}, NOON - timedelta(days=days_ago))


def test_a_check_names_its_promise_and_carries_its_words() -> None:
    made = promise("Drink a glass of water each morning")

    checked = plan_check("p1", made, {"kept": "yes", "noticed": " I felt steadier "}, NOON)

    assert checked.kind is EntryKind.SELF_TRUST
    assert checked.answers == {
        "promise_id": "p1",
        "promise": "Drink a glass of water each morning",
        "kept": "yes",
        "noticed": "I felt steadier",
    }
    assert is_check(checked.kind, checked.answers)
    assert not is_promise(checked)
    assert is_promise(made)
    assert not is_check(made.kind, made.answers)


@pytest.mark.parametrize("kept", ["", "maybe", "no"])
def test_a_check_says_kept_or_not_yet(kept: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_check("p1", promise("Stretch"), {"kept": kept}, NOON)

    assert refused.value.field == "kept"


def test_only_a_promise_can_be_checked() -> None:
    grief = plan_exercise(EntryKind.GRIEF, {"who": "Mum"}, NOON)
    earlier_check = plan_check("p1", promise("Stretch"), {"kept": KEPT}, NOON)

    for not_a_promise in (grief, earlier_check):
        with pytest.raises(InvalidInput) as refused:
            plan_check("x", not_a_promise, {"kept": KEPT}, NOON)
        assert refused.value.field == "promise"


def test_a_check_is_shown_in_plain_words() -> None:
    checked = plan_check("p1", promise("Stretch"), {"kept": NOT_YET, "noticed": "Busy"}, NOON)

    assert answer_lines(checked.kind, checked.answers) == (
        ("Your promise", "Stretch"),
        ("Did you keep it?", "Not yet"),
        ("What you noticed", "Busy"),
    )


def test_open_promises_are_those_not_kept_newest_first() -> None:
    entries = [
        ("a", promise("Walk", days_ago=6)),
        ("b", promise("Read", days_ago=3)),
        ("c", promise("Call Sam", days_ago=1)),
        ("k", check("b", KEPT, days_ago=2)),
        ("n", check("c", NOT_YET)),  # not yet: still open
    ]

    found = promises_of(entries, TODAY)

    assert [each.id for each in found.open] == ["c", "a"]
    assert found.open[0] == Promise("c", TODAY - timedelta(days=1), "Call Sam", "Before work")


def test_a_promise_leaves_the_open_ones_quietly_after_four_weeks() -> None:
    entries = [
        ("last", promise("Walk", days_ago=OPEN_DAYS - 1)),
        ("gone", promise("Read", days_ago=OPEN_DAYS)),
    ]

    assert [each.id for each in promises_of(entries, TODAY).open] == ["last"]


def test_kept_promises_are_counted_by_the_week_they_were_said_kept() -> None:
    # TODAY is a Wednesday: this week began 2 days ago, last week 9 days ago.
    entries = [
        *(("p" + str(n), promise(str(n), days_ago=30)) for n in range(6)),
        ("k0", check("p0", KEPT, days_ago=0)),
        ("k1", check("p1", KEPT, days_ago=2)),  # Monday: this week
        ("k2", check("p2", KEPT, days_ago=3)),  # Sunday: last week
        ("k3", check("p3", KEPT, days_ago=23)),  # three weeks ago
        ("k4", check("p4", KEPT, days_ago=24)),  # four weeks ago: not counted
        ("k5", check("p5", NOT_YET, days_ago=1)),
        ("again", check("p0", KEPT, days_ago=1)),  # said twice: counted once, on the first day
    ]

    found = promises_of(entries, TODAY)

    assert found.kept_by_week == (2, 1, 0, 1)
    assert found.kept == 4

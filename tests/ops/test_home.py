"""The one next step a client's home offers: a session about to start beats everything, the
crisis lines come before what is due, what is due beats what the assessment suggested, and the
journal is there when nothing else is."""

from dataclasses import replace
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from crossroads.assessment.rules.triage import Route
from crossroads.ops.home import ClientHome

TODAY = date(2027, 3, 4)
ROOM = "https://meet.example.org/crossroads-1"
GOAL = SimpleNamespace(id="g1", goal=SimpleNamespace(what="Run 30 km a month"))
HOMEWORK_DUE = SimpleNamespace(due_on=TODAY, text="Keep a sleep diary")
HOMEWORK_LATER = SimpleNamespace(due_on=date(2027, 3, 9), text="Call a friend")
RETAKE = SimpleNamespace(instrument="who5", name="WHO-5")
BOOKING = SimpleNamespace(id="b1")

NOTHING = ClientHome(
    today=TODAY,
    goals=[],
    check_ins_due=[],
    homework=[],
    retakes_due=[],
    next_booking=None,
    room="",
    mood=None,
    unread=0,
    route=None,
)


def home(**changes: Any) -> ClientHome:
    return replace(NOTHING, **changes)


@pytest.mark.parametrize(
    ("situation", "label", "href"),
    [
        (home(), "Start the assessment", "/assessment"),
        (home(route=Route.UNDETERMINED), "Answer a few more questions", "/assessment"),
        (home(route=Route.CRISIS), "Talk to someone now", "/help-now"),
        (home(route=Route.CRISIS, check_ins_due=[GOAL]), "Talk to someone now", "/help-now"),
        (home(route=Route.CRISIS, room=ROOM), "Join your session", ROOM),
        (home(route=Route.COACHING), "Set your first goal", "/grow"),
        (home(route=Route.BOTH), "Set your first goal", "/grow"),
        (home(route=Route.THERAPY), "Find a therapist who fits", "/matches"),
        (home(route=Route.BOTH, goals=[GOAL]), "Find a therapist who fits", "/matches"),
        (home(route=Route.THERAPY, next_booking=BOOKING), "Write about today", "/journal"),
        (home(route=Route.COACHING, goals=[GOAL]), "Write about today", "/journal"),
        (home(homework=[HOMEWORK_LATER]), "Start the assessment", "/assessment"),
        (home(retakes_due=[RETAKE]), "Answer the WHO-5", "/measures/who5"),
        (home(retakes_due=[RETAKE], homework=[HOMEWORK_DUE]), "See what to try", "/homework"),
        (
            home(homework=[HOMEWORK_DUE], goals=[GOAL], check_ins_due=[GOAL]),
            "Check in on your goal",
            "/goals/g1#check-in",
        ),
        (
            home(check_ins_due=[GOAL], next_booking=BOOKING, room=ROOM),
            "Join your session",
            ROOM,
        ),
    ],
)
def test_the_next_step_is_the_one_that_matters_most_now(
    situation: ClientHome, label: str, href: str
) -> None:
    assert (situation.next_step.label, situation.next_step.href) == (label, href)


def test_homework_not_yet_due_is_listed_but_is_not_the_next_step() -> None:
    later = home(homework=[HOMEWORK_LATER])

    assert later.anything_due
    assert later.homework_due == []


def test_the_next_step_says_why_in_the_persons_own_terms() -> None:
    due = home(goals=[GOAL], check_ins_due=[GOAL])

    assert "Run 30 km a month" in due.next_step.why

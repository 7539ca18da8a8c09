"""Strategies against an obstacle, run as small experiments: tried for a while, then judged by
how well they worked, so a person learns what works for them. Pure logic."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_written

MAX_STRATEGY = 300
MAX_NOTE = 2000


class Outcome(StrEnum):
    WORKED = "worked"
    PARTLY = "partly"
    DID_NOT = "did_not"


OUTCOME_NAMES = {
    Outcome.WORKED: "It worked",
    Outcome.PARTLY: "Partly",
    Outcome.DID_NOT: "It didn't",
}


@dataclass(frozen=True)
class Strategy:
    text: str
    starts_on: date | None = None
    ends_on: date | None = None
    outcome: Outcome | None = None
    note: str = ""


def plan_strategy(
    text: str, starts_on: date | None = None, ends_on: date | None = None
) -> Strategy:
    """A strategy to try, or InvalidInput naming the field."""
    text = parse_written(text, "text", MAX_STRATEGY, missing="say what you will try")
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise InvalidInput("ends_on", "the experiment cannot end before it starts")
    return Strategy(text, starts_on, ends_on)


def judge(strategy: Strategy, outcome: Outcome, note: str = "") -> Strategy:
    """The experiment's result; judging again replaces the earlier verdict."""
    note = parse_written(note, "note", MAX_NOTE)
    return Strategy(strategy.text, strategy.starts_on, strategy.ends_on, outcome, note)


def name_obstacle(text: str) -> str:
    """What gets in the way, in the person's words, or InvalidInput."""
    return parse_written(text, "text", MAX_STRATEGY, missing="say what gets in the way")

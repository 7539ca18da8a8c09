"""Tools for the moment, offered on the "right now" page: paced breathing in a few rhythms, a
5-4-3-2-1 grounding walk-through, waiting out an urge, and reaching out to the people in one's
safety plan. Using one can be kept in the journal as coping, in one tap.

A tool is coping, not healing work: it helps a person through the moment. Breathing, grounding
and waiting out an urge are kept as breathing and relaxation (waiting out an urge is a
mindfulness practice: noticing the urge rise, peak and fall without acting on it); reaching out
is kept as reaching out. Pure logic.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from crossroads.journal.rules.coping import COPING, CopingKind, is_maladaptive
from crossroads.journal.rules.entries import MAX_TEXT, SCALE, Entry, EntryKind
from crossroads.journal.rules.exercises import minutes_stayed
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_whole, parse_written

MAX_MINUTES = 120  # a tool used longer than this was left open, not used


class Tool(StrEnum):
    BREATHING = "breathing"
    GROUNDING = "grounding"
    URGE_SURFING = "urge_surfing"
    REACHING_OUT = "reaching_out"


TOOL_NAMES = {
    Tool.BREATHING: "Paced breathing",
    Tool.GROUNDING: "Grounding, 5-4-3-2-1",
    Tool.URGE_SURFING: "Waiting out an urge",
    Tool.REACHING_OUT: "Reaching out",
}

TOOL_COPING = {
    Tool.BREATHING: CopingKind.RELAXATION,
    Tool.GROUNDING: CopingKind.RELAXATION,
    Tool.URGE_SURFING: CopingKind.RELAXATION,
    Tool.REACHING_OUT: CopingKind.SUPPORT,
}


@dataclass(frozen=True)
class Rhythm:
    """A breathing rhythm: its phases as (what to do, seconds), one breath in all."""

    key: str
    name: str
    phases: tuple[tuple[str, int], ...]

    @property
    def seconds(self) -> int:
        return sum(seconds for _, seconds in self.phases)

    @property
    def told(self) -> str:
        """The rhythm in words: "in for 4, hold for 7, out for 8"."""
        return ", ".join(f"{what.lower()} for {seconds}" for what, seconds in self.phases)


# The stylesheet draws one animation per rhythm (pace-<key>), timed to these phases.
RHYTHMS = {
    rhythm.key: rhythm
    for rhythm in (
        Rhythm("even", "Even", (("In", 4), ("Out", 4))),
        Rhythm("longer_out", "Longer out", (("In", 4), ("Hold", 7), ("Out", 8))),
        Rhythm("box", "Box", (("In", 4), ("Hold", 4), ("Out", 4), ("Hold", 4))),
    )
}


@dataclass(frozen=True)
class GroundingStep:
    count: int
    sense: str
    prompt: str


GROUNDING = (
    GroundingStep(5, "see", "Look around and name five things you can see. Take your time."),
    GroundingStep(4, "touch", "Notice four things you can feel: your feet, the chair, the air."),
    GroundingStep(3, "hear", "Listen for three sounds, near or far."),
    GroundingStep(2, "smell", "Find two things you can smell, or two smells you like."),
    GroundingStep(1, "taste", "Notice one thing you can taste, or take a sip of water."),
)

URGES = tuple(kind for kind in CopingKind if is_maladaptive(kind))
URGE_KEYS = frozenset(kind.value for kind in URGES)


class UrgeOutcome(StrEnum):
    PASSED = "passed"
    EASED = "eased"
    ROSE = "rose"
    ACTED = "acted"


OUTCOME_NAMES = {
    UrgeOutcome.PASSED: "The urge passed",
    UrgeOutcome.EASED: "It eased a little",
    UrgeOutcome.ROSE: "It grew stronger for a while",
    UrgeOutcome.ACTED: "I went with the urge this time",
}

# A number as people write it in a plan: digits with spaces, dots, dashes or brackets between,
# perhaps a leading +; at least three digits, so a year or a house number is not dialled.
_NUMBER = re.compile(r"\+?\d[\d\s().-]{1,18}\d")
_MIN_DIGITS = 3


@dataclass(frozen=True)
class PhoneNumber:
    written: str  # as it appears in the plan
    dial: str  # digits, with the + if written


def phone_numbers(text: str) -> tuple[PhoneNumber, ...]:
    """The phone numbers written in a part of the safety plan, in order, each once."""
    found: dict[str, PhoneNumber] = {}
    for match in _NUMBER.finditer(text):
        written = match.group().strip()
        digits = re.sub(r"\D", "", written)
        if len(digits) < _MIN_DIGITS:
            continue
        dial = ("+" if written.startswith("+") else "") + digits
        found.setdefault(dial, PhoneNumber(written, dial))
    return tuple(found.values())


def plan_tool_use(tool: str, fields: Mapping[str, str], at: datetime) -> Entry:
    """A tool's use as a journal entry of kind TOOL, or InvalidInput naming the field.

    `fields` may hold the rhythm breathed, the minutes (or "started", the moment the page gave
    when waiting out an urge began, from which the whole minutes are counted), the urge and how
    it went, a note in the person's words, and a mood (0 to 10) if they give one: a tool's use
    has no mood otherwise."""
    try:
        chosen = Tool(tool.strip())
    except ValueError:
        raise InvalidInput("tool", "choose one of the tools") from None
    answers = {"tool": chosen.value}
    rhythm = fields.get("rhythm", "").strip()
    if chosen is Tool.BREATHING and rhythm:
        if rhythm not in RHYTHMS:
            raise InvalidInput("rhythm", "choose one of the rhythms")
        answers["rhythm"] = rhythm
    minutes = _minutes(fields, at)
    if minutes is not None:
        answers["minutes"] = str(minutes)
    if chosen is Tool.URGE_SURFING:
        answers |= _urge(fields)
    note = parse_written(fields.get("note", ""), "note", MAX_TEXT)
    if note:
        answers["note"] = note
    return Entry(
        at=at,
        mood=_mood(fields),
        kind=EntryKind.TOOL,
        coping=(TOOL_COPING[chosen],),
        answers=answers,
    )


def _mood(fields: Mapping[str, str]) -> int | None:
    written = fields.get("mood", "").strip()
    if not written:
        return None
    mood = parse_whole(written, "mood")
    if mood not in SCALE:
        raise InvalidInput("mood", "choose a number from 0 to 10")
    return mood


def _minutes(fields: Mapping[str, str], at: datetime) -> int | None:
    written = fields.get("minutes", "").strip()
    if written:
        minutes = parse_whole(written, "minutes")
        if not 0 <= minutes <= MAX_MINUTES:
            raise InvalidInput("minutes", f"give a number of minutes from 0 to {MAX_MINUTES}")
        return minutes
    started = fields.get("started", "").strip()
    if not started:
        return None
    try:
        began = datetime.fromisoformat(started)
    except ValueError:
        raise InvalidInput("started", "start the timer again from the page") from None
    if began.tzinfo is None or began > at:
        raise InvalidInput("started", "start the timer again from the page")
    return minutes_stayed(began, at, MAX_MINUTES)


def _urge(fields: Mapping[str, str]) -> dict[str, str]:
    answers = {}
    urge = fields.get("urge", "").strip()
    if urge:
        if urge not in URGE_KEYS:
            raise InvalidInput("urge", "choose one of the urges")
        answers["urge"] = urge
    outcome = fields.get("outcome", "").strip()
    if outcome:
        if outcome not in OUTCOME_NAMES:
            raise InvalidInput("outcome", "choose how it went")
        answers["outcome"] = outcome
    return answers


def tool_summary(answers: Mapping[str, str]) -> str:
    """A tool's use in words, for the timeline and the exports: "Paced breathing (Longer out),
    3 minutes"."""
    try:
        tool = Tool(answers.get("tool", ""))
    except ValueError:
        return "Used a tool for the moment"
    said = TOOL_NAMES[tool]
    rhythm = RHYTHMS.get(answers.get("rhythm", ""))
    urge = answers.get("urge", "")
    if rhythm is not None:
        said += f" ({rhythm.name.lower()})"
    elif urge in COPING:
        said += f" ({COPING[CopingKind(urge)].name.lower()})"
    minutes = answers.get("minutes", "")
    if minutes.isdigit():
        said += f", {minutes} minute{'' if minutes == '1' else 's'}"
    outcome = answers.get("outcome", "")
    if outcome in OUTCOME_NAMES:
        said += f": {OUTCOME_NAMES[UrgeOutcome(outcome)].lower()}"
    return said

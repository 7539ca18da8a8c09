"""A personal safety plan: the six steps of safety planning and the person's reasons to live,
what each part is for, and the limits on what is written in it.

Pure logic. What a person writes here is never sent through the crisis screen: the plan is
itself the response to risk, written to be read on a bad day, so it will and should name
warning signs, means to put away and the wish to stay safe; screening it would only raise false
alarms. Every page that shows the plan shows the crisis lines with it, always.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from crossroads.kernel.errors import InvalidInput

MAX_SECTION_LENGTH = 4_000  # characters in one part: a long list, still one printed page


@dataclass(frozen=True)
class Section:
    """One part of the plan. `step` is its place among the six steps; None for the reasons
    to live, which belong to no step and come last."""

    key: str
    title: str
    hint: str
    step: int | None

    @property
    def heading(self) -> str:
        """The title with its step's number: "1. Warning signs"."""
        return f"{self.step}. {self.title}" if self.step else self.title


SECTIONS = (
    Section(
        "warning_signs",
        "Warning signs",
        "The thoughts, moods, places or habits that tell me a hard stretch is beginning.",
        1,
    ),
    Section(
        "on_my_own",
        "Things I can do on my own",
        "Small things that help me ride out a bad moment by myself: a shower, a song, a walk"
        " around the block.",
        2,
    ),
    Section(
        "people_places",
        "People and places that take my mind off it",
        "Who I can be around, and where I can go, without having to explain how I feel.",
        3,
    ),
    Section(
        "ask_for_help",
        "People I can ask for help",
        "Friends or family I could tell that I'm struggling, and how to reach each of them.",
        4,
    ),
    Section(
        "professionals",
        "Professionals and lines",
        "My doctor, therapist or another professional, with their numbers. The crisis lines"
        " for where I am come with the plan.",
        5,
    ),
    Section(
        "safer_surroundings",
        "Making my surroundings safer",
        "What I could put away, hand to someone I trust, or keep out of reach while things"
        " are hard.",
        6,
    ),
    Section(
        "reasons",
        "My reasons to live",
        "The people, plans, animals and small joys that matter to me, even on a bad day.",
        None,
    ),
)
KEYS = tuple(section.key for section in SECTIONS)


@dataclass(frozen=True)
class SafetyPlan:
    """What the person wrote in each part, by key, in the order of SECTIONS; "" where blank."""

    written: dict[str, str]

    @property
    def blank(self) -> bool:
        return not any(self.written.values())

    def parts(self) -> list[tuple[Section, str]]:
        """Each section with what was written in it, in order."""
        return [(section, self.written[section.key]) for section in SECTIONS]


def plan_safety_plan(written: Mapping[str, str | None]) -> SafetyPlan:
    """The plan from what was written in each part, trimmed, with one kind of line break; a
    part left out is blank. InvalidInput names an unknown part or one that is too long."""
    unknown = sorted(set(written) - set(KEYS))
    if unknown:
        raise InvalidInput(unknown[0], f"not a part of the safety plan; the parts are {_keys()}")
    plan = {}
    for key in KEYS:
        text = (written.get(key) or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) > MAX_SECTION_LENGTH:
            raise InvalidInput(key, f"keep each part to {MAX_SECTION_LENGTH} characters or fewer")
        plan[key] = text
    return SafetyPlan(plan)


def empty_plan() -> SafetyPlan:
    return SafetyPlan(dict.fromkeys(KEYS, ""))


def _keys() -> str:
    return ", ".join(KEYS)

"""A journal entry: when, how the person felt (mood 0 to 10 and named emotions), what happened,
how they coped and how much it helped. Healing exercises are saved as entries too, so they sit in
the same timeline.

Emotions come from a fixed list (so that patterns can be counted) and may be added to in the
person's own words. The list covers the emotions most often named in mood journals, pleasant and
unpleasant, in plain everyday words.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cached_property

from crossroads.journal.rules.coping import CopingKind, coping_kind
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_written

SCALE = range(0, 11)  # mood and "how much it helped", 0 to 10
MAX_TEXT = 4000
MAX_OWN_EMOTIONS = 5
MAX_EMOTION_WORD = 30
# How many emotions and ways of coping one entry may send, repeats included. Only the API
# applies these: what an entry keeps is bounded by the lists, each kept once, and MAX_OWN_EMOTIONS.
MAX_EMOTIONS_SENT = 40
MAX_COPING_SENT = 20
FIRST_YEAR, LAST_YEAR = 1900, 9000  # far enough either way, and clear of datetime's limits

EMOTIONS = (
    "calm",
    "content",
    "grateful",
    "happy",
    "hopeful",
    "proud",
    "relieved",
    "loved",
    "anxious",
    "afraid",
    "angry",
    "frustrated",
    "sad",
    "lonely",
    "hurt",
    "ashamed",
    "guilty",
    "jealous",
    "overwhelmed",
    "tired",
    "numb",
    "bored",
)


class Situation(StrEnum):
    """Where the moment came from, for patterns by situation."""

    WORK = "work"
    STUDY = "study"
    FAMILY = "family"
    PARTNER = "partner"
    FRIENDS = "friends"
    HEALTH = "health"
    MONEY = "money"
    HOME = "home"
    ALONE = "alone"
    OTHER = "other"


SITUATION_NAMES = {
    Situation.WORK: "Work",
    Situation.STUDY: "Study",
    Situation.FAMILY: "Family",
    Situation.PARTNER: "A partner",
    Situation.FRIENDS: "Friends",
    Situation.HEALTH: "Health",
    Situation.MONEY: "Money",
    Situation.HOME: "Home",
    Situation.ALONE: "Time alone",
    Situation.OTHER: "Something else",
}


class EntryKind(StrEnum):
    """What an entry is. An entry proper; a healing exercise (every kind from THOUGHT_RECORD to
    FEELING); or a tool for the moment used from the "right now" page, which is coping, not
    healing work, and names the kind of coping it was."""

    ENTRY = "entry"
    THOUGHT_RECORD = "thought_record"
    GRIEF = "grief"
    SELF_COMPASSION = "self_compassion"
    BELIEF = "belief"  # finding the belief under a recurring thought, and a kinder one
    SELF_TRUST = "self_trust"  # small promises to oneself, kept and noticed
    FEELING = "feeling"  # letting a feeling be felt; answers["minutes"] is the time stayed
    TOOL = "tool"  # a tool for the moment; answers["tool"] names it


@dataclass(frozen=True)
class Entry:
    """One entry as the person wrote it. `at` is aware and, for insights, in the person's own
    time zone. `coping` holds the kinds picked from the list; `own_coping` is coping in their
    words, and `own_coping_kind` what the classifier (or the person's correction) made of it."""

    at: datetime
    mood: int | None
    emotions: tuple[str, ...] = ()
    situation: Situation | None = None
    what_happened: str = ""
    coping: tuple[CopingKind, ...] = ()
    own_coping: str = ""
    own_coping_kind: CopingKind | None = None
    corrected: bool = False  # the person set own_coping_kind themselves
    helped: int | None = None
    note: str = ""
    kind: EntryKind = EntryKind.ENTRY
    answers: Mapping[str, str] = field(default_factory=dict)  # an exercise's answers

    @cached_property
    def all_coping(self) -> tuple[CopingKind, ...]:
        """Every kind of coping the entry names, each once. Kept once worked out: the
        insights ask for it about ten times per entry."""
        kinds = [*self.coping]
        if self.own_coping_kind is not None:
            kinds.append(self.own_coping_kind)
        return tuple(dict.fromkeys(kinds))

    @property
    def is_exercise(self) -> bool:
        return self.kind not in (EntryKind.ENTRY, EntryKind.TOOL)

    @property
    def is_tool(self) -> bool:
        return self.kind is EntryKind.TOOL


def plan_entry(
    *,
    at: datetime,
    mood: int | None,
    emotions: Iterable[str] = (),
    situation: str = "",
    what_happened: str = "",
    coping: Iterable[str] = (),
    own_coping: str = "",
    helped: int | None = None,
    note: str = "",
) -> Entry:
    """An entry checked field by field, or InvalidInput naming the field. Only the mood is
    needed, so a quick entry is one tap."""
    if at.tzinfo is None:
        raise ValueError("an entry's time must carry its time zone")
    if not FIRST_YEAR <= at.year <= LAST_YEAR:
        raise InvalidInput("at", f"give a date between {FIRST_YEAR} and {LAST_YEAR}")
    if mood is None:
        raise InvalidInput("mood", "choose how you feel, from 0 to 10")
    _on_scale(mood, "mood")
    if helped is not None:
        _on_scale(helped, "helped")
    return Entry(
        at=at,
        mood=mood,
        emotions=named_emotions(emotions),
        situation=_situation(situation),
        what_happened=parse_written(what_happened, "what_happened", MAX_TEXT),
        coping=tuple(dict.fromkeys(coping_kind(each) for each in coping if each.strip())),
        own_coping=parse_written(own_coping, "own_coping", MAX_TEXT),
        helped=helped,
        note=parse_written(note, "note", MAX_TEXT),
    )


def named_emotions(words: Iterable[str]) -> tuple[str, ...]:
    """Emotions from the list and up to a few of the person's own words, lower case, each once."""
    chosen = tuple(dict.fromkeys(word.strip().lower() for word in words if word.strip()))
    own = [word for word in chosen if word not in EMOTIONS]
    if len(own) > MAX_OWN_EMOTIONS:
        raise InvalidInput("emotions", f"add at most {MAX_OWN_EMOTIONS} words of your own")
    if any(len(word) > MAX_EMOTION_WORD for word in own):
        raise InvalidInput("emotions", "keep each word short")
    if any(";" in word for word in own):  # the separator of our CSV export
        raise InvalidInput("emotions", "write each feeling without semicolons")
    return chosen


def _on_scale(value: int, field: str) -> None:
    if value not in SCALE:
        raise InvalidInput(field, "choose a number from 0 to 10")


def _situation(text: str) -> Situation | None:
    if not text.strip():
        return None
    try:
        return Situation(text.strip())
    except ValueError:
        raise InvalidInput("situation", "choose one of the listed situations") from None

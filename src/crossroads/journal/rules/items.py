"""A journal entry as a JSON-ready item of named fields, and back, checked by the same rules as an
entry written in the journal. journal_exchange builds its files on these.
"""

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from crossroads.journal.rules.coping import coping_kind
from crossroads.journal.rules.entries import MAX_TEXT, Entry, EntryKind, plan_entry
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_written

FIELDS = (
    *("at", "kind", "mood", "emotions", "situation", "what_happened", "coping", "own_coping"),
    *("own_coping_kind", "corrected", "helped", "note", "answers"),
)
WHOLE_ITEM = "row"  # the field named by a problem with the item as a whole
# Exercises carry no mood, and plan_entry asks for one; this stands in for its check only.
_EXERCISE_MOOD = 0
_WRONG_TYPE = {str: "write text", int: "write a whole number", bool: "write true or false"}
_T = TypeVar("_T")


def entry_to_item(entry: Entry) -> dict[str, object]:
    """Every field of the entry as str, int, bool, None, list or dict, in the order of FIELDS."""
    own_kind = entry.own_coping_kind
    return {
        "at": entry.at.isoformat(),
        "kind": entry.kind.value,
        "mood": entry.mood,
        "emotions": list(entry.emotions),
        "situation": None if entry.situation is None else entry.situation.value,
        "what_happened": entry.what_happened,
        "coping": [kind.value for kind in entry.coping],
        "own_coping": entry.own_coping,
        "own_coping_kind": None if own_kind is None else own_kind.value,
        "corrected": entry.corrected,
        "helped": entry.helped,
        "note": entry.note,
        "answers": dict(entry.answers),
    }


def entry_from_item(item: Mapping[str, object]) -> Entry:
    """The entry an item stands for; a missing or null field takes the entry's default. Raises
    InvalidInput naming the first field that is out of shape or range."""
    unknown = sorted(str(name) for name in set(item) - set(FIELDS))
    if unknown:
        raise InvalidInput(WHOLE_ITEM, "unknown fields: " + ", ".join(unknown))
    kind = _entry_kind(_typed(item, "kind", str, "") or EntryKind.ENTRY.value)
    mood = _typed(item, "mood", int, None)
    planned = plan_entry(
        at=_moment(_typed(item, "at", str, "")),
        mood=_EXERCISE_MOOD if mood is None and kind is not EntryKind.ENTRY else mood,
        emotions=_words(item, "emotions"),
        situation=_typed(item, "situation", str, ""),
        what_happened=_typed(item, "what_happened", str, ""),
        coping=_words(item, "coping"),
        own_coping=_typed(item, "own_coping", str, ""),
        helped=_typed(item, "helped", int, None),
        note=_typed(item, "note", str, ""),
    )
    own_kind = _typed(item, "own_coping_kind", str, "")
    return replace(
        planned,
        mood=mood,
        kind=kind,
        own_coping_kind=coping_kind(own_kind, "own_coping_kind") if own_kind.strip() else None,
        corrected=_typed(item, "corrected", bool, False),
        answers=_answers(item),
    )


def _entry_kind(text: str) -> EntryKind:
    try:
        return EntryKind(text.strip())
    except ValueError:
        kinds = ", ".join(kind.value for kind in EntryKind)
        raise InvalidInput("kind", f"choose one of {kinds}") from None


def _moment(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise InvalidInput("at", "write the time with its UTC offset, as 2024-03-05T21:30:00+01:00")
    return at


def _typed(item: Mapping[str, object], name: str, kind: type[_T], default: _T) -> _T:
    """The field's value, or `default` where it is missing or null."""
    value = item.get(name)
    if value is None:
        return default
    if isinstance(value, kind) and type(value) is kind:  # exactly: JSON's true is no number
        return value
    raise InvalidInput(name, _WRONG_TYPE[kind])


def _words(item: Mapping[str, object], name: str) -> list[str]:
    value = item.get(name) or []
    if not isinstance(value, list) or not all(isinstance(each, str) for each in value):
        raise InvalidInput(name, "write a list of words")
    return value


def _answers(item: Mapping[str, object]) -> dict[str, str]:
    value = item.get("answers") or {}
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and key.strip() and isinstance(text, str)
        for key, text in value.items()
    ):
        raise InvalidInput("answers", "write each answer as text under the name of its question")
    return {key: parse_written(text, "answers", MAX_TEXT) for key, text in value.items()}

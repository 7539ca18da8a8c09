"""The sealed body of a journal entry: every field the person wrote or rated, as JSON, and back.
The moment and the kind live in plaintext columns and are passed in when reading."""

from datetime import datetime
from typing import Any

from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import Entry, EntryKind, Situation


def entry_payload(entry: Entry, evidence: str) -> dict[str, Any]:
    return {
        "kind": entry.kind.value,  # an exercise's kind (grief work, say) is health information
        "mood": entry.mood,
        "emotions": list(entry.emotions),
        "situation": entry.situation.value if entry.situation else None,
        "what_happened": entry.what_happened,
        "coping": [kind.value for kind in entry.coping],
        "own_coping": entry.own_coping,
        "own_coping_kind": entry.own_coping_kind.value if entry.own_coping_kind else None,
        "corrected": entry.corrected,
        "helped": entry.helped,
        "note": entry.note,
        "answers": dict(entry.answers),
        "evidence": evidence,
    }


def entry_from(payload: dict[str, Any], at: datetime, legacy_kind: str | None) -> Entry:
    """The entry sealed in `payload`; `legacy_kind` is the plaintext kind of a row stored
    before the kind was sealed, which `crossroads db upgrade` moves into the payload."""
    own_kind = payload["own_coping_kind"]
    kind = EntryKind(str(payload.get("kind", legacy_kind)))
    return Entry(
        at=at,
        mood=payload["mood"],
        emotions=tuple(payload["emotions"]),
        situation=Situation(payload["situation"]) if payload["situation"] else None,
        what_happened=payload["what_happened"],
        coping=tuple(CopingKind(each) for each in payload["coping"]),
        own_coping=payload["own_coping"],
        own_coping_kind=CopingKind(own_kind) if own_kind else None,
        corrected=payload["corrected"],
        helped=payload["helped"],
        note=payload["note"],
        kind=kind,
        answers=payload["answers"],
    )

"""The shapes a readable export is made of: sections of records, each a few labelled lines, and
the small readers that turn the export's stored values back into days, times and words."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

When = datetime | date | None  # written by the page in the reader's own zone and date format


@dataclass(frozen=True)
class Line:
    """One labelled fact; `items` list its parts under the label, each a Line of its own.
    `before` is a word the page writes before `when` ("due")."""

    label: str
    text: str = ""
    when: When = None
    items: tuple["Line", ...] = ()
    before: str = ""


@dataclass(frozen=True)
class Record:
    """One thing held: an assessment, a goal, a journal entry. A record with no title is the
    section's only one (the account, the safety plan)."""

    title: str = ""
    when: When = None
    lines: tuple[Line, ...] = ()
    link: tuple[str, str] | None = None  # (the words, the address) of its own page


@dataclass(frozen=True)
class Section:
    """One part of the page; `parts` are the export's keys it shows."""

    parts: tuple[str, ...]
    heading: str
    records: tuple[Record, ...] = ()
    empty: str = "None."
    note: str = ""
    counted: bool = True  # whether the heading says how many records there are

    @property
    def anchor(self) -> str:
        return self.parts[0].replace("_", "-")


def lines(*found: Line | None) -> tuple[Line, ...]:
    """The lines that say something: a line with nothing to say is left out."""
    return tuple(line for line in found if line is not None)


def said(label: str, text: object, when: When = None, *, before: str = "") -> Line | None:
    """A line, or None when there is neither text nor a day to show."""
    written = "" if text is None else str(text).strip()
    if not written and when is None:
        return None
    return Line(label, written, when, before=before if when is not None else "")


def listed(label: str, items: Iterable[Line | None]) -> Line | None:
    kept = tuple(item for item in items if item is not None)
    return Line(label, items=kept) if kept else None


def moment(value: object) -> datetime | None:
    """A stored moment ("2026-12-07T21:00:24+00:00" or "2026-12-07 21:00:24+00:00")."""
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def day(value: object) -> date | None:
    return date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


def yes_no(flag: object) -> str:
    return "yes" if flag else "no"


def counted(number: int, thing: str) -> str:
    """ "1 check-in", "3 check-ins"."""
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def out_of(value: object, scale: int) -> str:
    return "" if value is None else f"{value} out of {scale}"


def label_of(labels: Mapping[Any, str], key: object, otherwise: str = "") -> str:
    """What a stored key is called; `otherwise` where it is not one we know, never the key."""
    return labels.get(key, otherwise) if key is not None else otherwise

"""Bring a person's mood journal in and out as text: our own CSV and JSON, which keep every field
of an entry, and Daylio's CSV export, read only. Pure: the caller reads and writes the files and
passes the person's time zone in. Hostile files are refused with InvalidInput or ImportProblems,
never with any other error; our CSV's cells never start a spreadsheet formula.
"""

import csv
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from datetime import datetime, time, tzinfo
from typing import TypeVar

from crossroads.journal.rules.entries import Entry, plan_entry
from crossroads.journal.rules.items import FIELDS, WHOLE_ITEM, entry_from_item, entry_to_item
from crossroads.kernel.errors import ImportProblems, InvalidInput
from crossroads.kernel.parsing import parse_day, parse_whole

COLUMNS = FIELDS  # the CSV's header names an entry's fields, in order
DAYLIO_HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"
DAYLIO_NEEDED = frozenset({"full_date", "time", "mood"})  # older exports lack note_title
# Lists are split at ";" when read back, so an emotion word of the person's own that holds a ";"
# comes back from CSV as two words; JSON keeps it whole.
LIST_SEPARATOR = "; "
# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) can send
# what sits beside it anywhere). Such a cell is written after an apostrophe, as OWASP advises,
# and so is one that starts with an apostrophe, so that reading back removes exactly one.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
MAX_NESTING = 16  # lists and objects inside each other in a JSON file; ours need three
MAX_DIGITS = 20  # in a JSON number; none of ours is longer than a year
_HALF_CHARACTER = re.compile("[\ud800-\udfff]")  # a surrogate alone: half of an emoji, cut
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?", re.IGNORECASE)
_Row = TypeVar("_Row")


def entries_to_json(entries: Iterable[Entry]) -> list[dict[str, object]]:
    """Every field of each entry, as values JSON can hold, keyed by the CSV's column names."""
    return [entry_to_item(entry) for entry in entries]


def entries_to_csv(entries: Iterable[Entry]) -> str:
    """Our CSV: the header row, then one row per entry with every field kept."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for item in entries_to_json(entries):
        writer.writerow(_cell(item[column]) for column in COLUMNS)
    return out.getvalue()


def read_json(text: str, field: str) -> object:
    """The JSON in `text`, or InvalidInput naming `field` when it is not JSON or is JSON that no
    file of ours holds: nesting deeper than MAX_NESTING, a number longer than MAX_DIGITS, NaN
    or Infinity, or half of a character."""
    try:
        value = json.loads(
            text, parse_int=_json_whole, parse_float=_json_float, parse_constant=_json_constant
        )
    except RecursionError:
        raise InvalidInput(field, "lists and objects are nested too deeply") from None
    except _Refused as refused:
        raise InvalidInput(field, str(refused)) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(field, f"this is not JSON ({error.msg}, line {error.lineno})") from None
    _check_json(value, field)
    return value


def entries_from_json(items: object, most: int | None = None) -> list[Entry]:
    """Entries from what entries_to_json gave (parsed JSON); a missing field takes the entry's
    default. ImportProblems names every entry that cannot be read, or says there are more than
    `most`."""
    if not isinstance(items, list):
        raise ImportProblems([(0, "the file should hold a list of entries")], unit="entry")
    if not items:
        raise ImportProblems([(0, "the file holds no entries")], unit="entry")
    _check_count(len(items), most, "entries")
    return _read_all(enumerate(items, start=1), _entry_from_json_item, unit="entry")


def entries_from_csv(text: str, most: int | None = None) -> list[Entry]:
    """Entries from our CSV. ImportProblems names every row that cannot be read, or says there
    are more than `most`."""
    header, rows = _table(text, most)
    if tuple(header) != COLUMNS:
        raise ImportProblems([(1, "expected the columns " + ",".join(COLUMNS))])
    return _read_all(rows, lambda cells: entry_from_item(_item_from_cells(header, cells)))


def entries_from_daylio(
    text: str, mood_map: Mapping[str, int], zone: tzinfo, most: int | None = None
) -> list[Entry]:
    """Entries from Daylio's CSV export, at their local time in `zone`. Daylio's moods are names
    the person may have renamed, so `mood_map` (any case) gives each its place from 0 to 10 and
    nothing is guessed: the names it lacks are listed together in one problem. Entries come in
    the file's order (Daylio's is newest first). At most `most` rows are read."""
    header, rows = _table(text, most)
    if not set(header) >= DAYLIO_NEEDED:
        raise ImportProblems([(1, "expected Daylio's columns " + DAYLIO_HEADER)])
    moods = {name.strip().casefold(): value for name, value in mood_map.items()}
    place = header.index("mood")
    unmapped: dict[str, tuple[int, str]] = {}
    for number, cells in rows:
        name = cells[place].strip() if place < len(cells) else ""
        if name and name.casefold() not in moods:
            unmapped.setdefault(name.casefold(), (number, name))
    problems = []
    if unmapped:
        names = ", ".join(name for _, name in unmapped.values())
        problems.append(
            (min(number for number, _ in unmapped.values()), f"map these moods: {names}")
        )
    mapped = [
        (number, cells)
        for number, cells in rows
        if place >= len(cells) or cells[place].strip().casefold() not in unmapped
    ]
    return _read_all(mapped, lambda cells: _daylio_entry(header, cells, moods, zone), problems)


def parse_mood_map(text: str) -> dict[str, int]:
    """Mood names (lower case) and their place from 0 to 10, from "rad=10, good=7, meh=5"."""
    moods: dict[str, int] = {}
    for pair in filter(str.strip, text.split(",")):
        name, _, value = (part.strip() for part in pair.partition("="))
        if not re.fullmatch(r"-?\d+", value):
            raise InvalidInput("mood_map", f"write {pair.strip()!r} as a name, =, and a number")
        if not name:
            raise InvalidInput("mood_map", f"give {pair.strip()!r} a mood name before the =")
        if name.casefold() in moods:
            raise InvalidInput("mood_map", f"{name} is given twice")
        # Python refuses to read a number of thousands of digits; none that long is in range.
        number = int(value) if len(value) <= MAX_DIGITS else None
        if number is None or number not in range(0, 11):
            shown = value if number is not None else "a very long number"
            raise InvalidInput("mood_map", f"{name} is {shown}; use numbers from 0 to 10")
        moods[name.casefold()] = number
    if not moods:
        raise InvalidInput("mood_map", "name each mood and its number, such as rad=10, meh=5")
    return moods


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return _inert(LIST_SEPARATOR.join(str(each) for each in value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return _inert(str(value))


def _inert(text: str) -> str:
    """A cell no spreadsheet runs as a formula; `_as_written` gives the text back."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _as_written(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS) else cell


class _Refused(Exception):
    """A JSON value read_json refuses while parsing; it names no field."""


def _json_whole(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"a number is longer than {MAX_DIGITS} digits")
    return int(digits)


def _json_float(text: str) -> float:
    value = float(text)
    if len(text) > 2 * MAX_DIGITS or not math.isfinite(value):
        raise _Refused("a number is too long or too large")
    return value


def _json_constant(name: str) -> float:
    raise _Refused(f"{name} is not a number")


def _check_json(value: object, field: str) -> None:
    """Every list and object within MAX_NESTING, and no text holding half of a character."""
    pending: list[tuple[object, int]] = [(value, 0)]
    while pending:
        found, depth = pending.pop()
        if isinstance(found, str) and _HALF_CHARACTER.search(found):
            raise InvalidInput(field, "some text holds half of a character (a cut emoji?)")
        if isinstance(found, list | dict):
            if depth >= MAX_NESTING:
                raise InvalidInput(field, "lists and objects are nested too deeply")
            inner = [*found.keys(), *found.values()] if isinstance(found, dict) else found
            pending.extend((each, depth + 1) for each in inner)


def _check_count(count: int, most: int | None, what: str) -> None:
    if most is not None and count > most:
        problem = f"the file holds {count:,} {what}; bring in up to {most:,} at a time"
        raise ImportProblems([(0, problem)])


def _table(text: str, most: int | None = None) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (trimmed, lower case) and the rows that hold anything, each with its number
    as a spreadsheet shows it: a cell written over several lines is still one row. More than
    `most` rows is one problem."""
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text.removeprefix("\ufeff"))):
            records.append(record)
    except csv.Error as error:
        raise ImportProblems(
            [(len(records) + 1, f"this cannot be read as CSV ({error})")]
        ) from None
    if not records:
        raise ImportProblems([(1, "the file is empty")])
    rows = [
        (number, cells)
        for number, cells in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    if not rows:
        raise ImportProblems([(2, "there are no entries below the header")])
    _check_count(len(rows), most, "rows")
    return [cell.strip().lower() for cell in records[0]], rows


def _read_all(
    rows: Iterable[tuple[int, _Row]],
    read: Callable[[_Row], Entry],
    problems: Iterable[tuple[int, str]] = (),
    unit: str = "row",
) -> list[Entry]:
    """Every row read, or ImportProblems with each row that could not be and why."""
    entries: list[Entry] = []
    found = list(problems)
    for number, row in rows:
        try:
            entries.append(read(row))
        except InvalidInput as error:
            found.append((number, error.problem if error.field == WHOLE_ITEM else str(error)))
    if found:
        raise ImportProblems(found, unit)
    return entries


def _named_cells(header: Sequence[str], cells: Sequence[str]) -> dict[str, str]:
    if len(cells) != len(header):
        raise InvalidInput(WHOLE_ITEM, f"expected {len(header)} cells, found {len(cells)}")
    return dict(zip(header, cells, strict=True))


def _item_from_cells(header: Sequence[str], cells: Sequence[str]) -> dict[str, object]:
    """A CSV row in the shape of a JSON item, so that one reader checks both."""
    row = {name: _as_written(cell) for name, cell in _named_cells(header, cells).items()}
    flags = {"true": True, "false": False, "": False}
    return {
        **row,
        "mood": _whole_cell(row, "mood"),
        "helped": _whole_cell(row, "helped"),
        "emotions": _split(row["emotions"]),
        "coping": _split(row["coping"]),
        "corrected": flags.get(row["corrected"].strip().lower(), row["corrected"]),
        "answers": _answers_cell(row["answers"]),
    }


def _split(text: str) -> list[str]:
    return [each.strip() for each in text.split(";")]


def _whole_cell(row: Mapping[str, str], name: str) -> int | None:
    return parse_whole(row[name], name) if row[name].strip() else None


def _answers_cell(text: str) -> object:
    if not text.strip():
        return {}
    try:
        return read_json(text, "answers")
    except InvalidInput as error:
        if error.problem.startswith("this is not JSON"):
            raise InvalidInput(
                "answers", 'write a JSON object, such as {"thought": "..."}'
            ) from None
        raise


def _entry_from_json_item(item: object) -> Entry:
    if not isinstance(item, dict):
        raise InvalidInput(WHOLE_ITEM, "each entry should be an object of named fields")
    return entry_from_item(item)


def _daylio_entry(
    header: Sequence[str], cells: Sequence[str], moods: Mapping[str, int], zone: tzinfo
) -> Entry:
    row = _named_cells(header, cells)
    day = parse_day(row["full_date"], "full_date")
    if day is None:
        raise InvalidInput("full_date", "the date is missing")
    activities = [each.strip() for each in row.get("activities", "").split("|") if each.strip()]
    notes = (row.get("note_title", ""), row.get("note", ""))
    return plan_entry(
        # An hour that a clock change skips or repeats is kept as Python reads it (fold=0).
        at=datetime.combine(day, _daylio_time(row["time"]), tzinfo=zone),
        mood=moods.get(row["mood"].strip().casefold()),
        what_happened="Activities: " + ", ".join(activities) if activities else "",
        note="\n".join(part.strip() for part in notes if part.strip()),
    )


def _daylio_time(text: str) -> time:
    """A time as Daylio writes it: 21:30, 9:30 PM or 9:30 pm, seconds optional."""
    match = _TIME.fullmatch(text.strip())
    if match is not None:
        hour, minute, second, half = match.groups()
        hours = int(hour)
        if half is not None:  # 12 AM is midnight; 0 and 13 are no hours on a twelve-hour clock
            hours = hours % 12 + (12 if half.lower() == "p" else 0) if 1 <= hours <= 12 else -1
        with suppress(ValueError):
            return time(hours, int(minute), int(second or 0))
    raise InvalidInput("time", "write the time as 21:30 or 9:30 PM")

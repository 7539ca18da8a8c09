"""A journal's history in and out as files: our CSV and JSON both ways, and Daylio's CSV export
in, its mood names mapped by the person (never guessed). Shared by the pages and the CLI."""

import json
from enum import StrEnum

from crossroads.journal.rules.entries import Entry
from crossroads.journal.rules.exchange import (
    entries_from_csv,
    entries_from_daylio,
    entries_from_json,
    entries_to_csv,
    entries_to_json,
    parse_mood_map,
    read_json,
)
from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.people import Person, zone_of


class FileFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    DAYLIO = "daylio"  # Daylio's CSV export; import only


MAX_FILE_BYTES = 2 * 1024 * 1024  # a file brought in on the page: 5,000 long entries fit


def file_text(data: bytes, most: int = MAX_FILE_BYTES) -> str:
    """An uploaded file's text, or InvalidInput when it is longer than `most` bytes or is not
    UTF-8 (a byte-order mark, as spreadsheets write, is dropped)."""
    if len(data) > most:
        raise InvalidInput("file", f"the file is larger than {most // 1024:,} KB; split it in two")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("file", "the file is not UTF-8 text") from None


def entries_from_file(
    text: str, file_format: FileFormat, mood_map: str, owner: Person, most: int | None = None
) -> list[Entry]:
    """The entries in an imported file, or ImportProblems / InvalidInput naming what is wrong;
    more than `most` entries is one problem."""
    if file_format is FileFormat.CSV:
        return entries_from_csv(text, most)
    if file_format is FileFormat.JSON:
        return entries_from_json(read_json(text, "file"), most)
    if not mood_map.strip():
        raise InvalidInput("mood_map", "say what number each of your Daylio moods stands for")
    return entries_from_daylio(text, parse_mood_map(mood_map), zone_of(owner), most)


def file_of(entries: list[Entry], file_format: FileFormat) -> str:
    """The entries in our CSV or JSON, which `entries_from_file` reads back."""
    if file_format is FileFormat.DAYLIO:
        raise InvalidInput("format", "Daylio's format can be imported, not exported")
    if file_format is FileFormat.CSV:
        return entries_to_csv(entries)
    return json.dumps(entries_to_json(entries), indent=2, ensure_ascii=False) + "\n"

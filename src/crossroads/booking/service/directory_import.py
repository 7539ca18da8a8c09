"""Bring practitioner listings in from a file: JSON (a list of listings, as the demo practice is
written) or CSV (one listing a row). Every row is checked before anything is saved; all the
problems come back together, each with its row, and nothing is saved unless every row is good.

CSV lists are separated by semicolons. A licence is "TYPE JURISDICTION NUMBER EXPIRES", such as
"LCSW US-NY 12345 2028-01-31", where the jurisdiction is a country ("GB") or a state, province
or territory ("US-NY", "CA-ON"; a bare "NY" reads as a US state); a certification "BODY LEVEL",
such as "ICF PCC"; hours are "Mon 09:00-17:00; Tue 14:00-19:00" in the practitioner's own time
zone.
"""

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from crossroads.booking.service.directory import (
    availability_from_dict,
    profile_from_dict,
    save_listing,
)
from crossroads.kernel.errors import ImportProblems, InvalidInput
from crossroads.kernel.people import normalise_email

COLUMNS = (
    "email",
    "name",
    "kind",
    "licences",
    "certifications",
    "specialties",
    "approaches",
    "languages",
    "online",
    "in_person",
    "location",
    "fee",
    "currency",
    "free_consultation",
    "accepting",
    "replies_within_hours",
    "time_zone",
    "bio",
    "meeting_link",
    "hours",
    "session_minutes",
    "buffer_minutes",
)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BOOLEANS = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int


def import_listings(session: Session, text: str, file_format: str, now: datetime) -> ImportReport:
    """Check every listing in the file, then save them all (an email already listed is
    updated). ImportProblems lists every bad row; nothing is saved then."""
    problems: list[tuple[int, str]] = []
    if file_format == "json":
        items = _from_json(text)
    else:
        items, problems = _from_csv(text)
    for number, fields in items:
        try:
            if not str(fields.get("email", "")).strip():
                raise InvalidInput("email", "every listing needs an email address")
            normalise_email(str(fields["email"]))  # a bad address is named with its row
            profile = profile_from_dict(fields)
            availability_from_dict(fields.get("availability") or {}, profile.time_zone)
        except InvalidInput as error:
            problems.append((number, str(error)))
    if problems:
        raise ImportProblems(problems, "row" if file_format != "json" else "listing")
    added = updated = 0
    for _, fields in items:
        _, new = save_listing(session, fields, now)
        added, updated = added + new, updated + (not new)
    return ImportReport(added, updated)


def _from_json(text: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblems(
            [(0, f"this is not JSON ({error.msg}, line {error.lineno}, column {error.colno})")]
        ) from None
    except RecursionError:
        raise ImportProblems(
            [(0, "the JSON is nested too deeply to be a list of listings")]
        ) from None
    if not isinstance(items, list) or not items:
        raise ImportProblems([(0, "the file should hold a list of listings")])
    bad = [
        (n, "each listing should be an object")
        for n, item in enumerate(items, 1)
        if not isinstance(item, dict)
    ]
    if bad:
        raise ImportProblems(bad, "listing")
    return list(enumerate(items, start=1))


def _from_csv(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, str]]]:
    """The rows that could be read, and the problems of those that could not."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        names = reader.fieldnames
    except csv.Error as error:
        raise ImportProblems([(1, f"the header cannot be read as CSV ({error})")]) from None
    if names is None or set(names) - set(COLUMNS) or "email" not in names:
        raise ImportProblems([(1, f"the header should name some of: {', '.join(COLUMNS)}")])
    rows = []
    problems = []
    try:
        for number, row in enumerate(reader, start=2):
            try:
                rows.append((number, _listing_from_row(row)))
            except InvalidInput as error:
                problems.append((number, str(error)))
    except csv.Error as error:  # a field past the size limit, a NUL byte
        raise ImportProblems(
            [(reader.line_num, f"this row cannot be read as CSV ({error})")]
        ) from None
    if not rows and not problems:
        raise ImportProblems([(0, "the file holds no listings")])
    return rows, problems


def _listing_from_row(row: Mapping[str, str | None]) -> dict[str, Any]:
    cell = {key: (value or "").strip() for key, value in row.items() if key}
    fields: dict[str, Any] = {
        key: cell[key]
        for key in (
            "email",
            "name",
            "kind",
            "location",
            "currency",
            "time_zone",
            "bio",
            "meeting_link",
        )
        if cell.get(key)
    }
    for key in ("specialties", "approaches", "languages"):
        fields[key] = _list(cell.get(key, ""))
    for key in ("online", "in_person", "free_consultation", "accepting"):
        if cell.get(key):
            fields[key] = _boolean(cell[key], key)
    for key in ("fee", "replies_within_hours"):
        if cell.get(key):
            fields[key] = cell[key]
    fields["licences"] = [licence_from_text(each) for each in _list(cell.get("licences", ""))]
    fields["certifications"] = [
        certification_from_text(each) for each in _list(cell.get("certifications", ""))
    ]
    if cell.get("hours"):
        fields["availability"] = {
            "weekly": [hours_from_text(each) for each in _list(cell["hours"])],
            "session_minutes": cell.get("session_minutes") or 50,
            "buffer_minutes": cell.get("buffer_minutes") or 10,
        }
    return fields


def exception_from_text(text: str) -> dict[str, object]:
    """ "2026-12-24 closed", or "2026-12-31 10:00-13:00" for one-off hours that day."""
    day, _, rest = text.strip().partition(" ")
    rest = rest.strip()
    if not day or not rest:
        raise InvalidInput("exceptions", f"write {text!r} as a date and closed, or its hours")
    if rest.lower() == "closed":
        return {"day": day, "hours": []}
    try:
        windows = [span.strip().split("-") for span in rest.split(",")]
        return {"day": day, "hours": [[start, end] for start, end in windows]}
    except ValueError:
        raise InvalidInput("exceptions", f"write {text!r} as 2026-12-31 10:00-13:00") from None


def exceptions_as_text(exceptions: list[dict[str, Any]]) -> list[str]:
    return [
        f"{each['day']} "
        + (", ".join(f"{start}-{end}" for start, end in each["hours"]) or "closed")
        for each in exceptions
    ]


def hours_as_text(weekly: list[list[object]]) -> list[str]:
    """Stored weekly hours back in the form people write them: "Mon 09:00-17:00"."""
    return [f"{DAYS[int(str(day))].title()} {start}-{end}" for day, start, end in weekly]


def _list(text: str) -> list[str]:
    return [each.strip() for each in text.split(";") if each.strip()]


def _boolean(text: str, field: str) -> bool:
    try:
        return BOOLEANS[text.lower()]
    except KeyError:
        raise InvalidInput(field, "write yes or no") from None


def certification_from_text(text: str) -> dict[str, str]:
    """ "ICF PCC" as a certification: the body, then the level."""
    body, _, level = text.strip().partition(" ")
    if not body or not level.strip():
        raise InvalidInput("certifications", f"write {text!r} as BODY LEVEL, such as ICF PCC")
    return {"body": body, "level": level.strip()}


def licence_from_text(text: str) -> dict[str, str]:
    parts = text.split()
    if len(parts) != 4:
        raise InvalidInput("licences", f"write {text!r} as TYPE JURISDICTION NUMBER YYYY-MM-DD")
    kind, jurisdiction, number, expires_on = parts
    return {"type": kind, "jurisdiction": jurisdiction, "number": number, "expires_on": expires_on}


def hours_from_text(text: str) -> list[object]:
    try:
        day, span = text.split()
        start, end = span.split("-")
        return [DAYS.index(day.lower()[:3]), start, end]
    except ValueError:
        raise InvalidInput(
            "hours", f"write {text!r} as a day and times, such as Mon 09:00-17:00"
        ) from None

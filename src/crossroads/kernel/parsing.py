"""Read the values people type into form fields and JSON strings: numbers, whole numbers and
dates, each refused with an InvalidInput that names the field."""

import math
from datetime import date, datetime, timedelta

from crossroads.kernel.errors import InvalidInput

EARLIEST_DAY = date.min + timedelta(days=7)
LATEST_DAY = date.max - timedelta(days=7)


def parse_number(text: str, field: str) -> float | None:
    """A number a person typed ("12", "3.5", "1,200"), or None for nothing typed."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(field, "write a number, such as 12 or 3.5") from None
    if not math.isfinite(value):
        raise InvalidInput(field, "write a number, such as 12 or 3.5")
    return value


def finite_number(value: float | None, field: str) -> float | None:
    """A number given as a number (a JSON value) that a measure can hold: not NaN, not
    Infinity."""
    if value is not None and not math.isfinite(value):
        raise InvalidInput(field, "write a number, such as 12 or 3.5")
    return value


def kept_number(value: float | None) -> float | None:
    """A number read back from storage, or None for NaN or Infinity: the API once let them in,
    and a measure can hold neither."""
    return value if value is None or math.isfinite(value) else None


def parse_whole(text: str, field: str) -> int:
    value = parse_number(text, field)
    if value is None or value != int(value):
        raise InvalidInput(field, "write a whole number")
    return int(value)


def parse_day(text: str, field: str) -> date | None:
    """A date in the form the browser's date field sends (2027-03-04), or None."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, "write the date as year-month-day, such as 2027-03-04") from None


def in_reach(moment: datetime, field: str) -> datetime:
    """`moment`, or InvalidInput when it lies within a few days of the calendar's ends (the
    years 1 and 9999), where moving it to another time zone or by a day would leave the
    calendar. Every rule about how far ahead or back applies after this."""
    if not EARLIEST_DAY <= moment.date() <= LATEST_DAY:
        raise InvalidInput(field, "that date is too far away to use")
    return moment


def parse_written(
    text: str, field: str, limit: int, *, missing: str | None = None, what: str = "it"
) -> str:
    """What a person wrote, trimmed. InvalidInput when it is blank and `missing` says what to
    write, or when it is longer than `limit` characters ("keep `what` to ...")."""
    text = text.strip()
    if missing is not None and not text:
        raise InvalidInput(field, missing)
    if len(text) > limit:
        raise InvalidInput(field, f"keep {what} to {limit} characters or fewer")
    return text

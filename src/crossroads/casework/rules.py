"""How long a practice keeps its session notes: a number of whole years from the day a note was
written, after which the worker removes it. Pure rules."""

from datetime import date, datetime

from crossroads.kernel.errors import InvalidInput

FEWEST_YEARS, MOST_YEARS = 1, 50


def kept_until(written_at: datetime, years: int) -> date:
    """The last day a note written at `written_at` is kept: the same calendar day `years`
    later (28 February for a note written on 29 February when that year has none)."""
    written = written_at.date()
    try:
        return written.replace(year=written.year + years)
    except ValueError:
        return written.replace(year=written.year + years, day=28)


def past_keeping(written_at: datetime, years: int, today: date) -> bool:
    return today > kept_until(written_at, years)


def keeping_years(value: str | int) -> int:
    """A practice's keeping period as written in a form or sent by the API."""
    try:
        years = int(str(value).strip())
    except ValueError:
        raise InvalidInput(
            "records_kept_years", "write how many years your practice keeps notes, as a number"
        ) from None
    if not FEWEST_YEARS <= years <= MOST_YEARS:
        raise InvalidInput(
            "records_kept_years",
            f"choose between {FEWEST_YEARS} and {MOST_YEARS} years",
        )
    return years

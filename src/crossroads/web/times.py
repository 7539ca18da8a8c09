"""Dates and times as the person reading the page reads them: in their own time zone, named
("14:30 (New York time)"), in their region's one date format, formatted by Babel.

The templates' filters (web/deps.py) find the reader on the request; a page with nobody signed
in shows UTC, named as such.
"""

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from fastapi import Request

from crossroads.kernel.people import Person, zone_of
from crossroads.kernel.resources import REGIONS
from crossroads.kernel.zones import zone_label
from crossroads.web.region import crisis_region

# Babel's English for each region we know (en_US, en_AU...); British elsewhere, as the pages are.
LOCALES = {region: f"en_{region}" for region in REGIONS}
DEFAULT_LOCALE = "en_GB"
UTC_ZONE = ZoneInfo("UTC")


def reader_zone(request: Request | None) -> ZoneInfo:
    """The signed-in reader's zone; UTC for anyone else."""
    person: Person | None = getattr(request.state, "viewer", None) if request else None
    return zone_of(person) if person else UTC_ZONE


def reader_locale(request: Request | None) -> str:
    """The reader's saved region, else their browser's language or time zone (as for the
    crisis lines), chooses the date format: "4 March 2027" or "March 4, 2027"."""
    region = crisis_region(request) if request else None
    return LOCALES.get(region or "", DEFAULT_LOCALE)


def day_of(value: date | datetime | str, zone: tzinfo) -> date:
    """The calendar day of a date, of a moment where `zone` is, or of ISO text such as a stored
    result's "2027-03-04T..."."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return _aware(value).astimezone(zone).date()
    return value


def _aware(moment: datetime) -> datetime:
    """A moment with no zone could be anyone's; showing it as the reader's would be a guess."""
    if moment.tzinfo is None:
        raise ValueError("a moment must carry its time zone")
    return moment


def long_date(value: date | datetime | str, zone: tzinfo, locale: str) -> str:
    """ "4 March 2027" (or "March 4, 2027" in the United States)."""
    return format_date(day_of(value, zone), "long", locale=locale)


def full_date(value: date | datetime | str, zone: tzinfo, locale: str) -> str:
    """ "Thursday, 4 March 2027": for days a person plans around, such as a booking's."""
    return format_date(day_of(value, zone), "full", locale=locale)


def clock_time(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    """ "14:30 (New York time)", or "2:30 PM (New York time)" in the United States."""
    return f"{short_time(moment, zone, locale)} ({zone_label(zone.key)})"


def date_and_time(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    """ "4 March 2027 at 14:30 (New York time)"."""
    return f"{long_date(moment, zone, locale)} at {clock_time(moment, zone, locale)}"


def full_date_and_time(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    """ "Thursday, 4 March 2027 at 14:30 (New York time)"."""
    return f"{full_date(moment, zone, locale)} at {clock_time(moment, zone, locale)}"


def short_time(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    """ "14:30" alone, where the zone is named once nearby, as in a list of free times."""
    return format_time(_aware(moment).astimezone(zone), "short", tzinfo=zone, locale=locale)

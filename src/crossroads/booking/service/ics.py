"""iCalendar (RFC 5545) files of a person's bookings, for calendar apps to import or subscribe to.

Times are written in UTC, so the file needs no VTIMEZONE and every instant comes back exactly.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, Event, vText

PRODID = "-//Crossroads//Bookings//EN"
UID_DOMAIN = "crossroads"

# RFC 5545 section 3.3.11 allows no control characters in TEXT other than tab; line breaks
# are escaped by icalendar, so only the rest are dropped. CR and CRLF become LF first.
_LINE_BREAK = re.compile(r"\r\n?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable per booking, such as the booking id; "@crossroads" is appended
    starts: datetime  # aware
    ends: datetime  # aware
    summary: str
    description: str = ""
    location: str = ""  # an address for in-person sessions
    url: str = ""  # the booking's page, where an online room opens near the start
    cancelled: bool = False  # calendar apps remove a cancelled event
    sequence: int = 0  # bumped on each reschedule so apps update the event
    updated: datetime | None = None  # DTSTAMP and LAST-MODIFIED; the caller's now


def calendar_file(events: Sequence[CalendarEvent], *, name: str, stamp: datetime) -> bytes:
    """One VCALENDAR with a VEVENT per event, earliest first. `stamp` is the DTSTAMP of
    events without `updated`. Naive datetimes, an end not after its start, start or end
    times with fractions of a second, a negative sequence and repeated uids raise
    ValueError: callers pass checked bookings, so these are programming errors."""
    _require_aware(stamp, "stamp")
    uids = [event.uid for event in events]
    if len(set(uids)) != len(uids):
        raise ValueError("each event needs its own uid")
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    # icalendar 7.3 types NAME and X-WR-CALNAME as unknown and would write them unescaped,
    # failing on a line break; both are TEXT (RFC 7986 section 5.1), so escape them as such.
    calendar.add("NAME", vText(_clean(name)))
    calendar.add("X-WR-CALNAME", vText(_clean(name)))
    for event in sorted(events, key=lambda event: (_utc(event.starts), event.uid)):
        calendar.add_component(_vevent(event, stamp))
    ical: bytes = calendar.to_ical()
    return ical


def _vevent(event: CalendarEvent, stamp: datetime) -> Event:
    _check(event)
    vevent = Event()
    vevent.add("UID", f"{event.uid}@{UID_DOMAIN}")
    vevent.add("DTSTAMP", _utc(stamp if event.updated is None else event.updated))
    if event.updated is not None:
        vevent.add("LAST-MODIFIED", _utc(event.updated))
    vevent.add("DTSTART", _utc(event.starts))
    vevent.add("DTEND", _utc(event.ends))
    vevent.add("SUMMARY", _clean(event.summary))
    if event.description:
        vevent.add("DESCRIPTION", _clean(event.description))
    if event.location:
        vevent.add("LOCATION", _clean(event.location))
    if event.url:
        vevent.add("URL", event.url)
    vevent.add("STATUS", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("SEQUENCE", event.sequence)
    return vevent


def _check(event: CalendarEvent) -> None:
    _require_aware(event.starts, "starts")
    _require_aware(event.ends, "ends")
    if event.updated is not None:
        _require_aware(event.updated, "updated")
    # In UTC: Python compares two times of one zone by the wall clock, ignoring `fold`.
    if _utc(event.ends) <= _utc(event.starts):
        raise ValueError(f"event {event.uid!r} must end after it starts")
    # DATE-TIME carries whole seconds; refusing fractions keeps the round trip exact.
    if event.starts.microsecond or event.ends.microsecond:
        raise ValueError(f"event {event.uid!r} has fractions of a second")
    if event.sequence < 0:
        raise ValueError(f"event {event.uid!r} has a negative sequence")


def _require_aware(moment: datetime, what: str) -> None:
    if moment.utcoffset() is None:
        raise ValueError(f"{what} must be time-zone aware")


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _clean(text: str) -> str:
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", text))

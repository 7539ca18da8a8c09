"""When a practitioner is open, and which sessions a client can book in those hours.

Hours are kept as wall-clock times in the practitioner's zone; slots are real instants in UTC, so
every session lasts exactly as long as promised, whatever the clocks do. Pure: no clock, no I/O.
"""

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crossroads.kernel.errors import InvalidInput
from crossroads.kernel.parsing import parse_day

SESSION_MINUTES = range(15, 241)  # from a quarter of an hour to a long double session
BUFFER_MINUTES = range(121)
_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_ONE_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Hours:
    """One opening window within a day, from `start` to `end` on the practitioner's clock."""

    start: time
    end: time


@dataclass(frozen=True)
class WeeklyHours:
    """A window that recurs every week; `weekday` runs from 0 (Monday) to 6 (Sunday)."""

    weekday: int
    hours: Hours


@dataclass(frozen=True)
class DayException:
    """Hours for one date that replace the week's hours; no hours at all means closed."""

    day: date
    hours: tuple[Hours, ...]


@dataclass(frozen=True)
class Availability:
    """A practitioner's hours in their own zone, and how long sessions and the gaps between are."""

    zone: tzinfo
    weekly: tuple[WeeklyHours, ...]
    exceptions: tuple[DayException, ...] = ()
    session_minutes: int = 50
    buffer_minutes: int = 10


@dataclass(frozen=True)
class Slot:
    """One bookable session; `starts` and `ends` are aware and in UTC."""

    starts: datetime
    ends: datetime

    def in_zone(self, zone: tzinfo) -> tuple[datetime, datetime]:
        """The same two instants read on a clock in `zone`, for showing to a client there."""
        return self.starts.astimezone(zone), self.ends.astimezone(zone)


def plan_availability(
    zone_name: str,
    weekly: Iterable[tuple[int, str, str]],
    exceptions: Iterable[tuple[str, Iterable[tuple[str, str]]]] = (),
    session_minutes: int = 50,
    buffer_minutes: int = 10,
) -> Availability:
    """Read hours as a practitioner gives them ("09:00", "2027-03-04") into an Availability.

    Refuses, with an InvalidInput naming the field, an unknown zone, a weekday outside 0..6, a
    window that does not end after it starts, windows that overlap on one day, a date given
    twice, and session or buffer lengths outside SESSION_MINUTES or BUFFER_MINUTES.
    """
    zone = _read_zone(zone_name)
    if session_minutes not in SESSION_MINUTES:
        raise InvalidInput("session_minutes", "offer sessions of 15 to 240 minutes")
    if buffer_minutes not in BUFFER_MINUTES:
        raise InvalidInput("buffer_minutes", "keep a buffer of 0 to 120 minutes")
    return Availability(
        zone, _read_weekly(weekly), _read_exceptions(exceptions), session_minutes, buffer_minutes
    )


def open_windows(availability: Availability, day: date) -> tuple[Interval, ...]:
    """The day's opening windows as UTC instants, earliest first.

    An exception for the date replaces the weekly hours. Each clock time is read on that date
    in the practitioner's zone: a time the clocks pass twice when they go back is its first
    occurrence (fold=0), and a time skipped when they go forward is the moment of the jump.
    So a window holding a change is longer or shorter in real time, and one lying wholly in
    the skipped hour is left out.
    """
    zone = availability.zone
    windows = [
        (_instant(day, hours.start, zone), _instant(day, hours.end, zone))
        for hours in _hours_on(availability, day)
    ]
    return tuple(sorted((opens, closes) for opens, closes in windows if opens < closes))


def slots(
    availability: Availability,
    first_day: date,
    last_day: date,
    *,
    taken: Sequence[Interval] = (),
    not_before: datetime,
    minutes: int | None = None,
) -> list[Slot]:
    """Every free slot starting on the practitioner's dates first_day to last_day, by start.

    Slots begin at each window's start and then every session plus buffer in real elapsed
    time: the practitioner's grid. A slot lasts `minutes` (an appointment of another length
    than the grid's session, such as a short consultation; the grid's session when None) and
    ends by the window's end. A slot is left out when it starts before `not_before` or comes
    within the buffer of a taken interval.
    """
    session = timedelta(minutes=availability.session_minutes)
    length = timedelta(minutes=minutes) if minutes is not None else session
    buffer = timedelta(minutes=availability.buffer_minutes)
    blocked = [
        (starts.astimezone(UTC) - buffer, ends.astimezone(UTC) + buffer) for starts, ends in taken
    ]
    found = [
        Slot(starts, starts + length)
        for day in _days(first_day, last_day)
        for window in open_windows(availability, day)
        for starts in _starts(window, length, session + buffer)
        if starts >= not_before
        and not any(overlaps((starts, starts + length), block) for block in blocked)
    ]
    return sorted(found, key=lambda slot: slot.starts)


def within_hours(availability: Availability, starts: datetime, ends: datetime) -> bool:
    """Whether [starts, ends) is not empty and lies wholly inside one opening window."""
    starts, ends = starts.astimezone(UTC), ends.astimezone(UTC)
    if starts >= ends:
        return False
    # A window belongs to its local date; looking a day either side costs little and spares
    # reasoning about zones whose changes fall near midnight.
    local_day = starts.astimezone(availability.zone).date()
    return any(
        opens <= starts and ends <= closes
        for day in (local_day - _ONE_DAY, local_day, local_day + _ONE_DAY)
        for opens, closes in open_windows(availability, day)
    )


def on_grid(availability: Availability, starts: datetime, minutes: int | None = None) -> bool:
    """Whether an appointment of `minutes` (the grid's session when None) starting at `starts`
    is one of the slots `slots` would offer when nothing is taken: it starts a whole number of
    sessions and buffers after a window opens, and ends by the window's end. Booking checks
    one time this way rather than laying out the days around it."""
    starts = starts.astimezone(UTC)
    session = timedelta(minutes=availability.session_minutes)
    length = timedelta(minutes=minutes) if minutes is not None else session
    step = session + timedelta(minutes=availability.buffer_minutes)
    local_day = starts.astimezone(availability.zone).date()
    return any(
        opens <= starts and starts + length <= closes and (starts - opens) % step == timedelta(0)
        for day in (local_day - _ONE_DAY, local_day, local_day + _ONE_DAY)
        for opens, closes in open_windows(availability, day)
    )


def overlaps(a: Interval, b: Interval) -> bool:
    """Whether two half-open intervals share an instant; touching end to start does not."""
    # Compared in UTC because aware datetimes sharing a tzinfo compare by wall time alone.
    a_starts, a_ends = (moment.astimezone(UTC) for moment in a)
    b_starts, b_ends = (moment.astimezone(UTC) for moment in b)
    return a_starts < b_ends and b_starts < a_ends


def _read_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput("zone", "choose a time zone such as Europe/London") from None


def _read_weekly(rows: Iterable[tuple[int, str, str]]) -> tuple[WeeklyHours, ...]:
    by_weekday: dict[int, list[Hours]] = {}
    for weekday, start, end in rows:
        if weekday not in range(7):
            raise InvalidInput("weekly", "weekdays run from 0 (Monday) to 6 (Sunday)")
        by_weekday.setdefault(weekday, []).append(_read_hours(start, end, "weekly"))
    return tuple(
        WeeklyHours(weekday, hours)
        for weekday in sorted(by_weekday)
        for hours in _apart(by_weekday[weekday], "weekly")
    )


def _read_exceptions(
    rows: Iterable[tuple[str, Iterable[tuple[str, str]]]],
) -> tuple[DayException, ...]:
    by_day: dict[date, tuple[Hours, ...]] = {}
    for text, windows in rows:
        day = parse_day(text, "exceptions")
        if day is None:
            raise InvalidInput("exceptions", "give each exception a date, such as 2027-03-04")
        if day in by_day:
            raise InvalidInput(
                "exceptions", f"{day} is given twice; give it once with all its hours"
            )
        by_day[day] = _apart(
            [_read_hours(start, end, "exceptions") for start, end in windows], "exceptions"
        )
    return tuple(DayException(day, by_day[day]) for day in sorted(by_day))


def _read_hours(start: str, end: str, field: str) -> Hours:
    hours = Hours(_read_clock(start, field), _read_clock(end, field))
    if hours.start >= hours.end:
        raise InvalidInput(field, "end each window after it starts, on the same day")
    return hours


def _read_clock(text: str, field: str) -> time:
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise InvalidInput(field, "write times as hours and minutes, such as 09:00")
    return time(int(match[1]), int(match[2]))


def _apart(windows: list[Hours], field: str) -> tuple[Hours, ...]:
    """The windows from earliest to latest, refused when two of them overlap."""
    ordered = sorted(windows, key=lambda hours: hours.start)
    for earlier, later in pairwise(ordered):
        if later.start < earlier.end:
            raise InvalidInput(field, "windows on the same day must not overlap")
    return tuple(ordered)


def _hours_on(availability: Availability, day: date) -> tuple[Hours, ...]:
    for exception in availability.exceptions:
        if exception.day == day:
            return exception.hours
    return tuple(weekly.hours for weekly in availability.weekly if weekly.weekday == day.weekday())


def _instant(day: date, clock: time, zone: tzinfo) -> datetime:
    """The UTC instant at which clocks in `zone` first read `clock` on `day`, or, when they
    skip that reading, the instant they jump past it."""
    wall = datetime.combine(day, clock)
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if _reading(first, zone) == wall:
        return first
    other = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    return _first_reaching(wall, zone, min(first, other), max(first, other))


def _first_reaching(wall: datetime, zone: tzinfo, low: datetime, high: datetime) -> datetime:
    """The first instant in (low, high] whose reading is at least `wall`, to the second.

    The two readings of a skipped time, under the offsets before and after the jump, fall
    either side of it; zones change their offsets on whole seconds.
    """
    while high - low > _SECOND:
        middle = low + _SECOND * ((high - low) // _SECOND // 2)
        if _reading(middle, zone) < wall:
            low = middle
        else:
            high = middle
    return high


def _reading(instant: datetime, zone: tzinfo) -> datetime:
    """What a wall clock in `zone` shows at `instant`, as a naive datetime."""
    return instant.astimezone(zone).replace(tzinfo=None)


def _days(first_day: date, last_day: date) -> Iterator[date]:
    day = first_day
    while day <= last_day:
        yield day
        day += _ONE_DAY


def _starts(window: Interval, session: timedelta, step: timedelta) -> Iterator[datetime]:
    opens, closes = window
    starts = opens
    while starts + session <= closes:
        yield starts
        starts += step


def by_day(found: Sequence[Slot], zone: tzinfo) -> list[tuple[date, list[tuple[Slot, datetime]]]]:
    """Slots grouped by the day they start on a clock in `zone` (the client's), each with its
    start on that clock, days and slots in order."""
    days: dict[date, list[tuple[Slot, datetime]]] = {}
    for slot in sorted(found, key=lambda each: each.starts):
        local = slot.starts.astimezone(zone)
        days.setdefault(local.date(), []).append((slot, local))
    return list(days.items())

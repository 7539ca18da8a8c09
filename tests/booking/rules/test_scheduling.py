"""Opening hours and bookable slots: buffers, exceptions, taken bookings, daylight-saving changes
in the practitioner's zone and the client's, and the input a practitioner may give."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossroads.booking.rules.scheduling import (
    Availability,
    DayException,
    Hours,
    Slot,
    WeeklyHours,
    on_grid,
    open_windows,
    overlaps,
    plan_availability,
    slots,
    within_hours,
)
from crossroads.kernel.errors import InvalidInput

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
MONDAY = date(2027, 3, 1)


def every_day(zone: str, *windows: tuple[str, str], **lengths: int) -> Availability:
    return plan_availability(
        zone, [(weekday, start, end) for weekday in range(7) for start, end in windows], **lengths
    )


def at(day: date, clock: str, zone: ZoneInfo = LONDON) -> datetime:
    """The instant `clock` on `day` in `zone` (first occurrence), in UTC."""
    return datetime.combine(day, time.fromisoformat(clock), zone).astimezone(UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def readings(found: list[Slot], zone: ZoneInfo = LONDON) -> list[str]:
    return [f"{slot.in_zone(zone)[0]:%H:%M}" for slot in found]


def one_day(availability: Availability, day: date, **kwargs: Any) -> list[Slot]:
    return slots(availability, day, day, not_before=kwargs.pop("not_before", LONG_AGO), **kwargs)


def assert_each_lasts_one_session(found: list[Slot], availability: Availability) -> None:
    assert all(
        slot.ends - slot.starts == timedelta(minutes=availability.session_minutes) for slot in found
    )


# Weekly hours, exceptions, taken bookings


@pytest.mark.parametrize(
    ("session", "buffer", "expected"),
    [
        (50, 10, ["09:00", "10:00", "11:00"]),
        (60, 0, ["09:00", "10:00", "11:00"]),
        (50, 20, ["09:00", "10:10"]),  # a third would end at 12:10, after closing
        (90, 30, ["09:00"]),
        (180, 0, ["09:00"]),  # ends exactly at closing
        (181, 0, []),
    ],
)
def test_weekly_hours_give_a_slot_every_session_and_buffer(
    session: int, buffer: int, expected: list[str]
) -> None:
    availability = every_day(
        "Europe/London", ("09:00", "12:00"), session_minutes=session, buffer_minutes=buffer
    )
    found = one_day(availability, MONDAY)
    assert readings(found) == expected
    assert_each_lasts_one_session(found, availability)


def test_slots_are_instants_in_utc() -> None:
    found = one_day(every_day("Europe/London", ("09:00", "10:00")), date(2027, 7, 5))
    assert found == [Slot(utc(2027, 7, 5, 8), utc(2027, 7, 5, 8, 50))]


def test_only_the_weekdays_with_hours_have_slots() -> None:
    availability = plan_availability("Europe/London", [(0, "09:00", "10:00")])
    found = slots(availability, MONDAY, MONDAY + timedelta(days=7), not_before=LONG_AGO)
    assert [slot.starts.date() for slot in found] == [MONDAY, MONDAY + timedelta(days=7)]


def test_several_windows_in_a_day_each_give_slots_in_order() -> None:
    availability = plan_availability(
        "Europe/London", [(0, "14:00", "16:00"), (0, "09:00", "10:00")]
    )
    assert readings(one_day(availability, MONDAY)) == ["09:00", "14:00", "15:00"]


def test_an_exception_closes_a_day() -> None:
    availability = plan_availability(
        "Europe/London", [(0, "09:00", "12:00")], exceptions=[("2027-03-01", [])]
    )
    assert one_day(availability, MONDAY) == []
    assert readings(one_day(availability, MONDAY + timedelta(days=7))) == [
        "09:00",
        "10:00",
        "11:00",
    ]


def test_an_exception_replaces_the_hours_of_its_day() -> None:
    availability = plan_availability(
        "Europe/London",
        [(0, "09:00", "12:00")],
        exceptions=[("2027-03-01", [("15:00", "17:00")]), ("2027-03-06", [("10:00", "11:00")])],
    )
    assert readings(one_day(availability, MONDAY)) == ["15:00", "16:00"]
    assert readings(one_day(availability, date(2027, 3, 6))) == ["10:00"]  # a Saturday


@pytest.mark.parametrize(
    ("booked", "left"),
    [
        (("10:00", "10:50"), ["09:00", "11:00", "12:00"]),  # neighbours touch the buffer only
        (("10:05", "10:55"), ["09:00", "12:00"]),  # the buffer reaches into 11:00
        (("09:55", "10:00"), ["11:00", "12:00"]),  # too close to 09:00's end and 10:00's start
        (("13:00", "14:00"), ["09:00", "10:00", "11:00", "12:00"]),  # after hours
    ],
)
def test_a_taken_booking_removes_the_slots_within_its_buffer(
    booked: tuple[str, str], left: list[str]
) -> None:
    availability = every_day("Europe/London", ("09:00", "13:00"))
    taken = [(at(MONDAY, booked[0]), at(MONDAY, booked[1]))]
    assert readings(one_day(availability, MONDAY, taken=taken)) == left


def test_a_taken_booking_counts_whatever_zone_it_is_written_in() -> None:
    availability = every_day("Europe/London", ("09:00", "13:00"))
    in_tokyo = (at(MONDAY, "10:05").astimezone(TOKYO), at(MONDAY, "10:55").astimezone(TOKYO))
    assert readings(one_day(availability, MONDAY, taken=[in_tokyo])) == ["09:00", "12:00"]


@pytest.mark.parametrize(
    ("cut_off", "left"),
    [("08:00", ["09:00", "10:00", "11:00"]), ("10:00", ["10:00", "11:00"]), ("10:01", ["11:00"])],
)
def test_slots_starting_before_not_before_are_left_out(cut_off: str, left: list[str]) -> None:
    availability = every_day("Europe/London", ("09:00", "12:00"))
    assert readings(one_day(availability, MONDAY, not_before=at(MONDAY, cut_off))) == left


def test_a_range_gives_each_day_in_order_and_an_empty_range_gives_none() -> None:
    availability = every_day("Europe/London", ("09:00", "10:00"))
    found = slots(availability, MONDAY, MONDAY + timedelta(days=2), not_before=LONG_AGO)
    assert [slot.starts for slot in found] == [
        at(MONDAY + timedelta(days=n), "09:00") for n in range(3)
    ]
    assert slots(availability, MONDAY, MONDAY - timedelta(days=1), not_before=LONG_AGO) == []


# Daylight saving: hours stay on the practitioner's clock, sessions stay their real length

CHANGES = [
    pytest.param("Europe/London", date(2027, 3, 28), id="london-spring"),
    pytest.param("Europe/London", date(2027, 10, 31), id="london-autumn"),
    pytest.param("America/New_York", date(2027, 3, 14), id="new-york-spring"),
    pytest.param("America/New_York", date(2027, 11, 7), id="new-york-autumn"),
]


@pytest.mark.parametrize(("zone", "change"), CHANGES)
def test_slots_keep_their_local_times_the_week_before_and_after_a_change(
    zone: str, change: date
) -> None:
    availability = every_day(zone, ("09:00", "12:00"))
    for offset in range(-7, 8):
        found = one_day(availability, change + timedelta(days=offset))
        assert readings(found, ZoneInfo(zone)) == ["09:00", "10:00", "11:00"]
        assert_each_lasts_one_session(found, availability)


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        ("Europe/London", utc(2027, 3, 27, 9), utc(2027, 3, 29, 8)),
        ("Europe/London", utc(2027, 10, 30, 8), utc(2027, 11, 1, 9)),
        ("America/New_York", utc(2027, 3, 13, 14), utc(2027, 3, 15, 13)),
        ("America/New_York", utc(2027, 11, 6, 13), utc(2027, 11, 8, 14)),
    ],
)
def test_the_same_local_hour_is_a_different_utc_hour_after_a_change(
    zone: str, before: datetime, after: datetime
) -> None:
    availability = every_day(zone, ("09:00", "10:00"))
    found = slots(availability, before.date(), after.date(), not_before=LONG_AGO)
    assert [found[0].starts, found[-1].starts] == [before, after]


@pytest.mark.parametrize(
    ("zone", "day", "expected_utc", "expected_local"),
    [
        # London skips 01:00-02:00: the window opens at the jump and holds two hours, not three.
        (
            "Europe/London",
            date(2027, 3, 28),
            [utc(2027, 3, 28, 1), utc(2027, 3, 28, 2)],
            ["02:00", "03:00"],
        ),
        # New York skips 02:00-03:00: nothing is offered at 02:00.
        (
            "America/New_York",
            date(2027, 3, 14),
            [utc(2027, 3, 14, 6), utc(2027, 3, 14, 7)],
            ["01:00", "03:00"],
        ),
    ],
)
def test_a_window_holding_the_spring_gap_is_shorter_and_offers_nothing_in_it(
    zone: str, day: date, expected_utc: list[datetime], expected_local: list[str]
) -> None:
    availability = every_day(zone, ("01:00", "04:00"))
    found = one_day(availability, day)
    assert [slot.starts for slot in found] == expected_utc
    assert readings(found, ZoneInfo(zone)) == expected_local
    assert_each_lasts_one_session(found, availability)
    ((opens, closes),) = open_windows(availability, day)
    assert closes - opens == timedelta(hours=2)


def test_a_window_opening_inside_the_gap_opens_when_the_clocks_jump() -> None:
    availability = every_day("Europe/London", ("01:30", "04:00"))
    assert open_windows(availability, date(2027, 3, 28)) == (
        (utc(2027, 3, 28, 1), utc(2027, 3, 28, 3)),
    )


def test_a_window_wholly_inside_the_gap_is_closed() -> None:
    availability = every_day("Europe/London", ("01:00", "01:45"), ("09:00", "10:00"))
    assert readings(one_day(availability, date(2027, 3, 28))) == ["09:00"]


@pytest.mark.parametrize(
    ("zone", "day", "first_utc"),
    [
        ("Europe/London", date(2027, 10, 31), utc(2027, 10, 30, 23)),
        ("America/New_York", date(2027, 11, 7), utc(2027, 11, 7, 4)),
    ],
)
def test_a_window_holding_the_autumn_repeat_is_longer_and_offers_the_repeated_hour_twice(
    zone: str, day: date, first_utc: datetime
) -> None:
    availability = every_day(zone, ("00:00", "03:00"))
    found = one_day(availability, day)
    assert [slot.starts for slot in found] == [first_utc + timedelta(hours=n) for n in range(4)]
    assert readings(found, ZoneInfo(zone)) == ["00:00", "01:00", "01:00", "02:00"]
    assert [slot.in_zone(ZoneInfo(zone))[0].fold for slot in found] == [0, 0, 1, 0]
    assert_each_lasts_one_session(found, availability)


def test_an_ambiguous_opening_time_means_its_first_occurrence() -> None:
    availability = every_day("Europe/London", ("01:30", "03:00"))
    assert open_windows(availability, date(2027, 10, 31)) == (
        (utc(2027, 10, 31, 0, 30), utc(2027, 10, 31, 3)),  # 01:30 BST, then 03:00 GMT
    )


def test_a_client_elsewhere_sees_the_same_instants_on_their_own_clock() -> None:
    availability = every_day("Europe/London", ("09:00", "10:00"))
    found = slots(availability, date(2027, 3, 27), date(2027, 3, 29), not_before=LONG_AGO)
    in_tokyo = [slot.in_zone(TOKYO) for slot in found]
    assert [f"{starts:%d %H:%M}" for starts, _ in in_tokyo] == ["27 18:00", "28 17:00", "29 17:00"]
    assert [(starts, ends) for starts, ends in in_tokyo] == [(s.starts, s.ends) for s in found]
    assert readings(found) == ["09:00", "09:00", "09:00"]


# Within hours and overlapping


@pytest.mark.parametrize(
    ("starts", "ends", "inside"),
    [
        ("09:00", "09:50", True),
        ("11:10", "12:00", True),
        ("09:00", "12:00", True),
        ("08:59", "09:49", False),
        ("11:30", "12:01", False),
        ("11:30", "13:30", False),  # spans the lunch break
        ("12:30", "13:00", False),
        ("10:00", "10:00", False),  # empty
        ("10:00", "09:00", False),  # backwards
        ("13:00", "17:00", True),
    ],
)
def test_within_hours_at_the_edges_of_the_windows(starts: str, ends: str, inside: bool) -> None:
    availability = every_day("Europe/London", ("09:00", "12:00"), ("13:00", "17:00"))
    assert within_hours(availability, at(MONDAY, starts), at(MONDAY, ends)) is inside


def test_a_booking_across_two_touching_windows_is_not_within_hours() -> None:
    availability = every_day("Europe/London", ("09:00", "12:00"), ("12:00", "15:00"))
    assert within_hours(availability, at(MONDAY, "11:00"), at(MONDAY, "12:00"))
    assert not within_hours(availability, at(MONDAY, "11:30"), at(MONDAY, "12:30"))


def test_within_hours_follows_exceptions_and_the_spring_gap() -> None:
    availability = plan_availability(
        "Europe/London", [(6, "01:00", "04:00")], exceptions=[("2027-04-04", [])]
    )
    assert within_hours(availability, utc(2027, 3, 28, 1), utc(2027, 3, 28, 3))
    assert not within_hours(availability, utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 1, 30))
    assert not within_hours(availability, utc(2027, 4, 4, 1), utc(2027, 4, 4, 2))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((9, 10), (10, 11), False),  # touching
        ((10, 11), (9, 10), False),
        ((9, 10), (11, 12), False),
        ((9, 11), (10, 12), True),
        ((9, 12), (10, 11), True),  # contains
        ((9, 10), (9, 10), True),
    ],
)
def test_overlaps_treats_intervals_as_half_open(
    a: tuple[int, int], b: tuple[int, int], expected: bool
) -> None:
    def hours(pair: tuple[int, int]) -> tuple[datetime, datetime]:
        return utc(2027, 3, 1, pair[0]), utc(2027, 3, 1, pair[1])

    assert overlaps(hours(a), hours(b)) is expected
    assert overlaps(hours(b), hours(a)) is expected


def test_overlaps_compares_instants_even_across_a_change_in_one_zone() -> None:
    # Both readings share a tzinfo, so Python alone would compare wall times and miss the fold.
    first = datetime(2027, 10, 31, 1, 0, tzinfo=LONDON)
    repeat = datetime(2027, 10, 31, 1, 0, tzinfo=LONDON, fold=1)
    assert not overlaps(
        (first, first + timedelta(minutes=30)), (repeat, repeat + timedelta(minutes=30))
    )


# Reading a practitioner's hours


def test_plan_availability_reads_hours_dates_and_lengths() -> None:
    availability = plan_availability(
        " Europe/London ",
        [(2, "13:00", "17:00"), (0, "9:05", "12:00"), (2, "09:00", "12:00")],
        exceptions=[("2027-12-25", []), ("2027-12-24", [("10:00", "12:00")])],
        session_minutes=30,
        buffer_minutes=0,
    )
    assert availability == Availability(
        LONDON,
        (
            WeeklyHours(0, Hours(time(9, 5), time(12))),
            WeeklyHours(2, Hours(time(9), time(12))),
            WeeklyHours(2, Hours(time(13), time(17))),
        ),
        (
            DayException(date(2027, 12, 24), (Hours(time(10), time(12)),)),
            DayException(date(2027, 12, 25), ()),
        ),
        session_minutes=30,
        buffer_minutes=0,
    )


@pytest.mark.parametrize(
    "lengths",
    [
        {"session_minutes": 15, "buffer_minutes": 0},
        {"session_minutes": 240, "buffer_minutes": 120},
    ],
)
def test_plan_availability_accepts_the_extreme_lengths(lengths: dict[str, int]) -> None:
    assert plan_availability("UTC", [], **lengths).session_minutes == lengths["session_minutes"]


def test_touching_windows_and_the_same_hours_on_other_days_are_accepted() -> None:
    weekly = [(0, "09:00", "12:00"), (0, "12:00", "15:00"), (1, "09:00", "12:00")]
    assert len(plan_availability("UTC", weekly).weekly) == 3


GOOD_WEEK = [(0, "09:00", "12:00")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"zone_name": "Mars/Olympus_Mons"}, "zone"),
        ({"zone_name": ""}, "zone"),
        ({"zone_name": "Europe"}, "zone"),
        ({"zone_name": "../etc/passwd"}, "zone"),
        ({"weekly": [(7, "09:00", "12:00")]}, "weekly"),
        ({"weekly": [(-1, "09:00", "12:00")]}, "weekly"),
        ({"weekly": [(0, "12:00", "12:00")]}, "weekly"),
        ({"weekly": [(0, "17:00", "09:00")]}, "weekly"),
        ({"weekly": [(0, "9am", "12:00")]}, "weekly"),
        ({"weekly": [(0, "09:00", "24:00")]}, "weekly"),
        ({"weekly": [(0, "09:00", "12:60")]}, "weekly"),
        ({"weekly": [(0, "09:00", "12:00"), (0, "11:59", "13:00")]}, "weekly"),
        ({"weekly": [(0, "09:00", "17:00"), (0, "10:00", "11:00")]}, "weekly"),
        ({"exceptions": [("2027-02-30", [])]}, "exceptions"),
        ({"exceptions": [("", [])]}, "exceptions"),
        ({"exceptions": [("2027-03-04", []), ("2027-03-04", [("09:00", "10:00")])]}, "exceptions"),
        ({"exceptions": [("2027-03-04", [("09:00", "11:00"), ("10:00", "12:00")])]}, "exceptions"),
        ({"exceptions": [("2027-03-04", [("10:00", "09:00")])]}, "exceptions"),
        ({"exceptions": [("2027-03-04", [("ten", "11:00")])]}, "exceptions"),
        ({"session_minutes": 14}, "session_minutes"),
        ({"session_minutes": 241}, "session_minutes"),
        ({"buffer_minutes": -1}, "buffer_minutes"),
        ({"buffer_minutes": 121}, "buffer_minutes"),
    ],
)
def test_plan_availability_refuses_bad_input_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    given_input = {"zone_name": "Europe/London", "weekly": GOOD_WEEK, **changes}
    with pytest.raises(InvalidInput) as refused:
        plan_availability(**given_input)
    assert refused.value.field == field


# Properties over random hours, zones, exceptions, bookings and ranges

ZONES = [
    "UTC",
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Chatham",  # changes at 02:45, a quarter hour off the usual grid
]


def change_days(zone_name: str) -> list[date]:
    """The 2027 dates on which the zone's clocks change, found by comparing noon offsets."""
    zone = ZoneInfo(zone_name)
    days = [date(2027, 1, 1) + timedelta(days=n) for n in range(365)]
    offsets = [datetime.combine(day, time(12), zone).utcoffset() for day in days]
    return [
        day
        for day, (before, after) in zip(days[1:], pairwise(offsets), strict=True)
        if before != after
    ]


CHANGE_DAYS = {name: change_days(name) or [date(2027, 6, 1)] for name in ZONES}


def clock(minutes: int) -> str:
    return f"{minutes // 60:02}:{minutes % 60:02}"


def pairs(bounds: list[int]) -> list[tuple[str, str]]:
    ordered = sorted(bounds)
    return [(clock(a), clock(b)) for a, b in zip(ordered[::2], ordered[1::2], strict=False)]


clock_minutes = st.one_of(
    st.integers(0, 95).map(lambda quarter: quarter * 15),
    st.integers(0, 5 * 60),  # the small hours, where clocks change
    st.integers(0, 24 * 60 - 1),
)
day_hours = st.lists(clock_minutes, unique=True, max_size=6).map(pairs)


@dataclass(frozen=True)
class Case:
    availability: Availability
    first_day: date
    last_day: date
    taken: list[tuple[datetime, datetime]]
    not_before: datetime

    def slots(self) -> list[Slot]:
        return slots(
            self.availability,
            self.first_day,
            self.last_day,
            taken=self.taken,
            not_before=self.not_before,
        )


@st.composite
def cases(draw: st.DrawFn, nothing_taken: bool = False) -> Case:
    zone_name = draw(st.sampled_from(ZONES))
    near = st.sampled_from(CHANGE_DAYS[zone_name])
    anchor = draw(st.one_of(near, near, st.dates(date(2026, 1, 1), date(2028, 12, 31))))
    first_day = anchor - timedelta(days=draw(st.integers(0, 3)))
    last_day = first_day + timedelta(days=draw(st.integers(0, 6)))
    exception_days = draw(st.lists(st.integers(-1, 7), unique=True, max_size=3))
    availability = plan_availability(
        zone_name,
        [(weekday, start, end) for weekday in range(7) for start, end in draw(day_hours)],
        [(str(first_day + timedelta(days=n)), draw(day_hours)) for n in exception_days],
        draw(st.one_of(st.sampled_from([15, 30, 50, 60]), st.integers(15, 240))),
        draw(st.one_of(st.sampled_from([0, 10, 15]), st.integers(0, 120))),
    )
    origin = datetime.combine(first_day, time(), UTC)
    span = ((last_day - first_day).days + 2) * 24 * 60
    minutes = st.integers(-24 * 60, span).map(lambda n: origin + timedelta(minutes=n))
    bookings = st.tuples(minutes, st.integers(15, 300).map(lambda n: timedelta(minutes=n)))
    taken = [] if nothing_taken else draw(st.lists(bookings, max_size=4))
    not_before = LONG_AGO if nothing_taken else draw(minutes)
    return Case(
        availability, first_day, last_day, [(s, s + length) for s, length in taken], not_before
    )


PROPERTY = settings(max_examples=150, database=None)


@PROPERTY
@given(cases())
def test_no_slot_comes_within_the_buffer_of_a_taken_booking(case: Case) -> None:
    buffer = timedelta(minutes=case.availability.buffer_minutes)
    for slot in case.slots():
        for starts, ends in case.taken:
            assert not overlaps((slot.starts, slot.ends), (starts - buffer, ends + buffer))


@PROPERTY
@given(cases())
def test_slots_come_in_order_and_never_overlap(case: Case) -> None:
    found = case.slots()
    assert found == sorted(found, key=lambda slot: slot.starts)
    for earlier, later in pairwise(found):
        assert earlier.ends <= later.starts


@PROPERTY
@given(cases())
def test_every_slot_is_within_hours_and_one_session_long_in_utc(case: Case) -> None:
    found = case.slots()
    for slot in found:
        assert slot.starts.utcoffset() == timedelta(0)
        assert within_hours(case.availability, slot.starts, slot.ends)
    assert_each_lasts_one_session(found, case.availability)


@PROPERTY
@given(cases())
def test_every_slot_starts_on_a_requested_day_and_not_before_the_cut_off(case: Case) -> None:
    zone = case.availability.zone
    for slot in case.slots():
        assert case.first_day <= slot.starts.astimezone(zone).date() <= case.last_day
        assert slot.starts >= case.not_before


@PROPERTY
@given(cases(nothing_taken=True))
def test_with_nothing_taken_each_window_long_enough_offers_a_slot_at_its_opening(
    case: Case,
) -> None:
    session = timedelta(minutes=case.availability.session_minutes)
    starts = {slot.starts for slot in case.slots()}
    day = case.first_day
    while day <= case.last_day:
        for opens, closes in open_windows(case.availability, day):
            assert (opens in starts) is (closes - opens >= session)
        day += timedelta(days=1)


@PROPERTY
@given(
    cases(nothing_taken=True),
    st.lists(st.integers(0, 7 * 24 * 60), max_size=20),
    st.one_of(st.none(), st.integers(15, 240)),
)
def test_a_time_is_on_the_grid_exactly_when_slots_offer_it_with_nothing_taken(
    case: Case, offsets: list[int], minutes: int | None
) -> None:
    day = timedelta(days=1)
    offered = {
        slot.starts
        for slot in slots(
            case.availability,
            case.first_day - day,
            case.last_day + day,
            not_before=LONG_AGO,
            minutes=minutes,
        )
    }
    origin = datetime.combine(case.first_day, time(), UTC)
    candidates = offered | {origin + timedelta(minutes=n) for n in offsets}
    zone = case.availability.zone
    for starts in candidates:
        if case.first_day <= starts.astimezone(zone).date() <= case.last_day:
            assert on_grid(case.availability, starts, minutes) is (starts in offered)

"""Calendar files of bookings: what a calendar app reads back is what was booked, to the second,
whatever the time zone, with the booking's text intact."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Event
from icalendar.parser import unescape_backslash

from crossroads.booking.service.ics import PRODID, CalendarEvent, calendar_file

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LISBON = ZoneInfo("Europe/Lisbon")
AWKWARD_TEXT = "Zoë; café, 2nd floor\nring bell \\ then: wait"


def booking(uid: str = "b-1", *, starts: datetime | None = None, **changes: Any) -> CalendarEvent:
    starts = starts or datetime(2026, 3, 2, 10, 0, tzinfo=LISBON)
    event = CalendarEvent(
        uid=uid,
        starts=starts,
        ends=starts + timedelta(minutes=50),
        summary="Consultation with Dr Rivera",
    )
    return replace(event, **changes)


def parse(data: bytes) -> Calendar:
    calendar = Calendar.from_ical(data)
    assert isinstance(calendar, Calendar)
    return calendar


def only_event(data: bytes) -> Event:
    [event] = parse(data).events
    return event


def calendar_name(calendar: Calendar) -> str:
    # icalendar 7.3 reads X-WR-CALNAME as an unknown type and leaves its TEXT escapes in place.
    return unescape_backslash(str(calendar["X-WR-CALNAME"]))


def test_the_calendar_names_its_producer_and_the_person() -> None:
    calendar = parse(calendar_file([booking()], name="Ana's sessions", stamp=NOW))

    assert str(calendar["PRODID"]) == PRODID == "-//Crossroads//Bookings//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert calendar_name(calendar) == "Ana's sessions"


def test_every_field_of_a_booking_comes_back() -> None:
    starts = datetime(2026, 3, 2, 10, 0, tzinfo=LISBON)
    updated = datetime(2026, 2, 27, 16, 45, 12, tzinfo=LISBON)
    event = only_event(
        calendar_file(
            [
                booking(
                    "b-17",
                    starts=starts,
                    ends=starts + timedelta(minutes=50),
                    description="Bring your notes.",
                    location="12 Rua Augusta, Lisboa",
                    url="https://meet.example.org/r/abc?pwd=x1;y2,z3",
                    sequence=3,
                    updated=updated,
                )
            ],
            name="Ana",
            stamp=NOW,
        )
    )

    assert str(event["UID"]) == "b-17@crossroads"
    assert event.start == starts
    assert event.end == starts + timedelta(minutes=50)
    assert str(event["SUMMARY"]) == "Consultation with Dr Rivera"
    assert str(event["DESCRIPTION"]) == "Bring your notes."
    assert str(event["LOCATION"]) == "12 Rua Augusta, Lisboa"
    assert str(event["URL"]) == "https://meet.example.org/r/abc?pwd=x1;y2,z3"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("SEQUENCE") == 3
    assert event.decoded("DTSTAMP") == updated
    assert event.decoded("LAST-MODIFIED") == updated


def test_without_an_update_time_the_stamp_is_the_render_time_and_nothing_claims_a_change() -> None:
    event = only_event(calendar_file([booking()], name="Ana", stamp=NOW))

    assert event.decoded("DTSTAMP") == NOW
    assert "LAST-MODIFIED" not in event


def test_empty_description_location_and_url_are_left_out() -> None:
    event = only_event(calendar_file([booking()], name="Ana", stamp=NOW))

    assert {"DESCRIPTION", "LOCATION", "URL"}.isdisjoint(event)


def test_times_are_written_in_utc_so_the_file_needs_no_time_zone_definitions() -> None:
    data = calendar_file(
        [booking(starts=datetime(2026, 7, 2, 10, 0, tzinfo=LISBON))], name="Ana", stamp=NOW
    )

    assert b"DTSTART:20260702T090000Z\r\n" in data
    assert b"DTEND:20260702T095000Z\r\n" in data
    assert b"VTIMEZONE" not in data
    assert b"TZID" not in data


def at(zone: str, *fields: int, fold: int = 0) -> datetime:
    return datetime(*fields, tzinfo=ZoneInfo(zone), fold=fold)  # type: ignore[misc]


@pytest.mark.parametrize(
    "starts",
    [
        at("Asia/Kolkata", 2026, 3, 2, 10, 0),  # +05:30
        at("Asia/Kathmandu", 2026, 3, 2, 10, 0),  # +05:45
        at("America/St_Johns", 2026, 3, 2, 10, 0),  # -03:30
        at("Australia/Lord_Howe", 2026, 1, 15, 9, 0),  # +11:00 in its summer
        at("Australia/Lord_Howe", 2026, 7, 15, 9, 0),  # +10:30 in its winter
        at("Pacific/Chatham", 2026, 1, 15, 9, 0),  # +13:45
        at("UTC", 2026, 3, 2, 10, 0),
    ],
    ids=str,
)
def test_a_time_from_any_zone_comes_back_as_the_same_instant_in_utc(starts: datetime) -> None:
    event = only_event(calendar_file([booking(starts=starts)], name="Ana", stamp=NOW))

    assert event.start == starts
    assert event.start.utcoffset() == timedelta(0)
    assert event.start.replace(tzinfo=UTC) == starts.astimezone(UTC)
    assert event.end - event.start == timedelta(minutes=50)


@pytest.mark.parametrize(
    ("starts", "ends", "length"),
    [
        # Spring forward: 00:30 GMT to 02:30 BST is one hour, not two.
        (at("Europe/London", 2026, 3, 29, 0, 30), at("Europe/London", 2026, 3, 29, 2, 30), 60),
        # Fall back: the first 01:30 (EDT) to the second 01:30 (EST) is one hour.
        (
            at("America/New_York", 2026, 11, 1, 1, 30),
            at("America/New_York", 2026, 11, 1, 1, 30, fold=1),
            60,
        ),
        # Lord Howe moves its clocks by half an hour: 01:45 +11:00 to 01:45 +10:30.
        (
            at("Australia/Lord_Howe", 2026, 4, 5, 1, 45),
            at("Australia/Lord_Howe", 2026, 4, 5, 1, 45, fold=1),
            30,
        ),
    ],
)
def test_a_session_across_a_clock_change_keeps_its_instants_and_real_length(
    starts: datetime, ends: datetime, length: int
) -> None:
    event = only_event(calendar_file([booking(starts=starts, ends=ends)], name="Ana", stamp=NOW))

    assert event.start.replace(tzinfo=UTC) == starts.astimezone(UTC)
    assert event.end.replace(tzinfo=UTC) == ends.astimezone(UTC)
    assert event.end - event.start == timedelta(minutes=length)


def test_commas_semicolons_line_breaks_backslashes_and_accents_survive() -> None:
    data = calendar_file(
        [booking(summary=AWKWARD_TEXT, description=AWKWARD_TEXT, location=AWKWARD_TEXT)],
        name=AWKWARD_TEXT,
        stamp=NOW,
    )
    calendar = parse(data)
    [event] = calendar.events

    assert str(event["SUMMARY"]) == AWKWARD_TEXT
    assert str(event["DESCRIPTION"]) == AWKWARD_TEXT
    assert str(event["LOCATION"]) == AWKWARD_TEXT
    assert calendar_name(calendar) == AWKWARD_TEXT
    assert "LOCATION:Zoë\\; café\\, 2nd floor\\nring bell \\\\ then: wait\r\n" in data.decode()


def test_windows_line_breaks_become_plain_ones_and_control_characters_are_dropped() -> None:
    event = only_event(
        calendar_file(
            [booking(description="line one\r\nline two\rline\tthree\x00\x1b\x7f")],
            name="Ana",
            stamp=NOW,
        )
    )

    assert str(event["DESCRIPTION"]) == "line one\nline two\nline\tthree"


def test_a_long_text_is_folded_into_lines_calendar_apps_accept() -> None:
    text = "Café Zoë, " * 40
    data = calendar_file([booking(description=text)], name="Ana", stamp=NOW)

    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    assert str(only_event(data)["DESCRIPTION"]) == text


def test_a_cancelled_session_says_so_with_its_sequence_so_apps_remove_it() -> None:
    event = only_event(calendar_file([booking(cancelled=True, sequence=2)], name="Ana", stamp=NOW))

    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 2


def test_uids_are_unique_per_booking_and_the_same_on_every_render() -> None:
    events = [booking("b-1"), booking("b-2"), booking("b-3")]
    later = NOW + timedelta(days=3)

    first = [
        str(event["UID"]) for event in parse(calendar_file(events, name="Ana", stamp=NOW)).events
    ]
    again = [
        str(event["UID"])
        for event in parse(calendar_file(events[::-1], name="Ana", stamp=later)).events
    ]

    assert sorted(first) == ["b-1@crossroads", "b-2@crossroads", "b-3@crossroads"]
    assert again == first


def test_the_same_bookings_render_to_the_same_bytes() -> None:
    events = [booking("b-1", updated=NOW), booking("b-2", updated=NOW)]

    assert calendar_file(events, name="Ana", stamp=NOW) == calendar_file(
        events[::-1], name="Ana", stamp=NOW + timedelta(hours=1)
    )


def test_events_come_out_earliest_first_whatever_their_zone() -> None:
    kolkata = datetime(2026, 3, 2, 12, 0, tzinfo=ZoneInfo("Asia/Kolkata"))  # 06:30 UTC
    lisbon = datetime(2026, 3, 2, 7, 0, tzinfo=LISBON)  # 07:00 UTC
    new_york = datetime(2026, 3, 1, 22, 0, tzinfo=ZoneInfo("America/New_York"))  # 03:00 UTC

    calendar = parse(
        calendar_file(
            [
                booking("late", starts=lisbon),
                booking("mid", starts=kolkata),
                booking("early", starts=new_york),
            ],
            name="Ana",
            stamp=NOW,
        )
    )

    assert [str(event["UID"]) for event in calendar.events] == [
        "early@crossroads",
        "mid@crossroads",
        "late@crossroads",
    ]


def test_on_the_night_clocks_fall_back_the_order_is_by_instant_not_wall_clock() -> None:
    second_one_thirty = at("America/New_York", 2026, 11, 1, 1, 30, fold=1)  # 06:30 UTC
    first_one_forty_five = at("America/New_York", 2026, 11, 1, 1, 45)  # 05:45 UTC

    calendar = parse(
        calendar_file(
            [booking("a", starts=second_one_thirty), booking("b", starts=first_one_forty_five)],
            name="Ana",
            stamp=NOW,
        )
    )

    assert [str(event["UID"]) for event in calendar.events] == ["b@crossroads", "a@crossroads"]


def test_a_person_without_bookings_still_gets_a_calendar_that_parses() -> None:
    calendar = parse(calendar_file([], name="Ana", stamp=NOW))

    assert calendar.events == []
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar_name(calendar) == "Ana"


@pytest.mark.parametrize("field", ["starts", "ends", "updated"])
def test_a_naive_time_on_an_event_is_refused(field: str) -> None:
    aware = booking(updated=NOW)
    event = replace(aware, **{field: getattr(aware, field).replace(tzinfo=None)})

    with pytest.raises(ValueError, match="time-zone aware"):
        calendar_file([event], name="Ana", stamp=NOW)


def test_a_naive_stamp_is_refused() -> None:
    with pytest.raises(ValueError, match="time-zone aware"):
        calendar_file([], name="Ana", stamp=NOW.replace(tzinfo=None))


@pytest.mark.parametrize("length", [timedelta(0), timedelta(seconds=-1), timedelta(hours=-1)])
def test_an_event_must_end_after_it_starts(length: timedelta) -> None:
    starts = datetime(2026, 3, 2, 10, 0, tzinfo=LISBON)

    with pytest.raises(ValueError, match="end after it starts"):
        calendar_file([booking(starts=starts, ends=starts + length)], name="Ana", stamp=NOW)


def test_an_end_at_the_same_instant_written_in_another_zone_is_still_refused() -> None:
    starts = datetime(2026, 3, 2, 10, 0, tzinfo=LISBON)

    with pytest.raises(ValueError, match="end after it starts"):
        calendar_file(
            [booking(starts=starts, ends=starts.astimezone(ZoneInfo("Asia/Kolkata")))],
            name="Ana",
            stamp=NOW,
        )


def test_an_end_that_reads_later_on_the_wall_clock_but_is_earlier_is_refused() -> None:
    # On the night New York falls back, the second 01:30 (EST) comes after 01:45 (EDT).
    starts = at("America/New_York", 2026, 11, 1, 1, 30, fold=1)
    ends = at("America/New_York", 2026, 11, 1, 1, 45)

    with pytest.raises(ValueError, match="end after it starts"):
        calendar_file([booking(starts=starts, ends=ends)], name="Ana", stamp=NOW)


def test_fractions_of_a_second_are_refused_because_they_could_not_come_back() -> None:
    with pytest.raises(ValueError, match="fractions of a second"):
        calendar_file(
            [booking(starts=datetime(2026, 3, 2, 10, 0, 0, 500, tzinfo=LISBON))],
            name="Ana",
            stamp=NOW,
        )


def test_two_events_with_one_uid_are_refused() -> None:
    with pytest.raises(ValueError, match="own uid"):
        calendar_file([booking("b-1"), booking("b-1")], name="Ana", stamp=NOW)


def test_a_negative_sequence_is_refused() -> None:
    with pytest.raises(ValueError, match="negative sequence"):
        calendar_file([booking(sequence=-1)], name="Ana", stamp=NOW)


# Any character a person can type: no surrogates (not encodable) and no control characters
# (RFC 5545 forbids them), but line breaks and the characters iCalendar escapes, often.
typed_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]) | st.sampled_from('\n,;:\\" '),
    max_size=120,
)
# Hypothesis takes naive bounds and attaches the zones itself.
aware_times = st.datetimes(
    min_value=datetime(1970, 1, 1),  # noqa: DTZ001
    max_value=datetime(2200, 1, 1),  # noqa: DTZ001
    timezones=st.timezones(),
    allow_imaginary=False,
).map(lambda moment: moment.replace(microsecond=0))


@given(
    starts=aware_times,
    seconds=st.integers(min_value=1, max_value=14 * 24 * 3600),
    end_zone=st.timezones(),
    summary=typed_text,
    description=typed_text,
    location=typed_text,
)
def test_any_aware_times_and_any_typed_text_come_back_exactly(
    starts: datetime,
    seconds: int,
    end_zone: ZoneInfo,
    summary: str,
    description: str,
    location: str,
) -> None:
    ends = (starts.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(end_zone)
    booked = booking(
        starts=starts, ends=ends, summary=summary, description=description, location=location
    )

    calendar = parse(calendar_file([booked], name=summary, stamp=NOW))
    [event] = calendar.events

    # Compared in UTC: Python never calls a time in a repeated hour equal to one in another zone.
    assert event.start.utcoffset() == event.end.utcoffset() == timedelta(0)
    assert event.start.replace(tzinfo=UTC) == starts.astimezone(UTC)
    assert event.end.replace(tzinfo=UTC) == ends.astimezone(UTC)
    assert str(event["SUMMARY"]) == summary
    assert str(event.get("DESCRIPTION", "")) == description
    assert str(event.get("LOCATION", "")) == location
    assert calendar_name(calendar) == summary

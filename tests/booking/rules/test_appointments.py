"""Kinds of appointment: each checked as a practitioner writes it, the kinds a listing implies
when none are set, the client's choice of kind and way of meeting, and when a room is open."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crossroads.booking.rules.appointments import (
    MAX_KINDS,
    ROOM_OPENS_BEFORE,
    AppointmentKind,
    Mode,
    choose,
    implied_kinds,
    kind_from_dict,
    plan_kind,
    plan_kinds,
    room_open,
)
from crossroads.kernel.errors import InvalidInput

CONSULTATION = {
    "key": "consultation",
    "name": "Free consultation",
    "minutes": 15,
    "fee": 0,
    "online": True,
    "consultation": True,
}
SESSION = {"key": "session", "name": "Session", "minutes": 50, "fee": 90, "online": True}


def kind(**changes: Any) -> AppointmentKind:
    return plan_kind({**SESSION, **changes}, online=True, in_person=True)


def test_a_kind_reads_back_from_what_is_stored() -> None:
    written = kind(in_person=True, notice_hours=24, link="https://meet.example.org/ana")

    assert kind_from_dict(written.as_dict()) == written
    assert written.modes == (Mode.ONLINE, Mode.IN_PERSON)
    assert written.length == timedelta(minutes=50)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"key": "Two words"}, "key"),
        ({"name": " "}, "name"),
        ({"minutes": 5}, "minutes"),
        ({"minutes": "fifty"}, "minutes"),
        ({"minutes": True}, "minutes"),
        ({"fee": -1}, "fee"),
        ({"notice_hours": 400}, "notice_hours"),
        ({"online": False, "in_person": False}, "online"),
        ({"link": "http://plain.example.org"}, "link"),
    ],
)
def test_a_kind_written_wrong_is_refused_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        kind(**changes)

    assert refused.value.field == field


def test_a_kind_offers_only_the_ways_the_practitioner_meets() -> None:
    with pytest.raises(InvalidInput, match="do not meet in person"):
        plan_kind({**SESSION, "in_person": True}, online=True, in_person=False)


def test_a_practitioner_offers_one_to_six_kinds_each_key_once() -> None:
    assert len(plan_kinds([CONSULTATION, SESSION], online=True, in_person=False)) == 2
    with pytest.raises(InvalidInput, match="at least one"):
        plan_kinds([], online=True, in_person=False)
    with pytest.raises(InvalidInput, match="its own key"):
        plan_kinds([SESSION, SESSION], online=True, in_person=False)
    many = [{**SESSION, "key": f"k{n}"} for n in range(MAX_KINDS + 1)]
    with pytest.raises(InvalidInput, match="at most"):
        plan_kinds(many, online=True, in_person=False)


def test_a_listing_without_kinds_offers_a_short_free_consultation_and_a_session() -> None:
    consultation, session = implied_kinds(
        free_consultation=True, session_minutes=50, fee=80, online=True, in_person=False
    )

    assert (consultation.minutes, consultation.fee, consultation.consultation) == (15, 0, True)
    assert (session.minutes, session.fee, session.consultation) == (50, 80, False)
    assert implied_kinds(
        free_consultation=False, session_minutes=50, fee=80, online=True, in_person=True
    ) == (AppointmentKind("session", "Session", 50, 80, True, True),)


def test_the_client_chooses_a_kind_and_how_to_meet() -> None:
    both = kind(in_person=True)

    assert choose([both], "session", "in_person") == (both, Mode.IN_PERSON)
    with pytest.raises(InvalidInput, match="online or in person"):
        choose([both], "session", None)
    with pytest.raises(InvalidInput, match="kinds of appointment offered"):
        choose([both], "retreat", "online")
    only_online = kind()
    assert choose([only_online], "session", None) == (only_online, Mode.ONLINE)
    with pytest.raises(InvalidInput, match="not offered in person"):
        choose([only_online], "session", "in_person")


@given(st.integers(-120, 120))
def test_a_room_is_open_from_shortly_before_the_start_until_the_end(minutes: int) -> None:
    starts = datetime(2027, 3, 8, 10, 0, tzinfo=UTC)
    ends = starts + timedelta(minutes=50)
    now = starts + timedelta(minutes=minutes)

    assert room_open(starts, ends, now) == (starts - ROOM_OPENS_BEFORE <= now < ends)


def test_the_implied_kinds_use_the_profiles_own_room_when_it_names_one() -> None:
    kinds = implied_kinds(
        free_consultation=True,
        session_minutes=50,
        fee=80,
        online=True,
        in_person=False,
        link="https://rooms.example.org/ana",
    )

    assert {kind.link for kind in kinds} == {"https://rooms.example.org/ana"}

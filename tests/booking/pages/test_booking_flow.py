"""Booking in steps on the pages: a kind and a way of meeting, a time from lists by day, a
review that books nothing, then the booking's own page as the confirmation, with the room held
back until shortly before the start, the questions to ask, sharing in one step, and after a
consultation the question whether it was a fit. Cancelling and moving each ask first."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from crossroads.accounts.service.accounts import change_preferences, find_by_email
from crossroads.booking.service.appointments import set_kinds
from crossroads.booking.service.directory import save_listing
from crossroads.booking.store import BookingRow
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import shares_given
from crossroads.web.auth import SESSION_COOKIE
from tests.booking.pages.test_directory import EVERY_DAY, sign_in, times_on
from tests.booking.service.test_appointments import KINDS
from tests.booking.service.test_bookings import listing_fields
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime.now(UTC)


@pytest.fixture
def ana(runtime: Runtime) -> str:
    """A therapist with an account, open every day, with her own kinds of appointment."""
    with runtime.database.transaction() as session:
        person = make_person(session, "ana@example.org", role="practitioner")
        fields = listing_fields(
            email="ana@example.org", availability=EVERY_DAY, in_person=True, location="12 High St"
        )
        practitioner_id, _ = save_listing(session, fields, NOW, person.id)
        set_kinds(session, person, KINDS, NOW)
    return practitioner_id


def bookings_count(runtime: Runtime) -> int:
    with runtime.database.reading() as session:
        return session.scalar(select(func.count()).select_from(BookingRow)) or 0


def test_a_client_books_a_consultation_in_steps_and_the_booking_page_confirms_it(
    client: FormClient, runtime: Runtime, ana: str
) -> None:
    sign_in(client, runtime, "sam@example.org")

    kinds = client.get(f"/book/{ana}").text
    times = client.get(f"/book/{ana}?kind=hello").text
    first = times_on(times)[20]  # a few hours ahead: its room is not open yet
    review = client.post(
        f"/book/{ana}/review", data={"kind": "hello", "mode": "online", "starts": first}
    )

    assert "Free first chat: 15 minutes, free, online" in kinds
    assert "Walk and talk: 50 minutes, 90 USD, in person" in kinds
    assert times.count('<fieldset class="day">') >= 14  # every day of two weeks, each apart
    assert review.status_code == 200
    assert "Nothing is booked until you confirm" in review.text
    assert "15 minutes" in review.text
    assert bookings_count(runtime) == 0

    confirmed = client.post(
        f"/book/{ana}/confirm",
        data={"kind": "hello", "mode": "online", "starts": first},
        follow_redirects=False,
    )
    page = client.get(confirmed.headers["location"]).text

    assert confirmed.status_code == 303
    assert "You're booked" in page
    assert "Free first chat with Dr Ana Rivera" in page
    assert "meet.jit.si" not in page  # the room is held back until shortly before
    assert "appears here 10 minutes before the start" in page
    assert "Questions about therapy" in page  # what to ask in a first consultation


def test_a_kind_offered_both_ways_is_booked_in_person_with_the_address(
    client: FormClient, runtime: Runtime, ana: str
) -> None:
    sign_in(client, runtime, "sam@example.org")
    first = times_on(client.get(f"/book/{ana}?kind=session&mode=in_person").text)[0]

    confirmed = client.post(
        f"/book/{ana}/confirm",
        data={"kind": "session", "mode": "in_person", "starts": first},
    )

    assert "In person: 12 High St" in confirmed.text
    assert "video" not in confirmed.text.split("<dl")[1].split("</dl>")[0].lower()


def test_choosing_a_way_of_meeting_a_kind_does_not_offer_is_refused_kindly(
    client: FormClient, runtime: Runtime, ana: str
) -> None:
    sign_in(client, runtime, "sam@example.org")

    page = client.get(f"/book/{ana}?kind=walk&mode=online")

    assert page.status_code == 422
    assert "Walk and talk is not offered online" in page.text


def test_cancelling_and_moving_each_ask_first(
    client: FormClient, runtime: Runtime, ana: str
) -> None:
    sign_in(client, runtime, "sam@example.org")
    times = times_on(client.get(f"/book/{ana}?kind=hello").text)
    first, later = times[60], times[-1]  # beyond the day's notice for changing it
    booked = (
        client.post(
            f"/book/{ana}/confirm",
            data={"kind": "hello", "starts": first},
            follow_redirects=False,
        )
        .headers["location"]
        .split("?")[0]
    )

    ask = client.get(f"{booked}/cancel").text
    moves = client.get(f"{booked}/move").text
    moved = client.post(f"{booked}/move", data={"starts": later}, follow_redirects=False)

    assert "Cancel this booking?" in ask
    assert "Yes, cancel it" in ask
    assert later in times_on(moves)
    assert moved.headers["location"] == booked
    assert bookings_count(runtime) == 1
    cancelled = client.post(f"{booked}/cancel")
    assert "This booking is cancelled" in cancelled.text


def test_from_a_booking_a_client_shares_with_its_practitioner_in_one_step(
    client: FormClient, runtime: Runtime, ana: str
) -> None:
    sam = sign_in(client, runtime, "sam@example.org")
    first = times_on(client.get(f"/book/{ana}?kind=hello").text)[0]
    booked = (
        client.post(
            f"/book/{ana}/confirm", data={"kind": "hello", "starts": first}, follow_redirects=False
        )
        .headers["location"]
        .split("?")[0]
    )

    shared = client.post(f"{booked}/share", data={"areas": ["assessments"]})

    assert "Shared." in shared.text
    with runtime.database.reading() as session:
        [share] = shares_given(session, sam)
    assert (share.address, str(share.area)) == ("ana@example.org", "assessments")


def test_after_a_consultation_the_client_is_asked_whether_it_was_a_fit(
    client: FormClient, runtime: Runtime, ana: str
) -> None:
    sign_in(client, runtime, "sam@example.org")
    first = times_on(client.get(f"/book/{ana}?kind=hello").text)[0]
    booked = (
        client.post(
            f"/book/{ana}/confirm", data={"kind": "hello", "starts": first}, follow_redirects=False
        )
        .headers["location"]
        .split("?")[0]
    )
    with runtime.database.transaction() as session:  # the consultation took place yesterday
        row = session.get(BookingRow, booked.rsplit("/", 1)[1])
        assert row is not None
        row.starts_at, row.ends_at = (
            NOW - timedelta(days=1),
            NOW - timedelta(days=1) + timedelta(minutes=15),
        )

    asked = client.get(booked).text
    answered = client.post(f"{booked}/fit", data={"fit": "session"}, follow_redirects=False)

    assert "Was it a fit?" in asked
    assert answered.headers["location"] == f"/book/{ana}?kind=session"
    assert "Was it a fit?" not in client.get(booked).text


def _in_new_york(moment: datetime) -> str:
    """ "Tuesday, December 8, 2026 at 1:00 PM (New York time)", written out by hand: a person in
    New York reads dates and times the American way."""
    local = moment.astimezone(ZoneInfo("America/New_York"))
    day = f"{local:%A}, {local:%B} {local.day}, {local:%Y}"
    return f"{day} at {_us_time(local)} (New York time)"


def _us_time(local: datetime) -> str:
    return f"{local.hour % 12 or 12}:{local:%M}\N{NARROW NO-BREAK SPACE}{local:%p}"


def _in_tokyo(moment: datetime) -> str:
    """ "Wednesday, 9 December 2026 at 03:00 (Tokyo time)": British English elsewhere."""
    local = moment.astimezone(ZoneInfo("Asia/Tokyo"))
    return f"{local:%A}, {local.day} {local:%B %Y} at {local:%H:%M} (Tokyo time)"


def test_every_time_of_a_booking_is_shown_in_the_readers_own_zone_with_its_name(
    client: FormClient, runtime: Runtime, ana: str
) -> None:
    sam = sign_in(client, runtime, "sam@example.org")
    with runtime.database.transaction() as session:
        change_preferences(session, sam, time_zone="New York", check_in_reminders=True)
        ana_person = find_by_email(session, "ana@example.org")
        assert ana_person is not None
        change_preferences(session, ana_person, time_zone="Tokyo", check_in_reminders=True)
    times = client.get(f"/book/{ana}?kind=hello").text
    first = times_on(times)[20]
    starts = datetime.fromisoformat(first)
    in_new_york = starts.astimezone(ZoneInfo("America/New_York"))
    review = client.post(f"/book/{ana}/review", data={"kind": "hello", "starts": first}).text
    booked = client.post(
        f"/book/{ana}/confirm", data={"kind": "hello", "starts": first}, follow_redirects=False
    ).headers["location"]

    assert "Times are shown in New York time." in times
    assert f'value="{first}" required> {_us_time(in_new_york)}</label>' in times
    assert _in_new_york(starts) in review
    assert _in_new_york(starts) in client.get(booked).text
    assert _in_new_york(starts) in client.get("/bookings").text

    with runtime.database.transaction() as session:  # the practitioner reads it in Tokyo
        client.cookies.set(
            SESSION_COOKIE, browser_session(session, runtime.master_keys, ana_person, NOW)
        )
    theirs = client.get(booked.split("?")[0]).text

    assert _in_tokyo(starts) in theirs
    assert "New York time" not in theirs

"""/api/v1/practitioners and /api/v1/bookings over HTTP: the directory and its filters, free
times, booking (a taken time answers 409), moving, cancelling, and the calendar feed."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from crossroads.accounts.service.tokens import create_token
from crossroads.booking.service.directory import save_listing
from crossroads.platform.runtime import Runtime
from tests.booking.service.test_bookings import listing_fields
from tests.conftest import FormClient
from tests.factories import make_person
from tests.journal.api.test_entries import Api

NOW = datetime.now(UTC)
EVERY_DAY = {"weekly": [[day, "00:00", "23:00"] for day in range(7)]}


@pytest.fixture
def world(client: FormClient, runtime: Runtime) -> dict[str, Any]:
    with runtime.database.transaction() as session:
        therapist, _ = save_listing(session, listing_fields(availability=EVERY_DAY), NOW)
        save_listing(
            session, {"email": "lee@example.org", "name": "Lee Park", "kind": "coach"}, NOW
        )
        tokens = {
            name: create_token(
                session,
                make_person(session, f"{name}@example.org"),
                name="t",
                scopes=["read", "write"],
                now=NOW,
            )[1]
            for name in ("sam", "kim")
        }
    return {"therapist": therapist, **{name: Api(client, token) for name, token in tokens.items()}}


def test_the_directory_filters_by_what_is_offered(world: dict[str, Any]) -> None:
    everyone = world["sam"]("GET", "/api/v1/practitioners").json()
    coaches = world["sam"]("GET", "/api/v1/practitioners?kind=coach").json()

    assert {each["name"] for each in everyone} == {"Dr Ana Rivera", "Lee Park"}
    assert [each["offers"] for each in coaches] == [["coaching"]]
    [rivera] = [each for each in everyone if each["name"] == "Dr Ana Rivera"]
    assert rivera["licences"][0]["type"] == "LCSW"
    assert rivera["confidentiality"]


def test_a_client_books_a_free_time_moves_it_and_cancels_it(world: dict[str, Any]) -> None:
    sam, therapist = world["sam"], world["therapist"]
    slots = sam("GET", f"/api/v1/practitioners/{therapist}/slots").json()
    first, later = slots[30]["starts"], slots[31]["starts"]

    booked = sam("POST", "/api/v1/bookings", {"practitioner_id": therapist, "starts": first})
    moved = sam("PATCH", f"/api/v1/bookings/{booked.json()['id']}", {"starts": later})
    cancelled = sam("DELETE", f"/api/v1/bookings/{booked.json()['id']}")

    assert booked.status_code == 201, booked.text
    assert booked.json()["kind"] == "consultation"
    assert moved.json()["sequence"] == 1
    assert datetime.fromisoformat(moved.json()["starts"]) == datetime.fromisoformat(later)
    assert cancelled.json()["cancelled"] is True


def test_a_taken_time_answers_409(world: dict[str, Any]) -> None:
    therapist = world["therapist"]
    first = world["sam"]("GET", f"/api/v1/practitioners/{therapist}/slots").json()[3]["starts"]
    world["sam"]("POST", "/api/v1/bookings", {"practitioner_id": therapist, "starts": first})

    again = world["kim"](
        "POST", "/api/v1/bookings", {"practitioner_id": therapist, "starts": first}
    )

    assert again.status_code == 409
    assert "taken" in again.json()["detail"]


def test_a_time_off_the_grid_is_refused_naming_the_field(world: dict[str, Any]) -> None:
    therapist = world["therapist"]
    odd = (NOW + timedelta(days=3)).replace(minute=17, second=0, microsecond=0).isoformat()

    refused = world["sam"](
        "POST", "/api/v1/bookings", {"practitioner_id": therapist, "starts": odd}
    )

    assert refused.status_code == 422
    assert "starts" in refused.text


def test_the_calendar_feed_holds_the_bookings(world: dict[str, Any]) -> None:
    therapist = world["therapist"]
    first = world["sam"]("GET", f"/api/v1/practitioners/{therapist}/slots").json()[5]["starts"]
    world["sam"](
        "POST",
        "/api/v1/bookings",
        {"practitioner_id": therapist, "starts": first, "kind": "session"},
    )

    feed = world["sam"]("GET", "/api/v1/bookings.ics")

    assert feed.headers["content-type"].startswith("text/calendar")
    [event] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert event["DTSTART"].dt == datetime.fromisoformat(first)
    assert str(event["SUMMARY"]) == "Session with Dr Ana Rivera"


def test_a_practitioner_writes_their_own_listing_over_the_api(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        person = make_person(session, "noa@example.org", role="practitioner")
        token = create_token(session, person, name="t", scopes=["read", "write"], now=NOW)[1]
    api = Api(client, token)
    listing = {
        "name": "Noa Levi",
        "kind": "coach",
        "certifications": [{"body": "ICF", "level": "ACC"}],
        "availability": {"weekly": [[0, "09:00", "12:00"]]},
    }

    written = api("PUT", "/api/v1/practitioners/me", listing)
    refused = api("PUT", "/api/v1/practitioners/me", {**listing, "kind": "therapist"})

    assert written.status_code == 200, written.text
    assert written.json()["offers"] == ["coaching"]
    assert refused.status_code == 422
    assert "licence" in refused.text


def test_free_times_far_from_today_are_refused_not_a_crash(world: dict[str, Any]) -> None:
    therapist = world["therapist"]

    response = world["sam"](
        "GET", f"/api/v1/practitioners/{therapist}/slots?start=9999-12-30T00:00:00Z"
    )

    assert response.status_code == 422
    assert "within a year" in response.text


def test_a_practitioner_sets_kinds_and_a_client_books_one_over_the_api(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        person = make_person(session, "noa@example.org", role="practitioner")
        token = create_token(session, person, name="t", scopes=["read", "write"], now=NOW)[1]
        sam = make_person(session, "sam@example.org")
        sams = create_token(session, sam, name="t", scopes=["read", "write"], now=NOW)[1]
    noa, client_api = Api(client, token), Api(client, sams)
    listing = {"name": "Noa Levi", "kind": "coach", "in_person": True, "location": "Leeds"}
    listing_id = noa("PUT", "/api/v1/practitioners/me", {**listing, "availability": EVERY_DAY})
    kinds = [
        {"key": "intro", "name": "Intro call", "minutes": 20, "online": True, "consultation": True},
        {"key": "walk", "name": "Walk and talk", "minutes": 60, "fee": 70, "in_person": True},
    ]

    written = noa("PUT", "/api/v1/practitioners/me/appointments", kinds)
    too_long = noa("PUT", "/api/v1/practitioners/me/appointments", [{**kinds[0], "minutes": 600}])
    practitioner_id = listing_id.json()["id"]
    offered = client_api("GET", f"/api/v1/practitioners/{practitioner_id}/appointments").json()
    answer = client_api("GET", f"/api/v1/practitioners/{practitioner_id}/slots?appointment=walk")
    assert answer.status_code == 200, answer.text
    walks = answer.json()
    booked = client_api(
        "POST",
        "/api/v1/bookings",
        {"practitioner_id": practitioner_id, "starts": walks[30]["starts"], "appointment": "walk"},
    )

    assert written.status_code == 200, written.text
    assert too_long.status_code == 422
    assert [kind["key"] for kind in offered] == ["intro", "walk"]
    assert all(slot["ends"] != slot["starts"] for slot in walks)
    assert booked.status_code == 201, booked.text
    body = booked.json()
    assert (body["appointment"], body["minutes"], body["fee"], body["mode"]) == (
        "Walk and talk",
        60,
        70,
        "in_person",
    )
    assert (body["location"], body["meeting_link"]) == ("Leeds", "")

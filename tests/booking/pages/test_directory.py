"""The directory, a profile with its free times and booking, matches from an assessment (crisis
first, no booking), and the bookings page with cancelling, moving and the calendar file."""

from datetime import UTC, datetime
from typing import Any

import pytest
from icalendar import Calendar

from crossroads.accounts.service.accounts import change_region, change_subdivision, find_by_email
from crossroads.accounts.service.tokens import create_token, revoke_token
from crossroads.assessment.service.assessments import record_assessment
from crossroads.booking.service.directory import save_listing
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from tests.booking.service.test_bookings import listing_fields
from tests.conftest import FormClient
from tests.factories import DEPRESSED_WITH_GOAL, browser_session, make_person

NOW = datetime.now(UTC)
EVERY_DAY = {"weekly": [[day, "00:00", "23:00"] for day in range(7)]}


@pytest.fixture
def listed(runtime: Runtime) -> dict[str, str]:
    """A therapist open every day with an account, a coach, and a therapist whose only
    licence has expired."""
    with runtime.database.transaction() as session:
        person = make_person(session, "rivera@example.org", role="practitioner")
        therapist, _ = save_listing(
            session,
            listing_fields(availability=EVERY_DAY, specialties=["depression"]),
            NOW,
            person.id,
        )
        coach, _ = save_listing(
            session,
            {
                "email": "lee@example.org",
                "name": "Lee Park",
                "kind": "coach",
                "specialties": ["career"],
            },
            NOW,
        )
        lapsed_licence = [
            {"type": "LPC", "jurisdiction": "TX", "number": "TX-1", "expires_on": "2020-01-01"}
        ]
        lapsed, _ = save_listing(
            session,
            listing_fields(email="old@example.org", name="Tom Lapsed", licences=lapsed_licence),
            NOW,
        )
    return {"therapist": therapist, "coach": coach, "lapsed": lapsed}


def times_on(page: str) -> list[str]:
    """The times a page offers to choose, earliest first."""
    return [part.split('"')[0] for part in page.split('name="starts" value="')[1:]]


def free_times(client: FormClient, practitioner_id: str, kind: str = "session") -> list[str]:
    """The times offered for a kind of appointment on the booking page, earliest first."""
    return times_on(client.get(f"/book/{practitioner_id}?kind={kind}").text)


def book_on_pages(
    client: FormClient, practitioner_id: str, starts: str, kind: str = "session", note: str = ""
) -> Any:
    """Confirm a booking as the review page does; the response, not followed."""
    data = {"kind": kind, "starts": starts, "note": note}
    return client.post(f"/book/{practitioner_id}/confirm", data=data, follow_redirects=False)


def sign_in(client: FormClient, runtime: Runtime, email: str, role: str = "client") -> Any:
    with runtime.database.transaction() as session:
        person = make_person(session, email, role=role)
        client.cookies.set(
            SESSION_COOKIE, browser_session(session, runtime.master_keys, person, NOW)
        )
    return person


def test_the_directory_lists_and_filters_and_hides_therapy_without_a_current_licence(
    client: FormClient, listed: dict[str, str]
) -> None:
    everyone = client.get("/practitioners").text
    therapists = client.get("/practitioners?kind=therapist").text

    assert "Dr Ana Rivera" in everyone
    assert "Lee Park" in everyone
    assert "Tom Lapsed" not in everyone  # offers nothing today
    assert "Dr Ana Rivera" in therapists
    assert "Lee Park" not in therapists


def test_a_profile_shows_credentials_confidentiality_and_free_times(
    client: FormClient, listed: dict[str, str]
) -> None:
    page = client.get(f"/practitioners/{listed['therapist']}").text

    assert "LCSW, United Kingdom, number GB-4411" in page
    assert "bound by law" in page
    assert "Free consultation: 15 minutes, free, online" in page
    assert "Sign in" in page  # anonymous visitors see what can be booked, and sign in to book


def test_a_client_books_and_sees_it_then_moves_it_and_the_calendar_follows(
    client: FormClient, runtime: Runtime, listed: dict[str, str]
) -> None:
    sign_in(client, runtime, "sam@example.org")
    profile = client.get(f"/practitioners/{listed['therapist']}").text
    times = free_times(client, listed["therapist"], "consultation")
    first, second = times[30], times[31]  # beyond the day's notice for moving

    booked = book_on_pages(client, listed["therapist"], first, "consultation")

    assert f'href="/book/{listed["therapist"]}"' in profile
    assert booked.headers["location"].endswith("?booked=1")
    page = client.get("/bookings").text
    assert "Free consultation</a>" in page
    assert "Dr Ana Rivera" in page
    booking_id = booked.headers["location"].split("/")[2].split("?")[0]
    moved = client.post(
        f"/bookings/{booking_id}/move", data={"starts": second}, follow_redirects=False
    )
    assert moved.status_code == 303
    calendar = Calendar.from_ical(client.get("/bookings.ics").content)
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == datetime.fromisoformat(second)
    assert int(event["SEQUENCE"]) == 1


def test_a_taken_time_is_refused_kindly(
    client: FormClient, runtime: Runtime, listed: dict[str, str]
) -> None:
    sign_in(client, runtime, "sam@example.org")
    first = free_times(client, listed["therapist"])[0]
    book_on_pages(client, listed["therapist"], first)
    sign_in(client, runtime, "kim@example.org")

    again = book_on_pages(client, listed["therapist"], first)

    assert again.status_code == 409
    assert "just been taken" in again.text


def test_matches_from_an_assessment_name_their_reasons(
    client: FormClient, runtime: Runtime, listed: dict[str, str]
) -> None:
    person = sign_in(client, runtime, "sam@example.org")
    with runtime.database.transaction() as session:
        record_assessment(session, runtime.master_keys, DEPRESSED_WITH_GOAL, owner=person)

    page = client.get("/matches").text
    in_spanish = client.get("/matches?language=es").text

    assert "Dr Ana Rivera" in page
    assert "Works with low mood and depression" in page
    assert "Speaks Spanish" not in page
    assert 'option value="es" selected' in in_spanish


def test_a_crisis_result_shows_the_lines_first_and_no_one_to_book(
    client: FormClient, runtime: Runtime, listed: dict[str, str]
) -> None:
    person = sign_in(client, runtime, "sam@example.org")
    with runtime.database.transaction() as session:
        answers = {**DEPRESSED_WITH_GOAL, "text": "I'm going to end my life tonight"}
        record_assessment(session, runtime.master_keys, answers, owner=person)

    page = client.get("/matches").text

    assert "Support first" in page
    assert "Dr Ana Rivera" not in page


def test_the_practitioner_sees_the_clients_booking(
    client: FormClient, runtime: Runtime, listed: dict[str, str]
) -> None:
    sign_in(client, runtime, "sam@example.org")
    first = free_times(client, listed["therapist"])[0]
    book_on_pages(client, listed["therapist"], first, note="I get nervous on video calls")
    with runtime.database.transaction() as session:
        rivera = find_by_email(session, "rivera@example.org")
        assert rivera is not None
        token = browser_session(session, runtime.master_keys, rivera, NOW)
    client.cookies.set(SESSION_COOKIE, token)

    page = client.get("/bookings").text

    assert "Session</a>" in page
    assert "with Sam" in page
    assert "They wrote: “I get nervous on video calls”" in page


def test_a_practitioner_whose_licence_expired_is_told_so(
    client: FormClient, runtime: Runtime
) -> None:
    person = sign_in(client, runtime, "tom@example.org", role="practitioner")
    lapsed = [{"type": "LPC", "jurisdiction": "TX", "number": "TX-1", "expires_on": "2020-01-01"}]
    with runtime.database.transaction() as session:
        save_listing(
            session, listing_fields(email="tom@example.org", licences=lapsed), NOW, person.id
        )
        token = browser_session(session, runtime.master_keys, person, NOW)
    client.cookies.set(SESSION_COOKIE, token)

    page = client.get("/bookings").text

    assert "Your LPC licence (Texas) expired on 1 January 2020" in page  # a bare "TX" is Texas


def test_a_calendar_app_subscribes_with_a_calendar_token_until_it_is_revoked(
    client: FormClient, runtime: Runtime, listed: dict[str, str]
) -> None:
    person = sign_in(client, runtime, "sam@example.org")
    first = free_times(client, listed["therapist"])[0]
    book_on_pages(client, listed["therapist"], first)
    with runtime.database.transaction() as session:
        view, secret = create_token(session, person, name="calendar", scopes=["calendar"], now=NOW)
        _, reader = create_token(session, person, name="script", scopes=["read"], now=NOW)
    client.cookies.clear()

    feed = client.get(f"/calendar/{secret}.ics")
    assert client.get(f"/calendar/{reader}.ics").status_code == 404  # a wider token is refused
    with runtime.database.transaction() as session:
        revoke_token(session, person, view.id, NOW)

    [event] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert event["DTSTART"].dt == datetime.fromisoformat(first)
    assert client.get(f"/calendar/{secret}.ics").status_code == 404


def test_an_admin_is_told_of_listings_whose_licence_expired(
    client: FormClient, runtime: Runtime, listed: dict[str, str]
) -> None:
    sign_in(client, runtime, "admin@example.org", role="admin")

    page = client.get("/admin/people").text

    assert "Listings with an expired licence" in page
    assert "Tom Lapsed (old@example.org): LPC Texas expired 1 January 2020" in page
    assert "Still offers: nothing." in page
    assert "Dr Ana Rivera" not in page.split("<h2>People</h2>")[0]


def test_a_practitioner_writes_their_listing_and_people_can_book_the_hours_set(
    client: FormClient, runtime: Runtime
) -> None:
    sign_in(client, runtime, "noa@example.org", role="practitioner")
    form = {
        "name": "Noa Levi",
        "kind": "both",
        "licences": "LMFT CA 55120 2031-06-30",
        "certifications": "ICF PCC",
        "specialties": ["relationships", "career"],
        "languages": ["en", "es"],
        "online": "on",
        "accepting": "on",
        "free_consultation": "on",
        "time_zone": "America/Los_Angeles",
        "hours": "Mon 09:00-12:00\nThu 13:00-17:00",
        "exceptions": "2026-12-24 closed\n2026-12-31 10:00-13:00",
        "session_minutes": "50",
        "buffer_minutes": "10",
    }

    saved = client.post("/my-listing", data=form, follow_redirects=False)
    edit = client.get("/my-listing").text
    profile = client.get(saved.headers["location"]).text

    assert saved.status_code == 303
    assert "Mon 09:00-12:00\nThu 13:00-17:00" in edit
    assert "LMFT US-CA 55120 2031-06-30" in edit  # a bare "CA" was California
    assert "2026-12-24 closed\n2026-12-31 10:00-13:00" in edit
    assert "Therapy and coaching" in profile
    assert "ICF PCC" in profile
    assert "What you can book" in profile


def test_a_listing_with_bad_hours_comes_back_naming_the_problem(
    client: FormClient, runtime: Runtime
) -> None:
    sign_in(client, runtime, "noa@example.org", role="practitioner")

    response = client.post(
        "/my-listing",
        data={"name": "Noa Levi", "kind": "coach", "time_zone": "UTC", "hours": "Someday 9 to 5"},
    )

    assert response.status_code == 422
    assert "Mon 09:00-17:00" in response.text
    assert 'value="Noa Levi"' in response.text


def test_a_long_directory_comes_in_pages_whose_links_keep_the_filters(
    client: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        for n in range(60):
            save_listing(
                session,
                {"email": f"c{n:02}@example.org", "name": f"Coach {n:02}", "kind": "coach"},
                NOW,
            )
    everyone = client.get("/practitioners?kind=coach")

    assert "60 found" in everyone.text
    assert "Page 1 of 3." in everyone.text
    assert everyone.text.count('class="card') <= 25 or everyone.text.count("Coach ") <= 30
    assert "Coach 00" in everyone.text
    assert "Coach 25" not in everyone.text
    assert 'href="/practitioners?kind=coach&amp;page=2" rel="next"' in everyone.text
    second = client.get("/practitioners?kind=coach&page=2").text
    assert "Coach 25" in second
    assert "Coach 00" not in second
    assert 'href="/practitioners?kind=coach&amp;page=1" rel="prev"' in second
    last = client.get("/practitioners?kind=coach&page=99").text  # past the end: the last page
    assert "Page 3 of 3." in last
    assert "Coach 59" in last

    api = client.get("/api/v1/practitioners?kind=coach&page=3")
    assert api.status_code == 200
    assert [each["name"] for each in api.json()] == [f"Coach {n}" for n in range(50, 60)]
    assert (api.headers["x-total-count"], api.headers["x-page-count"]) == ("60", "3")


def licence_in(where: str) -> list[dict[str, str]]:
    return [{"type": "other", "jurisdiction": where, "number": "N-1", "expires_on": "2030-01-01"}]


@pytest.fixture
def far_and_wide(runtime: Runtime, listed: dict[str, str]) -> None:
    """Beside the directory above (a therapist licensed in GB, a coach): therapists licensed in
    New York and Ontario, one offering both in New York, and one in New York not taking new
    clients."""
    with runtime.database.transaction() as session:
        for email, name, kind, where, accepting in [
            ("nia@example.org", "Nia York", "therapist", "US-NY", True),
            ("olu@example.org", "Olu Ontario", "therapist", "CA-ON", True),
            ("bo@example.org", "Bo Both", "both", "US-NY", True),
            ("cal@example.org", "Cal Closed", "therapist", "US-NY", False),
        ]:
            fields = listing_fields(
                email=email, name=name, kind=kind, licences=licence_in(where), accepting=accepting
            )
            save_listing(session, fields, NOW)


def client_in(
    client: FormClient, runtime: Runtime, region: str | None, subdivision: str | None
) -> None:
    """A signed-in client whose account says where they are, with a result suggesting both
    therapy and coaching, and no region answered in it."""
    person = sign_in(client, runtime, "sam@example.org")
    with runtime.database.transaction() as session:
        change_region(session, person, region)
        person = change_subdivision(session, person, subdivision)
        answers = {**DEPRESSED_WITH_GOAL, "region": None}
        record_assessment(session, runtime.master_keys, answers, owner=person)


def names_in(page: str) -> dict[str, int]:
    names = ["Dr Ana Rivera", "Lee Park", "Nia York", "Olu Ontario", "Bo Both", "Cal Closed"]
    return {name: page.count(f">{name}</a>") for name in names}


@pytest.mark.usefixtures("far_and_wide")
def test_a_new_york_client_is_matched_only_to_therapists_licensed_in_new_york_each_once(
    client: FormClient, runtime: Runtime
) -> None:
    client_in(client, runtime, "US", "US-NY")

    page = client.get("/matches").text

    assert names_in(page) == {
        "Dr Ana Rivera": 0,  # licensed in GB
        "Lee Park": 1,
        "Nia York": 1,
        "Olu Ontario": 0,  # licensed in Ontario
        "Bo Both": 1,  # in "both together" only
        "Cal Closed": 0,  # not taking new clients
    }
    assert "Licensed in New York (other)" in page
    assert "Therapists are shown only where their licence is valid for New York." in page
    assert 'name="where"' not in page
    assert "Coaching is not a licensed profession" in page


@pytest.mark.usefixtures("far_and_wide")
def test_where_the_state_is_unknown_the_page_says_so_and_asks_without_javascript(
    client: FormClient, runtime: Runtime
) -> None:
    client_in(client, runtime, "US", None)

    page = client.get("/matches").text
    there = client.get("/matches?where=US-NY").text

    assert "A therapist may see you only where their licence is valid." in page
    assert "We do not know yet which state, province or territory you are in" in page
    assert '<form method="get" action="/matches"' in page
    assert '<option value="US-NY">New York</option>' in page
    assert names_in(page)["Nia York"] == 1
    assert names_in(page)["Dr Ana Rivera"] == 0  # a US client, whatever the state
    assert "A therapist may see you only" not in there
    assert '<input type="hidden" name="where" value="US-NY">' in there  # kept by "Rank again"
    assert names_in(there)["Olu Ontario"] == 0


@pytest.mark.usefixtures("far_and_wide")
def test_where_nothing_is_known_every_therapist_shows_where_they_are_licensed(
    client: FormClient, runtime: Runtime
) -> None:
    client_in(client, runtime, None, None)

    page = client.get("/matches").text
    in_ontario = client.get("/matches?where=ca-on").text

    assert "We do not know yet where you are" in page
    assert "Licensed in Ontario (other)" in page
    assert "Licensed in United Kingdom (LCSW)" in page
    assert names_in(in_ontario) == {
        "Dr Ana Rivera": 0,
        "Lee Park": 1,
        "Nia York": 0,
        "Olu Ontario": 1,
        "Bo Both": 1,  # licensed in New York, so matched in Ontario as a coach only
        "Cal Closed": 0,
    }


@pytest.mark.usefixtures("far_and_wide")
def test_a_place_that_is_not_on_the_list_is_ignored(client: FormClient, runtime: Runtime) -> None:
    client_in(client, runtime, None, None)

    page = client.get("/matches?where=Narnia")

    assert page.status_code == 200
    assert "We do not know yet where you are" in page.text


@pytest.mark.usefixtures("far_and_wide")
def test_the_directory_still_lists_a_practitioner_not_taking_new_clients_marked(
    client: FormClient,
) -> None:
    page = client.get("/practitioners?kind=therapist").text

    assert "Cal Closed" in page
    assert "not taking new clients" in page
    assert "Licensed in Ontario" in page

"""A person sets the time zone their days are counted and times shown in (by a city, a country
or a zone's name, also at sign-up, filled by a script where the browser runs it), whether
check-in reminders come by email, and where they are (for the crisis lines shown first, also
asked at sign-up); an unknown zone or region is refused by name and nothing changes."""

from datetime import UTC, datetime

import pytest

from crossroads.accounts.service.sessions import start_session
from crossroads.kernel.zones import place_of
from crossroads.platform.person_rows import find_person_by_email
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import PASSWORD, make_person

NOW = datetime.now(UTC)


@pytest.fixture
def signed_in(client: FormClient, runtime: Runtime) -> FormClient:
    with runtime.database.transaction() as session:
        person = make_person(session, "traveller@example.org")
        client.cookies.set(SESSION_COOKIE, start_session(session, person, NOW))
    return client


def stored(runtime: Runtime) -> tuple[str, bool]:
    with runtime.database.transaction() as session:
        row = find_person_by_email(session, "traveller@example.org")
        assert row is not None
        return row.time_zone, row.check_in_reminders


def test_the_account_page_offers_the_zone_and_the_reminder_choice(signed_in: FormClient) -> None:
    page = signed_in.get("/account").text

    assert 'name="time_zone"' in page
    assert '<label for="time_zone">Your time zone</label>' in page
    assert 'value="UTC"' in page
    assert '<option value="Tokyo, Japan" data-zone="Asia/Tokyo">' in page
    assert '<option value="Boston, United States">' in page  # on New York's clock: no data-zone
    assert 'name="check_in_reminders" value="on" checked' in page


def test_a_new_zone_and_no_reminders_are_saved(signed_in: FormClient, runtime: Runtime) -> None:
    response = signed_in.post(
        "/account/preferences", data={"time_zone": " Asia/Tokyo "}, follow_redirects=False
    )

    assert response.status_code == 303
    assert stored(runtime) == ("Asia/Tokyo", False)


def test_an_unknown_zone_is_refused_and_nothing_changes(
    signed_in: FormClient, runtime: Runtime
) -> None:
    response = signed_in.post(
        "/account/preferences", data={"time_zone": "Mars/Olympus", "check_in_reminders": "on"}
    )

    assert response.status_code == 422
    assert "we don&#39;t know a place called “Mars/Olympus”" in response.text
    assert 'value="Mars/Olympus"' in response.text  # kept in the field to correct
    assert stored(runtime) == ("UTC", True)


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("New York", "America/New_York"),
        ("japan", "Asia/Tokyo"),
        ("mexico city", "America/Mexico_City"),
    ],
)
def test_a_city_or_a_country_is_saved_as_its_zone_and_shown_as_its_place(
    signed_in: FormClient, runtime: Runtime, typed: str, zone: str
) -> None:
    signed_in.post("/account/preferences", data={"time_zone": typed})

    assert stored(runtime) == (zone, False)
    page = signed_in.get("/account").text
    assert f'value="{place_of(zone)}"' in page


def test_a_country_with_several_clocks_is_asked_for_a_city(
    signed_in: FormClient, runtime: Runtime
) -> None:
    response = signed_in.post("/account/preferences", data={"time_zone": "United States"})

    assert response.status_code == 422
    assert "United States has more than one time zone" in response.text
    assert "New York, Chicago" in response.text
    assert stored(runtime) == ("UTC", True)


@pytest.mark.parametrize("address", ["/sign-up", "/account"])
def test_the_zone_field_loads_the_detecting_script_and_works_without_it(
    signed_in: FormClient, address: str
) -> None:
    page = signed_in.get(address).text

    assert '<script src="/static/time-zone.js" defer></script>' in page
    assert "data-detect-zone" in page
    # Without the script the field is an ordinary one, and the offer stays hidden.
    assert '<p id="time_zone-detected" hidden>' in page


def test_the_detecting_script_is_served_from_our_own_origin(client: FormClient) -> None:
    script = client.get("/static/time-zone.js")

    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert "resolvedOptions().timeZone" in script.text
    assert "data-detect-zone" in script.text


def stored_region(runtime: Runtime, email: str = "traveller@example.org") -> str | None:
    with runtime.database.transaction() as session:
        row = find_person_by_email(session, email)
        assert row is not None
        return row.region


def test_the_account_page_offers_the_region_not_chosen_at_first(signed_in: FormClient) -> None:
    page = signed_in.get("/account").text

    assert '<label for="region">Where you are (optional)</label>' in page
    assert '<option value="" selected>Not chosen</option>' in page
    assert '<option value="GB" >United Kingdom</option>' in page


def test_a_region_is_saved_shown_and_forgotten(signed_in: FormClient, runtime: Runtime) -> None:
    signed_in.post("/account/preferences", data={"time_zone": "UTC", "region": "gb"})

    assert stored_region(runtime) == "GB"
    assert '<option value="GB" selected>United Kingdom</option>' in signed_in.get("/account").text

    signed_in.post("/account/preferences", data={"time_zone": "UTC", "region": ""})
    assert stored_region(runtime) is None


def test_a_region_that_is_not_a_country_code_is_refused_and_nothing_changes(
    signed_in: FormClient, runtime: Runtime
) -> None:
    response = signed_in.post(
        "/account/preferences", data={"time_zone": "Asia/Tokyo", "region": "Narnia"}
    )

    assert response.status_code == 422
    assert "two-letter country code" in response.text
    assert stored_region(runtime) is None
    assert stored(runtime) == ("UTC", True)


def test_the_region_can_be_given_at_sign_up(client: FormClient, runtime: Runtime) -> None:
    form = client.get("/sign-up").text
    assert '<select id="region" name="region"' in form

    client.post(
        "/sign-up",
        data={
            "email": "new@example.org",
            "display_name": "New",
            "password": "a long enough passphrase",
            "region": "NZ",
        },
    )

    assert stored_region(runtime, "new@example.org") == "NZ"


def test_signing_up_without_a_region_leaves_it_unchosen(
    client: FormClient, runtime: Runtime
) -> None:
    client.post(
        "/sign-up",
        data={"email": "new@example.org", "display_name": "New", "password": "long passphrase"},
    )

    assert stored_region(runtime, "new@example.org") is None
    assert stored_zone(runtime, "new@example.org") == "UTC"


def stored_zone(runtime: Runtime, email: str) -> str:
    with runtime.database.reading() as session:
        row = find_person_by_email(session, email)
        assert row is not None
        return row.time_zone


def test_the_zone_given_or_filled_in_at_sign_up_is_saved(
    client: FormClient, runtime: Runtime
) -> None:
    form = client.get("/sign-up").text
    assert '<label for="time_zone">Your time zone (optional)</label>' in form

    client.post(
        "/sign-up",
        data={
            "email": "new@example.org",
            "display_name": "New",
            "password": "a long enough passphrase",
            "time_zone": "London",
        },
    )

    assert stored_zone(runtime, "new@example.org") == "Europe/London"


def test_an_unknown_zone_at_sign_up_is_refused_with_the_closest_places(
    client: FormClient, runtime: Runtime
) -> None:
    response = client.post(
        "/sign-up",
        data={
            "email": "new@example.org",
            "display_name": "New",
            "password": "a long enough passphrase",
            "time_zone": "Pariss",
        },
    )

    assert response.status_code == 422
    assert "Did you mean Paris, France?" in response.text
    assert 'value="Pariss"' in response.text
    with runtime.database.reading() as session:
        assert find_person_by_email(session, "new@example.org") is None


def test_deleting_the_account_needs_the_password_and_then_leaves_nothing(
    signed_in: FormClient, runtime: Runtime
) -> None:
    wrong = signed_in.post("/account/delete", data={"password": "not my password"})
    with runtime.database.reading() as session:
        kept = find_person_by_email(session, "traveller@example.org")

    right = signed_in.post("/account/delete", data={"password": PASSWORD})
    with runtime.database.reading() as session:
        gone = find_person_by_email(session, "traveller@example.org")

    assert wrong.status_code == 422
    assert "Type your password to confirm deletion" in wrong.text
    assert kept is not None
    assert right.status_code == 200
    assert gone is None


def stored_place(runtime: Runtime) -> tuple[str | None, str | None]:
    with runtime.database.transaction() as session:
        row = find_person_by_email(session, "traveller@example.org")
        assert row is not None
        return row.region, row.subdivision


def test_the_account_page_asks_for_the_state_or_province_beside_the_region(
    signed_in: FormClient,
) -> None:
    page = signed_in.get("/account").text

    assert '<select id="subdivision" name="subdivision"' in page
    assert '<optgroup label="Canada">' in page
    assert '<option value="US-NY">New York</option>' in page
    assert '<option value="CA-ON">Ontario</option>' in page


def test_a_state_is_saved_shown_and_forgotten_and_names_its_country(
    signed_in: FormClient, runtime: Runtime
) -> None:
    signed_in.post("/account/preferences", data={"time_zone": "UTC", "subdivision": "us-ny"})

    assert stored_place(runtime) == ("US", "US-NY")
    page = signed_in.get("/account").text
    assert '<option value="US-NY" selected>New York</option>' in page
    assert '<option value="US" selected>United States</option>' in page

    signed_in.post(
        "/account/preferences", data={"time_zone": "UTC", "region": "US", "subdivision": ""}
    )
    assert stored_place(runtime) == ("US", None)


def test_a_province_of_another_country_than_the_region_is_refused_and_nothing_changes(
    signed_in: FormClient, runtime: Runtime
) -> None:
    signed_in.post("/account/preferences", data={"time_zone": "UTC", "region": "GB"})

    response = signed_in.post(
        "/account/preferences",
        data={"time_zone": "Asia/Tokyo", "region": "GB", "subdivision": "CA-ON"},
    )

    assert response.status_code == 422
    assert "Ontario is not in United Kingdom" in response.text
    assert stored_place(runtime) == ("GB", None)
    assert stored(runtime) == ("UTC", False)


def test_moving_to_another_country_forgets_the_state(
    signed_in: FormClient, runtime: Runtime
) -> None:
    signed_in.post(
        "/account/preferences", data={"time_zone": "UTC", "region": "US", "subdivision": "US-NY"}
    )
    signed_in.post("/account/preferences", data={"time_zone": "UTC", "region": "GB"})

    assert stored_place(runtime) == ("GB", None)


def test_a_place_not_on_the_list_is_refused_by_name(
    signed_in: FormClient, runtime: Runtime
) -> None:
    response = signed_in.post(
        "/account/preferences", data={"time_zone": "UTC", "subdivision": "US-ZZ"}
    )

    assert response.status_code == 422
    assert "choose a state, province or territory from the list" in response.text
    assert stored_place(runtime) == (None, None)


def test_the_account_page_says_what_stays_after_deletion_and_why(signed_in: FormClient) -> None:
    page = signed_in.get("/account").text

    assert "What stays, and why" in page
    assert "practitioner's own professional records" in page
    assert "7 years unless the practice" in page

"""A person downloads their journal and brings history in from a file on the page: our CSV
round-trips, Daylio's moods are mapped by the person, every bad row is named and nothing added,
and crisis words in an imported history bring the crisis lines."""

from datetime import UTC, datetime
from typing import Any

import pytest

from crossroads.services.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime.now(UTC)
DAYLIO = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    "2025-03-01,March 1,Saturday,21:30,rad,walk,,\n"
    "2025-03-02,March 2,Sunday,20:00,meh,friends,,\n"
)


@pytest.fixture
def signed_in(client: FormClient, runtime: Runtime) -> FormClient:
    with runtime.database.transaction() as session:
        person = make_person(session, "writer@example.org")
        client.cookies.set(
            SESSION_COOKIE, browser_session(session, runtime.master_keys, person, NOW)
        )
    return client


def bring_in(client: FormClient, body: str, file_format: str, mood_map: str = "") -> Any:
    return client.post(
        "/journal/import",
        data={"format": file_format, "mood_map": mood_map},
        files={"file": ("history.csv", body.encode(), "text/csv")},
        follow_redirects=False,
    )


def test_our_csv_goes_out_and_comes_back_in(signed_in: FormClient) -> None:
    signed_in.post("/journal", data={"mood": "6", "coping": "rest", "note": "A bath"})
    exported = signed_in.get("/journal/export.csv")

    response = bring_in(signed_in, exported.text, "csv")

    assert exported.headers["content-type"].startswith("text/csv")
    assert response.headers["location"] == "/journal/transfer?imported=1"
    assert signed_in.get("/journal").text.count("A bath") == 2


def test_daylio_moods_are_mapped_by_the_person(signed_in: FormClient) -> None:
    response = bring_in(signed_in, DAYLIO, "daylio", "rad=10, meh=5")

    assert response.status_code == 303
    page = signed_in.get("/journal").text
    assert "Mood 10 of 10" in page
    assert "Mood 5 of 10" in page


def test_an_unmapped_mood_is_named_and_nothing_added(signed_in: FormClient) -> None:
    response = bring_in(signed_in, DAYLIO, "daylio", "rad=10")

    assert response.status_code == 422
    assert "meh" in response.text
    assert "Nothing was added" in response.text
    assert "Mood 10 of 10" not in signed_in.get("/journal").text


def test_a_plan_in_an_imported_note_brings_the_crisis_page(signed_in: FormClient) -> None:
    history = DAYLIO.replace("walk,,", "walk,,I'm going to end my life tonight")

    response = bring_in(signed_in, history, "daylio", "rad=10, meh=5")

    assert "Before anything else" in response.text


def test_a_wish_to_die_in_an_imported_note_asks_the_questions(signed_in: FormClient) -> None:
    history = DAYLIO.replace("walk,,", "walk,,I want to end my life")

    response = bring_in(signed_in, history, "daylio", "rad=10, meh=5")

    assert "Can we ask you a few questions?" in response.text
    assert "imported=" in response.text

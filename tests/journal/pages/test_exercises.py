"""The healing exercises as pages: readiness asked first, a calming tool suggested below the
person's threshold (which they can change) with a way on all the same, going deeper from a
thought record, small promises kept and counted, staying with a feeling for minutes the server
counts, and stepping back midway with what was written saved."""

from datetime import UTC, datetime, timedelta

import pytest

from crossroads.accounts.service.accounts import find_by_email
from crossroads.journal.rules.entries import EntryKind
from crossroads.journal.service.entries import journal_of
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime.now(UTC)
READY = "Before you start"
ACUTE = "I'm going to end my life tonight"


@pytest.fixture
def signed_in(client: FormClient, runtime: Runtime) -> FormClient:
    with runtime.database.transaction() as session:
        person = make_person(session, "healer@example.org")
        client.cookies.set(
            SESSION_COOKIE, browser_session(session, runtime.master_keys, person, NOW)
        )
    return client


def saved(runtime: Runtime, kind: EntryKind) -> list[dict[str, str]]:
    with runtime.database.reading() as session:
        person = find_by_email(session, "healer@example.org")
        assert person is not None
        entries = journal_of(session, runtime.master_keys, person)
    return [dict(each.entry.answers) for each in entries if each.entry.kind is kind]


def post(client: FormClient, path: str, **fields: str) -> str:
    response = client.post(path, data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    return location


def test_the_list_says_why_each_exercise_helps_and_when_to_step_back(
    signed_in: FormClient,
) -> None:
    page = signed_in.get("/journal/exercises").text

    assert "The belief under a thought" in page
    assert "Trusting yourself again" in page
    assert "Letting a feeling be felt" in page
    assert page.count("Why it helps:") == page.count("When to step back:") == 6


def test_an_exercise_asks_first_how_ready_the_person_feels(signed_in: FormClient) -> None:
    page = signed_in.get("/journal/exercises/feeling").text

    assert READY in page
    assert "How ready do you feel for this right now" in page
    assert 'name="feeling"' not in page
    assert "Why it helps:" in page


def test_below_the_threshold_a_calming_tool_is_suggested_and_going_on_is_allowed(
    signed_in: FormClient,
) -> None:
    page = signed_in.get("/journal/exercises/belief?readiness=3").text

    assert 'href="/right-now">Try a calming tool first' in page
    assert "Go on anyway" in page
    assert 'name="thought"' not in page
    on = signed_in.get("/journal/exercises/belief?readiness=3&anyway=yes").text
    assert 'name="thought"' in on
    assert '<input type="hidden" name="readiness" value="3">' in on


def test_at_the_threshold_the_exercise_goes_straight_on(signed_in: FormClient) -> None:
    page = signed_in.get("/journal/exercises/self_compassion?readiness=4").text

    assert "Try a calming tool first" not in page
    assert 'name="struggle"' in page


def test_a_readiness_off_the_scale_is_asked_again(signed_in: FormClient) -> None:
    response = signed_in.get("/journal/exercises/grief?readiness=12")

    assert response.status_code == 422
    assert "Choose a number from 0 to 10" in response.text
    assert READY in response.text


def test_the_person_sets_their_own_threshold(signed_in: FormClient) -> None:
    location = post(signed_in, "/journal/readiness", threshold="7")

    assert location == "/journal/exercises#readiness"
    assert '<option value="7" selected>' in signed_in.get("/journal/exercises").text
    page = signed_in.get("/journal/exercises/grief?readiness=6").text
    assert "Try a calming tool first" in page
    post(signed_in, "/journal/readiness", threshold="0")
    assert 'name="who"' in signed_in.get("/journal/exercises/grief?readiness=0").text


def test_a_threshold_off_the_scale_is_refused(signed_in: FormClient) -> None:
    response = signed_in.post("/journal/readiness", data={"threshold": "11"})

    assert response.status_code == 422
    assert "Choose a number from 0 to 10" in response.text


def test_a_thought_record_leads_deeper_to_its_belief_carrying_the_thought(
    signed_in: FormClient,
) -> None:
    form = signed_in.get("/journal/exercises/thought_record?readiness=7").text
    assert 'name="then" value="deeper"' in form
    location = post(
        signed_in,
        "/journal/exercises/thought_record",
        thought="Everyone at work thinks I'm useless",
        readiness="7",
        then="deeper",
    )
    record_id = location.split("from_record=")[1]

    assert location.startswith("/journal/exercises/belief?from_record=")
    asked = signed_in.get(location).text
    assert f'<input type="hidden" name="from_record" value="{record_id}">' in asked
    page = signed_in.get(f"{location}&readiness=7").text
    assert "Everyone at work thinks I&#39;m useless</textarea>" in page
    timeline = signed_in.get("/journal").text
    assert f'href="/journal/exercises/belief?from_record={record_id}">Go deeper' in timeline


def test_going_deeper_from_someone_elses_record_finds_nothing(
    signed_in: FormClient, runtime: Runtime
) -> None:
    location = post(signed_in, "/journal/exercises/thought_record", thought="A thought")
    record_id = location.split("#entry-")[1]
    with runtime.database.transaction() as session:
        other = make_person(session, "other@example.org")
        signed_in.cookies.set(
            SESSION_COOKIE, browser_session(session, runtime.master_keys, other, NOW)
        )

    response = signed_in.get(f"/journal/exercises/belief?from_record={record_id}&readiness=9")

    assert response.status_code == 404


def test_a_promise_is_made_kept_and_counted_without_blame(
    signed_in: FormClient, runtime: Runtime
) -> None:
    post(signed_in, "/journal/exercises/self_trust", promise="Walk after lunch", when="Weekdays")
    post(signed_in, "/journal/exercises/self_trust", promise="Call my sister")
    page = signed_in.get("/journal/exercises/self_trust").text
    assert "Walk after lunch" in page
    assert "Call my sister" in page
    assert "There is no score for the others." in page
    walk_id, _ = saved_ids(runtime)  # oldest first

    location = post(signed_in, f"/journal/promises/{walk_id}", kept="yes", noticed="Clearer head")
    post(signed_in, f"/journal/promises/{walk_id}", kept="not_yet")

    assert location == "/journal/exercises/self_trust#promises"
    page = signed_in.get("/journal/exercises/self_trust").text
    assert "You kept 1 promise to yourself in the last 4 weeks." in page
    assert "This week: 1 kept" in page
    assert f"/journal/promises/{walk_id}" not in page
    timeline = signed_in.get("/journal").text
    assert "Did you keep it?</dt><dd>Yes" in timeline
    assert "Clearer head" in timeline


def saved_ids(runtime: Runtime) -> list[str]:
    with runtime.database.reading() as session:
        person = find_by_email(session, "healer@example.org")
        assert person is not None
        return [each.id for each in journal_of(session, runtime.master_keys, person)]


def test_not_yet_keeps_a_promise_open(signed_in: FormClient, runtime: Runtime) -> None:
    post(signed_in, "/journal/exercises/self_trust", promise="Sleep by eleven")
    [promise_id] = saved_ids(runtime)

    post(signed_in, f"/journal/promises/{promise_id}", kept="not_yet", noticed="A late night")

    page = signed_in.get("/journal/exercises/self_trust").text
    assert f"/journal/promises/{promise_id}" in page
    assert "Did you keep it?</dt><dd>Not yet" in signed_in.get("/journal").text


def test_a_promise_check_without_a_choice_comes_back(
    signed_in: FormClient, runtime: Runtime
) -> None:
    post(signed_in, "/journal/exercises/self_trust", promise="Sleep by eleven")
    [promise_id] = saved_ids(runtime)

    response = signed_in.post(f"/journal/promises/{promise_id}", data={"noticed": "Hm"})

    assert response.status_code == 422
    assert "Say whether you kept it, or not yet" in response.text


def test_only_a_promise_can_be_checked(signed_in: FormClient, runtime: Runtime) -> None:
    post(signed_in, "/journal/exercises/grief", who="Grandad")
    [grief_id] = saved_ids(runtime)

    response = signed_in.post(f"/journal/promises/{grief_id}", data={"kept": "yes"})

    assert response.status_code == 422
    assert saved(runtime, EntryKind.SELF_TRUST) == []


def test_staying_with_a_feeling_starts_on_the_server_and_counts_whole_minutes(
    signed_in: FormClient, runtime: Runtime
) -> None:
    fields = {"feeling": "Anger", "body": "My jaw", "readiness": "6"}
    response = signed_in.post("/journal/exercises/feeling", data={**fields, "stay": "start"})

    assert response.status_code == 200
    assert "You have started staying with it." in response.text
    assert "Start staying with it" not in response.text
    assert "My jaw</textarea>" in response.text
    assert 'name="started" value="' in response.text
    assert saved(runtime, EntryKind.FEELING) == []  # nothing saved until the person says so

    started = (datetime.now(UTC) - timedelta(minutes=3, seconds=5)).isoformat()
    post(signed_in, "/journal/exercises/feeling", **fields, started=started, after="Softer")

    [answers] = saved(runtime, EntryKind.FEELING)
    assert answers["minutes"] == "3"
    assert answers["readiness"] == "6"
    assert "Minutes you stayed with it</dt><dd>3" in signed_in.get("/journal").text


def test_crisis_words_before_staying_bring_the_crisis_page_and_save_nothing(
    signed_in: FormClient, runtime: Runtime
) -> None:
    response = signed_in.post(
        "/journal/exercises/feeling", data={"feeling": ACUTE, "stay": "start"}
    )

    assert "Before anything else" in response.text
    assert saved(runtime, EntryKind.FEELING) == []


def test_stepping_back_midway_saves_what_is_written_and_leads_to_a_calming_tool(
    signed_in: FormClient, runtime: Runtime
) -> None:
    started = (datetime.now(UTC) - timedelta(minutes=2)).isoformat()

    location = post(
        signed_in,
        "/journal/exercises/feeling",
        feeling="Dread",
        body="Stomach",
        started=started,
        stepped_back="yes",
    )

    assert location == "/right-now#breathing"
    [answers] = saved(runtime, EntryKind.FEELING)
    assert answers == {"feeling": "Dread", "body": "Stomach", "minutes": "2", "stepped_back": "yes"}
    timeline = signed_in.get("/journal").text
    assert "You stepped back to a calming tool here." in timeline
    assert "stepped_back" not in timeline


def test_stepping_back_with_nothing_written_just_leads_to_a_calming_tool(
    signed_in: FormClient, runtime: Runtime
) -> None:
    location = post(signed_in, "/journal/exercises/belief", readiness="2", stepped_back="yes")

    assert location == "/right-now#breathing"
    assert saved(runtime, EntryKind.BELIEF) == []


def test_crisis_words_when_stepping_back_bring_the_crisis_page_first(
    signed_in: FormClient, runtime: Runtime
) -> None:
    response = signed_in.post(
        "/journal/exercises/belief", data={"thought": ACUTE, "stepped_back": "yes"}
    )

    assert "Before anything else" in response.text
    assert saved(runtime, EntryKind.BELIEF) == [{"thought": ACUTE, "stepped_back": "yes"}]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/journal/exercises/belief", "kinder"),
        ("/journal/exercises/self_trust", "promise"),
        ("/journal/exercises/feeling", "asks"),
    ],
)
def test_a_risky_sentence_in_a_new_exercise_brings_the_crisis_page_like_an_entry(
    signed_in: FormClient, path: str, field: str
) -> None:
    response = signed_in.post(path, data={field: ACUTE})

    assert response.status_code == 200
    assert "Before anything else" in response.text


def test_a_risky_sentence_in_a_promise_check_brings_the_crisis_page(
    signed_in: FormClient, runtime: Runtime
) -> None:
    post(signed_in, "/journal/exercises/self_trust", promise="Eat breakfast")
    [promise_id] = saved_ids(runtime)

    response = signed_in.post(
        f"/journal/promises/{promise_id}", data={"kept": "not_yet", "noticed": ACUTE}
    )

    assert "Before anything else" in response.text

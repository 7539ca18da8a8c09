"""The patterns page draws from the first few entries: mood over time from two days with a mood,
the ways a person coped from three entries that say how; each chart is a labelled image with a
sentence and a table standing in for it, and the page says plainly when there is too little to
draw, or to read a pattern from what is drawn."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from crossroads.accounts.service.accounts import change_preferences, find_by_email
from crossroads.journal.rules.entries import EntryKind, plan_entry
from crossroads.journal.rules.exercises import plan_exercise
from crossroads.journal.rules.tools import plan_tool_use
from crossroads.journal.service.entries import add_entry
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime.now(UTC)
TOO_LITTLE_TO_DRAW_MOOD = "Too little to draw yet. Note your mood on two different days"
TOO_LITTLE_TO_DRAW_COPING = "Too little to draw yet. Once 3 entries say how you"
NO_PATTERN_YET = "There is too little\n  yet to read a pattern from them."


@pytest.fixture
def signed_in(client: FormClient, runtime: Runtime) -> FormClient:
    with runtime.database.transaction() as session:
        person = make_person(session, "writer@example.org")
        client.cookies.set(
            SESSION_COOKIE, browser_session(session, runtime.master_keys, person, NOW)
        )
    return client


def write(runtime: Runtime, *moods: int, coping: tuple[str, ...] = ("movement",)) -> None:
    """One entry a day, the last of them today, with these moods and this coping."""
    with runtime.database.transaction() as session:
        person = find_by_email(session, "writer@example.org")
        assert person is not None
        for days_ago, mood in zip(range(len(moods) - 1, -1, -1), moods, strict=True):
            at = NOW - timedelta(days=days_ago)
            entry = plan_entry(at=at, mood=mood, coping=coping)
            add_entry(session, runtime.master_keys, person, entry, NOW)


def test_an_empty_journal_says_there_is_too_little_to_draw(signed_in: FormClient) -> None:
    page = signed_in.get("/journal/insights").text

    assert '<h2 id="mood-heading">Your mood</h2>' in page
    assert '<h2 id="coping-heading">How you coped</h2>' in page
    assert TOO_LITTLE_TO_DRAW_MOOD in page
    assert TOO_LITTLE_TO_DRAW_COPING in page
    assert 'role="img"' not in page


def test_two_entries_on_one_day_are_still_too_few_for_either_chart(
    signed_in: FormClient, runtime: Runtime
) -> None:
    write(runtime, 4)
    write(runtime, 6)

    page = signed_in.get("/journal/insights").text

    assert TOO_LITTLE_TO_DRAW_MOOD in page
    assert TOO_LITTLE_TO_DRAW_COPING in page


def test_three_entries_draw_mood_over_time_and_the_ways_of_coping(
    signed_in: FormClient, runtime: Runtime
) -> None:
    write(runtime, 4, 6)
    write(runtime, 5, coping=("rest", "support"))

    page = signed_in.get("/journal/insights").text

    assert TOO_LITTLE_TO_DRAW_MOOD not in page
    assert TOO_LITTLE_TO_DRAW_COPING not in page
    assert 'aria-labelledby="mood-chart-title mood-chart-desc"' in page
    assert '<title id="mood-chart-title">Mood over time</title>' in page
    assert "2 days with a mood from " in page  # the two entries today are one day's average
    assert "the latest is 5.5 of 10." in page
    assert 'aria-labelledby="coping-chart-title coping-chart-desc"' in page
    assert '<title id="coping-chart-title">Ways you coped</title>' in page
    assert "Movement is highest at 67%; Rest and care is lowest at 33%." in page
    assert '<tr><th scope="row">Reaching out</th><td>33%</td></tr>' in page
    assert "the 3 entries that\n  say how you coped" in page
    assert page.count("<summary>Show the numbers</summary>") == 2
    assert NO_PATTERN_YET in page


def test_once_patterns_can_be_read_the_charts_are_no_longer_called_too_little(
    signed_in: FormClient, runtime: Runtime
) -> None:
    write(runtime, *[5, 6] * 5)

    page = signed_in.get("/journal/insights").text

    assert "You most often turn to movement: in 10 of the 10 entries" in page
    assert '<title id="mood-chart-title">Mood over time</title>' in page
    assert NO_PATTERN_YET not in page


def test_two_weeks_of_work_draw_the_balance_and_the_table_holds_each_weeks_numbers(
    signed_in: FormClient, runtime: Runtime
) -> None:
    assert 'id="balance-chart-title"' not in signed_in.get("/journal/insights").text
    with runtime.database.transaction() as session:
        person = find_by_email(session, "writer@example.org")
        assert person is not None
        for entry in (
            plan_tool_use("breathing", {}, NOW - timedelta(days=7)),
            plan_entry(at=NOW, mood=5, coping=["movement"]),
            plan_exercise(EntryKind.FEELING, {"feeling": "Sad"}, NOW),
        ):
            add_entry(session, runtime.master_keys, person, entry, NOW)

    page = signed_in.get("/journal/insights").text

    assert 'aria-labelledby="balance-chart-title balance-chart-desc"' in page
    assert '<title id="balance-chart-title">Healing work, share of each week' in page
    assert "is highest at 50%;" in page
    assert "is lowest at 0%." in page
    assert "<td>1</td><td>1</td><td>0</td><td>1</td><td>0</td></tr>" in page  # this week
    assert "<td>0</td><td>0</td><td>1</td><td>0</td><td>0</td></tr>" in page  # the week before


def test_a_sunday_night_entry_counts_in_the_readers_own_week_not_utcs(
    signed_in: FormClient, runtime: Runtime
) -> None:
    zone = ZoneInfo("America/Los_Angeles")
    here = NOW.astimezone(zone)
    monday = datetime.combine(here.date() - timedelta(days=here.weekday()), time(), zone)
    sunday_night = monday - timedelta(minutes=30)  # already Monday in UTC
    with runtime.database.transaction() as session:
        person = find_by_email(session, "writer@example.org")
        assert person is not None
        change_preferences(session, person, time_zone="Los Angeles", check_in_reminders=True)
        entry = plan_entry(at=sunday_night, mood=5, coping=["movement"])
        add_entry(session, runtime.master_keys, person, entry, NOW)

    page = " ".join(signed_in.get("/journal/insights").text.split())

    assert "This week: 0 entries naming how you coped, 0 tools used" in page
    assert "<td>1</td><td>1</td><td>0</td><td>0</td><td>0</td></tr>" in page  # the week before

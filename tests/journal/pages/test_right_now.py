"""The "right now" page: its tools work without JavaScript, a tool's use is kept in the
journal as coping in one tap (its note screened like any entry), the people and numbers of the
person's safety plan are there to reach, and the crisis lines stay at the top of every step."""

import re
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

import pytest

import crossroads.web
from crossroads.accounts.service.accounts import find_by_email
from crossroads.journal.rules.coping import CopingKind
from crossroads.journal.rules.entries import plan_entry
from crossroads.journal.rules.tools import RHYTHMS
from crossroads.journal.service.entries import add_entry, journal_of
from crossroads.platform.runtime import Runtime
from crossroads.safety_plan.service import save_plan
from crossroads.web.auth import SESSION_COOKIE
from tests.conftest import FormClient
from tests.factories import browser_session, make_person

NOW = datetime.now(UTC)
EMAIL = "steady@example.org"
STRIP = "They are not a crisis service."


@pytest.fixture
def signed_in(client: FormClient, runtime: Runtime) -> FormClient:
    with runtime.database.transaction() as session:
        person = make_person(session, EMAIL)
        client.cookies.set(
            SESSION_COOKIE, browser_session(session, runtime.master_keys, person, NOW)
        )
    return client


def tools_used(runtime: Runtime) -> list[tuple[tuple[CopingKind, ...], dict[str, str]]]:
    with runtime.database.reading() as session:
        person = find_by_email(session, EMAIL)
        assert person is not None
        entries = journal_of(session, runtime.master_keys, person)
    return [(each.entry.coping, dict(each.entry.answers)) for each in entries if each.entry.is_tool]


@pytest.mark.parametrize(
    "path",
    [
        "/right-now",
        "/right-now/breathing/even",
        "/right-now/grounding?step=1",
        "/right-now/grounding?step=6",
        "/right-now/urge",
        "/right-now/urge?urge=substance",
    ],
)
def test_every_step_keeps_the_crisis_lines_at_the_top(signed_in: FormClient, path: str) -> None:
    page = signed_in.get(path).text

    assert page.index(STRIP) < page.index("<h1")
    assert 'href="/help-now"' in page


def test_the_page_is_one_tap_from_the_journal_form_and_the_menu(signed_in: FormClient) -> None:
    page = signed_in.get("/journal").text

    assert 'href="/right-now">Tools to help right now</a>' in page
    header = page[: page.index('<details class="menu">')]
    assert '<a class="now-link" href="/right-now">Right now</a>' in header


def test_each_rhythm_has_its_own_pacer_and_a_way_to_stop(signed_in: FormClient) -> None:
    index = signed_in.get("/right-now").text
    page = signed_in.get("/right-now/breathing/longer_out").text

    for rhythm in ("even", "longer_out", "box"):
        assert f'href="/right-now/breathing/{rhythm}"' in index
    assert 'class="pacer pacer-longer_out"' in page
    assert "In for 4, hold for 7, out for 8 seconds" in page
    assert 'href="/right-now#breathing">Stop</a>' in page
    assert signed_in.get("/right-now/breathing/fast").status_code == 404


def _block(css: str, opening: str) -> str:
    """The rules inside the braces after `opening`, nested braces included."""
    start = css.index(opening) + len(opening)
    depth, end = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(css[end], 0)
        end += 1
    return css[start : end - 1]


def test_the_stylesheet_paces_each_rhythm_and_stills_the_pacer_for_less_motion() -> None:
    css = (Path(crossroads.web.__file__).parent / "static" / "style.css").read_text()

    for key, rhythm in RHYTHMS.items():
        circle = _block(css, f".pacer-{key} .pacer-circle {{")
        assert f"animation-name: pace-{key};" in circle
        assert f"animation-duration: {rhythm.seconds}s;" in circle
        cue = _block(css, f"@keyframes cue-{key} {{")
        starts = [0, *accumulate(seconds for _, seconds in rhythm.phases)][:-1]
        assert [int(at) for at in re.findall(r"(\d+)% \{", cue)] == [
            round(100 * at / rhythm.seconds) for at in starts
        ]
        said = re.findall(r'content: "([^"]+)"', cue)
        assert said == [
            ("Breathe " + what.lower()) if what != "Hold" else what for what, _ in rhythm.phases
        ]
    still = _block(css, "@media (prefers-reduced-motion: reduce) {")
    assert re.search(r"\.pacer \.pacer-circle \{ animation: none;", still)
    assert re.search(r"\.urge-timer-bar \{ animation: none;", still)
    assert "pacer-cue" not in still  # the cue's words still change, without movement


def test_grounding_walks_through_the_five_senses_in_order(signed_in: FormClient) -> None:
    seen = [signed_in.get(f"/right-now/grounding?step={step}").text for step in range(1, 7)]

    for page, heading in zip(
        seen,
        (
            "5 things you can see",
            "4 things you can touch",
            "3 things you can hear",
            "2 things you can smell",
            "1 thing you can taste",
        ),
        strict=False,
    ):
        assert heading in page
    assert 'href="/right-now/grounding?step=2">Next' in seen[0]
    assert 'href="/right-now/grounding?step=6">Finish' in seen[4]
    assert "Log this as coping" in seen[5]
    assert signed_in.get("/right-now/grounding?step=7").status_code == 404


def test_logging_a_tool_keeps_it_as_coping_in_one_tap(
    signed_in: FormClient, runtime: Runtime
) -> None:
    response = signed_in.post(
        "/right-now/log", data={"tool": "breathing", "rhythm": "box"}, follow_redirects=False
    )

    assert response.status_code == 303
    assert response.headers["location"] == "/right-now?logged=yes#logged"
    assert tools_used(runtime) == [
        ((CopingKind.RELAXATION,), {"tool": "breathing", "rhythm": "box"})
    ]
    assert "Kept in your journal as coping." in signed_in.get("/right-now?logged=yes").text
    assert "Paced breathing (box)" in signed_in.get("/journal").text


def test_an_urge_is_timed_from_the_moment_it_was_chosen(
    signed_in: FormClient, runtime: Runtime
) -> None:
    page = signed_in.get("/right-now/urge?urge=substance").text
    assert 'name="started"' in page
    started = (datetime.now(UTC) - timedelta(minutes=12)).isoformat(timespec="seconds")

    signed_in.post(
        "/right-now/log",
        data={
            "tool": "urge_surfing",
            "urge": "substance",
            "started": started,
            "outcome": "passed",
            "note": "Made tea instead",
        },
        follow_redirects=False,
    )

    [(coping, answers)] = tools_used(runtime)
    assert coping == (CopingKind.RELAXATION,)
    assert answers == {
        "tool": "urge_surfing",
        "urge": "substance",
        "outcome": "passed",
        "minutes": "12",
        "note": "Made tea instead",
    }


def test_an_unknown_urge_or_tool_is_refused_with_words(
    signed_in: FormClient, runtime: Runtime
) -> None:
    assert signed_in.get("/right-now/urge?urge=running").status_code == 422
    refused = signed_in.post("/right-now/log", data={"tool": "nap"}, follow_redirects=False)

    assert refused.status_code == 422
    assert "Choose one of the tools" in refused.text
    assert tools_used(runtime) == []


def test_a_risky_note_leads_to_the_crisis_page_and_is_kept(
    signed_in: FormClient, runtime: Runtime
) -> None:
    response = signed_in.post(
        "/right-now/log",
        data={"tool": "grounding", "note": "I'm going to end my life tonight"},
        follow_redirects=False,
    )

    assert (
        response.status_code != 303
        or response.headers["location"] != "/right-now?logged=yes#logged"
    )
    assert len(tools_used(runtime)) == 1


def test_reaching_out_offers_the_plans_people_with_call_and_text_links(
    signed_in: FormClient, runtime: Runtime
) -> None:
    assert "Make your safety plan" in signed_in.get("/right-now").text
    with runtime.database.transaction() as session:
        person = find_by_email(session, EMAIL)
        assert person is not None
        written = {"ask_for_help": "My sister Ana, 0612 345 678", "warning_signs": "Not sleeping"}
        save_plan(session, runtime.master_keys, person, written, NOW)

    page = signed_in.get("/right-now").text

    assert "My sister Ana, 0612 345 678" in page
    assert 'href="tel:0612345678">Call 0612 345 678' in page
    assert 'href="sms:0612345678">Text 0612 345 678' in page
    assert "Not sleeping" not in page


def test_what_has_helped_before_comes_from_the_persons_own_ratings(
    signed_in: FormClient, runtime: Runtime
) -> None:
    assert "Your journal does not say yet." in signed_in.get("/right-now").text
    with runtime.database.transaction() as session:
        person = find_by_email(session, EMAIL)
        assert person is not None
        for days in (1, 2, 3):
            entry = plan_entry(
                at=NOW - timedelta(days=days * 3), mood=5, coping=["movement"], helped=8
            )
            add_entry(session, runtime.master_keys, person, entry, NOW)

    page = signed_in.get("/right-now").text

    assert "<strong>Movement</strong>" in page
    assert "you rated it 8.0 of 10 for how much it helped (3 times)" in page


def test_a_tool_entry_is_not_an_exercise_in_the_timeline(
    signed_in: FormClient, runtime: Runtime
) -> None:
    signed_in.post("/right-now/log", data={"tool": "reaching_out"}, follow_redirects=False)

    [(coping, answers)] = tools_used(runtime)
    assert (coping, answers) == ((CopingKind.SUPPORT,), {"tool": "reaching_out"})
    timeline = signed_in.get("/journal").text
    assert "A tool for the moment" in timeline
    assert 'class="entry exercise"' not in timeline


def test_a_tool_used_shows_in_this_weeks_balance(signed_in: FormClient) -> None:
    before = signed_in.get("/journal/insights").text
    assert "0 tools used, 0 exercises done" in " ".join(before.split())

    signed_in.post("/right-now/log", data={"tool": "breathing"}, follow_redirects=False)

    after = " ".join(signed_in.get("/journal/insights").text.split())
    assert "This week: 0 entries naming how you coped, 1 tool used, 0 exercises done" in after

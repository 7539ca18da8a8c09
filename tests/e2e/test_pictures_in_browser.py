"""In real Chromium, without JavaScript, at a phone's width and a desktop's: the goal page opens
with its check-in form and a chart whose unit is whole and whose labels read at the phone's
width; the journal's patterns draw mood over time and the ways of coping from three entries and
say that is not yet a pattern; the progress report draws the same charts. Each page passes
axe-core's WCAG AA rules, with no horizontal scroll."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from crossroads.accounts.service.accounts import find_by_email
from crossroads.assessment.rules.answers import Area
from crossroads.coaching.rules.checkins import Cadence, plan_schedule, report_check_in
from crossroads.coaching.rules.goals import Measure, MeasureKind, plan_goal
from crossroads.coaching.service.goal_parts import record_check_in
from crossroads.coaching.service.goals import add_goal
from crossroads.journal.rules.entries import plan_entry
from crossroads.journal.service.entries import add_entry
from crossroads.platform.runtime import Runtime
from tests.e2e.test_accounts_in_browser import sign_up
from tests.e2e.test_practice_in_browser import no_wcag_violations

pytestmark = pytest.mark.browser

SMALLEST_LABEL_PX = 12  # the height a chart's 14px label is drawn at, at least, on a phone


def keep_a_journal_and_a_goal(runtime: Runtime, email: str) -> None:
    """Three entries on three days naming how the person coped, and a goal counted in a unit
    long enough to be cut at the old axis ("runs a week"), with one check-in."""
    now = datetime.now(UTC)
    with runtime.database.transaction() as session:
        person = find_by_email(session, email)
        assert person is not None
        for days_ago, mood, coping in (
            (2, 4, ["movement"]),
            (1, 6, ["movement", "rest"]),
            (0, 5, ["support"]),
        ):
            entry = plan_entry(at=now - timedelta(days=days_ago), mood=mood, coping=coping)
            add_entry(session, runtime.master_keys, person, entry, now)
        goal = plan_goal(
            what="Run three times a week",
            why="To clear my head",
            area=Area.HABITS_HEALTH,
            measure=Measure(MeasureKind.NUMBER, "runs a week", 0.0, 3.0),
            starts_on=now.date() - timedelta(days=14),
            target_date=now.date() + timedelta(days=60),
        )
        schedule = plan_schedule(Cadence.WEEKLY, now.date() - timedelta(days=14))
        saved = add_goal(session, runtime.master_keys, person, goal, schedule, now=now)
        record_check_in(
            session, runtime.master_keys, person, saved.id, report_check_in(value=1.0), now=now
        )


def smallest_label(chart: Locator) -> float:
    """The height, in CSS pixels, of the smallest text the picture draws."""
    heights: list[float] = chart.locator("text").evaluate_all(
        "texts => texts.map(t => t.getBoundingClientRect().height)"
    )
    return min(heights)


def whole_and_readable(page: Page, name: str) -> None:
    chart = page.get_by_role("img", name=name)
    expect(chart).to_be_visible()
    assert smallest_label(chart) >= SMALLEST_LABEL_PX, name
    box, frame = chart.bounding_box(), page.locator("main").bounding_box()
    assert box is not None
    assert frame is not None
    assert frame["x"] <= box["x"]
    assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 1


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [375, 1280])
def test_the_pictures_read_at_a_phones_width_and_a_desktops(
    browser: Browser, live_server: str, live_runtime: Runtime, width: int
) -> None:
    context = browser.new_context(
        base_url=live_server, java_script_enabled=False, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    email = f"pia{width}@example.org"
    sign_up(page, "Pia", email)
    keep_a_journal_and_a_goal(live_runtime, email)

    page.goto("/goals")
    page.get_by_role("link", name="Run three times a week").click()
    goal_path = page.url.removeprefix(live_server)
    expect(page.locator("main form").first).to_have_attribute("action", f"{goal_path}/check-ins")
    expect(page.get_by_role("heading", name="Check in", exact=True)).to_be_visible()
    expect(page.get_by_label("Where are you now (runs a week)?")).to_be_visible()
    whole_and_readable(page, "Run three times a week")
    unit = page.get_by_role("img", name="Run three times a week").locator("text.line-chart-unit")
    expect(unit).to_have_text("runs a week")
    picture = page.get_by_role("img", name="Run three times a week").bounding_box()
    drawn = unit.bounding_box()
    assert picture is not None
    assert drawn is not None
    assert drawn["x"] >= picture["x"]  # the whole unit lies inside the picture
    no_sideways_scroll(page)
    no_wcag_violations(page)

    page.goto("/journal/insights")
    expect(page.get_by_role("heading", name="Your mood")).to_be_visible()
    expect(page.get_by_role("heading", name="How you coped")).to_be_visible()
    whole_and_readable(page, "Mood over time")
    whole_and_readable(page, "Ways you coped")
    expect(page.get_by_text("There is too little yet to read a pattern from them.")).to_be_visible()
    no_sideways_scroll(page)
    no_wcag_violations(page)

    page.goto("/report")
    whole_and_readable(page, "How far along each goal is")
    whole_and_readable(page, "Mood over time")
    no_sideways_scroll(page)
    no_wcag_violations(page)
    context.close()

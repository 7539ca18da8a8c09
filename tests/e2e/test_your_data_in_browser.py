"""In real Chromium, at 375 px and at 1280 px: a practitioner turns two-factor sign-in on and
is shown ten recovery codes, signs in with one, is refused it the second time and makes a new
set; a client reads everything held about them, in words, and who has looked, one row per
visit. axe-core finds no WCAG AA violation on any of these pages."""

import re
from datetime import UTC, datetime

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

from crossroads.accounts.service.sessions import start_session
from crossroads.coaching.rules.checkins import Cadence, plan_schedule
from crossroads.coaching.rules.goals import plan_goal
from crossroads.coaching.service.goals import add_goal
from crossroads.kernel.consent import Area
from crossroads.kernel.people import Person
from crossroads.platform.runtime import Runtime
from crossroads.sharing.service.grants import grant_access
from crossroads.web.auth import SESSION_COOKIE
from tests.e2e.test_accessibility import WCAG_AA
from tests.factories import PASSWORD, browser_session, make_person

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def no_wcag_violations(page: Page) -> None:
    """axe runs on the page as it stands (a page a form answered cannot be fetched again), so
    these contexts have script on and the Content-Security-Policy bypassed for axe alone."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert results.violations_count == 0, results.generate_report()


def _browser_for(
    browser: Browser, live_server: str, runtime: Runtime, email: str, width: str, role: str
) -> tuple[BrowserContext, Person]:
    """A new account, made as an operator would, signed in with its password only."""
    with runtime.database.transaction() as session:
        person = make_person(session, email, role=role)
        token = start_session(session, person, datetime.now(UTC))
    context = browser.new_context(base_url=live_server, viewport=WIDTHS[width], bypass_csp=True)
    context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])
    return context, person


def _sign_in_again(page: Page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()


def _use_recovery_code(page: Page, code: str) -> None:
    page.get_by_label("Recovery code").fill(code)
    page.get_by_role("button", name="Sign in with a recovery code").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_recovery_codes_sign_in_once_and_a_new_set_replaces_the_old(
    browser: Browser, live_server: str, live_runtime: Runtime, width: str
) -> None:
    email = f"dr.lin.{width}@example.org"
    context, _ = _browser_for(browser, live_server, live_runtime, email, width, "practitioner")
    page = context.new_page()
    page.goto("/account/two-factor")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Six-digit code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").locator("code").all_inner_texts()
    assert len(set(codes)) == 10
    no_wcag_violations(page)

    _sign_in_again(page, email)
    no_wcag_violations(page)
    _use_recovery_code(page, codes[0])
    expect(page.get_by_role("heading", name="Two-factor sign-in", exact=True)).to_be_visible()
    expect(page.get_by_text("You have 9 recovery codes left.")).to_be_visible()
    no_wcag_violations(page)

    _sign_in_again(page, email)
    _use_recovery_code(page, codes[0])
    expect(
        page.get_by_text("That recovery code isn't one of yours, or it has been used")
    ).to_be_visible()
    _use_recovery_code(page, codes[1])
    page.get_by_role("button", name="Make new recovery codes").click()
    fresh = page.get_by_role("list", name="Recovery codes").locator("code").all_inner_texts()
    expect(page.get_by_text("Any codes you had before no longer work.")).to_be_visible()

    _sign_in_again(page, email)
    _use_recovery_code(page, codes[2])
    expect(
        page.get_by_text("That recovery code isn't one of yours, or it has been used")
    ).to_be_visible()
    _use_recovery_code(page, fresh[0])
    page.get_by_role("link", name="Set up a new authenticator").click()
    expect(page.get_by_role("heading", name="Set up a new authenticator")).to_be_visible()
    no_wcag_violations(page)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_client_reads_what_is_held_and_who_looked_in_words(
    browser: Browser, live_server: str, live_runtime: Runtime, width: str
) -> None:
    email = f"noor.{width}@example.org"
    context, noor = _browser_for(browser, live_server, live_runtime, email, width, "client")
    now = datetime.now(UTC)
    with live_runtime.database.transaction() as session:
        coach = make_person(session, f"coach.{width}@example.org", role="practitioner")
        grant_access(session, noor, practitioner_email=coach.email, areas=[Area.COACHING], now=now)
        goal = plan_goal(what="Run 5 km without stopping", starts_on=now.date())
        schedule = plan_schedule(Cadence.WEEKLY, goal.starts_on)
        goal_id = add_goal(session, live_runtime.master_keys, noor, goal, schedule, now=now).id
        coach_token = browser_session(session, live_runtime.master_keys, coach, now)
    coach_context = browser.new_context(base_url=live_server)
    coach_context.add_cookies([{"name": SESSION_COOKIE, "value": coach_token, "url": live_server}])
    coaching = coach_context.new_page()
    coaching.goto(f"/clients/{noor.id}")  # the overview reads the goals under the grant...
    coaching.goto(f"/goals/{goal_id}")  # ...and the goal itself: one visit
    coach_context.close()
    page = context.new_page()

    page.goto("/account/export")
    expect(page.get_by_role("heading", name="Everything we hold about you")).to_be_visible()
    expect(page.get_by_role("heading", name="Your coaching goals (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Run 5 km without stopping")).to_be_visible()
    expect(page.get_by_role("heading", name="Who has looked at your data")).to_be_visible()
    no_wcag_violations(page)

    page.goto("/sharing/access-log")
    rows = page.get_by_role("row").filter(has_text="Coach.")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Looked at your goal “Run 5 km without stopping”")
    assert not UUID.search(page.locator("main").inner_text())
    no_wcag_violations(page)
    context.close()

"""Every page passes axe-core's WCAG 2.x A and AA rules and fits a 320 px phone's width, signed
out and signed in."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from crossroads.platform.runtime import Runtime
from tests.e2e.conftest import follow_sign_up_link
from tests.e2e.test_time_and_phone_in_browser import signed_in_context

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/assessment",
    "/assessment?form=short",
    "/help-now?region=US",
    "/safety-plan",
    "/sign-up",
    "/sign-in",
    "/password-reset",
    "/guides",
    "/guides/questions-to-ask",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


RESULT_GOALS = {
    "coaching result": "Write a novel in a year",
    "crisis result": "Some days I want to die",
}


def _result_page(page: Page, goal: str) -> None:
    page.goto("/assessment?form=short")
    page.get_by_label("Is there something you want to achieve").fill(goal)
    page.get_by_label("How steady do you feel").select_option("8")
    page.get_by_label("Where are you?").select_option("GB")
    page.get_by_role("button", name="See my suggestion").click()


@pytest.mark.parametrize("path", [*PAGES, *RESULT_GOALS])
def test_the_page_has_no_wcag_aa_violations(browser: Browser, live_server: str, path: str) -> None:
    # axe runs as an injected script, which our Content-Security-Policy would rightly block.
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    if path in RESULT_GOALS:
        _result_page(page, RESULT_GOALS[path])
    else:
        page.goto(path)

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})

    context.close()
    assert results.violations_count == 0, results.generate_report()


PHONE = {"width": 320, "height": 640}  # the narrowest phones in use
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize("path", PAGES)
def test_the_page_fits_a_phone_without_sideways_scrolling(
    browser: Browser, live_server: str, path: str
) -> None:
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(path)

    overflow = page.evaluate(OVERFLOW)

    context.close()
    assert overflow <= 0


SIGNED_IN_PAGES = [
    "/",
    "/account",
    "/account/two-factor",
    "/sharing",
    "/sharing/access-log",
    "/messages",
    "/care-team",
    "/goals",
    "/journal",
    "/measures",
    "/homework",
    "/practitioners",
    "/bookings",
    "/referrals",
]


def test_signed_in_pages_have_no_wcag_aa_violations(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    page.goto("/sign-up")
    page.get_by_label("Your name").fill("Axe Tester")
    page.get_by_label("Email address").fill("axe@example.org")
    page.get_by_label("Password").fill("a long enough passphrase")
    page.get_by_role("button", name="Create my account").click()
    follow_sign_up_link(page, "axe@example.org")

    reports = {}
    for path in SIGNED_IN_PAGES:
        page.goto(path)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        if results.violations_count:
            reports[path] = results.generate_report()

    context.close()
    assert reports == {}


def test_signed_in_pages_fit_a_phone_without_sideways_scrolling(
    browser: Browser, live_server: str, live_runtime: Runtime
) -> None:
    context = signed_in_context(
        browser, live_server, live_runtime, "narrow@example.org", viewport=PHONE, is_mobile=True
    )
    page = context.new_page()

    too_wide = {}
    for path in SIGNED_IN_PAGES:
        page.goto(path)
        if (overflow := page.evaluate(OVERFLOW)) > 0:
            too_wide[path] = overflow

    context.close()
    assert too_wide == {}

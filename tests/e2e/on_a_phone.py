"""Checking a page as a phone shows it to someone signed in: a second browser, with scripts on
and the Content-Security-Policy bypassed (axe and computed styles are scripts), holding the
walking browser's session, reports axe-core's WCAG 2.x A and AA violations and any sideways
scrolling."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

from tests.e2e.test_accessibility import OVERFLOW, WCAG_AA

PHONE = {"width": 375, "height": 740}


def looking_page(
    browser: Browser, live_server: str, walking: BrowserContext, **options: object
) -> Page:
    """A page in a second, scripted browser at phone width holding `walking`'s session; the
    caller closes its context."""
    context = browser.new_context(
        base_url=live_server, bypass_csp=True, viewport=PHONE, is_mobile=True, **options
    )
    context.add_cookies(walking.cookies())
    return context.new_page()


def problems_at(page: Page, url: str) -> list[str]:
    """What is wrong with the page at `url`: axe's violations and any sideways scrolling."""
    page.goto(url)
    problems = []
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    if results.violations_count:
        problems.append(f"{url}: {results.generate_report()}")
    if (overflow := page.evaluate(OVERFLOW)) > 0:
        problems.append(f"{url}: {overflow} px too wide")
    return problems

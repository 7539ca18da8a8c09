"""In real Chromium, without JavaScript: signing up lands on the home page; a client's home
offers one next step and, once a goal is set, the check-in due on it; a practitioner's home puts
alerts first. axe-core finds no WCAG AA violations on either home."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.test_accounts_in_browser import enter_code, new_page, sign_in, sign_up
from tests.e2e.test_practice_in_browser import no_wcag_violations

pytestmark = pytest.mark.browser


def test_a_client_lands_on_a_home_that_offers_one_next_step(
    browser: Browser, live_server: str
) -> None:
    page = new_page(browser, live_server)
    sign_up(page, "Ines", "ines.home@example.org")

    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_role("heading", name="Hello, Ines", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Start the assessment")).to_be_visible()
    no_wcag_violations(page)

    page.goto("/goals/new")
    page.get_by_label("What would you like to achieve?").fill("Swim a mile without stopping")
    page.get_by_role("button", name="Save the goal").click()
    page.goto("/")
    due = page.get_by_role("region", name="What is due")
    expect(due).to_contain_text("A check-in on Swim a mile without stopping")
    page.get_by_role("link", name="Check in on your goal").click()
    expect(page).to_have_url(re.compile(r"/goals/[0-9a-f-]{36}#check-in$"))
    page.goto("/")
    no_wcag_violations(page)


def test_a_practitioners_home_puts_alerts_first(
    browser: Browser, live_server: str, make_practitioner: Callable[[str], None]
) -> None:
    therapist = new_page(browser, live_server)
    sign_up(therapist, "Dr Home", "dr.home@example.org")
    make_practitioner("dr.home@example.org")
    sign_in(therapist, "dr.home@example.org")
    enter_code(therapist, therapist.locator("#totp-secret").inner_text())
    therapist.get_by_role("button", name="Turn on two-factor sign-in").click()

    therapist.goto("/")

    headings = therapist.get_by_role("heading", level=2)
    expect(headings.first).to_have_text("Needs your attention")
    expect(therapist.get_by_text("No sessions today.")).to_be_visible()
    expect(therapist.get_by_role("link", name="Your caseload")).to_be_visible()
    no_wcag_violations(therapist)

"""In real Chromium, without JavaScript: a client retakes the PHQ-9 and it is worse; their
practitioner, a licensed therapist, sees the alert first in the caseload, opens the overview and
the PHQ-9's own page, writes a note and sets homework, and the client then sees both. axe-core
finds no WCAG AA violations on the pages."""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_accessibility import WCAG_AA
from tests.e2e.test_accounts_in_browser import enter_code, sign_in, sign_up

pytestmark = pytest.mark.browser


def new_page(browser: Browser, live_server: str) -> Page:
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    return context.new_page()


def answer_phq9(page: Page, answers: list[int]) -> None:
    page.goto("/measures/phq9")
    for number, value in enumerate(answers):
        page.locator(f'input[name="phq9_{number}"][value="{value}"]').check()
    page.get_by_role("button", name="Save my answers").click()


def no_wcag_violations(page: Page) -> None:
    """axe-core is a script, so it runs in a second, signed-in context with JavaScript on (and
    the Content-Security-Policy, which would rightly block an injected script, bypassed)."""
    browser = page.context.browser
    assert browser is not None
    checking = browser.new_context(storage_state=page.context.storage_state(), bypass_csp=True)
    copy = checking.new_page()
    copy.goto(page.url)
    results = Axe().run(copy, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    checking.close()
    assert results.violations_count == 0, results.generate_report()


def test_an_alert_leads_the_practitioner_to_a_note_and_homework_the_client_sees(
    browser: Browser, live_server: str, make_therapist: Callable[[str], None]
) -> None:
    therapist = new_page(browser, live_server)
    sign_up(therapist, "Dr Okafor", "okafor@example.org")
    make_therapist("okafor@example.org")

    client = new_page(browser, live_server)
    sign_up(client, "Mia", "mia@example.org")
    answer_phq9(client, [0, 1, 0, 1, 0, 0, 1, 0, 0])
    client.goto("/sharing")
    client.get_by_label("The practitioner's email address").fill("okafor@example.org")
    client.get_by_label("My assessments").check()
    client.get_by_role("button", name="Share").click()
    answer_phq9(client, [2, 2, 2, 2, 1, 1, 1, 1, 0])
    expect(client.get_by_text("Since the time before: worse.")).to_be_visible()
    no_wcag_violations(client)

    sign_in(therapist, "okafor@example.org")
    secret = therapist.locator("#totp-secret").inner_text()
    enter_code(therapist, secret)
    therapist.get_by_role("button", name="Turn on two-factor sign-in").click()
    therapist.get_by_role("link", name="My clients").click()
    alerts = therapist.get_by_role("list", name="Alerts for Mia")
    expect(alerts).to_contain_text("PHQ-9 went from 3 to 12")
    therapist.get_by_role("link", name="Mia").click()
    expect(therapist.get_by_role("heading", name="Alerts")).to_be_visible()
    expect(therapist.get_by_role("img", name="PHQ-9 over time")).to_be_visible()
    no_wcag_violations(therapist)
    therapist.get_by_role("link", name="PHQ-9", exact=True).click()
    expect(therapist.get_by_role("heading", name="Mia: PHQ-9")).to_be_visible()
    expect(therapist.get_by_role("img", name="PHQ-9 over time")).to_be_visible()
    no_wcag_violations(therapist)
    therapist.get_by_role("link", name="Back to Mia").click()

    therapist.get_by_label("New note").fill("Sleep has slipped since the move.")
    therapist.get_by_label("Share this note with Mia").check()
    therapist.get_by_role("button", name="Save the note").click()
    expect(therapist.get_by_text("Sleep has slipped since the move.")).to_be_visible()
    therapist.get_by_label("What to try").fill("Keep a sleep diary for a week")
    due = datetime.now(UTC).date() + timedelta(days=7)
    therapist.get_by_label("By", exact=True).fill(due.isoformat())
    therapist.get_by_role("button", name="Set the homework").click()
    expect(therapist.get_by_text(re.compile("Keep a sleep diary for a week"))).to_be_visible()

    client.get_by_role("link", name="Homework").click()
    expect(client.get_by_text("Keep a sleep diary for a week")).to_be_visible()
    expect(client.get_by_text("Sleep has slipped since the move.")).to_be_visible()
    no_wcag_violations(client)
    client.get_by_role("button", name="Mark as done").click()
    expect(client.get_by_text("Nothing to do right now.")).to_be_visible()

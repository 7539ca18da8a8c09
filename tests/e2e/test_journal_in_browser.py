"""In real Chromium, without JavaScript: quick journal entries, a correction of how a person's
own words about coping were read, and a pattern appearing once there are enough entries. The
journal pages pass axe-core's WCAG AA rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_accessibility import WCAG_AA
from tests.e2e.test_accounts_in_browser import sign_up

pytestmark = pytest.mark.browser


def quick_entry(page: Page, mood: str, *coping: str, own_words: str = "") -> None:
    page.goto("/journal")
    page.get_by_role("group", name="Mood").get_by_label(mood, exact=True).check()
    for name in coping:
        page.get_by_label(name, exact=True).check()
    if own_words:
        page.get_by_text("Add more").click()
        page.get_by_label("How did you cope, in your own words?").fill(own_words)
    page.get_by_role("button", name="Save").click()


def test_entries_a_correction_and_a_pattern_appearing(page: Page) -> None:
    sign_up(page, "Ada", "ada@example.org")
    quick_entry(page, "4", own_words="I answered work emails until two in the morning")
    entry = page.locator("article.entry").first
    expect(entry).to_contain_text("read as overworking")

    entry.get_by_role("link", name="Not right? Change it").click()
    page.get_by_label("What kind of coping was it?").select_option("problem_solving")
    page.get_by_role("button", name="Save my choice").click()
    expect(page.locator("article.entry").first).to_contain_text(
        "read as problem solving (your choice)"
    )

    for mood in ("5", "6", "4", "7", "5", "6", "5", "6"):
        quick_entry(page, mood, "Movement")
    page.goto("/journal/insights")
    expect(page.get_by_text("You most often turn to")).to_have_count(0)

    quick_entry(page, "7", "Movement", "Reaching out")
    page.goto("/journal/insights")
    expect(
        page.get_by_text("You most often turn to movement: in 9 of the 10 entries")
    ).to_be_visible()


def test_the_journal_pages_pass_wcag_aa(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    sign_up(page, "Lin", "lin@example.org")
    quick_entry(page, "3", "Rest and care", own_words="Lay down with a podcast")
    options = {"runOnly": {"type": "tag", "values": WCAG_AA}}
    found = {"the journal": Axe().run(page, options=options)}
    for path in ("/journal/insights", "/journal/exercises", "/journal/exercises/thought_record"):
        page.goto(path)
        found[path] = Axe().run(page, options=options)
    context.close()

    for name, results in found.items():
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"

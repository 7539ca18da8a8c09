"""In real Chromium, without JavaScript: the guided conversation becomes a goal with three
steps; check-ins move it from behind to on track, and the chart shows them against the target
line. The pages pass axe-core's WCAG AA rules."""

from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_accessibility import WCAG_AA
from tests.e2e.test_accounts_in_browser import sign_up

pytestmark = pytest.mark.browser

IN_SIX_MONTHS = (datetime.now(UTC).date() + timedelta(days=182)).isoformat()


def talk_it_through(page: Page) -> None:
    page.goto("/grow")
    page.get_by_role("button", name="Start a new conversation").click()

    expect(page.get_by_role("heading", name="Where do you want to get to?")).to_be_visible()
    page.get_by_label("What would you like to be different").fill("Save for a design course")
    page.get_by_label("Why does that matter to you?").fill("I want to change careers")
    page.get_by_label("Which part of life is it about?").select_option("career")
    page.get_by_label("A number I can track").check()
    page.get_by_label("If it is a number, what do you count?").fill("pounds")
    page.get_by_label("What number are you aiming for?").fill("1200")
    page.get_by_label("By when would you like to get there?").fill(IN_SIX_MONTHS)
    page.get_by_role("button", name="Save and go on").click()

    expect(page.get_by_role("heading", name="Where are you now?")).to_be_visible()
    page.get_by_label("Where are you today").fill("200")
    page.get_by_label("What tends to get in the way?").fill("Takeaways\nImpulse buys")
    page.get_by_role("button", name="Save and go on").click()

    expect(page.get_by_role("heading", name="What could you try?")).to_be_visible()
    page.get_by_label("When “Takeaways” gets in the way").fill("Cook a big pot on Sundays")
    page.get_by_label("When “Impulse buys” gets in the way").fill("Wait a day before buying")
    page.get_by_role("button", name="Save and go on").click()

    expect(page.get_by_role("heading", name="What will you do first?")).to_be_visible()
    page.get_by_label("Step 1", exact=True).fill("Open a savings pot")
    page.get_by_label("Step 2", exact=True).fill("Set up a standing order")
    page.get_by_label("Step 3", exact=True).fill("Look up course dates")
    page.get_by_label("How often would you like to check in").select_option("weekly")
    page.get_by_label("how sure are you").fill("7")
    page.get_by_role("button", name="Make it my goal").click()


def check_in(page: Page, value: str, did: str) -> None:
    page.get_by_label("Where are you now (pounds)?").fill(value)
    page.get_by_label("What did you do?").fill(did)
    page.get_by_role("button", name="Save the check-in").click()


def test_a_conversation_becomes_a_goal_whose_check_ins_move_it_on_track(page: Page) -> None:
    sign_up(page, "Mina", "mina@example.org")
    talk_it_through(page)

    expect(page.get_by_role("heading", name="Save for a design course", level=1)).to_be_visible()
    steps = page.locator("ol.steps > li")
    expect(steps).to_have_count(3)
    expect(steps.nth(2)).to_contain_text("Look up course dates")
    expect(page.get_by_text("Cook a big pot on Sundays")).to_be_visible()
    chart = page.get_by_role("img", name="Save for a design course")
    expect(chart).to_be_visible()
    expect(chart.locator("polyline.line-chart-series")).to_have_count(1)
    expect(chart.locator("line.line-chart-guide")).to_have_count(1)

    check_in(page, "150", "Paid for a friend's birthday")
    expect(page.locator(".standing")).to_contain_text("Behind by 50 pounds")

    check_in(page, "260", "Put my overtime in the pot")
    expect(page.locator(".standing")).to_contain_text("On track: 6% of the way.")
    expect(chart.locator("circle.line-chart-point")).to_have_count(3)
    page.get_by_text("Show the numbers").click()
    expect(page.get_by_role("cell", name="260")).to_be_visible()


def test_the_conversation_and_the_goal_page_pass_wcag_aa(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    sign_up(page, "Jun", "jun@example.org")
    page.goto("/grow")
    page.get_by_role("button", name="Start a new conversation").click()
    pages = {"the goal stage": Axe().run(page, options=_AA)}
    talk_it_through(page)
    check_in(page, "300", "Sold my old bike")
    pages["the goal page"] = Axe().run(page, options=_AA)
    page.goto("/goals")
    pages["the goals list"] = Axe().run(page, options=_AA)
    context.close()

    for name, results in pages.items():
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"


_AA = {"runOnly": {"type": "tag", "values": WCAG_AA}}

"""A person takes the assessment in real Chromium, with JavaScript off, and reads the result."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from crossroads.assessment.rules.instruments import GAD7, PHQ9, WHO5
from tests.e2e.test_accessibility import WCAG_AA

pytestmark = pytest.mark.browser


def answer(page: Page, key: str, positions: range, label: str) -> None:
    for position in positions:
        page.locator(f"input[name='{key}_{position}']").and_(
            page.get_by_label(label, exact=True)
        ).check()


def test_a_steady_person_with_a_goal_and_some_low_mood_is_shown_both(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name=re.compile("full assessment")).click()

    answer(page, "phq9", range(len(PHQ9.items) - 1), "More than half the days")
    answer(page, "phq9", range(8, 9), "Not at all")  # item 9 above 0 would route to crisis
    answer(page, "gad7", range(len(GAD7.items)), "Not at all")
    answer(page, "who5", range(len(WHO5.items)), "Most of the time")
    page.get_by_label("Is there something you want to achieve").fill(
        "Run my own design studio by next autumn"
    )
    page.get_by_label("Which part of life").select_option("business")
    page.get_by_label("How steady do you feel").select_option("7")
    page.get_by_label("Where are you?").select_option("GB")
    page.get_by_role("button", name="See my suggestion").click()

    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Therapy and coaching together")
    expect(page.locator(".route")).to_have_text("both")
    reasons = page.get_by_role("region", name="Why we suggest this").get_by_role("heading", level=3)
    expect(reasons).to_have_text(["Low mood", "A goal to work toward", "Steady enough for a goal"])
    expect(page.get_by_role("link", name="See practitioners who fit")).to_be_visible()
    expect(page.get_by_role("link", name="Plan your goal, step by step")).to_be_visible()
    expect(page.get_by_role("link", name="Start a journal")).to_be_visible()
    expect(page.get_by_role("table")).to_be_hidden()
    page.get_by_text("Why, in detail").click()
    expect(page.get_by_role("table")).to_contain_text("moderately severe")
    expect(page.get_by_text("not a diagnosis").first).to_be_visible()


def test_crisis_words_in_the_goal_show_the_crisis_lines_first(page: Page) -> None:
    page.goto("/assessment?form=short")
    page.get_by_label("Is there something you want to achieve").fill(
        "Honestly I'm going to end my life tonight"
    )
    page.get_by_label("Where are you?").select_option("US")
    page.get_by_role("button", name="See my suggestion").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("You don't have to go through this alone")
    call = page.get_by_role("link", name="Call 988")
    expect(call).to_be_visible()
    expect(call).to_have_attribute("href", "tel:988")
    expect(page.get_by_role("link", name="Text HOME to 741741")).to_be_visible()
    expect(page.get_by_role("link", name="Chat online")).to_be_visible()
    expect(page.locator(".route")).to_have_count(0)
    first_line = page.locator(".resource").first.bounding_box()
    reasons = page.get_by_role("heading", name="What we noticed").bounding_box()
    assert first_line is not None
    assert reasons is not None
    assert first_line["y"] < reasons["y"]


def test_a_half_answered_questionnaire_is_explained_and_nothing_is_lost(page: Page) -> None:
    page.goto("/assessment")
    page.locator("input[name='gad7_0']").and_(page.get_by_label("Several days")).check()
    page.get_by_label("Is there something you want to achieve").fill("Sleep before midnight")
    page.get_by_role("button", name="See my suggestion").click()

    expect(page.get_by_role("alert")).to_contain_text("Question 2 of the GAD-7 has no answer")
    expect(page.get_by_label("Is there something you want to achieve")).to_have_value(
        "Sleep before midnight"
    )
    expect(page.locator("input[name='gad7_0'][value='1']")).to_be_checked()


def test_every_gap_is_listed_and_the_summary_takes_focus_and_leads_to_each(page: Page) -> None:
    page.goto("/assessment")
    page.locator("input[name='gad7_0']").and_(page.get_by_label("Several days")).check()
    page.locator("input[name='gad7_3']").and_(page.get_by_label("Several days")).check()
    page.get_by_role("button", name="See my suggestion").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    gaps = summary.get_by_role("link")
    expect(gaps).to_have_count(5)  # questions 2, 3, 5, 6 and 7
    expect(gaps.first).to_have_text("Question 2 of the GAD-7 has no answer")
    gaps.first.click()
    expect(page.locator("input[name='gad7_1']").first).to_be_focused()


def test_a_result_and_its_details_pass_axe_with_headings_in_order(
    browser: Browser, live_server: str
) -> None:
    # axe runs as an injected script, which our Content-Security-Policy would rightly block.
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    page.goto("/assessment")
    answer(page, "phq9", range(len(PHQ9.items) - 1), "More than half the days")
    answer(page, "phq9", range(8, 9), "Not at all")
    page.get_by_label("Is there something you want to achieve").fill("Open a bakery")
    page.get_by_label("How steady do you feel").select_option("3")
    page.get_by_role("button", name="See my suggestion").click()
    tags = [*WCAG_AA, "best-practice"]

    closed = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
    page.get_by_text("Why, in detail").click()
    opened = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})

    context.close()
    assert closed.violations_count == 0, closed.generate_report()
    assert opened.violations_count == 0, opened.generate_report()


def test_help_now_switches_region_without_javascript(page: Page) -> None:
    page.goto("/help-now")
    page.get_by_label("Show lines for").select_option("AU")
    page.get_by_role("button", name="Show").click()

    expect(page.get_by_role("link", name="Call 13 11 14")).to_be_visible()
    expect(page.get_by_role("link", name="Call 000")).to_be_visible()


def test_a_safety_plan_is_filled_in_and_ready_to_print(page: Page) -> None:
    page.goto("/safety-plan?region=NZ")
    page.get_by_label("Warning signs").fill("Not sleeping, skipping meals")
    page.get_by_label("My reasons to live").fill("My dog Pip, my sister")
    page.get_by_role("button", name="Show my plan").click()

    expect(page.get_by_text("My dog Pip, my sister")).to_be_visible()
    expect(page.get_by_role("link", name="Text 1737")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation")).to_be_hidden()

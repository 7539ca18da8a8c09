"""Risk levels in real Chromium, with JavaScript off: a person who is not sure what they need
gets a suggestion, not the crisis page; PHQ-9 item 9 above 0 puts the lines on top and asks the
ASQ with the suggestion below (a "no" keeps it, a "yes, right now" turns it into the crisis page);
an acute text gives the crisis page, the safety plan, then a path to therapists; and a US browser
with no region answered sees 988 there."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from crossroads.assessment.rules.instruments import GAD7, PHQ9, WHO5

pytestmark = pytest.mark.browser

CRISIS_HEADING = "You don't have to go through this alone"
SCREENER_HEADING = "Before your suggestion: a few questions"
FIRST_ASQ = "In the past few weeks, have you wished you were dead?"
RIGHT_NOW = "Are you having thoughts of killing yourself right now?"
ACUTE_TEXT = "The pills are in my drawer and tonight is the night."


@pytest.fixture
def us_page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server,
        java_script_enabled=False,
        locale="en-US",
        extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    yield context.new_page()
    context.close()


def answer(page: Page, key: str, positions: range, label: str) -> None:
    for position in positions:
        page.locator(f"input[name='{key}_{position}']").and_(
            page.get_by_label(label, exact=True)
        ).check()


def take_the_assessment(page: Page, *, item_9: str = "Not at all", text: str) -> None:
    """The full assessment, every questionnaire at 0 (PHQ-9 item 9 as given), a promotion goal,
    steadiness 8, the words in the free text, and no region."""
    page.goto("/assessment")
    expect(page.get_by_role("heading", level=1)).to_have_text("The assessment")
    answer(page, "phq9", range(len(PHQ9.items) - 1), "Not at all")
    answer(page, "phq9", range(len(PHQ9.items) - 1, len(PHQ9.items)), item_9)
    answer(page, "gad7", range(len(GAD7.items)), "Not at all")
    answer(page, "who5", range(len(WHO5.items)), "At no time")
    page.locator("input[name='pcptsd5_exposure']").and_(page.get_by_label("No", exact=True)).check()
    page.get_by_label("Is there something you want to achieve").fill(
        "Get promoted to engineering manager by next spring"
    )
    page.get_by_label("Which part of life").select_option("career")
    page.get_by_label("How steady do you feel").select_option("8")
    page.get_by_label("Anything else you'd like us to take into account?").fill(text)
    page.get_by_role("button", name="See my suggestion").click()
    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}$"))


def top(locator: Locator) -> float:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None
    return box["y"]


def asq_questions(page: Page) -> Locator:
    return page.get_by_role("region", name=SCREENER_HEADING).get_by_role("group")


def asq_question(page: Page, number: int) -> Locator:
    """The ASQ's question `number` (1 to 5), by its fieldset's legend ("1. In the past ...")."""
    return asq_questions(page).filter(has_text=re.compile(rf"^\s*{number}\. "))


def expect_the_crisis_page_in_order(page: Page) -> None:
    """Lines first, then the safety plan, then "when you're ready" a path to therapists; no
    route, no screener."""
    expect(page.get_by_role("heading", level=1)).to_have_text(CRISIS_HEADING)
    first_line = page.locator("a[href^='tel:']").first
    safety_plan = page.get_by_role("link", name="Make a safety plan")
    ready = page.get_by_role("heading", name="When you're ready")
    therapist = page.get_by_role("link", name="Find a therapist")
    expect(therapist).to_have_attribute("href", re.compile(r"^/practitioners\?kind=therapist"))
    assert top(first_line) < top(safety_plan) < top(ready) < top(therapist)
    expect(page.locator(".route")).to_have_count(0)
    expect(page.get_by_role("heading", name=SCREENER_HEADING)).to_have_count(0)


def test_not_sure_what_i_need_gets_a_suggestion_not_the_crisis_page(page: Page) -> None:
    take_the_assessment(page, text="Not sure what I need.")

    expect(page.get_by_text(CRISIS_HEADING)).to_have_count(0)
    expect(page.get_by_text("Suggested route:")).to_be_visible()
    expect(page.locator(".route")).to_have_text(re.compile(r"^(therapy|coaching|both)$"))
    expect(page.get_by_role("link", name="See practitioners who fit")).to_be_visible()


def test_phq9_item_9_puts_the_lines_on_top_asks_the_asq_and_keeps_the_result(
    page: Page,
) -> None:
    take_the_assessment(page, item_9="Several days", text="Not sure what I need.")

    expect(page.get_by_text(CRISIS_HEADING)).to_have_count(0)
    screener = page.get_by_role("heading", name=SCREENER_HEADING)
    route = page.locator(".route")
    assert top(page.locator("a[href^='tel:']").first) < top(screener) < top(route)
    expect(route).to_have_text(re.compile(r"^(therapy|both)$"))
    expect(page.get_by_role("link", name="See practitioners who fit")).to_be_visible()
    expect(asq_questions(page)).to_have_count(5)
    expect(asq_questions(page).first).to_have_accessible_name(
        re.compile("^" + re.escape(f"1. {FIRST_ASQ}"))
    )
    expect(asq_question(page, 5)).to_have_accessible_name(
        re.compile("^" + re.escape(f"5. {RIGHT_NOW}"))
    )
    for number in range(1, 6):
        expect(asq_question(page, number).get_by_label("Yes", exact=True)).to_be_visible()
        expect(asq_question(page, number).get_by_label("No", exact=True)).to_be_visible()

    for number in range(1, 5):
        asq_question(page, number).get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()

    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}$"))
    expect(page.get_by_text(CRISIS_HEADING)).to_have_count(0)
    expect(page.get_by_role("heading", name=SCREENER_HEADING)).to_have_count(0)
    expect(page.get_by_text(FIRST_ASQ)).to_have_count(0)
    expect(page.get_by_text(RIGHT_NOW)).to_have_count(0)
    expect(page.locator(".route")).to_have_text(re.compile(r"^(therapy|both)$"))
    expect(page.get_by_role("link", name="See practitioners who fit")).to_be_visible()


def test_a_yes_to_right_now_turns_the_result_into_the_crisis_page(page: Page) -> None:
    take_the_assessment(page, item_9="Several days", text="Not sure what I need.")
    expect(page.get_by_role("heading", name=SCREENER_HEADING)).to_be_visible()

    asq_question(page, 1).get_by_label("Yes", exact=True).check()
    for number in range(2, 5):
        asq_question(page, number).get_by_label("No", exact=True).check()
    asq_question(page, 5).get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()

    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}$"))
    expect_the_crisis_page_in_order(page)


def test_an_acute_text_gives_the_crisis_page_then_a_path_to_therapists(page: Page) -> None:
    take_the_assessment(page, text=ACUTE_TEXT)

    expect_the_crisis_page_in_order(page)


def test_a_us_browser_with_no_region_sees_988_on_the_crisis_result(us_page: Page) -> None:
    take_the_assessment(us_page, text=ACUTE_TEXT)

    expect_the_crisis_page_in_order(us_page)
    expect(us_page.get_by_text("Lines in the United States.")).to_be_visible()
    call = us_page.get_by_role("link", name="Call 988")
    expect(call).to_have_attribute("href", "tel:988")
    assert top(us_page.locator("a[href='tel:988']").first) < top(
        us_page.get_by_role("link", name="Make a safety plan")
    )

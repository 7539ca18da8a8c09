"""The everyday walk in real Chromium, on a phone (375 px) and a laptop (1280 px): sign up with
the time zone the browser reports, take the assessment, read a result with three reasons and open
the detail, start the coaching conversation with the goal already filled in, make it a goal, and
land on a home page that shows the goal and its check-in due. A screenshot of each step is
written under artifacts/everyday/, and axe-core finds no serious or moderate violation on any of
these pages, the best-practice rules (heading order among them) included."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from crossroads.assessment.rules.instruments import GAD7, PHQ9, WHO5
from tests.e2e.conftest import follow_sign_up_link
from tests.e2e.test_accessibility import WCAG_AA
from tests.e2e.test_assessment_in_browser import answer
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parents[2] / "artifacts" / "everyday"
WIDTHS = {"phone": (375, 812), "laptop": (1280, 800)}
GOAL = "Run my own design studio by next autumn"
SERIOUS = {"moderate", "serious", "critical"}


class Walk:
    """One person's pages at one width: each step is checked by axe and photographed."""

    def __init__(self, page: Page, folder: Path) -> None:
        self.page = page
        self.folder = folder
        self.steps = 0
        self.problems: dict[str, str] = {}

    def step(self, name: str) -> None:
        self.steps += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        # A field left focused through a full-page screenshot swallows the next click in
        # Chromium at desktop sizes; a person would have moved on from it anyway.
        self.page.evaluate("document.activeElement && document.activeElement.blur()")
        self.page.screenshot(path=self.folder / f"{self.steps:02d}-{name}.png", full_page=True)
        results = Axe().run(
            self.page,
            options={"runOnly": {"type": "tag", "values": [*WCAG_AA, "best-practice"]}},
        )
        serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
        if serious:
            self.problems[name] = "; ".join(f"{v['id']}: {v['help']}" for v in serious)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_from_sign_up_to_a_home_with_a_goal_due_at_each_width(
    browser: Browser, live_server: str, width: str
) -> None:
    wide, high = WIDTHS[width]
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": wide, "height": high},
        is_mobile=width == "phone",
        timezone_id="America/New_York",
        bypass_csp=True,  # axe is injected as a script; CSP itself is tested elsewhere
    )
    page = context.new_page()
    walk = Walk(page, ARTIFACTS / width)
    email = f"everyday.{width}@example.org"

    page.goto("/sign-up")
    expect(page.get_by_label("Your time zone")).to_have_value(re.compile("New.York"))
    walk.step("sign-up")
    page.get_by_label("Your name").fill("Noor")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    follow_sign_up_link(page, email)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Noor")
    walk.step("home-new")

    page.goto("/assessment")
    answer(page, "phq9", range(len(PHQ9.items) - 1), "More than half the days")
    answer(page, "phq9", range(8, 9), "Not at all")
    answer(page, "gad7", range(len(GAD7.items)), "Not at all")
    answer(page, "who5", range(len(WHO5.items)), "Most of the time")
    page.get_by_label("Is there something you want to achieve").fill(GOAL)
    page.get_by_label("Which part of life").select_option("business")
    page.get_by_label("How steady do you feel").select_option("7")
    page.get_by_label("Where are you?").select_option("US")
    walk.step("assessment")
    page.get_by_role("button", name="See my suggestion").click()

    reasons = page.get_by_role("region", name="Why we suggest this").get_by_role("heading", level=3)
    expect(reasons).to_have_count(3)
    walk.step("result")
    page.get_by_text("Why, in detail").click()
    expect(page.get_by_role("table")).to_be_visible()
    walk.step("result-in-detail")

    page.get_by_role("link", name="Plan your goal, step by step").click()
    if page.get_by_role("button", name="Start a new conversation").count():
        page.get_by_role("button", name="Start a new conversation").click()
    expect(page.get_by_label("What would you like to be different")).to_have_value(GOAL)
    walk.step("grow-goal")
    in_six_months = (datetime.now(UTC) + timedelta(days=180)).date().isoformat()
    page.get_by_label("Why does that matter to you?").fill("I want my own hours")
    page.get_by_label("A number I can track").check()
    page.get_by_label("If it is a number, what do you count?").fill("clients")
    page.get_by_label("What number are you aiming for?").fill("5")
    page.get_by_label("By when would you like to get there?").fill(in_six_months)
    page.get_by_role("button", name="Save and go on").click()
    page.get_by_label("Where are you today").fill("0")
    page.get_by_label("What tends to get in the way?").fill("Doubt")
    page.get_by_role("button", name="Save and go on").click()
    page.get_by_label("When “Doubt” gets in the way").fill("Ask a friend for one name")
    page.get_by_role("button", name="Save and go on").click()
    page.get_by_label("Step 1", exact=True).fill("Write down three people to ask")
    page.get_by_label("How often would you like to check in").select_option("daily")
    page.get_by_label("how sure are you").fill("7")
    walk.step("grow-will")
    page.get_by_role("button", name="Make it my goal").click()
    # Making the goal reads every answer with the text model: slow on a busy machine.
    expect(page.get_by_role("heading", name="Check in")).to_be_visible(timeout=30_000)

    page.goto("/")
    due = page.get_by_role("region", name="What is due")
    expect(due).to_contain_text(GOAL)
    expect(page.get_by_role("region", name="Your goals")).to_contain_text(GOAL)
    walk.step("home-with-goal")

    context.close()
    assert walk.problems == {}
    assert len(list((ARTIFACTS / width).glob("*.png"))) >= walk.steps

"""Coping in the moment and healing over time, on a 375 px phone with JavaScript off: from the
journal's entry form to "right now", a breathing pacer and its stop, the grounding walk-through
logged as coping, a "let a feeling be felt" exercise left midway for a calming tool, and the
week's balance changing. Each page passes axe-core's WCAG 2.x A and AA rules and fits the phone;
the pacer moves, and stands still for someone who asks for less motion (both checked in a second
browser, as axe and computed styles need a script)."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from crossroads.platform.runtime import Runtime
from tests.e2e.on_a_phone import PHONE, looking_page, problems_at
from tests.e2e.test_time_and_phone_in_browser import signed_in_context

pytestmark = pytest.mark.browser

PACER = "getComputedStyle(document.querySelector('.pacer-circle')).animationName"


def _this_week(page: Page) -> str:
    page.goto("/journal/insights")
    return " ".join(page.locator(".this-week").inner_text().split())


def test_a_hard_moment_a_tool_an_exercise_left_midway_and_the_weeks_balance(
    browser: Browser, live_server: str, live_runtime: Runtime
) -> None:
    options = {"viewport": PHONE, "is_mobile": True, "java_script_enabled": False}
    walking = signed_in_context(browser, live_server, live_runtime, "moment@example.org", **options)
    page = walking.new_page()
    assert "1 tool used" not in _this_week(page)

    page.goto("/journal")
    page.get_by_role("link", name="Tools to help right now").click()
    expect(page).to_have_url(re.compile(r"/right-now$"))
    expect(page.get_by_role("link", name="All crisis lines")).to_be_visible()

    page.get_by_role("link", name="Breathe: Even").click()
    expect(page.locator(".pacer.pacer-even")).to_be_visible()
    page.get_by_role("link", name="Stop").click()
    expect(page).to_have_url(re.compile(r"/right-now#breathing$"))

    page.get_by_role("link", name="Start grounding").click()
    for sense in ("see", "touch", "hear", "smell"):
        expect(page.get_by_role("heading", name=re.compile(f"you can {sense}$"))).to_be_visible()
        page.get_by_role("link", name="Next").click()
    expect(page.get_by_role("heading", name="1 thing you can taste")).to_be_visible()
    page.get_by_role("link", name="Finish").click()
    page.get_by_role("button", name="Log this as coping").click()
    expect(page.get_by_role("status")).to_contain_text("Kept in your journal as coping.")

    page.goto("/journal/exercises")
    page.get_by_role("link", name="Letting a feeling be felt").click()
    page.get_by_role("group", name=re.compile("How ready do you feel")).get_by_label(
        "7", exact=True
    ).check()
    page.get_by_role("button", name="Go on").click()
    page.get_by_label("What is the feeling? A single word is enough.").fill("Lonely")
    page.get_by_role("button", name="Start staying with it").click()
    expect(page.get_by_role("status")).to_contain_text("You have started staying with it.")
    page.get_by_label("Where do you notice it in your body?").fill("A weight in my chest")
    page.get_by_role("button", name="Step back to a calming tool").click()
    expect(page).to_have_url(re.compile(r"/right-now#breathing$"))

    assert _this_week(page) == (
        "This week: 0 entries naming how you coped, 1 tool used, 1 exercise done, 0 minutes "
        "staying with a feeling."
    )
    page.goto("/journal")
    expect(page.get_by_text("Grounding, 5-4-3-2-1")).to_be_visible()
    expect(page.get_by_text("You stepped back to a calming tool here.")).to_be_visible()

    looking = looking_page(browser, live_server, walking)
    problems: list[str] = []
    for url in (
        "/right-now",
        "/right-now/breathing/longer_out",
        "/right-now/grounding?step=2",
        "/right-now/urge?urge=avoidance",
        "/journal/exercises/feeling?readiness=2",
        "/journal/exercises/feeling?readiness=8",
        "/journal/insights",
    ):
        problems += problems_at(looking, url)
    looking.goto("/right-now/breathing/box")
    moving = looking.evaluate(PACER)
    still = looking_page(browser, live_server, walking, reduced_motion="reduce")
    still.goto("/right-now/breathing/box")
    standing = still.evaluate(PACER)
    cue = still.evaluate(
        "getComputedStyle(document.querySelector('.pacer-cue'), '::after').animationName"
    )

    for context in (walking, looking.context, still.context):
        context.close()
    assert problems == []
    assert (moving, standing, cue) == ("pace-box", "none", "cue-box")

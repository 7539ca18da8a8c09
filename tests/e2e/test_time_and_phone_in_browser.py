"""In real Chromium: the time zone is filled in from the device at sign-up and offered on the
account page, and both work without JavaScript; on a phone the signed-in navigation is a menu
that opens without script, its links and the rating scales' choices are 44 px tap targets, and
each choice's label sits under it."""

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from crossroads.accounts.service.sessions import start_session
from crossroads.platform.runtime import Runtime
from crossroads.web.auth import SESSION_COOKIE
from tests.e2e.conftest import follow_sign_up_link
from tests.factories import make_person

pytestmark = pytest.mark.browser

NUMBERS = itertools.count()
PHONE = {"width": 375, "height": 812}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}


def sign_up(page: Page, email: str, time_zone: str | None = None) -> None:
    page.goto("/sign-up")
    page.get_by_label("Your name").fill("Robin Example")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("a long enough passphrase")
    if time_zone is not None:
        page.get_by_role("combobox", name="Your time zone").fill(time_zone)
    page.get_by_role("button", name="Create my account").click()
    follow_sign_up_link(page, email)


def signed_in_context(
    browser: Browser, live_server: str, runtime: Runtime, email: str, **options: Any
) -> BrowserContext:
    """A browser holding the session of a new client account (in UTC), made as an operator
    would, so that only the tests about signing up spend the sign-up limit of one address."""
    with runtime.database.transaction() as session:
        token = start_session(session, make_person(session, email), datetime.now(UTC))
    context = browser.new_context(base_url=live_server, **options)
    context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])
    return context


@pytest.fixture
def in_new_york(browser: Browser, live_server: str) -> Iterator[BrowserContext]:
    """A browser set to New York's time, with JavaScript on."""
    context = browser.new_context(base_url=live_server, timezone_id="America/New_York")
    yield context
    context.close()


def test_signing_up_fills_in_the_devices_time_zone(in_new_york: BrowserContext) -> None:
    page = in_new_york.new_page()
    page.goto("/sign-up")

    expect(page.get_by_role("combobox", name="Your time zone")).to_have_value(
        "New York, United States"
    )

    sign_up(page, "detected@example.org")
    page.goto("/account")
    expect(page.get_by_role("combobox", name="Your time zone")).to_have_value(
        "New York, United States"
    )
    expect(page.get_by_role("button", name="Use this device's time zone")).to_be_hidden()


def test_without_javascript_the_zone_is_typed_or_left_for_later(page: Page) -> None:
    page.goto("/sign-up")
    expect(page.get_by_role("combobox", name="Your time zone")).to_have_value("")

    sign_up(page, "typed@example.org", time_zone="mexico city")
    page.goto("/account")

    expect(page.get_by_role("combobox", name="Your time zone")).to_have_value("Mexico City, Mexico")


def test_the_account_page_offers_the_devices_zone_when_it_differs(
    browser: Browser, live_server: str, live_runtime: Runtime
) -> None:
    in_tokyo = signed_in_context(
        browser, live_server, live_runtime, "travelling@example.org", timezone_id="Asia/Tokyo"
    )
    page = in_tokyo.new_page()
    page.goto("/account")
    field = page.get_by_role("combobox", name="Your time zone")
    expect(field).to_have_value("UTC")  # a saved choice is never changed unasked

    page.get_by_role("button", name="Use this device's time zone: Tokyo, Japan").click()
    expect(field).to_have_value("Tokyo, Japan")
    page.locator("#time").get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("combobox", name="Your time zone")).to_have_value("Tokyo, Japan")
    in_tokyo.close()


@pytest.fixture
def client_page(browser: Browser, live_server: str, live_runtime: Runtime) -> Iterator[Page]:
    """A signed-in client's page, with JavaScript off: nothing here needs it."""
    email = f"phone{next(NUMBERS)}@example.org"
    context = signed_in_context(
        browser, live_server, live_runtime, email, java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def test_on_a_phone_the_navigation_is_a_menu_that_opens_without_script(client_page: Page) -> None:
    page = client_page
    page.set_viewport_size(PHONE)
    page.goto("/journal")
    menu = page.locator("summary", has_text="Menu")
    journal = page.get_by_role("navigation", name="Main").get_by_role("link", name="Journal")
    header = page.locator(".site-header").bounding_box()

    expect(menu).to_be_visible()
    expect(journal).to_be_hidden()
    expect(page.get_by_role("link", name="Need help now?")).to_be_visible()
    assert header is not None
    assert header["height"] < 140  # it was about 265 of 812 px

    menu.click()
    expect(journal).to_be_visible()
    targets = page.locator(".menu li a, .menu li button, .menu summary")
    heights = [box["height"] for box in (t.bounding_box() for t in targets.all()) if box]
    assert len(heights) == targets.count() > 10
    assert min(heights) >= 44

    journal.click()
    expect(page).to_have_url(f"{page.url.split('/journal')[0]}/journal")


def test_on_a_wide_screen_the_links_show_without_the_menu(client_page: Page) -> None:
    page = client_page
    page.set_viewport_size(DESKTOP)
    page.goto("/journal")

    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main")
    for name in ("My goals", "Journal", "Bookings", "Account"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()


# Each choice in the first scale `selector` finds: its circle and its label's box.
CHOICES = """(selector) => [...document.querySelector(selector).querySelectorAll(".choice")]
  .map((label) => {
  const circle = label.querySelector("input").getBoundingClientRect();
  const box = label.getBoundingClientRect();
  return {circleBottom: circle.bottom, circleMiddle: circle.left + circle.width / 2,
          middle: box.left + box.width / 2, bottom: box.bottom, width: box.width,
          height: box.height};
})"""


def assert_labels_under_their_choices(page: Page, selector: str, count: int) -> None:
    choices = page.evaluate(CHOICES, selector)
    assert len(choices) == count
    for choice in choices:
        assert abs(choice["circleMiddle"] - choice["middle"]) < 2  # centred over its label
        assert choice["circleBottom"] <= choice["bottom"] - 12  # the words are below it
        assert choice["height"] >= 44
        assert choice["width"] >= 44


def test_the_mood_scale_puts_each_number_under_its_circle_on_a_narrow_phone(
    client_page: Page,
) -> None:
    page = client_page
    page.set_viewport_size(NARROW)
    page.goto("/journal")

    assert_labels_under_their_choices(page, "fieldset.scale", 11)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_questionnaires_answers_sit_under_their_circles_on_a_narrow_phone(page: Page) -> None:
    page.set_viewport_size(NARROW)
    page.goto("/assessment")

    # The PHQ-9's first question: not at all, several days, more than half, nearly every day.
    assert_labels_under_their_choices(page, "fieldset.item .choices", 4)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

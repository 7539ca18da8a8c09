"""In real Chromium, without JavaScript: sign up, sign in, share with a practitioner and stop
sharing, and see who looked."""

import re
from collections.abc import Callable
from datetime import UTC, datetime

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import follow_sign_up_link

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase"


def sign_up(page: Page, name: str, email: str) -> None:
    page.goto("/sign-up")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email to continue")).to_be_visible()
    follow_sign_up_link(page, email)


def sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def enter_code(page: Page, secret: str) -> None:
    page.get_by_label("Six-digit code").fill(pyotp.TOTP(secret).at(datetime.now(UTC)))


def new_page(browser: Browser, live_server: str) -> Page:
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    return context.new_page()


def test_an_anonymous_result_is_kept_when_the_person_signs_up(page: Page) -> None:
    page.goto("/assessment?form=short")
    page.get_by_label("Is there something you want to achieve").fill("Learn to sail this summer")
    page.get_by_label("How steady do you feel").select_option("8")
    page.get_by_role("button", name="See my suggestion").click()
    result_url = page.url

    sign_up(page, "Noor", "noor@example.org")

    # Signing up lands on the home page, whose next step follows the result just claimed.
    expect(page.get_by_role("heading", name="Hello, Noor", level=1)).to_be_visible()
    page.get_by_role("link", name="Set your first goal").click()
    page.get_by_role("button", name="Start a new conversation").click()
    expect(page.get_by_label("What would you like to be different")).to_have_value(
        "Learn to sail this summer"
    )
    page.goto("/account")
    expect(page.get_by_role("cell", name="coaching")).to_be_visible()
    page.goto(result_url)
    expect(page.get_by_text("Kept in your account, encrypted")).to_be_visible()


def test_sharing_with_a_practitioner_then_stopping_and_reading_the_access_log(
    browser: Browser, live_server: str, make_practitioner: Callable[[str], None]
) -> None:
    therapist = new_page(browser, live_server)
    sign_up(therapist, "Dr Rivera", "rivera@example.org")
    make_practitioner("rivera@example.org")

    client = new_page(browser, live_server)
    sign_up(client, "Sam", "sam@example.org")
    client.goto("/assessment?form=short")
    client.get_by_label("Is there something you want to achieve").fill("Speak up in meetings")
    client.get_by_role("button", name="See my suggestion").click()
    client.get_by_role("link", name="Sharing").click()
    client.get_by_label("The practitioner's email address").fill("rivera@example.org")
    client.get_by_label("My assessments").check()
    client.get_by_role("button", name="Share").click()
    expect(client.get_by_role("cell", name="rivera@example.org", exact=True)).to_be_visible()

    sign_in(therapist, "rivera@example.org")
    expect(therapist.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    secret = therapist.locator("#totp-secret").inner_text()
    enter_code(therapist, secret)
    therapist.get_by_role("button", name="Turn on two-factor sign-in").click()
    therapist.get_by_role("link", name="My clients").click()
    therapist.get_by_role("link", name="Sam").click()
    expect(therapist.get_by_role("heading", name="Sam", exact=True)).to_be_visible()
    expect(therapist.get_by_role("heading", name="Assessments")).to_be_visible()

    client.get_by_role("link", name="See who has looked").click()
    # The caseload and the overview each read under the grant, and each read is its own row.
    expect(client.get_by_role("cell", name=re.compile("rivera@example.org")).first).to_be_visible()

    client.goto("/sharing")
    client.get_by_role("button", name=re.compile("Stop sharing my assessments")).click()
    expect(client.get_by_text(re.compile("stopped"))).to_be_visible()

    therapist.goto("/clients")
    expect(therapist.get_by_text("No client has shared anything with you yet.")).to_be_visible()

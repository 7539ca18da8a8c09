"""In real Chromium, without JavaScript: a browser set to US English with no region anywhere
sees 988 first on /help-now and can choose another country; a person who gave their region at
sign-up keeps a safety plan, comes back to it, and downloads it as a PDF; those pages pass
axe-core's WCAG AA rules."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import follow_sign_up_link
from tests.e2e.test_accessibility import WCAG_AA

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase"


def browser_in(browser: Browser, live_server: str, locale: str) -> Page:
    context = browser.new_context(base_url=live_server, java_script_enabled=False, locale=locale)
    return context.new_page()


def test_a_us_browser_sees_988_first_and_can_choose_another_country(
    browser: Browser, live_server: str
) -> None:
    page = browser_in(browser, live_server, "en-US")

    page.goto("/help-now")

    expect(page.get_by_role("heading", name="988 Suicide & Crisis Lifeline")).to_be_visible()
    expect(page.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(page.get_by_role("link", name="Text HOME to 741741")).to_have_attribute(
        "href", "sms:741741?body=HOME"
    )
    page.get_by_role("link", name="Not your country? Choose where you are").click()
    page.get_by_label("Show lines for").select_option("GB")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Samaritans")).to_be_visible()
    expect(page.get_by_role("heading", name="988 Suicide & Crisis Lifeline")).to_have_count(0)
    page.context.close()


def test_a_british_browser_sees_samaritans_without_choosing(
    browser: Browser, live_server: str
) -> None:
    page = browser_in(browser, live_server, "en-GB")

    page.goto("/help-now")

    expect(page.get_by_role("heading", name="Samaritans")).to_be_visible()
    expect(page.get_by_text("Lines in the United Kingdom.")).to_be_visible()
    page.context.close()


def test_a_safety_plan_is_kept_changed_and_downloaded(browser: Browser, live_server: str) -> None:
    page = browser_in(browser, live_server, "en-US")
    page.goto("/sign-up")
    page.get_by_label("Your name").fill("Rosa")
    page.get_by_label("Email address").fill("rosa@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Where you are (optional)").select_option("IE")
    page.get_by_role("button", name="Create my account").click()
    follow_sign_up_link(page, "rosa@example.org")

    page.goto("/safety-plan")
    page.get_by_label("1. Warning signs").fill("Staying in bed past noon")
    page.get_by_label("My reasons to live").fill("My sister's wedding in June")
    page.get_by_role("button", name="Save my plan").click()

    expect(page.get_by_text("Kept in your account, encrypted.")).to_be_visible()
    expect(page.get_by_text("My sister's wedding in June")).to_be_visible()
    # Her saved region, not the browser's US English, picks the lines.
    expect(page.get_by_role("link", name="Text HELLO to 50808")).to_have_attribute(
        "href", "sms:50808?body=HELLO"
    )
    page.get_by_role("link", name="Change my plan").click()
    page.get_by_label("2. Things I can do on my own").fill("Walk the pier")
    page.get_by_role("button", name="Save my plan").click()
    expect(page.get_by_text("Walk the pier")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download it as a PDF").click()
    assert download.value.suggested_filename == "my-safety-plan.pdf"
    page.context.close()


@pytest.mark.parametrize("path", ["/safety-plan", "/safety-plan?edit=1", "/account"])
def test_the_kept_plan_and_the_region_choice_pass_wcag_aa(
    browser: Browser, live_server: str, path: str
) -> None:
    # axe runs as an injected script, which our Content-Security-Policy would rightly block.
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    email = "axe-" + "".join(c if c.isalnum() else "-" for c in path.strip("/")) + "@example.org"
    page.goto("/sign-up")
    page.get_by_label("Your name").fill("Axe")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    follow_sign_up_link(page, email)
    page.goto("/safety-plan")
    page.get_by_label("My reasons to live").fill("The sea")
    page.get_by_role("button", name="Save my plan").click()
    page.goto(path)

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})

    context.close()
    assert results.violations_count == 0, results.generate_report()

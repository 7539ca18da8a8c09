"""A client invites a trusted person and stops sharing, and the trusted person opens their link
on a phone, with JavaScript off and no account; every page on the way passes axe-core's WCAG
2.x A and AA rules and fits the phone's width (checked in a second browser, as axe is a script)."""

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from crossroads.platform.outbox import unsent_to
from crossroads.platform.runtime import Runtime
from tests.e2e.on_a_phone import PHONE, looking_page, problems_at
from tests.e2e.test_time_and_phone_in_browser import signed_in_context

pytestmark = pytest.mark.browser


def _checked(browser: Browser, live_server: str, walking: BrowserContext, url: str) -> list[str]:
    """What is wrong with the page at `url`, as the walking browser (with its cookies) would be
    shown it."""
    page = looking_page(browser, live_server, walking)
    problems = problems_at(page, url)
    page.context.close()
    return problems


def test_a_trusted_person_sees_what_is_shared_until_the_client_stops(
    browser: Browser, live_server: str, live_runtime: Runtime
) -> None:
    options = {"viewport": PHONE, "is_mobile": True, "java_script_enabled": False}
    client_context = signed_in_context(
        browser, live_server, live_runtime, "trusting@example.org", **options
    )
    client = client_context.new_page()
    client.goto("/sharing")
    client.get_by_role("link", name="Choose a trusted person").click()
    client.get_by_label("Their name").fill("Robin")
    client.get_by_label("Their email address").fill("robin@example.org")
    client.get_by_label("My safety plan").check()
    client.get_by_role("button", name="Invite").click()
    expect(client.get_by_role("status")).to_contain_text("We've emailed them their link.")
    problems = _checked(browser, live_server, client_context, "/sharing/trusted")
    with live_runtime.database.reading() as session:
        [mail] = unsent_to(session, live_runtime.master_keys, "robin@example.org")
    # The live server's port is its own, not the one the mail's public address names.
    link = "/trusted/" + mail.body.split("/trusted/")[1].split()[0]

    visitor_context = browser.new_context(base_url=live_server, **options)
    visitor = visitor_context.new_page()
    visitor.goto(link)
    expect(visitor.get_by_role("heading", name="Their safety plan")).to_be_visible()
    expect(visitor.get_by_role("heading", name="If you are worried about them")).to_be_visible()
    problems += _checked(browser, live_server, visitor_context, link)

    client.get_by_role("button", name="Stop sharing with Robin").click()
    visitor.reload()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "This link doesn't open anything now"
    )
    problems += _checked(browser, live_server, visitor_context, link)

    client_context.close()
    visitor_context.close()
    assert problems == []

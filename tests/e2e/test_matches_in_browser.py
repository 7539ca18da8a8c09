"""In real Chromium, without JavaScript: a client in the US who has not said which state sees
therapists with where they are licensed and a question; answering it leaves out those who
cannot see them there. Axe finds no WCAG 2.x AA violations on either page."""

from collections.abc import Iterable
from datetime import UTC, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from crossroads.assessment.rules.instruments import GAD7, PHQ9
from crossroads.booking.service.directory import save_listing
from crossroads.platform.runtime import Runtime
from tests.e2e.test_accessibility import WCAG_AA
from tests.e2e.test_accounts_in_browser import new_page, sign_in, sign_up
from tests.e2e.test_assessment_in_browser import answer

pytestmark = pytest.mark.browser


def list_therapists(runtime: Runtime, licensed: Iterable[tuple[str, str]]) -> None:
    with runtime.database.transaction() as session:
        for name, where in licensed:
            email = f"{name.split()[-1].lower()}.matches@example.org"
            licence = {"type": "other", "jurisdiction": where, "number": "N-77"}
            fields = {
                "email": email,
                "name": name,
                "kind": "therapist",
                "licences": [{**licence, "expires_on": "2031-01-01"}],
                "specialties": ["depression"],
            }
            save_listing(session, fields, datetime.now(UTC))


def test_a_client_says_which_state_they_are_in_and_sees_only_who_can_see_them_there(
    browser: Browser, live_server: str, live_runtime: Runtime
) -> None:
    list_therapists(live_runtime, [("Dr Nora Hudson", "US-NY"), ("Dr Gwen Albion", "GB")])
    client = new_page(browser, live_server)
    sign_up(client, "Ray", "ray.matches@example.org")
    client.goto("/account")
    client.get_by_label("Where you are (optional)").select_option("US")
    client.get_by_role("button", name="Save").first.click()
    client.goto("/assessment")
    answer(client, "phq9", range(len(PHQ9.items) - 1), "More than half the days")
    answer(client, "phq9", range(8, 9), "Not at all")
    answer(client, "gad7", range(len(GAD7.items)), "Several days")
    client.get_by_label("How steady do you feel").select_option("4")
    client.get_by_role("button", name="See my suggestion").click()
    client.get_by_role("link", name="See practitioners who fit").click()

    expect(client.get_by_text("A therapist may see you only where")).to_be_visible()
    expect(client.get_by_text("Licensed in New York (other)").first).to_be_visible()
    expect(client.get_by_role("link", name="Dr Gwen Albion")).to_have_count(0)  # not the US
    asking = client.url
    client.get_by_label("Where you are", exact=True).select_option("US-NY")
    client.get_by_role("button", name="Show who can see me there").click()

    expect(client.get_by_role("link", name="Dr Nora Hudson").first).to_be_visible()
    expect(
        client.get_by_text("Therapists are shown only where their licence is valid for New York.")
    ).to_be_visible()
    answered = client.url
    assert "where=US-NY" in answered

    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    sign_in(page, "ray.matches@example.org")
    options = {"runOnly": {"type": "tag", "values": WCAG_AA}}
    found = {}
    for name, url in (("asking", asking), ("answered", answered)):
        page.goto(url)
        found[name] = Axe().run(page, options=options)
    context.close()
    for name, results in found.items():
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"

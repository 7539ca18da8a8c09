"""In real Chromium, without JavaScript: the assessment suggests a route, its matches lead to a
therapist's profile, the client books a free consultation, and both sides see it."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from crossroads.assessment.rules.instruments import GAD7, PHQ9
from crossroads.booking.service.directory import save_listing
from crossroads.platform.person_rows import find_person_by_email
from crossroads.platform.runtime import Runtime
from tests.e2e.test_accessibility import WCAG_AA
from tests.e2e.test_accounts_in_browser import enter_code, new_page, sign_in, sign_up
from tests.e2e.test_assessment_in_browser import answer

pytestmark = pytest.mark.browser

EVERY_DAY = {"weekly": [[day, "00:00", "23:00"] for day in range(7)]}


def list_practitioner(runtime: Runtime, email: str) -> None:
    """The therapist's listing, linked to their account, as an import or an admin would add."""
    with runtime.database.transaction() as session:
        person = find_person_by_email(session, email)
        assert person is not None
        fields = {
            "email": email,
            "name": "Dr Ines Duarte",
            "kind": "therapist",
            "licences": [
                {
                    "type": "PsyD",
                    "jurisdiction": "GB",
                    "number": "GB-9917",
                    "expires_on": "2031-01-01",
                }
            ],
            "specialties": ["depression", "anxiety"],
            "time_zone": "Europe/London",
            "availability": EVERY_DAY,
        }
        save_listing(session, fields, datetime.now(UTC), person.id)


def test_from_assessment_to_a_booked_consultation_seen_on_both_sides(
    browser: Browser,
    live_server: str,
    live_runtime: Runtime,
    make_practitioner: Callable[[str], None],
) -> None:
    therapist = new_page(browser, live_server)
    sign_up(therapist, "Ines Duarte", "ines@example.org")
    make_practitioner("ines@example.org")
    list_practitioner(live_runtime, "ines@example.org")

    client = new_page(browser, live_server)
    sign_up(client, "Noor", "noor.booking@example.org")
    client.goto("/assessment")
    answer(client, "phq9", range(len(PHQ9.items) - 1), "More than half the days")
    answer(client, "phq9", range(8, 9), "Not at all")
    answer(client, "gad7", range(len(GAD7.items)), "Several days")
    client.get_by_label("How steady do you feel").select_option("4")
    client.get_by_role("button", name="See my suggestion").click()
    client.get_by_role("link", name="See practitioners who fit").click()

    expect(client.get_by_text("Works with low mood and depression").first).to_be_visible()
    client.get_by_role("link", name="Dr Ines Duarte").first.click()
    expect(client.get_by_role("heading", name="Dr Ines Duarte")).to_be_visible()
    client.locator("input[name='starts']").first.check()
    client.get_by_label("A free consultation").check()
    client.get_by_role("button", name="Book").click()

    expect(client.get_by_role("heading", name="My bookings")).to_be_visible()
    expect(client.locator("article.booking")).to_contain_text(
        "free consultation with Dr Ines Duarte"
    )

    sign_in(therapist, "ines@example.org")
    secret = therapist.locator("#totp-secret").inner_text()
    enter_code(therapist, secret)
    therapist.get_by_role("button", name="Turn on two-factor sign-in").click()
    therapist.goto("/bookings")
    expect(therapist.locator("article.booking")).to_contain_text("free consultation with Noor")


def test_the_directory_profile_and_bookings_pages_pass_wcag_aa(
    browser: Browser,
    live_server: str,
    live_runtime: Runtime,
    make_practitioner: Callable[[str], None],
) -> None:
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    sign_up(page, "Rui", "rui@example.org")
    make_practitioner("rui@example.org")
    list_practitioner(live_runtime, "rui@example.org")
    sign_up(page, "Ada", "ada.w@example.org")  # a second account, now signed in as a client
    options = {"runOnly": {"type": "tag", "values": WCAG_AA}}
    found = {}
    page.goto("/practitioners")
    found["the directory"] = Axe().run(page, options=options)
    page.get_by_role("link", name="Dr Ines Duarte").first.click()
    found["a profile"] = Axe().run(page, options=options)
    page.locator("input[name='starts']").first.check()
    page.get_by_role("button", name="Book").click()
    found["the bookings"] = Axe().run(page, options=options)
    context.close()

    for name, results in found.items():
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"

"""In real Chromium: the assessment suggests a route, its matches lead to a therapist's profile,
the client books a free consultation in steps and both sides see it (without JavaScript); and on
a phone, a consultation booked online, reviewed, confirmed, shared with, asked about afterwards
and followed by a session, every page passing axe."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from crossroads.assessment.rules.instruments import GAD7, PHQ9
from crossroads.booking.service.directory import save_listing
from crossroads.booking.store import BookingRow
from crossroads.platform.person_rows import find_person_by_email
from crossroads.platform.runtime import Runtime
from tests.e2e.test_accessibility import WCAG_AA
from tests.e2e.test_accounts_in_browser import enter_code, new_page, sign_in, sign_up
from tests.e2e.test_assessment_in_browser import answer

pytestmark = pytest.mark.browser

EVERY_DAY = {"weekly": [[day, "00:00", "23:00"] for day in range(7)]}


def list_practitioner(runtime: Runtime, email: str) -> str:
    """The therapist's listing, linked to their account, as an import or an admin would add;
    its id."""
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
        listing_id, _ = save_listing(session, fields, datetime.now(UTC), person.id)
    return listing_id


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
    client.get_by_role("link", name="Choose a time and book").click()
    client.get_by_role("button", name="See free times").click()
    client.locator("input[name='starts']").first.check()
    client.get_by_role("button", name="Review the booking").click()
    client.get_by_role("button", name="Confirm the booking").click()

    expect(client.get_by_role("heading", name="You're booked")).to_be_visible()
    client.goto("/bookings")
    expect(client.locator("article.booking")).to_contain_text("Free consultation")
    expect(client.locator("article.booking")).to_contain_text("with Dr Ines Duarte")

    sign_in(therapist, "ines@example.org")
    secret = therapist.locator("#totp-secret").inner_text()
    enter_code(therapist, secret)
    therapist.get_by_role("button", name="Turn on two-factor sign-in").click()
    therapist.goto("/bookings")
    expect(therapist.locator("article.booking")).to_contain_text("Free consultation")
    expect(therapist.locator("article.booking")).to_contain_text("with Noor")


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
    page.goto("/bookings")
    found["the bookings"] = Axe().run(page, options=options)
    context.close()

    for name, results in found.items():
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"


def test_on_a_phone_a_client_books_a_consultation_then_a_session_and_axe_finds_nothing(
    browser: Browser,
    live_server: str,
    live_runtime: Runtime,
    make_practitioner: Callable[[str], None],
) -> None:
    therapist = new_page(browser, live_server)
    sign_up(therapist, "Lena Park", "lena.phone@example.org")
    make_practitioner("lena.phone@example.org")
    listing_id = list_practitioner(live_runtime, "lena.phone@example.org")
    phone = browser.new_context(
        base_url=live_server, viewport={"width": 375, "height": 812}, bypass_csp=True
    )
    client = phone.new_page()
    sign_up(client, "Ama", "ama.phone@example.org")
    options = {"runOnly": {"type": "tag", "values": WCAG_AA}}
    found = {}

    client.goto(f"/practitioners/{listing_id}")
    client.get_by_role("link", name="Choose a time and book").click()
    found["what to book"] = Axe().run(client, options=options)
    client.get_by_label("Free consultation: 15 minutes").check()
    client.get_by_role("button", name="See free times").click()
    found["the free times"] = Axe().run(client, options=options)
    client.locator("fieldset.day").nth(1).locator("input[name='starts']").first.check()
    client.get_by_role("button", name="Review the booking").click()
    expect(client.get_by_role("heading", name="Check your booking")).to_be_visible()
    expect(client.get_by_text("15 minutes")).to_be_visible()
    found["the review"] = Axe().run(client, options=options)
    client.get_by_role("button", name="Confirm the booking").click()

    expect(client.get_by_role("heading", name="You're booked")).to_be_visible()
    expect(client.get_by_text("appears here 10 minutes before the start")).to_be_visible()
    expect(client.get_by_role("heading", name="Questions about therapy")).to_be_visible()
    found["the confirmation"] = Axe().run(client, options=options)
    client.get_by_label("My assessments").check()
    client.get_by_role("button", name="Share", exact=True).click()
    expect(client.get_by_text("Shared.")).to_be_visible()

    consultation_took_place(live_runtime, "ama.phone@example.org")
    client.reload()
    expect(client.get_by_role("heading", name="Was it a fit?")).to_be_visible()
    found["was it a fit"] = Axe().run(client, options=options)
    client.get_by_label("Book a session with them").check()
    client.get_by_role("button", name="Go on").click()
    client.locator("fieldset.day").nth(2).locator("input[name='starts']").first.check()
    client.get_by_role("button", name="Review the booking").click()
    expect(client.get_by_text("50 minutes")).to_be_visible()
    client.get_by_role("button", name="Confirm the booking").click()

    expect(client.get_by_role("heading", name="You're booked")).to_be_visible()
    expect(client.get_by_text("Session with Dr Ines Duarte")).to_be_visible()
    phone.close()
    for name, results in found.items():
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"


def consultation_took_place(runtime: Runtime, email: str) -> None:
    """Move the client's consultation to yesterday, as if it had taken place."""
    with runtime.database.transaction() as session:
        person = find_person_by_email(session, email)
        assert person is not None
        [row] = session.scalars(select(BookingRow).where(BookingRow.client_id == person.id))
        yesterday = datetime.now(UTC) - timedelta(days=1)
        row.starts_at, row.ends_at = yesterday, yesterday + timedelta(minutes=15)

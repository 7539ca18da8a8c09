"""In real Chromium, without JavaScript: a coach refers a client to a therapist; the client
accepts, shares with the therapist and lets them read why; the therapist reads the reason; both
practitioners are in the client's care team, whose coordination note both read; client and
therapist write to each other. axe-core finds no WCAG AA violations on the new pages (the
therapist's records too)."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from crossroads.booking.service.directory import save_listing
from crossroads.platform.person_rows import find_person_by_email
from crossroads.platform.runtime import Runtime
from tests.e2e.test_accounts_in_browser import enter_code, new_page, sign_in, sign_up
from tests.e2e.test_practice_in_browser import no_wcag_violations

pytestmark = pytest.mark.browser

REASON = "What you carry since the accident deserves a therapist's time, beside our coaching."
NOTE = "Coaching keeps to the career plan; therapy takes the accident. Hand over if sleep slips."


def list_practitioner(runtime: Runtime, email: str, name: str, kind: str) -> None:
    """A listing linked to the account, as a practitioner writes on /my-listing."""
    licences = [
        {"type": "LPC", "jurisdiction": "GB", "number": "GB-4410", "expires_on": "2031-01-01"}
    ]
    with runtime.database.transaction() as session:
        person = find_person_by_email(session, email)
        assert person is not None
        fields = {
            "email": email,
            "name": name,
            "kind": kind,
            "licences": licences if kind == "therapist" else [],
            "time_zone": "Europe/London",
        }
        save_listing(session, fields, datetime.now(UTC), person.id)


def practitioner_signs_in(page: Page, email: str) -> None:
    """Sign in, then set up the second factor every practitioner must use."""
    sign_in(page, email)
    secret = page.locator("#totp-secret").inner_text()
    enter_code(page, secret)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()


def test_a_referral_builds_a_care_team_that_shares_a_note_and_writes_to_each_other(
    browser: Browser,
    live_server: str,
    live_runtime: Runtime,
    make_practitioner: Callable[[str], None],
) -> None:
    coach = new_page(browser, live_server)
    sign_up(coach, "Kit Ward", "kit.coach@example.org")
    make_practitioner("kit.coach@example.org")
    list_practitioner(live_runtime, "kit.coach@example.org", "Kit Ward", "coach")
    therapist = new_page(browser, live_server)
    sign_up(therapist, "Dr Lena Okoye", "lena.okoye@example.org")
    make_practitioner("lena.okoye@example.org")
    list_practitioner(live_runtime, "lena.okoye@example.org", "Dr Lena Okoye", "therapist")

    client = new_page(browser, live_server)
    sign_up(client, "Rosa", "rosa.team@example.org")
    client.goto("/sharing")
    client.get_by_label("The practitioner's email address").fill("kit.coach@example.org")
    client.get_by_label("My coaching goals and check-ins").check()
    client.get_by_role("button", name="Share").click()

    practitioner_signs_in(coach, "kit.coach@example.org")
    coach.get_by_role("link", name="My clients").click()
    coach.get_by_role("link", name="Rosa").click()
    coach.get_by_label("Therapy").check()
    coach.get_by_label("Why, in words the client will read").fill(REASON)
    coach.get_by_role("button", name="Send the suggestion").click()

    client.goto("/referrals")
    expect(client.get_by_text(REASON).first).to_be_visible()
    client.get_by_label("Choose who to see").select_option(label="Dr Lena Okoye")
    client.get_by_label("My assessments").check()
    client.get_by_label("Let them read why you were referred").check()
    client.get_by_label("Let them see who else helps me").check()
    client.get_by_role("button", name="Go ahead").click()
    expect(client.get_by_role("heading", name="My care team")).to_be_visible()
    team = client.get_by_role("table")
    expect(team).to_contain_text("Dr Lena Okoye")
    expect(team).to_contain_text("Kit Ward")
    client.get_by_role("button", name="Let Kit Ward see the team").click()
    client.get_by_label("The note").fill(NOTE)
    client.get_by_role("button", name="Save the note").click()
    expect(client.get_by_label("The note")).to_have_value(NOTE)
    no_wcag_violations(client)

    practitioner_signs_in(therapist, "lena.okoye@example.org")
    therapist.goto("/clients")
    therapist.get_by_role("link", name="Rosa").first.click()
    therapist.get_by_role("link", name="care team").click()
    expect(therapist.get_by_text(REASON)).to_be_visible()
    expect(therapist.get_by_label("The note")).to_have_value(NOTE)
    expect(therapist.get_by_role("list").filter(has_text="Kit Ward")).to_be_visible()
    no_wcag_violations(therapist)

    coach.goto("/clients")
    coach.get_by_role("link", name="Rosa").first.click()
    coach.get_by_role("link", name="care team").click()
    expect(coach.get_by_label("The note")).to_have_value(NOTE)
    expect(coach.get_by_text(REASON)).to_have_count(0)  # the reason was the therapist's to read

    client.get_by_role("link", name="Messages").click()
    client.get_by_role("link", name="Dr Lena Okoye").click()
    client.get_by_label("Your message").fill("Is Thursday evening possible for a first session?")
    client.get_by_role("button", name="Send").click()
    expect(client.get_by_text("Is Thursday evening possible")).to_be_visible()
    no_wcag_violations(client)

    therapist.get_by_role("link", name="Messages").click()
    expect(therapist.get_by_role("table")).to_contain_text("1 new")
    therapist.get_by_role("link", name="Rosa").click()
    expect(therapist.get_by_text("Is Thursday evening possible")).to_be_visible()
    therapist.get_by_label("Your reply").fill("Thursday at six works. Book it from my profile.")
    therapist.get_by_role("button", name="Send").click()
    no_wcag_violations(therapist)

    client.reload()
    expect(client.get_by_text("Thursday at six works.")).to_be_visible()

    therapist.get_by_role("link", name="Records").click()
    expect(therapist.get_by_role("heading", name="Your records")).to_be_visible()
    no_wcag_violations(therapist)

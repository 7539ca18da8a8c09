"""Help now and the safety plan, and the security every page carries: strict headers, no
scripts, nothing loaded from another origin."""

import dataclasses
import io
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crossroads.kernel import resources
from crossroads.kernel.resources import resources_for
from crossroads.safety_plan.store import SafetyPlanRow

PLAN_SECTIONS = {
    "warning_signs": "1. Warning signs",
    "on_my_own": "2. Things I can do on my own",
    "people_places": "3. People and places that take my mind off it",
    "ask_for_help": "4. People I can ask for help",
    "professionals": "5. Professionals and lines",
    "safer_surroundings": "6. Making my surroundings safer",
    "reasons": "My reasons to live",
}
ITEM9 = {f"phq9_{n}": "1" if n == 8 else "0" for n in range(9)}
US_BROWSER = {"accept-language": "en-US,en;q=0.9"}


def result_page(client: TestClient, region: str = "US", **fields: str) -> str:
    """The address of a stored result: item 9 of the PHQ-9 unless other fields are given."""
    response = client.post(
        "/assessment", data={**(fields or ITEM9), "region": region}, follow_redirects=False
    )
    assert response.status_code == 303
    return response.headers["location"]


def plan_part(html: str, title: str) -> str:
    """What the printed plan shows under one section's title."""
    start = html.index(f"<dt>{title}</dt>")
    return html[start : html.index("</dd>", start)]


def test_help_now_needs_no_sign_in_and_defaults_to_the_international_lines(
    client: TestClient,
) -> None:
    response = client.get("/help-now", follow_redirects=False)

    assert response.status_code == 200
    assert "Find A Helpline" in response.text
    assert 'href="https://findahelpline.com"' in response.text
    assert 'href="tel:112"' in response.text
    assert "Samaritans" not in response.text
    assert "Lines you can use from anywhere." in response.text


def test_a_us_browser_with_no_region_anywhere_sees_988_first(client: TestClient) -> None:
    html = client.get("/help-now", headers=US_BROWSER).text

    assert "988 Suicide &amp; Crisis Lifeline" in html
    assert 'href="tel:988"' in html
    assert 'href="sms:741741?body=HOME"' in html
    assert "Lines in the United States." in html
    assert '<option value="US" selected>' in html
    assert "Find A Helpline" not in html


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en-GB,en;q=0.8", "Samaritans"),
        ("en-IE", "50808"),
        ("en-AU", "Lifeline"),
        ("fr-CA", "9-8-8"),
    ],
)
def test_the_browsers_language_region_picks_the_lines(
    client: TestClient, language: str, shown: str
) -> None:
    html = client.get("/help-now", headers={"accept-language": language}).text

    assert str(escape(shown)) in html


def test_a_region_chosen_on_the_page_wins_over_the_browser(client: TestClient) -> None:
    html = client.get("/help-now", params={"region": "NZ"}, headers=US_BROWSER).text

    assert "1737, Need to talk?" in html
    assert "988 Suicide" not in html


def test_every_crisis_panel_offers_another_country(client: TestClient) -> None:
    help_now = client.get("/help-now", params={"region": "GB"}).text
    plan = client.post("/safety-plan", data={"region": "GB"}).text

    for html in (help_now, plan):
        assert (
            '<a href="/help-now#choose-region">Not your country? Choose where you are</a>' in html
        )
    assert '<section id="choose-region"' in help_now
    assert ">Not your country?</h2>" in help_now


@pytest.mark.parametrize("region", ["GB", "gb"])
def test_help_now_for_great_britain_shows_samaritans_and_shout(
    client: TestClient, region: str
) -> None:
    html = client.get("/help-now", params={"region": region}).text

    assert "Samaritans" in html
    assert "Call 116 123" in html
    assert 'href="tel:116123"' in html
    assert "Shout" in html
    assert 'href="sms:85258?body=SHOUT"' in html
    assert 'href="tel:999"' in html
    assert '<option value="GB" selected>' in html
    assert 'href="/safety-plan?region=GB"' in html


@pytest.mark.parametrize(
    ("region", "link"),
    [
        ("US", "sms:741741?body=HOME"),
        ("GB", "sms:85258?body=SHOUT"),
        ("IE", "sms:50808?body=HELLO"),
        ("US", "sms:988"),
        ("NZ", "sms:1737"),
    ],
)
def test_text_lines_open_with_their_keyword_filled_in(
    client: TestClient, region: str, link: str
) -> None:
    html = client.get("/help-now", params={"region": region}).text

    assert f'href="{link}"' in html


@pytest.mark.parametrize("region", ["US", "GB", "IE", "AU", "NZ", "CA", "INTL"])
def test_help_now_shows_when_the_lines_were_last_checked(client: TestClient, region: str) -> None:
    html = client.get("/help-now", params={"region": region}).text

    for line in resources_for(region):
        assert str(escape(line.name)) in html
        assert f"{line.last_checked.day} {line.last_checked:%B %Y}" in html


def test_each_line_shows_its_own_last_checked_date(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    samaritans, shout, emergency = resources.RESOURCES["GB"]
    rechecked = dataclasses.replace(shout, last_checked=date(2027, 3, 4))
    monkeypatch.setitem(resources.RESOURCES, "GB", (samaritans, rechecked, emergency))

    html = client.get("/help-now", params={"region": "GB"}).text

    assert "4 March 2027" in html


def test_the_safety_plan_form_has_the_six_steps_and_the_reasons_to_live(
    client: TestClient,
) -> None:
    html = client.get("/safety-plan").text

    for key, title in PLAN_SECTIONS.items():
        assert f'<label for="{key}">{title}</label>' in html
        assert f'<textarea id="{key}" name="{key}"' in html
    assert "We don't keep what you write here." in html
    assert 'href="/safety-plan.pdf"' in html


def test_the_safety_plan_form_carries_the_region_it_was_opened_for(client: TestClient) -> None:
    html = client.get("/safety-plan", params={"region": "GB"}).text

    assert '<input type="hidden" name="region" value="GB">' in html


def test_a_written_safety_plan_comes_back_as_text_with_the_regions_lines(
    client: TestClient,
) -> None:
    written = {
        "warning_signs": "Not sleeping; <script>alert('x')</script>",
        "on_my_own": "A long walk with the dog",
        "people_places": "My sister Ana, the library",
        "ask_for_help": "Ana 07700 900123",
        "professionals": "Dr Okafor 020 7946 0000",
        "safer_surroundings": "Give the tablets to Ana to keep",
        "reasons": "My kids",
        "region": "GB",
    }

    response = client.post("/safety-plan", data=written)

    assert response.status_code == 200
    html = response.text
    assert "<script" not in html
    assert "Not sleeping; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    for key, title in PLAN_SECTIONS.items():
        assert str(escape(written[key])) in plan_part(html, title)
    assert 'href="tel:116123"' in html
    assert 'href="sms:85258?body=SHOUT"' in html
    assert "We have not kept a copy." in html


def test_the_printed_plan_follows_the_browsers_region_when_none_was_chosen(
    client: TestClient,
) -> None:
    html = client.post("/safety-plan", data={"reasons": "My cat"}, headers=US_BROWSER).text

    assert 'href="tel:988"' in html


def test_a_safety_plan_written_without_an_account_is_never_stored(
    client: TestClient, session: Session
) -> None:
    client.post("/safety-plan", data={"reasons": "My kids", "warning_signs": "Not sleeping"})

    assert session.scalar(select(func.count()).select_from(SafetyPlanRow)) == 0


def test_a_blank_safety_plan_shows_room_to_fill_in_by_hand(client: TestClient) -> None:
    html = client.post("/safety-plan", data={}).text

    assert html.count("(blank to fill in by hand)") == len(PLAN_SECTIONS)
    assert "Find A Helpline" in html


def test_a_too_long_safety_plan_part_is_named_and_what_was_written_is_kept(
    client: TestClient,
) -> None:
    response = client.post(
        "/safety-plan", data={"reasons": "x" * 4_001, "on_my_own": "A bath", "region": "GB"}
    )

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "My reasons to live: keep each part to 4000 characters or fewer" in response.text
    assert ">A bath</textarea>" in response.text
    assert '<input type="hidden" name="region" value="GB">' in response.text


def test_a_blank_plan_downloads_as_a_pdf_without_an_account(client: TestClient) -> None:
    response = client.get("/safety-plan.pdf", params={"region": "GB"})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "my-safety-plan.pdf" in response.headers["content-disposition"]
    text = pdf_text(response.content)
    assert "1. Warning signs" in text
    assert "My reasons to live" in text
    assert "Samaritans" in text


def test_the_lines_shown_with_a_result_follow_its_region_and_offer_another(
    client: TestClient,
) -> None:
    html = client.get(result_page(client, region="GB"), headers=US_BROWSER).text

    assert 'href="tel:116123"' in html
    assert "Lines in the United Kingdom." in html
    assert 'href="/help-now#choose-region"' in html


def pdf_text(content: bytes) -> str:
    """The words on every page of a PDF."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


PAGES = [
    "/",
    "/assessment",
    "/assessment?form=short",
    "result",
    "/help-now",
    "/help-now?region=GB",
    "/safety-plan",
    "/safety-plan?edit=1",
    "/no-such-page",
    "/assessments/no-such-id",
]


def fetch(client: TestClient, address: str) -> tuple[int, dict[str, str], str]:
    """Status, headers and body of a page; "result" stands for a stored crisis result."""
    if address == "result":
        address = result_page(client)
    response = client.get(address)
    return response.status_code, dict(response.headers), response.text


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize("address", PAGES)
def test_every_page_forbids_others_scripts_referrers_and_caching(
    client: TestClient, address: str
) -> None:
    status, headers, _ = fetch(client, address)

    assert status in {200, 404}
    policy = directives(headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"]
    # Only script files of our own (static/*.js): no inline script, no other origin.
    assert policy["script-src"] == ["'self'"]
    assert "script-src-elem" not in policy
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def loaded_from_elsewhere(html: str) -> list[str]:
    """Addresses the browser would fetch on its own (src=, stylesheets) from another origin."""
    loaded = []
    for tag, attrs in Tags(html).tags:
        loaded += [value for name, value in attrs.items() if name in {"src", "srcset"}]
        if tag == "link":
            loaded.append(attrs.get("href", ""))
    return [url for url in loaded if urlsplit(url).scheme or urlsplit(url).netloc]


@pytest.mark.parametrize("address", [*PAGES, "plan"])
def test_no_page_has_a_script_or_loads_anything_from_another_origin(
    client: TestClient, address: str
) -> None:
    if address == "plan":
        plan = {"calming": '<script src="https://x.example/a.js"></script>', "region": "US"}
        html = client.post("/safety-plan", data=plan).text
    else:
        _, _, html = fetch(client, address)

    tags = [tag for tag, _ in Tags(html).tags]
    assert "script" not in tags
    assert "link" in tags
    assert loaded_from_elsewhere(html) == []


def test_links_out_to_crisis_services_are_allowed(client: TestClient) -> None:
    html = client.get("/help-now", params={"region": "US"}).text

    assert 'href="https://988lifeline.org/chat"' in html
    assert loaded_from_elsewhere(html) == []


def test_static_files_are_cacheable_but_still_carry_the_policy(client: TestClient) -> None:
    response = client.get("/static/style.css")

    assert response.status_code == 200
    assert "no-store" not in response.headers.get("cache-control", "")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "@import" not in response.text
    assert re.findall(r"url\(\s*[\"']?(?:https?:)?//", response.text) == []

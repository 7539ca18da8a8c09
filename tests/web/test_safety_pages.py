"""Help now and the safety plan, and the security every page carries: strict headers, no
scripts, nothing loaded from another origin."""

import dataclasses
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from crossroads.domain import resources
from crossroads.domain.resources import resources_for

PLAN_SECTIONS = {
    "warning_signs": "Warning signs",
    "calming": "Things that calm me",
    "people_places": "People and places",
    "reasons": "Reasons to keep going",
    "professionals": "Professionals to contact",
}
ITEM9 = {f"phq9_{n}": "1" if n == 8 else "0" for n in range(9)}


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


@pytest.mark.parametrize("region", ["GB", "gb"])
def test_help_now_for_great_britain_shows_samaritans_and_shout(
    client: TestClient, region: str
) -> None:
    html = client.get("/help-now", params={"region": region}).text

    assert "Samaritans" in html
    assert "Call 116 123" in html
    assert 'href="tel:116123"' in html
    assert "Shout" in html
    assert 'href="sms:85258"' in html
    assert 'href="tel:999"' in html
    assert '<option value="GB" selected>' in html
    assert 'href="/safety-plan?region=GB"' in html


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


def test_the_safety_plan_form_has_the_five_sections(client: TestClient) -> None:
    html = client.get("/safety-plan").text

    for key, title in PLAN_SECTIONS.items():
        assert f'<label for="{key}">{title}</label>' in html
        assert f'<textarea id="{key}" name="{key}"' in html
    assert "We don't keep what you write here." in html


def test_the_safety_plan_form_carries_the_region_it_was_opened_for(client: TestClient) -> None:
    html = client.get("/safety-plan", params={"region": "GB"}).text

    assert '<input type="hidden" name="region" value="GB">' in html


def test_a_written_safety_plan_comes_back_as_text_with_the_regions_lines(
    client: TestClient,
) -> None:
    written = {
        "warning_signs": "Not sleeping; <script>alert('x')</script>",
        "calming": "A long walk with the dog",
        "people_places": "My sister Ana, the library",
        "reasons": "My kids",
        "professionals": "Dr Okafor 020 7946 0000",
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
    assert 'href="sms:85258"' in html
    assert "We have not kept a copy." in html


def test_a_blank_safety_plan_shows_room_to_fill_in_by_hand(client: TestClient) -> None:
    html = client.post("/safety-plan", data={}).text

    assert html.count("(blank to fill in by hand)") == len(PLAN_SECTIONS)
    assert "Find A Helpline" in html


def test_a_too_long_safety_plan_section_is_an_html_page_naming_it(client: TestClient) -> None:
    response = client.post("/safety-plan", data={"reasons": "x" * 4_001})

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "Please check: reasons." in response.text


def test_the_safety_plan_offered_with_a_crisis_result_keeps_the_region(
    client: TestClient,
) -> None:
    html = client.get(result_page(client, region="GB")).text

    assert 'href="/safety-plan?region=GB"' in html


PAGES = [
    "/",
    "/assessment",
    "/assessment?form=short",
    "result",
    "/help-now",
    "/help-now?region=GB",
    "/safety-plan",
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
def test_every_page_forbids_scripts_referrers_and_caching(client: TestClient, address: str) -> None:
    status, headers, _ = fetch(client, address)

    assert status in {200, 404}
    policy = directives(headers["content-security-policy"])
    assert policy["default-src"] == ["'none'"]
    assert "script-src" not in policy
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

"""The list of guides and each guide's page, open to everyone, and the questions to ask as any
page includes them."""

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from crossroads.guides import pages  # noqa: F401  (registers the questions' template global)
from crossroads.guides.rules import (
    COACHING_QUESTIONS,
    GUIDES,
    THERAPY_QUESTIONS,
    Guide,
    QuestionList,
)
from crossroads.web.deps import templates


def test_the_list_of_guides_links_each_with_its_summary(client: TestClient) -> None:
    response = client.get("/guides")

    assert response.status_code == 200
    assert "<h1>Guides</h1>" in response.text
    for guide in GUIDES:
        assert f'<a href="/guides/{guide.slug}">{escape(guide.title)}</a>' in response.text
        assert escape(guide.summary) in response.text


@pytest.mark.parametrize("guide", GUIDES, ids=lambda guide: guide.slug)
def test_every_guide_renders_with_its_title(client: TestClient, guide: Guide) -> None:
    response = client.get(f"/guides/{guide.slug}")

    assert response.status_code == 200
    assert f"<title>{escape(guide.title)} · Crossroads</title>" in response.text
    assert f"<h1>{escape(guide.title)}</h1>" in response.text
    assert '<a href="/guides">All guides</a>' in response.text
    assert "<script" not in response.text


def test_an_unknown_guide_is_the_usual_page_for_nothing_here(client: TestClient) -> None:
    response = client.get("/guides/no-such-guide")

    assert response.status_code == 404
    assert "Nothing here" in response.text


def test_every_page_links_to_the_guides_in_its_footer(client: TestClient) -> None:
    assert '<a href="/guides">Guides</a>' in client.get("/").text


def test_the_questions_guide_shows_both_lists_before_the_way_to_the_crisis_lines(
    client: TestClient,
) -> None:
    text = client.get("/guides/questions-to-ask").text

    therapy = text.index(THERAPY_QUESTIONS.heading)
    coaching = text.index(COACHING_QUESTIONS.heading)
    assert therapy < coaching < text.index('href="/help-now">crisis lines')
    for question in (*THERAPY_QUESTIONS.questions, *COACHING_QUESTIONS.questions):
        assert f"<li>{escape(question)}</li>" in text


def _questions(**context: object) -> str:
    return templates.get_template("guides/_questions.html").render(**context)


@pytest.mark.parametrize(
    ("kind", "shown", "left_out"),
    [
        ("therapist", [THERAPY_QUESTIONS], [COACHING_QUESTIONS]),
        ("coach", [COACHING_QUESTIONS], [THERAPY_QUESTIONS]),
        ("both", [THERAPY_QUESTIONS, COACHING_QUESTIONS], []),
    ],
)
def test_the_questions_include_shows_the_lists_for_the_kind(
    kind: str, shown: list[QuestionList], left_out: list[QuestionList]
) -> None:
    html = _questions(kind=kind)

    headings = [html.index(f">{listed.heading}</h2>") for listed in shown]
    assert headings == sorted(headings)
    for listed in shown:
        assert all(f"<li>{escape(question)}</li>" in html for question in listed.questions)
    for listed in left_out:
        assert listed.heading not in html


def test_the_including_page_chooses_the_level_of_the_questions_headings() -> None:
    html = _questions(kind="coach", heading_level=3)

    assert f'<h3 id="questions-1">{COACHING_QUESTIONS.heading}</h3>' in html

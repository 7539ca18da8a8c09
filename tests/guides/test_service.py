"""The library's Markdown files: each listed, each linked from somewhere, each ending with the
way to the crisis lines, and rendered with any HTML in them shown as text."""

import itertools
import re
from pathlib import Path

import pytest

from crossroads.guides.rules import GUIDES, Guide
from crossroads.guides.service import CONTENT, read_guide, render_markdown
from crossroads.kernel.errors import NotFound

PACKAGE = Path(__file__).parents[2] / "src" / "crossroads"
GUIDE_LINK = re.compile(r"/guides/([a-z0-9-]+)")


def _linking_files() -> dict[Path, str]:
    """Every template and every guide's Markdown, by path: the places a guide can be linked."""
    paths = [*PACKAGE.glob("**/templates/**/*.html"), *CONTENT.glob("*.md")]
    return {path: path.read_text("utf-8") for path in paths}


def _text(guide: Guide) -> str:
    return (CONTENT / guide.file_name).read_text("utf-8")


def test_every_content_file_is_listed_and_every_listed_file_exists() -> None:
    on_disk = {path.name for path in CONTENT.glob("*.md")}

    assert on_disk == {guide.file_name for guide in GUIDES}


@pytest.mark.parametrize("guide", GUIDES, ids=lambda guide: guide.slug)
def test_every_guide_is_linked_from_somewhere_besides_itself(guide: Guide) -> None:
    own = CONTENT / guide.file_name
    linking = [
        path
        for path, text in _linking_files().items()
        if path != own and guide.slug in GUIDE_LINK.findall(text)
    ]

    assert linking, f"nothing links to /guides/{guide.slug}"


def test_every_link_to_a_guide_names_a_guide_in_the_list() -> None:
    slugs = {guide.slug for guide in GUIDES}
    for path, text in _linking_files().items():
        assert set(GUIDE_LINK.findall(text)) <= slugs, path


@pytest.mark.parametrize("guide", GUIDES, ids=lambda guide: guide.slug)
def test_a_guide_opens_with_its_title_as_the_only_level_one_heading(guide: Guide) -> None:
    lines = _text(guide).splitlines()
    levels = [len(line) - len(line.lstrip("#")) for line in lines if line.startswith("#")]

    assert lines[0] == f"# {guide.title}"
    assert levels[0] == 1
    assert 1 not in levels[1:]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


@pytest.mark.parametrize("guide", GUIDES, ids=lambda guide: guide.slug)
def test_a_guide_is_between_300_and_700_words(guide: Guide) -> None:
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", re.sub(r"\]\([^)]*\)", "]", _text(guide)))

    assert 300 <= len(words) <= 700


@pytest.mark.parametrize("guide", GUIDES, ids=lambda guide: guide.slug)
def test_a_guide_ends_with_the_way_to_the_crisis_lines(guide: Guide) -> None:
    read = read_guide(guide.slug)

    assert 'href="/help-now"' in read.closing
    assert "crisis lines" in read.closing


def test_a_guide_not_in_the_list_is_not_found() -> None:
    with pytest.raises(NotFound):
        read_guide("../../app.py")


def test_html_written_in_a_page_is_shown_as_text() -> None:
    html = render_markdown("Hello <script>alert(1)</script>\n\n<div onclick='x()'>hi</div>\n")

    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<div" not in html


def test_a_link_that_would_run_a_script_is_not_made_a_link() -> None:
    html = render_markdown("[click](javascript:alert(1)) [data](data:text/html;base64,AAAA)")

    assert "href" not in html


def test_markdown_is_rendered() -> None:
    html = render_markdown("# Title\n\nSome **strong** words and [a link](/guides).\n")

    assert html == (
        "<h1>Title</h1>\n"
        '<p>Some <strong>strong</strong> words and <a href="/guides">a link</a>.</p>\n'
    )

"""Read a guide: its Markdown file, rendered to HTML with raw HTML turned off, so nothing in a
page can add a script or a style that our Content-Security-Policy would have to trust."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from crossroads.guides.rules import GUIDES_BY_SLUG, Guide
from crossroads.kernel.errors import NotFound

CONTENT = Path(__file__).parent / "content"
# CommonMark with `html` off: tags written in a page are shown as text, and links with
# javascript: or data: addresses are refused by markdown-it's own link check.
MARKDOWN = MarkdownIt("commonmark", {"html": False})


@dataclass(frozen=True)
class ReadGuide:
    """A guide and its text as HTML, safe to place in a page as it is: the body, and the
    closing note on crisis lines that every page ends with (its last paragraph), kept apart so
    that what the page adds after the text (the questions to ask) comes before it."""

    guide: Guide
    body: Markup
    closing: Markup


def render_markdown(text: str) -> Markup:
    """`text` as HTML; any HTML written in it comes out escaped."""
    return Markup(MARKDOWN.render(text))  # noqa: S704  (raw HTML is off, so nothing is trusted)


@cache
def read_guide(slug: str) -> ReadGuide:
    """The guide at `slug`, or NotFound. The files ship with the code, so each is read once."""
    guide = GUIDES_BY_SLUG.get(slug)
    if guide is None:
        raise NotFound(f"no guide is called {slug!r}")
    text = (CONTENT / guide.file_name).read_text("utf-8")
    body, _, closing = text.rstrip().rpartition("\n\n")
    return ReadGuide(guide, render_markdown(body), render_markdown(closing))

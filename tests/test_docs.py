"""The documentation says what the code does."""

from pathlib import Path

from crossroads.domain.triage import triage_table_markdown

ROOT = Path(__file__).parents[1]


def test_the_triage_page_shows_the_table_the_code_uses() -> None:
    assert triage_table_markdown() in (ROOT / "docs" / "triage.md").read_text("utf-8")


def test_the_readme_gives_exactly_the_two_set_up_commands() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make run" in readme
    assert "make test" in readme

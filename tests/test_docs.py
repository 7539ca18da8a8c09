"""The documentation says what the code does."""

import ast
from pathlib import Path

from crossroads.assessment.rules.triage import triage_table_markdown

ROOT = Path(__file__).parents[1]


def test_the_triage_page_shows_the_table_the_code_uses() -> None:
    assert triage_table_markdown() in (ROOT / "docs" / "triage.md").read_text("utf-8")


def test_the_readme_gives_exactly_the_two_set_up_commands() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make run" in readme
    assert "make test" in readme


def layout_table() -> str:
    """The package's top-level folders, each with its parts when it is a feature (a folder with
    a `service`) and the first sentence of what its docstring says it holds."""
    package = ROOT / "src" / "crossroads"
    lines = ["| folder | parts | what it holds |", "|---|---|---|"]
    for init in sorted(package.glob("*/__init__.py")):
        folder = init.parent
        found = {p.name.removesuffix(".py"): p for p in folder.iterdir()}
        parts = ""
        if "service" in found:
            parts = " ".join(
                f"`{p.name}{'/' if p.is_dir() else ''}`"
                for name, p in sorted(found.items())
                if name not in {"__init__", "__pycache__"}
            )
        docstring = ast.get_docstring(ast.parse(init.read_text("utf-8"))) or ""
        holds = " ".join(docstring.split()).split(". ")[0].rstrip(".") + "."
        lines.append(f"| `{folder.name}/` | {parts} | {holds} |")
    return "\n".join(lines)


def test_the_architecture_page_shows_the_package_as_it_is() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    assert layout_table() in page, "paste the table `python -m tests.test_docs` prints"


if __name__ == "__main__":
    print(layout_table())

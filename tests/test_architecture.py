"""Dependencies point inward: web and cli call services; domain needs only the standard library."""

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "crossroads"

# For each layer, the crossroads layers it may import.
ALLOWED = {
    "domain": {"domain"},
    "store": {"store"},
    "security": {"security", "domain"},
    "text": {"text", "domain"},
    "services": {"services", "domain", "store", "security", "text", "config"},
    # Pages check CSRF tokens and name roles; they never reach the store.
    "web": {"web", "services", "domain", "security", "config"},
    "cli": {"cli", "services", "domain", "security", "config"},
    "config": set(),
}


def _layer(path: Path) -> str:
    """The layer a module belongs to; cli.py and its cli_*.py helpers are the cli layer."""
    relative = path.relative_to(PACKAGE)
    name = relative.parts[0].removesuffix(".py")
    return "cli" if name.startswith("cli_") else name


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


MODULES = [path for path in PACKAGE.rglob("*.py") if _layer(path) in ALLOWED]


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_each_module_imports_only_the_layers_beneath_it(path: Path) -> None:
    layer = _layer(path)
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "crossroads" and len(parts) > 1:
            target = "cli" if parts[1].startswith("cli_") else parts[1]
            assert target in ALLOWED[layer], f"{layer} must not import {name}"


@pytest.mark.parametrize(
    "path",
    [path for path in MODULES if _layer(path) == "domain"],
    ids=lambda path: path.name,
)
def test_the_domain_imports_only_the_standard_library(path: Path) -> None:
    for name in _imports(path):
        top = name.split(".")[0]
        assert top == "crossroads" or top in sys.stdlib_module_names, f"domain imports {name}"


def test_every_module_says_what_it_is_for() -> None:
    missing = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "versions" not in path.parts
        and ast.get_docstring(ast.parse(path.read_text("utf-8"))) is None
    ]
    assert missing == []

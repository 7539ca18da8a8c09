"""Dependencies point inward: web and cli call services; the kernel (the ideas every feature
shares) and the domain need only the standard library and read no clock or chance; only
services reach the store and the database library.

Every rule is checked on the package as it is, and each is shown to bite: a violation planted in
a copy of the package must be reported.
"""

import ast
import shutil
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "crossroads"

# For each layer, the crossroads layers it may import.
ALLOWED = {
    "kernel": {"kernel"},
    "domain": {"domain", "kernel"},
    "store": {"store"},
    "security": {"security", "domain", "kernel"},
    "text": {"text", "domain", "kernel"},
    "services": {"services", "domain", "kernel", "store", "security", "text", "config"},
    # Pages check CSRF tokens; they never reach the store.
    "web": {"web", "services", "domain", "kernel", "security", "config"},
    "cli": {"cli", "services", "domain", "kernel", "security", "config"},
    "config": set(),
}
PURE = {"kernel", "domain"}  # standard library only, and no clock or chance
# Libraries a layer must not import: only services and the store speak to the database.
FORBIDDEN_LIBRARIES = {"web": {"sqlalchemy"}, "cli": {"sqlalchemy"}}
# The domain's rules are the same whenever and however often they run: no clock, no chance.
UNREPEATABLE_MODULES = {"random", "secrets", "uuid", "time"}
CLOCK_CALLS = {"now", "today", "utcnow"}


def _layer(package: Path, path: Path) -> str:
    """The layer a module belongs to; cli.py and its cli_*.py helpers are the cli layer."""
    name = path.relative_to(package).parts[0].removesuffix(".py")
    return "cli" if name.startswith("cli_") else name


def _imports(tree: ast.Module) -> set[str]:
    """Every module named by an import, `from crossroads import store` read as
    `crossroads.store`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "crossroads":
                names.update(f"crossroads.{alias.name}" for alias in node.names)
    return names


def _crossroads_layer(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "crossroads" or len(parts) == 1:
        return None
    return "cli" if parts[1].startswith("cli_") else parts[1]


def _clock_reads(tree: ast.Module) -> list[str]:
    return [
        f"{ast.unparse(node.func)}() on line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCK_CALLS
    ]


def violations(package: Path) -> list[str]:
    """Every broken rule in the package at `package`, one line each."""
    found = []
    for path in sorted(package.rglob("*.py")):
        layer = _layer(package, path)
        if layer not in ALLOWED:
            continue
        where = str(path.relative_to(package))
        tree = ast.parse(path.read_text("utf-8"))
        for name in sorted(_imports(tree)):
            top = name.split(".")[0]
            target = _crossroads_layer(name)
            if target is not None and target not in ALLOWED[layer]:
                found.append(f"{where}: {layer} must not import {name}")
            if top in FORBIDDEN_LIBRARIES.get(layer, set()):
                found.append(f"{where}: {layer} must not import {name}")
            if layer in PURE and top != "crossroads":
                if top not in sys.stdlib_module_names:
                    found.append(f"{where}: the {layer} imports {name}")
                elif top in UNREPEATABLE_MODULES:
                    found.append(f"{where}: the {layer} imports {name}, a clock or chance")
        if layer in PURE:
            found += [
                f"{where}: the {layer} reads the clock: {call}" for call in _clock_reads(tree)
            ]
        if "versions" not in path.parts and ast.get_docstring(tree) is None:
            found.append(f"{where}: says nothing of what it is for")
    return found


def test_the_package_keeps_every_rule() -> None:
    assert violations(PACKAGE) == []


@pytest.fixture(scope="module")
def copy_of_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the package for the planted violations, each added to a module of its own
    and removed after its test."""
    copy = tmp_path_factory.mktemp("package") / "crossroads"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.json*"))
    return copy


@pytest.mark.parametrize(
    ("module", "planted", "reported"),
    [
        ("web/pages/planted.py", "from crossroads import store", "web must not import"),
        ("web/pages/planted.py", "from crossroads.store.people import find_person", "web must"),
        ("web/pages/planted.py", "from sqlalchemy import select", "web must not import"),
        ("cli_planted.py", "from sqlalchemy.orm import Session", "cli must not import"),
        ("cli_planted.py", "from crossroads.store import people", "cli must not import"),
        ("domain/planted.py", "from crossroads.services import goals", "domain must not"),
        ("domain/planted.py", "import numpy", "the domain imports numpy"),
        ("domain/planted.py", "import random", "a clock or chance"),
        ("domain/planted.py", "from uuid import uuid4", "a clock or chance"),
        (
            "domain/planted.py",
            "from datetime import datetime\nSTARTED = datetime.now()",
            "the domain reads the clock",
        ),
        ("domain/planted.py", "import datetime\nTODAY = datetime.date.today()", "reads the clock"),
        ("store/planted.py", "from crossroads.services import accounts", "store must not"),
        ("text/planted.py", "from crossroads.services import journal", "text must not"),
        ("kernel/planted.py", "from crossroads.domain import risk", "kernel must not import"),
        ("kernel/planted.py", "import sqlalchemy", "the kernel imports sqlalchemy"),
        ("kernel/planted.py", "import time\nSTARTED = time.time()", "a clock or chance"),
    ],
)
def test_a_planted_violation_is_reported(
    copy_of_package: Path, module: str, planted: str, reported: str
) -> None:
    path = copy_of_package / module
    path.write_text(f'"""A module that breaks a rule on purpose."""\n\n{planted}\n', "utf-8")
    try:
        found = violations(copy_of_package)
    finally:
        path.unlink()

    assert any(reported in line and module in line for line in found), found


def test_a_module_without_a_docstring_is_reported(copy_of_package: Path) -> None:
    path = copy_of_package / "services" / "planted.py"
    path.write_text("VALUE = 1\n", "utf-8")
    try:
        found = violations(copy_of_package)
    finally:
        path.unlink()

    assert found == ["services/planted.py: says nothing of what it is for"]

"""Dependencies point inward, and a feature keeps its store to itself.

The package is one package per feature (coaching/, journal/, ...) over a pure kernel and the
shared layers: platform (what every feature stands on; its storage modules count as the store),
ops (jobs across features), text (the classifiers), security, web and the CLI's console.
Inside a feature, the first folder or module below it names a module's role:

- `rules`: the feature's pure rules. Like the kernel they need only the standard
  library, the kernel and rules (their own or another feature's), and read no clock or chance.
- `store`: the feature's tables and queries, imported only by its own services (and by the
  table list the migrations read).
- `service`: use cases; they may use the feature's own store, any feature's rules and services,
  and the shared layers.
- `pages`, `api` (with `schemas`), `cli`: the edges. They call their own feature's services,
  read rules and any feature's schemas, classify text (`text`), and use web or the CLI's
  plumbing (`console`); never a store, never the database library, never another feature's
  services.

`console.py`, what every command shares (the runtime, one transaction, the person named, the
operator's audit rows, exit statuses), is a shared layer over the platform: it may use it and
any feature's rules and services, never web, a store or the database library.

No two places import each other, directly or around a circle (a place is a shared layer, or
one role of one feature: "assessment service", "sharing service"), so every place can be read
knowing only what it stands on.

Every rule is checked on the package as it is, and each is shown to bite: a violation planted in
a copy of the package must be reported.
"""

import ast
import itertools
import shutil
import sys
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "crossroads"


@dataclass(frozen=True)
class Reach:
    """What one kind of module may import: shared layers, and the roles of modules in its own
    feature and in any feature."""

    layers: frozenset[str]
    own: frozenset[str] = frozenset()
    any_feature: frozenset[str] = frozenset()


def _reach(
    layers: set[str], own: frozenset[str] = frozenset(), any_feature: frozenset[str] = frozenset()
) -> Reach:
    return Reach(frozenset(layers), own | any_feature, any_feature)


SHARED_SERVICES = {"platform", "kernel", "store", "security", "text"}
# The text package holds no data and no secret, only the loaded model: reading text is a use case.
EDGE_LAYERS = {"web", "platform", "ops", "kernel", "security", "text"}
# The shared layers, by their folder or top-level module.
LAYERS = {
    "kernel": _reach({"kernel"}),
    # The storage every feature shares (platform's STORAGE modules, and tables not yet in a
    # feature). The table list imports every feature's tables, so the migrations see them all.
    "store": _reach({"store", "kernel"}, any_feature=frozenset({"store"})),
    "security": _reach({"security", "kernel"}),
    "text": _reach({"text", "kernel"}, any_feature=frozenset({"rules"})),
    # What every feature stands on knows no feature.
    "platform": _reach({"platform", "store", "kernel", "security", "text"}),
    # Jobs across every feature: export and deletion, admin, demo data, the worker's rounds.
    "ops": _reach(SHARED_SERVICES | {"ops"}, any_feature=frozenset({"rules", "service"})),
    # Pages check CSRF tokens; they never reach the store.
    "web": _reach(
        EDGE_LAYERS, any_feature=frozenset({"rules", "service", "pages", "api", "schemas"})
    ),
    # The commands' shared plumbing: the runtime, a transaction, the person, the audit row.
    "console": _reach(
        {"console", "platform", "kernel", "security"},
        any_feature=frozenset({"rules", "service"}),
    ),
    "cli": _reach(
        EDGE_LAYERS | {"cli", "console"}, any_feature=frozenset({"rules", "service", "cli"})
    ),
}
# Platform modules that are storage: the base, engines, migrations, the table list and the
# shared tables. They count as the store, so no edge may reach them.
PLATFORM_STORAGE = {
    "base",
    "engines",
    "migrate",
    "migrations",
    "tables",
    "person_rows",
    "key_rows",
    "outbox_rows",
    "audit_rows",
}
EDGES = {"pages", "api", "schemas", "cli"}
RULES = _reach({"kernel"}, any_feature=frozenset({"rules"}))
# A feature's modules, by their role (the first folder or module below the feature).
ROLES = {
    "package": RULES,  # the feature's __init__.py, which only says what the feature is
    "rules": RULES,
    "store": _reach({"store", "kernel"}),
    "service": _reach(
        SHARED_SERVICES, own=frozenset({"store"}), any_feature=frozenset({"rules", "service"})
    ),
    **{
        edge: _reach(
            EDGE_LAYERS | ({"console"} if edge == "cli" else set()),
            own=frozenset(EDGES | {"service"}),
            # Another feature's schemas are shapes only: a caseload shows a client's goals in
            # the shape the coaching API gives them.
            any_feature=frozenset({"rules", "schemas"}),
        )
        for edge in EDGES
    },
}
PURE = {"kernel", "rules", "package"}  # standard library only, no clock or chance
# Libraries a kind of module must not import: only services and stores speak to the database.
FORBIDDEN_LIBRARIES = {kind: {"sqlalchemy"} for kind in ("web", "console", *EDGES)}
# Pure rules are the same whenever and however often they run: no clock, no chance.
UNREPEATABLE_MODULES = {"random", "secrets", "uuid", "time"}
CLOCK_CALLS = {"now", "today", "utcnow"}


@dataclass(frozen=True)
class Place:
    """Where a module sits: a shared layer (`feature` is None) or a feature and its role."""

    kind: str  # the layer, or the role within a feature
    feature: str | None = None

    @property
    def reach(self) -> Reach:
        return ROLES[self.kind] if self.feature else LAYERS[self.kind]

    def __str__(self) -> str:
        return f"{self.feature} {self.kind}" if self.feature else self.kind


def _place(parts: tuple[str, ...]) -> Place | None:
    """The place of a module named by its parts below the package (`("coaching", "store")`
    for crossroads/coaching/store.py), or None for the package's own top-level modules."""
    if not parts:
        return None
    top = parts[0].removesuffix(".py")
    if top == "platform" and len(parts) > 1 and parts[1].removesuffix(".py") in PLATFORM_STORAGE:
        return Place("store")
    if top in LAYERS:
        return Place(top)
    if len(parts) == 1:
        return None if parts[0].endswith(".py") else Place("package", top)
    role = parts[1].removesuffix(".py")
    return Place("package" if role == "__init__" else role, top)


def _imports(tree: ast.Module) -> set[str]:
    """Every module named by an import, `from crossroads import platform` read as
    `crossroads.platform`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module.split(".")[0] == "crossroads":
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _may_import(importer: Place, target: Place) -> bool:
    reach = importer.reach
    if target.feature is None:
        return target.kind in reach.layers
    if target.feature == importer.feature:
        return target.kind in reach.own or target.kind == "package"
    return target.kind in reach.any_feature or target.kind == "package"


def _clock_reads(tree: ast.Module) -> list[str]:
    return [
        f"{ast.unparse(node.func)}() on line {node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCK_CALLS
    ]


def _crossroads_module(package: Path, name: str) -> tuple[str, Place | None] | None:
    """The crossroads module an import names and its place, or None when `name` is not in
    crossroads (a class or function imported from a module is read as that module)."""
    parts = name.split(".")
    if parts[0] != "crossroads":
        return None
    inside = parts[1:]
    while inside and not (
        (package.joinpath(*inside[:-1]) / f"{inside[-1]}.py").exists()
        or (package.joinpath(*inside)).is_dir()
    ):
        inside = inside[:-1]
    module = ".".join(["crossroads", *inside])
    if inside and not package.joinpath(*inside).is_dir():
        inside = [*inside[:-1], f"{inside[-1]}.py"]
    return module, _place(tuple(inside))


def _cycle(imports: dict[str, dict[str, str]]) -> str | None:
    """One cycle among the places' imports, read as "a -> b -> a" with the module that makes
    each step, or None when they have none. `imports` maps a place to the places it imports,
    each with the first module that imports it."""
    try:
        TopologicalSorter({place: set(them) for place, them in imports.items()}).prepare()
    except CycleError as error:
        # Each place in the cycle is imported by the one after it, so read it backwards.
        places = list(reversed(error.args[1]))[:-1]
        first = places.index(min(places))  # the same cycle always reads the same way
        places = places[first:] + places[: first + 1]
        steps = ", ".join(imports[a][b] for a, b in itertools.pairwise(places))
        return f"{' -> '.join(places)} ({steps})"
    return None


def violations(package: Path) -> list[str]:
    """Every broken rule in the package at `package`, one line each."""
    found = []
    imports: dict[str, dict[str, str]] = {}
    for path in sorted(package.rglob("*.py")):
        place = _place(path.relative_to(package).parts)
        where = str(path.relative_to(package))
        tree = ast.parse(path.read_text("utf-8"))
        if "versions" not in path.parts and ast.get_docstring(tree) is None:
            found.append(f"{where}: says nothing of what it is for")
        if place is None:
            continue
        for name in sorted(_imports(tree)):
            top = name.split(".")[0]
            resolved = _crossroads_module(package, name)
            if resolved is not None:
                module, target = resolved
                if target is not None and not _may_import(place, target):
                    found.append(f"{where}: {place} must not import {module}")
                if target is not None and str(target) != str(place):
                    imports.setdefault(str(place), {}).setdefault(str(target), where)
            if top in FORBIDDEN_LIBRARIES.get(place.kind, set()):
                found.append(f"{where}: {place} must not import {name}")
            if place.kind in PURE and top != "crossroads":
                if top not in sys.stdlib_module_names:
                    found.append(f"{where}: the {place} imports {name}")
                elif top in UNREPEATABLE_MODULES:
                    found.append(f"{where}: the {place} imports {name}, a clock or chance")
        if place.kind in PURE:
            found += [
                f"{where}: the {place} reads the clock: {call}" for call in _clock_reads(tree)
            ]
    if (cycle := _cycle(imports)) is not None:
        found.append(f"places import each other in a cycle: {cycle}")
    return sorted(set(found))


def test_the_package_keeps_every_rule() -> None:
    assert violations(PACKAGE) == []


@pytest.fixture(scope="module")
def copy_of_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the package for the planted violations, each added to a module of its own
    and removed after its test."""
    copy = tmp_path_factory.mktemp("package") / "crossroads"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.json*"))
    # A second feature, so that reaching across features can be planted.
    (copy / "other" / "pages").mkdir(parents=True)
    return copy


@pytest.mark.parametrize(
    ("module", "planted", "reported"),
    [
        ("web/pages/planted.py", "from crossroads.platform import engines", "web must not import"),
        (
            "web/pages/planted.py",
            "from crossroads.platform.person_rows import find_person",
            "web must",
        ),
        ("web/pages/planted.py", "from sqlalchemy import select", "web must not import"),
        ("web/pages/planted.py", "from crossroads.coaching import store", "web must not"),
        ("cli.py", "from sqlalchemy.orm import Session", "cli must not import"),
        ("cli.py", "from crossroads.platform import person_rows", "cli must not import"),
        ("cli.py", "from crossroads.platform.engines import make_engine", "cli must not import"),
        ("console.py", "from crossroads.coaching.store import GoalRow", "console must not"),
        ("console.py", "from crossroads.platform import audit_rows", "console must not import"),
        ("console.py", "import sqlalchemy", "console must not import sqlalchemy"),
        ("console.py", "from crossroads.web import errors", "console must not import"),
        ("console.py", "from crossroads import cli", "console must not import"),
        (
            "assessment/rules/planted.py",
            "from crossroads.accounts.service import accounts",
            "rules must not",
        ),
        ("assessment/rules/planted.py", "import numpy", "the assessment rules imports numpy"),
        ("assessment/rules/planted.py", "import random", "a clock or chance"),
        ("assessment/rules/planted.py", "from uuid import uuid4", "a clock or chance"),
        (
            "assessment/rules/planted.py",
            "from datetime import datetime\nSTARTED = datetime.now()",
            "the assessment rules reads the clock",
        ),
        (
            "assessment/rules/planted.py",
            "import datetime\nTODAY = datetime.date.today()",
            "reads the clock",
        ),
        ("assessment/rules/planted.py", "from crossroads.coaching import service", "must not"),
        ("platform/person_rows.py", "from crossroads.accounts.service import tokens", "store must"),
        ("platform/planted.py", "from crossroads.coaching.service import goals", "platform must"),
        ("platform/planted.py", "from crossroads.ops import privacy", "platform must not"),
        ("platform/key_rows.py", "from crossroads.platform import vault", "store must not"),
        ("text/planted.py", "from crossroads.journal.service import entries", "text must not"),
        ("kernel/planted.py", "from crossroads.assessment.rules import triage", "kernel must not"),
        ("kernel/planted.py", "import sqlalchemy", "the kernel imports sqlalchemy"),
        ("kernel/planted.py", "import time\nSTARTED = time.time()", "a clock or chance"),
        ("kernel/planted.py", "from crossroads.coaching.rules import grow", "kernel must not"),
        ("ops/planted.py", "from crossroads.coaching.store import GoalRow", "ops must not import"),
        ("ops/planted.py", "from crossroads.coaching.pages import goals", "ops must not import"),
        (
            "sharing/service/planted.py",
            "from crossroads.coaching.store import GoalRow",
            "sharing service must not",
        ),
        ("coaching/pages/planted.py", "from crossroads.coaching import store", "coaching pages"),
        ("coaching/api/planted.py", "from crossroads.coaching.store import GoalRow", "must not"),
        ("coaching/cli/planted.py", "from sqlalchemy import select", "coaching cli must not"),
        ("coaching/cli/planted.py", "from crossroads import cli", "coaching cli must not"),
        ("coaching/cli/planted.py", "from crossroads.journal import cli", "coaching cli must"),
        (
            "coaching/api/planted.py",
            "from crossroads.platform import person_rows",
            "must not import",
        ),
        ("other/pages/planted.py", "from crossroads.coaching.service import goals", "other pages"),
        ("other/pages/planted.py", "from crossroads.coaching.pages import goals", "must not"),
        ("coaching/rules/planted.py", "from crossroads.coaching.service import goals", "rules"),
        ("coaching/rules/planted.py", "import sqlalchemy", "coaching rules imports sqlalchemy"),
        (
            "coaching/rules/planted.py",
            "from datetime import date\nTODAY = date.today()",
            "coaching rules reads the clock",
        ),
        ("coaching/rules/planted.py", "import random", "a clock or chance"),
        ("coaching/store.py", "from crossroads.accounts.service import tokens", "coaching store"),
        ("coaching/service/planted.py", "from crossroads.coaching import pages", "service must"),
        (
            "sharing/service/planted.py",
            "from crossroads.assessment.service import assessments",
            "assessment service -> sharing service -> assessment service",
        ),
        ("coaching/service/planted.py", "from crossroads.casework.service import notes", "cycle"),
    ],
)
def test_a_planted_violation_is_reported(
    copy_of_package: Path, module: str, planted: str, reported: str
) -> None:
    path = copy_of_package / module
    kept = path.read_text("utf-8") if path.exists() else None
    path.write_text(f'"""A module that breaks a rule on purpose."""\n\n{planted}\n', "utf-8")
    try:
        found = violations(copy_of_package)
    finally:
        if kept is None:
            path.unlink()
        else:
            path.write_text(kept, "utf-8")

    assert any(reported in line and module in line for line in found), found


def test_a_module_without_a_docstring_is_reported(copy_of_package: Path) -> None:
    path = copy_of_package / "ops" / "planted.py"
    path.write_text("VALUE = 1\n", "utf-8")
    try:
        found = violations(copy_of_package)
    finally:
        path.unlink()

    assert found == ["ops/planted.py: says nothing of what it is for"]


def test_an_edge_may_read_another_features_rules_and_schemas(copy_of_package: Path) -> None:
    path = copy_of_package / "other" / "pages" / "planted.py"
    path.write_text(
        '"""A page showing a client\'s goals in the coaching API\'s shape."""\n\n'
        "from crossroads.coaching.rules.goals import GoalStatus\n"
        "from crossroads.coaching.schemas import GoalOut\n",
        "utf-8",
    )
    try:
        found = violations(copy_of_package)
    finally:
        path.unlink()

    assert [line for line in found if "planted" in line] == []

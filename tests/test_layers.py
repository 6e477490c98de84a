"""The layering in DESIGN.md, checked on the source with `ast` (and once by importing it).

domain < crypto < store, sync < services < ui, cli. Qt only in ui; SQL only in store. Which
layer may import which is one table (ALLOWED); no module reaches into another's private
(_underscored) names; no two modules import each other, however far round.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "relapp"

# relapp/__init__.py and the small shared helpers beside it: below every layer but domain.
BASE_MODULES = {
    "relapp",
    "relapp._version",
    "relapp.paths",
    "relapp.assets",
    "relapp.files",
    "relapp.logsetup",
}
LEVELS = {
    "base": 0,
    "domain": 0,
    "crypto": 1,
    "store": 2,
    "sync": 2,
    "services": 3,
    "ui": 4,
    "cli": 4,
}
# Which layers each layer may import (lazily or not). The screens and the command line talk to
# the services; the services use the store, sync and domain.
ALLOWED: dict[str, set[str]] = {
    "base": {"base"},
    "domain": {"domain"},
    "crypto": {"base", "crypto"},
    "store": {"base", "domain", "crypto", "store"},
    "sync": {"base", "domain", "crypto", "store", "sync"},
    "services": {"base", "domain", "crypto", "store", "sync", "services"},
    "ui": {"base", "domain", "services", "ui"},
    "cli": {"base", "domain", "services", "ui", "cli"},
}
# Edges outside the table that exist today, each named: the command line's restore of a
# backup, the errors it turns into one line, and the short laptop ids it prints.
KNOWN_EDGES = {
    ("relapp.cli", "relapp.crypto.recovery"),
    ("relapp.cli", "relapp.store.location"),
    ("relapp.cli", "relapp.store.vault"),
    ("relapp.cli.profile", "relapp.store.backups"),
    ("relapp.cli.team", "relapp.sync.team"),
}
# Private names used across modules today, each named (the subject access PDF shares the
# report printer's page and escaping; they move together with the other PDF code).
KNOWN_PRIVATE_USES: set[tuple[str, str]] = set()
# Underscored names that are public API of the standard library's named tuples.
NAMEDTUPLE_API = {"_make", "_replace", "_asdict", "_fields", "_field_defaults"}
QT_ROOTS = ("PySide6", "shiboken6")
SQL_MODULES = ("sqlite3", "sqlite_utils", "apsw")
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE FROM|CREATE TABLE|CREATE INDEX|PRAGMA)\b")


@dataclass(frozen=True)
class Import:
    module: str  # absolute dotted name
    line: int
    top_level: bool  # at module level (not inside a function or class body)


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> str:
    if module in BASE_MODULES:
        return "base"
    parts = module.split(".")
    if parts[0] != "relapp":
        raise ValueError(module)
    if parts[1] in ("cli", "__main__"):
        return "cli"
    return parts[1]


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_resources" not in p.parts)


def imports_of(path: Path) -> list[Import]:
    return imports_in(
        path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py"
    )


def imports_in(source: str, name: str, is_package: bool = False) -> list[Import]:
    tree = ast.parse(source)
    package = name if is_package else name.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = top and not isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
            )
            if isinstance(child, ast.Import):
                found.extend(Import(a.name, child.lineno, top) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                found.append(Import(target, child.lineno, top))
                # `from relapp import ui` imports relapp.ui
                found.extend(
                    Import(f"{target}.{a.name}", child.lineno, top)
                    for a in child.names
                    if target.startswith("relapp")
                    and (PACKAGE.parent / f"{target}.{a.name}".replace(".", "/")).is_dir()
                )
            visit(child, inner)

    visit(tree, True)
    return found


def relapp_imports(path: Path) -> list[Import]:
    return [i for i in imports_of(path) if i.module == "relapp" or i.module.startswith("relapp.")]


def where(path: Path, imp: Import) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{imp.line} imports {imp.module}"


def test_the_package_is_where_we_think() -> None:
    names = {module_name(p) for p in sources()}
    assert {"relapp.cli", "relapp.store.vault", "relapp.domain.records"} <= names
    assert len(names) > 20


def test_qt_only_in_ui() -> None:
    problems = [
        where(path, imp)
        for path in sources()
        if layer_of(module_name(path)) != "ui"
        for imp in imports_of(path)
        if imp.module.split(".")[0] in QT_ROOTS
    ]
    assert problems == []


def test_cli_imports_ui_only_lazily() -> None:
    for path in [*sorted((PACKAGE / "cli").glob("*.py")), PACKAGE / "__main__.py"]:
        eager = [
            where(path, imp)
            for imp in imports_of(path)
            if imp.top_level
            and (imp.module.split(".")[0] in QT_ROOTS or imp.module.startswith("relapp.ui"))
        ]
        assert eager == []


def test_importing_everything_but_ui_loads_no_qt() -> None:
    """Belt and braces: really import every non-ui module in a fresh interpreter."""
    modules = sorted(
        module_name(p)
        for p in sources()
        if layer_of(module_name(p)) != "ui" and module_name(p) != "relapp.__main__"
    )
    script = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('PySide6', 'shiboken6') or m.startswith('relapp.ui'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_sql_only_in_store() -> None:
    problems = []
    for path in sources():
        if layer_of(module_name(path)) == "store":
            continue
        problems += [
            where(path, imp) for imp in imports_of(path) if imp.module.split(".")[0] in SQL_MODULES
        ]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = SQL.search(node.value)
                if match:
                    problems.append(
                        f"{path.relative_to(PACKAGE.parent)}:{node.lineno} has SQL "
                        f"({match.group(0)}) in a string"
                    )
    assert problems == []


def test_screens_reach_the_store_only_through_the_services() -> None:
    """Store errors, records and search markers reach the screens through services (issue:
    "store errors reach the UI through services"), so a change of the store is the services'."""
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{imp.line} imports {imp.module}"
        for path in sources()
        if layer_of(module_name(path)) == "ui"
        for imp in imports_of(path)
        if imp.module.startswith(("relapp.store", "relapp.sync", "relapp.crypto"))
    ]
    assert found == []


def test_domain_imports_nothing_of_ours_but_domain() -> None:
    problems = [
        where(path, imp)
        for path in sources()
        if layer_of(module_name(path)) == "domain"
        for imp in relapp_imports(path)
        if not imp.module.startswith("relapp.domain")
    ]
    assert problems == []


def test_base_helpers_import_only_each_other() -> None:
    problems = [
        where(path, imp)
        for path in sources()
        if module_name(path) in BASE_MODULES
        for imp in relapp_imports(path)
        if imp.module not in BASE_MODULES
    ]
    assert problems == []


def test_arrows_point_down_only() -> None:
    problems = []
    for path in sources():
        me = layer_of(module_name(path))
        for imp in relapp_imports(path):
            them = layer_of(imp.module)
            if them == "base" and me != "domain":
                continue
            if LEVELS[them] > LEVELS[me] or (me == "domain" and them != "domain"):
                problems.append(f"{where(path, imp)} ({me} -> {them})")
    assert problems == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import PySide6.QtCore\n", [("PySide6.QtCore", True)]),
        ("def f():\n    from relapp.ui import app\n", [("relapp.ui", False)]),
        ("class C:\n    import sqlite3\n", [("sqlite3", False)]),
        ("from . import vault\n", [("relapp.store", True)]),
        ("from ..domain import records\n", [("relapp.domain", True)]),
        ("from relapp import ui\n", [("relapp", True), ("relapp.ui", True)]),
        ("if True:\n    import relapp.services.profile\n", [("relapp.services.profile", True)]),
    ],
)
def test_the_checker_sees_imports(source: str, expected: list[tuple[str, bool]]) -> None:
    """The walker itself finds relative, lazy and nested imports, so the checks above can fail."""
    found = imports_in(source, "relapp.store._probe")
    assert [(i.module, i.top_level) for i in found] == expected
    assert layer_of("relapp.ui.app") == "ui" and layer_of("relapp.__main__") == "cli"


# ---- allowed edges, private names, cycles -------------------------------------------------------


def test_every_import_is_an_allowed_edge() -> None:
    problems = []
    for path in sources():
        me = module_name(path)
        for imp in relapp_imports(path):
            if layer_of(imp.module) in ALLOWED[layer_of(me)]:
                continue
            if (me, imp.module) not in KNOWN_EDGES:
                problems.append(f"{where(path, imp)} ({layer_of(me)} -> {layer_of(imp.module)})")
    assert problems == []
    # Every known edge still exists: one that is gone is taken off the list.
    found = {(module_name(p), i.module) for p in sources() for i in relapp_imports(p)}
    assert found >= KNOWN_EDGES


def _module_of(node: ast.ImportFrom, me: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = (me if is_package else me.rpartition(".")[0]).split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(source: str, me: str, is_package: bool, modules: set[str]) -> list[str]:
    """Another module's _private names used here: imported by name, read from an imported
    module, or read from an object (not self or cls) by a name this module never defines."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}  # local name -> our module it is bound to
    found: list[str] = []
    defined: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = _module_of(node, me, is_package)
            for alias in node.names:
                full = f"{target}.{alias.name}"
                if full in modules:
                    aliases[alias.asname or alias.name] = full
                elif _private(alias.name) and target.startswith("relapp"):
                    found.append(f"{full}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name in modules:
                    aliases[alias.asname] = alias.name
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            defined.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
            continue
        name, owner = node.attr, node.value.id
        if not _private(name):
            continue
        if owner in aliases:
            found.append(f"{aliases[owner]}.{name}")
        elif owner not in ("self", "cls") and name not in defined | NAMEDTUPLE_API:
            found.append(f"{owner}.{name}")
    return found


def test_no_module_uses_another_modules_private_names() -> None:
    modules = {module_name(p) for p in sources()}
    uses = {
        (module_name(path), used)
        for path in sources()
        for used in private_uses(
            path.read_text(encoding="utf-8"),
            module_name(path),
            path.name == "__init__.py",
            modules,
        )
    }
    assert uses - KNOWN_PRIVATE_USES == set()
    assert uses >= KNOWN_PRIVATE_USES  # one that is gone is taken off the list


def module_edges(source: str, me: str, is_package: bool, modules: set[str]) -> set[str]:
    """The modules of ours this one imports when it is imported: module-level imports, not
    those inside functions or under `if TYPE_CHECKING:`; `from a import b` is a.b when that is
    a module."""
    edges: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                edges.update(a.name for a in child.names if a.name in modules)
            elif isinstance(child, ast.ImportFrom):
                target = _module_of(child, me, is_package)
                for alias in child.names:
                    full = f"{target}.{alias.name}"
                    if full in modules:
                        edges.add(full)
                    elif target in modules:
                        edges.add(target)
            visit(child)

    visit(ast.parse(source))
    edges.discard(me)
    return edges


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of nodes that reach each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strong(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                strong(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            strong(node)
    return found


def test_no_import_cycle_anywhere() -> None:
    modules = {module_name(p) for p in sources()}
    graph = {
        module_name(path): module_edges(
            path.read_text(encoding="utf-8"),
            module_name(path),
            path.name == "__init__.py",
            modules,
        )
        for path in sources()
    }
    assert cycles(graph) == []


def test_the_checkers_see_cycles_and_private_names() -> None:
    """The walkers find what they look for, so the checks above can fail."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    modules = {"relapp.store.vault", "relapp.store.keyfile", "relapp.store.schema", "relapp.store"}
    source = (
        "from relapp.store import vault\n"
        "from relapp.store.keyfile import _slot\n"
        "import typing\n"
        "if typing.TYPE_CHECKING:\n    from relapp.store import schema\n"
        "def f(v):\n    import relapp.store.schema\n    return vault._tx, v._conn, self._ok\n"
    )
    me = "relapp.store.probe"
    assert module_edges(source, me, False, modules) == {
        "relapp.store.vault",
        "relapp.store.keyfile",
    }
    assert private_uses(source, me, False, modules) == [
        "relapp.store.keyfile._slot",
        "relapp.store.vault._tx",
        "v._conn",
    ]

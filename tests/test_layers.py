"""The layering in DESIGN.md, checked on the source with `ast` (and once by importing it).

domain < crypto < store, sync < services < ui, cli. Qt only in ui; SQL only in store.
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
    if parts[1] in ("cli", "cli_county", "__main__"):
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

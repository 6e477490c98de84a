"""The desktop app: its window, pages and dialogs (PySide6)."""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401 - installs shiboken's import hook, adjusted below


def _read_imports_lightly() -> None:
    """PySide6 asks of every module imported after it whether its source names "PySide6"
    (to know which modules `from __feature__ import ...` may switch; Relapp uses none). It
    asks through inspect.getsource, which tokenizes the module and keeps every line of it in
    linecache for the rest of the session: a whole session's modules, some 6 MB of a laptop's
    memory held for nothing. The same question is answered here from the file's bytes, and
    from PySide's own answer where a module has no source file (as in the packaged app)."""
    feature = sys.modules.get("shibokensupport.feature")
    asked = getattr(feature, "_mod_uses_pyside", None)
    if asked is None or getattr(asked, "reads_lightly", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(asked(module))

    uses_pyside.reads_lightly = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


_read_imports_lightly()

"""Can Qt start here? Used by `relapp doctor`; runs offscreen so it needs no display."""

from __future__ import annotations

import os


def qt_check() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import QtCore
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    return f"Qt {QtCore.qVersion()} on the {app.platformName()} platform"

"""The unlocked workspace: navigation on the left, one page at a time on the right.

A module of its own, imported at unlock: the unlock screen needs none of it (PySide6 builds
the Python classes and enums it uses, the Qt namespace's among them, on first use).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relapp.assets import resource_path
from relapp.ui.context import AppContext
from relapp.ui.settings import LAST_PAGE
from relapp.ui.views import page_specs

log = logging.getLogger("relapp.ui")

# Pages kept loaded: the one in front and the one before it. Others may let go of a long list
# (their release()) and load it again when shown: memory stays the same however many pages
# are visited.
KEEP_LOADED = 2


class Workspace(QWidget):
    """Navigation on the left, one page at a time on the right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.specs = page_specs()
        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.nav.setObjectName("navigation")
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self._recent: list[str] = []  # page keys, the one shown last first
        for spec in self.specs:
            item = QListWidgetItem(self.tr(spec.title))
            icon = resource_path("icons", "nav", f"{spec.key}.svg")
            if icon.is_file():
                item.setIcon(QIcon(str(icon)))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.stack.addWidget(holder)
        self.nav.setFixedWidth(max(190, self.nav.sizeHintForColumn(0) + 40))
        self.nav.currentRowChanged.connect(self._show_row)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)

    def show_page(self, key: str) -> QWidget:
        if key not in {spec.key for spec in self.specs}:
            key = self.specs[0].key
        for row, spec in enumerate(self.specs):
            if spec.key == key:
                self.nav.setCurrentRow(row)
                return self.pages[key]
        raise KeyError(key)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        spec = self.specs[row]
        if spec.key not in self.pages:  # pages are built the first time they are shown
            page = spec.factory(self.ctx)
            page.setObjectName(f"page-{spec.key}")
            self.pages[spec.key] = page
            self.stack.widget(row).layout().addWidget(page)
        self.stack.setCurrentIndex(row)
        page = self.pages[spec.key]
        if hasattr(page, "refresh"):
            page.refresh()
        self.ctx.settings.set(LAST_PAGE, spec.key)
        self._release_older(spec.key)

    def _release_older(self, shown: str) -> None:
        if shown in self._recent:
            self._recent.remove(shown)
        self._recent.insert(0, shown)
        for key in self._recent[KEEP_LOADED:]:
            page = self.pages.get(key)
            if page is not None and hasattr(page, "release"):
                page.release()

    def open(self, key: str, record_id: str = "") -> None:
        page = self.show_page(key)
        if record_id and hasattr(page, "open_record"):
            page.open_record(record_id)

    def current_key(self) -> str:
        return self.specs[max(self.nav.currentRow(), 0)].key

    def flush(self) -> None:
        """Ask every page to save what is pending (before a lock or quit)."""
        for page in self.pages.values():
            if hasattr(page, "flush"):
                try:
                    page.flush()
                except Exception:  # noqa: BLE001 - one page's failure must not block a lock
                    log.exception("a page failed to save before locking")

"""The unlocked workspace: navigation on the left, one page at a time on the right.

A module of its own, imported at unlock: the unlock screen needs none of it (PySide6 builds
the Python classes and enums it uses, the Qt namespace's among them, on first use).
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QSize, Qt, QTimer
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
from relapp.ui.kit.freshness import Freshness
from relapp.ui.settings import LAST_PAGE
from relapp.ui.views import Page, workspace_specs

log = logging.getLogger("relapp.ui")

# Pages kept loaded: the one in front and the one before it. Others may let go of a long list
# (their release()) and load it again when shown: memory stays the same however many pages
# are visited.
KEEP_LOADED = 2
# The list pages not shown yet are built while the app is idle after unlock, one per pass of
# the event loop (10-25 ms each), and read their first screen of rows then (preload()): the
# first click on one only switches to it (PageSpec.ahead). A page whose records change
# meanwhile reads them again while the app is idle (Workspace._catch_up), or when it is shown
# if it let go of its rows.
PREBUILD_PAUSE_MS = 0
# How long after the last change to a kind of record the hidden pages showing it read it
# again (sync and autosave write in bursts).
CATCH_UP_MS = 500
PREBUILD_BUSY_RETRY_MS = 100


def settle_heap() -> None:
    """Once the pages are built ahead after unlock: leave the objects alive now (the code,
    the pages, what they hold) out of Python's later collections (gc.freeze). A full
    collection walks every object there is: with the whole app loaded that took 30-60 ms,
    now and then, on whichever thread allocated last, and the UI thread waited for it
    mid-click. Freezing is a move of lists, not a walk (a collection first would itself be
    such a pause, just when a person clicks); a cycle of garbage frozen with the rest waits
    for the lock, which gives every frozen object back (release_heap)."""
    gc.freeze()


def release_heap() -> None:
    """At lock: what settle_heap() froze is collected as usual again (the pages are gone)."""
    gc.unfreeze()


class Workspace(QWidget):
    """Navigation on the left, one page at a time on the right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.specs = workspace_specs(ctx)
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
        self._settled = False  # the pages were built ahead (and settle_heap() ran)
        self._prebuild = QTimer(self)
        self._prebuild.setSingleShot(True)
        self._prebuild.timeout.connect(self._build_next)
        self._prebuild.start(PREBUILD_BUSY_RETRY_MS)
        # Kinds of record changed since the hidden pages last read theirs (see _catch_up).
        self._changed: set[str] = set()
        self._catch_up_timer = QTimer(self)
        self._catch_up_timer.setSingleShot(True)
        self._catch_up_timer.timeout.connect(self._catch_up)
        ctx.records_changed.connect(self._records_changed)

    @property
    def settled(self) -> bool:
        """The pages are built ahead and their first rows read, and the hidden pages whose
        records changed have read them again: a click on one only switches to it."""
        return self._settled and not self._changed

    def _records_changed(self, kind: str) -> None:
        self._changed.add(kind)
        self._catch_up_timer.start(CATCH_UP_MS)

    def _catch_up(self) -> None:
        """Hidden pages that hold rows (those that let go of a long list read it when shown)
        and show a kind of record that changed read their rows again now, while the app is
        idle, not at their next click: sync brings a colleague's visits while Today is in
        front, and Visits is current when it is clicked."""
        if self.ctx.session is None:
            self._changed.clear()
            return
        if self.ctx.runner.busy:  # a read or a save under way comes first
            self._catch_up_timer.start(PREBUILD_BUSY_RETRY_MS)
            return
        kinds, self._changed = self._changed, set()
        current = self.current_key()
        for key, page in list(self.pages.items()):
            fresh = getattr(page, "fresh", None)
            if key == current or not isinstance(fresh, Freshness) or not fresh.holding:
                continue
            if fresh.due and any(fresh.watches(kind) for kind in kinds):
                try:
                    self.page(key).preload()
                except Exception:  # noqa: BLE001 - it reads again, with its error, when shown
                    log.exception("a hidden page could not read its rows again")

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
        self._build(row)  # if the idle time since unlock has not built it yet
        self.stack.setCurrentIndex(row)
        self.page(spec.key).refresh()
        self._release_older(spec.key)

    def _build(self, row: int) -> None:
        spec = self.specs[row]
        if spec.key in self.pages:
            return
        page = spec.factory(self.ctx)
        if not isinstance(page, Page):
            raise TypeError(f"the {spec.key} page does not answer relapp.ui.views.Page")
        page.setObjectName(f"page-{spec.key}")
        self.pages[spec.key] = page
        self.stack.widget(row).layout().addWidget(page)

    def _build_next(self) -> None:
        """Build one page not built yet, while nothing else runs; then the next, later."""
        missing = [
            row for row, spec in enumerate(self.specs) if spec.ahead and spec.key not in self.pages
        ]
        if self.ctx.session is None:
            return
        if not missing:
            if self.ctx.runner.busy:  # the last page's first rows are still being read
                self._prebuild.start(PREBUILD_BUSY_RETRY_MS)
            elif not self._settled:
                self._settled = True
                settle_heap()
            return
        if self.ctx.runner.busy:  # a page is loading: its rows come first
            self._prebuild.start(PREBUILD_BUSY_RETRY_MS)
            return
        try:
            self._build(missing[0])
            # Drawn once off screen, at the size it will have: its style, layout and the glyphs
            # of its fonts are ready, and the first click draws it in a few milliseconds.
            page = self.pages[self.specs[missing[0]].key]
            page.resize(self.stack.size())
            page.grab()
            self.page(self.specs[missing[0]].key).preload()  # a list reads its first rows
        except Exception:  # noqa: BLE001 - it is built again, with its error shown, on its click
            log.exception("a page could not be built ahead of its first click")
            return
        self._prebuild.start(PREBUILD_PAUSE_MS)

    def _release_older(self, shown: str) -> None:
        if shown in self._recent:
            self._recent.remove(shown)
        self._recent.insert(0, shown)
        for key in self._recent[KEEP_LOADED:]:
            if key in self.pages:
                self.page(key).release()

    def open(self, key: str, record_id: str = "") -> None:
        self.show_page(key)
        if record_id:
            self.page(self.current_key()).open_record(record_id)

    def page(self, key: str) -> Page:
        """The page built for `key`, as the workspace speaks to it."""
        page = self.pages[key]
        assert isinstance(page, Page)  # checked when it was built
        return page

    def current_key(self) -> str:
        return self.specs[max(self.nav.currentRow(), 0)].key

    def remember_page(self) -> None:
        """Keep the page in front for the next unlock: at a lock, not at each switch (a
        setting written is a file written and flushed to disk, on the UI thread)."""
        self.ctx.settings.set(LAST_PAGE, self.current_key())

    def flush(self) -> None:
        """Ask every page to save what is pending (before a lock or quit)."""
        for key in self.pages:
            try:
                self.page(key).flush()
            except Exception:  # noqa: BLE001 - one page's failure must not block a lock
                log.exception("a page failed to save before locking")

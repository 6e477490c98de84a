"""Tabs built the first time they are shown: a page with six tabs costs its first click (and
its memory) for the one in front, and the others when a person opens them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class LazyTabs(QTabWidget):
    """add_lazy(title, build) adds a tab whose widget `build()` makes when the tab is first
    shown, or first asked for with page(index). Each tab's place is held by a bare widget
    until then; `built` tells the owner a tab's widget exists (to fill it with what the page
    already read)."""

    built = Signal(int, QWidget)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._builders: list[Callable[[], QWidget]] = []
        self._pages: list[QWidget | None] = []
        self.currentChanged.connect(self._shown)

    def add_lazy(self, title: str, build: Callable[[], QWidget]) -> int:
        holder = QWidget()
        QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        self._builders.append(build)
        self._pages.append(None)
        index = self.addTab(holder, title)
        if index == self.currentIndex():
            self.page(index)  # the first tab is shown with the page
        return index

    def page(self, index: int) -> QWidget:
        """The tab's own widget, built now if it was not yet."""
        page = self._pages[index]
        if page is None:
            page = self._pages[index] = self._builders[index]()
            holder = self.widget(index)
            layout = holder.layout()
            assert layout is not None
            layout.addWidget(page)
            holder.setFocusProxy(page)
            # Shown and laid out now, not at the next pass of the event loop: it may be
            # typed into or scrolled to a row at once.
            page.show()
            layout.activate()
            self.built.emit(index, page)
        return page

    def built_page(self, index: int) -> QWidget | None:
        """The tab's widget if it was built, else None (nothing is built)."""
        return self._pages[index]

    def built_pages(self) -> list[QWidget]:
        return [page for page in self._pages if page is not None]

    def show_page(self, index: int) -> QWidget:
        page = self.page(index)
        self.setCurrentIndex(index)
        return page

    def current_page(self) -> QWidget | None:
        index = self.currentIndex()
        return self.page(index) if index >= 0 else None

    def _shown(self, index: int) -> None:
        if 0 <= index < len(self._pages):
            self.page(index)

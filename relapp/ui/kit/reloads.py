"""The loading cycle of a view that reads what it shows on the read pool: one read at a time,
a reload asked for meanwhile done once that read ends, and a refresh after changes to the
kinds of record it shows (once for several changes together, and only while it is on screen:
a hidden view is refreshed when it is shown again)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from relapp.ui.context import AppContext
from relapp.ui.tasks import TaskContext

# Changes come in bursts (a sync applies several kinds at once): wait this long for the rest.
CHANGES_PAUSE_MS = 50


class Reloader(QObject):
    """Owned by `view`. `work()` gives the read to run (None while locked); `done` and `failed`
    get its outcome on the UI thread, never after the view is gone; `refresh` is called when
    changes to a kind in `watched` have settled and the view is visible."""

    def __init__(
        self,
        view: QWidget,
        ctx: AppContext,
        watched: Collection[str],
        work: Callable[[], Callable[[TaskContext], Any] | None],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        refresh: Callable[[], None],
    ) -> None:
        super().__init__(view)
        self.view, self.ctx, self.watched = view, ctx, frozenset(watched)
        self._work, self._done, self._failed, self._refresh = work, done, failed, refresh
        self.loading = False
        self._again = False
        self._changes = QTimer(self, singleShot=True, interval=CHANGES_PAUSE_MS)
        self._changes.timeout.connect(self._changes_settled)
        ctx.records_changed.connect(self._changed)

    def reload(self) -> None:
        work = self._work()
        if work is None:
            return
        if self.loading:
            self._again = True
            return
        self.loading = True
        self._again = False
        self.ctx.runner.read(work, self._loaded, self._load_failed, owner=self.view)

    def _loaded(self, result: Any) -> None:
        self.loading = False
        self._done(result)
        if self._again:
            self.reload()

    def _load_failed(self, exc: BaseException) -> None:
        self.loading = False
        self._failed(exc)

    def _changed(self, kind: str) -> None:
        if kind in self.watched:
            self._changes.start()

    def _changes_settled(self) -> None:
        if self.view.isVisible():
            self._refresh()

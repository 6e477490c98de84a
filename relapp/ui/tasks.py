"""The one way the app does background work: run a function on a worker thread and get its
result, error and progress back on the UI thread.

Reads run on a small pool; writes run on a single-thread pool so they happen one at a time
and in the order they were asked for.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from relapp.ui.kit.lifetime import while_alive

log = logging.getLogger("relapp.ui.tasks")


class Cancelled(Exception):
    """Raised inside a task when the person pressed Cancel."""


class TaskContext:
    """Handed to the task function: report progress, check for cancellation."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._signals.progress.emit(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[TaskContext], Any], signals: _Signals, ctx: TaskContext):
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._signals, self._ctx = fn, signals, ctx

    def run(self) -> None:
        try:
            result = self._fn(self._ctx)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI
            if not isinstance(exc, Cancelled):
                log.info("background task failed: %s", type(exc).__name__)
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


class Task(QObject):
    """A handle on running work: connect to finished/failed/progress, or cancel()."""

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signals = _Signals()
        self.context = TaskContext(self._signals)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._signals.progress.connect(self.progress)
        self.running = True

    def cancel(self) -> None:
        self.context.cancel()

    def _on_done(self, result: object) -> None:
        self.running = False
        self.finished.emit(result)

    def _on_failed(self, exc: object) -> None:
        self.running = False
        self.failed.emit(exc)


class TaskRunner(QObject):
    """Reads on a small pool, writes one at a time. Every write announces what it changed:
    after it, on its worker, ``changes()`` (set by the AppContext: the vault's take_changes)
    is asked for the kinds of record written, and ``changed`` carries them to the UI thread,
    before the write's own result."""

    changed = Signal(object)  # frozenset of the record kinds a write changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.changes: Callable[[], frozenset[str]] | None = None
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._live: set[Task] = set()

    def _start(
        self,
        pool: QThreadPool,
        fn: Callable[[TaskContext], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        owner: QObject | None = None,
    ) -> Task:
        if owner is not None:
            # A page destroyed at lock must not receive a late result.
            on_done = while_alive(owner, on_done) if on_done is not None else None
            on_error = while_alive(owner, on_error) if on_error is not None else None
        task = Task(self)
        self._live.add(task)
        if on_done is not None:
            task.finished.connect(on_done)
        if on_error is not None:
            task.failed.connect(on_error)
        task.finished.connect(lambda _r: self._forget(task))
        task.failed.connect(lambda _e: self._forget(task))
        pool.start(_Runnable(fn, task._signals, task.context))
        return task

    def _forget(self, task: Task) -> None:
        self._live.discard(task)
        task.deleteLater()

    def read(
        self,
        fn: Callable[[TaskContext], Any],
        on_done=None,
        on_error=None,  # noqa: ANN001
        owner: QObject | None = None,
    ) -> Task:
        return self._start(self._reads, fn, on_done, on_error, owner)

    def write(
        self,
        fn: Callable[[TaskContext], Any],
        on_done=None,
        on_error=None,  # noqa: ANN001
        owner: QObject | None = None,
    ) -> Task:
        return self._start(self._writes, self._announcing(fn), on_done, on_error, owner)

    def _announcing(self, fn: Callable[[TaskContext], Any]) -> Callable[[TaskContext], Any]:
        def write(ctx: TaskContext) -> Any:
            try:
                return fn(ctx)
            finally:  # a write that failed half-way may have changed something too
                self.announce()

        return write

    def announce(self) -> None:
        """Tell the pages what was written since the last time (after a write made outside
        the writer: the kit's save on the UI thread before a lock)."""
        take = self.changes
        if take is None:
            return
        try:
            kinds = take()
        except Exception:  # noqa: BLE001 - a closed vault (locked meanwhile): nothing to tell
            log.debug("no changes to announce", exc_info=True)
            return
        if kinds:
            self.changed.emit(kinds)

    def wait_idle(self, msecs: int = 10_000) -> bool:
        """Block until queued work has finished (at lock and quit, so no write is lost)."""
        return self._writes.waitForDone(msecs) and self._reads.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return bool(self._live)

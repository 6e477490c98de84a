"""Background sync while the profile is unlocked: a pass every two minutes and on "Sync now",
never two at once, never on the UI thread, and a short sentence for the status bar.

A pass runs on the runner's write queue, so it never races a save; typing never waits for it
(saves made meanwhile queue behind it and the editors keep their text). When the profile is
not part of a team the timer only looks up one meta row, in a worker.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale, QObject, QTimer, Signal

from relapp.services.errors import VaultLocked
from relapp.services.search import catch_up
from relapp.services.sync_pass import PassResult, sync_pass
from relapp.ui.context import AppContext
from relapp.ui.kit.dialogs import say
from relapp.ui.tasks import Cancelled, Task

log = logging.getLogger("relapp.ui.sync")

INTERVAL_MS = 2 * 60 * 1000


class SyncController(QObject):
    state_changed = Signal(str)  # a short sentence for the status bar
    report_ready = Signal(object)  # the SyncReport of a finished pass
    busy_changed = Signal(bool)
    progress = Signal(int, int)

    def __init__(
        self, ctx: AppContext, parent: QObject | None = None, interval_ms: int = INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.task: Task | None = None
        self.last: PassResult | None = None
        self.last_error = ""
        self.state = ""
        self.passes = 0  # passes that found a team (for tests and the log)
        self.search_left = 0  # records the search index still lacks after a first sync
        self._indexing: Task | None = None
        self._again = False
        self._stopped = True

    # ---- life cycle --------------------------------------------------------------------

    def start(self) -> None:
        """Begin syncing: one pass now (if the profile is in a team), then on the timer."""
        self._stopped = False
        self.timer.start()
        self._run()

    def stop(self) -> None:
        """Stop the timer and wait for a pass in flight (before the keys are dropped)."""
        self._stopped = True
        self._again = False
        self.timer.stop()
        if self.task is not None:
            self.task.cancel()  # the pass stops between devices; each device's apply is atomic
        self.ctx.runner.wait_idle()

    @property
    def busy(self) -> bool:
        return self.task is not None

    def sync_now(self) -> None:
        """A pass as soon as possible: now, or straight after the one running."""
        if self.busy:
            self._again = True
            return
        self._stopped = False
        self._run(announce=True)

    # ---- passes ------------------------------------------------------------------------

    def _tick(self) -> None:
        if not self.busy:
            self._run()

    def _run(self, announce: bool = False) -> None:
        session = self.ctx.session
        if session is None or self.busy:
            return
        # Out of a team, a timer tick is a silent meta look-up: no flicker in the status bar.
        if announce or self.last is not None or not self.state:
            self._set_state(self.tr("Syncing…"))
        task = self.ctx.runner.write(lambda t: sync_pass(session, t.progress))
        task.finished.connect(self._done)
        task.failed.connect(self._failed)
        task.progress.connect(self.progress)
        self.task = task
        self.busy_changed.emit(True)

    def _finish(self) -> None:
        self.task = None
        self.busy_changed.emit(False)
        if self._again and not self._stopped:
            self._again = False
            self._run()

    def _done(self, result: PassResult | None) -> None:
        if self._stopped:  # arrived after a lock: the pages and the session are gone
            self._finish()
            return
        if result is None:
            self.last = None
            self._set_state(self.tr("Not in a team"))
            self._finish()
            return
        self.passes += 1
        self.last, self.last_error = result, ""
        self._set_state(self.describe(result))
        self.report_ready.emit(result.report)
        self._finish()
        if result.search_pending and self._indexing is None:
            self.search_left = result.search_pending
            self._catch_up()

    # ---- the search index after a first sync ---------------------------------------------
    # A new laptop's first sync writes the team's records without indexing them for search
    # (relapp.store.search_index, "indexing later"). The index catches up one step at a time,
    # each step a task of its own (under half a second), so a save never waits behind it all;
    # a lock stops it between steps, and the next unlock's pass carries on.

    def _catch_up(self) -> None:
        session = self.ctx.session
        if session is None or self._stopped:
            self._indexing = None
            return
        records = session.records
        self._set_state(self._with_search(self.state_of_last()))
        task = self.ctx.runner.write(lambda _t: catch_up(records))
        task.finished.connect(self._caught_up)
        task.failed.connect(self._catch_up_failed)
        self._indexing = task

    def _caught_up(self, left: int) -> None:
        self._indexing = None
        self.search_left = left
        if self._stopped:
            return
        self._set_state(self._with_search(self.state_of_last()))
        if left:
            QTimer.singleShot(0, self, self._catch_up)

    def _catch_up_failed(self, exc: BaseException) -> None:
        self._indexing = None
        if not isinstance(exc, Cancelled | VaultLocked) and not self._stopped:
            log.error("the search index could not catch up: %s: %s", type(exc).__name__, exc)

    def state_of_last(self) -> str:
        return self.describe(self.last) if self.last is not None else self.state

    def _with_search(self, text: str) -> str:
        if not self.search_left:
            return text
        return self.tr("{0} · preparing search ({1} records to go)").format(
            text, QLocale().toString(self.search_left)
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled | VaultLocked) or self._stopped:
            self._finish()
            return
        log.error("a sync pass failed: %s: %s", type(exc).__name__, exc)
        self.last_error = say(exc)
        self._set_state(self.tr("Sync problem: see the Sync page"))
        self._finish()

    def _set_state(self, text: str) -> None:
        if text != self.state:
            self.state = text
            self.state_changed.emit(text)

    def describe(self, result: PassResult) -> str:
        """The status-bar sentence for a finished pass."""
        report, counts = result.report, result.counts
        if report.status == "unreachable":
            return self.tr("Sync waiting: shared folder not reachable")
        if report.status == "not_member":
            return self.tr("Sync waiting: not approved yet")
        if counts.conflicts == 1:
            return self.tr("1 conflict to resolve")
        if counts.conflicts:
            return self.tr("{0} conflicts to resolve").format(counts.conflicts)
        if counts.waiting == 1:
            return self.tr("1 change waiting")
        if counts.waiting:
            return self.tr("{0} changes waiting").format(counts.waiting)
        return self.tr("Synced {0}").format(time_text(result.finished_at))


def time_text(moment: datetime) -> str:
    """ "10:42" in the system locale's short time format."""
    stamp = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toLocalTime()
    return QLocale().toString(stamp.time(), QLocale.FormatType.ShortFormat)


def controller_for(ctx: AppContext) -> SyncController:
    """The main window's controller; if there is none yet, one for "Sync now" only."""
    controller = getattr(ctx, "sync_controller", None)
    if not isinstance(controller, SyncController):
        controller = SyncController(ctx, ctx)
        ctx.sync_controller = controller  # type: ignore[attr-defined]
    return controller

"""The day's backup, taken a little after unlock on a thread of its own.

With years of records a backup copies hundreds of MiB (some 5 s at 100,000 records): taken at
unlock, as the command line does, it held up the first page once a day. Here it begins once
the first pages are up, copies from a snapshot on a connection of its own (the pages go on
reading and saving meanwhile), and a lock stops it (the vault's lock pauses backups) and
leaves nothing behind; it is taken at the next unlock instead.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from relapp.services.profile import Session, daily_backup
from relapp.ui.kit.dialogs import say

log = logging.getLogger("relapp.ui")

# After unlock: once the first page and the pages built ahead are up.
BACKUP_DELAY_MS = 20_000


class DailyBackup(QObject):
    """One per window: start(session) at each unlock, stop() at lock. `failed` carries a
    sentence for the status bar when the backup could not be taken (a full disk, a folder
    that cannot be written)."""

    failed = Signal(str)
    taken = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._begin)

    def start(self, session: Session) -> None:
        self._session = session
        self._timer.start(BACKUP_DELAY_MS)

    def stop(self) -> None:
        """Before a lock: no backup begins after this. One being copied is stopped by the
        vault's lock itself, which waits for it to let go of its connection."""
        self._timer.stop()
        self._session = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _begin(self) -> None:
        if self._session is None or self.running:
            return
        self._thread = threading.Thread(
            target=self._run, args=(self._session,), name="relapp-daily-backup", daemon=True
        )
        self._thread.start()

    def _run(self, session: Session) -> None:
        try:
            if daily_backup(session) is not None:
                self.taken.emit()
        except Exception as exc:  # noqa: BLE001 - told in the status bar, tried at next unlock
            log.warning("the daily backup failed: %s", type(exc).__name__)
            self.failed.emit(say(exc))

"""An editor's unfinished form, kept in the vault as it is typed (relapp.services.unfinished).

One mechanism for every editor whose form may not be a valid record yet: the editor says what
it shows (state()), calls changed() on every edit, keep_now() before a lock or Back, and
clear() once its record is saved. What is kept is one record's worth of I/O, so it is written
where the form is, as unsent words are (relapp.ui.unsent_words).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from relapp.services import unfinished
from relapp.ui.context import AppContext

log = logging.getLogger("relapp.ui.kept")

# A pause in typing this long keeps what the form shows, and so does typing on without a pause
# for KEEP_AT_LEAST_MS: a crash or a kill loses at most the last second or so of typing.
KEEP_AFTER_MS = 800
KEEP_AT_LEAST_MS = 1500

# (record id, family id, the form's fields as a JSON-able dict; empty when the form is empty
# again), or None: nothing changed to keep.
State = tuple[str, str, dict[str, Any]] | None


class KeptForm(QObject):
    def __init__(
        self,
        ctx: AppContext,
        editor: str,
        state: Callable[[], State],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.editor, self.state = ctx, editor, state
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(KEEP_AFTER_MS)
        self.timer.timeout.connect(self.keep_now)
        self._unkept_since = 0.0  # when the first change not kept yet was made

    def changed(self) -> None:
        now = time.monotonic()
        self._unkept_since = self._unkept_since or now
        if now - self._unkept_since >= KEEP_AT_LEAST_MS / 1000:
            self.keep_now()
        else:
            self.timer.start()

    def keep_now(self) -> bool:
        """Keep what the form shows now; True when something was kept."""
        self.timer.stop()
        self._unkept_since = 0.0
        session = self.ctx.session
        state = self.state()
        if session is None or state is None:
            return False
        record_id, family_id, form = state
        try:
            if not form:  # emptied again: nothing to keep, nor to list on Today
                unfinished.discard(session.records, self.editor, record_id)
                return False
            unfinished.keep(session.records, self.editor, record_id, form, family_id)
        except Exception:  # noqa: BLE001 - the words stay in the form; the log says why
            log.exception("could not keep an unfinished %s", self.editor)
            return False
        return True

    def load(self, record_id: str) -> dict[str, Any] | None:
        session = self.ctx.session
        return unfinished.load(session.records, self.editor, record_id) if session else None

    def clear(self, record_id: str) -> None:
        self.timer.stop()
        self._unkept_since = 0.0
        session = self.ctx.session
        if session is None or not record_id:
            return
        try:
            unfinished.discard(session.records, self.editor, record_id)
        except Exception:  # noqa: BLE001 - an entry left on Today is harmless
            log.exception("could not clear an unfinished %s", self.editor)

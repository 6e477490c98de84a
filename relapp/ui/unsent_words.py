"""Unsent words in a text box (feedback, a reply), kept in the vault between visits to a
record and across a lock. One record's worth of I/O, so it runs where the box is."""

from __future__ import annotations

import logging

from relapp.services import unsent
from relapp.ui.context import AppContext

log = logging.getLogger("relapp.ui.unsent")


class UnsentWords:
    def __init__(self, ctx: AppContext, place: str) -> None:
        self.ctx, self.place = ctx, place

    def load(self, key: str) -> str:
        session = self.ctx.session
        return unsent.load(session.records, f"{self.place}:{key}") if session else ""

    def keep(self, key: str, text: str) -> None:
        session = self.ctx.session
        if session is None:
            return
        try:
            unsent.keep(session.records, f"{self.place}:{key}", text)
        except Exception:  # noqa: BLE001 - the words stay in the box; the log says why
            log.exception("could not keep unsent words")

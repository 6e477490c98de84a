"""Saving one record through the write queue, one version at a time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from relapp.services.errors import Record
from relapp.ui.context import AppContext


class RecordSaver(QObject):
    """Saves one record through the write queue, one version at a time.

    A save asked for while another is running waits and then saves the newest data, so
    versions never race. Owned by the editor: when the editor goes (at lock), late results
    are dropped with it. save_now() is for flush-before-lock only.
    """

    saved = Signal(object, int)  # the Record, the tag given to save()
    failed = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        record_id: str | None,
        version: int | None,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.kind = ctx, kind
        self.record_id, self.version = record_id, version
        self._in_flight = False
        self._pending: tuple[dict[str, Any], int] | None = None

    @property
    def busy(self) -> bool:
        return self._in_flight or self._pending is not None

    def save(self, data: dict[str, Any], tag: int = 0) -> None:
        if self._in_flight:
            self._pending = (data, tag)
            return
        if self.ctx.session is None:
            return  # locked: flush() already saved what was on screen
        self._in_flight = True
        records = self.ctx.session.records
        record_id, version, kind = self.record_id, self.version, self.kind

        def work(_task: object) -> tuple[Record, int]:
            record = records.save(kind, data, record_id=record_id, expected_version=version)
            # Set here, on the worker, so a flush that waits for the queue sees the new version.
            self.record_id, self.version = record.id, record.version
            return record, tag

        self.ctx.runner.write(work, self._done, self._failed, owner=self)

    def _done(self, outcome: tuple[Record, int]) -> None:
        self._in_flight = False
        if self._pending is not None:
            data, tag = self._pending
            self._pending = None
            self.save(data, tag)
            return
        self.saved.emit(*outcome)

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self._pending = None
        self.failed.emit(exc)

    def flush(self) -> None:
        """Save a save that is still waiting its turn, now (before a lock)."""
        if self._pending is not None:
            self.save_now(self._pending[0])

    def save_now(self, data: dict[str, Any]) -> Record:
        """Save on this thread, after anything already queued (before a lock)."""
        if self._in_flight:
            self.ctx.runner.wait_idle()
        self._pending = None
        records = self.ctx.require_session().records
        record = records.save(
            self.kind, data, record_id=self.record_id, expected_version=self.version
        )
        self.record_id, self.version = record.id, record.version
        self.ctx.runner.announce()  # saved here, not by the writer: tell the pages from here
        return record

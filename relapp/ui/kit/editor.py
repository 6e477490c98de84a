"""The record editor every form of one record builds on: dirty tracking, autosave after a pause
in typing, keeping what cannot be saved yet, and saving through RecordSaver."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from relapp.domain.records import ValidationError
from relapp.services.errors import Record, ServiceError
from relapp.ui.context import AppContext
from relapp.ui.kept_form import KeptForm
from relapp.ui.kit.dialogs import say, unsaved_words
from relapp.ui.kit.saver import RecordSaver
from relapp.ui.widgets import MessageLine

log = logging.getLogger("relapp.ui.kit.editor")

AUTOSAVE_MS = 3000


class RecordEditor(QWidget):
    """What the barrier and change-test editors share: dirty tracking, autosave after a pause
    in typing, saving through RecordSaver, and a message line."""

    kind = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: dict[str, Any] = {}
        self.saver = self._new_saver(None, None)
        self._retired: list[RecordSaver] = []  # earlier records' savers still saving
        self._edits = 0
        self._clean_at = 0
        self._loading = False
        self.message = MessageLine()
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self._autosave)
        # A form that cannot be saved as its record yet (a new barrier with no title) is kept
        # as it is typed (relapp.ui.kept_form); a new one as this kind's "new" form, which
        # comes back at the next New.
        self.kept = KeptForm(ctx, self.kind, self._kept_state, self)

    def _kept_key(self) -> str:
        return self.record_id or "new"

    def _kept_state(self) -> tuple[str, str, dict[str, Any]] | None:
        if not self.dirty:
            return None
        if self.record_id is None and self.is_blank():
            return "new", "", {}
        if self.record_id is not None and self._valid():
            return None  # the autosave keeps it as the record itself
        return self._kept_key(), "", self.collect()

    def _valid(self) -> bool:
        try:
            self.ctx.require_session().records.prepare(self.kind, self.collect())
        except (ValidationError, ServiceError):
            return False
        return True

    def _new_saver(self, record_id: str | None, version: int | None) -> RecordSaver:
        saver = RecordSaver(self.ctx, self.kind, record_id, version, self)
        saver.saved.connect(self._saved)
        saver.failed.connect(self._failed)
        return saver

    # subclasses fill these in
    def fill(self, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def saved_text(self) -> str:
        return self.tr("Saved")

    def show_title(self) -> None:
        pass

    def collect(self) -> dict[str, Any]:
        raise NotImplementedError

    def field_labels(self) -> dict[str, str]:
        return {}

    def is_blank(self) -> bool:
        """A new record nobody has typed anything into: nothing to save."""
        return False

    @property
    def record_id(self) -> str | None:
        return self.saver.record_id

    @property
    def dirty(self) -> bool:
        return self._edits != self._clean_at

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            for name in ("textChanged", "currentIndexChanged", "dateChanged", "toggled"):
                signal = getattr(widget, name, None)
                if signal is not None:
                    signal.connect(self.changed)
                    break

    def changed(self, *_args: object) -> None:
        if self._loading:
            return
        self._edits += 1
        self.message.clear_message()
        self.kept.changed()
        if self.record_id is not None:  # a new record is saved by the person, not a timer
            self.autosave.start()

    def load(self, record_id: str | None, version: int | None, data: dict[str, Any]) -> None:
        self.autosave.stop()
        self._retired = [s for s in self._retired if s.busy]
        if self.saver.busy:
            self._retired.append(self.saver)  # it finishes saving the record left behind
        else:
            self.saver.deleteLater()
        self.saver = self._new_saver(record_id, version)
        self.data = dict(data)
        self._loading = True
        try:
            self.show_title()
            self.fill(self.data)
        finally:
            self._loading = False
        self._edits = self._clean_at = 0
        self.message.clear_message()
        kept = self.kept.load(self._kept_key())
        if kept:
            self._loading = True
            try:
                self.fill(kept)
            finally:
                self._loading = False
            self._edits = 1  # not saved as the record yet
            self.message.show_info(
                self.tr("This is what you were typing before; it is not saved yet.")
            )

    def validated(self) -> dict[str, Any] | None:
        try:
            return self.ctx.require_session().records.prepare(self.kind, self.collect())
        except (ValidationError, ServiceError) as exc:
            self.message.show_error(say(exc, self.field_labels(), otherwise=unsaved_words()))
            return None

    def save(self) -> bool:
        """Queue a save of what is on screen; False (with a message) when it cannot be saved."""
        self.autosave.stop()
        data = self.validated()
        if data is None:
            return False
        self.saver.save(data, self._edits)
        return True

    def _autosave(self) -> None:
        if self.dirty:
            self.save()

    def _saved(self, record: Record, tag: int) -> None:
        if self.sender() is self.saver:  # not a previous record's late save
            self.data = dict(record.data)
            if tag == self._edits:
                self._clean_at = tag
                self.kept.clear(record.id)
                self.kept.clear("new")
            self.show_title()
            self.message.show_info(self.tr("Saved."))
        self.ctx.show_saved(self.saved_text())

    def _failed(self, exc: BaseException) -> None:
        if self.sender() is self.saver:
            self.message.show_error(say(exc, self.field_labels(), otherwise=unsaved_words()))
        else:
            log.error("saving a %s failed after moving on: %s", self.kind, exc)

    def flush(self) -> None:
        """Save pending edits now, on this thread (before a lock or hand-over)."""
        self.autosave.stop()
        for saver in self._retired:
            saver.flush()
        if not self.dirty or (self.record_id is None and self.is_blank()):
            return
        data = self.flush_data()
        if data is None:
            self.kept.keep_now()  # not a valid record yet: kept as typed, listed on Today
            return
        record = self.saver.save_now(data)
        self.data = dict(record.data)
        self._clean_at = self._edits
        self.kept.clear(record.id)
        self.kept.clear("new")

    def flush_data(self) -> dict[str, Any] | None:
        try:
            return self.ctx.require_session().records.prepare(self.kind, self.collect())
        except (ValidationError, ServiceError) as exc:
            log.warning("unsaved %s could not be saved before locking: %s", self.kind, exc)
            return None

    def leave(self) -> bool:
        """Before showing another record: save what changed. False keeps this one on screen."""
        if not self.dirty or (self.record_id is None and self.is_blank()):
            return True
        return self.save()

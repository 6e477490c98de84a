"""Writing a reflection: one text box per template part, autosaved so no word is ever lost.

Autosave: 1.5 s after typing pauses, at least every second while typing goes on, when focus
leaves a text box, on Back, on Ctrl+S and (synchronously) before the app locks. Saves go
through the write worker one at a time; each names the version it replaces, so a change made
elsewhere is reported instead of overwritten."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import Template
from relapp.services.errors import Record, ServiceError
from relapp.services.reflections import (
    DraftSaver,
    feedback_for,
    reflection_title,
    sections_for,
)
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when
from relapp.ui.kit.dialogs import ask, say
from relapp.ui.reflection_details import ReflectionDetails
from relapp.ui.reflection_dialogs import AmendDialog, VersionHistoryDialog
from relapp.ui.reflection_parts import (
    Banner,
    ReflectionBar,
    SectionBlock,
    SectionEditor,
    ThemesBox,
)
from relapp.ui.reflection_status import (
    banner_notice,
    clock_now,
    context_line,
    feedback_notice,
    save_problem,
)
from relapp.ui.widgets import MessageLine, paragraph

log = logging.getLogger("relapp.ui.reflections")


PAUSE_MS = 1500  # save this long after typing pauses


CATCH_UP_MS = 1000  # and at least this often while typing goes on without a pause


class ReflectionEditor(QWidget):
    """Edit one reflection (new or existing) inside the Reflections page."""

    closed = Signal()  # Back finished: everything is saved
    changed = Signal(str)  # record id, after a save that other views should know about

    def __init__(
        self,
        ctx: AppContext,
        *,
        record: Record | None = None,
        template_id: str = "",
        family_id: str = "",
        visit_id: str = "",
        families: Sequence[Record] = (),
        visits: Sequence[Record] = (),
        feedback: Sequence[Record] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        session = ctx.require_session()
        self.templates = session.definitions.templates
        self.families = {f.id: f for f in families if f.error is None}
        self.visits = {v.id: v for v in visits if v.error is None}
        self.feedback = feedback_for(feedback, record.id) if record else []
        self.saver = DraftSaver(session.records, record)
        self.record = record
        self._base: dict[str, Any] = dict(record.data) if record else {}
        if not record:
            self._base["template_id"] = template_id
            if visit_id in self.visits:
                self._base["visit_id"] = visit_id
                family_id = str(self.visits[visit_id].data.get("family_id", ""))
            if family_id:
                self._base["family_id"] = family_id
        self.blocks: list[SectionBlock] = []
        self._loading = False
        self._dirty = False
        self._in_flight = False
        self._again = False
        self._closing = False
        self._dialog: QDialog | None = None

        self._idle_timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._idle_timer.timeout.connect(self.save_now)
        self._catch_up_timer = QTimer(self, singleShot=True, interval=CATCH_UP_MS)
        self._catch_up_timer.timeout.connect(self.save_now)

        self._build()
        self._load(self._base)
        self._apply_status()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        # Esc reaches here when no child used it (text boxes and fields pass it on): Back.
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            event.accept()
            self.request_close()
            return
        super().keyPressEvent(event)

    # ---- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 12)
        outer.setSpacing(12)

        self.bar = bar = ReflectionBar()
        self.back_button, self.heading, self.save_label = bar.back, bar.heading, bar.save_label
        self.retry_button, self.history_button = bar.retry, bar.history
        self.submit_button, self.amend_button = bar.submit, bar.amend
        self.back_button.clicked.connect(self.request_close)
        self.retry_button.clicked.connect(self._retry)
        self.history_button.clicked.connect(self.open_history)
        self.submit_button.clicked.connect(self.ask_submit)
        self.amend_button.clicked.connect(self.ask_amend)
        outer.addWidget(bar)
        self.message = MessageLine()
        outer.addWidget(self.message)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        holder = self.scroll_holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        self.content = QWidget()
        self.content.setMaximumWidth(900)
        row.addWidget(self.content, 100)
        row.addStretch(1)
        self.scroll_area.setWidget(holder)
        outer.addWidget(self.scroll_area, 1)

        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 12, 12)
        layout.setSpacing(12)
        self.banner = Banner()
        layout.addWidget(self.banner)
        self.feedback_box = Banner()
        layout.addWidget(self.feedback_box)
        self.context_label = paragraph("", muted=True)
        layout.addWidget(self.context_label)

        self.form = ReflectionDetails(self.templates, self.families, self.visits)
        self.template_combo, self.family_combo = self.form.template_combo, self.form.family_combo
        self.visit_combo, self.title_edit = self.form.visit_combo, self.form.title_edit
        self.template_combo.activated.connect(self._template_chosen)
        self.family_combo.activated.connect(self._family_chosen)
        self.visit_combo.activated.connect(self._visit_chosen)
        self.title_edit.textEdited.connect(self._edited)
        self.title_edit.editingFinished.connect(self._left_field)
        layout.addWidget(self.form)

        self.sections_box = QWidget()
        self.sections_layout = QVBoxLayout(self.sections_box)
        self.sections_layout.setContentsMargins(0, 0, 0, 0)
        self.sections_layout.setSpacing(18)
        layout.addWidget(self.sections_box)

        self.themes_group = ThemesBox()
        self.tags_edit = self.themes_group.tags_edit
        self.tags_edit.textEdited.connect(self._edited)
        self.tags_edit.editingFinished.connect(self._left_field)
        layout.addWidget(self.themes_group)
        layout.addStretch(1)

    def _template(self) -> Template | None:
        return self.templates.get(str(self._base.get("template_id", "")))

    def _build_sections(self, data: dict[str, Any]) -> None:
        for block in self.blocks:
            block.setParent(None)
            block.deleteLater()
        self.blocks = []
        template = self._template()
        for section in sections_for(data, template):
            block = SectionBlock(section)
            block.editor.textChanged.connect(self._edited)
            block.editor.focus_left.connect(self._left_field)
            block.editor.cursorPositionChanged.connect(self._keep_cursor_visible)
            self.sections_layout.addWidget(block)
            self.blocks.append(block)
        suggested = list(template.suggested_themes) if template else []
        for box in self.themes_group.set_suggested(suggested):
            box.toggled.connect(self._edited)
        self.form.template_note.setText(template.description if template else "")
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        # Parts and themes are built after the form, so the default focus chain would jump
        # from the title to the tags; put it back in reading order.
        chain: list[QWidget] = [
            self.back_button,
            self.retry_button,
            self.history_button,
            self.submit_button,
            self.amend_button,
            self.template_combo,
            self.family_combo,
            self.visit_combo,
            self.title_edit,
        ]
        for block in self.blocks:
            chain += [block.help_button, block.editor]
        chain += [*self.themes_group.boxes, self.tags_edit]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # ---- loading and collecting -------------------------------------------------------------

    def _load(self, data: dict[str, Any]) -> None:
        self._loading = True
        try:
            template_id = str(data.get("template_id", ""))
            index = self.template_combo.findData(template_id)
            if index >= 0:
                self.template_combo.setCurrentIndex(index)
            self._build_sections(data)
            texts = data.get("sections") or {}
            for block in self.blocks:
                block.editor.setPlainText(str(texts.get(block.section.id, "")))
            self.title_edit.setText(str(data.get("title", "")))
            self.themes_group.set_themes([str(t) for t in data.get("themes") or []])
            family_index = self.family_combo.findData(str(data.get("family_id", "")))
            self.family_combo.setCurrentIndex(max(family_index, 0))
            self.form.fill_visits(str(data.get("visit_id", "")))
            # The template may change only while nothing is written in it yet.
            self.form.show_template_row(not self._has_text())
        finally:
            self._loading = False
        self._update_heading()

    def _has_text(self) -> bool:
        return any(block.editor.toPlainText().strip() for block in self.blocks)

    def themes(self) -> list[str]:
        return self.themes_group.themes()

    def collect(self) -> dict[str, Any]:
        """The draft as it stands in the widgets, ready for RecordService."""
        data = {k: v for k, v in self._base.items() if k not in ("status", "submitted_at")}
        data["template_id"] = self.template_combo.currentData() or data.get("template_id", "")
        data["title"] = self.title_edit.text().strip()
        data["sections"] = {b.section.id: b.editor.toPlainText() for b in self.blocks}
        data["themes"] = self.themes()
        for key, combo in (("family_id", self.family_combo), ("visit_id", self.visit_combo)):
            value = combo.currentData() or ""
            if value:
                data[key] = value
            else:
                data.pop(key, None)
        return data

    # ---- state ------------------------------------------------------------------------------

    @property
    def status(self) -> str:
        return str(self._base.get("status", "draft"))

    @property
    def editable(self) -> bool:
        return self.status == "draft"

    @property
    def record_id(self) -> str | None:
        return self.saver.record_id

    @property
    def dirty(self) -> bool:
        return self._dirty

    def text_boxes(self) -> list[SectionEditor]:
        return [block.editor for block in self.blocks]

    def _update_heading(self) -> None:
        title = self.title_edit.text().strip()
        if not title and self.record is not None:
            title = reflection_title(self.collect())
        self.heading.setText(title or self.tr("New reflection"))
        self.heading.setAccessibleName(self.heading.text())

    def _apply_status(self) -> None:
        editable = self.editable
        for block in self.blocks:
            block.editor.setReadOnly(not editable)
        self.title_edit.setReadOnly(not editable)
        self.themes_group.set_editable(editable)
        self.form.setVisible(editable)
        self.submit_button.setVisible(editable)
        self.amend_button.setVisible(not editable)
        self.history_button.setEnabled(self.record_id is not None)
        self._show_context()
        self._show_banner()
        self._show_feedback()
        if editable:
            if self.record is None:
                self._set_state(self.tr("Saved automatically as you type"))
            else:
                self._set_state(self.tr("Saved {0}").format(format_when(self.record.updated_at)))
        else:
            self._set_state(self.tr("Read-only"))

    def _show_context(self) -> None:
        self.context_label.setText(
            context_line(self._base, self.status, self.families, self.visits, self._template())
        )

    def _show_banner(self) -> None:
        notice = banner_notice(self._base, self.status)
        if notice is None:
            self.banner.hide()
        else:
            self.banner.show_notice(*notice)

    def _show_feedback(self) -> None:
        notice = feedback_notice(self.feedback)
        if notice is None:
            self.feedback_box.hide()
        else:
            self.feedback_box.show_notice(*notice)

    def _set_state(self, text: str, *, error: bool = False) -> None:
        self.bar.set_state(text, error=error)

    # ---- editing and autosave ---------------------------------------------------------------

    def _edited(self, *_args: object) -> None:
        if self._loading or not self.editable:
            return
        self._dirty = True
        self._idle_timer.start()  # restarted on every change: saves once typing pauses
        if not self._catch_up_timer.isActive():
            self._catch_up_timer.start()
        self.form.allow_template_change(not self._has_text())
        if not self._in_flight and not self.save_label.text().startswith(self.tr("Not saved")):
            self._set_state(self.tr("Editing…"))
        self._update_heading()

    def _left_field(self) -> None:
        if self._dirty:
            self.save_now()

    def _keep_cursor_visible(self) -> None:
        editor = self.sender()
        if isinstance(editor, SectionEditor) and editor.hasFocus():
            rect = editor.cursorRect()
            point = editor.viewport().mapTo(self.scroll_holder, rect.center())
            self.scroll_area.ensureVisible(point.x(), point.y(), 10, rect.height() * 2)

    def _template_chosen(self, _index: int) -> None:
        if self._has_text():
            return
        data = self.collect()
        data["sections"] = {}
        self._base["template_id"] = data["template_id"]
        self._load(data)
        self._edited()

    def _family_chosen(self, _index: int) -> None:
        self.form.fill_visits("")
        self._edited()

    def _visit_chosen(self, _index: int) -> None:
        self._edited()

    def save_now(self) -> None:
        """Start a background save of the draft, unless one is already running."""
        self._idle_timer.stop()
        self._catch_up_timer.stop()
        if not self.editable or self.ctx.session is None:
            self._finish_closing()
            return
        if self._in_flight:
            self._again = True  # saved again as soon as the running save finishes
            return
        data = self.collect()
        if self.saver.unchanged(data):
            self._dirty = False
            if self._closing:
                self._finish_closing()
            return
        self._start_save(data)

    def _start_save(self, data: dict[str, Any], *, keep_text: bool = False) -> None:
        self._dirty = False
        self._again = False
        self._in_flight = True
        self._set_state(self.tr("Saving…"))
        saver = self.saver  # the worker gets plain objects only, never a widget
        work = saver.save_keeping_text if keep_text else saver.save
        self.ctx.runner.write(lambda _task: work(data), self._saved, self._save_failed)

    def _saved(self, record: Record | None) -> None:
        self._in_flight = False
        created = record is not None and self.record is None
        if record is not None:
            self.record = record
            if record.data.get("title") != self._base.get("title"):
                self._base["title"] = record.data.get("title", "")
        self._say_saved()
        if created and self.record_id:
            self.changed.emit(self.record_id)
        if self._closing or (self._dirty and (self._again or not self._idle_timer.isActive())):
            self.save_now()  # finishes closing once nothing is left to save

    def _say_saved(self) -> None:
        stamp = clock_now()
        self._set_state(self.tr("Saved {0}").format(stamp))
        self.ctx.show_saved(self.tr("Reflection saved at {0}").format(stamp))
        self.history_button.setEnabled(self.record_id is not None)

    def _save_failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self._dirty = True
        self._closing = False
        reason, retry, retry_tip, keep_text = save_problem(exc)
        self.retry_button.setText(retry)
        self.retry_button.setToolTip(retry_tip)
        self.retry_button.setProperty("keep_text", keep_text)
        text = self.tr("Not saved: {0} — your text is still here").format(reason)
        self._set_state(text, error=True)
        self.retry_button.show()
        self.ctx.show_saved(text)

    def _retry(self) -> None:
        if self._in_flight or self.ctx.session is None:
            return
        self._start_save(self.collect(), keep_text=bool(self.retry_button.property("keep_text")))

    def flush(self) -> bool:
        """Save pending text now, on this thread (before a lock, on Ctrl+S). True when saved."""
        self._idle_timer.stop()
        self._catch_up_timer.stop()
        if not self.editable or self.ctx.session is None:
            return True
        data = self.collect()
        try:
            record = self.saver.save_keeping_text(data)  # waits for a save already running
        except Exception as exc:  # noqa: BLE001 - shown to the person, logged for support
            log.error("saving a reflection before locking failed: %s", exc, exc_info=exc)
            self._set_state(
                self.tr("Not saved: {0} — your text is still here").format(say(exc)), error=True
            )
            return False
        self._dirty = False
        if record is not None:
            self.record = record
            self._say_saved()
        return True

    def request_close(self) -> None:
        """Back: save what is pending, then say closed (or stay and explain if saving fails)."""
        if self._dialog is not None and self._dialog.isVisible():
            return
        self._closing = True
        self.save_now()

    def _finish_closing(self) -> None:
        if not self._closing:
            return
        self._closing = False
        self._idle_timer.stop()
        self._catch_up_timer.stop()
        self.closed.emit()

    # ---- submit and amend -------------------------------------------------------------------

    def ask_submit(self) -> None:
        if not self._has_text():
            self.message.show_error(
                self.tr("Write at least one part before submitting this reflection.")
            )
            return
        self.message.clear_message()
        box, self.confirm_submit_button = ask(
            self,
            self.tr("Submit for supervision"),
            self.tr("Submit this reflection to your supervisor?"),
            self.tr(
                "Once submitted it becomes read-only, so it stays as your supervisor read it. "
                "If you want to change something later, use Amend: that adds a new version and "
                "keeps this one in the history."
            ),
            self.tr("Submit"),
            self._submit,
        )
        box.finished.connect(lambda _r: setattr(self, "_dialog", None))
        self._dialog = box

    def _submit(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        self._idle_timer.stop()
        self._catch_up_timer.stop()
        data = self.collect()
        saver, records = self.saver, session.records
        for editor in self.text_boxes():  # no typing between the last save and submitting
            editor.setReadOnly(True)

        def work(_task: object) -> Record:
            saver.save(data)
            if saver.record_id is None:
                raise ServiceError(
                    "An empty reflection cannot be submitted: write at least one part."
                )
            record = records.submit_reflection(saver.record_id)
            saver.adopt(record)
            return record

        self._dirty = False
        self._set_state(self.tr("Submitting…"))
        self.ctx.runner.write(work, self._status_changed, self._action_failed)

    def ask_amend(self) -> None:
        dialog = AmendDialog(self)
        dialog.accepted.connect(lambda: self._amend(dialog.reason()))
        dialog.finished.connect(lambda _r: setattr(self, "_dialog", None))
        self._dialog = dialog
        dialog.open()

    def _amend(self, reason: str) -> None:
        session, record_id = self.ctx.session, self.record_id
        if session is None or record_id is None:
            return
        saver, records = self.saver, session.records

        def work(_task: object) -> Record:
            record = records.amend_reflection(record_id, reason)
            saver.adopt(record)
            return record

        self._set_state(self.tr("Starting a new version…"))
        self.ctx.runner.write(work, self._status_changed, self._action_failed)

    def _status_changed(self, record: Record) -> None:
        self.record = record
        self._base = dict(record.data)
        self._dirty = False
        self._apply_status()
        self._update_heading()
        self._set_state(
            self.tr("Submitted {0}").format(clock_now())
            if record.data.get("status") == "submitted"
            else self.tr("Saved {0}").format(clock_now())
        )
        if self.editable and self.blocks:
            self.blocks[0].editor.setFocus()
        self.changed.emit(record.id)

    def _action_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, ServiceError | ValueError):
            log.error("a reflection action failed: %s", exc, exc_info=exc)
        self._apply_status()
        self._set_state(
            self.tr("Not saved: {0} — your text is still here").format(say(exc)), error=True
        )
        self.message.show_error(say(exc))

    # ---- history ----------------------------------------------------------------------------

    def open_history(self) -> None:
        if self.record_id is None or self.ctx.session is None:
            return
        if self._dirty and self.editable:
            self.flush()
        dialog = VersionHistoryDialog(self.ctx, self.record_id, self._template(), self)
        self._dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "_dialog", None))
        dialog.open()

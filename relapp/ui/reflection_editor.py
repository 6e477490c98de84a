"""Writing a reflection: one text box per template part, autosaved so no word is ever lost.

Autosave: 1.5 s after typing pauses, at least every second while typing goes on, when focus
leaves a text box, on Back, on Ctrl+S and (synchronously) before the app locks. Saves go
through the write worker one at a time; each names the version it replaces, so a change made
elsewhere is reported instead of overwritten.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import Section, Template
from relapp.services.errors import Record, ServiceError, VersionConflict
from relapp.services.records import ReflectionLocked
from relapp.services.reflections import (
    DiffLine,
    DraftSaver,
    SectionDiff,
    diff_versions,
    feedback_for,
    milestone_versions,
    reflection_title,
    sections_for,
    supervisor_question,
)
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when, mode_label
from relapp.ui.kit.dialogs import ask, say
from relapp.ui.models import Column, RowsModel
from relapp.ui.widgets import MessageLine, heading, paragraph

log = logging.getLogger("relapp.ui.reflections")

PAUSE_MS = 1500  # save this long after typing pauses
CATCH_UP_MS = 1000  # and at least this often while typing goes on without a pause
QUESTION_ACCENT = "#b26a00"  # amber: reads on light and dark palettes; always with words


def status_label(status: str) -> str:
    labels = {
        "draft": QCoreApplication.translate("Reflections", "Draft"),
        "submitted": QCoreApplication.translate("Reflections", "Submitted"),
        "reviewed": QCoreApplication.translate("Reflections", "Reviewed"),
        "to_discuss": QCoreApplication.translate("Reflections", "To discuss"),
        "returned": QCoreApplication.translate("Reflections", "Returned"),
    }
    return labels.get(status, status)


def clock_now() -> str:
    return QLocale().toString(QTime.currentTime(), QLocale.FormatType.ShortFormat)


def visit_label(visit: Record) -> str:
    return f"{mode_label(str(visit.data.get('mode', '')))}, {format_when(visit.data['when'])}"


class Banner(QFrame):
    """A boxed notice above the text: read-only state, an amendment, a supervisor's question."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reflectionBanner")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.body = paragraph("")
        self.detail = paragraph("", muted=True)
        for label in (self.title, self.body, self.detail):
            layout.addWidget(label)
        self.hide()

    def show_notice(self, title: str, body: str = "", detail: str = "", accent: str = "") -> None:
        colour = accent or "palette(highlight)"
        self.setStyleSheet(
            "QFrame#reflectionBanner { background: palette(alternate-base);"
            f" border: 1px solid palette(mid); border-left: 5px solid {colour};"
            " border-radius: 4px; }"
        )
        self.title.setText(title)
        self.body.setText(body)
        self.body.setVisible(bool(body))
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(title)
        self.setAccessibleDescription(f"{body} {detail}".strip())
        self.show()


class SectionEditor(QPlainTextEdit):
    """A text box that grows with its text and says when focus leaves it."""

    focus_left = Signal()

    def __init__(self, min_lines: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.min_lines = min_lines
        self.setTabChangesFocus(True)  # Tab moves on, as in every other form
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_args: object) -> None:
        # A plain-text layout measures its height in lines (wrapped lines included).
        lines = max(self.min_lines, int(self.document().documentLayout().documentSize().height()))
        margins = self.contentsMargins()
        extra = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.setFixedHeight(lines * self.fontMetrics().lineSpacing() + extra + 4)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.focus_left.emit()


class SectionBlock(QWidget):
    """One part of a template: its title, the prompt, guidance on request, and the text box."""

    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(8)
        self.title = heading(section.title, scale=1.15)
        self.title.setWordWrap(False)  # wrapping labels shrink to their narrowest in a row
        top.addWidget(self.title)
        self.help_button = QToolButton()
        self.help_button.setText("?")
        self.help_button.setCheckable(True)
        self.help_button.setAccessibleName(self.tr("Guidance for {0}").format(section.title))
        self.help_button.setToolTip(section.guidance or self.tr("No guidance for this part."))
        self.help_button.setVisible(bool(section.guidance))
        top.addWidget(self.help_button, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        layout.addLayout(top)
        self.prompt = paragraph(section.prompt)
        self.prompt.setVisible(bool(section.prompt))
        layout.addWidget(self.prompt)
        self.guidance = paragraph(section.guidance, muted=True)
        self.guidance.hide()
        layout.addWidget(self.guidance)
        self.help_button.toggled.connect(self.guidance.setVisible)
        self.editor = SectionEditor()
        self.editor.setAccessibleName(section.title)
        self.editor.setAccessibleDescription(section.prompt)
        layout.addWidget(self.editor)


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
        self.theme_boxes: list[QCheckBox] = []
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

        bar = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← &Back"))
        self.back_button.setAccessibleName(self.tr("Back to the list of reflections"))
        self.back_button.setToolTip(self.tr("Back to the list (Esc). Your text is saved first."))
        self.back_button.clicked.connect(self.request_close)
        bar.addWidget(self.back_button)
        self.heading = heading(self.tr("New reflection"), scale=1.35)
        bar.addWidget(self.heading, 1)
        self.save_label = QLabel()
        self.save_label.setAccessibleName(self.tr("Save state"))
        bar.addWidget(self.save_label)
        self.retry_button = QPushButton()
        self.retry_button.clicked.connect(self._retry)
        self.retry_button.hide()
        bar.addWidget(self.retry_button)
        self.history_button = QPushButton(self.tr("&History…"))
        self.history_button.setAccessibleName(self.tr("Version history"))
        self.history_button.clicked.connect(self.open_history)
        bar.addWidget(self.history_button)
        self.submit_button = QPushButton(self.tr("S&ubmit for supervision…"))
        self.submit_button.setAccessibleName(self.tr("Submit for supervision"))
        self.submit_button.clicked.connect(self.ask_submit)
        bar.addWidget(self.submit_button)
        self.amend_button = QPushButton(self.tr("&Amend…"))
        self.amend_button.setAccessibleName(self.tr("Amend: start a new version"))
        self.amend_button.clicked.connect(self.ask_amend)
        bar.addWidget(self.amend_button)
        outer.addLayout(bar)
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

        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName(self.tr("Template"))
        for template in sorted(self.templates.values(), key=lambda t: t.title):
            self.template_combo.addItem(template.title, template.id)
        self.template_combo.activated.connect(self._template_chosen)
        self.template_note = paragraph("", muted=True)
        self.template_field = QWidget()
        template_column = QVBoxLayout(self.template_field)
        template_column.setContentsMargins(0, 0, 0, 4)
        template_column.setSpacing(4)
        template_column.addWidget(self.template_combo)
        template_column.addWidget(self.template_note)
        form.addRow(self.tr("&Template"), self.template_field)
        self.family_combo = QComboBox()
        self.family_combo.setAccessibleName(self.tr("Family"))
        self.family_combo.addItem(self.tr("No family (a general reflection)"), "")
        for family in sorted(self.families.values(), key=lambda f: f.data["display_name"]):
            self.family_combo.addItem(family.data["display_name"], family.id)
        self.family_combo.activated.connect(self._family_chosen)
        form.addRow(self.tr("&Family"), self.family_combo)
        self.visit_combo = QComboBox()
        self.visit_combo.setAccessibleName(self.tr("Visit"))
        self.visit_combo.activated.connect(self._visit_chosen)
        form.addRow(self.tr("&Visit"), self.visit_combo)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(200)
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setPlaceholderText(self.tr("Optional: a few words to find it again"))
        self.title_edit.textEdited.connect(self._edited)
        self.title_edit.editingFinished.connect(self._left_field)
        form.addRow(self.tr("T&itle"), self.title_edit)
        layout.addWidget(self.form)

        self.sections_box = QWidget()
        self.sections_layout = QVBoxLayout(self.sections_box)
        self.sections_layout.setContentsMargins(0, 0, 0, 0)
        self.sections_layout.setSpacing(18)
        layout.addWidget(self.sections_box)

        self.themes_group = QGroupBox(self.tr("Themes"))
        themes = QVBoxLayout(self.themes_group)
        self.themes_grid = QGridLayout()
        self.themes_grid.setHorizontalSpacing(18)
        themes.addLayout(self.themes_grid)
        tags_row = QFormLayout()
        self.tags_edit = QLineEdit()
        self.tags_edit.setAccessibleName(self.tr("Other tags"))
        self.tags_edit.setPlaceholderText(self.tr("Separate with commas, e.g. housing, sleep"))
        self.tags_edit.textEdited.connect(self._edited)
        self.tags_edit.editingFinished.connect(self._left_field)
        tags_row.addRow(self.tr("Other ta&gs"), self.tags_edit)
        themes.addLayout(tags_row)
        layout.addWidget(self.themes_group)
        layout.addStretch(1)

    def _template(self) -> Template | None:
        return self.templates.get(str(self._base.get("template_id", "")))

    def _build_sections(self, data: dict[str, Any]) -> None:
        for block in self.blocks:
            block.setParent(None)
            block.deleteLater()
        self.blocks = []
        for box in self.theme_boxes:
            box.setParent(None)
            box.deleteLater()
        self.theme_boxes = []
        template = self._template()
        for section in sections_for(data, template):
            block = SectionBlock(section)
            block.editor.textChanged.connect(self._edited)
            block.editor.focus_left.connect(self._left_field)
            block.editor.cursorPositionChanged.connect(self._keep_cursor_visible)
            self.sections_layout.addWidget(block)
            self.blocks.append(block)
        suggested = list(template.suggested_themes) if template else []
        for index, theme in enumerate(suggested):
            box = QCheckBox(theme)
            box.setAccessibleName(self.tr("Theme: {0}").format(theme))
            box.toggled.connect(self._edited)
            self.themes_grid.addWidget(box, index // 3, index % 3)
            self.theme_boxes.append(box)
        self.template_note.setText(template.description if template else "")
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
        chain += [*self.theme_boxes, self.tags_edit]
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
            themes = [str(t) for t in data.get("themes") or []]
            suggested = {box.text() for box in self.theme_boxes}
            for box in self.theme_boxes:
                box.setChecked(box.text() in themes)
            self.tags_edit.setText(", ".join(t for t in themes if t not in suggested))
            family_index = self.family_combo.findData(str(data.get("family_id", "")))
            self.family_combo.setCurrentIndex(max(family_index, 0))
            self._fill_visits(str(data.get("visit_id", "")))
            # The template may change only while nothing is written in it yet.
            layout = self.form.layout()
            assert isinstance(layout, QFormLayout)
            layout.setRowVisible(self.template_field, not self._has_text())
        finally:
            self._loading = False
        self._update_heading()

    def _fill_visits(self, selected: str) -> None:
        family_id = self.family_combo.currentData() or ""
        self.visit_combo.clear()
        self.visit_combo.addItem(self.tr("Not about one visit"), "")
        visits = [v for v in self.visits.values() if v.data.get("family_id") == family_id]
        visits.sort(key=lambda v: v.data["when"], reverse=True)
        for visit in visits:
            self.visit_combo.addItem(visit_label(visit), visit.id)
        self.visit_combo.setCurrentIndex(max(self.visit_combo.findData(selected), 0))
        self.visit_combo.setEnabled(bool(family_id))

    def _has_text(self) -> bool:
        return any(block.editor.toPlainText().strip() for block in self.blocks)

    def themes(self) -> list[str]:
        chosen = [box.text() for box in self.theme_boxes if box.isChecked()]
        for tag in self.tags_edit.text().split(","):
            tag = " ".join(tag.split())
            if tag and tag not in chosen:
                chosen.append(tag)
        return chosen

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
        self.tags_edit.setReadOnly(not editable)
        for box in self.theme_boxes:
            box.setEnabled(editable)
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
        parts = []
        if not self.editable:  # a draft shows these in its form instead
            family = self.families.get(str(self._base.get("family_id", "")))
            if family:
                parts.append(family.data["display_name"])
            visit = self.visits.get(str(self._base.get("visit_id", "")))
            if visit:
                parts.append(visit_label(visit))
        template = self._template()
        parts.append(template.title if template else str(self._base.get("template_id", "")))
        parts.append(status_label(self.status))
        self.context_label.setText(" · ".join(p for p in parts if p))

    def _show_banner(self) -> None:
        if not self.editable:
            when = format_when(str(self._base.get("submitted_at", "")))
            title = (
                self.tr("Submitted on {0} — read-only. Use Amend to add a new version.").format(
                    when
                )
                if when
                else self.tr("Submitted — read-only. Use Amend to add a new version.")
            )
            extra = {
                "reviewed": self.tr("Your supervisor has reviewed it."),
                "to_discuss": self.tr("Your supervisor would like to talk it through."),
                "returned": self.tr("Your supervisor returned it with a question (below)."),
            }.get(self.status, self.tr("Waiting for your supervisor."))
            self.banner.show_notice(title, extra)
        elif self._base.get("amendment_reason"):
            self.banner.show_notice(
                self.tr("Amending: {0}").format(self._base["amendment_reason"]),
                self.tr(
                    "This is a new version; the one you submitted stays in the history. Submit "
                    "again when you are ready."
                ),
            )
        else:
            self.banner.hide()

    def _show_feedback(self) -> None:
        question = supervisor_question(self.feedback)
        if question is None:
            self.feedback_box.hide()
            return
        returned = question.data.get("review_state") == "returned"
        title = (
            self.tr("Question from your supervisor")
            if returned
            else self.tr("Feedback from your supervisor")
        )
        older = [r for r in self.feedback if r is not question]
        detail = self.tr("Sent {0}").format(format_when(question.created_at))
        if older:
            detail += "\n\n" + "\n\n".join(
                ("↳ " if r.data.get("reply_to") else "")
                + f"{format_when(r.created_at)}: {r.data.get('text', '')}"
                for r in older
            )
        self.feedback_box.show_notice(
            title, str(question.data.get("text", "")), detail, QUESTION_ACCENT if returned else ""
        )

    def _set_state(self, text: str, *, error: bool = False) -> None:
        self.save_label.setText(text)
        self.save_label.setAccessibleDescription(text)
        self.save_label.setStyleSheet("color: #b3261e; font-weight: 600;" if error else "")
        if not error:
            self.retry_button.hide()

    # ---- editing and autosave ---------------------------------------------------------------

    def _edited(self, *_args: object) -> None:
        if self._loading or not self.editable:
            return
        self._dirty = True
        self._idle_timer.start()  # restarted on every change: saves once typing pauses
        if not self._catch_up_timer.isActive():
            self._catch_up_timer.start()
        if self._has_text() and self.template_combo.isEnabled():
            self.template_combo.setEnabled(False)
            self.template_combo.setToolTip(self.tr("Clear the text to change the template."))
        elif not self._has_text() and not self.template_combo.isEnabled():
            self.template_combo.setEnabled(True)
            self.template_combo.setToolTip("")
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
        self._fill_visits("")
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
        stamp = clock_now()
        self._set_state(self.tr("Saved {0}").format(stamp))
        self.ctx.show_saved(self.tr("Reflection saved at {0}").format(stamp))
        self.history_button.setEnabled(self.record_id is not None)
        if created and self.record_id:
            self.changed.emit(self.record_id)
        if self._closing or (self._dirty and (self._again or not self._idle_timer.isActive())):
            self.save_now()  # finishes closing once nothing is left to save

    def _save_failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self._dirty = True
        self._closing = False
        if isinstance(exc, VersionConflict):
            reason = self.tr("it was changed in another window or on another device")
            self.retry_button.setText(self.tr("&Keep my text"))
            self.retry_button.setToolTip(
                self.tr("Save your text as the newest version; the other stays in the history.")
            )
        elif isinstance(exc, ReflectionLocked):
            reason = self.tr("it has been submitted meanwhile")
            self.retry_button.setText(self.tr("&Keep my text"))
            self.retry_button.setToolTip(self.tr("Save your text as a new draft reflection."))
        else:
            if not isinstance(exc, ServiceError | ValueError):
                log.error("saving a reflection draft failed: %s", exc, exc_info=exc)
            reason = say(exc)
            self.retry_button.setText(self.tr("&Try again"))
            self.retry_button.setToolTip("")
        self.retry_button.setProperty(
            "keep_text", isinstance(exc, VersionConflict | ReflectionLocked)
        )
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
                self.tr("Not saved: {0} — your text is still here").format(exc), error=True
            )
            return False
        self._dirty = False
        if record is not None:
            self.record = record
            stamp = clock_now()
            self._set_state(self.tr("Saved {0}").format(stamp))
            self.ctx.show_saved(self.tr("Reflection saved at {0}").format(stamp))
            self.history_button.setEnabled(True)
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
        self.ctx.notify_changed("reflection")
        self.changed.emit(record.id)

    def _action_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, ServiceError | ValueError):
            log.error("a reflection action failed: %s", exc, exc_info=exc)
        self._apply_status()
        self._set_state(self.tr("Not saved: {0} — your text is still here").format(exc), error=True)
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


class AmendDialog(QDialog):
    """Ask why a submitted reflection is being reopened; the reason is required."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Amend reflection"))
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(
            paragraph(
                self.tr(
                    "Amending starts a new, editable version. The version you submitted stays "
                    "in the history exactly as it was. Say briefly why you are amending it."
                )
            )
        )
        form = QFormLayout()
        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName(self.tr("Reason for amending"))
        self.reason_edit.setPlaceholderText(self.tr("e.g. Adding what I learned at the next visit"))
        self.reason_edit.setMinimumWidth(380)
        form.addRow(self.tr("&Reason"), self.reason_edit)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Amend"))
        self.ok_button.setEnabled(False)
        self.reason_edit.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip()))
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def accept(self) -> None:
        if self.reason():
            super().accept()


# ---- version history ---------------------------------------------------------------------------

ADDED_STYLE = "background-color:#dafbe1; color:#0f5323;"
REMOVED_STYLE = "background-color:#ffebe9; color:#8a1020;"


def diff_html(diffs: Sequence[SectionDiff], summary: str) -> str:
    """Render section diffs for a QTextBrowser: +/- marks and wording, colour only as help."""
    added = QCoreApplication.translate("Reflections", "added")
    removed = QCoreApplication.translate("Reflections", "removed")
    parts = [f"<p>{escape(summary)}</p>"]
    parts.append(
        "<p>"
        f"<span style='{ADDED_STYLE}'>&nbsp;+ {escape(added)}&nbsp;</span>&nbsp;&nbsp;"
        f"<span style='{REMOVED_STYLE}'>&nbsp;− <s>{escape(removed)}</s>&nbsp;</span>"
        "</p>"
    )
    for diff in diffs:
        title = {
            "title": QCoreApplication.translate("Reflections", "Title"),
            "themes": QCoreApplication.translate("Reflections", "Themes"),
        }.get(diff.section_id, diff.title)
        parts.append(f"<h3>{escape(title)}</h3>")
        if not diff.changed:
            note = (
                QCoreApplication.translate("Reflections", "No changes.")
                if diff.lines
                else QCoreApplication.translate("Reflections", "Empty in both versions.")
            )
            parts.append(f"<p><i>{escape(note)}</i></p>")
            continue
        for line in diff.lines:
            parts.append(_line_html(line))
    return "".join(parts)


def _line_html(line: DiffLine) -> str:
    if line.mark == " ":
        text = escape(line.text) or "&nbsp;"
        return f"<p style='margin:0; white-space:pre-wrap;'>&nbsp;&nbsp;&nbsp;{text}</p>"
    added = line.mark == "+"
    pieces = []
    for segment in line.segments:
        text = escape(segment.text)
        if segment.changed:
            text = f"<b><u>{text}</u></b>" if added else f"<s>{text}</s>"
        pieces.append(text)
    style = ADDED_STYLE if added else REMOVED_STYLE
    mark = "+" if added else "−"
    body = "".join(pieces) or "&nbsp;"
    return f"<p style='margin:0; white-space:pre-wrap; {style}'>&nbsp;{mark}&nbsp;{body}</p>"


class VersionHistoryDialog(QDialog):
    """Every saved version of a reflection and what changed in each, part by part."""

    def __init__(
        self,
        ctx: AppContext,
        record_id: str,
        template: Template | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.template = template
        self.history: list[Record] = []
        self.shown: list[Record] = []
        self.member_id = ""
        self.own_name = ""
        self.setWindowTitle(self.tr("Version history"))
        self.resize(1000, 640)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Version history"), scale=1.3))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Every save is kept. Choose a version to see what changed since the one "
                    "listed before it."
                ),
                muted=True,
            )
        )
        self.all_autosaves = QCheckBox(self.tr("Show every &autosaved draft"))
        self.all_autosaves.setAccessibleName(self.tr("Show every autosaved draft"))
        self.all_autosaves.toggled.connect(self._fill)
        layout.addWidget(self.all_autosaves)
        splitter = QSplitter()
        self.model = RowsModel(
            [
                Column(self.tr("Version"), lambda r: r.version, align_right=True),
                Column(
                    self.tr("Saved"), lambda r: format_when(r.updated_at), lambda r: r.updated_at
                ),
                Column(self.tr("Status"), self._status_of),
                Column(self.tr("Author"), self._author_of),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Versions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_diff)
        splitter.addWidget(self.table)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Differences between versions"))
        self.browser.setOpenLinks(False)
        splitter.addWidget(self.browser)
        splitter.setSizes([460, 540])
        layout.addWidget(splitter, 1)
        self.message = MessageLine()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.browser.setPlainText(self.tr("Loading the history…"))
        session = ctx.require_session()
        vault = session.vault

        def load(_task: object) -> tuple[list[Record], str, str]:
            return vault.history(record_id), vault.member_id, vault.identity().name

        ctx.runner.read(load, self._loaded, self._failed)

    def _status_of(self, record: Record) -> str:
        if record.error is not None:
            return self.tr("Could not be opened")
        status = status_label(str(record.data.get("status", "")))
        if record.data.get("amendment_reason") and record.data.get("status") == "draft":
            return self.tr("{0} (amending)").format(status)
        return status

    def _author_of(self, record: Record) -> str:
        if record.author == self.member_id:
            return self.own_name
        return self.tr("Team member {0}").format(record.author[:8])

    def _loaded(self, result: tuple[list[Record], str, str]) -> None:
        self.history, self.member_id, self.own_name = result
        self._fill()

    def _failed(self, exc: BaseException) -> None:
        self.browser.clear()
        self.message.show_error(say(exc))

    def _fill(self, *_args: object) -> None:
        every = self.all_autosaves.isChecked()
        self.shown = list(self.history) if every else milestone_versions(self.history)
        self.model.set_rows(list(reversed(self.shown)))  # newest first
        self.table.resizeColumnsToContents()
        if self.shown:
            self.table.selectRow(0)

    def select_version(self, version: int) -> None:
        for row, record in enumerate(self.model.rows):
            if record.version == version:
                self.table.selectRow(row)
                return

    def _show_diff(self, current: Any, _previous: Any = None) -> None:
        if not current.isValid():
            return
        record = self.model.row_at(current)
        position = self.shown.index(record)
        before = self.shown[position - 1] if position > 0 else None
        if record.error is not None:
            self.browser.setPlainText(record.error)
            return
        old = before.data if before is not None and before.error is None else {}
        diffs = diff_versions(old, record.data, self.template)
        label = f"{self._status_of(record)}, {format_when(record.updated_at)}"
        if before is None:
            summary = self.tr("Version {0} — {1}. The first saved version.").format(
                record.version, label
            )
        else:
            summary = self.tr("Version {0} — {1}. Compared with version {2} — {3}.").format(
                record.version,
                label,
                before.version,
                f"{self._status_of(before)}, {format_when(before.updated_at)}",
            )
        reason = record.data.get("amendment_reason")
        if reason and reason != old.get("amendment_reason"):
            summary += " " + self.tr("Reason for amending: {0}").format(reason)
        if not any(d.changed for d in diffs):
            summary += " " + self.tr("The text did not change in this version.")
        self.browser.setHtml(diff_html(diffs, summary))
        self.browser.setAccessibleDescription(
            summary + "\n" + "\n".join(f"{d.title}:\n{d.as_text()}" for d in diffs if d.changed)
        )

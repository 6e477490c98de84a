"""The widgets both sides of feedback use: the thread of comments and replies, and the
reflection's own text as the supervisor reads it."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from relapp.services.supervision import ReviewContext, ThreadEntry
from relapp.ui.formatting import clear_layout, format_when
from relapp.ui.reflection_parts import QUESTION_ACCENT
from relapp.ui.widgets import heading, paragraph

MAX_INDENT = 3  # deeper replies line up with the third level


class ThreadView(QWidget):
    """A feedback thread: each comment in a box (who, when, the state it set, the words), its
    replies indented under it, and a Reply button on each."""

    reply_requested = Signal(object)  # the ThreadEntry to answer

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[ThreadEntry] = []
        self.reply_buttons: list[QToolButton] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self.empty_text = empty_text
        self.set_entries([])

    def set_entries(self, entries: Sequence[ThreadEntry], highlight: str = "") -> None:
        clear_layout(self._layout)
        self.entries = list(entries)
        self.reply_buttons = []
        if not entries:
            self._layout.addWidget(paragraph(self.empty_text, muted=True))
            return
        for entry in entries:
            self._layout.addWidget(self._card(entry, entry.id == highlight))

    def _card(self, entry: ThreadEntry, highlighted: bool) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(28 * min(entry.depth, MAX_INDENT), 0, 0, 0)
        card = QFrame()
        card.setObjectName("feedbackCard")
        returned = entry.review_state == "returned"
        accent = QUESTION_ACCENT if returned else "palette(mid)"
        if highlighted:
            accent = QUESTION_ACCENT if returned else "palette(highlight)"
        width = 6 if highlighted else 4
        card.setStyleSheet(
            "QFrame#feedbackCard { background: palette(base); border: 1px solid palette(mid);"
            f" border-left: {width}px solid {accent}; border-radius: 4px; }}"
        )
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 8, 8, 10)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(8)
        who = self.tr("You") if entry.is_mine else entry.author
        state = state_words(entry)
        # One wrapping line, so a narrow pane wraps it instead of cutting it off.
        parts = [f"<b>{escape(who)}</b>", _unbroken(format_when(entry.when))]
        if state:
            colour = f' style="color: {QUESTION_ACCENT};"' if returned else ""
            parts.append(f"<b{colour}>{_unbroken(state)}</b>")
        header = QLabel(" · ".join(parts))
        header.setTextFormat(Qt.TextFormat.RichText)
        header.setWordWrap(True)
        top.addWidget(header, 1)
        button = QToolButton()
        button.setText(self.tr("Reply"))
        button.setAccessibleName(self.tr("Reply to {0}").format(who))
        button.clicked.connect(lambda _checked=False, e=entry: self.reply_requested.emit(e))
        top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.reply_buttons.append(button)
        layout.addLayout(top)
        layout.addWidget(paragraph(entry.text))
        card.setAccessibleName(f"{who}, {format_when(entry.when)}. {state}".strip())
        card.setAccessibleDescription(entry.text)
        row.addWidget(card, 1)
        return holder


def _unbroken(text: str) -> str:
    """Escaped, with spaces that do not break: a header wraps between its parts only."""
    return escape(text).replace(" ", "&nbsp;")


def state_words(entry: ThreadEntry) -> str:
    def tr(text: str) -> str:
        return QCoreApplication.translate("Supervision", text)

    if entry.review_state == "returned":
        return tr("Returned with a question")
    if entry.review_state == "reviewed":
        return tr("Marked reviewed")
    if entry.review_state == "to_discuss":
        return tr("To discuss in supervision")
    if entry.depth:
        return tr("Reply")
    return ""


class ReflectionText(QWidget):
    """A reflection's parts, read-only, each under its template title."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)

    def set_context(self, context: ReviewContext) -> None:
        clear_layout(self._layout)
        details = [self.tr("Template: {0}").format(context.template)]
        if context.themes:
            details.append(self.tr("Themes: {0}").format(", ".join(context.themes)))
        self._layout.addWidget(paragraph(" · ".join(details), muted=True))
        if context.amendment_reason:
            self._layout.addWidget(
                paragraph(self.tr("Amended: {0}").format(context.amendment_reason), muted=True)
            )
        if not context.sections:
            self._layout.addWidget(paragraph(self.tr("This reflection has no text."), muted=True))
        for section in context.sections:
            title = heading(section.title, 1.1)
            self._layout.addSpacing(4)
            self._layout.addWidget(title)
            body = paragraph(section.text)
            body.setAccessibleName(section.title)
            body.setAccessibleDescription(section.text)
            self._layout.addWidget(body)

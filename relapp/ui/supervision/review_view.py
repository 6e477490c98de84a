"""The review of one reflection: its text with its visit and check-ins, the feedback thread, and
the supervisor's comment with a review state."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relapp.services.supervision import ReviewContext, ThreadEntry
from relapp.ui.checkin_form import respondent_label
from relapp.ui.formatting import (
    alert_colour,
    clear_layout,
    format_day,
    format_when,
    mode_label,
    number,
    reflection_state_label,
)
from relapp.ui.kit.forms import bold, calm_scroll_area, transparent
from relapp.ui.reflection_parts import QUESTION_ACCENT, Banner
from relapp.ui.supervision.feedback_widgets import ReflectionText, ThreadView
from relapp.ui.unsent_words import UnsentWords
from relapp.ui.widgets import MessageLine, heading, paragraph


class ReviewView(QWidget):
    """One reflection under review, with the supervisor's feedback box at the bottom."""

    back_requested = Signal()
    decide = Signal(str, str, str)  # text, review state ("" for a comment), reply-to id

    def __init__(self, drafts: UnsentWords, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context: ReviewContext | None = None
        self.reply_to: ThreadEntry | None = None
        self.drafts = drafts  # unsent words, kept in the vault: a lock loses nothing

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(10)
        bar = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← &Back to the queue"))
        self.back_button.setAccessibleName(self.tr("Back to the review queue"))
        self.back_button.setToolTip(self.tr("Back to the queue (Esc)"))
        self.back_button.clicked.connect(self.back_requested)
        bar.addWidget(self.back_button)
        self.title = heading("", 1.3)
        bar.addWidget(self.title, 1)
        self.state_label = bold(QLabel())
        self.state_label.setAccessibleName(self.tr("Review state"))
        bar.addWidget(self.state_label)
        outer.addLayout(bar)
        self.subtitle = paragraph("", muted=True)
        outer.addWidget(self.subtitle)

        scroll = self.scroll = calm_scroll_area()
        content = transparent(QWidget())
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(12)
        self.banner = Banner()
        column.addWidget(self.banner)

        self.visit_box = QWidget()
        self.visit_form = QFormLayout(self.visit_box)
        self.visit_form.setContentsMargins(0, 0, 0, 0)
        self.visit_form.setHorizontalSpacing(16)
        self.visit_form.setVerticalSpacing(4)
        self.visit_heading = heading(self.tr("The visit"), 1.15)
        column.addWidget(self.visit_heading)
        column.addWidget(self.visit_box)

        column.addWidget(heading(self.tr("The reflection"), 1.15))
        self.text_view = ReflectionText()
        column.addWidget(self.text_view)

        column.addWidget(heading(self.tr("Check-ins around this visit"), 1.15))
        self.checkins_box = QWidget()
        self.checkins_grid = QGridLayout(self.checkins_box)
        self.checkins_grid.setContentsMargins(0, 0, 0, 0)
        self.checkins_grid.setHorizontalSpacing(16)
        self.checkins_grid.setVerticalSpacing(2)
        column.addWidget(self.checkins_box)

        column.addWidget(heading(self.tr("Feedback"), 1.15))
        self.thread = ThreadView(self.tr("No feedback yet. Yours will start the conversation."))
        self.thread.reply_requested.connect(self.set_reply_to)
        column.addWidget(self.thread)
        column.addStretch(1)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)

        panel = QFrame()
        panel.setObjectName("feedbackPanel")
        panel.setStyleSheet("QFrame#feedbackPanel { border-top: 1px solid palette(mid); }")
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 8, 0, 0)
        box.setSpacing(6)
        self.box_label = QLabel(self.tr("Your &feedback"))
        box.addWidget(self.box_label)
        self.reply_line = QHBoxLayout()
        self.reply_label = QLabel()
        self.reply_label.setStyleSheet("color: palette(placeholder-text);")
        self.reply_line.addWidget(self.reply_label, 1)
        self.cancel_reply = QToolButton()
        self.cancel_reply.setText(self.tr("Not a reply"))
        self.cancel_reply.setAccessibleName(self.tr("Write a new comment instead of a reply"))
        self.cancel_reply.clicked.connect(lambda: self.set_reply_to(None))
        self.reply_line.addWidget(self.cancel_reply)
        box.addLayout(self.reply_line)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr("Your feedback"))
        self.text.setPlaceholderText(
            self.tr("What you noticed, what you valued, what you would like them to think about")
        )
        lines = 4
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * lines + 16)
        self.box_label.setBuddy(self.text)
        box.addWidget(self.text)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.reviewed_button = QPushButton(self.tr("Mark &reviewed"))
        self.reviewed_button.setToolTip(self.tr("Sign the reflection off, with your words if any"))
        self.discuss_button = QPushButton(self.tr("To &discuss in supervision"))
        self.discuss_button.setToolTip(
            self.tr("Put it on the agenda of your next supervision session with them")
        )
        self.return_button = QPushButton(self.tr("Return with a &question"))
        self.return_button.setToolTip(
            self.tr("Send it back with the question you write above; they answer and amend")
        )
        self.comment_button = QPushButton(self.tr("Send &comment"))
        self.comment_button.setToolTip(self.tr("Send your words without changing the state"))
        for button, state in (
            (self.reviewed_button, "reviewed"),
            (self.discuss_button, "to_discuss"),
            (self.return_button, "returned"),
            (self.comment_button, ""),
        ):
            button.setAccessibleName(button.text().replace("&", ""))
            button.clicked.connect(lambda _checked=False, s=state: self._decide(s))
            buttons.addWidget(button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.message = MessageLine()
        box.addWidget(self.message)
        outer.addWidget(panel)
        self.text.textChanged.connect(self._update_buttons)
        self.set_reply_to(None)

    @property
    def buttons(self) -> list[QPushButton]:
        return [self.reviewed_button, self.discuss_button, self.return_button, self.comment_button]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            event.accept()
            self.back_requested.emit()
            return
        super().keyPressEvent(event)

    # ---- showing -----------------------------------------------------------------------------

    def show_context(self, context: ReviewContext) -> None:
        same = self.context is not None and self.context.reflection.id == context.reflection.id
        if self.context is not None and not same:
            self.keep_draft()
        self.context = context
        self.title.setText(context.title)
        self.title.setAccessibleName(context.title)
        self.state_label.setText(reflection_state_label(context.status))
        parts = [context.practitioner]
        if context.family:
            parts.append(context.family)
        if context.submitted_at:
            parts.append(self.tr("submitted {0}").format(format_when(context.submitted_at)))
        self.subtitle.setText(" · ".join(parts))
        self._show_banner(context)
        self._show_visit(context)
        self.text_view.set_context(context)
        self._show_checkins(context)
        self.thread.set_entries(context.thread)
        if not same:
            self.text.setPlainText(self.drafts.load(context.reflection.id))
            self.set_reply_to(None)
            self.message.clear_message()
            self.scroll.verticalScrollBar().setValue(0)
        elif self.reply_to is not None and all(e.id != self.reply_to.id for e in context.thread):
            self.set_reply_to(None)
        self.box_label.setText(self.tr("Your &feedback to {0}").format(context.practitioner))
        self._update_buttons()

    def _show_banner(self, context: ReviewContext) -> None:
        """An earlier question stays in view: the answer may be in the amended text."""
        question = context.question
        if question is None or question.review_state != "returned":
            self.banner.hide()
            return
        who = self.tr("You") if question.is_mine else question.author
        if context.status == "returned":
            title = self.tr("Returned with a question: waiting for {0}").format(
                context.practitioner
            )
        else:
            title = self.tr("Returned earlier with a question, and submitted again")
        detail = self.tr("{0}, {1}. Any answers are in the feedback below.").format(
            who, format_when(question.when)
        )
        self.banner.show_notice(title, question.text, detail, QUESTION_ACCENT)

    def _show_visit(self, context: ReviewContext) -> None:
        while self.visit_form.rowCount():
            self.visit_form.removeRow(0)
        visit = context.visit
        if visit is None:
            self.visit_heading.setText(self.tr("Not about one visit"))
            self.visit_box.hide()
            return
        self.visit_heading.setText(self.tr("The visit"))
        self.visit_box.show()
        data = visit.data
        self.visit_form.addRow(self.tr("When"), QLabel(format_when(data.get("when"))))
        how = mode_label(str(data.get("mode", "")))
        minutes = data.get("duration_minutes")
        if minutes:
            how = self.tr("{0}, {1} minutes").format(how, minutes)
        self.visit_form.addRow(self.tr("How"), QLabel(how))
        present = ", ".join(str(p) for p in data.get("present") or [])
        if present:
            self.visit_form.addRow(self.tr("Present"), paragraph(present))
        purpose = str(data.get("purpose") or "")
        self.visit_form.addRow(self.tr("Purpose"), paragraph(purpose or "—"))

    def _show_checkins(self, context: ReviewContext) -> None:
        clear_layout(self.checkins_grid)
        if not context.checkins:
            self.checkins_grid.addWidget(
                paragraph(self.tr("No check-ins for this family near that date."), muted=True),
                0,
                0,
            )
            return
        red = alert_colour(self.palette()).name()
        row = 0
        for checkin in context.checkins:
            linked = context.visit is not None and checkin.visit_id == context.visit.id
            when = format_day(checkin.when) + (self.tr(" (at this visit)") if linked else "")
            cells = [
                when,
                checkin.instrument_title,
                respondent_label(checkin.respondent),
                number(checkin.score) if checkin.score is not None else "—",
            ]
            for column, text in enumerate(cells):
                label = QLabel(text)
                if column == 3:
                    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if checkin.alert:
                    label.setStyleSheet(f"color: {red};")
                self.checkins_grid.addWidget(label, row, column)
            row += 1
            if checkin.alert:
                alert = paragraph(self.tr("⚠ Alert: {0}").format(checkin.alert))
                alert.setStyleSheet(f"color: {red}; font-weight: 600;")
                self.checkins_grid.addWidget(alert, row, 0, 1, 5)
                row += 1
        self.checkins_grid.setColumnStretch(4, 1)
        self.checkins_grid.addWidget(QWidget(), 0, 4)

    # ---- writing -----------------------------------------------------------------------------

    def set_reply_to(self, entry: ThreadEntry | None) -> None:
        self.reply_to = entry
        self.reply_label.setVisible(entry is not None)
        self.cancel_reply.setVisible(entry is not None)
        if entry is not None:
            who = self.tr("your comment") if entry.is_mine else entry.author
            self.reply_label.setText(
                self.tr("Replying to {0} of {1}.").format(who, format_when(entry.when))
            )
            self.text.setFocus()

    def _update_buttons(self) -> None:
        has_text = bool(self.text.toPlainText().strip())
        self.return_button.setEnabled(has_text)
        self.comment_button.setEnabled(has_text)
        self.return_button.setToolTip(
            self.tr("Send it back with the question you write above; they answer and amend")
            if has_text
            else self.tr("Write your question above first")
        )

    def _decide(self, state: str) -> None:
        text = self.text.toPlainText().strip()
        if state in ("returned", "") and not text:
            self.message.show_error(
                self.tr("Write your question first: it is what they will answer.")
                if state
                else self.tr("Write your comment first.")
            )
            self.text.setFocus()
            return
        reply_to = self.reply_to.id if self.reply_to is not None else ""
        self.decide.emit(text, state, reply_to)

    def set_busy(self, busy: bool) -> None:
        for button in self.buttons:
            button.setEnabled(not busy)
        if not busy:
            self._update_buttons()

    def sent(self) -> None:
        self.text.clear()
        self.set_reply_to(None)
        if self.context is not None:
            self.drafts.keep(self.context.reflection.id, "")

    def keep_draft(self) -> None:
        """Keep unsent words for this reflection while the profile stays unlocked."""
        if self.context is None:
            return
        text = self.text.toPlainText()
        self.drafts.keep(self.context.reflection.id, text if text.strip() else "")

"""The review queue: submitted reflections oldest first, filtered by practitioner, family or
theme, and the review of one: the reflection with its visit and check-ins, the feedback thread,
and the supervisor's comment with a review state.

The list and the review share a stack, as the Reflections page does: Enter or a double-click
opens a reflection, Back or Esc returns to the queue. Also home to the widgets both sides of
feedback use: the thread and the reflection's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relapp.services.supervision import (
    FeedbackSaved,
    QueueRow,
    ReviewContext,
    ThreadEntry,
    give_feedback,
    member_names,
    review_context,
    review_queue,
)
from relapp.ui.checkin_form import respondent_label
from relapp.ui.context import AppContext
from relapp.ui.formatting import (
    alert_colour,
    clear_layout,
    format_day,
    format_when,
    mode_label,
    number,
    reflection_state_label,
    set_up_table,
)
from relapp.ui.models import ROW_ROLE, SORT_ROLE, Column, Index, RowsModel
from relapp.ui.reflection_editor import QUESTION_ACCENT, Banner
from relapp.ui.unsent_words import UnsentWords
from relapp.ui.widgets import MessageLine, heading, paragraph

WATCHED_KINDS = {"reflection", "feedback", "family", "visit", "checkin"}
MAX_INDENT = 3  # deeper replies line up with the third level
PRACTITIONER_PREFIX = "practitioner:"
PRACTITIONER_COLUMN, REFLECTION_COLUMN = 1, 3


def bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


# ---- shared with the practitioner's side ---------------------------------------------------


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


def calm_scroll_area() -> QScrollArea:
    """A scroll area that scrolls only up and down and shows the page's own background."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.viewport().setAutoFillBackground(False)
    return scroll


def transparent(widget: QWidget) -> QWidget:
    widget.setAutoFillBackground(False)
    widget.setObjectName("scrollContent")
    widget.setStyleSheet("QWidget#scrollContent { background: transparent; }")
    return widget


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


# ---- the review of one reflection ---------------------------------------------------------


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
        if text.strip():
            self.drafts.keep(self.context.reflection.id, text)
        else:
            self.drafts.keep(self.context.reflection.id, "")


# ---- the queue -----------------------------------------------------------------------------


class QueueFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.practitioner = self.family = self.theme = ""
        self.setSortRole(SORT_ROLE)

    def set_filter(self, practitioner: str, family: str, theme: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self.practitioner, self.family, self.theme = practitioner, family, theme
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.practitioner, self.family, self.theme = practitioner, family, theme
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        index = self.sourceModel().index(source_row, 0, source_parent)
        row: QueueRow = self.sourceModel().data(index, ROW_ROLE)
        return row.matches(self.practitioner, self.family, self.theme)


class ReviewQueueTab(QWidget):
    """Submitted reflections, oldest first; open one to review it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.names: dict[str, str] = {}
        self.rows: list[QueueRow] = []
        self.loaded = False
        self._loading = False
        self._stale = False
        self._saving = False
        self._want = ""  # the reflection whose review was asked for last
        self._practitioner_wanted = ""
        self._reload_timer = QTimer(self, singleShot=True, interval=50)
        self._reload_timer.timeout.connect(self._reload_now)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_list())
        self.review = ReviewView(UnsentWords(ctx, "feedback"))
        self.review.back_requested.connect(self.show_queue)
        self.review.decide.connect(self._save)
        self.stack.addWidget(self.review)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        ctx.records_changed.connect(self._records_changed)

    def _build_list(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.practitioner_filter = self._combo(
            filters, self.tr("&Practitioner"), self.tr("Show reflections by practitioner")
        )
        self.family_filter = self._combo(
            filters, self.tr("F&amily"), self.tr("Show reflections about family")
        )
        self.theme_filter = self._combo(
            filters, self.tr("&Theme"), self.tr("Show reflections with theme")
        )
        filters.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Reflections waiting"))
        filters.addWidget(self.count_label)
        layout.addLayout(filters)
        self.message = MessageLine()
        layout.addWidget(self.message)
        self.empty_label = paragraph("", muted=True)
        self.empty_label.hide()
        layout.addWidget(self.empty_label)

        self.model = RowsModel(
            [
                Column(
                    self.tr("Submitted"),
                    lambda r: format_day(r.submitted_at),
                    lambda r: r.submitted_at,
                ),
                Column(self.tr("Practitioner"), lambda r: r.practitioner),
                Column(self.tr("Family"), lambda r: r.family or "—", lambda r: r.family.lower()),
                Column(self.tr("Reflection"), lambda r: r.title, lambda r: r.title.lower()),
                Column(
                    self.tr("Visit"),
                    lambda r: format_day(r.visit_when) if r.visit_when else self.tr("No visit"),
                    lambda r: r.visit_when,
                ),
                Column(self.tr("Themes"), lambda r: ", ".join(r.themes) or "—"),
            ],
            self,
        )
        self.proxy = QueueFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        set_up_table(self.table, self.tr("Reflections waiting for review"))
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(REFLECTION_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self._open_index(index))
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)
        hint = paragraph(
            self.tr("Oldest first. Press Enter or double-click to review a reflection."),
            muted=True,
        )
        layout.addWidget(hint)
        for combo in (self.practitioner_filter, self.family_filter, self.theme_filter):
            combo.currentIndexChanged.connect(self._filter_changed)
        return page

    def _combo(self, row: QHBoxLayout, caption: str, name: str) -> QComboBox:
        label = QLabel(caption)
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMinimumContentsLength(12)
        label.setBuddy(combo)
        row.addWidget(label)
        row.addWidget(combo)
        row.addSpacing(8)
        return combo

    # ---- page protocol --------------------------------------------------------------------

    def refresh(self) -> None:
        self.reload()
        if self.stack.currentWidget() is self.review and self.review.context is not None:
            self._load_review(self.review.context.reflection.id)

    def open_record(self, record_id: str) -> None:
        """Review a reflection by id, or show the queue for "practitioner:<member id>"."""
        if record_id.startswith(PRACTITIONER_PREFIX):
            self.show_queue()
            self._practitioner_wanted = record_id[len(PRACTITIONER_PREFIX) :]
            self.family_filter.setCurrentIndex(0)
            self.theme_filter.setCurrentIndex(0)
            if self.loaded:
                self._apply_wanted_practitioner()
            self.reload()
            return
        if record_id:
            self._load_review(record_id)

    def flush(self) -> None:
        # Unsent feedback is not a record yet: it stays in the box (see keep_draft).
        self.review.keep_draft()

    # ---- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        if self._loading:
            self._stale = True
            return
        self._loading = True
        self._stale = False

        def load(_task: Any) -> tuple[dict[str, str], list[QueueRow]]:
            names = member_names(session)
            return names, review_queue(session, names=names)

        self.ctx.runner.read(load, self._loaded, self._load_failed, owner=self)

    def _loaded(self, result: tuple[dict[str, str], list[QueueRow]]) -> None:
        self._loading = False
        self.loaded = True
        self.names, self.rows = result
        selected = self._current_id()
        self.model.set_rows(self.rows)
        self._fill_filters()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            if column != REFLECTION_COLUMN:
                self.table.resizeColumnToContents(column)
                header.resizeSection(column, min(header.sectionSize(column) + 12, 220))
        # With one practitioner in the queue their name on every row is noise.
        self.table.setColumnHidden(
            PRACTITIONER_COLUMN, len({r.practitioner_id for r in self.rows}) <= 1
        )
        self._apply_wanted_practitioner()
        self._update_count()
        self._select(selected)
        self.message.clear_message()
        if self._stale:
            self.reload()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.message.show_error(self.tr("The review queue could not be loaded: {0}").format(exc))

    def _fill_filters(self) -> None:
        practitioners = {r.practitioner_id: r.practitioner for r in self.rows}
        # Someone chosen (here or on the overview) stays choosable with nothing waiting.
        for wanted in (self._practitioner_wanted, self.practitioner_filter.currentData() or ""):
            if wanted and wanted not in practitioners:
                practitioners[wanted] = self.names.get(wanted) or self.tr("Team member {0}").format(
                    wanted[-8:]
                )
        families = {r.family_id: r.family or self.tr("(no family)") for r in self.rows}
        themes = {t.casefold(): t for r in self.rows for t in r.themes}
        for combo, everyone, items in (
            (self.practitioner_filter, self.tr("Everyone"), practitioners),
            (self.family_filter, self.tr("All families"), families),
            (self.theme_filter, self.tr("All themes"), themes),
        ):
            current = combo.currentData() or ""
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, "")
            for key, text in sorted(items.items(), key=lambda kv: kv[1].lower()):
                combo.addItem(text, key)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self._filter_changed()

    def _apply_wanted_practitioner(self) -> None:
        if not self._practitioner_wanted:
            return
        index = self.practitioner_filter.findData(self._practitioner_wanted)
        if index < 0:
            self._fill_filters()
            index = self.practitioner_filter.findData(self._practitioner_wanted)
        self._practitioner_wanted = ""
        self.practitioner_filter.setCurrentIndex(max(index, 0))

    def _filter_changed(self, *_args: object) -> None:
        self.proxy.set_filter(
            self.practitioner_filter.currentData() or "",
            self.family_filter.currentData() or "",
            self.theme_filter.currentData() or "",
        )
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), len(self.rows)
        if shown == total:
            self.count_label.setText(self.tr("{0} waiting").format(total))
        else:
            self.count_label.setText(self.tr("{0} of {1} waiting").format(shown, total))
        if not total:
            text = self.tr(
                "Nothing is waiting for review. Reflections your team submits appear here after "
                "the next sync."
            )
        elif not shown:
            text = self.tr("Nothing waiting matches these filters. Choose Everyone to see all.")
        else:
            text = ""
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        self.table.setVisible(shown > 0)

    def _records_changed(self, kind: str) -> None:
        if kind in WATCHED_KINDS:
            self._reload_timer.start()  # one reload for several kinds changed together

    def _reload_now(self) -> None:
        # A hidden tab is refreshed by the Supervision page when it is shown again.
        if self.isVisible():
            self.refresh()

    # ---- opening --------------------------------------------------------------------------

    def shown_rows(self) -> list[QueueRow]:
        return [self.proxy.index(r, 0).data(ROW_ROLE) for r in range(self.proxy.rowCount())]

    def _current_id(self) -> str:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE).id if index.isValid() else ""

    def _select(self, record_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ROW_ROLE).id == record_id:
                self.table.setCurrentIndex(index)
                return
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _open_index(self, index: Any) -> None:
        if index.isValid():
            self._load_review(index.data(ROW_ROLE).id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._open_index(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _load_review(self, record_id: str) -> None:
        session = self.ctx.session
        if session is None:
            return
        self._want = record_id
        names = dict(self.names) or None
        self.ctx.runner.read(
            lambda _t: review_context(session, record_id, names),
            self._show_review,
            self._review_failed,
            owner=self,
        )

    def _show_review(self, context: ReviewContext) -> None:
        if context.reflection.id != self._want:
            return  # a later choice is on its way
        self.review.show_context(context)
        if self.stack.currentWidget() is not self.review:
            self.stack.setCurrentWidget(self.review)
            self.review.text.setFocus()

    def _review_failed(self, exc: BaseException) -> None:
        self.show_queue()
        self.message.show_error(self.tr("That reflection could not be opened: {0}").format(exc))

    def show_queue(self) -> None:
        if self.stack.currentWidget() is self.review:
            self.review.keep_draft()
            self.stack.setCurrentIndex(0)
            self.table.setFocus()

    # ---- saving ---------------------------------------------------------------------------

    def _save(self, text: str, state: str, reply_to: str) -> None:
        session, context = self.ctx.session, self.review.context
        if session is None or context is None or self._saving:
            return
        self._saving = True
        self.review.set_busy(True)
        rid, version = context.reflection.id, context.reflection.version
        who = context.practitioner
        self.ctx.runner.write(
            lambda _t: give_feedback(
                session,
                rid,
                text,
                state or None,
                reply_to or None,
                expected_version=version if state else None,
            ),
            lambda saved: self._saved(saved, state, who),
            self._save_failed,
            owner=self,
        )

    def _saved(self, saved: FeedbackSaved, state: str, who: str) -> None:
        self._saving = False
        self.review.set_busy(False)
        self.review.sent()
        done = {
            "reviewed": self.tr("Marked reviewed."),
            "to_discuss": self.tr("Marked to discuss in supervision."),
            "returned": self.tr("Returned with your question."),
        }.get(state, self.tr("Comment sent."))
        self.review.message.show_info(
            self.tr("{0} {1} sees it after the next sync.").format(done, who)
        )
        self.ctx.show_saved(self.tr("Feedback saved"))
        self.ctx.notify_changed("feedback")
        if saved.reflection is not None:
            self.ctx.notify_changed("reflection")
        controller = getattr(self.ctx, "sync_controller", None)
        if controller is not None:
            controller.sync_now()
        self._load_review(saved.feedback.data["record_id"])

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.review.set_busy(False)
        if self.review.context is not None:  # show what changed; the words stay in the box
            self._load_review(self.review.context.reflection.id)
        self.review.message.show_error(
            self.tr("Your feedback was not saved: {0} Your words are still here.").format(exc)
        )

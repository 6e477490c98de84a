"""The practitioner's side of feedback: what the supervisor said about each reflection, returned
ones first with their question highlighted beside the reflection's text, and a reply box."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relapp.services.errors import Record
from relapp.services.families import parse_when
from relapp.services.supervision import (
    FeedbackThread,
    ReviewContext,
    ThreadEntry,
    member_names,
    my_recent_threads,
    reply,
    reply_target,
    review_context,
)
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when, reflection_state_label, set_up_table, short_date
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.forms import calm_scroll_area, transparent
from relapp.ui.kit.reloads import Reloader
from relapp.ui.models import ROW_ROLE, Column, Index, RowsModel
from relapp.ui.reflection_parts import QUESTION_ACCENT, Banner
from relapp.ui.supervision.feedback_widgets import ReflectionText, ThreadView
from relapp.ui.unsent_words import UnsentWords
from relapp.ui.widgets import MessageLine, heading, paragraph

WATCHED_KINDS = {"reflection", "feedback"}


class ThreadsModel(RowsModel):
    """Returned reflections in bold: the supervisor is waiting on an answer."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            thread: FeedbackThread = self.rows[index.row()]
            return " · ".join(p for p in (thread.title, thread.family) if p)
        if role == Qt.ItemDataRole.FontRole and index.isValid():
            if self.rows[index.row()].returned:
                font = QFont()
                font.setWeight(QFont.Weight.DemiBold)
                return font
            return None
        return super().data(index, role)


class MyFeedbackTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.names: dict[str, str] = {}
        self.threads: list[FeedbackThread] = []
        self.context: ReviewContext | None = None
        self.reply_to: ThreadEntry | None = None
        self.loaded = False
        self._sending = False
        self._want = ""
        self._select_id = ""
        self.drafts = UnsentWords(ctx, "reply")  # kept in the vault: a lock loses nothing
        self.reloads = Reloader(
            self, ctx, WATCHED_KINDS, self._read, self._loaded, self._load_failed, self.refresh
        )

        self.stack = QStackedWidget()
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.setContentsMargins(12, 12, 12, 12)
        self.empty_label = paragraph(
            self.tr(
                "No feedback yet. When your supervisor comments on a reflection you submitted, "
                "it shows here after the next sync, and on your Today page."
            ),
            muted=True,
        )
        empty_layout.addWidget(self.empty_label)
        empty_layout.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self._build_detail())
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([400, 600])
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def _build_list(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 6, 12)
        layout.setSpacing(8)
        self.list_message = MessageLine()
        layout.addWidget(self.list_message)
        tr = self.tr
        self.model = ThreadsModel(
            [
                Column(tr("Reflection"), lambda t: t.title),
                Column(tr("State"), self._state),
                Column(tr("Latest"), self._latest),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, self.tr("Reflections with feedback"))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        # Room for a reflection's title beside its state and date, from the font: the
        # splitter would otherwise leave the list a third of the smallest window.
        self.table.setMinimumWidth(self.table.fontMetrics().horizontalAdvance("M" * 24))
        layout.addWidget(self.table, 1)
        return page

    def _build_detail(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(6, 12, 12, 12)
        outer.setSpacing(8)
        top = QHBoxLayout()
        self.title = heading("", 1.3)
        top.addWidget(self.title, 1)
        self.open_button = QPushButton(self.tr("&Open reflection"))
        self.open_button.setAccessibleName(self.tr("Open the reflection on the Reflections page"))
        self.open_button.setToolTip(self.tr("Read it in full, or amend it to answer a question"))
        self.open_button.clicked.connect(self._open_reflection)
        top.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)
        self.subtitle = paragraph("", muted=True)
        outer.addWidget(self.subtitle)

        self.scroll = calm_scroll_area()
        content = transparent(QWidget())
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(12)
        self.question = Banner()
        column.addWidget(self.question)
        self.thread_heading = heading(self.tr("Conversation"), 1.15)
        column.addWidget(self.thread_heading)
        self.thread = ThreadView(self.tr("No feedback on this reflection yet."))
        self.thread.reply_requested.connect(self.set_reply_to)
        column.addWidget(self.thread)
        column.addWidget(heading(self.tr("Your reflection"), 1.15))
        self.text_view = ReflectionText()
        column.addWidget(self.text_view)
        column.addStretch(1)
        self.scroll.setWidget(content)
        outer.addWidget(self.scroll, 1)

        panel = QFrame()
        panel.setObjectName("replyPanel")
        panel.setStyleSheet("QFrame#replyPanel { border-top: 1px solid palette(mid); }")
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 8, 0, 0)
        box.setSpacing(6)
        line = QHBoxLayout()
        self.box_label = QLabel(self.tr("Your &reply"))
        line.addWidget(self.box_label)
        self.reply_label = QLabel()
        self.reply_label.setStyleSheet("color: palette(placeholder-text);")
        self.reply_label.setWordWrap(True)  # a long name and date wrap, never cut
        line.addWidget(self.reply_label, 1)
        self.first_button = QToolButton()
        self.first_button.setText(self.tr("Answer the latest instead"))
        self.first_button.setAccessibleName(self.tr("Answer the latest comment instead"))
        self.first_button.clicked.connect(lambda: self.set_reply_to(None))
        line.addWidget(self.first_button)
        box.addLayout(line)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr("Your reply"))
        self.text.setPlaceholderText(self.tr("Answer your supervisor's comment or question"))
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 3 + 16)
        self.box_label.setBuddy(self.text)
        box.addWidget(self.text)
        buttons = QHBoxLayout()
        self.send_button = QPushButton(self.tr("&Send reply"))
        self.send_button.setAccessibleName(self.tr("Send reply"))
        self.send_button.clicked.connect(self._send)
        buttons.addWidget(self.send_button, 0)
        self.message = MessageLine()
        buttons.addWidget(self.message, 1)
        buttons.addStretch(0)
        box.addLayout(buttons)
        outer.addWidget(panel)
        self.text.textChanged.connect(self._update_send)
        self._update_send()
        return page

    def _state(self, thread: FeedbackThread) -> str:
        if thread.returned:
            return "⚑ " + reflection_state_label("returned")  # the word used everywhere
        return reflection_state_label(thread.status)

    def _latest(self, thread: FeedbackThread) -> str:
        moment = parse_when(thread.last_activity)
        return short_date(moment.date()) if moment else ""

    # ---- page protocol ----------------------------------------------------------------------

    def refresh(self) -> None:
        self.reloads.reload()

    def open_record(self, record_id: str) -> None:
        """Show the feedback on one reflection."""
        if not record_id:
            return
        self._select_id = record_id
        if self.loaded:
            self._select(record_id)
        self.refresh()

    def flush(self) -> None:
        # An unsent reply is not a record yet: it stays in the box while unlocked.
        self._keep_draft()

    # ---- list -------------------------------------------------------------------------------

    def _read(self) -> Callable[[Any], tuple[dict[str, str], list[FeedbackThread], int]] | None:
        session = self.ctx.session
        if session is None:
            return None
        # The thread asked for, or the one open, is listed wherever it comes.
        wanted = self._select_id or (self.context.reflection.id if self.context else "")

        def load(_task: Any) -> tuple[dict[str, str], list[FeedbackThread], int]:
            names = member_names(session)
            return names, *my_recent_threads(session, names, include=wanted)

        return load

    def _loaded(self, result: tuple[dict[str, str], list[FeedbackThread], int]) -> None:
        self.loaded = True
        self.names, self.threads, total = result
        selected = self._select_id or (self.context.reflection.id if self.context else "")
        self._select_id = ""
        self.model.set_rows(self.threads)
        self.stack.setCurrentIndex(0 if self.threads else 1)
        self.list_message.clear_message()
        if total > len(self.threads):
            self.list_message.show_info(
                self.tr(
                    "The {0} most recent of {1} reflections with feedback. A reflection's"
                    " latest feedback also shows when you open it on the Reflections page."
                ).format(f"{len(self.threads):,}", f"{total:,}")
            )
        self._select(selected)

    def _load_failed(self, exc: BaseException) -> None:
        self.list_message.show_error(
            self.tr("Your feedback could not be loaded: {0}").format(say(exc))
        )

    def rows(self) -> list[FeedbackThread]:
        return list(self.model.rows)

    def _select(self, reflection_id: str) -> None:
        """Choose a thread (the first when that one is gone) and load it afresh."""
        rows = [t.reflection_id for t in self.model.rows]
        if not rows:
            return
        row = rows.index(reflection_id) if reflection_id in rows else 0
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.table.setCurrentIndex(self.model.index(row, 0))
        selection.blockSignals(False)
        self.table.viewport().update()
        self._load_detail(rows[row])

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            thread: FeedbackThread = current.data(ROW_ROLE)
            if thread.reflection_id != self._want:
                self._load_detail(thread.reflection_id)

    # ---- detail -----------------------------------------------------------------------------

    def _load_detail(self, reflection_id: str) -> None:
        session = self.ctx.session
        if session is None:
            return
        self._want = reflection_id
        names = dict(self.names) or None
        self.ctx.runner.read(
            lambda _t: review_context(session, reflection_id, names),
            self._show_detail,
            self._detail_failed,
            owner=self,
        )

    def _show_detail(self, context: ReviewContext) -> None:
        if context.reflection.id != self._want:
            return
        same = self.context is not None and self.context.reflection.id == context.reflection.id
        if not same:
            self._keep_draft()
        self.context = context
        self.title.setText(context.title)
        self.title.setAccessibleName(context.title)
        parts = [p for p in (context.family, reflection_state_label(context.status)) if p]
        if context.submitted_at:
            parts.append(self.tr("submitted {0}").format(format_when(context.submitted_at)))
        self.subtitle.setText(" · ".join(parts))
        question = context.question if context.status == "returned" else None
        if question is not None:
            self.question.show_notice(
                self.tr("Your supervisor returned this reflection with a question"),
                question.text,
                self.tr("{0}, {1}. Answer below, or open the reflection to amend it.").format(
                    question.author, format_when(question.when)
                ),
                QUESTION_ACCENT,
            )
        else:
            self.question.hide()
        self.thread.set_entries(context.thread, question.id if question else "")
        # A question on its own is already in the box above; a conversation shows in full.
        only_question = question is not None and len(context.thread) == 1
        self.thread_heading.setVisible(not only_question)
        self.thread.setVisible(not only_question)
        self.text_view.set_context(context)
        if not same:
            self.text.setPlainText(self.drafts.load(context.reflection.id))
            self.message.clear_message()
            self.scroll.verticalScrollBar().setValue(0)
        self.set_reply_to(None)

    def _detail_failed(self, exc: BaseException) -> None:
        self.message.show_error(self.tr("That feedback could not be opened: {0}").format(say(exc)))

    def _open_reflection(self) -> None:
        if self.context is not None:
            self._keep_draft()
            self.ctx.open_page("reflections", self.context.reflection.id)

    # ---- replying ---------------------------------------------------------------------------

    def set_reply_to(self, entry: ThreadEntry | None) -> None:
        """Answer one comment; None answers the newest comment from someone else."""
        thread = self.context.thread if self.context else ()
        chosen = entry is not None
        if entry is None:
            entry = reply_target(thread) or (thread[-1] if thread else None)
        self.reply_to = entry
        self.first_button.setVisible(chosen)
        if entry is None:
            self.reply_label.setText("")
        else:
            who = self.tr("your own comment") if entry.is_mine else entry.author
            self.reply_label.setText(self.tr("to {0}, {1}").format(who, format_when(entry.when)))
        if chosen:
            self.text.setFocus()
        self._update_send()

    def _update_send(self) -> None:
        ready = bool(self.text.toPlainText().strip()) and self.reply_to is not None
        self.send_button.setEnabled(ready and not self._sending)

    def _send(self) -> None:
        session, target = self.ctx.session, self.reply_to
        text = self.text.toPlainText().strip()
        if session is None or target is None or self._sending:
            return
        if not text:
            self.message.show_error(self.tr("Write your reply first."))
            return
        self._sending = True
        self._update_send()
        self.ctx.runner.write(
            lambda _t: reply(session, target.id, text), self._sent, self._send_failed, owner=self
        )

    def _sent(self, record: Record) -> None:
        self._sending = False
        self.text.clear()
        if self.context is not None:
            self.drafts.keep(self.context.reflection.id, "")
        self.message.show_info(self.tr("Reply sent. Your supervisor sees it after the next sync."))
        self.ctx.show_saved(self.tr("Reply saved"))
        controller = getattr(self.ctx, "sync_controller", None)
        if controller is not None:
            controller.sync_now()
        self._select_id = str(record.data.get("record_id", ""))
        self.refresh()

    def _send_failed(self, exc: BaseException) -> None:
        self._sending = False
        self._update_send()
        self.message.show_error(
            self.tr("Your reply was not saved: {0} Your words are still here.").format(say(exc))
        )

    def _keep_draft(self) -> None:
        if self.context is None:
            return
        text = self.text.toPlainText()
        self.drafts.keep(self.context.reflection.id, text if text.strip() else "")

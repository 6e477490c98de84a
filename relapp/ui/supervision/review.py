"""The review queue: submitted reflections oldest first, filtered by practitioner, family or
theme, and the review of one: the reflection with its visit and check-ins, the feedback thread,
and the supervisor's comment with a review state.

The list and the review share a stack, as the Reflections page does: Enter or a double-click
opens a reflection, Back or Esc returns to the queue. The review itself is review_view.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.services.supervision import (
    FeedbackSaved,
    QueueRow,
    ReviewContext,
    give_feedback,
    member_names,
    review_context,
    review_queue,
)
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_day, set_up_table
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.forms import enter_pressed, level_widths
from relapp.ui.kit.reloads import Reloader
from relapp.ui.models import ROW_ROLE, SORT_ROLE, Column, Index, RowsModel
from relapp.ui.supervision.review_view import ReviewView
from relapp.ui.unsent_words import UnsentWords
from relapp.ui.widgets import MessageLine, paragraph

WATCHED_KINDS = {"reflection", "feedback", "family", "visit", "checkin"}


PRACTITIONER_PREFIX = "practitioner:"


PRACTITIONER_COLUMN, REFLECTION_COLUMN = 1, 3


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
        self._saving = False
        self._want = ""  # the reflection whose review was asked for last
        self._practitioner_wanted = ""
        self.reloads = Reloader(
            self, ctx, WATCHED_KINDS, self._read, self._loaded, self._load_failed, self.refresh
        )

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_list())
        self.review = ReviewView(UnsentWords(ctx, "feedback"))
        self.review.back_requested.connect(self.show_queue)
        self.review.decide.connect(self._save)
        self.stack.addWidget(self.review)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

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
        self.reloads.reload()

    def _read(self) -> Callable[[Any], tuple[dict[str, str], list[QueueRow]]] | None:
        session = self.ctx.session
        if session is None:
            return None

        def load(_task: Any) -> tuple[dict[str, str], list[QueueRow]]:
            names = member_names(session)
            return names, review_queue(session, names=names)

        return load

    def _fit_columns(self) -> None:
        """Each column as wide as its contents (at most 220 px), the reflection's title taking
        the rest; when that leaves the title less than a third of the table (the smallest
        window), the other columns give way evenly, their longest first."""
        header = self.table.horizontalHeader()
        widths = {}
        for column in range(self.model.columnCount()):
            if column != REFLECTION_COLUMN and not header.isSectionHidden(column):
                self.table.resizeColumnToContents(column)
                widths[column] = min(header.sectionSize(column) + 12, 220)
        room = self.table.viewport().width() * 2 // 3
        floor = self.table.fontMetrics().horizontalAdvance("MMMMM")
        for column, width in level_widths(widths, room, floor).items():
            header.resizeSection(column, width)

    def _loaded(self, result: tuple[dict[str, str], list[QueueRow]]) -> None:
        self.loaded = True
        self.names, self.rows = result
        selected = self._current_id()
        self.model.set_rows(self.rows)
        self._fill_filters()
        # With one practitioner in the queue their name on every row is noise.
        self.table.setColumnHidden(
            PRACTITIONER_COLUMN, len({r.practitioner_id for r in self.rows}) <= 1
        )
        self._fit_columns()
        self._apply_wanted_practitioner()
        self._update_count()
        self._select(selected)
        self.message.clear_message()

    def _load_failed(self, exc: BaseException) -> None:
        self.message.show_error(
            self.tr("The review queue could not be loaded: {0}").format(say(exc))
        )

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
        resized = event.type() == QEvent.Type.Resize
        if resized and watched is getattr(self, "table", None) and self.model.rowCount():
            self._fit_columns()
        if watched is self.table and enter_pressed(event):
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
        self.message.show_error(
            self.tr("That reflection could not be opened: {0}").format(say(exc))
        )

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
            self.tr("Your feedback was not saved: {0} Your words are still here.").format(say(exc))
        )

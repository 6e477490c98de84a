"""The Visits page: every visit, newest first, filterable by family; opens the visit editor."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.services.families import FamilyChoice, VisitRow, visit_count, visit_page
from relapp.ui.context import AppContext
from relapp.ui.formatting import count, format_when, mode_label, set_up_table
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.forms import fill_choices, long_choices
from relapp.ui.kit.freshness import Freshness
from relapp.ui.kit.lifetime import while_alive
from relapp.ui.models import LONG_LIST_ROWS, ROW_ROLE, Column, PagedModel
from relapp.ui.visit_editor import VisitEditor
from relapp.ui.widgets import NARROW_TABLE, MessageLine, heading, paragraph


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _minutes(row: VisitRow) -> str:
    if row.duration_minutes is None:
        return ""
    return QCoreApplication.translate("Visits", "{0} min").format(row.duration_minutes)


class VisitsPage(QWidget):
    """List | editor in one stack, so Back returns to the list as it was."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        # Reloading 20,000 visits is work: shown again, the list reloads only after a change
        # (ctx.records_changed; the family choices only after a family changed) or on a new day.
        self.fresh = Freshness(("visit", "family"))
        self._filled_from: list[FamilyChoice] | None = None  # the list the filter shows
        self._reselect = ""  # the row selected when the list was let go of (release)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_list())
        self._editor: VisitEditor | None = None  # built when a visit is first opened
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        ctx.records_changed.connect(self._records_changed)

    @property
    def editor(self) -> VisitEditor:
        """The visit editor, built the first time it is needed: the list shows sooner."""
        if self._editor is None:
            self._editor = VisitEditor(self.ctx)
            self._editor.back_requested.connect(self.show_list)
            self._editor.saved.connect(lambda _id: self.fresh.mark_stale())
            self.stack.addWidget(self._editor)
        return self._editor

    def _build_list(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Visits")))

        row = QHBoxLayout()
        label = QLabel(self.tr("&Family:"))
        self.family_filter = QComboBox()
        self.family_filter.setAccessibleName(self.tr("Show visits for family"))
        long_choices(self.family_filter, 28)
        fill_choices(self.family_filter, [(self.tr("All families"), "")])
        self.family_filter.currentIndexChanged.connect(lambda _i: self.reload())
        label.setBuddy(self.family_filter)
        row.addWidget(label)
        row.addWidget(self.family_filter)
        row.addStretch(1)
        self.count_label = paragraph("", muted=True)
        row.addWidget(self.count_label)
        self.new_button = QPushButton(self.tr("&New visit…"))
        self.new_button.setAccessibleName(self.tr("New visit"))
        self.new_button.setToolTip(self.tr("Record a new visit (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_record)
        row.addWidget(self.new_button)
        layout.addLayout(row)

        self.model = PagedModel(
            [
                Column(self.tr("Date"), lambda r: format_when(r.when), sort_key="when"),
                Column(self.tr("Family"), lambda r: r.family_name, sort_key="family"),
                Column(self.tr("Mode"), lambda r: mode_label(r.mode), sort_key="mode"),
                Column(self.tr("Duration"), _minutes, align_right=True, sort_key="duration"),
                Column(self.tr("Purpose"), lambda r: _first_line(r.purpose), sort_key="purpose"),
            ],
            self.ctx.runner,
            (0, Qt.SortOrder.DescendingOrder),
            self,
        )
        # One screen at a time, sorted by the database (see relapp.ui.models.PagedModel).
        self.model.loaded.connect(self._rows_shown)
        self.model.counted.connect(self._counted)
        # The row selected before the rows are replaced is selected again after.
        self.model.modelAboutToBeReset.connect(
            lambda: setattr(self, "_reselect", self._reselect or self.selected_id())
        )
        self.model.failed.connect(self._failed)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, self.tr("Visits, newest first"))
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Widths from the font (it follows the system's, and its scaling), wide enough for
        # the longest value each column shows; the purpose takes the rest.
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(
            ("Wed 30 Sep 2026, 13:30", "The Thompson family", "Centre visit", "120 min ▼")
        ):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 28)
        self.table.installEventFilter(self)
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table, 1)
        self.empty = paragraph(self.tr("No visits yet — press Ctrl+N to record one."))
        self.empty.hide()
        layout.addWidget(self.empty)
        self.message = MessageLine()
        layout.addWidget(self.message)
        layout.addStretch(0)
        return page

    # ---- page protocol -----------------------------------------------------------------------

    def refresh(self) -> None:
        if self.fresh.due:
            self.reload()
        if self._editor is not None and self.stack.currentWidget() is self._editor:
            self._editor.refresh_links()

    def preload(self) -> None:
        """Read the first screen of rows ahead of the first click (the workspace calls it
        while the app is idle after unlock); shown later, the page reads again only if its
        records changed meanwhile."""
        self.refresh()

    def open_record(self, record_id: str) -> None:
        """A visit id, "new" or "new:<family id>"."""
        showing = self.stack.currentWidget() is self.editor
        if showing and record_id == self.editor.visit_id and self.editor.version:
            return  # already open: reloading now could show it without the latest typing
        if self.editor.dirty:
            self.editor.save()
        if record_id == "new" or record_id.startswith("new:"):
            self.editor.start_new(record_id.partition(":")[2])
        else:
            self.editor.load(record_id)
        self.stack.setCurrentWidget(self.editor)

    def new_record(self) -> None:
        self.open_record("new:" + (self.family_filter.currentData() or ""))

    def editing(self) -> str:
        """The visit open in the editor (saved, or kept as typed), to open again after an
        unlock; "" when the list is in front."""
        editor = self._editor
        if editor is None or self.stack.currentWidget() is not editor or not editor.visit_id:
            return ""
        if editor.version == 0 and editor.kept.load(editor.visit_id) is None:
            return ""  # a new visit nothing was typed into
        return editor.visit_id

    def flush(self) -> None:
        if self._editor is not None:
            self._editor.flush()

    def release(self) -> None:
        """Let go of a long list while other pages are in front; it reloads when shown."""
        if len(self.model.rows) < LONG_LIST_ROWS or self.stack.currentIndex() != 0:
            return
        self.fresh.let_go()
        self.model.release()

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        if self.fresh.due:
            self.reload()
        self.table.setFocus()

    # ---- loading -----------------------------------------------------------------------------

    def _records_changed(self, kind: str) -> None:
        if not self.fresh.watches(kind):
            return
        self.fresh.mark_stale()
        # A hidden list (another page, or the editor in front) reloads when it is shown.
        if self.ctx.session is not None and self.isVisible() and self.stack.currentIndex() == 0:
            self.reload()

    def reload(self) -> None:
        if self.ctx.session is None:
            return
        records = self.ctx.session.records
        family_id = self.family_filter.currentData() or None
        self.fresh.reading()
        self.model.load(
            lambda request: visit_page(records, family_id, request),
            lambda: visit_count(records, family_id),
        )
        # The family choices come on their own (the first rows need not wait for them), from
        # the session's shared list: read again only after a family changed.
        self.ctx.families.get(while_alive(self, self._fill_filter), while_alive(self, self._failed))

    def _fill_filter(self, choices: list[FamilyChoice]) -> None:
        if choices is self._filled_from:
            return  # the list the filter shows already
        self._filled_from = choices
        items = [(f"{c.display_name} ({c.reference})", c.id) for c in choices]
        fill_choices(
            self.family_filter,
            [(self.tr("All families"), ""), *items],
            keep=self.family_filter.currentData(),
        )

    def _rows_shown(self, first: bool) -> None:
        if first:
            self._select(self._reselect)
            self._reselect = ""

    def _counted(self) -> None:
        total = self.model.total or 0
        self.message.clear_message()
        self.table.setVisible(total > 0)
        self.empty.setVisible(total == 0)
        if self.family_filter.currentData():
            self.empty.setText(
                self.tr("No visits with this family yet — press Ctrl+N to record one.")
            )
        self.count_label.setText(
            self.tr("1 visit") if total == 1 else self.tr("{0} visits").format(count(total))
        )

    def _select(self, visit_id: str) -> None:
        index = self.model.index_of(visit_id)
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)  # the list reloaded: the person keeps their place
            return
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is getattr(self, "table", None) and event.type() == QEvent.Type.Resize:
            # Narrow (the smallest window): the duration gives way to the purpose.
            self.table.setColumnHidden(3, self.table.width() < NARROW_TABLE)
        return super().eventFilter(watched, event)

    def selected_id(self) -> str:
        index = self.table.currentIndex()
        row = self.model.data(index, ROW_ROLE) if index.isValid() else None
        return row.id if row else ""

    def remove_selected(self) -> None:
        """Relapp > Remove… (Delete): move the chosen visit to the trash, if it may go."""
        from relapp.ui.removal import remove_record, what_label

        record_id = self.selected_id() if self.stack.currentIndex() == 0 else ""
        if not record_id:
            self.ctx.show_saved(self.tr("Choose a visit in the list first."))
            return
        remove_record(self.ctx, self, record_id, what_label("visit"), "visit")

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.data(index, ROW_ROLE)
        if row is not None:
            self.open_record(row.id)

    def _failed(self, exc: BaseException) -> None:
        self.fresh.mark_stale()  # try again when the page is next shown
        self.message.show_error(say(exc))

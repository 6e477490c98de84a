"""The Check-ins page: every check-in with its alert, one check-in's answers
(checkin_view.py), and new ones (new_checkin_dialog.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import Instrument
from relapp.services.checkins import (
    CheckinDetail,
    CheckinRow,
    checkin_count,
    checkin_detail,
    checkin_page,
    checkin_trend,
    visit_family,
)
from relapp.services.families import FamilyChoice
from relapp.services.records import RecordService
from relapp.ui.checkin_form import ALERT_RED, CheckinForm, format_score, respondent_label
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when, set_up_table
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.forms import fill_choices, long_choices
from relapp.ui.kit.freshness import Freshness
from relapp.ui.kit.lifetime import is_alive, while_alive
from relapp.ui.models import LONG_LIST_ROWS, ROW_ROLE, Column, PagedModel
from relapp.ui.views.checkin_view import CheckinView
from relapp.ui.views.new_checkin_dialog import NewCheckinDialog
from relapp.ui.widgets import MessageLine, heading, paragraph

LIST, DETAIL, FORM = 0, 1, 2


class CheckinRowsModel(PagedModel):
    """Rows of check-ins; the alert column in red with the sentence as its tooltip."""

    ALERT_COLUMN = 5

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if index.isValid() and index.column() == self.ALERT_COLUMN:
            row: CheckinRow = self.rows[index.row()]
            if role == Qt.ItemDataRole.ForegroundRole and row.alert:
                return QBrush(QColor(ALERT_RED))
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
                return row.alert
        return super().data(index, role)


# The trend chart of a page that has room for one, before the first trend is shown.
_NOT_MADE: Any = object()


def _trend_chart_class() -> Any:
    """The shared trend chart, when that part of the app is present."""
    try:
        from relapp.ui.charts import TrendChart
    except ImportError:
        return None
    return TrendChart


class CheckinsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.families: list[FamilyChoice] = []
        self._self_checks = False  # whether there are self-checks (a choice in the filter)
        self._total = 0  # check-ins in all, whatever the filters
        self._chart_for: tuple[str, str] = ("", "")  # the series the chart was asked for
        self.form: CheckinForm | None = None
        self.dialog: NewCheckinDialog | None = None
        self._pending_select: str | None = None
        # Shown again, the list reloads only after a change (ctx.records_changed) or on a
        # new day.
        self.fresh = Freshness(("checkin", "family", "visit"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_list())
        self.detail = CheckinView()
        self.detail.back_button.clicked.connect(self.show_list)
        self.detail.visit_button.clicked.connect(
            lambda: self.ctx.open_page("visits", self.detail.visit_id or "")
        )
        self.stack.addWidget(self.detail)
        self.form_holder = QWidget()
        self.form_layout = QVBoxLayout(self.form_holder)
        self.form_layout.setContentsMargins(0, 0, 0, 0)
        self.stack.addWidget(self.form_holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        self.message = MessageLine()
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.detail)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.show_list)
        ctx.records_changed.connect(self._records_changed)

    def _build_list(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Check-ins")))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Short ratings of how relationships feel, by you or by a parent. "
                    "Press Enter to see a check-in's answers, Ctrl+N to add one."
                ),
                muted=True,
            )
        )
        filters = QHBoxLayout()
        self.family_filter = QComboBox()
        self.family_filter.setAccessibleName(self.tr("Show family"))
        long_choices(self.family_filter, 22)
        self.instrument_filter = QComboBox()
        self.instrument_filter.setAccessibleName(self.tr("Show check-in"))
        self.instrument_filter.setMinimumContentsLength(30)
        for text, box in (
            (self.tr("&Family:"), self.family_filter),
            (self.tr("C&heck-in:"), self.instrument_filter),
        ):
            label = QLabel(text)
            label.setBuddy(box)
            filters.addWidget(label)
            filters.addWidget(box)
            filters.addSpacing(12)
        filters.addStretch(1)
        self.new_button = QPushButton(self.tr("&New check-in…"))
        self.new_button.setToolTip(self.tr("New check-in (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_record)
        filters.addWidget(self.new_button)
        layout.addLayout(filters)
        self.model = CheckinRowsModel(
            [
                Column(self.tr("Date"), lambda r: format_when(r.when), sort_key="when"),
                Column(self.tr("Family"), lambda r: r.family_name, sort_key="family"),
                Column(self.tr("Check-in"), lambda r: r.instrument_title, sort_key="instrument"),
                Column(
                    self.tr("Answered by"),
                    lambda r: respondent_label(r.respondent),
                    sort_key="respondent",
                ),
                Column(
                    self.tr("Score"),
                    lambda r: format_score(self._instrument(r.instrument_id), r.score),
                    align_right=True,
                    sort_key="score",
                ),
                Column(self.tr("Alert"), lambda r: self.tr("⚠ Alert") if r.alert else ""),
            ],
            self.ctx.runner,
            (0, Qt.SortOrder.DescendingOrder),
            self,
        )
        # One screen at a time, filtered and sorted by the database.
        self.model.loaded.connect(self._rows_shown)
        self.model.counted.connect(self._counted)
        self.model.modelAboutToBeReset.connect(self._remember_current)
        self.model.failed.connect(self._failed)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, self.tr("Check-ins"))
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        # The check-in's name takes what is left (cut with "…" at the smallest window), so
        # who answered, the score and the alert always show without scrolling sideways.
        for column, width in enumerate((150, 150, 0, 105, 55, 70)):
            if width:
                header.resizeSection(column, width)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._row_activated)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.empty = paragraph("", muted=True)
        self.empty.hide()
        self.family_filter.currentIndexChanged.connect(self._filters_changed)
        self.instrument_filter.currentIndexChanged.connect(self._filters_changed)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.empty)
        self.chart: Any = None
        self.chart_title = QLabel()
        chart_class = _trend_chart_class()
        if chart_class is None:
            layout.addWidget(top, 1)
            return page
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 8, 0, 0)
        self.chart_title.setWordWrap(True)
        title_font = self.chart_title.font()
        title_font.setBold(True)
        self.chart_title.setFont(title_font)
        chart_layout.addWidget(self.chart_title)
        # The chart itself is made when the first trend is shown: a chart view is some 30 ms
        # to make, and the page is built ahead of its first click while the app is idle.
        self._chart_class = chart_class
        self._chart_layout = chart_layout
        self.chart = _NOT_MADE
        splitter.addWidget(chart_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        chart_box.hide()
        self.chart_box = chart_box
        layout.addWidget(splitter, 1)
        return page

    # ---- page protocol ---------------------------------------------------------------------

    def refresh(self) -> None:
        if self.fresh.due:
            self.reload()

    def preload(self) -> None:
        """Read the first screen of rows ahead of the first click (the workspace calls it
        while the app is idle after unlock); shown later, the page reads again only if its
        records changed meanwhile."""
        self.refresh()

    def reload(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        self.fresh.reading()

        def done(families: list[FamilyChoice]) -> None:
            if families is not self.families:  # else the filter shows this list already
                self.families = families
                self._fill_filters()

        def failed(exc: BaseException) -> None:
            self.fresh.mark_stale()  # try again when the page is next shown
            self._failed(exc)

        self._load_rows()
        # The family choices come on their own (the first rows need not wait for them), from
        # the session's shared list: read again only after a family changed.
        self.ctx.families.get(while_alive(self, done), while_alive(self, failed))

    def _load_rows(self) -> None:
        records = self._records()
        if records is None:
            return
        family_id = str(self.family_filter.currentData() or "")
        instrument_id = str(self.instrument_filter.currentData() or "")
        self.model.load(
            lambda request: checkin_page(records, family_id, instrument_id, request),
            lambda: checkin_count(records, family_id, instrument_id),
        )

    def open_record(self, record_id: str) -> None:
        session = self.ctx.session
        if session is None or not record_id:
            return
        records = session.records
        if record_id.startswith("new:"):
            visit_id = record_id[4:]
            self.ctx.runner.read(
                lambda _t: visit_family(records, visit_id),
                lambda family: self._with_families(
                    lambda found: self._ask_new(found, family, visit_id, fixed=True)
                ),
                self._failed,
            )
        elif record_id.startswith("family:"):
            self._with_families(lambda found: self._ask_new(found, record_id[7:]))
        elif record_id.startswith("unfinished:"):  # from Today: answers kept, not saved yet
            self._with_families(lambda found: self._open_kept(found, record_id[11:]))
        else:
            self.ctx.runner.read(
                lambda _t: checkin_detail(records, record_id), self._show_detail, self._failed
            )

    def editing(self) -> str:
        """The check-in being answered (not saved yet), to open again after an unlock."""
        form = self.form
        if form is None or form.record is not None or self.stack.currentIndex() != FORM:
            return ""
        return "unfinished:" + form.kept_key()

    def new_record(self) -> None:
        if self._show_unsaved_form():
            return
        self._with_families(lambda found: self._ask_new(found, self._filtered_family()))

    def flush(self) -> None:
        if self.form is not None and is_alive(self.form):
            self.form.flush()

    def release(self) -> None:
        """Let go of a long list while other pages are in front; it reloads when shown."""
        if len(self.model.rows) < LONG_LIST_ROWS:
            return
        self.fresh.let_go()
        self.model.release()

    # ---- loading ---------------------------------------------------------------------------

    def _instrument(self, instrument_id: str) -> Instrument | None:
        session = self.ctx.session
        return session.definitions.instruments.get(instrument_id) if session else None

    def _records(self) -> RecordService | None:
        session = self.ctx.session
        return session.records if session else None

    def _with_families(self, then: Any) -> None:
        if self.ctx.session is not None:
            self.ctx.families.get(while_alive(self, then), while_alive(self, self._failed))

    def _remember_current(self) -> None:
        """The rows are about to be replaced: the one selected is selected again after."""
        current = self._current_row()
        self._pending_select = self._pending_select or (current.id if current else None)

    def _rows_shown(self, first: bool) -> None:
        if not first or not is_alive(self):
            return
        target, self._pending_select = self._pending_select, None
        self.message.clear_message()
        if target is not None:
            self._select(target)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)
        self._current_changed()

    def _counted(self) -> None:
        total, self_checks = self.model.extra or (0, False)
        self._total = total
        if self_checks != self._self_checks:
            self._self_checks = self_checks
            self._fill_filters()
        self._update_empty()

    def _failed(self, exc: BaseException) -> None:
        if is_alive(self) and self.ctx.session is not None:
            self.message.show_error(self.tr("Check-ins could not be shown: {0}").format(say(exc)))

    def _records_changed(self, kind: str) -> None:
        if not self.fresh.watches(kind):
            return
        self.fresh.mark_stale()
        # A hidden page is refreshed by the workspace when it is shown again.
        if self.isVisible():
            self.reload()

    def _fill_filters(self) -> None:
        family, instrument = self.family_filter.currentData(), self.instrument_filter.currentData()
        session = self.ctx.session
        families = [(self.tr("All families"), ""), *((c.display_name, c.id) for c in self.families)]
        if session is not None and self._self_checks:
            families.append((self.tr("Myself (self-check)"), session.vault.member_id))
        fill_choices(self.family_filter, families, keep=family)
        box = self.instrument_filter
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("All check-ins"), "")
        if session is not None:
            for item in session.definitions.instruments.values():
                box.addItem(item.title, item.id)
        box.setCurrentIndex(max(box.findData(instrument), 0) if instrument else 0)
        box.blockSignals(False)
        if (self.family_filter.currentData(), self.instrument_filter.currentData()) != (
            family,
            instrument,
        ):
            self._filters_changed()  # the family chosen is gone: show them all

    def _filters_changed(self) -> None:
        self._load_rows()

    def _update_empty(self) -> None:
        if self.model.total:
            self.empty.hide()
            self.table.show()
            return
        if self._total:
            self.empty.setText(self.tr("No check-ins match these filters."))
        else:
            self.empty.setText(
                self.tr("No check-ins yet — press Ctrl+N to record one after a visit.")
            )
        self.table.setVisible(bool(self._total))
        self.empty.show()

    def _filtered_family(self) -> str:
        return str(self.family_filter.currentData() or "")

    def _current_row(self) -> CheckinRow | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def remove_selected(self) -> None:
        """Relapp > Remove… (Delete): mark the chosen check-in as entered in error."""
        from relapp.ui.removal import remove_record, what_label

        row = self._current_row()
        if row is None:
            self.ctx.show_saved(self.tr("Choose a check-in first."))
            return
        remove_record(self.ctx, self, row.id, what_label("checkin"), "checkin")

    def _select(self, checkin_id: str) -> None:
        index = self.model.index_of(checkin_id)
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def _current_changed(self, *_args: Any) -> None:
        if self.chart is None:
            return
        if self.chart is _NOT_MADE:
            self.chart = self._chart_class(self.chart_box)
            self._chart_layout.addWidget(self.chart, 1)
        row = self._current_row()
        instrument = self._instrument(row.instrument_id) if row else None
        records = self._records()
        if row is None or instrument is None or records is None:
            self.chart_box.hide()
            return
        # The family's series is read on a worker (its check-ins only, by the family index).
        self._chart_for = (row.family_id, row.instrument_id)
        self.chart_title.setText(self.tr("Trend for {0}").format(row.family_name))

        def show(points: list[Any], wanted: tuple[str, str] = self._chart_for) -> None:
            if is_alive(self) and wanted == self._chart_for:
                self.chart.set_series(instrument, points)
                self.chart_box.show()

        family_id, instrument_id = self._chart_for
        self.ctx.runner.read(
            lambda _task: checkin_trend(records, family_id, instrument_id), show, self._failed
        )

    # ---- moving between list, detail and form ---------------------------------------------

    def show_list(self) -> None:
        self.message.clear_message()
        self.stack.setCurrentIndex(LIST)
        self.table.setFocus()

    def _row_activated(self, index: QModelIndex) -> None:
        row: CheckinRow = index.data(ROW_ROLE)
        self.open_record(row.id)

    def _show_detail(self, detail: CheckinDetail) -> None:
        if not is_alive(self) or self.ctx.session is None:
            return
        self.detail.show_detail(detail, self._instrument(detail.row.instrument_id))
        self.stack.setCurrentIndex(DETAIL)
        self._select(detail.row.id)
        self.detail.back_button.setFocus()

    def _ask_new(
        self,
        families: list[FamilyChoice],
        family_id: str = "",
        visit_id: str | None = None,
        *,
        fixed: bool = False,
    ) -> None:
        session = self.ctx.session
        if not is_alive(self) or session is None or self._show_unsaved_form():
            return
        dialog = NewCheckinDialog(
            list(session.definitions.instruments.values()),
            families,
            session.vault.member_id,
            family_id=family_id,
            family_fixed=fixed,
            parent=self,
        )
        dialog.accepted.connect(lambda: self._start_form(dialog, visit_id))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _open_kept(self, families: list[FamilyChoice], key: str) -> None:
        """The check-in whose answers were kept (CheckinForm.kept_key), with them back."""
        session = self.ctx.session
        instrument_id, _sep, rest = key.partition("~")
        family_id, _sep, visit_id = rest.partition("~")
        instrument = session.definitions.instruments.get(instrument_id) if session else None
        family = next((f for f in families if f.id == family_id), None)
        if not is_alive(self) or instrument is None or family is None:
            return
        if self.form is not None and self.form.record is None:
            if self.form.kept_key() == key:
                self.stack.setCurrentIndex(FORM)
                return
            if self._show_unsaved_form():
                return
        self._show_form(instrument, family.id, family.display_name, visit_id or None)

    def _start_form(self, dialog: NewCheckinDialog, visit_id: str | None) -> None:
        family_id, family_name, instrument, respondent = dialog.choice()
        self._show_form(instrument, family_id, family_name, visit_id, respondent)

    def _show_form(
        self,
        instrument: Any,
        family_id: str,
        family_name: str,
        visit_id: str | None,
        respondent: str = "practitioner",
    ) -> None:
        self._drop_form()
        form = CheckinForm(
            self.ctx,
            instrument,
            family_id,
            visit_id,
            respondent,
            family_name=family_name,
        )
        form.closed.connect(self._form_closed)
        form.saved.connect(lambda record, _alert: self._form_saved(record.id))
        self.form_layout.addWidget(form)
        self.form = form
        self.stack.setCurrentIndex(FORM)
        if form.rows:
            form.rows[0].focus_choice()

    def _form_saved(self, checkin_id: str) -> None:
        # The form announced the change, so a refresh is on its way: select the new row then.
        self._pending_select = checkin_id

    def _show_unsaved_form(self) -> bool:
        """One check-in at a time: a started one keeps its answers until saved or cancelled."""
        if self.form is None or self.form.record is not None:
            return False
        self.stack.setCurrentIndex(FORM)
        self.message.show_info(self.tr("Finish or cancel this check-in before starting another."))
        self.form.rows[0].focus_choice()
        return True

    def _form_closed(self) -> None:
        self._drop_form()
        self.show_list()

    def _drop_form(self) -> None:
        if self.form is not None:
            self.form.hide()
            self.form.deleteLater()
            self.form = None

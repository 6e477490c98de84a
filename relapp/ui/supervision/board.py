"""The Barriers & changes board: how often each kind of barrier came up across the team and
when, the barriers with the visits they were noticed on, and the change tests with their plan,
do, study and act and the check-in averages before and after each began.

Every chart has a table beside it with the same numbers, for screen readers and for reading
exact values.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.services.barriers import BarrierRow
from relapp.services.caseload import BarrierBoard, BeforeAfter, ChangeTestCard, barrier_board
from relapp.ui.barrier_labels import impact_label, status_label, visit_text
from relapp.ui.context import AppContext
from relapp.ui.formatting import fit_columns, format_day, keep_fitted, number, qdate, set_up_table
from relapp.ui.kit.forms import fit_rows
from relapp.ui.models import ROW_ROLE, Column, RowsModel
from relapp.ui.supervision.trends import short_title
from relapp.ui.widgets import MessageLine, heading, paragraph

log = logging.getLogger("relapp.ui.supervision.board")


def _tr(text: str) -> str:
    return QCoreApplication.translate("BarriersBoardTab", text)


def month_label(key: str, long: bool = False) -> str:
    """'Mar 2026' (or 'March 2026') for '2026-03'."""
    day = date.fromisoformat(f"{key}-01")
    return QLocale.system().toString(qdate(day), "MMMM yyyy" if long else "MMM yyyy")


def _section(text: str) -> QLabel:
    return heading(text, 1.2)


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


class BarDelegate(QStyledItemDelegate):
    """Draws a cell as a bar: `fraction(index)` of the cell's width, in the highlight colour.

    The cell keeps its number as its text for screen readers; the number also has its own
    column, so the bar is never the only way to read a value."""

    def __init__(self, fraction: Callable[[QModelIndex], float], parent: QWidget) -> None:
        super().__init__(parent)
        self.fraction = fraction

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""
        widget = view_option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, widget)
        share = max(0.0, min(1.0, self.fraction(index)))
        if share <= 0:
            return
        area = option.rect.adjusted(4, 5, -8, -5)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        painter.save()
        painter.fillRect(
            QRect(area.left(), area.top(), max(2, int(area.width() * share)), area.height()),
            option.palette.color(role),
        )
        painter.restore()


def count_table(name: str, first: str, parent: QWidget) -> tuple[QTableView, RowsModel]:
    """Label, count and a bar as long as the count (relative to the largest)."""
    model = RowsModel(
        [
            Column(first, lambda c: c[0]),
            Column(_tr("Barriers"), lambda c: c[1], lambda c: c[1], align_right=True),
            Column("", lambda c: c[1], lambda c: c[1]),  # the bar
        ]
    )
    table = QTableView()
    table.setModel(model)
    set_up_table(table, name)
    keep_fitted(table)

    def fraction(index: QModelIndex) -> float:
        top = max((row[1] for row in model.rows), default=0)
        return model.row_at(index)[1] / top if top else 0.0

    table.setItemDelegateForColumn(2, BarDelegate(fraction, parent))
    return table, model


class BarriersBoardTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.board: BarrierBoard | None = None
        self.message = MessageLine()

        # ---- counts
        self.category_table, self.category_model = count_table(
            self.tr("Barriers by category"), self.tr("Category"), self
        )
        self.month_table, self.month_model = count_table(
            self.tr("Barriers by month noticed"), self.tr("Month"), self
        )
        self.month_note = paragraph("", muted=True)

        # ---- barriers
        self.barrier_model = RowsModel(
            [
                Column(
                    self.tr("Noticed"), lambda b: format_day(b.noticed_on), lambda b: b.noticed_on
                ),
                Column(self.tr("Category"), lambda b: b.category_title),
                Column(self.tr("Impact"), lambda b: impact_label(b.impact)),
                Column(self.tr("Status"), lambda b: status_label(b.status)),
                Column(
                    self.tr("Visits"), lambda b: len(b.visit_ids), lambda b: len(b.visit_ids), True
                ),
                Column(self.tr("Description"), lambda b: b.first_line),
            ]
        )
        self.barrier_table = QTableView()
        self.barrier_table.setModel(self.barrier_model)
        set_up_table(self.barrier_table, self.tr("Barriers"))
        keep_fitted(self.barrier_table)
        self.barrier_table.selectionModel().currentRowChanged.connect(self._barrier_chosen)
        self.barrier_table.doubleClicked.connect(self._open_barrier)
        self.visits_title = _bold("")
        self.visit_model = RowsModel([Column(self.tr("Visit"), lambda v: visit_text(v))])
        self.visit_table = QTableView()
        self.visit_table.setModel(self.visit_model)
        set_up_table(self.visit_table, self.tr("Visits the chosen barrier was noticed on"))
        self.visit_table.horizontalHeader().hide()
        self.visit_table.doubleClicked.connect(self._open_visit)
        self.no_visits = paragraph(self.tr("Not linked to any visit."), muted=True)
        self.open_visit_button = QPushButton(self.tr("Open &visit"))
        self.open_visit_button.setAccessibleName(self.tr("Open the chosen visit"))
        self.open_visit_button.clicked.connect(
            lambda: self._open_visit(self.visit_table.currentIndex())
        )
        self.no_barriers = paragraph(
            self.tr(
                "No barriers recorded across the team yet. Practitioners record them on the "
                "Barriers & changes page or from a visit."
            ),
            muted=True,
        )

        # ---- change tests
        self.test_model = RowsModel(
            [
                Column(self.tr("Change test"), lambda c: c.row.title),
                Column(self.tr("Status"), lambda c: status_label(c.row.status)),
                Column(
                    self.tr("Starts"),
                    lambda c: format_day(c.row.start_date) or "–",
                    lambda c: c.row.start_date,
                ),
                Column(self.tr("Against"), lambda c: ", ".join(c.row.barrier_titles) or "–"),
            ]
        )
        self.test_table = QTableView()
        self.test_table.setModel(self.test_model)
        set_up_table(self.test_table, self.tr("Change tests"))
        keep_fitted(self.test_table)
        self.test_table.selectionModel().currentRowChanged.connect(self._test_chosen)
        self.test_table.doubleClicked.connect(self._open_test)
        self.no_tests = paragraph(
            self.tr("No change tests yet. They are planned on the Barriers & changes page."),
            muted=True,
        )
        self.pdsa = QLabel()
        self.pdsa.setWordWrap(True)
        self.pdsa.setTextFormat(Qt.TextFormat.RichText)
        self.pdsa.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pdsa.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pdsa.setAccessibleName(self.tr("Plan, do, study, act"))
        self.compared = QLabel()
        self.compared.setWordWrap(True)
        self.compared.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.month_average_model = RowsModel(
            [
                Column(self.tr("Check-in"), lambda r: r[0]),
                Column(self.tr("Month"), lambda r: month_label(r[1], long=True), lambda r: r[1]),
                Column(self.tr("Period"), lambda r: r[2]),
                Column(self.tr("Average"), lambda r: number(r[3]), lambda r: r[3], True),
                Column(self.tr("Check-ins"), lambda r: r[4], lambda r: r[4], True),
                Column(self.tr("On the scale"), lambda r: number(r[3]), lambda r: r[3]),
            ]
        )
        self.month_average_table = QTableView()
        self.month_average_table.setModel(self.month_average_model)
        set_up_table(
            self.month_average_table, self.tr("Check-in averages by month, before and after")
        )
        keep_fitted(self.month_average_table)
        self.month_average_table.setItemDelegateForColumn(
            5, BarDelegate(lambda i: self.month_average_model.row_at(i)[5], self)
        )
        self.open_test_button = QPushButton(self.tr("Open in Barriers && &changes"))
        self.open_test_button.setAccessibleName(
            self.tr("Open the change test on the Barriers and changes page")
        )
        self.open_test_button.clicked.connect(
            lambda: self._open_test(self.test_table.currentIndex())
        )

        self._build_layout()
        ctx.records_changed.connect(self._records_changed)

    def _build_layout(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(12)
        layout.addWidget(self.message)

        self.counts_heading = _section(self.tr("How often barriers came up"))
        layout.addWidget(self.counts_heading)
        self.counts_box = QWidget()
        counts = QHBoxLayout(self.counts_box)
        counts.setContentsMargins(0, 0, 0, 0)
        counts.setSpacing(24)
        for title, table, note in (
            (self.tr("By category"), self.category_table, None),
            (self.tr("By month noticed"), self.month_table, self.month_note),
        ):
            column = QVBoxLayout()
            column.setSpacing(6)
            column.addWidget(_bold(title))
            column.addWidget(table)
            if note is not None:
                column.addWidget(note)
            column.addStretch(1)
            counts.addLayout(column, 1)
        layout.addWidget(self.counts_box)

        layout.addWidget(_section(self.tr("Barriers and the visits they were noticed on")))
        layout.addWidget(self.no_barriers)
        layout.addWidget(self.barrier_table)
        visits_head = QHBoxLayout()
        visits_head.addWidget(self.visits_title, 1)
        visits_head.addWidget(self.open_visit_button)
        layout.addLayout(visits_head)
        layout.addWidget(self.visit_table)
        layout.addWidget(self.no_visits)

        layout.addWidget(_section(self.tr("Change tests")))
        layout.addWidget(self.no_tests)
        layout.addWidget(self.test_table)
        self.test_detail = QFrame()
        detail = QVBoxLayout(self.test_detail)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.setSpacing(8)
        head = QHBoxLayout()
        self.test_title = _bold("")
        head.addWidget(self.test_title, 1)
        head.addWidget(self.open_test_button)
        detail.addLayout(head)
        detail.addWidget(self.pdsa)
        detail.addWidget(_bold(self.tr("Check-ins before and after it started")))
        detail.addWidget(self.compared)
        detail.addWidget(self.month_average_table)
        layout.addWidget(self.test_detail)
        layout.addStretch(1)

        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.area)
        for first, second in (
            (self.category_table, self.month_table),
            (self.month_table, self.barrier_table),
            (self.barrier_table, self.open_visit_button),
            (self.open_visit_button, self.visit_table),
            (self.visit_table, self.test_table),
            (self.test_table, self.open_test_button),
            (self.open_test_button, self.month_average_table),
        ):
            QWidget.setTabOrder(first, second)

    # ---- the page protocol ------------------------------------------------------------------

    def refresh(self) -> None:
        if self.ctx.session is None:
            return
        session = self.ctx.session
        self.ctx.runner.read(
            lambda _t: barrier_board(session, date.today()), self._loaded, self._failed, owner=self
        )

    def open_record(self, record_id: str) -> None:
        """A barrier or change test: select it."""
        for table, model in (
            (self.barrier_table, self.barrier_model),
            (self.test_table, self.test_model),
        ):
            for number_, row in enumerate(model.rows):
                row_id = row.id if isinstance(row, BarrierRow) else row.row.id
                if row_id == record_id:
                    table.setCurrentIndex(model.index(number_, 0))
                    self.area.ensureWidgetVisible(table)
                    return

    def _records_changed(self, kind: str) -> None:
        if kind in ("barrier", "change_test", "checkin", "visit") and self.isVisible():
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        if self.ctx.session is not None:
            log.error("loading the board failed: %s: %s", type(exc).__name__, exc)
            self.message.show_error(self.tr("The board could not be loaded. Try again."))

    def _loaded(self, board: BarrierBoard) -> None:
        self.board = board
        self.message.clear_message()
        if board.unreadable:
            self.message.show_error(
                self.tr(
                    "{0} record(s) could not be read and are not counted. Ask IT to check this "
                    "laptop's Relapp profile."
                ).format(board.unreadable)
            )
        self._show_counts(board)
        self._show_barriers(board)
        self._show_tests(board)

    # ---- counts -----------------------------------------------------------------------------

    def _show_counts(self, board: BarrierBoard) -> None:
        categories = [(c.label, c.count) for c in board.by_category]
        self.category_model.set_rows(categories)
        fit_columns(self.category_table)
        fit_rows(self.category_table, len(categories), most=12)
        months = [(month_label(c.key, long=True), c.count) for c in board.by_month]
        self.month_model.set_rows(months)
        fit_columns(self.month_table)
        fit_rows(self.month_table, len(months), most=12)
        notes = []
        if board.earlier:
            notes.append(self.tr("{0} noticed earlier.").format(board.earlier))
        if board.undated:
            notes.append(self.tr("{0} with no date noticed.").format(board.undated))
        self.month_note.setText(" ".join(notes))
        self.month_note.setVisible(bool(notes))
        self.counts_box.setVisible(bool(board.barriers))
        self.counts_heading.setVisible(bool(board.barriers))

    # ---- barriers ---------------------------------------------------------------------------

    def _show_barriers(self, board: BarrierBoard) -> None:
        current = self._current(self.barrier_table)
        self.barrier_model.set_rows(board.barriers)
        fit_columns(self.barrier_table)
        fit_rows(self.barrier_table, len(board.barriers), most=8)
        self.barrier_table.setVisible(bool(board.barriers))
        self.no_barriers.setVisible(not board.barriers)
        self._reselect(self.barrier_table, self.barrier_model, current, lambda b: b.id)
        if not board.barriers:
            self._barrier_chosen(QModelIndex(), QModelIndex())

    def _current(self, table: QTableView) -> str:
        index = table.currentIndex()
        if not index.isValid():
            return ""
        row = index.data(ROW_ROLE)
        return row.id if isinstance(row, BarrierRow) else row.row.id

    def _reselect(self, table: QTableView, model: RowsModel, wanted: str, key: Any) -> None:
        rows = model.rows
        number_ = next((i for i, r in enumerate(rows) if key(r) == wanted), 0)
        if rows:
            table.setCurrentIndex(model.index(number_, 0))

    def _barrier_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        barrier: BarrierRow | None = current.data(ROW_ROLE) if current.isValid() else None
        board = self.board
        visits = (
            [board.visits[v] for v in barrier.visit_ids if v in board.visits]
            if barrier and board
            else []
        )
        self.visits_title.setText(
            self.tr("Visits the chosen barrier ({0}, noticed {1}) was linked to").format(
                barrier.category_title, format_day(barrier.noticed_on) or self.tr("undated")
            )
            if barrier
            else ""
        )
        self.visits_title.setVisible(barrier is not None)
        self.visit_model.set_rows(visits)
        fit_rows(self.visit_table, len(visits), most=4)
        self.visit_table.setVisible(bool(visits))
        if visits:
            self.visit_table.setCurrentIndex(self.visit_model.index(0, 0))
        self.no_visits.setVisible(barrier is not None and not visits)
        self.open_visit_button.setVisible(bool(visits))

    def _open_visit(self, index: QModelIndex) -> None:
        if index.isValid():
            visit = index.data(ROW_ROLE)
            if not visit.missing:
                self.ctx.open_page("visits", visit.visit_id)

    def _open_barrier(self, index: QModelIndex) -> None:
        if index.isValid():
            self.ctx.open_page("barriers", index.data(ROW_ROLE).id)

    # ---- change tests -----------------------------------------------------------------------

    def _show_tests(self, board: BarrierBoard) -> None:
        current = self._current(self.test_table)
        self.test_model.set_rows(board.change_tests)
        fit_columns(self.test_table)
        fit_rows(self.test_table, len(board.change_tests), most=6)
        self.test_table.setVisible(bool(board.change_tests))
        self.no_tests.setVisible(not board.change_tests)
        self.test_detail.setVisible(bool(board.change_tests))
        if not current:
            # First time: show a test that has something to compare, if any has.
            current = next((c.row.id for c in board.change_tests if c.comparisons), "")
        self._reselect(self.test_table, self.test_model, current, lambda c: c.row.id)

    def _open_test(self, index: QModelIndex) -> None:
        if index.isValid():
            self.ctx.open_page("barriers", index.data(ROW_ROLE).row.id)

    def _test_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        card: ChangeTestCard = current.data(ROW_ROLE)
        self.test_title.setText(card.row.title)
        self.pdsa.setText(self.pdsa_html(card))
        self.compared.setText(self.comparison_text(card))
        self.compared.setAccessibleName(self.compared.text())
        rows = []
        for compared in card.comparisons:
            name, low, high = self._scale(compared)
            for period, months in (
                (self.tr("Before"), compared.before),
                (self.tr("After"), compared.after),
            ):
                rows += [
                    (name, m.month, period, m.average, m.count, (m.average - low) / (high - low))
                    for m in months
                ]
        self.month_average_model.set_rows(rows)
        fit_columns(self.month_average_table)
        fit_rows(self.month_average_table, len(rows), most=10)
        self.month_average_table.setVisible(bool(rows))

    def _scale(self, compared: BeforeAfter) -> tuple[str, float, float]:
        """A short name for the instrument and its score range (for the bars)."""
        session = self.ctx.session
        instrument = (
            session.definitions.instruments.get(compared.instrument_id) if session else None
        )
        if instrument is None:
            return compared.instrument_title, 0.0, 5.0
        low, high = instrument.score_range
        return short_title(instrument), low, high if high > low else low + 1

    def pdsa_html(self, card: ChangeTestCard) -> str:
        e = html.escape
        data = card.row.data
        stages = (
            ("plan", self.tr("Plan")),
            ("do", self.tr("Do")),
            ("study", self.tr("Study")),
            ("act", self.tr("Act")),
            ("measure", self.tr("Measure")),
            ("outcome", self.tr("Outcome")),
        )
        rows = []
        for key, title in stages:
            text = str(data.get(key) or "").strip()
            body = (
                e(text).replace("\n", "<br>") if text else f"<i>{e(self.tr('Not written yet'))}</i>"
            )
            rows.append(
                f"<tr><td style='padding:2px 12px 6px 0; vertical-align:top'><b>{e(title)}</b></td>"
                f"<td style='padding:2px 0 6px 0'>{body}</td></tr>"
            )
        dates = [format_day(card.row.start_date), format_day(card.row.end_date)]
        when = (
            self.tr("From {0} to {1}").format(*dates)
            if all(dates)
            else self.tr("From {0}").format(dates[0])
            if dates[0]
            else self.tr("No dates yet")
        )
        against = (
            self.tr("Against: {0}").format(", ".join(card.row.barrier_titles))
            if card.row.barrier_titles
            else self.tr("Not linked to a barrier")
        )
        head = f"<p>{e(status_label(card.row.status))} · {e(when)}<br>{e(against)}</p>"
        return head + "<table>" + "".join(rows) + "</table>"

    def comparison_text(self, card: ChangeTestCard) -> str:
        start = format_day(card.start.isoformat()) if card.start else ""
        if card.gap == "no_start":
            return self.tr("It has no start date yet, so there is no before and after to compare.")
        if card.gap == "not_started":
            return self.tr("It starts on {0}: check-ins can be compared once it has begun.").format(
                start
            )
        if card.gap == "no_families":
            return self.tr(
                "None of its barriers is linked to a visit, so there are no families whose "
                "check-ins could be compared."
            )
        families = (
            self.tr("the family")
            if card.family_count == 1
            else self.tr("the {0} families").format(card.family_count)
        )
        if card.gap == "no_checkins":
            return self.tr(
                "Compared: check-ins of {0} seen on visits where its barriers were noticed, in the "
                "{1} months either side of {2}. There were none."
            ).format(families, card.window_months, start)
        intro = self.tr(
            "Compared: every check-in (all respondents) of {0} seen on visits where its barriers "
            "were noticed, in the {1} months before {2} and the {1} months from {2} (or up to "
            "today)."
        ).format(families, card.window_months, start)
        return "\n".join([intro, *(self._instrument_sentence(c) for c in card.comparisons)])

    def _instrument_sentence(self, compared: BeforeAfter) -> str:
        name = compared.instrument_title
        if compared.before_average is None:
            return self.tr("{0}: no check-ins before; {1} after ({2} check-ins).").format(
                name, number(compared.after_average or 0), compared.after_count
            )
        if compared.after_average is None:
            return self.tr("{0}: {1} before ({2} check-ins); none after yet.").format(
                name, number(compared.before_average), compared.before_count
            )
        change = compared.change or 0.0
        direction = (
            self.tr("up {0}").format(number(change))
            if change > 0.05
            else self.tr("down {0}").format(number(-change))
            if change < -0.05
            else self.tr("about the same")
        )
        return self.tr("{0}: average {1} before ({2} check-ins), {3} after ({4}) — {5}.").format(
            name,
            number(compared.before_average),
            compared.before_count,
            number(compared.after_average),
            compared.after_count,
            direction,
        )

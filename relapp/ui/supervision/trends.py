"""Caseload trends: the alerts among the team's latest check-ins, every family's latest score
per instrument (filterable), and the chosen family's trend. Double-click opens the family."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import Instrument
from relapp.services.caseload import Caseload, CaseloadAlert, CaseloadFamily, caseload
from relapp.ui.charts import TrendChart, level
from relapp.ui.checkin_form import respondent_label
from relapp.ui.context import AppContext
from relapp.ui.formatting import fit_columns, format_day, keep_fitted, number, set_up_table
from relapp.ui.kit.forms import bold, fit_rows
from relapp.ui.models import ROW_ROLE, Column
from relapp.ui.supervision.trends_models import (
    AlertsModel,
    FamiliesModel,
    FamilyFilter,
    below,
    short_title,
)
from relapp.ui.widgets import MessageLine, paragraph

log = logging.getLogger("relapp.ui.supervision.trends")


class CaseloadTrendsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.loaded: Caseload | None = None
        self.family_id = ""
        self.instrument_id = ""
        self._filling = False
        self._sorted = False

        self.message = MessageLine()
        # ---- alerts
        self.alerts_title = bold(QLabel(self.tr("&Alerts")))
        self.alerts_model = AlertsModel(
            [
                Column(self.tr("Family"), lambda a: a.family_name),
                Column(self.tr("Practitioner"), lambda a: a.practitioner_name or "–"),
                Column(self.tr("Check-in"), lambda a: self._short(a.instrument_id)),
                Column(self.tr("Answered by"), lambda a: respondent_label(a.respondent)),
                Column(self.tr("Score"), lambda a: number(a.score), lambda a: a.score, True),
                Column(self.tr("When"), lambda a: format_day(a.when), lambda a: a.when),
                Column(self.tr("What happened"), self.what_happened),
            ]
        )
        self.alerts_table = QTableView()
        self.alerts_table.setModel(self.alerts_model)
        set_up_table(self.alerts_table, self.tr("Alerts"))
        keep_fitted(self.alerts_table)  # a few alerts at most
        self.alerts_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.alerts_title.setBuddy(self.alerts_table)
        # Selection, not the current row: a table takes row 0 as current when it gets focus.
        self.alerts_table.selectionModel().selectionChanged.connect(self._alert_selected)
        self.alerts_table.clicked.connect(self._alert_chosen)
        self.alerts_table.doubleClicked.connect(self._open_alert)
        self.no_alerts = paragraph(
            self.tr(
                "No alerts: no family's latest check-in is below its alert level or has dropped "
                "by the instrument's reliable-change amount."
            ),
            muted=True,
        )

        # ---- filters
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name, reference or service"))
        self.search.setAccessibleName(self.tr("Find a family"))
        self.search.setClearButtonEnabled(True)
        # Room for a family's name as it is typed, whatever the window's width.
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance("M" * 10))
        self.practitioner = QComboBox()
        self.practitioner.setAccessibleName(self.tr("Show families of practitioner"))
        self.practitioner.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.only_alerts = QCheckBox(self.tr("Only families with a&lerts"))
        self.only_alerts.setAccessibleName(self.tr("Only families with alerts"))
        self.closed_too = QCheckBox(self.tr("Closed &families too"))
        self.closed_too.setAccessibleName(self.tr("Show closed families too"))
        self.search.textChanged.connect(self._filter_changed)
        self.practitioner.currentIndexChanged.connect(self._filter_changed)
        self.only_alerts.toggled.connect(self._filter_changed)
        self.closed_too.toggled.connect(self._filter_changed)

        # ---- families
        self.model = FamiliesModel(self)
        self.proxy = FamilyFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        set_up_table(self.table, self.tr("Families and their latest scores"))
        self.table.setSortingEnabled(True)
        self.table.selectionModel().currentRowChanged.connect(self._family_chosen)
        self.table.doubleClicked.connect(lambda _i: self.open_family())
        self.no_match = paragraph(self.tr("No family matches these filters."), muted=True)
        self.no_match.hide()
        self.no_families = paragraph(
            self.tr(
                "No families yet. Families, visits and check-ins arrive from the team's "
                "practitioners with each sync."
            ),
            muted=True,
        )
        self.no_families.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.no_families.hide()

        # ---- chart
        self.chart_title = bold(QLabel())
        self.instrument = QComboBox()
        self.instrument.setAccessibleName(self.tr("Check-in to chart"))
        self.instrument.currentIndexChanged.connect(self._instrument_chosen)
        self.open_button = QPushButton(self.tr("&Open family"))
        self.open_button.setAccessibleName(self.tr("Open the family's page"))
        self.open_button.setToolTip(self.tr("Open the family's page (or double-click its row)"))
        self.open_button.clicked.connect(self.open_family)
        self.open_button.setEnabled(False)
        self.chart = TrendChart()
        self.chart_hint = paragraph(
            self.tr("Choose a family to see its check-in trend."), muted=True
        )
        self.chart_hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self._build_layout()
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.open_family).setContext(
            Qt.ShortcutContext.WidgetShortcut
        )
        ctx.records_changed.connect(self._records_changed)

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        find = QLabel(self.tr("F&ind:"))
        find.setBuddy(self.search)
        who = QLabel(self.tr("&Practitioner:"))
        who.setBuddy(self.practitioner)
        filters.addWidget(find)
        filters.addWidget(self.search, 1)
        filters.addSpacing(12)
        filters.addWidget(who)
        filters.addWidget(self.practitioner)
        filters.addSpacing(12)
        filters.addWidget(self.only_alerts)
        filters.addWidget(self.closed_too)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.no_match)
        left_layout.addWidget(self.no_families, 1)

        chart_head = QHBoxLayout()
        chart_head.addWidget(self.chart_title, 1)
        chart_head.addWidget(self.open_button)
        chart_pick = QHBoxLayout()
        pick_label = QLabel(self.tr("C&heck-in:"))
        pick_label.setBuddy(self.instrument)
        chart_pick.addWidget(pick_label)
        chart_pick.addWidget(self.instrument, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(6)
        right_layout.addLayout(chart_head)
        right_layout.addLayout(chart_pick)
        right_layout.addWidget(self.chart, 1)
        right_layout.addWidget(self.chart_hint, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([540, 360])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(self.message)
        layout.addWidget(self.alerts_title)
        layout.addWidget(self.alerts_table)
        layout.addWidget(self.no_alerts)
        layout.addSpacing(4)
        layout.addWidget(bold(QLabel(self.tr("Families"))))
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        QWidget.setTabOrder(self.alerts_table, self.search)
        for first, second in (
            (self.search, self.practitioner),
            (self.practitioner, self.only_alerts),
            (self.only_alerts, self.closed_too),
            (self.closed_too, self.table),
            (self.table, self.open_button),
            (self.open_button, self.instrument),
            (self.instrument, self.chart.view),
        ):
            QWidget.setTabOrder(first, second)

    # ---- words ------------------------------------------------------------------------------

    def what_happened(self, alert: CaseloadAlert) -> str:
        threshold = level(alert.threshold) if alert.threshold is not None else ""
        if alert.below and alert.dropped:
            return self.tr("Below {0}, and down {1} from {2}").format(
                threshold, number(alert.drop), number(alert.previous or 0)
            )
        if alert.below:
            return self.tr("Below the alert level of {0}").format(threshold)
        return self.tr("Down {0} since the previous check-in (from {1})").format(
            number(alert.drop), number(alert.previous or 0)
        )

    def _columns(self, loaded: Caseload) -> list[Column]:
        columns = [
            Column(self.tr("Family"), lambda f: f.name, lambda f: f.name.casefold()),
            Column(
                self.tr("Alerts"),
                lambda f: self._alerts_text(f),
                lambda f: self.model.alert_counts.get(f.id, 0),
            ),
        ]
        columns += [self._score_column(instrument) for instrument in loaded.instruments]
        columns.append(Column(self.tr("Practitioner"), lambda f: f.practitioner_name or "–"))
        return columns

    def _score_column(self, instrument: Instrument) -> Column:
        def sort_value(family: CaseloadFamily) -> float:
            point = family.latest(instrument.id)
            return point.score if point else 99.0  # never checked in: after the highest

        return Column(
            short_title(instrument),
            lambda family: self._latest_text(family, instrument),
            sort_value,
            align_right=True,
        )

    def _short(self, instrument_id: str) -> str:
        session = self.ctx.session
        instrument = session.definitions.instruments.get(instrument_id) if session else None
        return short_title(instrument) if instrument else instrument_id

    def _latest_text(self, family: CaseloadFamily, instrument: Instrument) -> str:
        point = family.latest(instrument.id)
        if point is None:
            return "–"
        text = number(point.score)
        return self.tr("{0} below").format(text) if below(instrument, point.score) else text

    def _alerts_text(self, family: CaseloadFamily) -> str:
        count = self.model.alert_counts.get(family.id, 0)
        if not count:
            return ""
        return self.tr("1 alert") if count == 1 else self.tr("{0} alerts").format(count)

    # ---- the page protocol ------------------------------------------------------------------

    def refresh(self) -> None:
        if self.ctx.session is None:
            return
        session = self.ctx.session
        self.ctx.runner.read(lambda _t: caseload(session), self._loaded, self._failed, owner=self)

    def open_record(self, record_id: str) -> None:
        """A family id: select it (after the next load if the list is not there yet)."""
        self.family_id = record_id
        if self.loaded is not None:
            self._select_family(record_id)

    def _records_changed(self, kind: str) -> None:
        if kind in ("checkin", "family") and self.isVisible():
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        if self.ctx.session is not None:
            log.error("loading the caseload failed: %s: %s", type(exc).__name__, exc)
            self.message.show_error(self.tr("The caseload could not be loaded. Try again."))

    def _loaded(self, loaded: Caseload) -> None:
        self.loaded = loaded
        self.message.clear_message()
        if loaded.names_problem and loaded.families:
            self.message.show_info(
                self.tr("Practitioners' names could not be read: {0}").format(loaded.names_problem)
            )
        if loaded.unreadable:
            self.message.show_error(
                self.tr(
                    "{0} record(s) could not be read and are not counted. Ask IT to check this "
                    "laptop's Relapp profile."
                ).format(loaded.unreadable)
            )
        self.alerts_model.set_rows(loaded.alerts)
        fit_columns(self.alerts_table)
        fit_rows(self.alerts_table, len(loaded.alerts), most=6)
        self.alerts_table.setVisible(bool(loaded.alerts))
        self.no_alerts.setVisible(not loaded.alerts)
        self.alerts_title.setText(
            self.tr("&Alerts ({0})").format(len(loaded.alerts))
            if loaded.alerts
            else self.tr("&Alerts")
        )
        self._fill_practitioners(loaded)
        sort_column = self.table.horizontalHeader().sortIndicatorSection()
        order = self.table.horizontalHeader().sortIndicatorOrder()
        self.model.set_caseload(loaded, self._columns(loaded))
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        header.resizeSection(0, 150)
        header.resizeSection(1, max(60, metrics.horizontalAdvance(self.tr("2 alerts")) + 20))
        for offset, instrument in enumerate(loaded.instruments):
            header.resizeSection(
                2 + offset, max(70, metrics.horizontalAdvance(short_title(instrument)) + 24)
            )
        if self._sorted and 0 <= sort_column < self.model.columnCount():
            self.table.sortByColumn(sort_column, order)
        else:
            self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            self._sorted = True
        self._filter_changed()
        self._fill_instruments(loaded)
        wanted = self.family_id or (loaded.alerts[0].family_id if loaded.alerts else "")
        if not wanted and self.proxy.rowCount():
            wanted = self.proxy.index(0, 0).data(ROW_ROLE).id
        if wanted:
            if not self.instrument_id and loaded.alerts and wanted == loaded.alerts[0].family_id:
                self._set_instrument(loaded.alerts[0].instrument_id)
            self._select_family(wanted)
        else:
            self._show_chart()

    def _fill_practitioners(self, loaded: Caseload) -> None:
        current = self.practitioner.currentData() or ""
        people = sorted(
            {
                (f.practitioner_name or self.tr("Unknown"), f.practitioner_id)
                for f in loaded.families
            }
        )
        self._filling = True
        try:
            self.practitioner.clear()
            self.practitioner.addItem(self.tr("Everyone"), "")
            for name, member_id in people:
                self.practitioner.addItem(name, member_id)
            self.practitioner.setCurrentIndex(max(0, self.practitioner.findData(current)))
        finally:
            self._filling = False

    def _fill_instruments(self, loaded: Caseload) -> None:
        self._filling = True
        try:
            self.instrument.clear()
            for instrument in loaded.instruments:
                self.instrument.addItem(instrument.title, instrument.id)
            wanted = self.instrument_id or (loaded.instruments[0].id if loaded.instruments else "")
            self.instrument.setCurrentIndex(max(0, self.instrument.findData(wanted)))
            self.instrument_id = self.instrument.currentData() or ""
        finally:
            self._filling = False

    def _set_instrument(self, instrument_id: str) -> None:
        index = self.instrument.findData(instrument_id)
        if index >= 0:
            self._filling = True
            try:
                self.instrument.setCurrentIndex(index)
            finally:
                self._filling = False
            self.instrument_id = instrument_id

    # ---- choosing ---------------------------------------------------------------------------

    def _filter_changed(self, *_args: object) -> None:
        if self._filling:
            return
        self.proxy.set_filter(
            self.search.text(),
            self.practitioner.currentData() or "",
            self.only_alerts.isChecked(),
            self.closed_too.isChecked(),
        )
        self.no_match.setVisible(bool(self.model.rows) and self.proxy.rowCount() == 0)
        self.no_families.setVisible(not self.model.rows)
        self.table.setVisible(self.proxy.rowCount() > 0)

    def _select_family(self, family_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ROW_ROLE).id == family_id:
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return True
        # Not shown by the filters: still chart it.
        self.family_id = family_id
        self._show_chart()
        return False

    def _family_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        self.family_id = current.data(ROW_ROLE).id
        self._show_chart()

    def _instrument_chosen(self, _index: int) -> None:
        if self._filling:
            return
        self.instrument_id = self.instrument.currentData() or ""
        self._show_chart()

    def _alert_selected(self, *_args: object) -> None:
        rows = self.alerts_table.selectionModel().selectedRows()
        if rows:
            self._alert_chosen(rows[0])

    def _alert_chosen(self, current: QModelIndex) -> None:
        if not current.isValid():
            return
        alert: CaseloadAlert = current.data(ROW_ROLE)
        self._set_instrument(alert.instrument_id)
        if not self._select_family(alert.family_id):
            return
        self._show_chart()

    def _open_alert(self, index: QModelIndex) -> None:
        if index.isValid():
            self.ctx.open_page("families", index.data(ROW_ROLE).family_id)

    def open_family(self) -> None:
        if self.family_id:
            self.ctx.open_page("families", self.family_id)

    def _family(self) -> CaseloadFamily | None:
        if self.loaded is None:
            return None
        return next((f for f in self.loaded.families if f.id == self.family_id), None)

    def _show_chart(self) -> None:
        family = self._family()
        instrument = (
            self.ctx.session.definitions.instruments.get(self.instrument_id)
            if self.ctx.session is not None
            else None
        )
        self.open_button.setEnabled(family is not None)
        if family is None or instrument is None:
            self.chart.hide()
            self.chart_hint.show()
            self.chart_title.setText("")
            return
        self.chart_title.setText(
            self.tr("{0} — {1}").format(family.name, family.practitioner_name)
            if family.practitioner_name
            else family.name
        )
        self.chart.set_series(instrument, family.series.get(instrument.id, []))
        self.chart.view.setAccessibleName(
            self.tr("{0}: {1} trend chart").format(family.name, instrument.title)
        )
        self.chart.show()
        self.chart_hint.hide()

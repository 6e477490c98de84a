"""Barriers & changes: what in the system gets in the way of relational work, and the small
changes the team tests against it (plan, do, study, act).

Two tabs, each a list beside an editor; plus a short "Something in the system got in the way"
form opened from a visit with open_record("new:<visit_id>").
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.records import (
    BARRIER_STATUSES,
    CHANGE_TEST_STATUSES,
    IMPACTS,
    ValidationError,
)
from relapp.services import barriers as queries
from relapp.services.barriers import BarrierRow, BarriersOverview, VisitLink
from relapp.services.errors import Record, ServiceError
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when, mode_label
from relapp.ui.kit.dates import OptionalDate, date_edit, iso_date, set_iso_date
from relapp.ui.kit.dialogs import confirm_discard, say, unsaved_words
from relapp.ui.kit.editor import RecordEditor
from relapp.ui.kit.forms import (
    choice_combo,
    editor_header,
    form_layout,
    labelled,
    make_table,
    scrolling,
    select_data,
    tab_chain,
    text_area,
)
from relapp.ui.kit.list_and_editor import ListAndEditor
from relapp.ui.kit.saver import RecordSaver
from relapp.ui.models import Column, RowsModel, RowsProxy
from relapp.ui.widgets import MessageLine, heading, paragraph

log = logging.getLogger("relapp.ui.barriers")

NEW_PREFIX = "new:"
NEW_BARRIER = {"status": "open", "impact": "medium"}
NEW_CHANGE_TEST = {"status": "planned"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("BarriersPage", text)


def status_label(status: str) -> str:
    tr = QCoreApplication.translate
    return {
        "open": tr("BarriersPage", "Open"),
        "being_addressed": tr("BarriersPage", "Being addressed"),
        "resolved": tr("BarriersPage", "Resolved"),
        "planned": tr("BarriersPage", "Planned"),
        "running": tr("BarriersPage", "Running"),
        "studying": tr("BarriersPage", "Studying the results"),
        "adopted": tr("BarriersPage", "Adopted"),
        "adapted": tr("BarriersPage", "Adapted"),
        "abandoned": tr("BarriersPage", "Abandoned"),
    }.get(status, status)


def impact_label(impact: str) -> str:
    tr = QCoreApplication.translate
    return {
        "low": tr("BarriersPage", "Low"),
        "medium": tr("BarriersPage", "Medium"),
        "high": tr("BarriersPage", "High"),
    }.get(impact, impact or "–")


def visit_text(visit: VisitLink) -> str:
    if visit.missing:
        return _tr("A visit that was deleted or cannot be read")
    parts = [format_when(visit.when), visit.family_name, mode_label(visit.mode)]
    return " · ".join(p for p in parts if p)


def category_combo(ctx: AppContext, name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    # Long category names must not force the form wider than the window.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(18)
    combo.setPlaceholderText(_tr("Choose what kind of barrier…"))
    for category in ctx.require_session().definitions.barrier_categories:
        combo.addItem(category.title, category.id)
        combo.setItemData(combo.count() - 1, category.description, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(-1)
    return combo


# ---- barriers ---------------------------------------------------------------------------


class BarrierEditor(RecordEditor):
    kind = "barrier"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = heading(self.tr("Barrier"), 1.25)
        self.category = category_combo(ctx, self.tr("Category"))
        self.category_hint = paragraph("", muted=True)
        self.category.currentIndexChanged.connect(self._show_hint)
        self.description = text_area(
            self.tr("What got in the way"),
            self.tr("Describe what got in the way and how it affected the family or the work."),
            5,
        )
        self.impact = choice_combo(self.tr("Impact"), IMPACTS, impact_label)
        self.status = choice_combo(self.tr("Status"), BARRIER_STATUSES, status_label)
        self.noticed = date_edit(self.tr("Noticed on"))
        self.service = QLineEdit()
        self.service.setAccessibleName(self.tr("Service"))
        self.service.setPlaceholderText(self.tr("For example Family Hub North (optional)"))
        self.visits = QListWidget()
        self.visits.setAccessibleName(self.tr("Linked visits"))
        self.visits.setAccessibleDescription(self.tr("Press Enter to open a visit."))
        self.visits.setWordWrap(True)
        self.visits.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.visits.setMaximumHeight(self.visits.fontMetrics().lineSpacing() * 5 + 12)
        self.visits.itemActivated.connect(self._open_visit)
        self.no_visits = paragraph(
            self.tr("Not linked to a visit. Record a barrier from a visit to link the two."),
            muted=True,
        )
        self.save_button = QPushButton(self.tr("Save barrier"))
        self.save_button.setAccessibleName(self.tr("Save barrier"))
        self.save_button.clicked.connect(self.save)

        form = form_layout()
        form.addRow(self.tr("&Category:"), self.category)
        form.addRow("", self.category_hint)
        form.addRow(self.tr("&Impact:"), self.impact)
        form.addRow(self.tr("&Status:"), self.status)
        form.addRow(self.tr("N&oticed on:"), self.noticed)
        form.addRow(self.tr("Ser&vice:"), self.service)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addLayout(labelled(self.tr("&What got in the way:"), self.description, 1))
        right.addLayout(labelled(self.tr("&Linked visits:"), self.visits))
        right.addWidget(self.no_visits)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(form, 4)
        columns.addLayout(right, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 8, 0)
        layout.setSpacing(12)
        layout.addLayout(editor_header(self.title, self.save_button))
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addStretch(1)
        tab_chain(
            self.category,
            self.impact,
            self.status,
            self.noticed,
            self.service,
            self.description,
            self.visits,
            self.save_button,
        )
        self.watch(self.category, self.description, self.impact, self.status, self.noticed)
        self.watch(self.service)
        self._visit_links: dict[str, VisitLink] = {}

    def field_labels(self) -> dict[str, str]:
        return {
            "category": self.tr("Category"),
            "description": self.tr("What got in the way"),
            "noticed_on": self.tr("Noticed on"),
            "service": self.tr("Service"),
        }

    def set_visit_links(self, links: dict[str, VisitLink]) -> None:
        self._visit_links = links
        self._show_visits(self.data.get("visit_ids", []))

    def saved_text(self) -> str:
        return self.tr("Barrier saved")

    def show_title(self) -> None:
        text = self.tr("Barrier") if self.record_id else self.tr("New barrier")
        self.title.setText(text)
        self.title.setAccessibleName(text)

    def fill(self, data: dict[str, Any]) -> None:
        select_data(self.category, data.get("category"))
        self._show_hint()
        self.description.setPlainText(data.get("description", ""))
        select_data(self.impact, data.get("impact", "medium"))
        select_data(self.status, data.get("status", "open"))
        set_iso_date(self.noticed, data.get("noticed_on", ""))
        self.service.setText(data.get("service", ""))
        self._show_visits(data.get("visit_ids", []))

    def _show_visits(self, visit_ids: list[str]) -> None:
        self.visits.clear()
        for visit_id in visit_ids:
            link = self._visit_links.get(visit_id)
            item = QListWidgetItem(visit_text(link) if link else self.tr("Loading…"))
            item.setData(Qt.ItemDataRole.UserRole, visit_id)
            self.visits.addItem(item)
        self.visits.setVisible(bool(visit_ids))
        self.no_visits.setVisible(not visit_ids)

    def _show_hint(self) -> None:
        tip = self.category.currentData(Qt.ItemDataRole.ToolTipRole)
        self.category_hint.setText(tip or "")
        self.category_hint.setVisible(bool(tip))

    def _open_visit(self, item: QListWidgetItem) -> None:
        visit_id = item.data(Qt.ItemDataRole.UserRole)
        link = self._visit_links.get(visit_id)
        if link is not None and not link.missing:
            self.ctx.open_page("visits", visit_id)

    def collect(self) -> dict[str, Any]:
        data = dict(self.data)
        data.update(
            category=self.category.currentData() or "",
            description=self.description.toPlainText().strip(),
            impact=self.impact.currentData(),
            status=self.status.currentData(),
            noticed_on=iso_date(self.noticed),
        )
        service = self.service.text().strip()
        if service:
            data["service"] = service
        else:
            data.pop("service", None)
        data.setdefault("visit_ids", [])
        return data

    def is_blank(self) -> bool:
        return not self.description.toPlainText().strip()

    def focus_first(self) -> None:
        self.category.setFocus()


class _BarrierFilter(RowsProxy):
    """Filters here; sorting is done by the model in one pass (see relapp.ui.models)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.category = ""
        self.status = ""

    def set_filter(self, category: str, status: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later; invalidateFilter is deprecated
            self.beginFilterChange()
            self.category, self.status = category, status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.category, self.status = category, status
            self.invalidateFilter()

    def filterAcceptsRow(  # noqa: N802 - Qt API
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self.category and not self.status:
            return True
        row: BarrierRow = self.sourceModel().rows[source_row]  # type: ignore[attr-defined]
        return bool(queries.filter_barriers([row], self.category or None, self.status or None))


class BarriersTab(ListAndEditor):
    def __init__(self, ctx: AppContext) -> None:
        editor = BarrierEditor(ctx)
        model = RowsModel(
            [
                Column(_tr("Noticed"), lambda r: format_when(r.noticed_on), lambda r: r.noticed_on),
                Column(_tr("Category"), lambda r: r.category_title),
                Column(
                    _tr("Impact"),
                    lambda r: impact_label(r.impact),
                    lambda r: IMPACTS.index(r.impact) if r.impact in IMPACTS else -1,
                ),
                Column(
                    _tr("Status"),
                    lambda r: status_label(r.status),
                    lambda r: (
                        BARRIER_STATUSES.index(r.status) if r.status in BARRIER_STATUSES else 9
                    ),
                ),
                Column(_tr("Description"), lambda r: r.first_line),
            ]
        )
        super().__init__(ctx, editor, model)
        self.editor: BarrierEditor
        self.filter = _BarrierFilter(self)
        self.filter.setSourceModel(model)
        table = make_table(self.tr("Barriers"), self.filter, [130, 250, 80, 140])
        table.sortByColumn(0, Qt.SortOrder.DescendingOrder)

        self.category_filter = QComboBox()
        self.category_filter.setAccessibleName(self.tr("Show barriers of category"))
        self.category_filter.addItem(self.tr("All categories"), "")
        for category in ctx.require_session().definitions.barrier_categories:
            self.category_filter.addItem(category.title, category.id)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("Show barriers with status"))
        self.status_filter.addItem(self.tr("Any status"), "")
        for status in BARRIER_STATUSES:
            self.status_filter.addItem(status_label(status), status)
        self.category_filter.currentIndexChanged.connect(self._filter_changed)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self.new_button = QPushButton(self.tr("&New barrier"))
        self.new_button.setAccessibleName(self.tr("New barrier"))
        self.new_button.setToolTip(self.tr("Record a new barrier (Ctrl+N)"))
        self.new_button.clicked.connect(self.new)

        filters = QHBoxLayout()
        category_label = QLabel(self.tr("Ca&tegory:"))
        category_label.setBuddy(self.category_filter)
        status_label_widget = QLabel(self.tr("Stat&us:"))
        status_label_widget.setBuddy(self.status_filter)
        filters.addWidget(category_label)
        filters.addWidget(self.category_filter)
        filters.addSpacing(12)
        filters.addWidget(status_label_widget)
        filters.addWidget(self.status_filter)
        filters.addStretch(1)
        filters.addWidget(self.new_button)

        empty = paragraph(
            self.tr("No barriers recorded yet — press Ctrl+N to record one."), muted=True
        )
        empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.no_match = paragraph(
            self.tr("No barriers match these filters. Choose “All categories” or “Any status”."),
            muted=True,
        )
        self.no_match.hide()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(8)
        left_layout.addLayout(filters)
        left_layout.addWidget(table, 1)
        left_layout.addWidget(empty, 1)
        left_layout.addWidget(self.no_match)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(scrolling(editor))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(splitter)
        self.setup(table, self.filter, empty, NEW_BARRIER)
        tab_chain(self.category_filter, self.status_filter, self.new_button, table, editor.category)

    def _filter_changed(self) -> None:
        self.filter.set_filter(
            self.category_filter.currentData() or "", self.status_filter.currentData() or ""
        )
        self.no_match.setVisible(bool(self.model.rows) and self.filter.rowCount() == 0)

    def set_overview(self, overview: BarriersOverview) -> None:
        self.editor.set_visit_links(overview.visits)
        self.set_rows(overview.barriers)
        self._filter_changed()

    def show_record(self, record_id: str) -> None:
        if not self.select_id(record_id):
            self.category_filter.setCurrentIndex(0)
            self.status_filter.setCurrentIndex(0)
            self.select_id(record_id)
        self.table.setFocus()

    def new(self) -> None:
        if self.new_record(NEW_BARRIER):
            self.editor.focus_first()


# ---- change tests -----------------------------------------------------------------------


class ChangeTestEditor(RecordEditor):
    kind = "change_test"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = heading(self.tr("Change test"), 1.25)
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Title"))
        self.name.setPlaceholderText(self.tr("A short name for the change you are trying"))
        self.status = choice_combo(self.tr("Status"), CHANGE_TEST_STATUSES, status_label)
        self.start = OptionalDate(self.tr("Start date"), self.tr("Started or starts on"))
        self.end = OptionalDate(self.tr("End date"), self.tr("Ended on"))
        self.plan = text_area(
            self.tr("Plan"),
            self.tr("What will you try, who will do what, and what do you expect to happen?"),
        )
        self.do = text_area(self.tr("Do"), self.tr("What happened when you tried it?"))
        self.study = text_area(
            self.tr("Study"),
            self.tr("What did you learn? How does it compare with what you expected?"),
        )
        self.act = text_area(
            self.tr("Act"), self.tr("Adopt, adapt or abandon the change — and what happens next?")
        )
        self.measure = text_area(
            self.tr("Measure"), self.tr("How will you know whether it helped?"), 2
        )
        self.outcome = text_area(self.tr("Outcome"), self.tr("What came of it, in a sentence."), 2)
        self.barriers = QListWidget()
        self.barriers.setAccessibleName(self.tr("Barriers this change tries to remove"))
        self.barriers.setAccessibleDescription(self.tr("Press Space to tick or untick a barrier."))
        self.barriers.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.barriers.setTextElideMode(Qt.TextElideMode.ElideRight)
        lines = self.barriers.fontMetrics().lineSpacing()
        self.barriers.setMinimumHeight(lines * 4 + 12)
        self.barriers.setMaximumHeight(lines * 7 + 12)
        self.barriers.itemChanged.connect(self.changed)
        self.no_barriers = paragraph(
            self.tr("No barriers recorded yet. Record one on the Barriers tab to link it here."),
            muted=True,
        )
        self.save_button = QPushButton(self.tr("Save change test"))
        self.save_button.setAccessibleName(self.tr("Save change test"))
        self.save_button.clicked.connect(self.save)

        form = form_layout()
        form.addRow(self.tr("&Title:"), self.name)
        form.addRow(self.tr("&Status:"), self.status)
        form.addRow(self.tr("Start:"), self.start)
        form.addRow(self.tr("&End:"), self.end)
        linked = QVBoxLayout()
        linked.addLayout(labelled(self.tr("&Barriers it tries to remove:"), self.barriers))
        linked.addWidget(self.no_barriers)
        linked.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(24)
        top.addLayout(form, 1)
        top.addLayout(linked, 1)
        # Plan, do, study, act as the cycle is usually drawn: two by two.
        cycle = QGridLayout()
        cycle.setHorizontalSpacing(24)
        cycle.setVerticalSpacing(12)
        cycle.addLayout(labelled(self.tr("&Plan"), self.plan), 0, 0)
        cycle.addLayout(labelled(self.tr("&Do"), self.do), 0, 1)
        cycle.addLayout(labelled(self.tr("St&udy"), self.study), 1, 0)
        cycle.addLayout(labelled(self.tr("&Act"), self.act), 1, 1)
        cycle.addLayout(labelled(self.tr("&Measure"), self.measure), 2, 0)
        cycle.addLayout(labelled(self.tr("&Outcome"), self.outcome), 2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 8, 0)
        layout.setSpacing(12)
        layout.addLayout(editor_header(self.title, self.save_button))
        layout.addLayout(top)
        layout.addLayout(cycle)
        layout.addWidget(self.message)
        layout.addStretch(1)
        tab_chain(
            self.name,
            self.status,
            self.start.check,
            self.start.edit,
            self.end.check,
            self.end.edit,
            self.barriers,
            self.plan,
            self.do,
            self.study,
            self.act,
            self.measure,
            self.outcome,
            self.save_button,
        )
        self.watch(self.name, self.status, self.plan, self.do, self.study, self.act)
        self.watch(self.measure, self.outcome)
        self.start.changed.connect(self.changed)
        self.end.changed.connect(self.changed)
        self._choices: list[BarrierRow] = []

    def field_labels(self) -> dict[str, str]:
        return {
            "title": self.tr("Title"),
            "start_date": self.tr("Start"),
            "end_date": self.tr("End"),
        }

    def saved_text(self) -> str:
        return self.tr("Change test saved")

    def show_title(self) -> None:
        text = self.tr("Change test") if self.record_id else self.tr("New change test")
        self.title.setText(text)
        self.title.setAccessibleName(text)

    def set_barrier_choices(self, rows: list[BarrierRow]) -> None:
        self._choices = rows
        loading, self._loading = self._loading, True
        try:
            ticked = self._ticked() if self.barriers.count() else self.data.get("barrier_ids", [])
            self._fill_barriers(ticked)
        finally:
            self._loading = loading

    def _fill_barriers(self, ticked: list[str]) -> None:
        self.barriers.clear()
        known = {row.id for row in self._choices}
        for row in self._choices:
            self._add_barrier(row.id, row.label, row.id in ticked)
        for missing in (b for b in ticked if b not in known):
            self._add_barrier(
                missing, self.tr("A barrier that was deleted or cannot be read"), True
            )
        self.no_barriers.setVisible(not self.barriers.count())
        self.barriers.setVisible(bool(self.barriers.count()))

    def _add_barrier(self, barrier_id: str, text: str, ticked: bool) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, barrier_id)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        item.setToolTip(text)
        self.barriers.addItem(item)

    def _ticked(self) -> list[str]:
        return [
            self.barriers.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.barriers.count())
            if self.barriers.item(i).checkState() == Qt.CheckState.Checked
        ]

    def fill(self, data: dict[str, Any]) -> None:
        self.name.setText(data.get("title", ""))
        select_data(self.status, data.get("status", "planned"))
        self.start.set_value(data.get("start_date", ""))
        self.end.set_value(data.get("end_date", ""))
        for edit, key in (
            (self.plan, "plan"),
            (self.do, "do"),
            (self.study, "study"),
            (self.act, "act"),
            (self.measure, "measure"),
            (self.outcome, "outcome"),
        ):
            edit.setPlainText(data.get(key, ""))
        self._fill_barriers(list(data.get("barrier_ids", [])))

    def collect(self) -> dict[str, Any]:
        data = dict(self.data)
        data["title"] = self.name.text().strip()
        data["status"] = self.status.currentData()
        data["barrier_ids"] = self._ticked()
        for key, value in (
            ("start_date", self.start.value()),
            ("end_date", self.end.value()),
            ("plan", self.plan.toPlainText().strip()),
            ("do", self.do.toPlainText().strip()),
            ("study", self.study.toPlainText().strip()),
            ("act", self.act.toPlainText().strip()),
            ("measure", self.measure.toPlainText().strip()),
            ("outcome", self.outcome.toPlainText().strip()),
        ):
            if value:
                data[key] = value
            else:
                data.pop(key, None)
        return data

    def is_blank(self) -> bool:
        data = self.collect()
        return not any(data.get(k) for k in ("title", "plan", "do", "study", "act", "measure"))

    def flush_data(self) -> dict[str, Any] | None:
        # Words typed before a lock are kept even if the title was never filled in.
        if not self.name.text().strip():
            self._loading = True
            self.name.setText(self.tr("Untitled change test"))
            self._loading = False
        return super().flush_data()

    def focus_first(self) -> None:
        self.name.setFocus()


class ChangeTestsTab(ListAndEditor):
    def __init__(self, ctx: AppContext) -> None:
        editor = ChangeTestEditor(ctx)
        model = RowsModel(
            [
                Column(_tr("Title"), lambda r: r.title),
                Column(
                    _tr("Status"),
                    lambda r: status_label(r.status),
                    lambda r: (
                        CHANGE_TEST_STATUSES.index(r.status)
                        if r.status in CHANGE_TEST_STATUSES
                        else 9
                    ),
                ),
                Column(_tr("Start"), lambda r: format_when(r.start_date), lambda r: r.start_date),
                Column(_tr("End"), lambda r: format_when(r.end_date), lambda r: r.end_date),
                Column(_tr("Barriers"), lambda r: ", ".join(r.barrier_titles)),
            ]
        )
        super().__init__(ctx, editor, model)
        self.editor: ChangeTestEditor
        proxy = RowsProxy(self)  # sorting is done by the model (see relapp.ui.models)
        proxy.setSourceModel(model)
        table = make_table(self.tr("Change tests"), proxy, [320, 150, 130, 130])
        table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.new_button = QPushButton(self.tr("&New change test"))
        self.new_button.setAccessibleName(self.tr("New change test"))
        self.new_button.setToolTip(self.tr("Plan a new change test (Ctrl+N)"))
        self.new_button.clicked.connect(self.new)
        intro = paragraph(
            self.tr(
                "A change test is a small, time-limited change to how the system works, tried "
                "against one or more barriers: plan it, do it, study what happened, then act."
            ),
            muted=True,
        )
        empty = paragraph(self.tr("No change tests yet — press Ctrl+N to plan one."), muted=True)
        empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addSpacing(24)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)
        left_layout.addLayout(top)
        left_layout.addWidget(table, 1)
        left_layout.addWidget(empty, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(scrolling(editor))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(splitter)
        self.setup(table, proxy, empty, NEW_CHANGE_TEST)
        tab_chain(self.new_button, table, editor.name)

    def set_overview(self, overview: BarriersOverview) -> None:
        self.editor.set_barrier_choices(overview.barriers)
        self.set_rows(overview.change_tests)

    def show_record(self, record_id: str) -> None:
        self.select_id(record_id)
        self.table.setFocus()

    def new(self) -> None:
        if self.new_record(NEW_CHANGE_TEST):
            self.editor.focus_first()


# ---- the quick form from a visit -------------------------------------------------------


class QuickBarrierForm(QWidget):
    """ "Something in the system got in the way": three questions, linked to the visit."""

    done = Signal(str)  # the new barrier's id, or "" when cancelled

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.visit: VisitLink | None = None
        self.visit_id = ""
        self.saver = RecordSaver(ctx, "barrier", None, None, self)
        self.saver.saved.connect(self._saved)
        self.saver.failed.connect(self._failed)
        self.title = heading(self.tr("Something in the system got in the way"), 1.35)
        self.about = paragraph("", muted=True)
        self.category = category_combo(ctx, self.tr("What kind of barrier"))
        self.hint = paragraph("", muted=True)
        self.category.currentIndexChanged.connect(self._show_hint)
        self.sentence = QLineEdit()
        self.sentence.setAccessibleName(self.tr("What got in the way, in one sentence"))
        self.sentence.setPlaceholderText(
            self.tr("For example: no interpreter could be booked in time")
        )
        self.sentence.returnPressed.connect(self.save)
        self.impact_group = QButtonGroup(self)
        impact_row = QHBoxLayout()
        self.impact_buttons: dict[str, QRadioButton] = {}
        for text, value in (
            (self.tr("&Low"), "low"),
            (self.tr("&Medium"), "medium"),
            (self.tr("Hi&gh"), "high"),
        ):
            button = QRadioButton(text)
            button.setAccessibleName(self.tr("Impact: {0}").format(impact_label(value)))
            self.impact_group.addButton(button)
            self.impact_buttons[value] = button
            impact_row.addWidget(button)
        impact_row.addStretch(1)
        self.impact_buttons["medium"].setChecked(True)
        self.message = MessageLine()
        self.save_button = QPushButton(self.tr("&Save barrier"))
        self.save_button.setAccessibleName(self.tr("Save barrier"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self,
            self.cancel,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

        form = form_layout()
        form.addRow(self.tr("&Kind of barrier:"), self.category)
        form.addRow("", self.hint)
        form.addRow(self.tr("&What got in the way?"), self.sentence)
        form.addRow(self.tr("How much did it matter?"), impact_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        card = QFrame()
        card.setObjectName("card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(680)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.about)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addLayout(buttons)
        note = paragraph(
            self.tr(
                "Barriers are shared with your team without family names, so that together you "
                "can see what gets in the way and try small changes. You can add more detail "
                "later on the Barriers tab."
            ),
            muted=True,
        )
        inner.addWidget(note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        tab_chain(
            self.category,
            self.sentence,
            self.impact_buttons["low"],
            self.save_button,
            self.cancel_button,
        )

    def start(self, visit_id: str) -> None:
        self.visit_id = visit_id
        self.visit = None
        if not self.saver.busy:
            self.saver.deleteLater()
        self.saver = RecordSaver(self.ctx, "barrier", None, None, self)
        self.saver.saved.connect(self._saved)
        self.saver.failed.connect(self._failed)
        self.category.setCurrentIndex(-1)
        self.sentence.clear()
        self.impact_buttons["medium"].setChecked(True)
        self.message.clear_message()
        self.save_button.setEnabled(True)
        self.about.setText(self.tr("From a visit…") if visit_id else "")
        if visit_id:
            records = self.ctx.require_session().records
            self.ctx.runner.read(
                lambda _t: queries.visit_link(records, visit_id), self._visit_loaded, owner=self
            )
        self.category.setFocus()

    def _visit_loaded(self, visit: VisitLink) -> None:
        if visit.visit_id != self.visit_id:
            return
        self.visit = None if visit.missing else visit
        self.about.setText(
            self.tr("It will be linked to the visit: {0}.").format(visit_text(visit))
            if not visit.missing
            else self.tr("The visit could not be found; the barrier will be saved on its own.")
        )

    def _show_hint(self) -> None:
        tip = self.category.currentData(Qt.ItemDataRole.ToolTipRole)
        self.hint.setText(tip or "")
        self.hint.setVisible(bool(tip))

    def impact(self) -> str:
        return next(v for v, b in self.impact_buttons.items() if b.isChecked())

    def data(self) -> dict[str, Any]:
        visit = self.visit
        if visit is None and self.visit_id:
            # The visit's details are still loading: link it anyway.
            visit = VisitLink(self.visit_id, "", "", "", "")
        return queries.quick_barrier(
            self.category.currentData() or "", self.sentence.text(), self.impact(), visit
        )

    def save(self) -> None:
        labels = {
            "category": self.tr("The kind of barrier"),
            "description": self.tr("What got in the way"),
        }
        if self.category.currentIndex() < 0:
            self.message.show_error(self.tr("Choose the kind of barrier."))
            self.category.setFocus()
            return
        if not self.sentence.text().strip():
            self.message.show_error(self.tr("Say in a sentence what got in the way."))
            self.sentence.setFocus()
            return
        try:
            data = self.ctx.require_session().records.prepare("barrier", self.data())
        except (ValidationError, ServiceError) as exc:
            self.message.show_error(say(exc, labels, otherwise=unsaved_words()))
            return
        self.save_button.setEnabled(False)
        self.saver.save(data)

    def _saved(self, record: Record, _tag: int) -> None:
        self.ctx.show_saved(self.tr("Barrier saved and linked to the visit"))
        self.ctx.notify_changed("barrier")
        self.done.emit(record.id)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.show_error(say(exc, {}, otherwise=unsaved_words()))

    def has_words(self) -> bool:
        return bool(self.sentence.text().strip()) and self.saver.record_id is None

    def cancel(self) -> None:
        if self.saver.busy:
            return
        if self.has_words() and not confirm_discard(
            self, self.tr("Discard this barrier?"), self.tr("What you wrote will not be saved.")
        ):
            return
        self.sentence.clear()
        self.done.emit("")

    def flush(self) -> None:
        if not self.has_words() or self.saver.busy or self.category.currentIndex() < 0:
            return
        try:
            data = self.ctx.require_session().records.prepare("barrier", self.data())
        except (ValidationError, ServiceError) as exc:
            log.warning("a quick barrier could not be saved before locking: %s", exc)
            return
        self.saver.save_now(data)
        self.ctx.notify_changed("barrier")


# ---- the page ---------------------------------------------------------------------------


class BarriersPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._pending_open = ""
        self._loaded = False
        # Shown again, the page reloads only after a change (ctx.records_changed) or on a
        # new day.
        self._stale = True
        self._loaded_on: date | None = None
        self.barriers = BarriersTab(ctx)
        self.changes = ChangeTestsTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Barriers and change tests"))
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.barriers, self.tr("Barriers"))
        self.tabs.addTab(self.changes, self.tr("Change tests"))
        self.quick = QuickBarrierForm(ctx)
        self.quick.done.connect(self._quick_done)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.quick)
        self.notice = MessageLine()
        self.back_button = QPushButton(self.tr("Back to the &visit"))
        self.back_button.setAccessibleName(self.tr("Back to the visit"))
        self.back_button.clicked.connect(self._back_to_visit)
        self.back_button.hide()
        self._back_visit = ""
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.back_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Barriers & changes")))
        layout.addWidget(
            paragraph(
                self.tr(
                    "What in the system gets in the way of relational work, and the small "
                    "changes your team tries against it."
                ),
                muted=True,
            )
        )
        layout.addLayout(notice_row)
        layout.addWidget(self.stack, 1)
        ctx.records_changed.connect(self._records_changed)

    # ---- the page protocol ---------------------------------------------------------------

    def refresh(self) -> None:
        if self._stale or self._loaded_on != date.today():
            self.reload()

    def reload(self) -> None:
        if self.ctx.session is None:
            return
        records = self.ctx.session.records
        self._stale = False
        self._loaded_on = date.today()
        self.ctx.runner.read(
            lambda _t: queries.load_overview(records),
            self._overview_loaded,
            self._load_failed,
            owner=self,
        )

    def open_record(self, record_id: str) -> None:
        if record_id.startswith(NEW_PREFIX):
            self.quick_barrier(record_id.removeprefix(NEW_PREFIX))
            return
        if record_id.startswith("kept:"):  # from Today: a new one typed but not saved yet
            tab = self.changes if record_id == "kept:change_test" else self.barriers
            self.tabs.setCurrentWidget(tab)
            tab.new()
            return
        if not self._loaded or (
            record_id not in self.barriers.rows_by_id and record_id not in self.changes.rows_by_id
        ):
            self._pending_open = record_id  # shown when the lists arrive
            return
        self._show(record_id)

    def new_record(self) -> None:
        if self.stack.currentWidget() is self.quick:
            return
        if self.tabs.currentWidget() is self.changes:
            self.changes.new()
        else:
            self.barriers.new()

    def flush(self) -> None:
        for flush in (self.barriers.editor.flush, self.changes.editor.flush, self.quick.flush):
            try:
                flush()
            except Exception:  # noqa: BLE001 - one editor failing must not stop the others
                log.exception("a barriers page editor failed to save")

    # ---- internals -----------------------------------------------------------------------

    def quick_barrier(self, visit_id: str) -> None:
        self.back_button.hide()
        self.notice.clear_message()
        self.stack.setCurrentWidget(self.quick)
        self.quick.start(visit_id)

    def _quick_done(self, barrier_id: str) -> None:
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentWidget(self.barriers)
        if barrier_id:
            self._pending_open = barrier_id
            self._back_visit = self.quick.visit_id
            self.notice.show_info(self.tr("Barrier saved and linked to the visit."))
            self.back_button.setVisible(bool(self._back_visit))
            self.reload()

    def _back_to_visit(self) -> None:
        self.back_button.hide()
        self.notice.clear_message()
        if self._back_visit:
            self.ctx.open_page("visits", self._back_visit)

    def _records_changed(self, kind: str) -> None:
        if kind in ("barrier", "change_test", "visit", "family"):
            self._stale = True
            if self.isVisible():
                self.reload()

    def _overview_loaded(self, overview: BarriersOverview) -> None:
        self._loaded = True
        self.barriers.set_overview(overview)
        self.changes.set_overview(overview)
        if overview.unreadable:
            self.notice.show_error(
                self.tr(
                    "{0} record(s) could not be read and are not shown. Ask IT to check this "
                    "laptop's Relapp profile."
                ).format(overview.unreadable)
            )
        if self._pending_open:
            record_id, self._pending_open = self._pending_open, ""
            self._show(record_id)

    def _load_failed(self, exc: BaseException) -> None:
        self._stale = True  # try again when the page is next shown
        if self.ctx.session is not None:
            log.error("loading barriers failed: %s: %s", type(exc).__name__, exc)
            self.notice.show_error(self.tr("The barriers could not be loaded. Try again."))

    def _show(self, record_id: str) -> None:
        self.stack.setCurrentWidget(self.tabs)
        if record_id in self.barriers.rows_by_id:
            self.tabs.setCurrentWidget(self.barriers)
            self.barriers.show_record(record_id)
        elif record_id in self.changes.rows_by_id:
            self.tabs.setCurrentWidget(self.changes)
            self.changes.show_record(record_id)

"""The Barriers tab: the list of barriers, filtered by category and status, beside the editor of
the one selected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.records import BARRIER_STATUSES, IMPACTS
from relapp.services import barriers as queries
from relapp.services.barriers import BarrierRow, BarriersOverview, VisitLink
from relapp.ui.barrier_labels import (
    NEW_BARRIER,
    category_combo,
    impact_label,
    status_label,
    visit_text,
)
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when
from relapp.ui.kit.dates import date_edit, iso_date, set_iso_date
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
from relapp.ui.models import Column, RowsModel, RowsProxy
from relapp.ui.widgets import heading, paragraph


def _tr(text: str) -> str:
    return QCoreApplication.translate("BarriersPage", text)


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

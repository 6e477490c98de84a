"""The Change tests tab: the small changes the team tries against barriers (plan, do, study,
act), listed beside the editor of the one selected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.records import CHANGE_TEST_STATUSES
from relapp.services.barriers import BarrierRow, BarriersOverview
from relapp.ui.barrier_labels import NEW_CHANGE_TEST, status_label
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when
from relapp.ui.kit.dates import OptionalDate
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

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
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
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
from relapp.services.errors import Record, ServiceError, VaultError
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when, mode_label
from relapp.ui.kept_form import KeptForm
from relapp.ui.models import ROW_ROLE, Column, RowsModel, RowsProxy
from relapp.ui.widgets import MessageLine, heading, paragraph

log = logging.getLogger("relapp.ui.barriers")

AUTOSAVE_MS = 3000
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


def problem_sentence(exc: BaseException, labels: dict[str, str]) -> str:
    """A validation or vault error as a sentence naming the field as the form does."""
    if isinstance(exc, ValidationError):
        label = labels.get(exc.field, exc.field.replace("_", " "))
        return _tr("{0} {1}.").format(label, exc.message)
    if isinstance(exc, ServiceError | VaultError):
        return str(exc)
    log.error("saving failed: %s: %s", type(exc).__name__, exc)
    return _tr("That could not be saved. Your text is still here; try again.")


def iso_date(edit: QDateEdit) -> str:
    return edit.date().toString(Qt.DateFormat.ISODate)


def set_iso_date(edit: QDateEdit, value: str) -> None:
    day = QDate.fromString(value[:10], Qt.DateFormat.ISODate) if value else QDate()
    edit.setDate(day if day.isValid() else QDate.currentDate())


def date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    edit.setDate(QDate.currentDate())
    edit.setAccessibleName(name)
    return edit


def text_area(name: str, placeholder: str, lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    height = edit.fontMetrics().lineSpacing() * lines + 14
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(int(height * 1.6))
    return edit


def choice_combo(name: str, values: tuple[str, ...], label: Any) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for value in values:
        combo.addItem(label(value), value)
    return combo


def select_data(combo: QComboBox, value: Any) -> None:
    combo.setCurrentIndex(combo.findData(value) if value is not None else -1)


# ---- saving -----------------------------------------------------------------------------


class RecordSaver(QObject):
    """Saves one record through the write queue, one version at a time.

    A save asked for while another is running waits and then saves the newest data, so
    versions never race. Owned by the editor: when the editor goes (at lock), late results
    are dropped with it. save_now() is for flush-before-lock only.
    """

    saved = Signal(object, int)  # the Record, the tag given to save()
    failed = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        record_id: str | None,
        version: int | None,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.kind = ctx, kind
        self.record_id, self.version = record_id, version
        self._in_flight = False
        self._pending: tuple[dict[str, Any], int] | None = None

    @property
    def busy(self) -> bool:
        return self._in_flight or self._pending is not None

    def save(self, data: dict[str, Any], tag: int = 0) -> None:
        if self._in_flight:
            self._pending = (data, tag)
            return
        if self.ctx.session is None:
            return  # locked: flush() already saved what was on screen
        self._in_flight = True
        records = self.ctx.session.records
        record_id, version, kind = self.record_id, self.version, self.kind

        def work(_task: object) -> tuple[Record, int]:
            record = records.save(kind, data, record_id=record_id, expected_version=version)
            # Set here, on the worker, so a flush that waits for the queue sees the new version.
            self.record_id, self.version = record.id, record.version
            return record, tag

        self.ctx.runner.write(work, self._done, self._failed, owner=self)

    def _done(self, outcome: tuple[Record, int]) -> None:
        self._in_flight = False
        if self._pending is not None:
            data, tag = self._pending
            self._pending = None
            self.save(data, tag)
            return
        self.saved.emit(*outcome)

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self._pending = None
        self.failed.emit(exc)

    def flush(self) -> None:
        """Save a save that is still waiting its turn, now (before a lock)."""
        if self._pending is not None:
            self.save_now(self._pending[0])

    def save_now(self, data: dict[str, Any]) -> Record:
        """Save on this thread, after anything already queued (before a lock)."""
        if self._in_flight:
            self.ctx.runner.wait_idle()
        self._pending = None
        records = self.ctx.require_session().records
        record = records.save(
            self.kind, data, record_id=self.record_id, expected_version=self.version
        )
        self.record_id, self.version = record.id, record.version
        return record


class RecordEditor(QWidget):
    """What the barrier and change-test editors share: dirty tracking, autosave after a pause
    in typing, saving through RecordSaver, and a message line."""

    kind = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: dict[str, Any] = {}
        self.saver = self._new_saver(None, None)
        self._retired: list[RecordSaver] = []  # earlier records' savers still saving
        self._edits = 0
        self._clean_at = 0
        self._loading = False
        self.message = MessageLine()
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self._autosave)
        # A form that cannot be saved as its record yet (a new barrier with no title) is kept
        # as it is typed (relapp.ui.kept_form); a new one as this kind's "new" form, which
        # comes back at the next New.
        self.kept = KeptForm(ctx, self.kind, self._kept_state, self)

    def _kept_key(self) -> str:
        return self.record_id or "new"

    def _kept_state(self) -> tuple[str, str, dict[str, Any]] | None:
        if not self.dirty:
            return None
        if self.record_id is None and self.is_blank():
            return "new", "", {}
        if self.record_id is not None and self._valid():
            return None  # the autosave keeps it as the record itself
        return self._kept_key(), "", self.collect()

    def _valid(self) -> bool:
        try:
            self.ctx.require_session().records.prepare(self.kind, self.collect())
        except (ValidationError, ServiceError):
            return False
        return True

    def _new_saver(self, record_id: str | None, version: int | None) -> RecordSaver:
        saver = RecordSaver(self.ctx, self.kind, record_id, version, self)
        saver.saved.connect(self._saved)
        saver.failed.connect(self._failed)
        return saver

    # subclasses fill these in
    def fill(self, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def saved_text(self) -> str:
        return self.tr("Saved")

    def show_title(self) -> None:
        pass

    def collect(self) -> dict[str, Any]:
        raise NotImplementedError

    def field_labels(self) -> dict[str, str]:
        return {}

    def is_blank(self) -> bool:
        """A new record nobody has typed anything into: nothing to save."""
        return False

    @property
    def record_id(self) -> str | None:
        return self.saver.record_id

    @property
    def dirty(self) -> bool:
        return self._edits != self._clean_at

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            for name in ("textChanged", "currentIndexChanged", "dateChanged", "toggled"):
                signal = getattr(widget, name, None)
                if signal is not None:
                    signal.connect(self.changed)
                    break

    def changed(self, *_args: object) -> None:
        if self._loading:
            return
        self._edits += 1
        self.message.clear_message()
        self.kept.changed()
        if self.record_id is not None:  # a new record is saved by the person, not a timer
            self.autosave.start()

    def load(self, record_id: str | None, version: int | None, data: dict[str, Any]) -> None:
        self.autosave.stop()
        self._retired = [s for s in self._retired if s.busy]
        if self.saver.busy:
            self._retired.append(self.saver)  # it finishes saving the record left behind
        else:
            self.saver.deleteLater()
        self.saver = self._new_saver(record_id, version)
        self.data = dict(data)
        self._loading = True
        try:
            self.show_title()
            self.fill(self.data)
        finally:
            self._loading = False
        self._edits = self._clean_at = 0
        self.message.clear_message()
        kept = self.kept.load(self._kept_key())
        if kept:
            self._loading = True
            try:
                self.fill(kept)
            finally:
                self._loading = False
            self._edits = 1  # not saved as the record yet
            self.message.show_info(
                self.tr("This is what you were typing before; it is not saved yet.")
            )

    def validated(self) -> dict[str, Any] | None:
        try:
            return self.ctx.require_session().records.prepare(self.kind, self.collect())
        except (ValidationError, ServiceError) as exc:
            self.message.show_error(problem_sentence(exc, self.field_labels()))
            return None

    def save(self) -> bool:
        """Queue a save of what is on screen; False (with a message) when it cannot be saved."""
        self.autosave.stop()
        data = self.validated()
        if data is None:
            return False
        self.saver.save(data, self._edits)
        return True

    def _autosave(self) -> None:
        if self.dirty:
            self.save()

    def _saved(self, record: Record, tag: int) -> None:
        if self.sender() is self.saver:  # not a previous record's late save
            self.data = dict(record.data)
            if tag == self._edits:
                self._clean_at = tag
                self.kept.clear(record.id)
                self.kept.clear("new")
            self.show_title()
            self.message.show_info(self.tr("Saved."))
        self.ctx.show_saved(self.saved_text())
        self.ctx.notify_changed(self.kind)

    def _failed(self, exc: BaseException) -> None:
        if self.sender() is self.saver:
            self.message.show_error(problem_sentence(exc, self.field_labels()))
        else:
            log.error("saving a %s failed after moving on: %s", self.kind, exc)

    def flush(self) -> None:
        """Save pending edits now, on this thread (before a lock or hand-over)."""
        self.autosave.stop()
        for saver in self._retired:
            saver.flush()
        if not self.dirty or (self.record_id is None and self.is_blank()):
            return
        data = self.flush_data()
        if data is None:
            self.kept.keep_now()  # not a valid record yet: kept as typed, listed on Today
            return
        record = self.saver.save_now(data)
        self.data = dict(record.data)
        self._clean_at = self._edits
        self.kept.clear(record.id)
        self.kept.clear("new")
        self.ctx.notify_changed(self.kind)

    def flush_data(self) -> dict[str, Any] | None:
        try:
            return self.ctx.require_session().records.prepare(self.kind, self.collect())
        except (ValidationError, ServiceError) as exc:
            log.warning("unsaved %s could not be saved before locking: %s", self.kind, exc)
            return None

    def leave(self) -> bool:
        """Before showing another record: save what changed. False keeps this one on screen."""
        if not self.dirty or (self.record_id is None and self.is_blank()):
            return True
        return self.save()


def scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
    form.setVerticalSpacing(10)
    return form


def labelled(text: str, field: QWidget, stretch: int = 0) -> QVBoxLayout:
    """A label above its field, for the wide two-column editors."""
    label = QLabel(text)
    label.setBuddy(field.focusProxy() or field)
    column = QVBoxLayout()
    column.setSpacing(4)
    column.addWidget(label)
    column.addWidget(field, stretch)
    return column


def tab_chain(*widgets: QWidget) -> None:
    """Tab visits these in this order."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)


def editor_header(title: QLabel, save_button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(title, 1)
    row.addWidget(save_button, 0, Qt.AlignmentFlag.AlignBottom)
    return row


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


def make_table(name: str, model: QSortFilterProxyModel, widths: list[int]) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSortingEnabled(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    rows = table.verticalHeader().defaultSectionSize()
    table.setMinimumHeight(header.sizeHint().height() + rows * 4 + 2 * table.frameWidth())
    return table


class ListAndEditor(QWidget):
    """A filtered table beside a record editor; selecting a row loads it (after saving)."""

    def __init__(self, ctx: AppContext, editor: RecordEditor, model: RowsModel) -> None:
        super().__init__()
        self.ctx = ctx
        self.editor = editor
        self.model = model
        self.rows_by_id: dict[str, Any] = {}
        self._selecting = False
        self._started = False  # the first list shown opens its first record

    def setup(
        self, table: QTableView, proxy: RowsProxy, empty: QLabel, blank: dict[str, Any]
    ) -> None:
        self.table, self.proxy, self.empty = table, proxy, empty
        table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.editor.load(None, None, blank)  # until the list arrives: ready for a new one

    def set_rows(self, rows: list[Any]) -> None:
        self.rows_by_id = {row.id: row for row in rows}
        self._selecting = True
        try:
            self.model.set_rows(rows)
        finally:
            self._selecting = False
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        current = self.editor.record_id
        if current and current in self.rows_by_id:
            self.select_id(current, load=False)
            row = self.rows_by_id[current]
            if not self.editor.dirty and row.version > (self.editor.saver.version or 0):
                self.editor.load(row.id, row.version, row.data)  # changed elsewhere
        elif not self._started and rows and not self.editor.dirty:
            index = self.proxy.index(0, 0)
            self.select_id(index.data(ROW_ROLE).id)
        self._started = self._started or bool(rows)

    def select_id(self, record_id: str, load: bool = True) -> bool:
        index = self.proxy.index_of(record_id) if record_id else QModelIndex()
        if not index.isValid():
            return False
        self._selecting = not load
        try:
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
        finally:
            self._selecting = False
        return True

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        row = current.data(ROW_ROLE)
        if row.id == self.editor.record_id:
            return
        if not self.editor.leave():
            # The record on screen cannot be saved as it is: keep it there, with the message.
            self._selecting = True
            try:
                if previous.isValid():
                    self.table.setCurrentIndex(previous)
                else:
                    self.table.clearSelection()
            finally:
                self._selecting = False
            return
        self.editor.load(row.id, row.version, row.data)

    def new_record(self, data: dict[str, Any]) -> bool:
        if not self.editor.leave():
            return False
        self._selecting = True
        try:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
        finally:
            self._selecting = False
        self.editor.load(None, None, data)
        self._started = True
        return True


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


class OptionalDate(QWidget):
    """A date that may not be known yet: a check box, then the date."""

    changed = Signal()

    def __init__(self, name: str, check_text: str) -> None:
        super().__init__()
        self.check = QCheckBox(check_text)
        self.check.setAccessibleName(check_text)
        self.edit = date_edit(name)
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(lambda _on: self.changed.emit())
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)

    def value(self) -> str:
        return iso_date(self.edit) if self.check.isChecked() else ""

    def set_value(self, value: str) -> None:
        set_iso_date(self.edit, value)
        self.check.setChecked(bool(value))


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
            self.message.show_error(problem_sentence(exc, labels))
            return
        self.save_button.setEnabled(False)
        self.saver.save(data)

    def _saved(self, record: Record, _tag: int) -> None:
        self.ctx.show_saved(self.tr("Barrier saved and linked to the visit"))
        self.ctx.notify_changed("barrier")
        self.done.emit(record.id)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.show_error(problem_sentence(exc, {}))

    def has_words(self) -> bool:
        return bool(self.sentence.text().strip()) and self.saver.record_id is None

    def cancel(self) -> None:
        if self.saver.busy:
            return
        if self.has_words():
            answer = QMessageBox.question(
                self,
                self.tr("Discard this barrier?"),
                self.tr("What you wrote will not be saved."),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
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

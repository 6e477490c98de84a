"""The Reflections page: every reflection with its status, and the editor in the same place.

The list and the editor share a stack; Enter or a double-click opens a reflection, Back or Esc
returns once its text is saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.services.reflections import (
    STATUSES,
    EditingInput,
    ReflectionList,
    ReflectionRow,
    load_for_editing,
    load_list,
)
from relapp.store.vault import Record
from relapp.ui.context import AppContext
from relapp.ui.formatting import count, format_when
from relapp.ui.models import LONG_LIST_ROWS, ROW_ROLE, Column, Index, RowsModel, RowsProxy
from relapp.ui.reflection_editor import ReflectionEditor, status_label
from relapp.ui.search import search_service_for
from relapp.ui.settings import DEFAULT_TEMPLATE
from relapp.ui.widgets import MessageLine, heading, paragraph

WATCHED_KINDS = {"reflection", "family", "visit", "feedback"}
# How long typing in the Find box pauses before the words are looked up in the text.
TEXT_FILTER_PAUSE_MS = 250

log = logging.getLogger(__name__)
ATTENTION = {"returned", "to_discuss"}  # the supervisor is waiting on the practitioner
STATUS_COLUMN = 4
RESIZE_PRECISION_ROWS = 100


class ReflectionRowsModel(RowsModel):
    """Rows as RowsModel shows them, with statuses that need the practitioner in bold."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.FontRole
            and index.isValid()
            and index.column() == STATUS_COLUMN
            and self.rows[index.row()].status in ATTENTION
        ):
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return super().data(index, role)


class ReflectionFilter(RowsProxy):
    """Shows rows with the chosen status where every word typed is in the heading or the
    text. Sorting is done by the model in one pass (see relapp.ui.models).

    The text itself is not in the rows: `in_text` (from the search index, looked up on a
    worker) maps each word to the reflections whose text has it; None until it is known."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status = ""
        self.text = ""
        self.in_text: dict[str, frozenset[str]] | None = None

    def set_filter(
        self, status: str, text: str, in_text: dict[str, frozenset[str]] | None = None
    ) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later; invalidateFilter is deprecated
            self.beginFilterChange()
            self.status, self.text, self.in_text = status, text.strip(), in_text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.status, self.text, self.in_text = status, text.strip(), in_text
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self.status and not self.text:
            return True  # called for every row after each sort: keep the common case cheap
        row: ReflectionRow = self.sourceModel().rows[source_row]  # type: ignore[attr-defined]
        if self.status and row.status != self.status:
            return False
        return not self.text or row.matches(self.text, self.in_text)


class ReflectionsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editor: ReflectionEditor | None = None
        self.families: list[Record] = []
        self.visits: list[Record] = []
        self._loading = False
        self._stale = True  # shown again, the list reloads only after a change or on a new day
        self._loaded_on: date | None = None
        self._opening = False
        self._select_id = ""
        self._new_for_visit = ""
        self._after_close: Callable[[], None] | None = None

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_list())
        self.editor_holder = QWidget()
        self.editor_layout = QVBoxLayout(self.editor_holder)
        self.editor_layout.setContentsMargins(0, 0, 0, 0)
        self.stack.addWidget(self.editor_holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        ctx.records_changed.connect(self._records_changed)

    def _build_list(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Reflections")), 1)
        self.new_button = QPushButton(self.tr("&New reflection"))
        self.new_button.setAccessibleName(self.tr("New reflection"))
        self.new_button.setToolTip(self.tr("Write a new reflection (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_record)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)

        filters = QHBoxLayout()
        status_caption = QLabel(self.tr("&Status"))
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("Show reflections with status"))
        self.status_filter.addItem(self.tr("All"), "")
        for status in STATUSES:
            self.status_filter.addItem(status_label(status), status)
        self.status_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        status_caption.setBuddy(self.status_filter)
        filters.addWidget(status_caption)
        filters.addWidget(self.status_filter)
        filters.addSpacing(12)
        text_caption = QLabel(self.tr("&Find"))
        self.text_filter = QLineEdit()
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.setAccessibleName(self.tr("Filter reflections by words"))
        self.text_filter.setPlaceholderText(self.tr("Words in the title, family or text"))
        text_caption.setBuddy(self.text_filter)
        filters.addWidget(text_caption)
        filters.addWidget(self.text_filter, 1)
        layout.addLayout(filters)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self.text_filter.textChanged.connect(self._text_typed)
        # Words typed are looked up in the search index after a short pause, on a worker.
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_FILTER_PAUSE_MS)
        self._text_timer.timeout.connect(self._look_up_text)
        self._in_text: dict[str, frozenset[str]] | None = None
        self._in_text_for = ""
        self._text_unavailable = False  # the look-up failed: headings only

        self.message = MessageLine()
        layout.addWidget(self.message)
        self.empty_label = paragraph("")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)

        self.model = ReflectionRowsModel(
            [
                Column(self.tr("Reflection"), self._title_of, lambda r: r.title.lower()),
                Column(self.tr("Family"), lambda r: r.family or "—", lambda r: r.family.lower()),
                Column(
                    self.tr("Visit"),
                    lambda r: (
                        format_when(r.visit_when)
                        or ("" if r.error else self.tr("Not about one visit"))
                    ),
                    lambda r: r.visit_when,
                ),
                Column(self.tr("Template"), lambda r: r.template),
                Column(
                    self.tr("Status"),
                    lambda r: status_label(r.status) if r.status else self.tr("Unreadable"),
                    lambda r: STATUSES.index(r.status) if r.status in STATUSES else 99,
                ),
                Column(
                    self.tr("Last changed"),
                    lambda r: format_when(r.updated_at),
                    lambda r: r.updated_at,
                ),
            ],
            self,
        )
        self.proxy = ReflectionFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Reflections"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # The title column takes the spare width (it is the one that gets cut otherwise), so
        # the last column need not stretch to fill the row.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # resizeColumnsToContents measures this many rows (Qt's default, 1000, is a third of
        # a second of the UI thread with a big profile; the first screenful is what shows).
        self.table.verticalHeader().setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        header.setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        header.setSortIndicator(5, Qt.SortOrder.DescendingOrder)
        self.table.doubleClicked.connect(self._open_index)
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)
        # With no table to show, the heading and filters stay at the top, not mid-page.
        layout.addStretch(0)
        return page

    def _title_of(self, row: ReflectionRow) -> str:
        if row.error is not None:
            return self.tr("Could not be opened (damaged)")
        return row.title or self.tr("(empty draft)")

    # ---- page protocol ----------------------------------------------------------------------

    def refresh(self) -> None:
        if self.editor is None and (self._stale or self._loaded_on != date.today()):
            self.reload()

    def flush(self) -> None:
        if self.editor is not None:
            self.editor.flush()

    def new_record(self) -> None:
        self.open_record("new:")

    def open_record(self, record_id: str) -> None:
        """Open a reflection by id, or start one: "new:" or "new:<visit id>"."""
        if self.editor is not None:
            if self.editor.record_id == record_id and record_id:
                return
            self._after_close = lambda: self.open_record(record_id)
            self.editor.request_close()
            return
        if self._opening or self.ctx.session is None:
            return
        self._opening = True
        self.message.clear_message()
        records = self.ctx.session.records
        existing = None if record_id.startswith("new:") else record_id
        self._new_for_visit = record_id[4:] if record_id.startswith("new:") else ""
        self.ctx.runner.read(
            lambda _task: load_for_editing(records, existing), self._show_editor, self._open_failed
        )

    # ---- list -------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.ctx.session is None or self._loading:
            return
        self._loading = True
        self._stale = False
        self._loaded_on = date.today()
        records = self.ctx.session.records
        self.ctx.runner.read(lambda _task: load_list(records), self._loaded, self._load_failed)

    def _loaded(self, result: ReflectionList) -> None:
        self._loading = False
        # result.families / result.visits are not kept: the editor loads its own
        # (load_for_editing), and 20,000 decrypted visits would stay in memory for nothing.
        selected = self._select_id or self._current_id()
        self.model.set_rows(result.rows)
        counts = {status: 0 for status in STATUSES}
        for row in result.rows:
            if row.status in counts:
                counts[row.status] += 1
        self.status_filter.setItemText(0, self.tr("All ({0})").format(count(len(result.rows))))
        for index, status in enumerate(STATUSES, start=1):
            self.status_filter.setItemText(
                index, self.tr("{0} ({1})").format(status_label(status), count(counts[status]))
            )
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._update_empty()
        self._select(selected)
        self._select_id = ""
        if self.text_filter.text().strip():
            self._look_up_text()  # the words may be in a changed reflection's text now
        if self._stale:
            self.reload()

    def release(self) -> None:
        """Let go of a long list while other pages are in front; it reloads when shown."""
        if len(self.model.rows) < LONG_LIST_ROWS or self.editor is not None or self._loading:
            return
        self._select_id = self._select_id or self._current_id()
        self._stale = True
        self.model.set_rows([])

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._stale = True  # try again when the page is next shown
        self.message.show_error(self.tr("The reflections could not be loaded: {0}").format(exc))

    def _records_changed(self, kind: str) -> None:
        if kind not in WATCHED_KINDS:
            return
        self._stale = True
        if self.editor is None and self.isVisible():
            self.reload()

    def _filter_changed(self, *_args: object) -> None:
        text = self.text_filter.text().strip()
        in_text = self._in_text if self._in_text_for == text else None
        self.proxy.set_filter(self.status_filter.currentData() or "", text, in_text)
        self._update_empty()

    def _text_typed(self, text: str) -> None:
        if not text.strip():
            self._text_timer.stop()
            self._filter_changed()
        else:
            self._text_timer.start()

    def _look_up_text(self) -> None:
        """Find the words typed in the reflections' text (in the search index, on a worker)."""
        text = self.text_filter.text().strip()
        service = search_service_for(self.ctx)
        if not text or service is None:
            self._filter_changed()
            return

        def look_up(_task: object) -> dict[str, frozenset[str]]:
            return service.words_in("reflection", text)

        def found(in_text: dict[str, frozenset[str]]) -> None:
            if text != self.text_filter.text().strip():
                return  # typed on meanwhile: the next look-up is on its way
            self._in_text, self._in_text_for = in_text, text
            self._text_unavailable = False
            self._filter_changed()

        self.ctx.runner.read(look_up, found, self._look_up_failed, owner=self)

    def _look_up_failed(self, exc: BaseException) -> None:
        log.warning("looking up filter words failed: %s: %s", type(exc).__name__, exc)
        self._in_text, self._in_text_for = None, ""
        self._text_unavailable = True
        self._filter_changed()

    def _update_empty(self) -> None:
        if not self.model.rows:
            text = self.tr(
                "No reflections yet — press Ctrl+N to write one after a visit. It saves as you "
                "type, and you submit it for supervision when you are ready."
            )
        elif self.proxy.rowCount() == 0 and self._text_unavailable and self.proxy.text:
            text = self.tr(
                "No titles, families or themes match. Search is not available right now, so "
                "the reflections' text cannot be looked through; lock and unlock to try again."
            )
        elif self.proxy.rowCount() == 0:
            text = self.tr("No reflections match this filter. Clear the filter to see them all.")
        else:
            text = ""
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        self.table.setVisible(self.proxy.rowCount() > 0)

    def _current_id(self) -> str:
        index = self.table.currentIndex()
        if not index.isValid():
            return ""
        return self.proxy.data(index, ROW_ROLE).id

    def _select(self, record_id: str) -> None:
        index = self.proxy.index_of(record_id) if record_id else QModelIndex()
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
            return
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._open_index(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row: ReflectionRow = self.proxy.data(index, ROW_ROLE)
        if row.error is not None:
            self.message.show_error(row.error)
            return
        self.open_record(row.id)

    # ---- editor -----------------------------------------------------------------------------

    def _show_editor(self, data: EditingInput) -> None:
        self._opening = False
        if self.ctx.session is None:
            return
        templates = self.ctx.session.definitions.templates
        default = str(self.ctx.settings.get(DEFAULT_TEMPLATE))
        if default not in templates:
            default = sorted(templates)[0]
        editor = ReflectionEditor(
            self.ctx,
            record=data.record,
            template_id=default,
            visit_id=self._new_for_visit,
            families=data.families,
            visits=data.visits,
            feedback=data.feedback,
        )
        editor.closed.connect(self._editor_closed)
        editor.changed.connect(self._editor_changed)
        self.editor = editor
        self.editor_layout.addWidget(editor)
        self.stack.setCurrentWidget(self.editor_holder)
        if editor.editable and editor.blocks:
            first_empty = next(
                (b.editor for b in editor.blocks if not b.editor.toPlainText()),
                editor.blocks[0].editor,
            )
            first_empty.setFocus()
        else:
            editor.back_button.setFocus()

    def _open_failed(self, exc: BaseException) -> None:
        self._opening = False
        self.message.show_error(self.tr("This reflection could not be opened: {0}").format(exc))

    def _editor_changed(self, _record_id: str) -> None:
        self._stale = True

    def _editor_closed(self) -> None:
        editor, self.editor = self.editor, None
        if editor is not None:
            self._select_id = editor.record_id or ""
            if editor.record_id:
                self.ctx.notify_changed("reflection")
            editor.setParent(None)
            editor.deleteLater()
        self.stack.setCurrentIndex(0)
        self.table.setFocus()
        self.reload()
        after, self._after_close = self._after_close, None
        if after is not None:
            after()

"""The Reflections page: every reflection with its status, and the editor in the same place.

The list and the editor share a stack; Enter or a double-click opens a reflection, Back or Esc
returns once its text is saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QFont
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

from relapp.services.errors import Record
from relapp.services.reflections import (
    STATUSES,
    EditingInput,
    ReflectionRow,
    load_for_editing,
    reflection_count,
    reflection_filter,
    reflection_page,
)
from relapp.services.search import SearchService
from relapp.ui.context import AppContext
from relapp.ui.formatting import count, format_when
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.forms import enter_pressed
from relapp.ui.kit.freshness import Freshness
from relapp.ui.models import FONT_ROLE, LONG_LIST_ROWS, ROW_ROLE, Column, Index, PagedModel
from relapp.ui.reflection_editor import ReflectionEditor
from relapp.ui.reflection_parts import status_label
from relapp.ui.settings import DEFAULT_TEMPLATE
from relapp.ui.widgets import NARROW_TABLE, MessageLine, heading, paragraph

WATCHED_KINDS = {"reflection", "family", "visit", "feedback"}
# How long typing in the Find box pauses before the words are looked up in the text.
TEXT_FILTER_PAUSE_MS = 250

log = logging.getLogger(__name__)
ATTENTION = {"returned", "to_discuss"}  # the supervisor is waiting on the practitioner
STATUS_COLUMN = 4
RESIZE_PRECISION_ROWS = 0  # the rows on screen only


class ReflectionRowsModel(PagedModel):
    """Rows as PagedModel shows them, with statuses that need the practitioner in bold."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == FONT_ROLE
            and index.isValid()
            and index.column() == STATUS_COLUMN
            and self.rows[index.row()].status in ATTENTION
        ):
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return super().data(index, role)


class ReflectionsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editor: ReflectionEditor | None = None
        self.families: list[Record] = []
        self.visits: list[Record] = []
        self._any = 0  # reflections in all, whatever the filters
        self.fresh = Freshness(WATCHED_KINDS)
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
        # Words typed are looked for (in the search index too) after a short pause.
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_FILTER_PAUSE_MS)
        self._text_timer.timeout.connect(self._filter_changed)
        self._text_unavailable = False  # the look-up in the text failed: headings only

        self.message = MessageLine()
        layout.addWidget(self.message)
        self.empty_label = paragraph("")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)

        self.model = ReflectionRowsModel(
            [
                Column(self.tr("Reflection"), self._title_of, sort_key="title"),
                Column(self.tr("Family"), lambda r: r.family or "—", sort_key="family"),
                Column(
                    self.tr("Visit"),
                    lambda r: (
                        format_when(r.visit_when)
                        or ("" if r.error else self.tr("Not about one visit"))
                    ),
                    sort_key="visit",
                ),
                Column(self.tr("Template"), lambda r: r.template, sort_key="template"),
                Column(
                    self.tr("Status"),
                    lambda r: status_label(r.status) if r.status else self.tr("Unreadable"),
                    sort_key="status",
                ),
                Column(
                    self.tr("Last changed"),
                    lambda r: format_when(r.updated_at),
                    sort_key="updated",
                ),
            ],
            self.ctx.runner,
            (5, Qt.SortOrder.DescendingOrder),
            self,
        )
        # One screen at a time, filtered and sorted by the database.
        self.model.loaded.connect(self._rows_shown)
        self.model.counted.connect(self._counted)
        self.model.failed.connect(self._load_failed)
        self.model.modelAboutToBeReset.connect(
            lambda: setattr(self, "_select_id", self._select_id or self._current_id())
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Reflections"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # The title column takes the spare width (it is the one that gets cut otherwise), so
        # the last column need not stretch to fill the row.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # resizeColumnsToContents measures only the rows on screen: Qt's default, 1000 rows, is
        # a third of a second of the UI thread with a big profile, and even 100 rows of six
        # columns cost a page 30 ms before its rows show.
        self.table.verticalHeader().setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        header.setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        header.setSortIndicator(5, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
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
        if self.editor is None and (self.fresh.due):
            self.reload()

    def preload(self) -> None:
        """Read the first screen of rows ahead of the first click (the workspace calls it
        while the app is idle after unlock); shown later, the page reads again only if its
        records changed meanwhile."""
        self.refresh()

    def flush(self) -> None:
        if self.editor is not None:
            self.editor.flush()

    def new_record(self) -> None:
        self.open_record("new:")

    def editing(self) -> str:
        """The reflection open in the editor, to open again after an unlock ("" if none)."""
        return (self.editor.record_id or "") if self.editor is not None else ""

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
        if self.ctx.session is None:
            return
        self.fresh.reading()
        records = self.ctx.session.records
        text = self.text_filter.text().strip()
        status = self.status_filter.currentData() or ""
        self._text_timer.stop()
        chosen: list[Any] = []  # the filter, made on the worker by the first page's read

        def filters() -> Any:
            if not chosen:
                in_text, failed = None, False
                if text:
                    try:  # which reflections' text has each word, from the search index
                        in_text = SearchService(records).words_in("reflection", text)
                    except Exception as exc:  # noqa: BLE001 - the headings are still filtered
                        log.warning("looking up filter words failed: %s", type(exc).__name__)
                        failed = True
                chosen[:] = [reflection_filter(records, status, text, in_text), failed]
            return chosen[0]

        def count() -> tuple[int, Any]:
            shown, states = reflection_count(records, filters())
            return shown, (states, chosen[1])

        self.model.load(lambda request: reflection_page(records, filters(), request), count)

    def _rows_shown(self, first: bool) -> None:
        if not first:
            return
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._select(self._select_id)
        self._select_id = ""

    def _counted(self) -> None:
        states, self._text_unavailable = self.model.extra or ({}, False)
        self._any = sum(states.values())
        self.status_filter.setItemText(0, self.tr("All ({0})").format(count(self._any)))
        for index, status in enumerate(STATUSES, start=1):
            self.status_filter.setItemText(
                index,
                self.tr("{0} ({1})").format(status_label(status), count(states.get(status, 0))),
            )
        self._update_empty()

    def release(self) -> None:
        """Let go of a long list while other pages are in front; it reloads when shown."""
        if len(self.model.rows) < LONG_LIST_ROWS or self.editor is not None:
            return
        self.fresh.let_go()
        self.model.release()

    def _load_failed(self, exc: BaseException) -> None:
        self.fresh.mark_stale()  # try again when the page is next shown
        self.message.show_error(
            self.tr("The reflections could not be loaded: {0}").format(say(exc))
        )

    def _records_changed(self, kind: str) -> None:
        if not self.fresh.watches(kind):
            return
        self.fresh.mark_stale()
        if self.editor is None and self.isVisible():
            self.reload()

    def _filter_changed(self, *_args: object) -> None:
        self.reload()

    def _text_typed(self, text: str) -> None:
        if not text.strip():
            self._text_timer.stop()
            self._filter_changed()
        else:
            self._text_timer.start()

    def _update_empty(self) -> None:
        shown = self.model.total or 0
        typed = self.text_filter.text().strip()
        if not self._any:
            text = self.tr(
                "No reflections yet — press Ctrl+N to write one after a visit. It saves as you "
                "type, and you submit it for supervision when you are ready."
            )
        elif shown == 0 and self._text_unavailable and typed:
            text = self.tr(
                "No titles, families or themes match. Search is not available right now, so "
                "the reflections' text cannot be looked through; lock and unlock to try again."
            )
        elif shown == 0:
            text = self.tr("No reflections match this filter. Clear the filter to see them all.")
        else:
            text = ""
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        self.table.setVisible(shown > 0)

    def _current_id(self) -> str:
        index = self.table.currentIndex()
        if not index.isValid():
            return ""
        return self.model.data(index, ROW_ROLE).id

    def remove_selected(self) -> None:
        """Relapp > Remove… (Delete): move the chosen draft to the trash (a submitted
        reflection stays on record, and says so)."""
        from relapp.ui.removal import remove_record, what_label

        record_id = self._current_id() if self.table.isVisible() else ""
        if not record_id:
            self.ctx.show_saved(self.tr("Choose a draft reflection in the list first."))
            return
        remove_record(self.ctx, self, record_id, what_label("reflection"), "reflection")

    def _select(self, record_id: str) -> None:
        index = self.model.index_of(record_id)
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
            return
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is getattr(self, "table", None) and event.type() == QEvent.Type.Resize:
            # Narrow (the smallest window): the visit and the template give way (the title
            # names the visit), so title, family, status and date show without scrolling.
            narrow = self.table.width() < NARROW_TABLE
            for column in (2, 3):
                self.table.setColumnHidden(column, narrow)
        if watched is self.table and enter_pressed(event):
            self._open_index(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row: ReflectionRow = self.model.data(index, ROW_ROLE)
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
        self.message.show_error(
            self.tr("This reflection could not be opened: {0}").format(say(exc))
        )

    def _editor_changed(self, _record_id: str) -> None:
        self.fresh.mark_stale()

    def _editor_closed(self) -> None:
        editor, self.editor = self.editor, None
        if editor is not None:
            self._select_id = editor.record_id or ""
            editor.setParent(None)
            editor.deleteLater()
        self.stack.setCurrentIndex(0)
        self.table.setFocus()
        self.reload()
        after, self._after_close = self._after_close, None
        if after is not None:
            after()

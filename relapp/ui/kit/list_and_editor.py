"""A list of records beside the editor of the one selected: selecting a row saves what changed
and loads the row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QLabel, QTableView, QWidget

from relapp.ui.context import AppContext
from relapp.ui.kit.editor import RecordEditor
from relapp.ui.models import ROW_ROLE, RowsModel, RowsProxy


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

"""The trash (Relapp > Trash…): what this person moved to the trash or marked entered in error,
newest first, and "Put back" for any of it. Read and written on the task runner."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relapp.services import trash
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_day
from relapp.ui.kit.dialogs import say
from relapp.ui.widgets import MessageLine, heading, paragraph


class TrashDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[trash.TrashItem] = []
        self.setWindowTitle(self.tr("Trash"))
        self.setAccessibleName(self.tr("Trash"))
        self.resize(760, 420)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(self.tr("Records in the trash"))
        self.table.setHorizontalHeaderLabels([self.tr("What"), self.tr("Removed"), self.tr("Why")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.empty = paragraph(self.tr("Nothing is in the trash."))
        self.message = MessageLine()
        self.put_back_button = QPushButton(self.tr("&Put back"))
        self.put_back_button.setAccessibleName(self.tr("Put the chosen record back"))
        self.put_back_button.setEnabled(False)
        self.put_back_button.clicked.connect(self.put_back)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.put_back_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Trash"), 1.3))
        layout.addWidget(
            paragraph(
                self.tr(
                    "What you moved to the trash or marked as entered in error. Both are left "
                    "out of lists, trends, alerts and reports, and kept in the record's "
                    "history; putting one back brings it back on every laptop of the team."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        session = self.ctx.require_session()
        self.ctx.runner.read(
            lambda _c: trash.trash_items(session),
            self._show,
            lambda exc: self.message.show_error(
                say(exc, otherwise=self.tr("The trash could not be read."))
            ),
            owner=self,
        )

    def _show(self, items: list[trash.TrashItem]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            text = f"{item.kind.capitalize()}: {item.title}"
            if item.day:
                text += f", {format_day(item.day)}"
            what = QTableWidgetItem(text)
            what.setToolTip(text)
            when = QTableWidgetItem(format_day(item.when[:10]) if item.when else "")
            if item.how == trash.ERROR:
                why = self.tr("Entered in error: {0}").format(item.reason)
                if item.note:
                    why += f" ({item.note})"
            else:
                why = self.tr("Moved to the trash")
            cell = QTableWidgetItem(why)
            cell.setToolTip(why)
            for column, value in enumerate((what, when, cell)):
                self.table.setItem(row, column, value)
        self.table.setVisible(bool(items))
        self.empty.setVisible(not items)
        self.put_back_button.setEnabled(False)
        if items:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _selected(self) -> None:
        self.put_back_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def put_back(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        item = self.items[rows[0].row()]
        session = self.ctx.require_session()
        self.put_back_button.setEnabled(False)

        def done(_record: object) -> None:
            self.message.show_info(self.tr("Put back: {0}").format(item.title))
            self.load()

        self.ctx.runner.write(
            lambda _c: trash.put_back(session, item.record_id),
            done,
            lambda exc: self.message.show_error(
                say(exc, otherwise=self.tr("That could not be put back."))
            ),
            owner=self,
        )

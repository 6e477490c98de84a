"""The dialog that adds a family or edits one: name, reference, service, status and members."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.records import FAMILY_STATUSES
from relapp.services.families import MEMBER_ROLES, FamilyDetail, members_from_rows, save_family
from relapp.ui.context import AppContext
from relapp.ui.kit.dialogs import confirm_discard, say
from relapp.ui.kit.lifetime import while_alive
from relapp.ui.views.family_labels import status_label
from relapp.ui.widgets import MessageLine

Index = QModelIndex | QPersistentModelIndex


class _RoleDelegate(QStyledItemDelegate):
    """Members' roles are picked from a list, or typed when none fits."""

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:  # noqa: N802
        editor = QComboBox(parent)
        editor.setEditable(True)
        editor.addItems([QCoreApplication.translate("Families", r) for r in MEMBER_ROLES])
        editor.setAccessibleName(QCoreApplication.translate("Families", "Role"))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data() or ""))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText().strip())


class FamilyDialog(QDialog):
    saved = Signal(str)  # the family's id

    def __init__(
        self,
        ctx: AppContext,
        services: list[str],
        detail: FamilyDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.dirty = False
        self._saving = False
        self.setWindowTitle(self.tr("Edit family") if detail else self.tr("New family"))
        self.setMinimumWidth(560)

        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.reference = QLineEdit()
        self.reference.setAccessibleName(self.tr("Reference"))
        self.reference.setPlaceholderText(self.tr("Your service's case reference, e.g. EH-26-0123"))
        form.addRow(self.tr("&Reference"), self.reference)
        self.display_name = QLineEdit()
        self.display_name.setAccessibleName(self.tr("Family name"))
        self.display_name.setPlaceholderText(
            self.tr("How the family is shown, e.g. The Okafor family")
        )
        form.addRow(self.tr("&Family name"), self.display_name)
        self.service = QComboBox()
        self.service.setEditable(True)
        self.service.addItems(services)
        self.service.setCurrentText("")
        self.service.setAccessibleName(self.tr("Service"))
        self.service.lineEdit().setPlaceholderText(self.tr("Choose or type a service"))
        form.addRow(self.tr("&Service"), self.service)
        self.status = QComboBox()
        for status in FAMILY_STATUSES:
            self.status.addItem(status_label(status), status)
        self.status.setAccessibleName(self.tr("Status"))
        form.addRow(self.tr("S&tatus"), self.status)

        self.members = QTableWidget(0, 3)
        self.members.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Role"), self.tr("Birth year")]
        )
        self.members.setAccessibleName(self.tr("Family members"))
        self.members.setAlternatingRowColors(True)
        self.members.verticalHeader().hide()
        self.members.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members.setItemDelegateForColumn(1, _RoleDelegate(self.members))
        header = self.members.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.members.setColumnWidth(1, 130)
        self.members.setColumnWidth(2, 90)
        self.members.setMinimumHeight(150)
        self.members.itemChanged.connect(self._changed)
        member_buttons = QHBoxLayout()
        self.add_member = QPushButton(self.tr("&Add member"))
        self.add_member.setAccessibleName(self.tr("Add a member"))
        self.add_member.clicked.connect(lambda: self.add_member_row())
        self.remove_member = QPushButton(self.tr("Re&move member"))
        self.remove_member.setAccessibleName(self.tr("Remove the selected member"))
        self.remove_member.clicked.connect(self.remove_member_row)
        member_buttons.addWidget(self.add_member)
        member_buttons.addWidget(self.remove_member)
        member_buttons.addStretch(1)
        members_box = QWidget()
        members_layout = QVBoxLayout(members_box)
        members_layout.setContentsMargins(0, 0, 0, 0)
        members_layout.addWidget(self.members)
        members_layout.addLayout(member_buttons)
        form.addRow(self.tr("&Members"), members_box)

        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setPlaceholderText(
            self.tr("Referral, language, anything a colleague should know")
        )
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(self.tr("N&otes"), self.notes)

        self.message = MessageLine()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Save family"))
        self.save_button.setAccessibleName(self.tr("Save family"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        if detail is not None:
            self._fill(detail)
        for field in (self.reference, self.display_name):
            field.textEdited.connect(self._changed)
        self.service.currentTextChanged.connect(self._changed)
        self.status.currentIndexChanged.connect(self._changed)
        self.notes.textChanged.connect(self._changed)
        self.dirty = False
        self.reference.setFocus()

    def _fill(self, detail: FamilyDetail) -> None:
        self.reference.setText(detail.reference)
        self.display_name.setText(detail.display_name)
        self.service.setCurrentText(detail.service)
        self.status.setCurrentIndex(max(self.status.findData(detail.status), 0))
        for member in detail.members:
            year = str(member.birth_year) if member.birth_year else ""
            self.add_member_row(member.name, member.role, year, edit=False)
        self.notes.setPlainText(str(detail.data.get("notes") or ""))

    def _changed(self, *_args: object) -> None:
        self.dirty = True
        self.message.clear_message()

    def add_member_row(
        self, name: str = "", role: str = "", year: str = "", *, edit: bool = True
    ) -> int:
        row = self.members.rowCount()
        self.members.insertRow(row)
        for column, text in enumerate((name, role, year)):
            self.members.setItem(row, column, QTableWidgetItem(text))
        if edit:
            self.members.setCurrentCell(row, 0)
            self.members.setFocus()
            self.members.editItem(self.members.item(row, 0) or QTableWidgetItem())
        self.dirty = True
        return row

    def remove_member_row(self) -> None:
        row = self.members.currentRow()
        if row >= 0:
            self.members.removeRow(row)
            self.dirty = True

    def member_rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for row in range(self.members.rowCount()):
            cells = [self.members.item(row, c) for c in range(3)]
            rows.append(tuple(cell.text() if cell else "" for cell in cells))
        return rows  # type: ignore[return-value]

    def collect(self) -> dict[str, Any]:
        """The family's fields, or ValueError with a sentence saying what is missing."""
        # A cell still being typed in counts too: moving off it commits it.
        row, column = self.members.currentRow(), self.members.currentColumn()
        self.members.setCurrentCell(-1, -1)
        if row >= 0:
            self.members.setCurrentCell(row, column)
        reference, name = self.reference.text().strip(), self.display_name.text().strip()
        if not reference:
            self.reference.setFocus()
            raise ValueError(self.tr("Give the family a reference."))
        if not name:
            self.display_name.setFocus()
            raise ValueError(self.tr("Give the family a name, e.g. The Okafor family."))
        data: dict[str, Any] = dict(self.detail.data) if self.detail else {}
        data.update(
            reference=reference,
            display_name=name,
            status=self.status.currentData(),
            members=members_from_rows(self.member_rows()),
        )
        service = self.service.currentText().strip()
        notes = self.notes.toPlainText().strip()
        for key, value in (("service", service), ("notes", notes)):
            if value:
                data[key] = value
            else:
                data.pop(key, None)
        if self.detail is None and self.ctx.session is not None:
            data["assigned_to"] = self.ctx.session.vault.member_id
        return data

    def save(self) -> None:
        if self._saving or self.ctx.session is None:
            return
        try:
            data = self.collect()
        except Exception as exc:  # noqa: BLE001 - ValueError and ServiceError are sentences
            self.message.show_error(say(exc))
            return
        records = self.ctx.session.records
        record_id = self.detail.id if self.detail else None
        expected = self.detail.version if self.detail else None
        self._saving = True
        self.save_button.setEnabled(False)

        def done(record: Any) -> None:
            self._saving = False
            self.dirty = False
            self.ctx.show_saved(self.tr("Family saved"))
            self.saved.emit(record.id)
            self.accept()

        def failed(exc: BaseException) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            self.message.show_error(say(exc))

        self.ctx.runner.write(
            lambda _t: save_family(records, data, record_id=record_id, expected_version=expected),
            while_alive(self, done),
            while_alive(self, failed),
        )

    def flush(self) -> None:
        """Before a lock: save what was typed if it can be saved as it stands."""
        if not self.dirty or self._saving or self.ctx.session is None:
            return
        try:
            data = self.collect()
            self.ctx.runner.wait_idle()
            save_family(
                self.ctx.session.records,
                data,
                record_id=self.detail.id if self.detail else None,
            )
            self.dirty = False
        except Exception:  # noqa: BLE001 - an incomplete form cannot be kept; nothing to do
            return

    def reject(self) -> None:
        if (
            self.dirty
            and not self._saving
            and not confirm_discard(
                self,
                self.tr("Discard changes?"),
                self.tr("You have changed this family. Close without saving?"),
            )
        ):
            return
        super().reject()

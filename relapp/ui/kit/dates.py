"""Dates in forms: a calendar field read and set as ISO text, and a date that may not be known
yet."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget


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

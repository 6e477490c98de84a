"""Dates in forms: a calendar field read and set as ISO text, a date that may not be known
yet, and a period (from, to) on one line."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QLabel, QWidget


def py_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


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


def calendar_edit(value: QDate, name: str) -> QDateEdit:
    """A day picked from a calendar, shown "6 Dec 2026"."""
    edit = QDateEdit(value)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setAccessibleName(name)
    return edit


class DatePeriod(QWidget):
    """Two dates, from and to, on one line; ``name`` says what the period is for."""

    def __init__(self, start: QDate, end: QDate, name: str) -> None:
        super().__init__()
        self.start = calendar_edit(start, self.tr("{0}: from").format(name))
        self.end = calendar_edit(end, self.tr("{0}: to").format(name))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.end)
        row.addStretch(1)

    def dates(self) -> tuple[date, date]:
        return py_date(self.start.date()), py_date(self.end.date())

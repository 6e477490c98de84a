"""Building blocks for the app's forms, so every form reads and moves alike: text areas that
Tab out of, choice lists, labelled fields, tab order, the editor's header and a record table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)


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

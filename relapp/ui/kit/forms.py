"""Building blocks for the app's forms, so every form reads and moves alike: text areas that
Tab out of, choice lists, labelled fields, tab order, the editor's header and a record table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QKeyEvent
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


class _Choices(QAbstractListModel):
    """A combo box's items as one Python list: (text, data) pairs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, Any]] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self.items):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.items[index.row()][0]
        if role == Qt.ItemDataRole.UserRole:
            return self.items[index.row()][1]
        return None

    def replace(self, items: list[tuple[str, Any]]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()


def long_choices(combo: QComboBox, width_in_characters: int) -> None:
    """Make a combo box fit for thousands of items (a team's families): as wide as
    `width_in_characters`, not as its longest item (Qt measures every item at its first
    show otherwise: some 80 ms with 5,000 families, on the click that shows it), and filled
    in one go by fill_choices."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(width_in_characters)
    combo.setModel(_Choices(combo))


def fill_choices(combo: QComboBox, items: Iterable[tuple[str, Any]], keep: Any = None) -> None:
    """Replace a long_choices combo box's items, (text, data) each, with one model reset
    (adding 5,000 one by one tells the view 5,000 times), and select the item whose data is
    `keep`, else the first; currentIndexChanged is not emitted."""
    model = combo.model()
    assert isinstance(model, _Choices), "make the combo box with long_choices first"
    combo.blockSignals(True)
    try:
        model.replace(list(items))
        row = combo.findData(keep) if keep not in (None, "") else 0
        combo.setCurrentIndex(max(row, 0) if model.items else -1)
    finally:
        combo.blockSignals(False)


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


def plain_table(name: str) -> QTableView:
    """A read-only table of rows, one selected at a time, that Tab leaves."""
    table = QTableView()
    table.setAccessibleName(name)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    return table


def level_widths(widths: dict[int, int], room: int, floor: int) -> dict[int, int]:
    """Column widths that fit ``room``: one ceiling for every column, the highest at which
    they all fit (none below ``floor``); the widest are cut to it, the narrow ones keep their
    width. Unchanged when they fit already."""
    if not widths or sum(widths.values()) <= room:
        return widths
    low, high = floor, max(widths.values())
    while high - low > 1:
        ceiling = (low + high) // 2
        if sum(min(w, ceiling) for w in widths.values()) <= room:
            low = ceiling
        else:
            high = ceiling
    return {c: min(w, low) for c, w in widths.items()}


class _Levelled(QObject):
    def __init__(self, widths: dict[int, int], table: QTableView) -> None:
        super().__init__(table)
        self.widths = widths

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and isinstance(watched, QTableView):
            # After the table's own handling: its viewport has its new width only then.
            QTimer.singleShot(0, self, lambda: self.level(watched))
        return False

    def level(self, table: QTableView) -> None:
        header = table.horizontalHeader()
        floor = table.fontMetrics().horizontalAdvance("MMMMM")
        # The last column stretches: leave it a quarter of the width at least.
        room = table.viewport().width() - max(floor, table.viewport().width() // 4)
        widths = level_widths(self.widths, room, floor)
        for column, width in widths.items():
            header.resizeSection(column, width)
        last = header.count() - 1
        if last not in widths and last >= 0:
            header.resizeSection(last, max(floor, table.viewport().width() - sum(widths.values())))


def enter_pressed(event: QEvent) -> bool:
    """Return or Enter pressed: a list's "open the chosen row" (the same on every platform,
    where an item view's own `activated` differs)."""
    return (
        event.type() == QEvent.Type.KeyPress
        and isinstance(event, QKeyEvent)
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
    )


def wished_widths(table: QTableView, widths: Sequence[int]) -> None:
    """Set the columns' widths as wishes: narrower than they add up to (the smallest window),
    every column still shows, the widest giving way first, the last keeping a quarter."""
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    table.installEventFilter(_Levelled(dict(enumerate(widths)), table))


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
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    wished_widths(table, widths)
    rows = table.verticalHeader().defaultSectionSize()
    table.setMinimumHeight(header.sizeHint().height() + rows * 4 + 2 * table.frameWidth())
    return table


def fit_rows(table: QTableView, count: int, most: int = 5) -> None:
    """Make a short table as tall as its rows (up to `most`, then it scrolls)."""
    rows = table.verticalHeader().defaultSectionSize() * max(1, min(count, most))
    bar = table.horizontalHeader()
    header = bar.sizeHint().height() if not bar.isHidden() else 0
    table.setFixedHeight(header + rows + 2 * table.frameWidth() + 2)


def bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def calm_scroll_area() -> QScrollArea:
    """A scroll area that scrolls only up and down and shows the page's own background."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.viewport().setAutoFillBackground(False)
    return scroll


def transparent(widget: QWidget) -> QWidget:
    widget.setAutoFillBackground(False)
    widget.setObjectName("scrollContent")
    widget.setStyleSheet("QWidget#scrollContent { background: transparent; }")
    return widget

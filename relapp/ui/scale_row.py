"""One rating row of a check-in: an item's wording and one button per point of its scale,
shared by the check-in form and hand-over mode."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import Scale
from relapp.ui.widgets import paragraph

# A red that stays readable on light and dark backgrounds; always paired with an icon and words.
ALERT_RED = "#d93025"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Checkins", text)


class ScaleRow(QWidget):
    """One item: its wording and one button per point of the scale.

    Tab reaches the row once (on the chosen answer, or the first); arrow keys and number keys
    choose. `large` gives big toggle buttons labelled with the anchors, for hand-over mode.
    """

    changed = QtSignal(int)

    def __init__(
        self,
        scale: Scale,
        wording: str,
        *,
        large: bool = False,
        number: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.scale = scale
        self.large = large
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int, QAbstractButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10 if large else 4)
        if number:
            counter = paragraph(number, muted=True)
            layout.addWidget(counter)
        self.label = QLabel(wording)
        self.label.setWordWrap(True)
        if large:
            self.label.setObjectName("handoverQuestion")
        layout.addWidget(self.label)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12 if large else 4)
        grid.setVerticalSpacing(2)
        points = range(scale.min, scale.max + 1)
        for column, value in enumerate(points):
            anchor = scale.label(value)
            button: QAbstractButton
            if large:
                button = QPushButton(anchor or str(value))
                button.setCheckable(True)
                button.setObjectName("scaleChoice")
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                button.setMinimumHeight(int(button.fontMetrics().height() * 2.8))
                grid.addWidget(button, 0, column)
            else:
                button = QRadioButton(str(value))
                grid.addWidget(button, 0, column, Qt.AlignmentFlag.AlignHCenter)
                if anchor:
                    under = QLabel(anchor)
                    under.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                    under.setWordWrap(True)
                    under.setStyleSheet("color: palette(placeholder-text);")
                    grid.addWidget(under, 1, column)
            grid.setColumnStretch(column, 1)
            name = f"{anchor} ({value})" if anchor else str(value)
            button.setAccessibleName(name)
            button.setAccessibleDescription(wording)
            button.installEventFilter(self)
            self.group.addButton(button, value)
            self.buttons[value] = button
        holder = QWidget()
        holder.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        if not large:
            # Five points spread over a wide window are hard to scan; keep them together.
            holder.setMaximumWidth(self.fontMetrics().averageCharWidth() * 16 * len(points))
        layout.addWidget(holder)
        self.missing = QLabel("⚠ " + self.tr("Please choose an answer."))
        self.missing.setStyleSheet(f"color: {ALERT_RED}; font-weight: 600;")
        self.missing.hide()
        layout.addWidget(self.missing)
        if large:
            self.setStyleSheet(_LARGE_STYLE)
        self.group.idToggled.connect(self._toggled)
        self.setAccessibleName(wording)
        self._update_tab_stop()

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked == -1 else checked

    def set_value(self, value: int | None) -> None:
        if value is None:
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
            self._update_tab_stop()
        elif value in self.buttons:
            self.buttons[value].setChecked(True)

    def set_wording(self, wording: str) -> None:
        self.label.setText(wording)
        self.setAccessibleName(wording)
        for button in self.buttons.values():
            button.setAccessibleDescription(wording)

    def set_read_only(self, read_only: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not read_only)

    def set_missing(self, missing: bool) -> None:
        """Point at an item left without an answer (words and a sign, not colour alone)."""
        self.missing.setVisible(missing)

    def focus_choice(self) -> None:
        self.buttons[self.value() or self.scale.min].setFocus(Qt.FocusReason.TabFocusReason)

    def _toggled(self, value: int, checked: bool) -> None:
        if not checked:
            return
        self.missing.hide()
        if self.large:
            for point, button in self.buttons.items():
                anchor = self.scale.label(point) or str(point)
                # A tick as well as the colour, so the choice never rests on colour alone.
                button.setText(("✓ " + anchor) if point == value else anchor)
        self._update_tab_stop()
        self.changed.emit(value)

    def _update_tab_stop(self) -> None:
        current = self.value() or self.scale.min
        for value, button in self.buttons.items():
            policy = Qt.FocusPolicy.StrongFocus if value == current else Qt.FocusPolicy.ClickFocus
            button.setFocusPolicy(policy)

    def _choose(self, value: int) -> None:
        value = min(max(value, self.scale.min), self.scale.max)
        button = self.buttons[value]
        if not button.isEnabled():
            return
        button.setChecked(True)
        button.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        focused = next((v for v, b in self.buttons.items() if b is watched), self.scale.min)
        current = self.value()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._choose(focused if current is None else current - 1)
            return True
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._choose(focused if current is None else current + 1)
            return True
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            number = key - Qt.Key.Key_0
            if self.scale.contains(number):
                self._choose(number)
            return True
        return False


_LARGE_STYLE = """
QPushButton#scaleChoice {
    border: 2px solid palette(mid);
    border-radius: 10px;
    padding: 10px 8px;
    background: palette(button);
}
QPushButton#scaleChoice:hover { border-color: palette(highlight); }
QPushButton#scaleChoice:focus { border: 3px solid palette(highlight); }
QPushButton#scaleChoice:checked {
    background: palette(highlight);
    color: palette(highlighted-text);
    border-color: palette(highlight);
}
"""

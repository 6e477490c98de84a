"""Small building blocks shared by the screens: headings, a centred card, message lines."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

# The unlock screen is built from these, so they stay cheap to import and to call: no
# relapp.ui.formatting (dates, tables) until a message is shown, and Qt.* flags set through
# the property by name, as the first Qt.* enum used makes PySide6 build the whole Qt
# namespace (over a hundred enums, some 14 ms) before the window can be shown.


def _set_flags(widget: QWidget, prop: str, keys: str) -> None:
    """widget.setProperty("alignment", "AlignCenter") is widget.setAlignment(Qt.AlignCenter)."""
    if not widget.setProperty(prop, keys):
        raise ValueError(f"{type(widget).__name__}: cannot set {prop} to {keys!r}")


def heading(text: str, scale: float = 1.6) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)  # relative to the system font, never fixed
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def paragraph(text: str, *, muted: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    _set_flags(label, "textInteractionFlags", "TextSelectableByMouse")
    if muted:
        label.setForegroundRole(label.foregroundRole())
        label.setEnabled(True)
        label.setStyleSheet("color: palette(placeholder-text);")
    return label


# Below this width a list page's table hides its least needed columns (the smallest window,
# 900 px, leaves a table about 640 px), so the rest show without scrolling sideways.
NARROW_TABLE = 760


class MessageLine(QLabel):
    """An error or notice under a form; read out by screen readers when it changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName("Message")
        self.hide()

    def show_error(self, text: str) -> None:
        from relapp.ui.formatting import alert_colour

        colour = alert_colour(self.palette()).name()
        self.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def show_info(self, text: str) -> None:
        self.setStyleSheet("")
        self.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()


def centred_card(inner: QWidget, max_width: int = 560) -> QWidget:
    """Put a form in a framed card in the middle of the window, as calm screens do."""
    outer = QWidget()
    row = QHBoxLayout(outer)
    row.addStretch(1)
    card = QFrame()
    card.setObjectName("card")
    card.setFrameShape(QFrame.Shape.StyledPanel)
    card.setMaximumWidth(max_width)
    card.setMinimumWidth(min(420, max_width))
    layout = QVBoxLayout(card)
    layout.setContentsMargins(32, 28, 32, 28)
    layout.addWidget(inner)
    row.addWidget(card, 0)
    row.addStretch(1)
    column = QWidget()
    col = QVBoxLayout(column)
    col.addStretch(1)
    col.addWidget(outer)
    col.addStretch(2)
    return column


def code_display() -> QLabel:
    """A one-time code (recovery, organisation) shown large in the system's fixed-width font,
    selectable so it can be copied, wrapping rather than clipping on narrow windows."""
    label = QLabel()
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    mono.setPointSizeF(mono.pointSizeF() * 1.4)
    label.setFont(mono)
    label.setWordWrap(True)
    _set_flags(label, "textInteractionFlags", "TextSelectableByMouse")
    _set_flags(label, "alignment", "AlignCenter")
    label.setObjectName("recoveryCode")
    return label

"""A page that says what will appear on it, until its feature lands."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from relapp.ui.context import AppContext
from relapp.ui.widgets import heading, paragraph


class PlaceholderPage(QWidget):
    def __init__(self, ctx: AppContext, title: str, text: str) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(heading(title))
        layout.addWidget(paragraph(text))
        layout.addStretch(1)

"""Questions asked in a message box, in one place so every page asks alike and tests can
answer them (patch relapp.ui.kit.dialogs.confirm)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(parent: QWidget, title: str, text: str, yes: str, other: str = "") -> bool | None:
    """A yes/cancel question, with another way on when `other` is given (None when it is
    chosen); kept in one place so tests can answer it."""
    # The question as the heading too: some platforms (macOS) show no message-box titles.
    box = QMessageBox(QMessageBox.Icon.Question, title, title, parent=parent)
    box.setInformativeText(text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    other_button = box.addButton(other, QMessageBox.ButtonRole.ActionRole) if other else None
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if other_button is not None and box.clickedButton() is other_button:
        return None
    return box.clickedButton() is yes_button

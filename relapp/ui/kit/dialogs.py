"""Questions asked in a message box, and errors told as sentences, in one place so every page
asks and tells alike and tests can answer them (patch relapp.ui.kit.dialogs.confirm)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

log = logging.getLogger("relapp.ui.kit.dialogs")


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


def confirm_discard(parent: QWidget, title: str, text: str) -> bool:
    """Discard or Cancel, Cancel first: before letting go of words that were never saved."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


def ask(
    parent: QWidget,
    title: str,
    question: str,
    explanation: str,
    yes: str,
    on_yes: Callable[[], object],
    *,
    warning: bool = False,
) -> tuple[QMessageBox, QAbstractButton]:
    """A question that does not block: opened over its window, it calls on_yes when `yes` is
    pressed and goes away when answered. `warning` for what cannot be undone. Returns the box
    and its yes button (for the page to keep, and tests to press)."""
    # Imported here, like the services in say(): the unlock screen imports this module, and
    # PySide6 builds its whole Qt namespace (some 14 ms) on the first import of Qt.
    from PySide6.QtCore import Qt

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(question)
    box.setInformativeText(explanation)
    role = QMessageBox.ButtonRole.DestructiveRole if warning else QMessageBox.ButtonRole.AcceptRole
    yes_button = box.addButton(yes, role)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(lambda button: on_yes() if button is yes_button else None)
    box.open()
    return box, yes_button


def say(exc: BaseException, labels: Mapping[str, str] | None = None, *, otherwise: str = "") -> str:
    """The one way an error becomes a sentence for the person.

    A record that does not validate names its field: as the form labels it when the form gives
    `labels`, else by the field's own name. An error raised for people (the services', the
    vault's, a value refused) is told in its own words. Given `otherwise`, any other error is
    a developer's: logged, and told as `otherwise`; without it, its words are told as they are.
    """
    # Imported here: the unlock screen tells its errors this way too, and must not load the
    # services (and the vault below them) before the profile is unlocked.
    from relapp.domain.records import ValidationError
    from relapp.services.errors import ServiceError, VaultError

    if isinstance(exc, ValidationError):
        if labels is not None:
            label = labels.get(exc.field, exc.field.replace("_", " "))
            return QCoreApplication.translate("Problems", "{0} {1}.").format(label, exc.message)
        return QCoreApplication.translate("Problems", "Please check {0}: it {1}.").format(
            exc.field.replace("_", " "), exc.message
        )
    text = str(exc).strip()
    if not otherwise:
        return text or QCoreApplication.translate(
            "Problems", "Something went wrong; please try again."
        )
    if text and isinstance(exc, ServiceError | VaultError | ValueError):
        return text
    log.error("%s: %s", type(exc).__name__, exc, exc_info=exc)
    return otherwise


def documents_folder() -> Path:
    """Where a file dialog opens first: the person's Documents folder (home without one)."""
    from PySide6.QtCore import QStandardPaths

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def unsaved_words() -> str:
    """What a form says when a save failed for a reason the person cannot act on."""
    return QCoreApplication.translate(
        "Problems", "That could not be saved. Your text is still here; try again."
    )

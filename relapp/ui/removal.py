"""Removing a record from a page, and undoing it: the trash for what may go, "entered in
error" for what must stay on record (relapp.services.trash). Pages call ``remove_record`` for
the selected record (Delete, or their own button); it asks first, writes on the writer, and
offers Undo in the status bar for a few seconds."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from relapp.services import trash
from relapp.ui.context import AppContext
from relapp.ui.kit.dialogs import confirm, say
from relapp.ui.widgets import MessageLine, heading, paragraph


def _tr(text: str) -> str:
    return QCoreApplication.translate("Removal", text)


def reason_titles() -> dict[str, str]:
    return {
        "wrong_family": _tr("Recorded against the wrong family"),
        "wrong_date": _tr("The wrong date or time"),
        "wrong_answers": _tr("The wrong answers"),
        "duplicate": _tr("Recorded twice"),
        "other": _tr("Another reason"),
    }


class EnteredInErrorDialog(QDialog):
    """Why this record was entered in error: a reason, and a note (needed for "another")."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Entered in error"))
        self.setAccessibleName(self.tr("Mark as entered in error"))
        self.setMinimumWidth(480)
        self.reason = QComboBox()
        self.reason.setAccessibleName(self.tr("Why it was entered in error"))
        for key, title in reason_titles().items():
            self.reason.addItem(title, key)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName(self.tr("A note about the mistake"))
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("For example: this was the Finch family's check-in."))
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.message = MessageLine()
        form = QFormLayout()
        form.addRow(self.tr("&Why"), self.reason)
        form.addRow(self.tr("&Note"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.mark_button = buttons.addButton(
            self.tr("Mark as entered in error"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Mark {0} as entered in error?").format(what), 1.2))
        layout.addWidget(
            paragraph(
                self.tr(
                    "It stays in the record's history, marked, and is left out of trends, "
                    "alerts and reports on every laptop of the team. You can put it back."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[str, str]:
        return str(self.reason.currentData()), self.note.toPlainText().strip()

    def _accept(self) -> None:
        reason, note = self.chosen()
        if reason == "other" and not note:
            self.message.show_error(self.tr("Say in a few words why this was entered in error."))
            self.note.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.accept()


def remove_record(ctx: AppContext, parent: QWidget, record_id: str, what: str, kind: str) -> None:
    """Ask, remove and offer Undo. ``what`` names the record in the question ("this
    check-in"); ``kind`` is the record kind the pages reload."""
    session = ctx.require_session()

    def decide(_task_ctx: object) -> trash.Removal:
        return trash.removal_for(session, session.records.get(record_id))

    def decided(removal: trash.Removal) -> None:
        if removal.how is None:
            ctx.show_saved(removal.why_not)
            return
        if removal.how == trash.ERROR:
            dialog = EnteredInErrorDialog(what, parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            reason, note = dialog.chosen()

            def write(_task: object) -> object:
                return trash.mark_entered_in_error(session, record_id, reason, note)

            done = _tr("Marked as entered in error.")
        else:
            answer = confirm(
                parent,
                _tr("Move {0} to the trash?").format(what),
                _tr("You can put it back from the trash (Relapp > Trash…)."),
                _tr("Move to trash"),
            )
            if not answer:
                return

            def write(_task: object) -> object:
                return trash.move_to_trash(session, record_id)

            done = _tr("Moved to the trash.")
        ctx.runner.write(
            write,
            lambda _r: _removed(ctx, record_id, kind, done),
            lambda exc: ctx.show_saved(say(exc, otherwise=_tr("That could not be removed."))),
        )

    ctx.runner.read(
        decide,
        decided,
        lambda exc: ctx.show_saved(say(exc, otherwise=_tr("That could not be removed."))),
        owner=parent,
    )


def _removed(ctx: AppContext, record_id: str, kind: str, done: str) -> None:

    def undo() -> None:
        session = ctx.session
        if session is None:
            return
        ctx.runner.write(
            lambda _c: trash.put_back(session, record_id),
            lambda _r: ctx.show_saved(_tr("Put back.")),
            lambda exc: ctx.show_saved(say(exc, otherwise=_tr("That could not be put back."))),
        )

    ctx.offer_undo(done, undo)


def what_label(kind: str) -> str:
    """ "this check-in", "this visit" … for the questions."""
    return {
        "checkin": _tr("this check-in"),
        "visit": _tr("this visit"),
        "reflection": _tr("this draft reflection"),
        "family": _tr("this family"),
        "barrier": _tr("this barrier"),
        "change_test": _tr("this change test"),
    }.get(kind, _tr("this record"))

"""The screens before the workspace: first run (create a profile) and unlock.

Key derivation takes about a third of a second, so unlocking and creating run as background
tasks; the form shows that it is working and stays responsive.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relapp.ui.context import AppContext
from relapp.ui.kit.dialogs import say
from relapp.ui.widgets import MessageLine, centred_card, code_display, heading, paragraph

if TYPE_CHECKING:
    from relapp.domain.passphrase import Strength
    from relapp.services.profile import Session

# The vault, its crypto and the services load on the worker at the first unlock, not while
# the window is first drawn: the unlock screen needs none of them. Nor does it need the
# strength check or the PDF writer, imported when first used; and no Qt.* enum is touched
# on the way to the first screen, as the first one makes PySide6 build the whole Qt
# namespace (some 14 ms).


def _check_strength(passphrase: str) -> Strength:
    from relapp.domain.passphrase import check_strength

    return check_strength(passphrase)


def _load_workspace_code() -> None:
    """While the key is derived on a worker, the otherwise idle UI thread loads the code the
    unlocked window needs first: the first page shows some 150 ms sooner after a cold start.
    (Not before: the unlock screen itself must appear fast.)"""
    import relapp.ui.search
    import relapp.ui.sync_controller
    import relapp.ui.views.families
    import relapp.ui.views.reflections
    import relapp.ui.views.today
    import relapp.ui.views.visits
    import relapp.ui.workspace  # noqa: F401


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setMinimumWidth(320)
    return field


class UnlockView(QWidget):
    """Passphrase in, session out. Also the way back after hand-over mode and after a lock."""

    unlocked = Signal(object)  # Session

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_unlock())
        self.pages.addWidget(self._build_recover())
        layout = QVBoxLayout(self)
        layout.addWidget(centred_card(self.pages))

    def _build_unlock(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Relapp is locked")))
        layout.addWidget(paragraph(self.tr("Type your passphrase to open your records.")))
        self.passphrase = _password_field(self.tr("Passphrase"))
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.returnPressed.connect(self.try_unlock)
        layout.addWidget(self.passphrase)
        self.message = MessageLine()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.forgot = QPushButton(self.tr("I forgot my passphrase…"))
        self.forgot.setFlat(True)
        self.forgot.setAccessibleName(self.tr("Use the recovery code"))
        self.forgot.clicked.connect(lambda: self.pages.setCurrentIndex(1))
        row.addWidget(self.forgot)
        row.addStretch(1)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.unlock_button.clicked.connect(self.try_unlock)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        if self.ctx.demo_passphrase:
            hint = paragraph(
                self.tr(
                    "This is a demo profile with invented families. Its passphrase is: {0}"
                ).format(self.ctx.demo_passphrase),
                muted=True,
            )
            hint.setObjectName("demoHint")
            layout.addWidget(hint)
        return page

    def _build_recover(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Set a new passphrase")))
        layout.addWidget(
            paragraph(self.tr("Type the recovery code you stored when you created this profile."))
        )
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setAccessibleName(self.tr("Recovery code"))
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.new_pass = _password_field(self.tr("New passphrase"))
        self.new_pass_again = _password_field(self.tr("New passphrase again"))
        form.addRow(self.tr("Recovery code"), self.code)
        form.addRow(self.tr("New passphrase"), self.new_pass)
        form.addRow(self.tr("Again"), self.new_pass_again)
        layout.addLayout(form)
        self.recover_message = MessageLine()
        layout.addWidget(self.recover_message)
        row = QHBoxLayout()
        back = QPushButton(self.tr("Back"))
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        row.addWidget(back)
        row.addStretch(1)
        self.recover_button = QPushButton(self.tr("Set passphrase and unlock"))
        self.recover_button.clicked.connect(self.try_recover)
        row.addWidget(self.recover_button)
        layout.addLayout(row)
        return page

    def reset(self) -> None:
        for field in (self.passphrase, self.code, self.new_pass, self.new_pass_again):
            field.clear()
        self.message.clear_message()
        self.recover_message.clear_message()
        self.pages.setCurrentIndex(0)
        self._busy(False)
        self.passphrase.setFocus()

    def _busy(self, busy: bool) -> None:
        self.unlock_button.setEnabled(not busy)
        self.recover_button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setText(self.tr("Unlocking…") if busy else self.tr("Unlock"))

    def try_unlock(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase:
            self.message.show_error(self.tr("Type your passphrase first."))
            return
        folder = self.ctx.profile_dir
        self._busy(True)
        self.message.clear_message()

        def work(task: Any) -> Session:
            from relapp.services import retention
            from relapp.services.profile import unlock_profile

            # A profile from an older Relapp is upgraded at its first unlock (a backup first):
            # with years of records that takes a while, so the button says how far it is.
            # The day's backup is taken after the first page is up (ui.daily_backup).
            session = unlock_profile(folder, passphrase, progress=task.progress, backup=False)
            retention.run_if_due(session)  # the team's retention rule runs at every unlock
            return session

        task = self.ctx.runner.read(work, self._done, self._failed)
        task.progress.connect(self._upgrading)
        QTimer.singleShot(0, _load_workspace_code)

    def _upgrading(self, done: int, total: int) -> None:
        percent = int(100 * done / total) if total else 100
        self.unlock_button.setText(self.tr("Upgrading your records… {0}%").format(percent))

    def try_recover(self) -> None:
        code, new, again = self.code.text(), self.new_pass.text(), self.new_pass_again.text()
        if new != again:
            self.recover_message.show_error(self.tr("The two passphrases are not the same."))
            return
        strength = _check_strength(new)
        if not strength.ok:
            self.recover_message.show_error(strength.message)
            return
        folder = self.ctx.profile_dir
        self._busy(True)

        def work(_task: object) -> Session:
            from relapp.services.profile import recover

            return recover(folder, code, new, repeated=again, backup=False)[0]

        self.ctx.runner.read(work, self._done, self._recover_failed)

    def _done(self, session: Session) -> None:
        self._busy(False)
        self.passphrase.clear()
        self.unlocked.emit(session)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.message.show_error(say(exc))
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _recover_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.recover_message.show_error(say(exc))


class FirstRunView(QWidget):
    """Welcome → create a profile → store the recovery code → workspace."""

    created = Signal(object)  # Session

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session: Session | None = None
        self.recovery_code = ""
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_welcome())
        self.pages.addWidget(self._build_form())
        self.pages.addWidget(self._build_code())
        layout = QVBoxLayout(self)
        layout.addWidget(centred_card(self.pages, max_width=620))

    def _build_welcome(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(14)
        layout.addWidget(heading(self.tr("Welcome to Relapp")))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Relapp keeps your visits, reflections and relationship check-ins on this "
                    "laptop, encrypted with a passphrase only you know. It works offline and "
                    "shares with your supervisor when the team folder can be reached."
                )
            )
        )
        self.start_button = QPushButton(self.tr("Create my profile"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._show_form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        layout.addLayout(row)
        # The card is as tall as its tallest page: the words stay together at its top.
        layout.addStretch(1)
        return page

    def _show_form(self) -> None:
        self.pages.setCurrentIndex(1)
        self.name.setFocus()

    def _build_form(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Create your profile")))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Your name"))
        self.role = QComboBox()
        self.role.setAccessibleName(self.tr("Your role"))
        self.role.addItem(self.tr("Practitioner"), "practitioner")
        self.role.addItem(self.tr("Supervisor"), "supervisor")
        # A county's system leader reads only the teams' published figures, never a family's.
        self.role.addItem(
            self.tr("System leader (the county's learning, no families)"), "system_leader"
        )
        self.pass1 = _password_field(self.tr("Passphrase"))
        self.pass2 = _password_field(self.tr("Passphrase again"))
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        self.strength.setAccessibleName(self.tr("Passphrase strength"))
        self.pass1.textChanged.connect(self._update_strength)
        form.addRow(self.tr("Your name"), self.name)
        form.addRow(self.tr("Your role"), self.role)
        form.addRow(self.tr("Passphrase"), self.pass1)
        form.addRow("", self.strength)
        form.addRow(self.tr("Again"), self.pass2)
        layout.addLayout(form)
        layout.addWidget(
            paragraph(
                self.tr(
                    "Choose three or four unrelated words. Nobody, including your IT team, can "
                    "reset it for you: the recovery code on the next page is the only way back."
                ),
                muted=True,
            )
        )
        self.form_message = MessageLine()
        layout.addWidget(self.form_message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.create_button = QPushButton(self.tr("Create profile"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.try_create)
        self.pass2.returnPressed.connect(self.try_create)
        row.addWidget(self.create_button)
        layout.addLayout(row)
        self._update_strength("")
        return page

    def _update_strength(self, text: str) -> None:
        if not text:
            self.strength.setText(
                self.tr("At least 12 characters; a few unrelated words work well.")
            )
            return
        self.strength.setText(_check_strength(text).message)

    def try_create(self) -> None:
        name, role = self.name.text().strip(), self.role.currentData()
        if not name:
            self.form_message.show_error(self.tr("Please give your name."))
            return
        if self.pass1.text() != self.pass2.text():
            self.form_message.show_error(self.tr("The two passphrases are not the same."))
            return
        strength = _check_strength(self.pass1.text())
        if not strength.ok:
            self.form_message.show_error(strength.message)
            return
        passphrase, folder = self.pass1.text(), self.ctx.profile_dir
        self.create_button.setEnabled(False)
        self.create_button.setText(self.tr("Creating…"))
        self.form_message.clear_message()
        self.ctx.runner.write(
            lambda _t: _create_profile(folder, name, role, passphrase),
            self._created,
            self._create_failed,
        )

    def _create_failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.create_button.setText(self.tr("Create profile"))
        self.form_message.show_error(say(exc))

    def _created(self, result: tuple[Session, str]) -> None:
        self.session, self.recovery_code = result
        self.pass1.clear()
        self.pass2.clear()
        self.code_label.setText(self.recovery_code)
        self.code_label.setAccessibleName(self.tr("Your recovery code"))
        self.pages.setCurrentIndex(2)
        self.stored.setFocus()

    def _build_code(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Your recovery code")))
        layout.addWidget(
            paragraph(
                self.tr(
                    "If you forget your passphrase, this code is the only way to open your "
                    "records. It is shown once. Print it or save it, and keep it away from "
                    "this laptop, as your team agreed (for example in a sealed envelope with "
                    "your manager)."
                )
            )
        )
        self.code_label = code_display()
        layout.addWidget(self.code_label)
        row = QHBoxLayout()
        self.pdf_button = QPushButton(self.tr("Save as PDF…"))
        self.pdf_button.clicked.connect(self.save_pdf)
        row.addWidget(self.pdf_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.stored = QCheckBox(self.tr("I have stored my recovery code somewhere safe"))
        self.stored.setAccessibleName(self.tr("I have stored my recovery code somewhere safe"))
        layout.addWidget(self.stored)
        self.code_message = MessageLine()
        layout.addWidget(self.code_message)
        finish = QHBoxLayout()
        finish.addStretch(1)
        self.continue_button = QPushButton(self.tr("Continue to Relapp"))
        self.continue_button.setEnabled(False)
        self.stored.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self._finish)
        finish.addWidget(self.continue_button)
        layout.addLayout(finish)
        return page

    def save_pdf(self, path: str | None = None) -> str | None:
        if not path:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save recovery code"), "relapp-recovery-code.pdf", "PDF (*.pdf)"
            )
        if not path:
            return None
        from relapp.ui.recovery_pdf import write_recovery_pdf  # only when a code is saved

        write_recovery_pdf(path, self.recovery_code, self.tr("Relapp recovery code"))
        self.code_message.show_info(
            self.tr("Saved to {0}. Print it, then delete the file.").format(path)
        )
        return path

    def _finish(self) -> None:
        if self.session is not None:
            session, self.session = self.session, None
            self.recovery_code = ""
            self.code_label.clear()
            self.created.emit(session)


def _create_profile(folder: Path, name: str, role: str, passphrase: str) -> tuple[Session, str]:
    from relapp.services.profile import create_profile

    return create_profile(folder, name, role, passphrase)

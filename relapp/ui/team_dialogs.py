"""Joining a team and creating one, from the Sync page.

Both talk to the shared folder, which can be slow (a network drive waking up), so the work
runs in a worker and the dialog says so. Creating a team shows the organisation recovery
code once, like the first-run recovery code page: it cannot be closed until the person says
they have stored it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relapp.services import team as team_service
from relapp.services.profile import Session
from relapp.services.sync_status import request_id
from relapp.ui.context import AppContext
from relapp.ui.kit.dialogs import say
from relapp.ui.recovery_pdf import write_recovery_pdf
from relapp.ui.settings import CENTRAL_FOLDER
from relapp.ui.widgets import MessageLine, code_display, heading, paragraph


class FolderField(QWidget):
    """A path with a Browse… button (a directory chooser); typing a path works too."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setAccessibleName(name)
        self.edit.setPlaceholderText(
            self.tr("For example S:\\Early Help\\Relapp, or s3://bucket/relapp for object storage")
        )
        self.edit.setMinimumWidth(320)
        self.browse = QPushButton(self.tr("&Browse…"))
        self.browse.setAccessibleName(self.tr("Choose the shared folder"))
        self.browse.clicked.connect(self.choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        self.setFocusProxy(self.edit)

    def choose(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the team's shared folder"), self.edit.text()
        )
        if path:
            self.edit.setText(path)

    def path(self) -> str:
        return self.edit.text().strip()


def _explanation(text: str) -> QLabel:
    label = paragraph(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class _TeamDialog(QDialog):
    """Shared by both dialogs: a stack of steps, a message line, the folder from settings."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(600)
        self.pages = QStackedWidget()
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(24, 20, 24, 20)
        self.outer.addWidget(self.pages)
        self.folder = FolderField(self.tr("Shared folder"))
        self.folder.edit.setText(str(ctx.settings.get(CENTRAL_FOLDER)))

    def show_step(self, index: int) -> None:
        """Switch steps and grow to fit: wrapped text must never be cut off."""
        self.pages.setCurrentIndex(index)
        page = self.pages.currentWidget()
        page_layout = page.layout() if page is not None else None
        width = max(self.width(), self.minimumWidth())
        margins = self.outer.contentsMargins()
        inner = width - margins.left() - margins.right()
        needed = page_layout.totalHeightForWidth(inner) if page_layout is not None else 0
        self.resize(width, max(self.height(), needed + margins.top() + margins.bottom()))

    def _session(self) -> Session:
        return self.ctx.require_session()

    def _remember_folder(self, folder: str) -> None:
        self.ctx.settings.set(CENTRAL_FOLDER, folder)


class JoinTeamDialog(_TeamDialog):
    """Choose the folder → ask to join → "a supervisor must approve this laptop"."""

    joined = Signal(str)  # the request id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Join a team"), parent)
        self.request_id = ""
        self.pages.addWidget(self._build_ask())
        self.pages.addWidget(self._build_done())
        self.folder.edit.setFocus()

    def _build_ask(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Join your team"), 1.3))
        layout.addWidget(
            _explanation(
                self.tr(
                    "Choose the shared folder your supervisor set up for the team (a network "
                    "drive or a synced folder). You can choose the folder that holds the team, "
                    "or the team's own folder inside it."
                )
            )
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        label = QLabel(self.tr("Shared &folder:"))
        label.setBuddy(self.folder.edit)
        form.addRow(label, self.folder)
        layout.addLayout(form)
        layout.addWidget(heading(self.tr("What happens next"), 1.05))
        layout.addWidget(
            _explanation(
                self.tr(
                    "Relapp writes a join request into the folder: your name (readable only by "
                    "the team's supervisors), your role and this laptop's public keys. Nothing "
                    "from your records is shared until a supervisor approves this laptop.\n\n"
                    "After that, your families, visits, submitted reflections and check-ins go "
                    "to you and your supervisors, and barriers and change tests to the whole "
                    "team. Drafts stay on your own laptops. Everything is encrypted on this "
                    "laptop before it is written to the folder."
                )
            )
        )
        self.ask_message = MessageLine()
        layout.addWidget(self.ask_message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        row.addWidget(self.cancel_button)
        self.join_button = QPushButton(self.tr("&Ask to join"))
        self.join_button.setAccessibleName(self.tr("Ask to join the team"))
        self.join_button.setDefault(True)
        self.join_button.clicked.connect(self.ask)
        row.addWidget(self.join_button)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _build_done(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Asked to join"), 1.3))
        self.done_text = paragraph("")
        layout.addWidget(self.done_text)
        self.id_label = QLabel()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.4)
        self.id_label.setFont(mono)
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.id_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.id_label)
        layout.addWidget(
            paragraph(
                self.tr(
                    "Keep working as usual. Relapp tries again every two minutes; once you are "
                    "approved, your records start to sync on their own."
                ),
                muted=True,
            )
        )
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def ask(self) -> None:
        folder = self.folder.path()
        if not folder:
            self.ask_message.show_error(self.tr("Choose the team's shared folder first."))
            self.folder.edit.setFocus()
            return
        session = self._session()
        self.ask_message.show_info(self.tr("Writing your request to the shared folder…"))
        self.join_button.setEnabled(False)

        def work(_task: object) -> str:
            team_service.join(session, folder)
            return request_id(session.vault)

        self.ctx.runner.write(work, lambda rid: self._joined(folder, rid), self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.join_button.setEnabled(True)
        self.ask_message.show_error(say(exc))

    def _joined(self, folder: str, rid: str) -> None:
        self._remember_folder(folder)
        self.request_id = rid
        self.done_text.setText(
            self.tr(
                "Asked to join; a supervisor must approve this laptop. Your request id is "
                "{0}. Tell your supervisor this id so they can check it is really you."
            ).format(rid)
        )
        self.id_label.setText(rid)
        self.id_label.setAccessibleName(self.tr("Your request id: {0}").format(rid))
        self.show_step(1)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.joined.emit(rid)


class CreateTeamDialog(_TeamDialog):
    """Folder and team name → create → the organisation recovery code, shown once."""

    created = Signal(str)  # the team's name

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Create a team"), parent)
        self.org_code = ""
        self.team_name = ""
        self.pages.addWidget(self._build_form())
        self.pages.addWidget(self._build_code())
        self.folder.edit.setFocus()

    def _build_form(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Create your team"), 1.3))
        layout.addWidget(
            _explanation(
                self.tr(
                    "Choose the shared folder your organisation gave the team (a network drive "
                    "or a synced folder every member can reach) and a name people will "
                    "recognise. Relapp makes a team folder inside it, with you as its first "
                    "supervisor; you then approve each member's laptop from this page."
                )
            )
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        folder_label = QLabel(self.tr("Shared &folder:"))
        folder_label.setBuddy(self.folder.edit)
        form.addRow(folder_label, self.folder)
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Team name"))
        self.name.setPlaceholderText(self.tr("For example Early Help North"))
        self.name.returnPressed.connect(self.create_team)
        name_label = QLabel(self.tr("Team &name:"))
        name_label.setBuddy(self.name)
        form.addRow(name_label, self.name)
        layout.addLayout(form)
        layout.addWidget(
            paragraph(
                self.tr(
                    "Relapp also makes the organisation's recovery key. Its code is shown once, "
                    "on the next step: have a printer or a safe place for the file ready."
                ),
                muted=True,
            )
        )
        self.form_message = MessageLine()
        layout.addWidget(self.form_message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        row.addWidget(self.cancel_button)
        self.create_button = QPushButton(self.tr("&Create team"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_team)
        row.addWidget(self.create_button)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _build_code(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("The organisation recovery code"), 1.3))
        layout.addWidget(
            paragraph(
                self.tr(
                    "With this code your organisation can open every record the team syncs, "
                    "for example when someone leaves or loses both their passphrase and their "
                    "own recovery code. Relapp does not keep it anywhere and shows it only "
                    "now. Print it or save it, and store it as your organisation's policy says "
                    "(for example sealed, in the service manager's safe), never on this laptop."
                )
            )
        )
        self.code_label = code_display()
        layout.addWidget(self.code_label)
        row = QHBoxLayout()
        self.pdf_button = QPushButton(self.tr("Save as &PDF…"))
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        row.addWidget(self.pdf_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.stored = QCheckBox(self.tr("I have stored the organisation recovery code safely"))
        self.stored.setAccessibleName(
            self.tr("I have stored the organisation recovery code safely")
        )
        layout.addWidget(self.stored)
        self.code_message = MessageLine()
        layout.addWidget(self.code_message)
        finish = QHBoxLayout()
        finish.addStretch(1)
        self.done_button = QPushButton(self.tr("&Done"))
        self.done_button.setEnabled(False)
        self.stored.toggled.connect(self.done_button.setEnabled)
        self.stored.toggled.connect(lambda _on: self.code_message.clear_message())
        self.done_button.clicked.connect(self.finish)
        finish.addWidget(self.done_button)
        layout.addLayout(finish)
        layout.addStretch(1)
        return page

    @property
    def showing_code(self) -> bool:
        return self.pages.currentIndex() == 1

    def create_team(self) -> None:
        folder, name = self.folder.path(), self.name.text().strip()
        if not folder:
            self.form_message.show_error(self.tr("Choose the team's shared folder first."))
            self.folder.edit.setFocus()
            return
        if not name:
            self.form_message.show_error(self.tr("Give the team a name."))
            self.name.setFocus()
            return
        session = self._session()
        self.form_message.show_info(self.tr("Creating the team in the shared folder…"))
        self.create_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

        def work(_task: object) -> str:
            _folder, code = team_service.create(session, folder, name)
            return code

        self.ctx.runner.write(
            work, lambda code: self._created(folder, name, code), self._failed, owner=self
        )

    def _failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.form_message.show_error(say(exc))

    def _created(self, folder: str, name: str, code: str) -> None:
        self._remember_folder(folder)
        self.org_code = code
        self.team_name = name
        self.code_label.setText(code)
        self.code_label.setAccessibleName(self.tr("The organisation recovery code"))
        self.show_step(1)
        self.stored.setFocus()
        self.created.emit(name)

    def save_pdf(self, path: str | None = None) -> str | None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the organisation recovery code"),
                "relapp-organisation-recovery-code.pdf",
                "PDF (*.pdf)",
            )
        if not path:
            return None
        write_recovery_pdf(
            path,
            self.org_code,
            self.tr("Relapp organisation recovery code"),
            self.tr(
                "To use it: run relapp recover-team --folder followed by the team's shared "
                "folder, and type this code when asked. It opens every record the team synced."
            ),
        )
        self.code_message.show_info(
            self.tr("Saved to {0}. Print it, then delete the file.").format(path)
        )
        return path

    def finish(self) -> None:
        if self.showing_code and not self.stored.isChecked():
            self.code_message.show_error(
                self.tr("The code is shown only once: store it, then tick the box to close.")
            )
            return
        self.org_code = ""
        self.code_label.clear()
        super().accept()

    # The code page cannot be dismissed before the box is ticked (Escape, or the window's
    # close button, which QDialog turns into reject()): the code would be lost for good.
    def reject(self) -> None:
        if self.showing_code:
            self.finish()
            return
        super().reject()

    def accept(self) -> None:
        self.finish()

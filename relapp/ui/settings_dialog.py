"""Settings: auto-lock, the default reflection template, text size and the team folder.

Text size applies at once (so the person sees it) and is undone by Cancel; everything else is
stored on OK.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import Definitions
from relapp.services import team
from relapp.services.errors import ServiceError
from relapp.services.profile import load_shipped_definitions
from relapp.ui.context import AppContext
from relapp.ui.kit.dialogs import say
from relapp.ui.settings import (
    AUTO_LOCK_MINUTES,
    CENTRAL_FOLDER,
    DEFAULT_TEMPLATE,
    TEXT_SCALE,
)
from relapp.ui.widgets import MessageLine, paragraph

AUTO_LOCK_RANGE = (1, 60)  # there is deliberately no "never"
TEXT_SCALE_RANGE = (90, 200)


def scaled_font(percent: int) -> QFont:
    """The application font at `percent` of the system's default size."""
    system = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font = QFont(QApplication.font())
    if system.pointSizeF() > 0:
        font.setPointSizeF(system.pointSizeF() * percent / 100)
    elif system.pixelSize() > 0:
        font.setPixelSize(max(1, round(system.pixelSize() * percent / 100)))
    return font


def apply_text_scale(percent: int) -> None:
    QApplication.setFont(scaled_font(percent))


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self.setMinimumWidth(560)
        self._original_font = QFont(QApplication.font())
        settings = ctx.settings

        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(*AUTO_LOCK_RANGE)
        self.auto_lock.setSuffix(self.tr(" minutes"))
        self.auto_lock.setAccessibleName(self.tr("Lock after this many minutes without use"))
        self.auto_lock.setValue(_clamp(int(settings.get(AUTO_LOCK_MINUTES)), AUTO_LOCK_RANGE))
        lock_row = QHBoxLayout()
        lock_row.addWidget(self.auto_lock)
        lock_row.addStretch(1)

        self.template = QComboBox()
        self.template.setAccessibleName(self.tr("Default reflection template"))
        templates = sorted(self._definitions().templates.values(), key=lambda t: t.title)
        for template in templates:
            self.template.addItem(template.title, template.id)
        index = self.template.findData(settings.get(DEFAULT_TEMPLATE))
        self.template.setCurrentIndex(max(index, 0))
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)

        self.text_size = QSpinBox()
        self.text_size.setRange(*TEXT_SCALE_RANGE)
        self.text_size.setSingleStep(10)
        self.text_size.setSuffix(" %")
        self.text_size.setAccessibleName(self.tr("Text size, in percent of your computer's size"))
        self.text_size.setValue(_clamp(int(settings.get(TEXT_SCALE)), TEXT_SCALE_RANGE))
        self.text_size.valueChanged.connect(apply_text_scale)
        self.text_reset = QPushButton(self.tr("&Usual size"))
        self.text_reset.setAccessibleName(self.tr("Back to the usual text size"))
        self.text_reset.clicked.connect(lambda: self.text_size.setValue(100))
        text_row = QHBoxLayout()
        text_row.addWidget(self.text_size)
        text_row.addWidget(self.text_reset)
        text_row.addStretch(1)

        session = ctx.session
        # A folder's path, or s3://BUCKET/PREFIX for object storage (typed: no chooser).
        self.team_folder = _where(team.current_location(session)) if session else None
        start = self.team_folder if self.team_folder is not None else settings.get(CENTRAL_FOLDER)
        self.folder = QLineEdit(str(start))
        self._initial_folder = self.folder.text().strip()
        self.folder.setAccessibleName(self.tr("Team folder"))
        self.folder.setPlaceholderText(self.tr("Not chosen"))
        self.choose = QPushButton(self.tr("C&hoose…"))
        self.choose.setAccessibleName(self.tr("Choose the team folder"))
        self.choose.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose)

        self.message = MessageLine()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName(self.tr("Save settings"))
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel, change nothing"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(
            self._group(
                self.tr("Locking"),
                self.tr("&Lock after:"),
                lock_row,
                self.tr(
                    "Relapp locks itself when it has not been used for this long, so nobody "
                    "else can read it. Ctrl+L locks at once."
                ),
            )
        )
        layout.addWidget(
            self._group(
                self.tr("Reflections"),
                self.tr("&Default template:"),
                template_row,
                self.tr("New reflections start with this template. You can change it each time."),
            )
        )
        layout.addWidget(
            self._group(
                self.tr("Text"),
                self.tr("Text &size:"),
                text_row,
                self.tr("Makes all text in Relapp larger or smaller. 100 % follows your computer."),
            )
        )
        layout.addWidget(
            self._group(
                self.tr("Team folder"),
                self.tr("&Folder:"),
                folder_row,
                self.tr(
                    "Where your team's shared folder is on this laptop. Change it only if the "
                    "drive letter or path changed: the same team must be there."
                )
                if self.team_folder is not None
                else self.tr(
                    "Not in a team yet: join or create one on the Sync page. The folder "
                    "chosen here is offered there first."
                ),
            )
        )
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        # A plain method, not the reject() override: PySide drops such a connection when the
        # dialog is deleted, but keeps one to an overridden virtual and would call a dead dialog.
        ctx.locked.connect(self._profile_locked)

    def _definitions(self) -> Definitions:
        session = self.ctx.session
        return session.definitions if session is not None else load_shipped_definitions()

    def _group(self, title: str, label: str, row: QHBoxLayout, hint: str) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(label, row)
        caption = form.labelForField(row)
        first = row.itemAt(0)
        control = first.widget() if first is not None else None
        if isinstance(caption, QLabel) and control is not None:
            caption.setBuddy(control)  # Alt + the underlined letter goes to the row's control
        form.addRow(paragraph(hint, muted=True))
        return box

    def _choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the team folder"), self.folder.text() or str(Path.home())
        )
        if chosen:
            self.folder.setText(chosen)

    def accept(self) -> None:
        folder = self.folder.text().strip()
        if folder == self._initial_folder:
            self._store(folder)  # nothing on the drive to look at
            return
        # A shared drive can take seconds to answer, or hang when it has gone: look at the
        # folder on a worker, never on the UI thread.
        chosen = _where(folder)
        move_to = chosen if self.team_folder is not None and chosen != self.team_folder else None
        session = self.ctx.session
        no_folder = self.tr("There is no folder at {0}. Choose one that exists.").format(folder)

        def check(_task: object) -> None:
            if chosen is not None and not team.can_reach(chosen):
                raise ServiceError(no_folder)
            if move_to is not None and session is not None:
                team.move_folder(session, move_to)

        self.ok_button.setEnabled(False)
        self.message.show_info(self.tr("Looking at the folder…"))
        self.ctx.runner.write(
            check, lambda _r: self._store(folder), self._folder_refused, owner=self
        )

    def _folder_refused(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.message.show_error(say(exc))
        self.folder.setFocus()

    def _store(self, folder: str) -> None:
        settings = self.ctx.settings
        settings.set(AUTO_LOCK_MINUTES, self.auto_lock.value())
        settings.set(DEFAULT_TEMPLATE, self.template.currentData())
        settings.set(TEXT_SCALE, self.text_size.value())
        settings.set(CENTRAL_FOLDER, str(_where(folder) or ""))
        settings.sync()
        idle = getattr(self.parent(), "idle", None)
        if idle is not None and hasattr(idle, "restart"):
            idle.restart()  # the new auto-lock time counts from now
        self.ctx.show_saved(self.tr("Settings saved"))
        super().accept()

    def _profile_locked(self) -> None:
        self.reject()

    def reject(self) -> None:
        QApplication.setFont(self._original_font)
        super().reject()


def _clamp(value: int, bounds: tuple[int, int]) -> int:
    return max(bounds[0], min(bounds[1], value))


def _where(folder: str | None) -> Path | str | None:
    """A folder typed or chosen: a path (with ~ expanded), an s3:// location as typed."""
    if not folder:
        return None
    return folder if team.is_object_location(folder) else Path(folder).expanduser()

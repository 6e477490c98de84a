"""A subject access export from a family's page: a dialog that says in plain words what the
export holds, asks for the folder, then gathers, prints and writes on the writer with progress,
and can be cancelled until the files are published (nothing is left behind then)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relapp.services.subject_access import ExportResult, export_family
from relapp.ui.context import AppContext
from relapp.ui.kit.dialogs import documents_folder, say
from relapp.ui.tasks import Cancelled, Task, TaskContext
from relapp.ui.widgets import MessageLine, heading, paragraph

log = logging.getLogger("relapp.ui.subject_access")


class SubjectAccessDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        family_id: str,
        display_name: str,
        reference: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.family_id = family_id
        self.display_name = display_name.strip() or reference.strip() or self.tr("this family")
        self.task: Task | None = None
        self.result: ExportResult | None = None
        self.setWindowTitle(self.tr("Subject access export"))
        self.setAccessibleName(self.tr("Subject access export"))
        self.setMinimumWidth(520)
        self._build()

    def _build(self) -> None:
        self.heading = heading(
            self.tr("Everything Relapp holds about {0}").format(self.display_name), 1.3
        )
        self.heading.setWordWrap(True)
        self.summary = paragraph(
            self.tr(
                "For a subject access request: the family's record, its visits, check-ins with "
                "the questions as asked, reflections and feedback about it, supervision notes "
                "that mention it, and who opened or changed its records on this laptop. Two "
                "files: a PDF to read and a JSON file for the council's records team."
            )
        )
        self.summary.setAccessibleName(self.tr("What the export holds"))
        self.review = paragraph(
            self.tr(
                "Other people's information (colleagues, other families, people named in the "
                "text) is marked for the council's redaction review: review the files before "
                "anything is shared. They are not encrypted: keep them safe."
            )
        )
        self.review.setAccessibleName(self.tr("Review before sharing"))

        self.folder = QLineEdit(str(documents_folder()))
        self.folder.setAccessibleName(self.tr("Folder to save the export in"))
        label = QLabel(self.tr("Save in &folder"))
        label.setBuddy(self.folder)
        self.browse_button = QPushButton(self.tr("&Choose…"))
        self.browse_button.setAccessibleName(self.tr("Choose the folder"))
        self.browse_button.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse_button)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.message = MessageLine()

        self.buttons = QDialogButtonBox()
        self.export_button = QPushButton(self.tr("&Export"))
        self.export_button.setAccessibleName(self.tr("Make the subject access export"))
        self.export_button.setDefault(True)
        self.open_button = QPushButton(self.tr("&Open folder"))
        self.open_button.setAccessibleName(self.tr("Open the folder with the export"))
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.hide()  # after addButton, which shows it
        self.export_button.clicked.connect(self.start)
        self.open_button.clicked.connect(self.open_folder)
        self.buttons.rejected.connect(self.reject)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.setSpacing(12)
        outer.addWidget(self.heading)
        outer.addWidget(self.summary)
        outer.addWidget(self.review)
        outer.addWidget(label)
        outer.addLayout(row)
        outer.addWidget(self.progress)
        outer.addWidget(self.message)
        outer.addStretch(1)
        outer.addWidget(self.buttons)
        self.export_button.setFocus()

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Save the subject access export in"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    # ---- the export ------------------------------------------------------------------------

    def start(self) -> Task | None:
        session = self.ctx.session
        if session is None or self.task is not None:
            return None
        folder = Path(self.folder.text().strip()).expanduser()
        if not self.folder.text().strip() or not folder.is_dir():
            self.message.show_error(
                self.tr("The folder {0} does not exist: choose another.").format(folder)
            )
            return None
        family_id = self.family_id

        def work(task: TaskContext) -> ExportResult:
            from relapp.ui.subject_access_pdf import subject_access_pdf

            return export_family(
                session, family_id, folder, subject_access_pdf, progress=task.progress
            )

        self.result = None
        self.open_button.hide()
        self.progress.setValue(0)
        self.progress.show()
        self.message.show_info(self.tr("Making the export…"))
        self.task = self.ctx.runner.write(work, self._finished, self._failed, owner=self)
        self.task.progress.connect(self._progress)
        self._update()
        return self.task

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setValue(round(100 * done / total))

    def _finished(self, result: ExportResult) -> None:
        self.task = None
        self.result = result
        self.progress.hide()
        self.message.show_info(
            self.tr(
                "Saved {0} ({1} pages) and {2}. {3} places are marked for the redaction review."
            ).format(result.pdf.name, result.pages, result.json.name, result.for_review)
        )
        self.open_button.show()
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setAccessibleName(self.tr("Close"))
        self._update()

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.progress.hide()
        if isinstance(exc, Cancelled):
            self.message.show_info(self.tr("Cancelled: nothing was written."))
        elif isinstance(exc, OSError):
            self.message.show_error(
                self.tr("The export could not be written: {0}. Nothing was written.").format(
                    exc.strerror or exc
                )
            )
        else:
            self.message.show_error(
                say(
                    exc,
                    otherwise=self.tr(
                        "The export could not be made; the details are in the log file."
                    ),
                )
            )
        self._update()

    def _update(self) -> None:
        busy = self.task is not None
        self.export_button.setEnabled(not busy)
        self.folder.setEnabled(not busy)
        self.browse_button.setEnabled(not busy)

    def reject(self) -> None:
        """Cancel stops a running export (nothing is left behind); otherwise it closes."""
        if self.task is not None:
            self.task.cancel()
            self.message.show_info(self.tr("Cancelling…"))
            return
        super().reject()

    def open_folder(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.pdf.parent)))

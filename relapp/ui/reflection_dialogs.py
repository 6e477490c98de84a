"""The reflection editor's dialogs: the reason for an amendment, and the history of versions
with what changed between them."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import Template
from relapp.services.errors import Record
from relapp.services.reflections import DiffLine, SectionDiff, diff_versions, milestone_versions
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when
from relapp.ui.kit.dialogs import say
from relapp.ui.models import Column, RowsModel
from relapp.ui.reflection_parts import status_label
from relapp.ui.widgets import MessageLine, heading, paragraph


class AmendDialog(QDialog):
    """Ask why a submitted reflection is being reopened; the reason is required."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Amend reflection"))
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(
            paragraph(
                self.tr(
                    "Amending starts a new, editable version. The version you submitted stays "
                    "in the history exactly as it was. Say briefly why you are amending it."
                )
            )
        )
        form = QFormLayout()
        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName(self.tr("Reason for amending"))
        self.reason_edit.setPlaceholderText(self.tr("e.g. Adding what I learned at the next visit"))
        self.reason_edit.setMinimumWidth(380)
        form.addRow(self.tr("&Reason"), self.reason_edit)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Amend"))
        self.ok_button.setEnabled(False)
        self.reason_edit.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip()))
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def accept(self) -> None:
        if self.reason():
            super().accept()


ADDED_STYLE = "background-color:#dafbe1; color:#0f5323;"


REMOVED_STYLE = "background-color:#ffebe9; color:#8a1020;"


def diff_html(diffs: Sequence[SectionDiff], summary: str) -> str:
    """Render section diffs for a QTextBrowser: +/- marks and wording, colour only as help."""
    added = QCoreApplication.translate("Reflections", "added")
    removed = QCoreApplication.translate("Reflections", "removed")
    parts = [f"<p>{escape(summary)}</p>"]
    parts.append(
        "<p>"
        f"<span style='{ADDED_STYLE}'>&nbsp;+ {escape(added)}&nbsp;</span>&nbsp;&nbsp;"
        f"<span style='{REMOVED_STYLE}'>&nbsp;− <s>{escape(removed)}</s>&nbsp;</span>"
        "</p>"
    )
    for diff in diffs:
        title = {
            "title": QCoreApplication.translate("Reflections", "Title"),
            "themes": QCoreApplication.translate("Reflections", "Themes"),
        }.get(diff.section_id, diff.title)
        parts.append(f"<h3>{escape(title)}</h3>")
        if not diff.changed:
            note = (
                QCoreApplication.translate("Reflections", "No changes.")
                if diff.lines
                else QCoreApplication.translate("Reflections", "Empty in both versions.")
            )
            parts.append(f"<p><i>{escape(note)}</i></p>")
            continue
        for line in diff.lines:
            parts.append(_line_html(line))
    return "".join(parts)


def _line_html(line: DiffLine) -> str:
    if line.mark == " ":
        text = escape(line.text) or "&nbsp;"
        return f"<p style='margin:0; white-space:pre-wrap;'>&nbsp;&nbsp;&nbsp;{text}</p>"
    added = line.mark == "+"
    pieces = []
    for segment in line.segments:
        text = escape(segment.text)
        if segment.changed:
            text = f"<b><u>{text}</u></b>" if added else f"<s>{text}</s>"
        pieces.append(text)
    style = ADDED_STYLE if added else REMOVED_STYLE
    mark = "+" if added else "−"
    body = "".join(pieces) or "&nbsp;"
    return f"<p style='margin:0; white-space:pre-wrap; {style}'>&nbsp;{mark}&nbsp;{body}</p>"


class VersionHistoryDialog(QDialog):
    """Every saved version of a reflection and what changed in each, part by part."""

    def __init__(
        self,
        ctx: AppContext,
        record_id: str,
        template: Template | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.template = template
        self.history: list[Record] = []
        self.shown: list[Record] = []
        self.member_id = ""
        self.own_name = ""
        self.setWindowTitle(self.tr("Version history"))
        self.resize(1000, 640)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Version history"), scale=1.3))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Every save is kept. Choose a version to see what changed since the one "
                    "listed before it."
                ),
                muted=True,
            )
        )
        self.all_autosaves = QCheckBox(self.tr("Show every &autosaved draft"))
        self.all_autosaves.setAccessibleName(self.tr("Show every autosaved draft"))
        self.all_autosaves.toggled.connect(self._fill)
        layout.addWidget(self.all_autosaves)
        splitter = QSplitter()
        self.model = RowsModel(
            [
                Column(self.tr("Version"), lambda r: r.version, align_right=True),
                Column(
                    self.tr("Saved"), lambda r: format_when(r.updated_at), lambda r: r.updated_at
                ),
                Column(self.tr("Status"), self._status_of),
                Column(self.tr("Author"), self._author_of),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Versions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_diff)
        splitter.addWidget(self.table)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Differences between versions"))
        self.browser.setOpenLinks(False)
        splitter.addWidget(self.browser)
        splitter.setSizes([460, 540])
        layout.addWidget(splitter, 1)
        self.message = MessageLine()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.browser.setPlainText(self.tr("Loading the history…"))
        session = ctx.require_session()
        vault = session.vault

        def load(_task: object) -> tuple[list[Record], str, str]:
            return vault.history(record_id), vault.member_id, vault.identity().name

        ctx.runner.read(load, self._loaded, self._failed)

    def _status_of(self, record: Record) -> str:
        if record.error is not None:
            return self.tr("Could not be opened")
        status = status_label(str(record.data.get("status", "")))
        if record.data.get("amendment_reason") and record.data.get("status") == "draft":
            return self.tr("{0} (amending)").format(status)
        return status

    def _author_of(self, record: Record) -> str:
        if record.author == self.member_id:
            return self.own_name
        return self.tr("Team member {0}").format(record.author[:8])

    def _loaded(self, result: tuple[list[Record], str, str]) -> None:
        self.history, self.member_id, self.own_name = result
        self._fill()

    def _failed(self, exc: BaseException) -> None:
        self.browser.clear()
        self.message.show_error(say(exc))

    def _fill(self, *_args: object) -> None:
        every = self.all_autosaves.isChecked()
        self.shown = list(self.history) if every else milestone_versions(self.history)
        self.model.set_rows(list(reversed(self.shown)))  # newest first
        self.table.resizeColumnsToContents()
        if self.shown:
            self.table.selectRow(0)

    def select_version(self, version: int) -> None:
        for row, record in enumerate(self.model.rows):
            if record.version == version:
                self.table.selectRow(row)
                return

    def _show_diff(self, current: Any, _previous: Any = None) -> None:
        if not current.isValid():
            return
        record = self.model.row_at(current)
        position = self.shown.index(record)
        before = self.shown[position - 1] if position > 0 else None
        if record.error is not None:
            self.browser.setPlainText(record.error)
            return
        old = before.data if before is not None and before.error is None else {}
        diffs = diff_versions(old, record.data, self.template)
        label = f"{self._status_of(record)}, {format_when(record.updated_at)}"
        if before is None:
            summary = self.tr("Version {0} — {1}. The first saved version.").format(
                record.version, label
            )
        else:
            summary = self.tr("Version {0} — {1}. Compared with version {2} — {3}.").format(
                record.version,
                label,
                before.version,
                f"{self._status_of(before)}, {format_when(before.updated_at)}",
            )
        reason = record.data.get("amendment_reason")
        if reason and reason != old.get("amendment_reason"):
            summary += " " + self.tr("Reason for amending: {0}").format(reason)
        if not any(d.changed for d in diffs):
            summary += " " + self.tr("The text did not change in this version.")
        self.browser.setHtml(diff_html(diffs, summary))
        self.browser.setAccessibleDescription(
            summary + "\n" + "\n".join(f"{d.title}:\n{d.as_text()}" for d in diffs if d.changed)
        )

"""The Sync page's dialogs: choosing which member a laptop belongs to, and settling a record
changed on two laptops at once."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from relapp.services import sync_status
from relapp.services.sync_status import ConflictDetail, ConflictItem, ConflictVersion, RequestItem
from relapp.services.team import MemberView
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when
from relapp.ui.kit.dialogs import say
from relapp.ui.views.sync_labels import kind_label, role_label
from relapp.ui.widgets import MessageLine, heading, paragraph


class ChooseMemberDialog(QDialog):
    """Which member a join request's laptop belongs to (a second laptop of someone)."""

    chosen = Signal(object)  # MemberView

    def __init__(
        self, members: list[MemberView], request: RequestItem, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Approve as another laptop"))
        self.members = members
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(
            paragraph(
                self.tr(
                    "The laptop that asked as “{0}” (request {1}) will write as the member you "
                    "choose, and receive what they receive."
                ).format(request.name, request.request_id)
            )
        )
        form = QFormLayout()
        self.member = QComboBox()
        self.member.setAccessibleName(self.tr("Member"))
        for member in members:
            self.member.addItem(f"{member.name} ({role_label(member.role)})", member.member_id)
        label = QLabel(self.tr("&Member:"))
        label.setBuddy(self.member)
        form.addRow(label, self.member)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Approve"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        index = self.member.currentIndex()
        if 0 <= index < len(self.members):
            self.chosen.emit(self.members[index])
        super().accept()


class ConflictDialog(QDialog):
    """Two versions side by side, the lines that differ marked; keep one of them."""

    resolved = Signal(str)

    def __init__(self, ctx: AppContext, item: ConflictItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.detail: ConflictDetail | None = None
        self.setWindowTitle(self.tr("Resolve a conflict"))
        self.setAccessibleName(self.tr("Resolve a conflict"))
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading(f"{kind_label(item.kind)}: {item.label}", 1.3))
        layout.addWidget(
            paragraph(
                self.tr(
                    "This record was changed on two laptops before they synced, so there are "
                    "two versions. Choose the one to keep: it becomes the current version on "
                    "every laptop. The other stays in the record's history."
                )
            )
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.pickers = [QComboBox(), QComboBox()]
        self.titles = [paragraph(""), paragraph("")]
        self.keep_buttons = [QPushButton(), QPushButton()]
        for side in (0, 1):
            self.pickers[side].setAccessibleName(
                self.tr("Version on the left") if side == 0 else self.tr("Version on the right")
            )
            self.pickers[side].currentIndexChanged.connect(self._show_diff)
            self.pickers[side].hide()
            grid.addWidget(self.pickers[side], 0, side)
            font = self.titles[side].font()
            font.setBold(True)
            self.titles[side].setFont(font)
            grid.addWidget(self.titles[side], 1, side)
            button = self.keep_buttons[side]
            button.setText(self.tr("&Keep this one") if side == 0 else self.tr("K&eep this one"))
            button.setEnabled(False)
            button.setAutoDefault(False)  # Enter must never choose a version by accident
            button.clicked.connect(lambda _c=False, s=side: self.keep(s))
            grid.addWidget(button, 3, side, Qt.AlignmentFlag.AlignLeft)
        self.diff = QTextBrowser()
        self.diff.setAccessibleName(self.tr("The two versions side by side"))
        self.diff.setOpenLinks(False)
        grid.addWidget(self.diff, 2, 0, 1, 2)
        grid.setRowStretch(2, 1)
        layout.addLayout(grid, 1)
        self.legend = paragraph("", muted=True)
        layout.addWidget(self.legend)
        self.message = MessageLine()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        self.later_button = QPushButton(self.tr("Decide &later"))
        self.later_button.clicked.connect(self.reject)
        self.later_button.setDefault(True)
        row.addWidget(self.later_button)
        layout.addLayout(row)
        self.diff.setPlainText(self.tr("Opening both versions…"))
        session = ctx.require_session()
        ctx.runner.read(
            lambda _t: sync_status.conflict_detail(session, item.record_id),
            self._loaded,
            self._failed,
            owner=self,
        )

    def _version_title(self, version: ConflictVersion) -> str:
        when = format_when(version.when)
        if version.this_laptop:
            text = self.tr("Made on this laptop by {0}, {1}").format(version.author, when)
        else:
            text = self.tr("Made by {0} on another laptop, {1}").format(version.author, when)
        return text + (self.tr(" (moved to the trash)") if version.deleted else "")

    def _loaded(self, detail: ConflictDetail) -> None:
        self.detail = detail
        if len(detail.versions) < 2:
            self.diff.setPlainText(self.tr("The versions of this conflict cannot be found."))
            return
        for side in (0, 1):
            picker = self.pickers[side]
            picker.blockSignals(True)
            for version in detail.versions:
                picker.addItem(self._version_title(version), version.event_id)
            picker.setCurrentIndex(side)
            picker.setVisible(len(detail.versions) > 2)
            picker.blockSignals(False)
        self._show_diff()

    def _failed(self, exc: BaseException) -> None:
        self.diff.setPlainText("")
        self.message.show_error(say(exc))

    def chosen(self, side: int) -> ConflictVersion | None:
        if self.detail is None:
            return None
        index = self.pickers[side].currentIndex()
        versions = self.detail.versions
        return versions[index] if 0 <= index < len(versions) else None

    def _show_diff(self, *_args: object) -> None:
        left, right = self.chosen(0), self.chosen(1)
        if left is None or right is None:
            return
        for side, version in ((0, left), (1, right)):
            self.titles[side].setText(self._version_title(version))
            self.keep_buttons[side].setEnabled(version.error is None)
            self.keep_buttons[side].setAccessibleName(
                self.tr("Keep this one: {0}").format(self._version_title(version))
            )
        rows = sync_status.side_by_side(left.lines, right.lines)
        self.diff.setHtml(self._diff_html(rows))
        changed = sum(r.changed for r in rows)
        self.legend.setText(
            self.tr("≠ marks the lines that differ ({0}).").format(changed)
            if changed
            else self.tr("The two versions hold the same words; keep either.")
        )

    def _diff_html(self, rows: list[sync_status.DiffRow]) -> str:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        accent = palette.color(QPalette.ColorRole.Highlight)
        mark = QColor(
            (base.red() * 3 + accent.red()) // 4,
            (base.green() * 3 + accent.green()) // 4,
            (base.blue() * 3 + accent.blue()) // 4,
        ).name()

        def cell(text: str | None) -> str:
            if text is None:
                return "<td width='48%'></td>"
            body = html.escape(text).replace("  ", "&nbsp;&nbsp;")
            return f"<td width='48%'>{body}</td>"

        lines = ["<table width='100%' cellspacing='0' cellpadding='3'>"]
        for row in rows:
            style = f" bgcolor='{mark}'" if row.changed else ""
            marker = "≠" if row.changed else ""
            lines.append(
                f"<tr{style}><td width='4%' align='center'><b>{marker}</b></td>"
                f"{cell(row.left)}{cell(row.right)}</tr>"
            )
        lines.append("</table>")
        return "".join(lines)

    def keep(self, side: int) -> None:
        version = self.chosen(side)
        session = self.ctx.session
        if version is None or session is None:
            return
        for button in self.keep_buttons:
            button.setEnabled(False)
        self.message.show_info(self.tr("Keeping that version…"))
        record_id, kind = self.item.record_id, self.item.kind
        self.ctx.runner.write(
            lambda _t: sync_status.resolve_conflict(session, record_id, version.event_id),
            lambda _r: self._kept(kind),
            self._keep_failed,
            owner=self,
        )

    def _kept(self, kind: str) -> None:
        self.resolved.emit(
            self.tr("Conflict resolved: “{0}” now has the version you chose.").format(
                self.item.label
            )
        )
        self.accept()

    def _keep_failed(self, exc: BaseException) -> None:
        self.message.show_error(say(exc))
        self._show_diff()

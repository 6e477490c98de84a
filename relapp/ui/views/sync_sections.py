"""The sections of the Sync page: a titled table with its buttons, one for each part of the
team's state (conflicts, join requests, members, laptops, erasures, files set aside)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from relapp.services.team import MemberView
from relapp.ui.formatting import count, format_when, set_up_table
from relapp.ui.models import Column, RowsModel
from relapp.ui.views.sync_labels import kind_label, role_label
from relapp.ui.widgets import heading, paragraph

MAX_VISIBLE_ROWS = 6


class Section(QWidget):
    """A heading, a sentence, a table (or a sentence saying it is empty) and buttons."""

    def __init__(
        self,
        title: str,
        text: str,
        columns: Sequence[Column],
        empty_text: str,
        widths: Sequence[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.heading = heading(title, 1.2)
        layout.addWidget(self.heading)
        self.text = paragraph(text, muted=True)
        self.text.setVisible(bool(text))
        layout.addWidget(self.text)
        self.model = RowsModel(columns, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, title)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for column, width in enumerate(widths):
            self.table.horizontalHeader().resizeSection(column, width)
        layout.addWidget(self.table)
        self.empty = paragraph(empty_text, muted=True)
        layout.addWidget(self.empty)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(8)
        layout.addLayout(self.buttons)
        self.set_rows([])

    def add_button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(rows)
        count = len(rows)
        self.heading.setText(f"{self.title} ({count})" if count else self.title)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if rows:
            self.table.selectRow(0)
            shown = min(count, MAX_VISIBLE_ROWS)
            height = self.table.horizontalHeader().sizeHint().height()
            height += 2 * self.table.frameWidth()
            height += sum(self.table.rowHeight(row) for row in range(shown))
            self.table.setFixedHeight(height)

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None


def conflicts_section() -> Section:
    """Records changed on two laptops before they synced."""
    return Section(
        QCoreApplication.translate("SyncPage", "Conflicts to resolve"),
        QCoreApplication.translate(
            "SyncPage",
            "The same record was changed on two laptops before they synced. Both versions "
            "are kept until you choose one.",
        ),
        [
            Column(QCoreApplication.translate("SyncPage", "Kind"), lambda c: kind_label(c.kind)),
            Column(QCoreApplication.translate("SyncPage", "Record"), lambda c: c.label),
            Column(
                QCoreApplication.translate("SyncPage", "Found"),
                lambda c: format_when(c.found_at),
                lambda c: c.found_at,
            ),
        ],
        QCoreApplication.translate(
            "SyncPage", "No conflicts. If two laptops change the same record, it appears here."
        ),
        widths=(140, 380),
    )


def join_requests_section() -> Section:
    """People asking to join, for a supervisor to approve."""
    return Section(
        QCoreApplication.translate("SyncPage", "Join requests"),
        QCoreApplication.translate(
            "SyncPage",
            "Check the request id with the person (it is shown on their laptop) before approving.",
        ),
        [
            Column(QCoreApplication.translate("SyncPage", "Name"), lambda r: r.name),
            Column(
                QCoreApplication.translate("SyncPage", "Role asked for"),
                lambda r: role_label(r.role),
            ),
            Column(QCoreApplication.translate("SyncPage", "Request id"), lambda r: r.request_id),
        ],
        QCoreApplication.translate(
            "SyncPage",
            "No one is waiting to join. New members choose “Join a team…” on their Sync "
            "page and tell you their request id.",
        ),
        widths=(260, 180),
    )


def members_section() -> Section:
    """The team's members."""
    return Section(
        QCoreApplication.translate("SyncPage", "Members"),
        "",
        [
            Column(QCoreApplication.translate("SyncPage", "Name"), member_name),
            Column(QCoreApplication.translate("SyncPage", "Role"), lambda m: role_label(m.role)),
            Column(
                QCoreApplication.translate("SyncPage", "Laptops"),
                lambda m: m.devices,
                align_right=True,
            ),
            Column(
                QCoreApplication.translate("SyncPage", "Status"),
                lambda m: (
                    QCoreApplication.translate("SyncPage", "Active")
                    if m.active
                    else QCoreApplication.translate("SyncPage", "Removed")
                ),
            ),
        ],
        QCoreApplication.translate("SyncPage", "The team's members cannot be read right now."),
        widths=(260, 140, 80),
    )


def laptops_section() -> Section:
    """The team's laptops, and how far this one has read each."""
    return Section(
        QCoreApplication.translate("SyncPage", "Laptops"),
        QCoreApplication.translate(
            "SyncPage",
            "Retire a laptop that will never come back (lost, broken, handed in): this "
            "laptop sends again everything it wrote, then removes its files from the "
            "shared folder, erased content included. Nothing it wrote is lost; it can "
            "never send or receive again.",
        ),
        [
            Column(QCoreApplication.translate("SyncPage", "Member"), laptop_owner),
            Column(QCoreApplication.translate("SyncPage", "Laptop"), lambda d: d.short),
            Column(QCoreApplication.translate("SyncPage", "Status"), laptop_status),
            Column(
                QCoreApplication.translate("SyncPage", "Files read here"),
                lambda d: count(d.read_up_to),
                lambda d: d.read_up_to,
            ),
        ],
        QCoreApplication.translate("SyncPage", "The team's laptops cannot be read right now."),
        widths=(260, 120, 120),
    )


def erasure_requests_section() -> Section:
    """Practitioners' requests to erase a family."""
    return Section(
        QCoreApplication.translate("SyncPage", "Erasure requests"),
        QCoreApplication.translate(
            "SyncPage",
            "Practitioners ask for a family to be erased from its page. Open the family to "
            "carry the request out (Erase family…).",
        ),
        [
            Column(
                QCoreApplication.translate("SyncPage", "Family"),
                lambda r: (
                    r.family_name or QCoreApplication.translate("SyncPage", "(not on this laptop)")
                ),
            ),
            Column(QCoreApplication.translate("SyncPage", "Request"), lambda r: r.request),
            Column(QCoreApplication.translate("SyncPage", "Reason"), lambda r: r.reason),
            Column(QCoreApplication.translate("SyncPage", "Status"), request_status),
        ],
        QCoreApplication.translate("SyncPage", "No one has asked for an erasure."),
        widths=(220, 140, 260),
    )


def erasures_section() -> Section:
    """Families erased, and the laptops still to confirm it."""
    return Section(
        QCoreApplication.translate("SyncPage", "Erasures"),
        QCoreApplication.translate(
            "SyncPage",
            "Families erased at a request or by the team's retention rule. Every laptop of "
            "the team erases them when it next syncs, and says so here.",
        ),
        [
            Column(QCoreApplication.translate("SyncPage", "Request"), lambda e: e.request),
            Column(
                QCoreApplication.translate("SyncPage", "Erased"),
                lambda e: format_when(e.erased_at),
                lambda e: e.erased_at,
            ),
            Column(
                QCoreApplication.translate("SyncPage", "Records"),
                lambda e: str(e.records),
                lambda e: e.records,
            ),
            Column(
                QCoreApplication.translate("SyncPage", "Laptops still to confirm"),
                lambda e: (
                    ", ".join(e.waiting)
                    or QCoreApplication.translate("SyncPage", "None: erased everywhere")
                ),
            ),
        ],
        QCoreApplication.translate("SyncPage", "No family has been erased."),
        widths=(160, 160, 80),
    )


def set_aside_section() -> Section:
    """Files in the shared folder that failed a check and were not read."""
    return Section(
        QCoreApplication.translate("SyncPage", "Files set aside"),
        QCoreApplication.translate(
            "SyncPage",
            "These files in the shared folder failed a check (damaged, partly copied, or "
            "not from a team member), so Relapp did not read them. Relapp never deletes "
            "these; tell your IT team if this keeps happening.",
        ),
        [
            Column(
                QCoreApplication.translate("SyncPage", "From"),
                lambda q: q.source or QCoreApplication.translate("SyncPage", "the team folder"),
            ),
            Column(QCoreApplication.translate("SyncPage", "Reason"), lambda q: q.reason),
            Column(QCoreApplication.translate("SyncPage", "File"), lambda q: q.path),
            Column(
                QCoreApplication.translate("SyncPage", "First seen"),
                lambda q: format_when(q.first_seen),
                lambda q: q.first_seen,
            ),
        ],
        QCoreApplication.translate("SyncPage", "No files set aside."),
        widths=(140, 420, 260),
    )


def member_name(member: MemberView) -> str:
    return (
        QCoreApplication.translate("SyncPage", "{0} (you)").format(member.name)
        if member.is_me
        else member.name
    )


def laptop_owner(device: Any) -> str:
    return (
        QCoreApplication.translate("SyncPage", "{0} (this laptop)").format(device.member_name)
        if device.is_mine
        else (device.member_name)
    )


def laptop_status(device: Any) -> str:
    return {
        "active": QCoreApplication.translate("SyncPage", "Active"),
        "retired": QCoreApplication.translate("SyncPage", "Retired"),
        "removed": QCoreApplication.translate("SyncPage", "Member removed"),
    }.get(device.status, device.status)


def request_status(request: Any) -> str:
    return {
        "open": QCoreApplication.translate("SyncPage", "Waiting"),
        "declined": QCoreApplication.translate("SyncPage", "Declined"),
        "done": QCoreApplication.translate("SyncPage", "Erased"),
    }.get(request.status, request.status)

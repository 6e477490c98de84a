"""The Sync page: joining or creating a team, then the team's state on this laptop — last
sync, what is waiting, conflicts to resolve, files set aside, and (for supervisors) join
requests and members. Its dialogs are in sync_dialogs.py."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relapp.services import sync_status
from relapp.services import team as team_service
from relapp.services.sync_status import ConflictItem, RequestItem, SyncOverview
from relapp.services.team import MemberView
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when
from relapp.ui.kit.dialogs import ask, say
from relapp.ui.sync_controller import SyncController, controller_for
from relapp.ui.team_dialogs import CreateTeamDialog, JoinTeamDialog
from relapp.ui.views.sync_dialogs import ChooseMemberDialog, ConflictDialog
from relapp.ui.views.sync_sections import (
    conflicts_section,
    erasure_requests_section,
    erasures_section,
    join_requests_section,
    laptops_section,
    members_section,
    set_aside_section,
)
from relapp.ui.widgets import MessageLine, heading, paragraph


class SyncPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.overview: SyncOverview | None = None
        self.dialog: QDialog | None = None
        self.controller: SyncController | None = None
        self._generation = 0
        self.stack = QStackedWidget()
        self.loading = paragraph(self.tr("Reading the team's state…"), muted=True)
        self.stack.addWidget(self._wrap(self.loading))
        self.stack.addWidget(self._build_outside())
        self.stack.addWidget(self._build_inside())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    @staticmethod
    def _wrap(inner: QWidget) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(inner)
        layout.addStretch(1)
        return holder

    # ---- not in a team -------------------------------------------------------------------

    def _build_outside(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Team sync")))
        for text in (
            self.tr(
                "Team sync shares your records with the people who should see them, through a "
                "shared folder your organisation provides: a network drive or a synced folder "
                "such as OneDrive or SharePoint."
            ),
            self.tr(
                "Your families, visits, submitted reflections and check-ins go to you and your "
                "supervisors; barriers and change tests to the whole team. Drafts stay on your "
                "own laptops. Everything is encrypted on this laptop before it reaches the "
                "folder, and each laptop only ever adds its own files there."
            ),
            self.tr(
                "You keep working offline as you do now. Whenever the folder can be reached, "
                "Relapp syncs in the background every two minutes, and when you press Sync now."
            ),
        ):
            label = paragraph(text)
            label.setMaximumWidth(760)
            layout.addWidget(label)
        row = QHBoxLayout()
        self.join_button = QPushButton(self.tr("&Join a team…"))
        self.join_button.setAccessibleName(self.tr("Join a team"))
        self.join_button.clicked.connect(self.join_team)
        row.addWidget(self.join_button)
        self.create_button = QPushButton(self.tr("&Create a team…"))
        self.create_button.setAccessibleName(self.tr("Create a team"))
        self.create_button.clicked.connect(self.create_team)
        row.addWidget(self.create_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.create_hint = paragraph(
            self.tr("A supervisor creates the team; everyone else joins it."), muted=True
        )
        layout.addWidget(self.create_hint)
        layout.addStretch(1)
        return page

    # ---- in a team -----------------------------------------------------------------------

    def _build_inside(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        self.title = heading(self.tr("Team sync"))
        layout.addWidget(self.title)
        self.folder_label = paragraph("", muted=True)
        layout.addWidget(self.folder_label)
        self.notice = MessageLine()
        layout.addWidget(self.notice)

        status = QFormLayout()
        status.setHorizontalSpacing(16)
        self.last_sync = QLabel()
        self.last_sync.setWordWrap(True)
        self.last_sync.setAccessibleName(self.tr("Last sync"))
        status.addRow(self.tr("Last sync:"), self.last_sync)
        self.waiting = QLabel()
        self.waiting.setAccessibleName(self.tr("Changes waiting to be sent"))
        status.addRow(self.tr("Waiting to send:"), self.waiting)
        layout.addLayout(status)
        row = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("&Sync now"))
        self.sync_button.setAccessibleName(self.tr("Sync now"))
        self.sync_button.clicked.connect(self.sync_now)
        row.addWidget(self.sync_button)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Sync progress"))
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(False)
        self.progress.hide()
        row.addWidget(self.progress)
        row.addStretch(1)
        self.retention_button = QPushButton(self.tr("Retention and legal &holds…"))
        self.retention_button.setAccessibleName(self.tr("Retention and legal holds"))
        self.retention_button.clicked.connect(self.open_retention)
        row.addWidget(self.retention_button)
        layout.addLayout(row)
        self.action_message = MessageLine()
        layout.addWidget(self.action_message)

        self.conflicts = conflicts_section()
        self.resolve_button = self.conflicts.add_button(
            self.tr("&Resolve…"), self.tr("Resolve the selected conflict"), self.resolve
        )
        self.conflicts.table.activated.connect(lambda _i: self.resolve())
        self.conflicts.buttons.addStretch(1)
        layout.addWidget(self.conflicts)

        self.requests = join_requests_section()
        self.approve_practitioner = self.requests.add_button(
            self.tr("Approve as &practitioner"),
            self.tr("Approve the selected request as a practitioner"),
            lambda: self.approve("practitioner"),
        )
        self.approve_supervisor = self.requests.add_button(
            self.tr("Approve as s&upervisor"),
            self.tr("Approve the selected request as a supervisor"),
            lambda: self.approve("supervisor"),
        )
        self.approve_laptop = self.requests.add_button(
            self.tr("Approve as another &laptop of…"),
            self.tr("Approve the selected request as another laptop of a member"),
            self.approve_as_laptop,
        )
        self.requests.buttons.addStretch(1)
        layout.addWidget(self.requests)

        self.members = members_section()
        self.remove_button = self.members.add_button(
            self.tr("Re&move from team…"),
            self.tr("Remove the selected member from the team"),
            self.confirm_remove,
        )
        self.members.buttons.addStretch(1)
        self.members.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.members)

        self.laptops = laptops_section()
        self.retire_button = self.laptops.add_button(
            self.tr("Re&tire laptop…"),
            self.tr("Retire the selected laptop from the team"),
            self.confirm_retire,
        )
        self.laptops.buttons.addStretch(1)
        self.laptops.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.laptops)

        self.asked = erasure_requests_section()
        self.open_family_button = self.asked.add_button(
            self.tr("&Open family"),
            self.tr("Open the family of the selected erasure request"),
            self.open_requested_family,
        )
        self.asked.buttons.addStretch(1)
        self.asked.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.asked)

        self.erasures = erasures_section()
        layout.addWidget(self.erasures)
        self.faulty = MessageLine()
        self.faulty.setAccessibleName(self.tr("Laptops sending unreadable files"))
        layout.addWidget(self.faulty)
        self.quarantined = set_aside_section()
        self.quarantined.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout.addWidget(self.quarantined)
        layout.addStretch(1)
        scroll.setWidget(page)
        return scroll

    # ---- page protocol -------------------------------------------------------------------

    def refresh(self) -> None:
        self._attach_controller()
        session = self.ctx.session
        if session is None:
            return
        self._generation += 1
        generation = self._generation
        if self.overview is None:
            self.stack.setCurrentIndex(0)
        self.ctx.runner.read(
            lambda _t: sync_status.sync_overview(session),
            lambda overview: self._loaded(generation, overview),
            self._load_failed,
            owner=self,
        )

    def flush(self) -> None:
        """Nothing is edited here; present for the page protocol."""

    def open_record(self, record_id: str) -> None:
        """The Sync page shows the team's state, not records; none is opened here."""

    def preload(self) -> None:
        """Built on its first click, not ahead (its PageSpec is not `ahead`)."""

    def release(self) -> None:
        """The team's state is short; it is kept when other pages are in front."""

    def _attach_controller(self, create: bool = False) -> SyncController | None:
        """Follow the main window's controller (it may be set after this page is built)."""
        controller = getattr(self.ctx, "sync_controller", None)
        if create:
            controller = controller_for(self.ctx)
        if not isinstance(controller, SyncController):
            return None
        if controller is not self.controller:
            if self.controller is not None:
                try:
                    self.controller.report_ready.disconnect(self._report_ready)
                    self.controller.busy_changed.disconnect(self._busy_changed)
                    self.controller.progress.disconnect(self._progress)
                except (RuntimeError, TypeError):
                    pass
            controller.report_ready.connect(self._report_ready)
            controller.busy_changed.connect(self._busy_changed)
            controller.progress.connect(self._progress)
            self.controller = controller
            self._busy_changed(controller.busy)
        return controller

    def _loaded(self, generation: int, overview: SyncOverview) -> None:
        if generation != self._generation:
            return
        self.overview = overview
        self._attach_controller()
        if not overview.in_team:
            self.create_button.setVisible(overview.supervisor_profile)
            self.create_hint.setVisible(not overview.supervisor_profile)
            self.stack.setCurrentIndex(1)
            return
        self.stack.setCurrentIndex(2)
        self._show_team(overview)

    def _load_failed(self, exc: BaseException) -> None:
        self.stack.setCurrentIndex(2)
        self.notice.show_error(self.tr("The Sync page could not be read: {0}").format(say(exc)))

    def _show_team(self, overview: SyncOverview) -> None:
        self.title.setText(
            self.tr("Team sync — {0}").format(overview.team_name)
            if overview.team_name
            else self.tr("Team sync")
        )
        self.folder_label.setText(self.tr("Shared folder: {0}").format(overview.folder))
        if overview.team_error:
            self.notice.show_error(
                self.tr("{0} Your work is safe on this laptop and syncs when it can.").format(
                    overview.team_error
                )
            )
        elif overview.retired:
            self.notice.show_error(
                self.tr(
                    "A supervisor retired this laptop from the team. What it holds stays "
                    "readable here; nothing is sent or received any more. Anything written here "
                    "since its last sync did not reach the team: export it and ask your "
                    "supervisor."
                )
            )
        elif overview.removed:
            self.notice.show_error(
                self.tr(
                    "This laptop was removed from the team. What it already has stays readable "
                    "here; nothing new is sent or received."
                )
            )
        elif not overview.approved:
            self.notice.show_info(
                self.tr(
                    "Waiting for a supervisor to approve this laptop. Your request id is {0}; "
                    "tell your supervisor so they can check it is you."
                ).format(overview.request_id)
            )
        else:
            self.notice.clear_message()
        self._show_status()
        waiting = overview.counts.waiting
        if not waiting:
            self.waiting.setText(self.tr("Nothing: everything on this laptop has been sent."))
        elif waiting == 1:
            self.waiting.setText(self.tr("1 change, sent at the next sync"))
        else:
            self.waiting.setText(self.tr("{0} changes, sent at the next sync").format(waiting))
        self.conflicts.set_rows(overview.conflicts)
        self.requests.setVisible(overview.is_admin)
        self.requests.set_rows(overview.requests)
        if overview.requests_error:
            self.requests.empty.setText(overview.requests_error)
        self.members.setVisible(overview.approved)  # before approval, names are sealed
        self.members.set_rows(overview.members)
        self.remove_button.setVisible(overview.is_admin)
        self.quarantined.set_rows(overview.quarantined)
        self.erasures.setVisible(overview.is_admin)
        self.erasures.set_rows(overview.erasures)
        self.laptops.setVisible(overview.is_admin)
        self.laptops.set_rows(overview.devices)
        self.asked.setVisible(overview.is_admin)
        self.asked.set_rows(overview.erasure_requests)
        self.retention_button.setVisible(overview.approved)
        if overview.faulty_laptops:
            self.faulty.show_error(
                self.tr(
                    "{0}: this laptop sends files Relapp cannot read. Its changes wait here until "
                    "it sends readable ones; ask them to update Relapp, or your IT team to check "
                    "the laptop."
                ).format(", ".join(overview.faulty_laptops))
            )
        else:
            self.faulty.clear_message()
        self._update_buttons()

    def _show_status(self) -> None:
        controller = self.controller
        if controller is not None and controller.busy:
            self.last_sync.setText(self.tr("Syncing now…"))
        elif controller is not None and controller.last is not None:
            result = controller.last
            report = result.report
            summary = report.summary() if report.status == "ok" else report.message
            self.last_sync.setText(
                self.tr("{0}. {1}").format(format_when(result.finished_at.isoformat()), summary)
            )
        else:
            self.last_sync.setText(self.tr("Not yet since Relapp was unlocked."))
        if controller is not None and controller.last_error:
            self.action_message.show_error(
                self.tr("The last sync stopped: {0}").format(controller.last_error)
            )

    def _update_buttons(self, *_args: object) -> None:
        has_conflict = bool(self.conflicts.model.rows)
        self.resolve_button.setEnabled(has_conflict)
        has_request = bool(self.requests.model.rows)
        for button in (self.approve_practitioner, self.approve_supervisor, self.approve_laptop):
            button.setEnabled(has_request)
        member = self.members.selected()
        self.remove_button.setEnabled(member is not None and member.active and not member.is_me)
        laptop = self.laptops.selected()
        self.retire_button.setEnabled(
            laptop is not None and laptop.status != "retired" and not laptop.is_mine
        )
        request = self.asked.selected()
        self.open_family_button.setEnabled(request is not None and bool(request.family_name))

    # ---- sync ----------------------------------------------------------------------------

    def sync_now(self) -> None:
        self.action_message.clear_message()
        self._attach_controller(create=True).sync_now()  # type: ignore[union-attr]

    def _busy_changed(self, busy: bool) -> None:
        self.sync_button.setEnabled(not busy)
        self.sync_button.setText(self.tr("Syncing…") if busy else self.tr("&Sync now"))
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)  # until the pass knows how many folders it reads
            self.last_sync.setText(self.tr("Syncing now…"))
        elif self.overview is not None and self.overview.in_team:
            self._show_status()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _report_ready(self, _report: object) -> None:
        # Reading members and requests touches the shared folder: only for a page on show
        # (the workspace calls refresh() again when the page is shown).
        if self.isVisible():
            self.refresh()

    # ---- joining and creating -----------------------------------------------------------

    def join_team(self) -> None:
        dialog = JoinTeamDialog(self.ctx, self)
        dialog.joined.connect(lambda _rid: self._team_changed())
        self._open_dialog(dialog)

    def create_team(self) -> None:
        dialog = CreateTeamDialog(self.ctx, self)
        dialog.created.connect(lambda _name: self._team_changed())
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()

    def _team_changed(self) -> None:
        self.refresh()
        self._attach_controller(create=True).sync_now()  # type: ignore[union-attr]

    # ---- join requests and members ------------------------------------------------------

    def approve(self, role: str, as_member: MemberView | None = None) -> None:
        request: RequestItem | None = self.requests.selected()
        session = self.ctx.session
        if request is None or session is None:
            return
        member_id = as_member.member_id if as_member else None
        for button in (self.approve_practitioner, self.approve_supervisor, self.approve_laptop):
            button.setEnabled(False)
        if as_member is not None:
            done = self.tr("Approved {0}'s laptop as another laptop of {1}.").format(
                request.name, as_member.name
            )
        elif role == "supervisor":
            done = self.tr("Approved {0} as a supervisor.").format(request.name)
        else:
            done = self.tr("Approved {0} as a practitioner.").format(request.name)
        self.ctx.runner.write(
            lambda _t: team_service.approve_request(session, request.device_id, role, member_id),
            lambda _r: self._changed(done),
            self._action_failed,
            owner=self,
        )

    def approve_as_laptop(self) -> None:
        request: RequestItem | None = self.requests.selected()
        if request is None or self.overview is None:
            return
        members = [m for m in self.overview.members if m.active]
        dialog = ChooseMemberDialog(members, request, self)
        dialog.chosen.connect(lambda m: self.approve(m.role, as_member=m))
        self._open_dialog(dialog)

    def confirm_remove(self) -> None:
        member: MemberView | None = self.members.selected()
        if member is None or not member.active:
            return
        self.dialog, _remove = ask(
            self,
            self.tr("Remove from team"),
            self.tr("Remove {0} from the team?").format(member.name),
            self.tr(
                "Their laptops stop receiving anything new from the team from now on, and "
                "whatever they send is no longer accepted. What they already synced stays "
                "readable to them on their own laptops: Relapp cannot take it back. Their "
                "records stay with the team."
            ),
            self.tr("Remove from team"),
            lambda: self.remove(member),
            warning=True,
        )

    def remove(self, member: MemberView) -> None:
        session = self.ctx.session
        if session is None:
            return
        self.remove_button.setEnabled(False)
        self.ctx.runner.write(
            lambda _t: team_service.remove(session, member.member_id),
            lambda _r: self._changed(self.tr("{0} was removed from the team.").format(member.name)),
            self._action_failed,
            owner=self,
        )

    def confirm_retire(self) -> None:
        laptop = self.laptops.selected()
        if laptop is None or laptop.status == "retired" or laptop.is_mine:
            return
        self.dialog, _retire = ask(
            self,
            self.tr("Retire laptop"),
            self.tr("Retire {0}'s laptop {1} for good?").format(laptop.member_name, laptop.short),
            self.tr(
                "Do this only for a laptop that will never come back. This laptop sends again "
                "everything the other one wrote that it has received, then removes its files "
                "from the shared folder. The retired laptop can never send or receive again, "
                "and anything on it that was never synced stays only there. Its member keeps "
                "their place in the team and can be given a new laptop."
            ),
            self.tr("Retire laptop"),
            lambda: self.retire(laptop),
            warning=True,
        )

    def retire(self, laptop: Any) -> None:
        session = self.ctx.session
        if session is None:
            return
        self.retire_button.setEnabled(False)
        self.ctx.runner.write(
            lambda _t: team_service.retire(session, laptop.device_id),
            lambda _r: self._changed(
                self.tr(
                    "{0}'s laptop {1} was retired. Its changes are now sent from this laptop, "
                    "and its files were removed from the shared folder."
                ).format(laptop.member_name, laptop.short)
            ),
            self._action_failed,
            owner=self,
        )

    def open_requested_family(self) -> None:
        request = self.asked.selected()
        if request is not None and request.family_name:
            self.ctx.open_page("families", request.family_id)

    def open_retention(self) -> None:
        from relapp.ui.retention_dialog import RetentionDialog

        dialog = RetentionDialog(self.ctx, self)
        self._open_dialog(dialog)

    def _changed(self, text: str) -> None:
        self.action_message.show_info(text)
        self.refresh()

    def _action_failed(self, exc: BaseException) -> None:
        self.action_message.show_error(say(exc))
        self._update_buttons()

    # ---- conflicts ----------------------------------------------------------------------

    def resolve(self) -> None:
        item: ConflictItem | None = self.conflicts.selected()
        if item is None:
            return
        dialog = ConflictDialog(self.ctx, item, self)
        dialog.resolved.connect(self._resolved)
        self._open_dialog(dialog)

    def _resolved(self, text: str) -> None:
        self.action_message.show_info(text)
        self.refresh()
        # So the other laptops learn of it soon.
        self._attach_controller(create=True).sync_now()  # type: ignore[union-attr]

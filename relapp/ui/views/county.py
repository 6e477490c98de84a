"""The county page: what a system leader's profile shows instead of a team's pages.

A system leader belongs to no team and reads no family's record: the page links the profile
to a county (create or join one), answers requests from leaders and teams, and shows the
county learning report of an ended quarter, built from the figures the teams published,
with a button to save it as HTML and CSV tables.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from relapp.services import county as county_service
from relapp.services.disclosure import quarter_label, quarter_name
from relapp.services.errors import ServiceError
from relapp.services.reports.county_files import county_html, write_county_report
from relapp.ui.context import AppContext
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.lifetime import while_alive
from relapp.ui.views import PageSpec
from relapp.ui.widgets import MessageLine, heading, paragraph


def county_specs() -> list[PageSpec]:
    """A system leader's workspace: the county page only (no team, no family)."""
    return [PageSpec("county", "County", CountyPage)]


class CountyPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading(self.tr("County learning report")))
        self.where = paragraph("", muted=True)
        layout.addWidget(self.where)
        self.message = MessageLine()
        layout.addWidget(self.message)

        # Not linked yet: create the county, or ask to join it.
        self.link_box = QWidget()
        form = QFormLayout(self.link_box)
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(self.tr("A shared folder, or s3://bucket/prefix"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Only to create it, e.g. Essex"))
        form.addRow(self.tr("Shared storage"), self.folder_edit)
        form.addRow(self.tr("County name"), self.name_edit)
        buttons = QHBoxLayout()
        self.create_button = QPushButton(self.tr("Create the county"))
        self.join_button = QPushButton(self.tr("Ask to join it"))
        self.create_button.clicked.connect(lambda: self._link("create"))
        self.join_button.clicked.connect(lambda: self._link("join"))
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.join_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        layout.addWidget(self.link_box)

        # Linked: the report of a quarter, and the requests waiting.
        self.report_box = QWidget()
        inner = QVBoxLayout(self.report_box)
        inner.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.quarter = QComboBox()
        self.quarter.setAccessibleName(self.tr("Quarter"))
        for span in county_service.quarters():
            self.quarter.addItem(
                f"{quarter_label(span)} ({quarter_name(span)})", quarter_name(span)
            )
        self.build_button = QPushButton(self.tr("Build the report"))
        self.build_button.clicked.connect(self._build)
        self.save_button = QPushButton(self.tr("Save as HTML and CSV…"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._save)
        row.addWidget(self.quarter)
        row.addWidget(self.build_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        inner.addLayout(row)
        self.requests = QListWidget()
        self.requests.setMaximumHeight(80)
        self.requests.setAccessibleName(self.tr("Requests waiting"))
        self.approve_button = QPushButton(self.tr("Approve the request"))
        self.approve_button.clicked.connect(self._approve)
        waiting = QHBoxLayout()
        waiting.addWidget(self.requests, 1)
        waiting.addWidget(self.approve_button, 0, Qt.AlignmentFlag.AlignTop)
        self.waiting_box = QWidget()
        self.waiting_box.setLayout(waiting)
        inner.addWidget(self.waiting_box)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        inner.addWidget(self.browser, 1)
        layout.addWidget(self.report_box, 1)
        self.filler = QWidget()  # keeps the link form at the top while there is no report
        layout.addWidget(self.filler, 1)
        self.link_box.hide()  # until the profile's county is known
        self.report_box.hide()
        self.refresh()

    # ---- state ------------------------------------------------------------------------------

    def refresh(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        self.ctx.runner.read(
            lambda _t: self._state(session),
            while_alive(self, self._show),
            while_alive(self, self._failed),
        )

    def open_record(self, record_id: str) -> None:
        """The county page shows the county's state and report, not records."""

    def flush(self) -> None:
        """Nothing to save: what is typed here is used when its button is pressed."""

    def preload(self) -> None:
        """Built when shown first, not ahead."""

    def release(self) -> None:
        """The county's state is short; it is kept when other pages are in front."""

    @staticmethod
    def _state(session: Any) -> tuple[Any, list[Any]]:
        try:
            view = county_service.show(session)
        except ServiceError as exc:
            return say(exc), []
        return view, county_service.requests(session)

    def _show(self, result: tuple[Any, list[Any]]) -> None:
        view, waiting = result
        linked = not isinstance(view, str)
        self.link_box.setVisible(not linked)
        self.filler.setVisible(not linked)
        self.report_box.setVisible(linked)
        if not linked:
            self.where.setText(
                self.tr(
                    "This profile is a system leader's: it belongs to no team and reads no "
                    "family's record. Link it to the county's shared storage."
                )
            )
            return
        teams = len(view.teams)
        self.where.setText(
            self.tr("{0}: {1} teams publish their figures; {2} system leaders.").format(
                view.name, teams, len(view.leaders)
            )
        )
        self.requests.clear()
        for request in waiting:
            what = (
                self.tr("a system leader's laptop")
                if request.role == "system_leader"
                else self.tr("a supervisor's laptop of team {0}").format(request.team[-8:])
            )
            item = QListWidgetItem(f"{request.id}  {what}")
            item.setData(Qt.ItemDataRole.UserRole, request.id)
            self.requests.addItem(item)
        self.waiting_box.setVisible(bool(waiting))

    def _failed(self, exc: BaseException) -> None:
        self.message.show_error(say(exc))

    # ---- actions ----------------------------------------------------------------------------

    def _link(self, how: str) -> None:
        session = self.ctx.session
        folder, name = self.folder_edit.text().strip(), self.name_edit.text().strip()
        if session is None or not folder:
            self.message.show_error(self.tr("Give the shared storage first."))
            return

        def work(_t: Any) -> Any:
            if how == "create":
                return county_service.create(session, folder, name)
            return county_service.join(session, folder)

        self.ctx.runner.write(
            work, while_alive(self, lambda _v: self.refresh()), while_alive(self, self._failed)
        )

    def _approve(self) -> None:
        item = self.requests.currentItem()
        session = self.ctx.session
        if item is None or session is None:
            return
        wanted = str(item.data(Qt.ItemDataRole.UserRole))

        def done(_view: Any) -> None:
            self.message.show_info(self.tr("Approved."))
            self.refresh()

        self.ctx.runner.write(
            lambda _t: county_service.approve(session, wanted),
            while_alive(self, done),
            while_alive(self, self._failed),
        )

    def _build(self) -> None:
        session = self.ctx.session
        quarter = self.quarter.currentData()
        if session is None or not quarter:
            return
        self.build_button.setEnabled(False)

        def work(_t: Any) -> Any:
            got, report = county_service.report(session, quarter)
            return got, report, county_html(report)

        def done(result: Any) -> None:
            got, self.report, page = result
            self.build_button.setEnabled(True)
            self.save_button.setEnabled(True)
            self.browser.setHtml(page)
            notes = []
            if got.silent:
                notes.append(self.tr("No figures yet from: {0}.").format(", ".join(got.silent)))
            if got.set_aside:
                notes.append(
                    self.tr(
                        "{0} files on the shared storage were set aside (damaged or not from "
                        "an approved laptop)."
                    ).format(len(got.set_aside))
                )
            if notes:
                self.message.show_info(" ".join(notes))
            else:
                self.message.clear_message()

        def failed(exc: BaseException) -> None:
            self.build_button.setEnabled(True)
            self._failed(exc)

        self.ctx.runner.read(work, while_alive(self, done), while_alive(self, failed))

    def _save(self) -> None:
        if self.report is None:
            return
        name = f"County learning report {quarter_name(self.report.period)}.html"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the county report"), name, self.tr("HTML (*.html)")
        )
        if not path:
            return
        try:
            written = write_county_report(self.report, path)
        except (ServiceError, OSError) as exc:
            self.message.show_error(say(exc))
            return
        self.message.show_info(
            self.tr("Saved {0} and {1} CSV tables beside it. They are not encrypted.").format(
                written[0], len(written) - 1
            )
        )

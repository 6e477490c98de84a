"""One family in full, opened from the Families list: who they are, their agreement, members,
open items and visits, with the ways on from there (edit, new visit, subject access, erasure)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relapp.services.families import FamilyDetail, Member, OpenItem, TimelineVisit, family_detail
from relapp.ui.agreement import AgreementBox
from relapp.ui.charts import TrendChart
from relapp.ui.context import AppContext
from relapp.ui.formatting import (
    clear_layout,
    format_day,
    format_when,
    mode_label,
    reflection_state_label,
)
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.forms import plain_table
from relapp.ui.kit.lifetime import while_alive
from relapp.ui.models import Column, RowsModel
from relapp.ui.views.family_labels import status_label
from relapp.ui.widgets import MessageLine, heading, paragraph


class FamilyView(QWidget):
    back_requested = Signal()
    edit_requested = Signal(object)  # FamilyDetail
    erase_requested = Signal(object)  # FamilyDetail
    access_requested = Signal(object)  # FamilyDetail: a subject access export
    ask_erasure_requested = Signal(object)  # FamilyDetail

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.family_id = ""
        self.detail: FamilyDetail | None = None
        self.charts: dict[str, TrendChart] = {}
        self._generation = 0
        session = ctx.session
        # Erasing a family is a supervisor's action; practitioners are not offered it.
        self.can_erase = session is not None and session.vault.identity().role == "supervisor"
        self._has_session = session is not None
        self._build()

    def _build(self) -> None:
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← &All families"))
        self.back_button.setFlat(True)
        self.back_button.setAccessibleName(self.tr("Back to all families"))
        self.back_button.setToolTip(self.tr("Back to the list (Esc)"))
        self.back_button.clicked.connect(self.back_requested)
        top.addWidget(self.back_button)
        top.addStretch(1)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = heading(self.tr("Opening the family…"))
        self.subtitle = paragraph("", muted=True)
        self.subtitle.setAccessibleName(self.tr("Reference, service and status"))
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        self.edit_button = QPushButton(self.tr("&Edit family…"))
        self.edit_button.setAccessibleName(self.tr("Edit family"))
        self.edit_button.clicked.connect(self._edit)
        self.visit_button = QPushButton(self.tr("New &visit…"))
        self.visit_button.setAccessibleName(self.tr("Record a new visit with this family"))
        self.visit_button.clicked.connect(
            lambda: self.ctx.open_page("visits", f"new:{self.family_id}")
        )
        self.access_button = QPushButton(self.tr("Subject &access…"))
        self.access_button.setAccessibleName(self.tr("Subject access export"))
        self.access_button.setToolTip(
            self.tr(
                "Export everything Relapp holds about this family, for a subject access request"
            )
        )
        self.access_button.setEnabled(False)  # until the family is shown
        self.access_button.clicked.connect(self._subject_access)
        header.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.visit_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.access_button, 0, Qt.AlignmentFlag.AlignTop)
        self.erase_button: QPushButton | None = None
        if self.can_erase:
            self.erase_button = QPushButton(self.tr("Erase family…"))
            self.erase_button.setAccessibleName(self.tr("Erase family"))
            self.erase_button.setToolTip(
                self.tr("Erase this family and everything that belongs to it, for good")
            )
            self.erase_button.setEnabled(False)  # until the family is shown
            self.erase_button.clicked.connect(self._erase)
            header.addSpacing(12)  # set apart from the everyday actions
            header.addWidget(self.erase_button, 0, Qt.AlignmentFlag.AlignTop)
        # A practitioner asks the supervisors instead (their queue; nothing is erased here).
        self.ask_button: QPushButton | None = None
        if not self.can_erase and self._has_session:
            self.ask_button = QPushButton(self.tr("Ask for &erasure…"))
            self.ask_button.setAccessibleName(self.tr("Ask supervisors to erase this family"))
            self.ask_button.setToolTip(
                self.tr("Ask your supervisors to erase this family, with the request's reference")
            )
            self.ask_button.setEnabled(False)  # until the family is shown
            self.ask_button.clicked.connect(self._ask_erasure)
            header.addSpacing(12)
            header.addWidget(self.ask_button, 0, Qt.AlignmentFlag.AlignTop)

        self.notes = paragraph("")
        self.notes.setAccessibleName(self.tr("Notes about the family"))
        self.agreement_box = AgreementBox(self.ctx)

        # Members and open items side by side, then the visit timeline, then the trends.
        members_box = QGroupBox(self.tr("Members"))
        self.members_model = RowsModel(
            [
                Column(self.tr("Name"), lambda m: m.name),
                Column(self.tr("Role"), lambda m: m.role),
                Column(self.tr("Born"), lambda m: m.birth_year or ""),
            ],
            self,
        )
        self.members = plain_table(self.tr("Family members"))
        self.members.setModel(self.members_model)
        self.members.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.members.horizontalHeader().setStretchLastSection(False)
        self.members.setColumnWidth(1, 120)
        self.members.setColumnWidth(2, 70)
        self.members.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.members.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.no_members = paragraph(
            self.tr("No members listed — use Edit family… to add them."), muted=True
        )
        members_layout = QVBoxLayout(members_box)
        members_layout.addWidget(self.members)
        members_layout.addWidget(self.no_members)

        open_box = QGroupBox(self.tr("Open items"))
        open_box.setAccessibleName(self.tr("Open items for this family"))
        self.open_layout = QVBoxLayout(open_box)
        self.open_layout.setSpacing(8)
        self.open_buttons: list[QPushButton] = []

        visits_box = QGroupBox(self.tr("Visits"))
        self.visits_box = visits_box
        self.timeline_model = RowsModel(
            [
                Column(self.tr("Date"), lambda v: format_when(v.when)),
                Column(self.tr("Mode"), lambda v: mode_label(v.mode)),
                Column(self.tr("Reflection"), lambda v: self._reflection_text(v)),
                Column(self.tr("Check-ins"), lambda v: v.checkin_count or "—", align_right=True),
                Column(
                    self.tr("Purpose"),
                    lambda v: v.purpose.strip().splitlines()[0] if v.purpose.strip() else "",
                ),
            ],
            self,
        )
        self.timeline = plain_table(self.tr("Visit timeline, newest first"))
        self.timeline.setModel(self.timeline_model)
        for column, width in enumerate((190, 110, 95, 75)):
            self.timeline.setColumnWidth(column, width)
        self.timeline.activated.connect(self._open_visit)
        self.timeline.setToolTip(self.tr("Double-click or press Enter to open a visit"))
        self.no_visits = paragraph(
            self.tr("No visits yet — use New visit… to record one."), muted=True
        )
        visits_layout = QVBoxLayout(visits_box)
        visits_layout.addWidget(self.timeline)
        visits_layout.addWidget(self.no_visits)

        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addWidget(members_box, 1, Qt.AlignmentFlag.AlignTop)
        middle.addWidget(open_box, 1, Qt.AlignmentFlag.AlignTop)

        self.trends_heading = heading(self.tr("Check-in trends"), 1.2)
        self.no_trends = paragraph(
            self.tr("No check-ins yet. Check-ins recorded on a visit show here as trends."),
            muted=True,
        )
        self.charts_grid = QGridLayout()
        self.charts_grid.setHorizontalSpacing(16)
        self.charts_grid.setVerticalSpacing(12)
        self.charts_grid.setColumnStretch(0, 1)
        self.charts_grid.setColumnStretch(1, 1)
        self.message = MessageLine()

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 12, 24, 20)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(header)
        layout.addWidget(self.notes)
        layout.addWidget(self.message)
        layout.addWidget(self.agreement_box)
        layout.addLayout(middle)
        layout.addWidget(visits_box)
        layout.addWidget(self.trends_heading)
        layout.addWidget(self.no_trends)
        layout.addLayout(self.charts_grid)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.scroll_area = scroll
        scroll.setAccessibleName(self.tr("Family page"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_requested)
        back_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self)
        back_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back_key.activated.connect(self.back_requested)

    # ---- loading -----------------------------------------------------------------------------

    def load(self, family_id: str) -> None:
        if family_id != self.family_id:
            self.family_id = family_id
            self.detail = None
            self.access_button.setEnabled(False)
            for button in (self.erase_button, self.ask_button):
                if button is not None:
                    button.setEnabled(False)
            self.title.setText(self.tr("Opening the family…"))
            self.subtitle.clear()
            self.notes.clear()
            self.scroll_area.verticalScrollBar().setValue(0)
        self.reload()

    def reload(self) -> None:
        if self.ctx.session is None or not self.family_id:
            return
        records, family_id = self.ctx.session.records, self.family_id
        self._generation += 1
        generation = self._generation

        def done(detail: FamilyDetail) -> None:
            if generation == self._generation and detail.id == self.family_id:
                self.show_detail(detail)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.message.show_error(say(exc))

        self.ctx.runner.read(
            lambda _t: family_detail(records, family_id),
            while_alive(self, done),
            while_alive(self, failed),
        )
        self.agreement_box.load(family_id)

    def forget(self) -> None:
        """The family is gone (erased): let go of it, so nothing reloads or acts on it."""
        self._generation += 1  # a load still under way is not shown
        self.family_id, self.detail = "", None
        self.agreement_box.forget()
        self.access_button.setEnabled(False)
        for button in (self.erase_button, self.ask_button):
            if button is not None:
                button.setEnabled(False)

    def show_detail(self, detail: FamilyDetail) -> None:
        self.detail = detail
        self.message.clear_message()
        self.access_button.setEnabled(True)
        for button in (self.erase_button, self.ask_button):
            if button is not None:
                button.setEnabled(True)
        self.title.setText(detail.display_name)
        self.title.setAccessibleName(detail.display_name)
        parts = [detail.reference, detail.service, status_label(detail.status)]
        self.subtitle.setText(" · ".join(p for p in parts if p))
        notes = str(detail.data.get("notes") or "").strip()
        self.notes.setText(notes)
        self.notes.setVisible(bool(notes))
        self._show_members(detail.members)
        self._show_open_items(detail.open_items, detail)
        self.timeline_model.set_rows(detail.visits)
        rows = min(max(len(detail.visits), 3), 10)
        header = self.timeline.horizontalHeader().sizeHint().height()
        row_height = self.timeline.verticalHeader().defaultSectionSize()
        self.timeline.setFixedHeight(header + rows * row_height + 2 * self.timeline.frameWidth())
        self.timeline.setVisible(bool(detail.visits))
        self.no_visits.setVisible(not detail.visits)
        self.visits_box.setTitle(self.tr("Visits ({0})").format(len(detail.visits)))
        self._show_trends(detail)

    def _show_members(self, members: tuple[Member, ...]) -> None:
        self.members_model.set_rows(list(members))
        self.members.setVisible(bool(members))
        self.no_members.setVisible(not members)
        if members:
            rows = min(len(members), 6)
            header = self.members.horizontalHeader().sizeHint().height()
            row_height = self.members.verticalHeader().defaultSectionSize()
            self.members.setFixedHeight(header + rows * row_height + 2 * self.members.frameWidth())

    def _show_open_items(self, items: list[OpenItem], detail: FamilyDetail) -> None:
        clear_layout(self.open_layout)
        self.open_buttons = []
        if not items:
            self.open_layout.addWidget(
                paragraph(self.tr("Nothing open for this family."), muted=True)
            )
        for item in items:
            if item.kind == "draft":
                text = self.tr("Draft reflection: {0} — last edited {1}").format(
                    item.title, format_day(item.when)
                )
                action = self.tr("Continue")
            elif item.kind == "returned":
                text = self.tr("Returned by your supervisor: {0}").format(item.title)
                action = self.tr("Open")
            else:
                since = detail.last_checkin
                text = (
                    self.tr("Check-in due: the last one was on {0}.").format(format_day(since))
                    if since
                    else self.tr("Check-in due: none recorded yet.")
                )
                action = self.tr("Start check-in")
            row = QHBoxLayout()
            row.addWidget(paragraph(text), 1)
            button = QPushButton(action)
            button.setAccessibleName(f"{action}: {text}")
            button.clicked.connect(lambda _=False, it=item: self._open_item(it))
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.open_layout.addLayout(row)
            self.open_buttons.append(button)

    def _show_trends(self, detail: FamilyDetail) -> None:
        clear_layout(self.charts_grid)
        self.charts = {}
        instruments = self.ctx.session.definitions.instruments if self.ctx.session else {}
        shown = [(i, p) for i, p in detail.trends.items() if i in instruments and p]
        for position, (instrument_id, points) in enumerate(shown):
            chart = TrendChart()
            chart.set_series(instruments[instrument_id], points)
            self.charts_grid.addWidget(chart, position // 2, position % 2)
            self.charts[instrument_id] = chart
        self.no_trends.setVisible(not shown)

    @staticmethod
    def _reflection_text(visit: TimelineVisit) -> str:
        return reflection_state_label(visit.reflection_status) if visit.reflection_id else "—"

    # ---- actions -----------------------------------------------------------------------------

    def _edit(self) -> None:
        if self.detail is not None:
            self.edit_requested.emit(self.detail)

    def _subject_access(self) -> None:
        if self.detail is not None:
            self.access_requested.emit(self.detail)

    def _erase(self) -> None:
        if self.detail is not None and self.can_erase:
            self.erase_requested.emit(self.detail)

    def _ask_erasure(self) -> None:
        if self.detail is not None and self.ask_button is not None:
            self.ask_erasure_requested.emit(self.detail)

    def _open_visit(self, index: QModelIndex) -> None:
        visit = self.timeline_model.row_at(index)
        self.ctx.open_page("visits", visit.id)

    def _open_item(self, item: OpenItem) -> None:
        if item.kind == "checkin_due":
            self.ctx.open_page("checkins", f"new:{item.record_id}" if item.record_id else "")
        else:
            self.ctx.open_page("reflections", item.record_id)

"""The Families page: a searchable list of families and, in the same page, one family's page
(members, visit timeline, open items, check-in trends). New and edited families go through
FamilyDialog."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.records import FAMILY_STATUSES
from relapp.services.erasure import ErasureResult
from relapp.services.families import (
    MEMBER_ROLES,
    FamilyDetail,
    FamilyRow,
    Member,
    OpenItem,
    TimelineVisit,
    family_count,
    family_detail,
    family_page,
    members_from_rows,
    save_family,
)
from relapp.services.paging import FamilyFilter
from relapp.ui.agreement import AgreementBox
from relapp.ui.charts import TrendChart
from relapp.ui.context import AppContext
from relapp.ui.erase_dialog import AskErasureDialog, EraseFamilyDialog, changed_kinds
from relapp.ui.formatting import (
    alert_colour,
    clear_layout,
    count,
    format_day,
    format_when,
    mode_label,
    number,
    reflection_state_label,
    short_date,
)
from relapp.ui.kit.dialogs import confirm_discard, say
from relapp.ui.kit.lifetime import while_alive
from relapp.ui.models import FOREGROUND_ROLE, ROW_ROLE, Column, PagedModel, RowsModel
from relapp.ui.subject_access_dialog import SubjectAccessDialog
from relapp.ui.widgets import NARROW_TABLE, MessageLine, heading, paragraph

Index = QModelIndex | QPersistentModelIndex


# How long typing in the search box pauses before the list asks the database again.
SEARCH_PAUSE_MS = 150


def _tr(text: str) -> str:
    return QCoreApplication.translate("Families", text)


def status_label(status: str) -> str:
    return {"active": _tr("Active"), "closed": _tr("Closed")}.get(status, status)


def checkin_text(row: FamilyRow) -> str:
    """What the list says about check-ins: an alert first, then whether one is due."""
    latest = row.latest
    last = ""
    if latest is not None:
        last = _tr("{0} on {1}").format(number(latest.score), short_date(latest.when.date()))
    if latest is not None and latest.below_threshold:
        text = "⚠ " + last + _tr(" — below alert")
        return text + (_tr(" · due now") if row.checkin_due else "")
    if row.checkin_due:
        return _tr("Due now · last {0}").format(last) if last else _tr("Due now · none yet")
    due = row.next_checkin_due
    if last and due is not None:
        return _tr("{0} · next by {1}").format(last, short_date(due))
    return last


class _FamilyRowsModel(PagedModel):
    """Rows whose latest check-in is below the alert level show it in red (and in words)."""

    ALERT_COLUMN = 5

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == FOREGROUND_ROLE and index.isValid():
            row: FamilyRow = self.rows[index.row()]
            if index.column() == self.ALERT_COLUMN and (
                row.latest is not None and row.latest.below_threshold
            ):
                parent = self.parent()
                return alert_colour(parent.palette()) if isinstance(parent, QWidget) else None
        return super().data(index, role)


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    return table


# ---- the page --------------------------------------------------------------------------------


class FamiliesPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.services: list[str] = []  # every service a family is in (for the dialog too)
        self.dialog: FamilyDialog | None = None
        self.erase_dialog: EraseFamilyDialog | AskErasureDialog | None = None
        self.access_dialog: SubjectAccessDialog | None = None
        self._notice = ""  # said on the list once it has reloaded (after an erasure)
        self._reselect = ""  # the family selected when the list was asked for again
        self._generation = 0
        # Shown again, the list reloads only after a change (ctx.records_changed) or on a new
        # day (whether a check-in is due depends on the date).
        self._stale = True
        self._loaded_on: date | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_list())
        self._detail: FamilyView | None = None  # built when a family is first opened
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        ctx.records_changed.connect(self._records_changed)

    @property
    def detail(self) -> FamilyView:
        """A family's page, built the first time one is opened: the list shows sooner."""
        if self._detail is None:
            self._detail = FamilyView(self.ctx)
            self._detail.back_requested.connect(self.show_list)
            self._detail.edit_requested.connect(self.edit_family)
            self._detail.erase_requested.connect(self.erase_family)
            self._detail.access_requested.connect(self.subject_access)
            self._detail.ask_erasure_requested.connect(self.ask_erasure)
            self.stack.addWidget(self._detail)
        return self._detail

    def _build_list(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Families")))

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name, reference or service"))
        self.search.setAccessibleName(self.tr("Search families"))
        self.search.setClearButtonEnabled(True)
        # Each change of the words asks the database again, once typing pauses.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._open_current)
        self.search.installEventFilter(self)
        filters.addWidget(self.search, 3)
        status_label_ = QLabel(self.tr("S&tatus:"))
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("Show families with status"))
        self.status_filter.addItem(self.tr("Active"), "active")
        self.status_filter.addItem(self.tr("Closed"), "closed")
        self.status_filter.addItem(self.tr("All"), "")
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        status_label_.setBuddy(self.status_filter)
        filters.addWidget(status_label_)
        filters.addWidget(self.status_filter)
        service_label = QLabel(self.tr("Ser&vice:"))
        self.service_filter = QComboBox()
        self.service_filter.setAccessibleName(self.tr("Show families in service"))
        self.service_filter.addItem(self.tr("All services"), "")
        self.service_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.service_filter.currentIndexChanged.connect(self._apply_filter)
        service_label.setBuddy(self.service_filter)
        filters.addWidget(service_label)
        filters.addWidget(self.service_filter)
        self.new_button = QPushButton(self.tr("&New family…"))
        self.new_button.setAccessibleName(self.tr("New family"))
        self.new_button.setToolTip(self.tr("Add a family (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_record)
        filters.addWidget(self.new_button)
        layout.addLayout(filters)

        self.model = _FamilyRowsModel(
            [
                Column(self.tr("Reference"), lambda r: r.reference, sort_key="reference"),
                Column(
                    self.tr("Family"),
                    lambda r: (
                        r.display_name + (self.tr(" (closed)") if r.status == "closed" else "")
                    ),
                    sort_key="name",
                ),
                Column(self.tr("Service"), lambda r: r.service, sort_key="service"),
                Column(
                    self.tr("Members"),
                    lambda r: r.members_count,
                    align_right=True,
                    sort_key="members",
                ),
                Column(
                    self.tr("Last visit"), lambda r: format_day(r.last_visit), sort_key="last_visit"
                ),
                Column(self.tr("Check-in"), checkin_text, sort_key="checkin"),
            ],
            self.ctx.runner,
            (1, Qt.SortOrder.AscendingOrder),
            self,
        )
        # One screen at a time, filtered and sorted by the database.
        self.model.loaded.connect(self._rows_shown)
        self.model.counted.connect(self._counted)
        # The row selected before the rows are replaced is selected again after.
        self.model.modelAboutToBeReset.connect(
            lambda: setattr(self, "_reselect", self._reselect or self.selected_id())
        )
        self.model.failed.connect(self._failed)
        self.table = _table(self.tr("Families"))
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        # The family's name takes what is left, so every column shows without scrolling
        # sideways from the smallest window (900 px) up; a long name or check-in is cut "…".
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in enumerate((100, 0, 140, 75, 125, 190)):
            if width:
                self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)  # its width decides which columns fit
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table, 1)

        self.empty = paragraph("")
        self.empty.hide()
        layout.addWidget(self.empty)
        # With no table to show, the heading and filters stay at the top, not mid-page.
        layout.addStretch(0)
        bottom = QHBoxLayout()
        self.count_label = paragraph("", muted=True)
        bottom.addWidget(self.count_label, 1)
        layout.addLayout(bottom)
        self.message = MessageLine()
        layout.addWidget(self.message)
        return page

    # ---- page protocol -----------------------------------------------------------------------

    def refresh(self) -> None:
        if self._stale or self._loaded_on != date.today():
            self.reload()
        if self._detail is not None and self.stack.currentWidget() is self._detail:
            self._detail.reload()

    def preload(self) -> None:
        """Read the first screen of rows ahead of the first click (the workspace calls it
        while the app is idle after unlock); shown later, the page reads again only if its
        records changed meanwhile."""
        self.refresh()

    def open_record(self, record_id: str) -> None:
        if record_id:
            self.show_family(record_id)

    def new_record(self) -> None:
        self._open_dialog(None)

    def flush(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.flush()

    # ---- list --------------------------------------------------------------------------------

    def _records_changed(self, kind: str) -> None:
        watched = ("family", "visit", "checkin", "reflection", "agreement")
        if kind not in watched or self.ctx.session is None:
            return
        self._stale = True
        if self.isVisible():
            self.refresh()

    def reload(self) -> None:
        self._stale = False
        self._loaded_on = date.today()
        self._apply_filter()

    def _apply_filter(self, *_args: object) -> None:
        if self.ctx.session is None:
            return
        self._search_timer.stop()
        records = self.ctx.session.records
        filters = FamilyFilter(
            self.search.text(),
            self.status_filter.currentData() or "",
            self.service_filter.currentData() or "",
        )
        self.model.load(
            lambda request: family_page(records, filters, request),
            lambda: family_count(records, filters),
        )

    def _rows_shown(self, first: bool) -> None:
        if first:
            self._select(self._reselect)
            self._reselect = ""

    def _counted(self) -> None:
        shown = self.model.total or 0
        total, self.services = self.model.extra or (0, [])
        current = self.service_filter.currentData() or ""
        self.service_filter.blockSignals(True)
        self.service_filter.clear()
        self.service_filter.addItem(self.tr("All services"), "")
        for service in self.services:
            self.service_filter.addItem(service, service)
        self.service_filter.setCurrentIndex(max(self.service_filter.findData(current), 0))
        self.service_filter.blockSignals(False)
        if self._notice:
            self.message.show_info(self._notice)
            self._notice = ""
        else:
            self.message.clear_message()
        self.table.setVisible(shown > 0)
        self.empty.setVisible(shown == 0)
        if total == 0:
            self.empty.setText(self.tr("No families yet — press Ctrl+N to add one."))
        elif shown == 0:
            self.empty.setText(
                self.tr("No families match. Clear the search, or choose “All” under Status.")
            )
        self.count_label.setText(
            self.tr("Showing {0} of {1} families").format(count(shown), count(total))
        )

    def _select(self, family_id: str) -> None:
        index = self.model.index_of(family_id)
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)  # the list reloaded: the person keeps their place
        elif self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def selected_id(self) -> str:
        index = self.table.currentIndex()
        row = self.model.data(index, ROW_ROLE) if index.isValid() else None
        return row.id if row else ""

    def remove_selected(self) -> None:
        """Relapp > Remove… (Delete): move the chosen family to the trash, if it may go."""
        from relapp.ui.removal import remove_record, what_label

        record_id = self.selected_id() if self.stack.currentIndex() == 0 else ""
        if not record_id:
            self.ctx.show_saved(self.tr("Choose a family in the list first."))
            return
        remove_record(self.ctx, self, record_id, what_label("family"), "family")

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.data(index, ROW_ROLE)
        if row is not None and not row.error:
            self.show_family(row.id)

    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self._activated(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        table = getattr(self, "table", None)  # events can come while the page is built
        if table is not None and watched is table and event.type() == QEvent.Type.Resize:
            # Narrow (the smallest window): the service and the count of members give way,
            # so the family's name, last visit and check-in show without scrolling sideways.
            narrow = table.width() < NARROW_TABLE
            for column in (2, 3):
                table.setColumnHidden(column, narrow)
        # Down from the search box goes to the results, as in a browser's address bar.
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))
            return True
        return super().eventFilter(watched, event)

    # ---- a family's page ---------------------------------------------------------------------

    def show_family(self, family_id: str) -> None:
        self.stack.setCurrentWidget(self.detail)
        self.detail.load(family_id)

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        if self._detail is not None:
            self._select(self._detail.family_id)
        if self._stale or self._loaded_on != date.today():
            self.reload()
        self.table.setFocus()

    def edit_family(self, detail: FamilyDetail) -> None:
        self._open_dialog(detail)

    def _open_dialog(self, detail: FamilyDetail | None) -> None:
        if self.ctx.session is None:
            return
        dialog = FamilyDialog(self.ctx, self.services, detail, self)
        dialog.saved.connect(self._family_saved)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _family_saved(self, family_id: str) -> None:
        self.show_family(family_id)

    def erase_family(self, detail: FamilyDetail) -> None:
        if self.ctx.session is None:
            return
        dialog = EraseFamilyDialog(self.ctx, detail.id, detail.display_name, detail.reference, self)
        dialog.erased.connect(self._family_erased)
        dialog.finished.connect(lambda _r: setattr(self, "erase_dialog", None))
        self.erase_dialog = dialog
        dialog.open()

    def subject_access(self, detail: FamilyDetail) -> None:
        if self.ctx.session is None:
            return
        dialog = SubjectAccessDialog(
            self.ctx, detail.id, detail.display_name, detail.reference, self
        )
        dialog.finished.connect(lambda _r: setattr(self, "access_dialog", None))
        self.access_dialog = dialog
        dialog.open()

    def ask_erasure(self, detail: FamilyDetail) -> None:
        if self.ctx.session is None:
            return
        dialog = AskErasureDialog(self.ctx, detail.id, detail.display_name, self)
        dialog.asked.connect(
            lambda _rid: self.ctx.show_saved(
                self.tr(
                    "Your erasure request was saved. It reaches your supervisors at the next "
                    "sync; the family stays until one of them carries it out."
                )
            )
        )
        dialog.finished.connect(lambda _r: setattr(self, "erase_dialog", None))
        self.erase_dialog = dialog
        dialog.open()

    def _family_erased(self, result: ErasureResult, text: str) -> None:
        self._notice = text
        self.ctx.show_saved(text)
        self.detail.forget()
        self.show_list()
        for kind in sorted(changed_kinds(result)):
            self.ctx.notify_changed(kind)

    def _failed(self, exc: BaseException) -> None:
        self._stale = True  # try again when the page is next shown
        self.message.show_error(say(exc))


# ---- one family ------------------------------------------------------------------------------


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
        self.members = _table(self.tr("Family members"))
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
        self.timeline = _table(self.tr("Visit timeline, newest first"))
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


# ---- new and edited families -----------------------------------------------------------------


class _RoleDelegate(QStyledItemDelegate):
    """Members' roles are picked from a list, or typed when none fits."""

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:  # noqa: N802
        editor = QComboBox(parent)
        editor.setEditable(True)
        editor.addItems([QCoreApplication.translate("Families", r) for r in MEMBER_ROLES])
        editor.setAccessibleName(QCoreApplication.translate("Families", "Role"))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data() or ""))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText().strip())


class FamilyDialog(QDialog):
    saved = Signal(str)  # the family's id

    def __init__(
        self,
        ctx: AppContext,
        services: list[str],
        detail: FamilyDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.dirty = False
        self._saving = False
        self.setWindowTitle(self.tr("Edit family") if detail else self.tr("New family"))
        self.setMinimumWidth(560)

        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.reference = QLineEdit()
        self.reference.setAccessibleName(self.tr("Reference"))
        self.reference.setPlaceholderText(self.tr("Your service's case reference, e.g. EH-26-0123"))
        form.addRow(self.tr("&Reference"), self.reference)
        self.display_name = QLineEdit()
        self.display_name.setAccessibleName(self.tr("Family name"))
        self.display_name.setPlaceholderText(
            self.tr("How the family is shown, e.g. The Okafor family")
        )
        form.addRow(self.tr("&Family name"), self.display_name)
        self.service = QComboBox()
        self.service.setEditable(True)
        self.service.addItems(services)
        self.service.setCurrentText("")
        self.service.setAccessibleName(self.tr("Service"))
        self.service.lineEdit().setPlaceholderText(self.tr("Choose or type a service"))
        form.addRow(self.tr("&Service"), self.service)
        self.status = QComboBox()
        for status in FAMILY_STATUSES:
            self.status.addItem(status_label(status), status)
        self.status.setAccessibleName(self.tr("Status"))
        form.addRow(self.tr("S&tatus"), self.status)

        self.members = QTableWidget(0, 3)
        self.members.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Role"), self.tr("Birth year")]
        )
        self.members.setAccessibleName(self.tr("Family members"))
        self.members.setAlternatingRowColors(True)
        self.members.verticalHeader().hide()
        self.members.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members.setItemDelegateForColumn(1, _RoleDelegate(self.members))
        header = self.members.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.members.setColumnWidth(1, 130)
        self.members.setColumnWidth(2, 90)
        self.members.setMinimumHeight(150)
        self.members.itemChanged.connect(self._changed)
        member_buttons = QHBoxLayout()
        self.add_member = QPushButton(self.tr("&Add member"))
        self.add_member.setAccessibleName(self.tr("Add a member"))
        self.add_member.clicked.connect(lambda: self.add_member_row())
        self.remove_member = QPushButton(self.tr("Re&move member"))
        self.remove_member.setAccessibleName(self.tr("Remove the selected member"))
        self.remove_member.clicked.connect(self.remove_member_row)
        member_buttons.addWidget(self.add_member)
        member_buttons.addWidget(self.remove_member)
        member_buttons.addStretch(1)
        members_box = QWidget()
        members_layout = QVBoxLayout(members_box)
        members_layout.setContentsMargins(0, 0, 0, 0)
        members_layout.addWidget(self.members)
        members_layout.addLayout(member_buttons)
        form.addRow(self.tr("&Members"), members_box)

        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setPlaceholderText(
            self.tr("Referral, language, anything a colleague should know")
        )
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(self.tr("N&otes"), self.notes)

        self.message = MessageLine()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Save family"))
        self.save_button.setAccessibleName(self.tr("Save family"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        if detail is not None:
            self._fill(detail)
        for field in (self.reference, self.display_name):
            field.textEdited.connect(self._changed)
        self.service.currentTextChanged.connect(self._changed)
        self.status.currentIndexChanged.connect(self._changed)
        self.notes.textChanged.connect(self._changed)
        self.dirty = False
        self.reference.setFocus()

    def _fill(self, detail: FamilyDetail) -> None:
        self.reference.setText(detail.reference)
        self.display_name.setText(detail.display_name)
        self.service.setCurrentText(detail.service)
        self.status.setCurrentIndex(max(self.status.findData(detail.status), 0))
        for member in detail.members:
            year = str(member.birth_year) if member.birth_year else ""
            self.add_member_row(member.name, member.role, year, edit=False)
        self.notes.setPlainText(str(detail.data.get("notes") or ""))

    def _changed(self, *_args: object) -> None:
        self.dirty = True
        self.message.clear_message()

    def add_member_row(
        self, name: str = "", role: str = "", year: str = "", *, edit: bool = True
    ) -> int:
        row = self.members.rowCount()
        self.members.insertRow(row)
        for column, text in enumerate((name, role, year)):
            self.members.setItem(row, column, QTableWidgetItem(text))
        if edit:
            self.members.setCurrentCell(row, 0)
            self.members.setFocus()
            self.members.editItem(self.members.item(row, 0) or QTableWidgetItem())
        self.dirty = True
        return row

    def remove_member_row(self) -> None:
        row = self.members.currentRow()
        if row >= 0:
            self.members.removeRow(row)
            self.dirty = True

    def member_rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for row in range(self.members.rowCount()):
            cells = [self.members.item(row, c) for c in range(3)]
            rows.append(tuple(cell.text() if cell else "" for cell in cells))
        return rows  # type: ignore[return-value]

    def collect(self) -> dict[str, Any]:
        """The family's fields, or ValueError with a sentence saying what is missing."""
        # A cell still being typed in counts too: moving off it commits it.
        row, column = self.members.currentRow(), self.members.currentColumn()
        self.members.setCurrentCell(-1, -1)
        if row >= 0:
            self.members.setCurrentCell(row, column)
        reference, name = self.reference.text().strip(), self.display_name.text().strip()
        if not reference:
            self.reference.setFocus()
            raise ValueError(self.tr("Give the family a reference."))
        if not name:
            self.display_name.setFocus()
            raise ValueError(self.tr("Give the family a name, e.g. The Okafor family."))
        data: dict[str, Any] = dict(self.detail.data) if self.detail else {}
        data.update(
            reference=reference,
            display_name=name,
            status=self.status.currentData(),
            members=members_from_rows(self.member_rows()),
        )
        service = self.service.currentText().strip()
        notes = self.notes.toPlainText().strip()
        for key, value in (("service", service), ("notes", notes)):
            if value:
                data[key] = value
            else:
                data.pop(key, None)
        if self.detail is None and self.ctx.session is not None:
            data["assigned_to"] = self.ctx.session.vault.member_id
        return data

    def save(self) -> None:
        if self._saving or self.ctx.session is None:
            return
        try:
            data = self.collect()
        except Exception as exc:  # noqa: BLE001 - ValueError and ServiceError are sentences
            self.message.show_error(say(exc))
            return
        records = self.ctx.session.records
        record_id = self.detail.id if self.detail else None
        expected = self.detail.version if self.detail else None
        self._saving = True
        self.save_button.setEnabled(False)

        def done(record: Any) -> None:
            self._saving = False
            self.dirty = False
            self.ctx.notify_changed("family")
            self.ctx.show_saved(self.tr("Family saved"))
            self.saved.emit(record.id)
            self.accept()

        def failed(exc: BaseException) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            self.message.show_error(say(exc))

        self.ctx.runner.write(
            lambda _t: save_family(records, data, record_id=record_id, expected_version=expected),
            while_alive(self, done),
            while_alive(self, failed),
        )

    def flush(self) -> None:
        """Before a lock: save what was typed if it can be saved as it stands."""
        if not self.dirty or self._saving or self.ctx.session is None:
            return
        try:
            data = self.collect()
            self.ctx.runner.wait_idle()
            save_family(
                self.ctx.session.records,
                data,
                record_id=self.detail.id if self.detail else None,
            )
            self.dirty = False
        except Exception:  # noqa: BLE001 - an incomplete form cannot be kept; nothing to do
            return

    def reject(self) -> None:
        if (
            self.dirty
            and not self._saving
            and not confirm_discard(
                self,
                self.tr("Discard changes?"),
                self.tr("You have changed this family. Close without saving?"),
            )
        ):
            return
        super().reject()

"""The Families page: a searchable list of families and, in the same page, one family's page
(family_view.py: members, visit timeline, open items, check-in trends). New and edited families
go through FamilyDialog (family_dialog.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relapp.services.erasure import ErasureResult
from relapp.services.families import FamilyDetail, FamilyRow, family_count, family_page
from relapp.services.paging import FamilyFilter
from relapp.ui.context import AppContext
from relapp.ui.erase_dialog import AskErasureDialog, EraseFamilyDialog
from relapp.ui.formatting import alert_colour, count, format_day
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.forms import plain_table
from relapp.ui.kit.freshness import Freshness
from relapp.ui.models import FOREGROUND_ROLE, ROW_ROLE, Column, PagedModel
from relapp.ui.views.family_dialog import FamilyDialog
from relapp.ui.views.family_labels import checkin_text
from relapp.ui.widgets import NARROW_TABLE, MessageLine, heading, paragraph

if TYPE_CHECKING:
    from relapp.ui.subject_access_dialog import SubjectAccessDialog
    from relapp.ui.views.family_view import FamilyView

Index = QModelIndex | QPersistentModelIndex


# How long typing in the search box pauses before the list asks the database again.
SEARCH_PAUSE_MS = 150


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
        self.fresh = Freshness(("family", "visit", "checkin", "reflection", "agreement"))
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
            # Imported when first needed, with its timeline and charts.
            from relapp.ui.views.family_view import FamilyView

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
        self.table = plain_table(self.tr("Families"))
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
        if self.fresh.due:
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

    def release(self) -> None:
        """The families list is kept when other pages are in front."""

    # ---- list --------------------------------------------------------------------------------

    def _records_changed(self, kind: str) -> None:
        if not self.fresh.watches(kind) or self.ctx.session is None:
            return
        self.fresh.mark_stale()
        if self.isVisible():
            self.refresh()

    def reload(self) -> None:
        self.fresh.reading()
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
        if self.fresh.due:
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
        from relapp.ui.subject_access_dialog import SubjectAccessDialog  # when first asked for

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

    def _failed(self, exc: BaseException) -> None:
        self.fresh.mark_stale()  # try again when the page is next shown
        self.message.show_error(say(exc))

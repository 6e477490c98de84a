"""The team overview: one row per practitioner with reflections waiting for review, when they
last had supervision (and whether it is overdue), open actions and families with alerts.
Enter or a double-click shows that practitioner's reflections in the review queue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.services.supervision import CADENCE_DAYS, Overview, OverviewRow, team_overview
from relapp.ui.context import AppContext
from relapp.ui.formatting import (
    alert_colour,
    clear_layout,
    fit_columns,
    format_day,
    keep_fitted,
    set_up_table,
)
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.forms import bold, calm_scroll_area, enter_pressed, transparent
from relapp.ui.kit.reloads import Reloader
from relapp.ui.models import ROW_ROLE, Column, Index, RowsModel
from relapp.ui.supervision.review import PRACTITIONER_PREFIX
from relapp.ui.widgets import MessageLine, centred_card, heading, paragraph

MAX_VISIBLE_ROWS = 12
WATCHED_KINDS = {"reflection", "supervision_session", "checkin", "family", "feedback"}
SUPERVISION_COLUMN, ALERTS_COLUMN = 3, 5


class OverviewModel(RowsModel):
    """Rows as RowsModel shows them; overdue supervision and alerts in red, bold (and always
    in words: "Overdue", "⚠")."""

    def __init__(self, columns: list[Column], parent: QObject | None = None) -> None:
        super().__init__(columns, parent)
        self.warn_colour = QColor("#b3261e")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            row: OverviewRow = self.rows[index.row()]
            warn = (index.column() == SUPERVISION_COLUMN and row.overdue) or (
                index.column() == ALERTS_COLUMN and bool(row.alert_families)
            )
            if not warn:
                return None
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setWeight(QFont.Weight.DemiBold)
                return font
            return self.warn_colour
        return super().data(index, role)


class TeamOverviewTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.cadence_days = CADENCE_DAYS
        self.overview: Overview | None = None
        self.reloads = Reloader(
            self, ctx, WATCHED_KINDS, self._read, self._loaded, self._failed, self.refresh
        )

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_table())
        self.stack.addWidget(self._build_no_team())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def _build_table(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        self.intro = paragraph(
            self.tr(
                "Each practitioner in your team; supervision is due every {0} days. Press Enter "
                "or double-click a row to see their reflections waiting for review."
            ).format(self.cadence_days),
            muted=True,
        )
        layout.addWidget(self.intro)
        self.message = MessageLine()
        layout.addWidget(self.message)
        self.empty_label = paragraph("", muted=True)
        self.empty_label.hide()
        layout.addWidget(self.empty_label)

        tr = self.tr
        self.model = OverviewModel(
            [
                Column(tr("Practitioner"), self._name, lambda r: r.name.lower()),
                Column(
                    tr("Awaiting review"),
                    lambda r: str(r.awaiting_review) if r.awaiting_review else tr("None"),
                    lambda r: r.awaiting_review,
                ),
                Column(tr("Last supervision"), self._last_session, lambda r: r.last_session or ""),
                Column(
                    tr("Supervision"),
                    lambda r: tr("⚠ Overdue") if r.overdue else tr("Up to date"),
                    lambda r: (not r.overdue, -(r.days_since_session or 10_000)),
                ),
                Column(
                    tr("Open actions"),
                    lambda r: str(r.open_actions) if r.open_actions else tr("None"),
                    lambda r: r.open_actions,
                ),
                Column(
                    tr("Families with alerts"),
                    self._alerts,
                    lambda r: -len(r.alert_families),
                ),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, self.tr("Practitioners in your team"))
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(self._open)
        self.table.installEventFilter(self)
        keep_fitted(self.table)  # a handful of practitioners
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_detail())
        layout.addWidget(self.table)

        # The chosen practitioner in words: what is waiting, actions, and each alert.
        self.detail = QFrame()
        self.detail.setObjectName("practitionerDetail")
        self.detail.setStyleSheet(
            "QFrame#practitionerDetail { background: palette(base);"
            " border: 1px solid palette(mid); border-radius: 4px; }"
        )
        box = QVBoxLayout(self.detail)
        box.setContentsMargins(16, 12, 16, 12)
        box.setSpacing(6)
        top = QHBoxLayout()
        self.detail_name = heading("", 1.2)
        top.addWidget(self.detail_name, 1)
        self.review_button = QPushButton(self.tr("Show their &reflections"))
        self.review_button.setAccessibleName(
            self.tr("Show the chosen practitioner's reflections waiting for review")
        )
        self.review_button.clicked.connect(lambda: self._open(self.table.currentIndex()))
        top.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(top)
        self.detail_lines = QVBoxLayout()
        self.detail_lines.setSpacing(6)
        box.addLayout(self.detail_lines)
        scroll = calm_scroll_area()
        holder = transparent(QWidget())
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.detail)
        column.addStretch(1)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        return page

    def _show_detail(self) -> None:
        clear_layout(self.detail_lines)
        index = self.table.currentIndex()
        if not index.isValid():
            self.detail.hide()
            return
        row: OverviewRow = index.data(ROW_ROLE)
        self.detail.show()
        self.detail_name.setText(self._name(row))
        self.detail_name.setAccessibleName(self._name(row))
        red = alert_colour(self.palette()).name()
        add = self.detail_lines.addWidget

        if row.awaiting_review:
            add(
                paragraph(
                    self.tr(
                        "{0} reflections waiting for review; the oldest was submitted {1}."
                    ).format(row.awaiting_review, format_day(row.oldest_waiting))
                    if row.awaiting_review > 1
                    else self.tr("One reflection waiting for review, submitted {0}.").format(
                        format_day(row.oldest_waiting)
                    )
                )
            )
        else:
            add(paragraph(self.tr("Nothing waiting for review.")))
        if row.last_session is None:
            when = self.tr("No supervision session recorded yet.")
        else:
            when = self.tr("Last supervision: {0}.").format(self._last_session(row))
        line = paragraph(
            when
            + " "
            + (
                self.tr("⚠ Overdue: it is due every {0} days.").format(self.cadence_days)
                if row.overdue
                else self.tr("Up to date.")
            )
        )
        if row.overdue:
            line.setStyleSheet(f"color: {red};")
        add(line)

        add(bold(QLabel(self.tr("Open actions ({0})").format(len(row.actions)))))
        if not row.actions:
            add(paragraph(self.tr("None open."), muted=True))
        for action in row.actions:
            add(paragraph("• " + action))

        add(bold(QLabel(self.tr("Alerts ({0})").format(len(row.alerts)))))
        if not row.alerts:
            add(paragraph(self.tr("No family's latest check-in raised an alert."), muted=True))
        for family, sentence in row.alerts:
            alert = paragraph(f"⚠ {family}: {sentence}")
            alert.setStyleSheet(f"color: {red};")
            add(alert)

    def _fit_table(self) -> None:
        """Show every practitioner without an inner scroll bar, up to a dozen."""
        self.table.resizeRowsToContents()
        for row in range(self.model.rowCount()):
            self.table.setRowHeight(row, self.table.rowHeight(row) + 8)
        shown = min(self.model.rowCount(), MAX_VISIBLE_ROWS)
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(row) for row in range(shown))
        self.table.setFixedHeight(height + 2)

    def _build_no_team(self) -> QWidget:
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setSpacing(12)
        column.addWidget(heading(self.tr("Your team's overview"), 1.3))
        column.addWidget(
            paragraph(
                self.tr(
                    "You are not in a team yet. Create or join a team on the Sync page; once "
                    "your practitioners have joined and synced, their reflections, supervision "
                    "and alerts show here."
                )
            )
        )
        self.sync_button = QPushButton(self.tr("Open the &Sync page"))
        self.sync_button.setAccessibleName(self.tr("Open the Sync page"))
        self.sync_button.clicked.connect(lambda: self.ctx.open_page("sync"))
        row = QHBoxLayout()
        row.addWidget(self.sync_button)
        row.addStretch(1)
        column.addLayout(row)
        return centred_card(inner)

    # ---- words ------------------------------------------------------------------------------

    def _name(self, row: OverviewRow) -> str:
        return row.name if row.active else self.tr("{0} (left the team)").format(row.name)

    def _last_session(self, row: OverviewRow) -> str:
        if row.last_session is None:
            return self.tr("None yet")
        days = row.days_since_session or 0
        ago = (
            self.tr("today")
            if days == 0
            else self.tr("yesterday")
            if days == 1
            else self.tr("{0} days ago").format(days)
        )
        return f"{format_day(row.last_session)} ({ago})"

    def _alerts(self, row: OverviewRow) -> str:
        if not row.alert_families:
            return self.tr("None")
        return "⚠ " + ", ".join(row.alert_families)

    # ---- page protocol ----------------------------------------------------------------------

    def refresh(self) -> None:
        self.reloads.reload()

    def _read(self) -> Callable[[Any], Overview] | None:
        session = self.ctx.session
        if session is None:
            return None
        today, cadence = date.today(), self.cadence_days
        return lambda _t: team_overview(session, today, cadence)

    def _loaded(self, overview: Overview) -> None:
        self.overview = overview
        if not overview.in_team:
            self.stack.setCurrentIndex(1)
            return
        self.stack.setCurrentIndex(0)
        selected = self._current_id()
        self.model.warn_colour = alert_colour(self.palette())
        self.model.set_rows(overview.rows)
        fit_columns(self.table)
        self._fit_table()
        if not overview.reachable:
            self.message.show_info(
                self.tr(
                    "The shared folder cannot be reached just now, so people show by a short "
                    "id. Names come back with the next sync that reaches it."
                )
            )
        else:
            self.message.clear_message()
        empty = not overview.rows
        self.empty_label.setText(
            self.tr(
                "No practitioners in your team yet. When someone asks to join, approve them on "
                "the Sync page."
            )
        )
        self.empty_label.setVisible(empty)
        self.table.setVisible(not empty)
        self.detail.setVisible(not empty)
        self._select(selected)
        self._show_detail()

    def _failed(self, exc: BaseException) -> None:
        self.message.show_error(
            self.tr("The team overview could not be shown: {0}").format(say(exc))
        )

    def rows(self) -> list[OverviewRow]:
        return list(self.model.rows)

    def _current_id(self) -> str:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE).member_id if index.isValid() else ""

    def _select(self, member_id: str) -> None:
        """Make a row current without painting it selected, so its red words stay readable."""
        rows = [item.member_id for item in self.model.rows]
        if not rows:
            return
        row = rows.index(member_id) if member_id in rows else 0
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
        )

    # ---- to the review queue ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.table and enter_pressed(event):
            self._open(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row: OverviewRow = index.data(ROW_ROLE)
        target = PRACTITIONER_PREFIX + row.member_id
        page = self._supervision_page()
        if page is not None:
            page.show_tab("review").open_record(target)
        else:
            self.ctx.open_page("supervision", target)

    def _supervision_page(self) -> Any:
        """The Supervision page hosting this tab, if any (it switches to the queue tab)."""
        widget = self.parentWidget()
        while widget is not None:
            if hasattr(widget, "show_tab") and hasattr(widget, "tab_keys"):
                return widget if "review" in widget.tab_keys else None
            widget = widget.parentWidget()
        return None

"""The Today page: what needs the person now. Each section is a short list; a row opens the
page that deals with it. A practitioner's Today is their own week; a supervisor's is what is
waiting for them across the team (relapp.services.supervisor_today)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.services.supervisor_today import SupervisorToday, supervisor_today
from relapp.services.today import DueRow, FeedbackRow, TodaySummary, today_summary
from relapp.services.unfinished import Unfinished
from relapp.ui.checkin_form import ALERT_RED, respondent_label
from relapp.ui.context import AppContext
from relapp.ui.formatting import (
    format_day_long,
    format_when,
    mode_label,
    reflection_state_label,
    set_up_table,
)
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.forms import wished_widths
from relapp.ui.kit.lifetime import is_alive
from relapp.ui.models import ROW_ROLE, Column, RowsModel
from relapp.ui.widgets import MessageLine, heading, paragraph

MAX_VISIBLE_ROWS = 6
# A section lists at most this many rows, the most pressing first, and says how many more
# there are and where they are: a team's years of records can make thousands of families
# due a check-in, and no one reads a list that long on Today (nor should drawing it hold up
# the page: every row is measured when rows wrap).
SHOWN_AT_MOST = 25


class TodaySection(QWidget):
    """A titled list with a sentence for when it is empty; Enter or a double-click opens a row."""

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        empty_text: str,
        on_open: Callable[[Any], None],
        *,
        widths: Sequence[int] = (),
        wrap: bool = False,
        rest: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.on_open = on_open
        # What to say of the rows not shown: "{0} more … on the … page."
        self.rest = rest or QCoreApplication.translate("TodaySection", "{0} more not shown.")
        self.total = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.heading = heading(title, 1.2)
        layout.addWidget(self.heading)
        self.model = RowsModel(columns, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, title)
        self.table.setWordWrap(wrap)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        wished_widths(self.table, widths)
        self.table.activated.connect(self._activated)
        # A column resized (by hand, or as the window or the table's own scroll bar narrows
        # it) re-wraps the rows: measured once, at the next pass of the event loop, however
        # many columns moved. While rows are set, their own fit is enough (showing the table
        # resizes its columns, and each fit measures every row).
        self._setting = False
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit)
        self.table.horizontalHeader().sectionResized.connect(self._resized)
        self.table.viewport().installEventFilter(self)
        layout.addWidget(self.table)
        self.empty = paragraph(empty_text, muted=True)
        layout.addWidget(self.empty)
        self.more = paragraph("", muted=True)
        self.more.hide()
        layout.addWidget(self.more)
        self.set_rows([])

    def set_rows(self, rows: Sequence[Any], more: str = "", total: int | None = None) -> None:
        """Show the first SHOWN_AT_MOST of rows; the heading counts them all (or `total`, when
        the rows given are already the first of more), and `more` (or the section's own
        sentence) says what is not shown."""
        count = self.total = len(rows) if total is None else max(total, len(rows))
        shown = rows[:SHOWN_AT_MOST]
        self.model.set_rows(shown)
        if count > len(shown) and not more:
            more = self.rest.format(f"{count - len(shown):,}")
        self.heading.setText(f"{self.title} ({count:,})" if count else self.title)
        self._setting = True
        try:
            self.table.setVisible(bool(rows))
        finally:
            self._setting = False
        self.empty.setVisible(not rows)
        self.more.setText(more)
        self.more.setVisible(bool(more))
        self._fit()

    def _resized(self, *_args: object) -> None:
        if not self._setting and self.table.wordWrap():
            self._refit.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        # The viewport narrows when the table's scroll bar appears, its columns unchanged.
        # (A height alone, as the section fits itself to its rows, wraps nothing anew.)
        if (
            isinstance(event, QResizeEvent)
            and watched is self.table.viewport()
            and event.size().width() != event.oldSize().width()
        ):
            self._resized()
        return False

    def set_warning(self, warning: bool) -> None:
        """Alerts: a red heading with a warning sign, so it never rests on colour alone."""
        count = self.total
        if warning and count:
            self.heading.setText(f"⚠ {self.title} ({count:,})")
            self.heading.setStyleSheet(f"color: {ALERT_RED};")
        else:
            self.heading.setStyleSheet("")

    def _fit(self) -> None:
        """Show up to MAX_VISIBLE_ROWS rows without an inner scroll bar; long lists scroll."""
        count = self.model.rowCount()
        if not count:
            return
        if self.table.wordWrap():
            self.table.resizeRowsToContents()
        shown = min(count, MAX_VISIBLE_ROWS)
        height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(row) for row in range(shown))
        self.table.setFixedHeight(height)

    def rows(self) -> list[Any]:
        """The rows shown."""
        return list(self.model.rows)

    def _activated(self, index: QModelIndex) -> None:
        self.on_open(index.data(ROW_ROLE))


class TodayPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary: TodaySummary | None = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Today")))
        top.addStretch(1)
        self.date_label = QLabel()
        self.date_label.setAccessibleName(self.tr("Today's date"))
        self.date_label.setStyleSheet("color: palette(placeholder-text);")
        top.addWidget(self.date_label, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        self.message = MessageLine()
        layout.addWidget(self.message)
        session = ctx.session
        self.is_supervisor = bool(session and session.vault.identity().role == "supervisor")
        # The summary is read while the sections are built (the first page after unlock: its
        # read is most of the wait); the workspace's first refresh() finds it under way.
        self._read_under_way = False
        self.refresh()
        self._read_under_way = self._loading
        self.sections = (
            self._supervisor_sections() if self.is_supervisor else self._practitioner_sections()
        )

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(24)
        for section in self.sections:
            column.addWidget(section)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        for first, second in zip(self.sections, self.sections[1:], strict=False):
            QWidget.setTabOrder(first.table, second.table)
        ctx.records_changed.connect(self._records_changed)

    def _unfinished_section(self) -> TodaySection:
        tr = self.tr
        section = TodaySection(
            tr("Unfinished"),
            [
                Column(tr("What"), _unfinished_what),
                Column(tr("Family"), lambda r: r.family_name or tr("(no family chosen yet)")),
                Column(tr("So far"), _unfinished_so_far),
                Column(tr("Kept"), lambda r: format_when(r.updated_at)),
            ],
            tr("Nothing unfinished. A form you leave before it can be saved is kept here."),
            self._open_unfinished,
            widths=(90, 170, 220),
        )
        section.hide()  # shown only when something is unfinished
        return section

    def _supervisor_sections(self) -> list[TodaySection]:
        tr, ctx = self.tr, self.ctx
        self.waiting = TodaySection(
            tr("Waiting for your review"),
            [
                Column(tr("Practitioner"), lambda r: r.practitioner),
                Column(tr("Reflection"), lambda r: r.title),
                Column(tr("Family"), lambda r: r.family),
                Column(tr("Submitted"), lambda r: format_when(r.submitted_at)),
            ],
            tr("Nothing waiting: every submitted reflection has had your feedback."),
            lambda row: ctx.open_page("supervision", row.id),
            widths=(130, 210, 130),
            rest=tr("{0} more are in the review queue on the Supervision page."),
        )
        self.answered = TodaySection(
            tr("Returned and answered"),
            [
                Column(tr("Reflection"), lambda r: r.title),
                Column(tr("Practitioner"), lambda r: r.practitioner),
                Column(tr("Answered"), lambda r: format_when(r.answered_at)),
                Column(tr("Their answer"), lambda r: " ".join(r.answer.split())),
            ],
            tr("No answers waiting: a reflection you return shows here once it is answered."),
            lambda row: ctx.open_page("supervision", row.reflection_id),
            widths=(220, 150, 130),
        )
        self.sessions_due = TodaySection(
            tr("Supervision due"),
            [
                Column(tr("Practitioner"), lambda r: r.name),
                Column(tr("Last session"), _last_session),
                Column(tr("Open actions"), lambda r: str(r.open_actions)),
            ],
            tr("Everyone has had supervision within the team's cadence."),
            lambda row: ctx.open_page("supervision", f"sessions:{row.member_id}"),
            widths=(200, 200),
        )
        self.team_alerts = TodaySection(
            tr("Alerts across the team"),
            [
                Column(tr("Practitioner"), lambda r: r.practitioner),
                Column(tr("Family"), lambda r: r.family),
                Column(tr("What happened"), lambda r: r.sentence),
            ],
            tr("No alerts: every family's latest check-in is above its alert level."),
            lambda row: ctx.open_page("supervision", f"overview:{row.practitioner_id}"),
            widths=(150, 170),
            wrap=True,
            rest=tr("{0} more: each practitioner's are in the Supervision page's overview."),
        )
        self.data_protection = TodaySection(
            tr("Erasure and retention"),
            [
                Column(tr("What"), _data_protection_what),
                Column(tr("Family"), lambda r: r.family_name or r.name),
                Column(tr("When"), _data_protection_when),
            ],
            tr("No erasure requests, and no family reaches the end of its retention soon."),
            lambda _row: ctx.open_page("sync", ""),
            widths=(220, 200),
            rest=tr("{0} more: on the Sync page, and under Retention and legal holds."),
        )
        self.unfinished = self._unfinished_section()
        return [
            self.waiting,
            self.answered,
            self.sessions_due,
            self.team_alerts,
            self.data_protection,
            self.unfinished,
        ]

    def _practitioner_sections(self) -> list[TodaySection]:
        tr, ctx = self.tr, self.ctx
        self.alerts = TodaySection(
            tr("Alerts"),
            [
                Column(tr("Family"), lambda r: r.family_name),
                Column(tr("Answered by"), lambda r: respondent_label(r.respondent)),
                Column(tr("Date"), lambda r: format_when(r.when, with_time=False)),
                Column(tr("What happened"), lambda r: r.sentence),
            ],
            tr(
                "No alerts: every family's latest check-in is above its alert level and has not "
                "dropped."
            ),
            lambda row: ctx.open_page("checkins", row.checkin_id),
            widths=(160, 100, 120),  # the sentence, wrapped, takes the rest
            wrap=True,
            rest=tr("{0} older alerts: each family's are on the Check-ins page."),
        )
        self.unfinished = self._unfinished_section()
        self.drafts = TodaySection(
            tr("Drafts to finish"),
            [
                Column(tr("Reflection"), lambda r: r.title),
                Column(tr("Family"), lambda r: r.family_name),
                Column(tr("Last saved"), lambda r: format_when(r.updated_at)),
            ],
            tr("No drafts waiting. A reflection you start but do not submit appears here."),
            lambda row: ctx.open_page("reflections", row.id),
            widths=(380, 220),
            rest=tr("{0} more drafts are on the Reflections page."),
        )
        self.visits = TodaySection(
            tr("Visits this week"),
            [
                Column(tr("When"), lambda r: format_when(r.when)),
                Column(tr("Family"), lambda r: r.family_name),
                Column(tr("How"), lambda r: _mode_label(r.mode)),
                Column(tr("Purpose"), lambda r: r.purpose),
            ],
            tr("No visits recorded for this week yet — record one on the Visits page."),
            lambda row: ctx.open_page("visits", row.id),
            widths=(190, 190, 110),
            rest=tr("{0} more visits this week are on the Visits page."),
        )
        self.due = TodaySection(
            tr("Check-ins due"),
            [
                Column(tr("Family"), lambda r: r.family_name),
                Column(tr("Your last check-in"), _last_checkin),
            ],
            tr("Every active family has had a check-in from you in the last four weeks."),
            lambda row: ctx.open_page("checkins", f"family:{row.family_id}"),
            widths=(240,),
            rest=tr("{0} more families are due: the Families page marks each one Due now."),
        )
        self.feedback = TodaySection(
            tr("Feedback received"),
            [
                Column(tr("Reflection"), lambda r: r.reflection_title),
                Column(tr("Status"), lambda r: _state_label(r.state)),
                Column(tr("Received"), lambda r: format_when(r.when, with_time=False)),
                Column(tr("Feedback"), _feedback_text),
            ],
            tr("No feedback yet. When your supervisor comments on a reflection, it shows here."),
            lambda row: ctx.open_page("reflections", row.reflection_id),
            widths=(300, 130, 130),
        )
        return [self.alerts, self.unfinished, self.drafts, self.visits, self.due, self.feedback]

    # ---- page protocol ---------------------------------------------------------------------

    def refresh(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        if self._read_under_way:  # the read begun while the page was built
            self._read_under_way = False
            return
        records = session.records
        today = date.today()
        self._loading = True
        if self.is_supervisor:
            self.ctx.runner.read(
                lambda _t: supervisor_today(session, today), self._loaded, self._failed
            )
            return
        self.ctx.runner.read(lambda _t: today_summary(records, today), self._loaded, self._failed)

    def open_record(self, record_id: str) -> None:
        """Today has no record of its own: it opens others' pages, none opens it at one."""

    def flush(self) -> None:
        """Nothing is typed on Today."""

    def preload(self) -> None:
        """Today is built when shown first, not ahead (its PageSpec is not `ahead`)."""

    def release(self) -> None:
        """Today's lists are short: a few rows of what waits; they are kept."""

    def _loaded(self, summary: TodaySummary | SupervisorToday) -> None:
        if not is_alive(self):
            return
        self._loading = self._read_under_way = False
        self.summary = summary
        self.date_label.setText(format_day_long(_qdate(summary.today)))
        if isinstance(summary, SupervisorToday):
            self._show_supervisor(summary)
            return
        self.alerts.set_rows(summary.alerts)
        self.alerts.set_warning(True)
        self.unfinished.set_rows(summary.unfinished)
        self.unfinished.setVisible(bool(summary.unfinished))  # only when there is something
        self.drafts.set_rows(summary.drafts)
        self.visits.set_rows(summary.visits)
        self.due.set_rows(summary.checkins_due)
        more = (
            self.tr("{0} more on the Reflections page.").format(f"{summary.more_feedback:,}")
            if summary.more_feedback
            else ""
        )
        self.feedback.set_rows(
            summary.feedback, more, total=len(summary.feedback) + summary.more_feedback
        )
        if summary.unreadable:
            self.message.show_error(
                self.tr(
                    "{0} records could not be opened and are left out. Your other records are "
                    "fine; a backup can bring them back."
                ).format(summary.unreadable)
            )
        else:
            self.message.clear_message()

    def _show_supervisor(self, summary: SupervisorToday) -> None:
        self.waiting.set_rows(summary.waiting)
        self.answered.set_rows(summary.answered)
        self.sessions_due.set_rows(summary.sessions_due)
        self.team_alerts.set_rows(summary.alerts)
        self.team_alerts.set_warning(True)
        self.data_protection.set_rows([*summary.erasure_requests, *summary.retention])
        self.unfinished.set_rows(summary.unfinished)
        self.unfinished.setVisible(bool(summary.unfinished))
        if not summary.in_team:
            self.message.show_info(
                self.tr(
                    "This laptop is not in a team yet: the team's reflections, sessions and "
                    "alerts show here once it has joined one (Sync page)."
                )
            )
        else:
            self.message.clear_message()

    def _open_unfinished(self, row: Unfinished) -> None:
        page, prefix = UNFINISHED_PAGES.get(row.editor, ("", ""))
        if not page:
            return
        if row.record_id == "new":  # a new record typed but never saved: its page's New
            self.ctx.open_page(page, f"kept:{row.editor}")
        else:
            self.ctx.open_page(page, prefix + row.record_id)

    def _failed(self, exc: BaseException) -> None:
        if not is_alive(self):
            return
        self._loading = self._read_under_way = False
        if self.ctx.session is not None:
            self.message.show_error(
                self.tr("Today's summary could not be shown: {0}").format(say(exc))
            )

    def _records_changed(self, _kind: str) -> None:
        self._read_under_way = False  # the read begun at building may have missed it
        # A hidden page is refreshed by the workspace when it is shown again.
        if self.isVisible():
            self.refresh()

    @property
    def loading(self) -> bool:
        return self._loading


# The page, and what its open_record() is given, that opens each editor's unfinished form.
UNFINISHED_PAGES = {
    "visit": ("visits", ""),
    "checkin": ("checkins", "unfinished:"),
    "barrier": ("barriers", ""),
    "change_test": ("barriers", ""),
    "supervision_session": ("supervision", ""),
}


def _last_session(row: Any) -> str:
    if not row.last_session:
        return _t("None yet")
    return _t("{0} ({1} days ago)").format(
        format_when(row.last_session, with_time=False), row.days_since_session
    )


def _data_protection_what(row: Any) -> str:
    if hasattr(row, "request_id"):
        return (
            _t("Erasure asked for ({0})").format(row.request)
            if row.request
            else _t("Erasure asked for")
        )
    return _t("Retention: erased on its date")


def _data_protection_when(row: Any) -> str:
    if hasattr(row, "request_id"):
        return format_when(row.asked_at, with_time=False)
    return format_when(row.erase_on.isoformat(), with_time=False)


def _unfinished_what(row: Unfinished) -> str:
    names = {
        "visit": _t("Visit"),
        "checkin": _t("Check-in"),
        "barrier": _t("Barrier"),
        "change_test": _t("Change test"),
        "supervision_session": _t("Supervision notes"),
    }
    return names.get(row.editor, row.editor)


def _unfinished_so_far(row: Unfinished) -> str:
    if row.editor == "checkin":
        return _t("{0} of {1} answers").format(
            row.state.get("answered", 0), row.state.get("items", "?")
        )
    for field in ("purpose", "title", "description", "plan", "notes"):
        text = " ".join(str(row.state.get(field) or "").split())
        if text:
            return (text[:60] + "…") if len(text) > 60 else text
    return _t("(nothing written yet)")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _t(text: str) -> str:
    return QCoreApplication.translate("Today", text)


def _last_checkin(row: DueRow) -> str:
    if row.last_checkin is None:
        return _t("None yet")
    return _t("{0} ({1} days ago)").format(
        format_when(row.last_checkin, with_time=False), row.days_since
    )


def _feedback_text(row: FeedbackRow) -> str:
    return " ".join(row.text.split())


def _mode_label(mode: str) -> str:
    return mode_label(mode)  # one word for each mode, everywhere (relapp.ui.formatting)


def _state_label(state: str) -> str:
    return reflection_state_label(state)

"""How values read on screen, in one place: dates and times in the system's language and
clock, visit modes, reflection states, scores, the house style for tables, and clearing a
layout."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QLocale,
    QObject,
    QTime,
    QTimer,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLayout, QTableView

from relapp.ui.kit.forms import level_widths


def _tr(text: str) -> str:
    return QCoreApplication.translate("Formatting", text)


# ---- dates and times -----------------------------------------------------------------------


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def qdatetime(when: datetime) -> QDateTime:
    """A naive local datetime as a QDateTime (local time)."""
    return QDateTime(qdate(when), QTime(when.hour, when.minute, when.second))


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())


def _as_moment(value: str | date | datetime | None) -> date | datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value) if len(value) <= 10 else datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone()  # stored in UTC, shown in local time
    return value


def format_when(value: str | date | datetime | None, *, with_time: bool = True) -> str:
    """'Tue 4 Mar 2026, 10:30' (or 'Tue 4 Mar 2026' for a date) in the system's words."""
    moment = _as_moment(value)
    if moment is None:
        return value if isinstance(value, str) else ""
    locale = QLocale.system()
    day = locale.toString(qdate(moment), "ddd d MMM yyyy")
    if not with_time or not isinstance(moment, datetime):
        return day
    clock = locale.toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)
    return f"{day}, {clock}"


def format_day(value: str | date | datetime | None) -> str:
    return format_when(value, with_time=False)


def format_day_long(value: QDate | None = None) -> str:
    return QLocale.system().toString(
        value or QDateTime.currentDateTime().date(), "dddd d MMMM yyyy"
    )


def short_date(day: date, today: date | None = None) -> str:
    """'4 Mar', or '4 Mar 2025' when it is not this year."""
    today = today or date.today()
    pattern = "d MMM" if day.year == today.year else "d MMM yyyy"
    return QLocale.system().toString(qdate(day), pattern)


# ---- words for stored values ---------------------------------------------------------------


def mode_label(mode: str) -> str:
    return {
        "home": _tr("Home visit"),
        "centre": _tr("Centre visit"),
        "phone": _tr("Phone call"),
        "video": _tr("Video call"),
    }.get(mode, mode or _tr("Visit"))


def reflection_state_label(state: str | None) -> str:
    return {
        "draft": _tr("Draft"),
        "submitted": _tr("Submitted"),
        "reviewed": _tr("Reviewed"),
        "to_discuss": _tr("To discuss"),
        "returned": _tr("Returned"),
    }.get(state or "", state or "")


def count(value: int) -> str:
    """A whole number as the system writes it: 19,992 (or 19.992, 19 992 …)."""
    return QLocale.system().toString(int(value))


def number(value: float) -> str:
    """A score with one decimal, as the check-in forms show it: 2.8, 4.0 (system locale)."""
    return QLocale.system().toString(float(value), "f", 1)


# ---- colours -------------------------------------------------------------------------------


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def alert_colour(palette: QPalette) -> QColor:
    """A clear red that reads on light and dark backgrounds (always paired with words)."""
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b3261e")


# ---- widgets -------------------------------------------------------------------------------


def set_up_table(table: QTableView, name: str) -> None:
    """The house style for lists: whole rows, alternating colours, no row numbers."""
    table.setAccessibleName(name)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setHighlightSections(False)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().lineSpacing() + 10)


FIT_PRECISION_ROWS = 0  # the rows on screen only (Qt: 0 is the visible area)


def fit_columns(table: QTableView, widest: int = 240) -> None:
    """Size a short table's columns to their contents (none wider than ``widest``), then, if
    they are wider than the table, narrow the widest ones in turn until every column shows:
    at the smallest window no column falls off the right edge, and the longest texts give
    way first (a cut text ends in "…", the whole of it in the tooltip of its cell)."""
    header = table.horizontalHeader()
    # Measured from the rows on screen only: the board's barriers can be many, and this runs
    # again at every resize, on the UI thread.
    header.setResizeContentsPrecision(FIT_PRECISION_ROWS)
    table.resizeColumnsToContents()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    widths = {c: min(header.sectionSize(c) + 12, widest) for c in shown}
    floor = table.fontMetrics().horizontalAdvance("MMMMM")
    widths = level_widths(widths, table.viewport().width(), floor)
    for column, width in widths.items():
        header.resizeSection(column, width)


class _Fitted(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and isinstance(watched, QTableView):
            # After the table's own handling: its viewport has its new width only then.
            QTimer.singleShot(0, self, lambda: fit_columns(watched))
        return False


def keep_fitted(table: QTableView) -> None:
    """fit_columns again whenever the table changes width (short tables only: it measures
    every row)."""
    table.installEventFilter(_Fitted(table))


def clear_layout(layout: QLayout) -> None:
    """Remove and delete everything in a layout, nested rows included."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()  # gone from the screen now, not when the event loop deletes it
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)

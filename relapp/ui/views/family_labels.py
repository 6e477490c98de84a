"""How a family reads in the lists: its status, and what its check-ins say."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from relapp.services.families import FamilyRow
from relapp.ui.formatting import number, short_date


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

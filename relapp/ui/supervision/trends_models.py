"""The rows of the caseload trends tab: the team's check-in alerts, and the families with their
latest scores, filtered by what the supervisor picks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication

from relapp.domain.definitions import Instrument
from relapp.services.caseload import Caseload, CaseloadAlert, CaseloadFamily
from relapp.ui.checkin_form import respondent_label
from relapp.ui.formatting import alert_colour, format_day, number
from relapp.ui.models import SORT_ROLE, Column, RowsModel

_SUFFIXES = (" relationship check-in", " check-in", " self-check")


def short_title(instrument: Instrument) -> str:
    """'Practitioner–family' for a column header; the full title goes in its tooltip."""
    for suffix in _SUFFIXES:
        if instrument.title.endswith(suffix):
            return instrument.title[: -len(suffix)]
    return instrument.title


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaseloadTrendsTab", text)


class AlertsModel(RowsModel):
    """Alerts; what happened in the alert red (the words say it too)."""

    WHAT_COLUMN = 6

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if index.isValid():
            row: CaseloadAlert = self.rows[index.row()]
            if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.WHAT_COLUMN:
                return QBrush(alert_colour(QApplication.palette()))
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.sentence
        return super().data(index, role)


class FamiliesModel(RowsModel):
    """One row a family; one column an instrument with the latest score, red when below."""

    ALERTS_COLUMN = 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent)
        self.instruments: list[Instrument] = []
        self.alert_counts: dict[str, int] = {}
        self.first_instrument_column = 2

    def set_caseload(self, loaded: Caseload, columns: list[Column]) -> None:
        self.beginResetModel()
        self.instruments = loaded.instruments
        self.alert_counts = {}
        for alert in loaded.alerts:
            self.alert_counts[alert.family_id] = self.alert_counts.get(alert.family_id, 0) + 1
        self.columns = columns
        self.rows = list(loaded.families)
        self.endResetModel()

    def instrument_at(self, column: int) -> Instrument | None:
        offset = column - self.first_instrument_column
        return self.instruments[offset] if 0 <= offset < len(self.instruments) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        instrument = self.instrument_at(index.column())
        family: CaseloadFamily = self.rows[index.row()]
        if instrument is not None and role in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            point = family.latest(instrument.id)
            if point is None:
                return None
            if role == Qt.ItemDataRole.ToolTipRole:
                return _tr("{0}: {1} on {2} ({3})").format(
                    instrument.title,
                    number(point.score),
                    format_day(point.when),
                    respondent_label(point.respondent),
                )
            if below(instrument, point.score):
                return QBrush(alert_colour(QApplication.palette()))
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.column() == self.ALERTS_COLUMN
            and self.alert_counts.get(family.id)
        ):
            return QBrush(alert_colour(QApplication.palette()))
        return super().data(index, role)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        instrument = self.instrument_at(section)
        if (
            orientation == Qt.Orientation.Horizontal
            and instrument is not None
            and role == Qt.ItemDataRole.ToolTipRole
        ):
            return _tr("{0}: the latest score").format(instrument.title)
        return super().headerData(section, orientation, role)


def below(instrument: Instrument, score: float) -> bool:
    threshold = instrument.alert.threshold if instrument.alert else None
    return threshold is not None and score < threshold


class FamilyFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.practitioner = ""
        self.only_alerts = False
        self.closed_too = False
        self.setSortRole(SORT_ROLE)

    def set_filter(self, text: str, practitioner: str, only_alerts: bool, closed_too: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later; invalidateFilter is deprecated
            self.beginFilterChange()
            self._set(text, practitioner, only_alerts, closed_too)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._set(text, practitioner, only_alerts, closed_too)
            self.invalidateFilter()

    def _set(self, text: str, practitioner: str, only_alerts: bool, closed_too: bool) -> None:
        self.text, self.practitioner = text, practitioner
        self.only_alerts, self.closed_too = only_alerts, closed_too

    def filterAcceptsRow(  # noqa: N802 - Qt API
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model: FamiliesModel = self.sourceModel()  # type: ignore[assignment]
        family: CaseloadFamily = model.rows[source_row]
        if not self.closed_too and family.status != "active":
            return False
        if self.practitioner and family.practitioner_id != self.practitioner:
            return False
        if self.only_alerts and not model.alert_counts.get(family.id):
            return False
        return family.matches(self.text)

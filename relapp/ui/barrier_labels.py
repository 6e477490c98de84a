"""How barriers and change tests read on screen: their statuses, impact, linked visits, and the
choice of category; shared with the supervisor's barriers board."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox

from relapp.services.barriers import VisitLink
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when, mode_label

NEW_PREFIX = "new:"


NEW_BARRIER = {"status": "open", "impact": "medium"}


NEW_CHANGE_TEST = {"status": "planned"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("BarriersPage", text)


def status_label(status: str) -> str:
    tr = QCoreApplication.translate
    return {
        "open": tr("BarriersPage", "Open"),
        "being_addressed": tr("BarriersPage", "Being addressed"),
        "resolved": tr("BarriersPage", "Resolved"),
        "planned": tr("BarriersPage", "Planned"),
        "running": tr("BarriersPage", "Running"),
        "studying": tr("BarriersPage", "Studying the results"),
        "adopted": tr("BarriersPage", "Adopted"),
        "adapted": tr("BarriersPage", "Adapted"),
        "abandoned": tr("BarriersPage", "Abandoned"),
    }.get(status, status)


def impact_label(impact: str) -> str:
    tr = QCoreApplication.translate
    return {
        "low": tr("BarriersPage", "Low"),
        "medium": tr("BarriersPage", "Medium"),
        "high": tr("BarriersPage", "High"),
    }.get(impact, impact or "–")


def visit_text(visit: VisitLink) -> str:
    if visit.missing:
        return _tr("A visit that was deleted or cannot be read")
    parts = [format_when(visit.when), visit.family_name, mode_label(visit.mode)]
    return " · ".join(p for p in parts if p)


def category_combo(ctx: AppContext, name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    # Long category names must not force the form wider than the window.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(18)
    combo.setPlaceholderText(_tr("Choose what kind of barrier…"))
    for category in ctx.require_session().definitions.barrier_categories:
        combo.addItem(category.title, category.id)
        combo.setItemData(combo.count() - 1, category.description, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(-1)
    return combo

"""What a draft reflection is about, above its text: the template, the family and visit, and a
title to find it again."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from relapp.domain.definitions import Template
from relapp.services.errors import Record
from relapp.ui.reflection_status import visit_label
from relapp.ui.widgets import paragraph


class ReflectionDetails(QWidget):
    """Template, family, visit and title, as a form; the visits offered are the family's."""

    def __init__(
        self,
        templates: Mapping[str, Template],
        families: Mapping[str, Record],
        visits: Mapping[str, Record],
    ) -> None:
        super().__init__()
        self.visits = visits
        form = self.form_layout = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName(self.tr("Template"))
        for template in sorted(templates.values(), key=lambda t: t.title):
            self.template_combo.addItem(template.title, template.id)
        self.template_note = paragraph("", muted=True)
        self.template_field = QWidget()
        template_column = QVBoxLayout(self.template_field)
        template_column.setContentsMargins(0, 0, 0, 4)
        template_column.setSpacing(4)
        template_column.addWidget(self.template_combo)
        template_column.addWidget(self.template_note)
        form.addRow(self.tr("&Template"), self.template_field)
        self.family_combo = QComboBox()
        self.family_combo.setAccessibleName(self.tr("Family"))
        self.family_combo.addItem(self.tr("No family (a general reflection)"), "")
        for family in sorted(families.values(), key=lambda f: f.data["display_name"]):
            self.family_combo.addItem(family.data["display_name"], family.id)
        form.addRow(self.tr("&Family"), self.family_combo)
        self.visit_combo = QComboBox()
        self.visit_combo.setAccessibleName(self.tr("Visit"))
        form.addRow(self.tr("&Visit"), self.visit_combo)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(200)
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setPlaceholderText(self.tr("Optional: a few words to find it again"))
        form.addRow(self.tr("T&itle"), self.title_edit)

    def fill_visits(self, selected: str) -> None:
        """Offer the chosen family's visits, newest first, and select `selected`."""
        family_id = self.family_combo.currentData() or ""
        self.visit_combo.clear()
        self.visit_combo.addItem(self.tr("Not about one visit"), "")
        visits = [v for v in self.visits.values() if v.data.get("family_id") == family_id]
        visits.sort(key=lambda v: v.data["when"], reverse=True)
        for visit in visits:
            self.visit_combo.addItem(visit_label(visit), visit.id)
        self.visit_combo.setCurrentIndex(max(self.visit_combo.findData(selected), 0))
        self.visit_combo.setEnabled(bool(family_id))

    def show_template_row(self, shown: bool) -> None:
        self.form_layout.setRowVisible(self.template_field, shown)

    def allow_template_change(self, allowed: bool) -> None:
        """The template may change only while nothing is written in it yet: disabled, saying
        why, once text exists."""
        if allowed != self.template_combo.isEnabled():
            self.template_combo.setEnabled(allowed)
            self.template_combo.setToolTip(
                "" if allowed else self.tr("Clear the text to change the template.")
            )

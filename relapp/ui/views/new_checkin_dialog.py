"""Starting a check-in: which family, which questionnaire, who answers."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import Instrument
from relapp.services.families import FamilyChoice
from relapp.ui.checkin_form import respondent_choice_label
from relapp.ui.kit.forms import fill_choices, long_choices
from relapp.ui.widgets import heading, paragraph

DEFAULT_INSTRUMENT = "practitioner-family"


class NewCheckinDialog(QDialog):
    """Choose the family, the instrument and who answers; the form comes next."""

    def __init__(
        self,
        instruments: list[Instrument],
        families: list[FamilyChoice],
        self_id: str,
        *,
        family_id: str = "",
        family_fixed: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New check-in"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 84)
        self.instruments = instruments
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("New check-in"), 1.3))
        form = QFormLayout()
        self.family = QComboBox()
        self.family.setAccessibleName(self.tr("Family"))
        long_choices(self.family, 32)
        closed = self.tr("{0} (closed)")
        fill_choices(
            self.family,
            [
                *(
                    (c.display_name if c.status == "active" else closed.format(c.display_name),
                     c.id)
                    for c in families
                ),
                (self.tr("Myself (self-check)"), self_id),
            ],
            keep=family_id,
        )  # fmt: skip
        self.family.setEnabled(not family_fixed)
        self.instrument = QComboBox()
        self.instrument.setAccessibleName(self.tr("Check-in"))
        for instrument in instruments:
            self.instrument.addItem(instrument.title, instrument.id)
        default = self.instrument.findData(DEFAULT_INSTRUMENT)
        self.instrument.setCurrentIndex(max(default, 0))
        self.respondent = QComboBox()
        self.respondent.setAccessibleName(self.tr("Who is answering"))
        self.about = paragraph("", muted=True)
        self.about.setMaximumWidth(520)
        for text, field in (
            (self.tr("&Family"), self.family),
            (self.tr("&Check-in"), self.instrument),
            (self.tr("&Who is answering"), self.respondent),
        ):
            buddy = QLabel(text)
            buddy.setBuddy(field)
            form.addRow(buddy, field)
        layout.addLayout(form)
        layout.addWidget(self.about)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Start"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.instrument.currentIndexChanged.connect(self._instrument_changed)
        self._instrument_changed()

    def chosen_instrument(self) -> Instrument:
        return self.instruments[self.instrument.currentIndex()]

    def _instrument_changed(self) -> None:
        instrument = self.chosen_instrument()
        self.respondent.clear()
        for who in instrument.respondents:
            self.respondent.addItem(respondent_choice_label(who), who)
        self.about.setText(instrument.description)

    def choice(self) -> tuple[str, str, Instrument, str]:
        """(family id, family name, instrument, respondent)."""
        return (
            str(self.family.currentData()),
            self.family.currentText(),
            self.chosen_instrument(),
            str(self.respondent.currentData()),
        )

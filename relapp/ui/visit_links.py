"""What follows a visit, beside its form: its reflection and check-ins (each with Open), and
the ways to write the next one or record a barrier, which save the visit first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from relapp.services.families import VisitLinks
from relapp.ui.formatting import clear_layout, number, reflection_state_label
from relapp.ui.widgets import paragraph


class VisitLinksBox(QGroupBox):
    """ "After the visit": `open_page(page, id)` opens a linked record; `then_open(page)` saves
    the visit and opens a new reflection, check-in or barrier for it."""

    def __init__(
        self,
        open_page: Callable[[str, str], object],
        then_open: Callable[[str], None],
    ) -> None:
        super().__init__(self.tr("After the visit"))
        self._open_page, self._then_open = open_page, then_open
        self.setAccessibleName(self.tr("After the visit"))
        self.links_layout = QVBoxLayout(self)
        self.links_layout.setSpacing(8)
        self.open_buttons: list[QPushButton] = []
        self.write_reflection_button: QPushButton | None = None
        self.checkin_button: QPushButton | None = None
        self.barrier_button: QPushButton | None = None

    def _link_button(self, text: str, name: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(action)
        return button

    def show_links(self, links: VisitLinks | None, saved: bool) -> None:
        """Show what follows `links`; `saved` is False for a visit not saved yet."""
        clear_layout(self.links_layout)
        add = self.links_layout.addWidget
        self.open_buttons = []
        self.write_reflection_button = None
        add(QLabel(self.tr("<b>Reflection</b>")))
        if links and links.reflections:
            for reflection in links.reflections:
                state = reflection_state_label(reflection.status)
                text = f"{reflection.title} — {state}"
                button = self._link_button(
                    self.tr("Open"),
                    self.tr("Open reflection: {0}").format(text),
                    lambda _=False, rid=reflection.id: self._open_page("reflections", rid),
                )
                self._link_row(text, button)
        else:
            add(paragraph(self.tr("No reflection for this visit yet."), muted=True))
            self.write_reflection_button = self._link_button(
                self.tr("Write &reflection"),
                self.tr("Write a reflection on this visit"),
                lambda: self._then_open("reflections"),
            )
            add(self.write_reflection_button)
        add(QLabel(self.tr("<b>Check-ins</b>")))
        if links and links.checkins:
            for checkin in links.checkins:
                who = {"practitioner": self.tr("you"), "parent": self.tr("a parent")}.get(
                    checkin.respondent, self.tr("someone else")
                )
                score = "" if checkin.score is None else " " + number(checkin.score)
                text = self.tr("{0}, by {1}:{2}").format(checkin.instrument_title, who, score)
                if checkin.below_threshold:
                    text += self.tr(" — below the alert threshold")
                button = self._link_button(
                    self.tr("Open"),
                    self.tr("Open check-in: {0}").format(text),
                    lambda _=False, cid=checkin.id: self._open_page("checkins", cid),
                )
                self._link_row(text, button)
        else:
            add(paragraph(self.tr("No check-ins for this visit yet."), muted=True))
        self.checkin_button = self._link_button(
            self.tr("New &check-in"),
            self.tr("Start a check-in for this visit"),
            lambda: self._then_open("checkins"),
        )
        add(self.checkin_button)
        add(QLabel(self.tr("<b>System barriers</b>")))
        add(
            paragraph(
                self.tr("Did something outside the family get in the way of this visit?"),
                muted=True,
            )
        )
        self.barrier_button = self._link_button(
            self.tr("Record a &barrier…"),
            self.tr("Record a barrier noticed on this visit"),
            lambda: self._then_open("barriers"),
        )
        add(self.barrier_button)
        if not saved:
            add(paragraph(self.tr("These save the visit first."), muted=True))

    def _link_row(self, text: str, button: QPushButton) -> None:
        row = QHBoxLayout()
        row.addWidget(paragraph(text), 1)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.links_layout.addLayout(row)
        self.open_buttons.append(button)

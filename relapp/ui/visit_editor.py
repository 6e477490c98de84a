"""The visit form: family, when, how long, where, who was there and why; with links to the
visit's reflection, check-ins and barriers. Shown by the Visits page (and reached from a
family's timeline).

Saves are explicit (Save, Ctrl+S) and also happen when leaving the form and before a lock, so
nothing typed is lost.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.records import VISIT_MODES
from relapp.services import unfinished
from relapp.services.errors import RecordNotFound
from relapp.services.families import FamilyChoice, VisitLinks, family_choices, load_visit
from relapp.ui.context import AppContext
from relapp.ui.formatting import (
    format_when,
    from_qdatetime,
    mode_label,
    qdatetime,
)
from relapp.ui.kept_form import KeptForm
from relapp.ui.kit.dialogs import confirm_discard, say
from relapp.ui.kit.forms import fill_choices, long_choices
from relapp.ui.kit.lifetime import while_alive
from relapp.ui.people_present import PeoplePresent
from relapp.ui.visit_links import VisitLinksBox
from relapp.ui.widgets import MessageLine, heading, paragraph

if TYPE_CHECKING:
    from relapp.services.errors import Record


# ---- how visits read on screen (used by the Families and Visits pages too) -------------------


def _time_format() -> str:
    return QLocale.system().timeFormat(QLocale.FormatType.ShortFormat)


def _default_start() -> datetime:
    """Now, rounded down to the quarter hour: most visits are recorded soon after."""
    now = datetime.now().replace(second=0, microsecond=0)
    return now - timedelta(minutes=now.minute % 15)


# ---- the form --------------------------------------------------------------------------------


class VisitEditor(QWidget):
    saved = Signal(str)  # the visit's id
    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.visit_id = ""
        self.version = 0  # 0 until the visit is first saved
        self.extra: dict[str, Any] = {}
        self.links: VisitLinks | None = None
        self.choices: list[FamilyChoice] = []
        self._loading = False
        self._edits = 0  # bumped by every change; a save records which edit it covers
        self._saved_edits = 0
        self._saving = False
        self._pending_present: list[str] = []
        self._generation = 0
        # What the form shows is kept as it is typed, valid or not (relapp.ui.kept_form).
        self.kept = KeptForm(ctx, "visit", self._kept_state, self)
        self._build()

    # ---- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← &Back to visits"))
        self.back_button.setFlat(True)
        self.back_button.setAccessibleName(self.tr("Back to the list of visits"))
        self.back_button.setToolTip(self.tr("Saves this visit and goes back (Esc)"))
        self.back_button.clicked.connect(self.go_back)
        top.addWidget(self.back_button)
        top.addStretch(1)

        self.title = heading(self.tr("New visit"), 1.4)
        self.subtitle = paragraph("", muted=True)

        form_box = QWidget()
        form = QFormLayout(form_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.family = QComboBox()
        self.family.setAccessibleName(self.tr("Family"))
        long_choices(self.family, 32)
        self.family.currentIndexChanged.connect(self._family_changed)
        form.addRow(self.tr("&Family"), self.family)

        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy, " + _time_format())
        self.when.setAccessibleName(self.tr("Date and time"))
        self.when.dateTimeChanged.connect(self._changed)
        form.addRow(self.tr("&Date and time"), self.when)

        self.duration = QSpinBox()
        self.duration.setRange(0, 600)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(self.tr(" minutes"))
        self.duration.setAccessibleName(self.tr("Duration in minutes"))
        self.duration.valueChanged.connect(self._changed)
        form.addRow(self.tr("D&uration"), self.duration)

        self.mode = QComboBox()
        for mode in VISIT_MODES:
            self.mode.addItem(mode_label(mode), mode)
        self.mode.setAccessibleName(self.tr("Where the visit happened"))
        self.mode.currentIndexChanged.connect(self._changed)
        form.addRow(self.tr("&Mode"), self.mode)

        self.people = PeoplePresent()
        self.present, self.others = self.people.present, self.people.others
        self.present.itemChanged.connect(self._changed)
        self.others.textEdited.connect(self._changed)
        form.addRow(self.tr("&People present"), self.people)

        self.purpose = QPlainTextEdit()
        self.purpose.setAccessibleName(self.tr("Purpose of the visit"))
        self.purpose.setPlaceholderText(self.tr("What the visit was for"))
        self.purpose.setTabChangesFocus(True)
        self.purpose.setMinimumHeight(90)
        self.purpose.textChanged.connect(self._changed)
        form.addRow(self.tr("P&urpose"), self.purpose)

        self.message = MessageLine()
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save visit"))
        self.save_button.setAccessibleName(self.tr("Save visit"))
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        buttons.addWidget(self.save_button)
        self.discard_button = QPushButton(self.tr("D&iscard…"))
        self.discard_button.setAccessibleName(self.tr("Discard this unsaved visit"))
        self.discard_button.setToolTip(self.tr("Let go of this visit: it was never saved"))
        self.discard_button.clicked.connect(self.discard)
        self.discard_button.hide()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)

        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(form_box)
        left.addWidget(self.message)
        left.addLayout(buttons)
        left.addStretch(1)

        self.links_box = VisitLinksBox(
            lambda page, record_id: self.ctx.open_page(page, record_id), self._then_open
        )

        body = QHBoxLayout()
        body.setSpacing(24)
        body.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(self.links_box)
        right.addStretch(1)
        body.addLayout(right, 2)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 12, 24, 20)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(body, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setAccessibleName(self.tr("Visit form"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.go_back)
        self._show_links()

    # ---- state -------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._edits != self._saved_edits

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self._edits += 1
            self.message.clear_message()
            self.kept.changed()
            self.discard_button.setVisible(self.version == 0)

    def _kept_state(self) -> tuple[str, str, dict[str, Any]] | None:
        """What an unsaved form holds, for relapp.ui.kept_form (an empty dict: nothing)."""
        if not self.visit_id or not self.dirty:
            return None
        family_id = self.family.currentData() or ""
        purpose = self.purpose.toPlainText()
        names = self.present_names()
        if self.version == 0 and not (family_id or purpose.strip() or names):
            return self.visit_id, "", {}  # nothing typed into a new visit: nothing to keep
        when = from_qdatetime(self.when.dateTime()).replace(second=0, microsecond=0)
        return (
            self.visit_id,
            family_id,
            {
                "family_id": family_id,
                "when": when.isoformat(timespec="minutes"),
                "duration_minutes": self.duration.value(),
                "mode": self.mode.currentData(),
                "present": names,
                "purpose": purpose,
                "cursor": self.purpose.textCursor().position(),
                "version": self.version,
            },
        )

    def _apply_kept(self, kept: dict[str, Any]) -> None:
        """Put back what was kept (after the record, if any, is on screen)."""
        self._loading = True
        try:
            when = datetime.fromisoformat(str(kept.get("when") or ""))
        except ValueError:
            when = _default_start()
        self.when.setDateTime(qdatetime(when))
        self.duration.setValue(int(kept.get("duration_minutes") or 0))
        self.mode.setCurrentIndex(max(self.mode.findData(kept.get("mode", "home")), 0))
        self.purpose.setPlainText(str(kept.get("purpose") or ""))
        cursor = self.purpose.textCursor()
        cursor.setPosition(min(int(kept.get("cursor") or 0), len(self.purpose.toPlainText())))
        self.purpose.setTextCursor(cursor)
        self._pending_present = [str(p) for p in kept.get("present") or []]
        self._loading = False
        self._select_family(str(kept.get("family_id") or ""))
        self._edits = self._saved_edits + 1  # not saved as the visit yet
        self.discard_button.setVisible(self.version == 0)
        self.message.show_info(
            self.tr("This is what you were typing before; it is not saved as the visit yet.")
        )

    def _records(self):  # noqa: ANN202 - RecordService
        return self.ctx.require_session().records

    def _load_choices(self, then: Callable[[], None]) -> None:
        if self.ctx.session is None:
            return
        records = self._records()
        generation = self._generation

        def done(choices: list[FamilyChoice]) -> None:
            if generation != self._generation:
                return
            self.choices = choices
            self._fill_families()
            then()

        self.ctx.runner.read(
            lambda _t: family_choices(records),
            while_alive(self, done),
            while_alive(self, self._failed),
        )

    def _fill_families(self) -> None:
        self._loading = True
        closed = self.tr(" — closed")
        fill_choices(
            self.family,
            [
                (self.tr("Choose a family…"), ""),
                *(
                    (f"{c.display_name} ({c.reference})" + ("" if c.status == "active" else closed),
                     c.id)
                    for c in self.choices
                ),
            ],
        )  # fmt: skip
        self._loading = False

    def _select_family(self, family_id: str) -> None:
        self._loading = True
        index = self.family.findData(family_id)
        self.family.setCurrentIndex(max(index, 0))
        self._loading = False
        self._fill_members()

    def _family_changed(self, _index: int) -> None:
        if self._loading:
            return
        self._pending_present = self.present_names()
        self._fill_members()
        self._changed()

    def _fill_members(self) -> None:
        family_id = self.family.currentData() or ""
        choice = next((c for c in self.choices if c.id == family_id), None)
        was_loading, self._loading = self._loading, True
        self.people.fill(choice.members if choice else (), self._pending_present, bool(choice))
        self._loading = was_loading

    def present_names(self) -> list[str]:
        return self.people.names()

    # ---- opening -----------------------------------------------------------------------------

    def start_new(self, family_id: str = "") -> None:
        """An empty form for a new visit (its id is chosen now, so saving twice never makes two
        visits)."""
        self._generation += 1
        self.visit_id = str(uuid.uuid4())
        self.version = 0
        self.extra = {}
        self.links = None
        self._loading = True
        self.title.setText(self.tr("New visit"))
        self.title.setAccessibleName(self.title.text())
        self.subtitle.setText(self.tr("Fill in what you can; you can come back to it later."))
        self.when.setDateTime(qdatetime(_default_start()))
        self.duration.setValue(60)
        self.mode.setCurrentIndex(0)
        self.purpose.setPlainText("")
        self.others.clear()
        self._pending_present = []
        self._loading = False
        self._edits = self._saved_edits = 0
        self.discard_button.hide()
        self.message.clear_message()
        self._show_links()
        self._load_choices(lambda: self._select_family(family_id))
        self.family.setFocus()

    def load(self, visit_id: str) -> None:
        self._generation += 1
        generation = self._generation
        records = self._records()
        self.message.show_info(self.tr("Opening the visit…"))

        def work(_task: object) -> tuple[Record | None, VisitLinks | None, dict | None]:
            kept = unfinished.load(records, "visit", visit_id)
            try:
                record, links = load_visit(records, visit_id)
            except RecordNotFound:
                if kept is None:
                    raise
                return None, None, kept  # a visit never saved, kept as it was typed
            return record, links, kept

        def done(result: tuple[Record | None, VisitLinks | None, dict | None]) -> None:
            if generation != self._generation:
                return
            record, links, kept = result
            if record is None or links is None:
                self._load_choices(lambda: self._show_kept_new(visit_id, kept or {}))
                return

            def show() -> None:
                self._show_record(record, links)
                if kept:
                    self._apply_kept(kept)

            self._load_choices(show)

        self.ctx.runner.read(work, while_alive(self, done), while_alive(self, self._failed))

    def _show_kept_new(self, visit_id: str, kept: dict[str, Any]) -> None:
        self.visit_id, self.version = visit_id, 0
        self.extra, self.links = {}, None
        self.title.setText(self.tr("New visit"))
        self.title.setAccessibleName(self.title.text())
        self.subtitle.setText(self.tr("Fill in what you can; you can come back to it later."))
        self._show_links()
        self._apply_kept(kept)
        self.purpose.setFocus()

    def _show_record(self, record: Record, links: VisitLinks) -> None:
        data = record.data
        self.visit_id, self.version = record.id, record.version
        known = {"family_id", "when", "duration_minutes", "mode", "present", "purpose"}
        self.extra = {k: v for k, v in data.items() if k not in known}
        self.links = links
        self._loading = True
        when = datetime.fromisoformat(data["when"]) if data.get("when") else _default_start()
        if when.tzinfo is not None:
            when = when.astimezone().replace(tzinfo=None)
        self.when.setDateTime(qdatetime(when))
        self.duration.setValue(int(data.get("duration_minutes") or 0))
        self.mode.setCurrentIndex(max(self.mode.findData(data.get("mode", "home")), 0))
        self.purpose.setPlainText(str(data.get("purpose") or ""))
        self.purpose.moveCursor(QTextCursor.MoveOperation.End)  # ready to add to it
        self._pending_present = [str(p) for p in data.get("present") or []]
        self._loading = False
        self._select_family(str(data.get("family_id", "")))
        self._edits = self._saved_edits = 0
        self._set_heading()
        self.message.clear_message()
        self._show_links()

    def _set_heading(self) -> None:
        family = self.family.currentText() if self.family.currentIndex() > 0 else ""
        when = from_qdatetime(self.when.dateTime())
        self.title.setText(
            self.tr("{0}, {1}").format(mode_label(self.mode.currentData()), format_when(when))
        )
        self.title.setAccessibleName(self.title.text())
        self.subtitle.setText(family)

    def refresh_links(self) -> None:
        """Reload the reflection and check-in links (after coming back from those pages)."""
        if not self.version or self.ctx.session is None:
            return
        records = self._records()
        visit_id, generation = self.visit_id, self._generation

        def done(result: tuple[Record, VisitLinks]) -> None:
            if generation == self._generation and visit_id == self.visit_id:
                self.links = result[1]
                self._show_links()

        self.ctx.runner.read(lambda _t: load_visit(records, visit_id), while_alive(self, done))

    def _show_links(self) -> None:
        self.links_box.show_links(self.links, saved=bool(self.version))

    def _then_open(self, page: str) -> None:
        """Open a new reflection/check-in/barrier for this visit, saving the visit first."""

        def go(visit_id: str) -> None:
            self.ctx.open_page(page, f"new:{visit_id}")

        if self.version and not self.dirty:
            go(self.visit_id)
        else:
            self.save(then=go)

    # ---- saving ------------------------------------------------------------------------------

    def collect(self) -> dict[str, Any]:
        family_id = self.family.currentData() or ""
        if not family_id:
            raise ValueError(self.tr("Choose the family this visit was with."))
        when = from_qdatetime(self.when.dateTime()).replace(second=0, microsecond=0)
        data: dict[str, Any] = {
            **self.extra,
            "family_id": family_id,
            "when": when.isoformat(timespec="minutes"),
            "duration_minutes": self.duration.value(),
            "mode": self.mode.currentData(),
            "present": self.present_names(),
            "purpose": self.purpose.toPlainText().strip(),
        }
        return data

    def save(self, then: Callable[[str], None] | None = None) -> None:
        if self._saving:
            return
        try:
            data = self.collect()
        except ValueError as exc:
            self.message.show_error(say(exc))
            self.family.setFocus()
            return
        records = self._records()
        visit_id, expected, edits = self.visit_id, self.version, self._edits
        self._saving = True
        self.save_button.setEnabled(False)

        def done(record: Record) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            if record.id == self.visit_id:
                self.version = record.version
                self._saved_edits = edits
                if edits == self._edits:  # nothing typed since: nothing left unfinished
                    self.kept.clear(record.id)
                self.discard_button.hide()
                self.message.show_info(self.tr("Saved."))
                self._set_heading()
                self._show_links()
            self.ctx.show_saved(self.tr("Visit saved"))
            self.saved.emit(record.id)
            if then is not None:
                then(record.id)

        def failed(exc: BaseException) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            self.message.show_error(say(exc))

        self.ctx.runner.write(
            lambda _t: records.save("visit", data, record_id=visit_id, expected_version=expected),
            while_alive(self, done),
            while_alive(self, failed),
        )

    def go_back(self) -> None:
        if self.dirty and self.family.currentData():
            self.save(then=lambda _id: self.back_requested.emit())
            return
        if self.dirty and self.kept.keep_now():
            # No family yet: not a visit that can be saved, but nothing typed is lost.
            self.ctx.show_saved(self.tr("Unfinished visit kept: it is listed on Today"))
        self.back_requested.emit()

    def discard(self) -> None:
        """Let go of a visit that was never saved (what is kept of it goes too)."""
        if self.version != 0:
            return
        if not confirm_discard(
            self,
            self.tr("Discard this visit?"),
            self.tr("This visit was never saved. Discard what you typed?"),
        ):
            return
        self.kept.clear(self.visit_id)
        self._edits = self._saved_edits
        self.back_requested.emit()

    def flush(self) -> None:
        """Save pending edits now, on this thread (before a lock): the last words typed win.
        A form that is not a valid visit yet (no family chosen) is kept as it is instead."""
        if not self.dirty or self.ctx.session is None:
            return
        try:
            data = self.collect()
        except ValueError:
            self.kept.keep_now()  # no family chosen: kept as typed, listed on Today
            return
        self.ctx.runner.wait_idle()
        record = self._records().save("visit", data, record_id=self.visit_id)
        self.version = record.version
        self._saved_edits = self._edits
        self.kept.clear(record.id)
        self.message.show_info(self.tr("Saved."))
        self.ctx.show_saved(self.tr("Visit saved"))
        self.saved.emit(record.id)

    def _failed(self, exc: BaseException) -> None:
        self.message.show_error(say(exc))

""" "Something in the system got in the way": the short barrier form opened from a visit."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.records import ValidationError
from relapp.services import barriers as queries
from relapp.services.barriers import VisitLink
from relapp.services.errors import Record, ServiceError
from relapp.ui.barrier_labels import category_combo, impact_label, visit_text
from relapp.ui.context import AppContext
from relapp.ui.kit.dialogs import confirm_discard, say, unsaved_words
from relapp.ui.kit.forms import form_layout, tab_chain
from relapp.ui.kit.saver import RecordSaver
from relapp.ui.widgets import MessageLine, heading, paragraph

log = logging.getLogger("relapp.ui.barriers")


class QuickBarrierForm(QWidget):
    """ "Something in the system got in the way": three questions, linked to the visit."""

    done = Signal(str)  # the new barrier's id, or "" when cancelled

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.visit: VisitLink | None = None
        self.visit_id = ""
        self.saver = RecordSaver(ctx, "barrier", None, None, self)
        self.saver.saved.connect(self._saved)
        self.saver.failed.connect(self._failed)
        self.title = heading(self.tr("Something in the system got in the way"), 1.35)
        self.about = paragraph("", muted=True)
        self.category = category_combo(ctx, self.tr("What kind of barrier"))
        self.hint = paragraph("", muted=True)
        self.category.currentIndexChanged.connect(self._show_hint)
        self.sentence = QLineEdit()
        self.sentence.setAccessibleName(self.tr("What got in the way, in one sentence"))
        self.sentence.setPlaceholderText(
            self.tr("For example: no interpreter could be booked in time")
        )
        self.sentence.returnPressed.connect(self.save)
        self.impact_group = QButtonGroup(self)
        impact_row = QHBoxLayout()
        self.impact_buttons: dict[str, QRadioButton] = {}
        for text, value in (
            (self.tr("&Low"), "low"),
            (self.tr("&Medium"), "medium"),
            (self.tr("Hi&gh"), "high"),
        ):
            button = QRadioButton(text)
            button.setAccessibleName(self.tr("Impact: {0}").format(impact_label(value)))
            self.impact_group.addButton(button)
            self.impact_buttons[value] = button
            impact_row.addWidget(button)
        impact_row.addStretch(1)
        self.impact_buttons["medium"].setChecked(True)
        self.message = MessageLine()
        self.save_button = QPushButton(self.tr("&Save barrier"))
        self.save_button.setAccessibleName(self.tr("Save barrier"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self,
            self.cancel,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

        form = form_layout()
        form.addRow(self.tr("&Kind of barrier:"), self.category)
        form.addRow("", self.hint)
        form.addRow(self.tr("&What got in the way?"), self.sentence)
        form.addRow(self.tr("How much did it matter?"), impact_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        card = QFrame()
        card.setObjectName("card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(680)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.about)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addLayout(buttons)
        note = paragraph(
            self.tr(
                "Barriers are shared with your team without family names, so that together you "
                "can see what gets in the way and try small changes. You can add more detail "
                "later on the Barriers tab."
            ),
            muted=True,
        )
        inner.addWidget(note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        tab_chain(
            self.category,
            self.sentence,
            self.impact_buttons["low"],
            self.save_button,
            self.cancel_button,
        )

    def start(self, visit_id: str) -> None:
        self.visit_id = visit_id
        self.visit = None
        if not self.saver.busy:
            self.saver.deleteLater()
        self.saver = RecordSaver(self.ctx, "barrier", None, None, self)
        self.saver.saved.connect(self._saved)
        self.saver.failed.connect(self._failed)
        self.category.setCurrentIndex(-1)
        self.sentence.clear()
        self.impact_buttons["medium"].setChecked(True)
        self.message.clear_message()
        self.save_button.setEnabled(True)
        self.about.setText(self.tr("From a visit…") if visit_id else "")
        if visit_id:
            records = self.ctx.require_session().records
            self.ctx.runner.read(
                lambda _t: queries.visit_link(records, visit_id), self._visit_loaded, owner=self
            )
        self.category.setFocus()

    def _visit_loaded(self, visit: VisitLink) -> None:
        if visit.visit_id != self.visit_id:
            return
        self.visit = None if visit.missing else visit
        self.about.setText(
            self.tr("It will be linked to the visit: {0}.").format(visit_text(visit))
            if not visit.missing
            else self.tr("The visit could not be found; the barrier will be saved on its own.")
        )

    def _show_hint(self) -> None:
        tip = self.category.currentData(Qt.ItemDataRole.ToolTipRole)
        self.hint.setText(tip or "")
        self.hint.setVisible(bool(tip))

    def impact(self) -> str:
        return next(v for v, b in self.impact_buttons.items() if b.isChecked())

    def data(self) -> dict[str, Any]:
        visit = self.visit
        if visit is None and self.visit_id:
            # The visit's details are still loading: link it anyway.
            visit = VisitLink(self.visit_id, "", "", "", "")
        return queries.quick_barrier(
            self.category.currentData() or "", self.sentence.text(), self.impact(), visit
        )

    def save(self) -> None:
        labels = {
            "category": self.tr("The kind of barrier"),
            "description": self.tr("What got in the way"),
        }
        if self.category.currentIndex() < 0:
            self.message.show_error(self.tr("Choose the kind of barrier."))
            self.category.setFocus()
            return
        if not self.sentence.text().strip():
            self.message.show_error(self.tr("Say in a sentence what got in the way."))
            self.sentence.setFocus()
            return
        try:
            data = self.ctx.require_session().records.prepare("barrier", self.data())
        except (ValidationError, ServiceError) as exc:
            self.message.show_error(say(exc, labels, otherwise=unsaved_words()))
            return
        self.save_button.setEnabled(False)
        self.saver.save(data)

    def _saved(self, record: Record, _tag: int) -> None:
        self.ctx.show_saved(self.tr("Barrier saved and linked to the visit"))
        self.done.emit(record.id)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.show_error(say(exc, {}, otherwise=unsaved_words()))

    def has_words(self) -> bool:
        return bool(self.sentence.text().strip()) and self.saver.record_id is None

    def cancel(self) -> None:
        if self.saver.busy:
            return
        if self.has_words() and not confirm_discard(
            self, self.tr("Discard this barrier?"), self.tr("What you wrote will not be saved.")
        ):
            return
        self.sentence.clear()
        self.done.emit("")

    def flush(self) -> None:
        if not self.has_words() or self.saver.busy or self.category.currentIndex() < 0:
            return
        try:
            data = self.ctx.require_session().records.prepare("barrier", self.data())
        except (ValidationError, ServiceError) as exc:
            log.warning("a quick barrier could not be saved before locking: %s", exc)
            return
        self.saver.save_now(data)

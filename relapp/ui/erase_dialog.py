"""Erasing a family (a supervisor's answer to a right-to-erasure request): a dialog that says
in plain words what will go, asks for the request's reference, a reason and the family's
reference typed again, then erases on the writer. Both the plan and the erasure run in the
background; the dialog only shows their results."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relapp.services.barriers import category_titles, first_line
from relapp.services.erasure import (
    MAX_REASON,
    MAX_REQUEST,
    ErasurePlan,
    ErasureResult,
    ask_for_erasure,
    erase_family,
    plan_family_erasure,
)
from relapp.services.profile import Session
from relapp.ui.context import AppContext
from relapp.ui.formatting import alert_colour, count, format_day
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.forms import labelled
from relapp.ui.kit.lifetime import while_alive
from relapp.ui.widgets import MessageLine, heading, paragraph


@dataclass(frozen=True)
class ErasurePreview:
    plan: ErasurePlan
    # (category, first line, day noticed) of each barrier losing its link, to be read later
    barriers: list[tuple[str, str, str]]


def load_preview(session: Session, family_id: str) -> ErasurePreview:
    """What the dialog shows; runs on a worker (it opens every record of the family)."""
    plan = plan_family_erasure(session, family_id)
    titles = category_titles(session.records)
    barriers = []
    for barrier_id in plan.unlinked:
        data = session.records.get(barrier_id).data
        category = str(data.get("category", ""))
        barriers.append(
            (
                titles.get(category, category),
                first_line(str(data.get("description", ""))),
                str(data.get("noticed_on", "")),
            )
        )
    return ErasurePreview(plan, barriers)


class EraseFamilyDialog(QDialog):
    erased = Signal(object, str)  # ErasureResult, and a sentence saying what it removed

    BARRIERS_SHOWN = 5  # more are counted, not listed: the Barriers page lists them all

    def __init__(
        self,
        ctx: AppContext,
        family_id: str,
        display_name: str,
        reference: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.family_id = family_id
        self.display_name = display_name.strip() or self.tr("This family")
        self.reference = reference.strip()
        # What the person types to confirm: the reference, or the name if it has none.
        self.confirm_text = self.reference or display_name.strip()
        self.preview: ErasurePreview | None = None
        self.erasing = False
        self.setWindowTitle(self.tr("Erase family"))
        self.setAccessibleName(self.tr("Erase family"))
        self.setMinimumWidth(560)
        self._build()
        self._load()

    def _build(self) -> None:
        self.heading = heading(self.tr("Erase this family for good?"), 1.3)
        self.summary = paragraph(self.tr("Finding everything that belongs to this family…"))
        self.summary.setAccessibleName(self.tr("What will be erased"))
        self.warning = paragraph("")
        self.warning.setTextFormat(Qt.TextFormat.RichText)
        undone = html.escape(self.tr("This cannot be undone."))
        marker = html.escape(
            self.tr(
                "A marker stays: the date, your role, the request reference and the reason — "
                "no names."
            )
        )
        self.warning.setText(f"<b>{undone}</b> {marker}")
        self.warning.setAccessibleName(self.tr("This cannot be undone"))
        red = QPalette(self.warning.palette())
        red.setColor(QPalette.ColorRole.WindowText, alert_colour(self.palette()))
        self.warning.setPalette(red)

        self.barriers_box = QGroupBox(self.tr("Barriers that lose their link"))
        self.barriers_box.setAccessibleName(self.tr("Barriers that will lose their link"))
        self.barriers_layout = QVBoxLayout(self.barriers_box)
        self.barriers_layout.setSpacing(6)
        self.barrier_lines: list[QLabel] = []
        self.barriers_box.hide()

        # Labels above their fields: long labels and a narrow dialog never clip.
        self.request = QLineEdit()
        self.request.setAccessibleName(self.tr("Request reference"))
        self.request.setPlaceholderText(self.tr("e.g. SAR-2026-014"))
        self.request.setMaxLength(MAX_REQUEST)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reason (do not name anyone)"))
        self.reason.setPlaceholderText(self.tr("e.g. Right to erasure, agreed with the DPO"))
        self.reason.setMaxLength(MAX_REASON)
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName(self.tr("Type {0} to confirm").format(self.confirm_text))
        what = (
            self.tr("To confirm, &type the family's reference, {0}")
            if self.reference
            else self.tr("To confirm, &type the family's name, {0}")
        )
        confirm_row = labelled(
            what.format(f"<b>{html.escape(self.confirm_text)}</b>"), self.confirm
        )
        self.confirm_label = confirm_row.itemAt(0).widget()
        self.confirm_label.setTextFormat(Qt.TextFormat.RichText)
        self.confirm_label.setWordWrap(True)
        fields = QVBoxLayout()
        fields.setSpacing(12)
        fields.addLayout(labelled(self.tr("Request &reference"), self.request))
        fields.addLayout(labelled(self.tr("Reason (do not &name anyone)"), self.reason))
        fields.addLayout(confirm_row)

        self.message = MessageLine()
        self.buttons = QDialogButtonBox()
        self.erase_button = QPushButton(self.tr("&Erase family"))
        self.erase_button.setAccessibleName(self.tr("Erase the family for good"))
        self.erase_button.setEnabled(False)
        # Red words on a destructive button, as desktops mark one; greyed while disabled.
        red_text = alert_colour(self.palette()).name()
        self.erase_button.setStyleSheet(f"QPushButton:enabled {{ color: {red_text}; }}")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        # Enter never erases: only a deliberate press of the button does.
        for button in (self.erase_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.erase_button.clicked.connect(self.erase)
        self.buttons.rejected.connect(self.reject)

        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(24, 20, 24, 20)
        self.outer.setSpacing(12)
        self.outer.addWidget(self.heading)
        self.outer.addWidget(self.summary)
        self.outer.addWidget(self.warning)
        self.outer.addWidget(self.barriers_box)
        self.outer.addSpacing(4)
        self.outer.addLayout(fields)
        self.outer.addWidget(self.message)
        self.outer.addStretch(1)
        self.outer.addWidget(self.buttons)

        for field in (self.request, self.reason, self.confirm):
            field.textChanged.connect(self._changed)
        self.request.setFocus()

    # ---- the plan ------------------------------------------------------------------------

    def _load(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        family_id = self.family_id
        self.ctx.runner.read(
            lambda _t: load_preview(session, family_id),
            while_alive(self, self.show_preview),
            while_alive(self, self._load_failed),
        )

    def show_preview(self, preview: ErasurePreview) -> None:
        self.preview = preview
        plan = preview.plan
        name = plan.family_name.strip() or self.display_name
        if self.reference:
            name = self.tr("{0} ({1})").format(name, self.reference)
        goes = self.what_goes(plan)
        self.summary.setText(
            self.tr("{0} and everything that belongs to it will be erased: {1}.").format(name, goes)
            if goes
            else self.tr("{0} will be erased. Nothing else is recorded for it.").format(name)
        )
        if preview.barriers:
            self._show_barriers(preview.barriers)
        self._changed()
        self._grow_to_fit()

    def _show_barriers(self, barriers: list[tuple[str, str, str]]) -> None:
        many = len(barriers) > 1
        note = paragraph(
            self.tr(
                "These barriers keep their words but lose their link to this family's visits. "
                "Their words may name the family: read them on the Barriers page afterwards "
                "and edit any that do."
            )
            if many
            else self.tr(
                "This barrier keeps its words but loses its link to this family's visits. Its "
                "words may name the family: read it on the Barriers page afterwards and edit "
                "it if it does."
            )
        )
        self.barriers_layout.addWidget(note)
        for category, words, noticed in barriers[: self.BARRIERS_SHOWN]:
            line = " — ".join(part for part in (category, words) if part)
            day = format_day(noticed)
            label = paragraph(
                "• " + (self.tr("{0} (noticed {1})").format(line, day) if day else line)
            )
            label.setContentsMargins(8, 0, 0, 0)
            self.barriers_layout.addWidget(label)
            self.barrier_lines.append(label)
        hidden = len(barriers) - self.BARRIERS_SHOWN
        if hidden > 0:
            self.barriers_layout.addWidget(
                paragraph(self.tr("…and {0} more.").format(count(hidden)), muted=True)
            )
        self.barriers_box.show()

    def what_goes(self, plan: ErasurePlan) -> str:
        """'12 visits, 30 check-ins, 9 reflections (submitted ones too) and …', or ''."""
        counts = plan.counts()
        words = {
            "visit": (self.tr("1 visit"), self.tr("{0} visits")),
            "checkin": (self.tr("1 check-in"), self.tr("{0} check-ins")),
            "reflection": (
                self.tr("1 reflection (even if submitted)"),
                self.tr("{0} reflections (submitted ones too)"),
            ),
            "feedback": (self.tr("1 feedback note"), self.tr("{0} feedback notes")),
            "agreement": (
                self.tr("the family's agreement record (every version)"),
                self.tr("{0} agreement records (every version)"),
            ),
            "unsent_text": (
                self.tr("1 piece of writing not sent yet"),
                self.tr("{0} pieces of writing not sent yet"),
            ),
        }
        parts = []
        for kind, (one, many) in words.items():
            n = counts.get(kind, 0)
            if n:
                parts.append(one if n == 1 else many.format(count(n)))
        others = sum(n for kind, n in counts.items() if kind not in words and kind != "family")
        if others:
            parts.append(
                self.tr("1 other record")
                if others == 1
                else self.tr("{0} other records").format(count(others))
            )
        if len(parts) < 2:
            return "".join(parts)
        return self.tr("{0} and {1}").format(", ".join(parts[:-1]), parts[-1])

    def _load_failed(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("Relapp could not find what belongs to this family."))
        self.message.show_error(say(exc))
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """Wrapped text must never be cut off: grow to the height the text now needs."""
        width = max(self.width(), self.minimumWidth())
        self.resize(width, max(self.height(), self.outer.heightForWidth(width)))

    # ---- confirming ----------------------------------------------------------------------

    def ready(self) -> bool:
        typed = self.confirm.text().strip().casefold()
        return (
            self.preview is not None
            and not self.erasing
            and bool(self.request.text().strip())
            and bool(self.reason.text().strip())
            and bool(self.confirm_text)
            and typed == self.confirm_text.casefold()
        )

    def _changed(self, *_args: object) -> None:
        if not self.erasing:
            self.message.clear_message()
        self.erase_button.setEnabled(self.ready())

    def erase(self) -> None:
        session = self.ctx.session
        if session is None or not self.ready():
            return
        family_id, reason, request = self.family_id, self.reason.text(), self.request.text()
        self.erasing = True
        self._set_busy(True)
        self.message.show_info(self.tr("Erasing…"))
        self.ctx.runner.write(
            lambda _t: erase_family(session, family_id, reason=reason, request=request),
            while_alive(self, self._erased),
            while_alive(self, self._failed),
        )

    def _set_busy(self, busy: bool) -> None:
        for field in (self.request, self.reason, self.confirm):
            field.setReadOnly(busy)
        self.cancel_button.setEnabled(not busy)
        self.erase_button.setEnabled(not busy and self.ready())

    def _erased(self, result: ErasureResult) -> None:
        self.erasing = False
        self.erased.emit(result, self.done_text(result))
        self.accept()

    def done_text(self, result: ErasureResult) -> str:
        erased = len(result.erased)
        text = (
            self.tr("The family was erased. 1 record removed.")
            if erased == 1
            else self.tr("The family was erased. {0} records removed.").format(count(erased))
        )
        unlinked = len(result.plan.unlinked)
        if unlinked == 1:
            text += " " + self.tr(
                "1 barrier lost its link to the family: read it on the Barriers page."
            )
        elif unlinked:
            text += " " + self.tr(
                "{0} barriers lost their link to the family: read them on the Barriers page."
            ).format(count(unlinked))
        return text

    def _failed(self, exc: BaseException) -> None:
        self.erasing = False
        self._set_busy(False)  # what was typed stays, to correct and try again
        self.message.show_error(say(exc))
        self._grow_to_fit()

    def reject(self) -> None:
        if self.erasing:  # the erasure cannot be stopped half-way; wait for its result
            return
        super().reject()


class AskErasureDialog(QDialog):
    """A practitioner asks the team's supervisors to erase a family: the request's reference
    and a reason (without names). Nothing is erased here; the request is saved on the writer
    and reaches the supervisors' queue with the next sync."""

    asked = Signal(str)  # the request's id

    def __init__(
        self,
        ctx: AppContext,
        family_id: str,
        display_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.family_id = family_id
        self.sending = False
        self.setWindowTitle(self.tr("Ask for erasure"))
        self.setAccessibleName(self.tr("Ask for erasure"))
        self.setMinimumWidth(520)
        name = display_name.strip() or self.tr("this family")
        self.heading = heading(self.tr("Ask your supervisors to erase {0}").format(name), 1.3)
        self.summary = paragraph(
            self.tr(
                "A supervisor checks the request and erases the family and everything that "
                "belongs to it on every laptop of the team, or declines it with a reason you "
                "will see. Nothing is erased until then."
            )
        )
        self.request = QLineEdit()
        self.request.setAccessibleName(self.tr("Request reference"))
        self.request.setPlaceholderText(self.tr("e.g. SAR-2026-014"))
        self.request.setMaxLength(MAX_REQUEST)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reason (do not name anyone)"))
        self.reason.setPlaceholderText(self.tr("e.g. The family asked for their records to go"))
        self.reason.setMaxLength(MAX_REASON)
        fields = QVBoxLayout()
        fields.setSpacing(12)
        fields.addLayout(labelled(self.tr("Request &reference"), self.request))
        fields.addLayout(labelled(self.tr("Reason (do not &name anyone)"), self.reason))
        self.message = MessageLine()
        self.buttons = QDialogButtonBox()
        self.send_button = QPushButton(self.tr("&Send to supervisors"))
        self.send_button.setAccessibleName(self.tr("Send the erasure request to supervisors"))
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.clicked.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(24, 20, 24, 20)
        self.outer.setSpacing(12)
        self.outer.addWidget(self.heading)
        self.outer.addWidget(self.summary)
        self.outer.addLayout(fields)
        self.outer.addWidget(self.message)
        self.outer.addStretch(1)
        self.outer.addWidget(self.buttons)
        for field in (self.request, self.reason):
            field.textChanged.connect(lambda _t: self.message.clear_message())
        self.request.setFocus()

    def send(self) -> None:
        session = self.ctx.session
        if session is None or self.sending:
            return
        request, reason = self.request.text(), self.reason.text()
        # Said at once and nothing saved: the same sentences the service would give.
        if not request.strip():
            self.message.show_error(
                self.tr("Give the reference of the erasure request (for example SAR-2026-014).")
            )
            self.request.setFocus()
            return
        if not reason.strip():
            self.message.show_error(
                self.tr("Say why the family should be erased, without naming anyone.")
            )
            self.reason.setFocus()
            return
        family_id = self.family_id
        self.sending = True
        self._set_busy(True)
        self.message.show_info(self.tr("Saving the request…"))
        self.ctx.runner.write(
            lambda _t: ask_for_erasure(session, family_id, reason=reason, request=request),
            while_alive(self, self._sent),
            while_alive(self, self._failed),
        )

    def _set_busy(self, busy: bool) -> None:
        for field in (self.request, self.reason):
            field.setReadOnly(busy)
        self.send_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)

    def _sent(self, request_id: str) -> None:
        self.sending = False
        self.asked.emit(request_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.sending = False
        self._set_busy(False)
        self.message.show_error(say(exc))

    def reject(self) -> None:
        if self.sending:
            return
        super().reject()

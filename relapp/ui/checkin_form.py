"""The check-in form, generated from an instrument definition, and the pieces that the check-in
screens share: one rating row per item, the alert box, and how dates and scores are shown."""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import Instrument
from relapp.services.agreements import (
    FamilyAgreement,
    HandoverCheck,
    family_agreement,
    handover_check,
)
from relapp.services.checkins import new_checkin_data, save_checkin
from relapp.services.errors import Record
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_when
from relapp.ui.kept_form import KeptForm
from relapp.ui.kit import dialogs
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.lifetime import is_alive, while_alive
from relapp.ui.scale_row import ALERT_RED, ScaleRow
from relapp.ui.unsent_words import UnsentWords
from relapp.ui.widgets import MessageLine, heading, paragraph


def _tr(text: str) -> str:
    return QCoreApplication.translate("Checkins", text)


def respondent_label(respondent: str) -> str:
    return {
        "practitioner": _tr("Practitioner"),
        "parent": _tr("Parent"),
        "other": _tr("Someone else"),
    }.get(respondent, respondent)


def respondent_choice_label(respondent: str) -> str:
    return {
        "practitioner": _tr("Me (the practitioner)"),
        "parent": _tr("A parent"),
        "other": _tr("Someone else"),
    }.get(respondent, respondent)


def format_score(instrument: Instrument | None, score: float | None) -> str:
    if score is None:
        return ""
    decimals = 0 if instrument is not None and instrument.scoring == "sum" else 1
    return QLocale().toString(float(score), "f", decimals)


def score_sentence(instrument: Instrument, score: float) -> str:
    """ "Score 3.4 of 5" (mean scoring) or "Score 21 of 30" (sum scoring)."""
    high = instrument.score_range[1]
    top = QLocale().toString(int(high)) if high.is_integer() else format_score(instrument, high)
    return _tr("Score {0} of {1}").format(format_score(instrument, score), top)


class AlertBox(QFrame):
    """A red-bordered box with a warning icon and words, for a check-in that raised an alert."""

    ADVICE = "Consider talking this through with your supervisor."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertBox")
        self.setStyleSheet(
            f"QFrame#alertBox {{ border: 2px solid {ALERT_RED}; border-radius: 6px; }}"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 10, 12, 10)
        row.setSpacing(12)
        icon = QLabel()
        size = self.fontMetrics().height() * 2
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(icon)
        column = QVBoxLayout()
        column.setSpacing(4)
        self.title = QLabel(self.tr("Alert"))
        font = QFont(self.title.font())
        font.setWeight(QFont.Weight.Bold)
        self.title.setFont(font)
        self.title.setStyleSheet(f"color: {ALERT_RED};")
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice = QLabel(self.tr(self.ADVICE))
        self.advice.setWordWrap(True)
        column.addWidget(self.title)
        column.addWidget(self.sentence)
        column.addWidget(self.advice)
        row.addLayout(column, 1)
        self.setAccessibleName(self.tr("Alert"))
        self.hide()

    def show_alert(self, sentence: str) -> None:
        self.sentence.setText(sentence)
        self.setAccessibleDescription(f"{sentence} {self.advice.text()}")
        self.show()

    def text(self) -> str:
        return f"{self.title.text()}: {self.sentence.text()} {self.advice.text()}"


class CheckinForm(QWidget):
    """A new check-in on one instrument for one family, filled in by the practitioner.

    Saves through the write queue; when the saved check-in raises an alert it is shown here.
    Choosing "A parent" offers hand-over mode, where the parent answers on their own.
    """

    saved = QtSignal(object, object)  # Record, alert sentence or None
    closed = QtSignal()

    def __init__(
        self,
        ctx: AppContext,
        instrument: Instrument,
        family_id: str,
        visit_id: str | None = None,
        respondent: str = "practitioner",
        *,
        family_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.instrument = instrument
        self.family_id = family_id
        self.visit_id = visit_id
        self.record: Record | None = None
        self.alert: str | None = None
        self.agreement_dialog: QWidget | None = None
        self._saving = False
        self._discarded = False
        if respondent not in instrument.respondents:
            respondent = instrument.respondents[0]

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(12)
        outer.addWidget(heading(instrument.title, 1.35))
        description = paragraph(instrument.description, muted=True)
        outer.addWidget(description)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        if family_name:
            family_label = QLabel(family_name)
            family_label.setAccessibleName(self.tr("Family"))
            form.addRow(self.tr("Family"), family_label)
        self.respondent = QComboBox()
        self.respondent.setAccessibleName(self.tr("Who is answering"))
        for who in instrument.respondents:
            self.respondent.addItem(respondent_choice_label(who), who)
        self.respondent.setCurrentIndex(instrument.respondents.index(respondent))
        answering = QLabel(self.tr("&Who is answering"))
        answering.setBuddy(self.respondent)
        form.addRow(answering, self.respondent)
        outer.addLayout(form)

        self.handover_box = QFrame()
        self.handover_box.setObjectName("handoverOffer")
        self.handover_box.setFrameShape(QFrame.Shape.StyledPanel)
        offer = QHBoxLayout(self.handover_box)
        offer.setContentsMargins(12, 8, 12, 8)
        offer.addWidget(
            paragraph(
                self.tr(
                    "A parent can answer these questions on this laptop themselves, in large "
                    "print, without seeing anything else. When they finish, Relapp locks."
                )
            ),
            1,
        )
        self.handover_button = QPushButton(self.tr("&Hand the laptop to the parent…"))
        self.handover_button.setAccessibleName(self.tr("Hand the laptop to the parent"))
        self.handover_button.clicked.connect(self.start_handover)
        offer.addWidget(self.handover_button)
        outer.addWidget(self.handover_box)

        body = QWidget()
        items = QVBoxLayout(body)
        items.setContentsMargins(0, 0, 12, 0)
        items.setSpacing(18)
        self.rows: list[ScaleRow] = []
        for index, item in enumerate(instrument.items, start=1):
            row = ScaleRow(
                instrument.scale,
                f"{index}. {item.wording(respondent)}",
            )
            row.changed.connect(self._answers_changed)
            self.rows.append(row)
            items.addWidget(row)
        comment_label = QLabel(self.tr("&Comment (optional)"))
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName(self.tr("Comment"))
        self.comment.setTabChangesFocus(True)
        self.comment.setPlaceholderText(
            self.tr("Anything that helps make sense of these answers later.")
        )
        self.comment.setFixedHeight(self.comment.fontMetrics().lineSpacing() * 4 + 16)
        comment_label.setBuddy(self.comment)
        comment_box = QVBoxLayout()
        comment_box.setSpacing(4)
        comment_box.addWidget(comment_label)
        comment_box.addWidget(self.comment)
        items.addLayout(comment_box)
        items.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.alert_box = AlertBox()
        outer.addWidget(self.alert_box)
        self.message = MessageLine()
        outer.addWidget(self.message)
        footer = QHBoxLayout()
        self.score_label = QLabel()
        self.score_label.setAccessibleName(self.tr("Score"))
        score_font = QFont(self.score_label.font())
        score_font.setWeight(QFont.Weight.DemiBold)
        self.score_label.setFont(score_font)
        footer.addWidget(self.score_label, 1)
        self.close_button = QPushButton(self.tr("&Cancel"))
        self.close_button.setAccessibleName(self.tr("Cancel this check-in"))
        self.close_button.clicked.connect(self.request_close)
        footer.addWidget(self.close_button)
        self.save_button = QPushButton(self.tr("&Save check-in"))
        self.save_button.setAccessibleName(self.tr("Save check-in"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        footer.addWidget(self.save_button)
        outer.addLayout(footer)

        self.respondent.currentIndexChanged.connect(self._respondent_changed)
        self._respondent_changed()
        self._restoring = True
        self._answers_changed()
        # Answers not saved yet are kept as they are chosen (relapp.ui.kept_form): a lock, a
        # crash or a kill loses none, and Today lists the check-in as unfinished.
        self.kept = KeptForm(ctx, "checkin", self._kept_state, self)
        self._unsent = UnsentWords(ctx, "checkin")  # where an earlier Relapp kept them
        self._restore_unfinished()
        self._restoring = False
        self.comment.textChanged.connect(self._kept_changed)
        self.respondent.currentIndexChanged.connect(self._kept_changed)
        # Whether the family agreed to check-ins, read now so handing over does not wait.
        self.handover_check: HandoverCheck | None = None
        session = ctx.session
        if session is not None:
            ctx.runner.read(
                lambda _t: handover_check(session, family_id),
                while_alive(self, lambda check: setattr(self, "handover_check", check)),
                while_alive(self, lambda _exc: None),
            )
        # Tab order follows creation: who answers, hand-over, the items top to bottom (one stop
        # each, see ScaleRow), the comment, then Cancel and Save.

    # ---- state -----------------------------------------------------------------------------

    def current_respondent(self) -> str:
        return str(self.respondent.currentData())

    def scores(self) -> dict[str, int]:
        return {
            item.id: value
            for item, row in zip(self.instrument.items, self.rows, strict=True)
            if (value := row.value()) is not None
        }

    def is_complete(self) -> bool:
        return len(self.scores()) == len(self.instrument.items)

    def has_answers(self) -> bool:
        return bool(self.scores()) or bool(self.comment.toPlainText().strip())

    def data(self) -> dict:
        return new_checkin_data(
            self.instrument,
            self.family_id,
            self.current_respondent(),
            self.scores(),
            visit_id=self.visit_id,
            comment=self.comment.toPlainText(),
        )

    def _respondent_changed(self) -> None:
        who = self.current_respondent()
        for index, (item, row) in enumerate(
            zip(self.instrument.items, self.rows, strict=True), start=1
        ):
            row.set_wording(f"{index}. {item.wording(who)}")
        self.handover_box.setVisible(who == "parent" and self.record is None)

    def _kept_changed(self, *_args: object) -> None:
        if not self._restoring and self.record is None and not self._discarded:
            self.kept.changed()

    def kept_key(self) -> str:
        """This form's place among the unfinished ones: the instrument, family and visit."""
        return f"{self.instrument.id}~{self.family_id}~{self.visit_id or ''}"

    def _kept_state(self) -> tuple[str, str, dict] | None:
        if self.record is not None or self._discarded:
            return None
        if not self.has_answers():
            return self.kept_key(), self.family_id, {}
        return (
            self.kept_key(),
            self.family_id,
            {
                "instrument": self.instrument.id,
                "family_id": self.family_id,
                "visit_id": self.visit_id or "",
                "respondent": self.current_respondent(),
                "scores": self.scores(),
                "comment": self.comment.toPlainText(),
                "answered": len(self.scores()),
                "items": len(self.instrument.items),
            },
        )

    def _answers_changed(self, _value: int | None = None) -> None:
        if not getattr(self, "_restoring", True):
            self._kept_changed()
        answered = len(self.scores())
        total = len(self.instrument.items)
        if answered == total:
            score = self.instrument.score(self.scores())
            self.score_label.setText(score_sentence(self.instrument, score))
        else:
            self.score_label.setText(
                self.tr(
                    "{0} of {1} answered: the score shows when every item has an answer."
                ).format(answered, total)
            )
        self.save_button.setEnabled(answered == total and self.record is None and not self._saving)

    # ---- saving ------------------------------------------------------------------------------

    def save(self) -> None:
        if self.record is not None or self._saving or not self.is_complete():
            return
        session = self.ctx.session
        if session is None:
            return
        data = self.data()
        records = session.records
        self._saving = True
        self.save_button.setEnabled(False)
        self.message.show_info(self.tr("Saving…"))
        self.ctx.runner.write(lambda _t: save_checkin(records, data), self._saved, self._failed)

    def flush(self) -> None:
        """Before a lock: a complete check-in that was not saved yet is saved now (one record,
        on this thread, so nothing is lost). An incomplete one is not a valid check-in yet:
        its answers are kept as unsent words and come back when this check-in is started
        again."""
        if self._discarded or self.record is not None or self._saving:
            return
        session = self.ctx.session
        if session is None:
            return
        if self.is_complete():
            self._saved(save_checkin(session.records, self.data()))
        elif self.has_answers():
            self.kept.keep_now()

    def _unsent_key(self) -> str:
        return f"{self.family_id}:{self.visit_id or ''}:{self.instrument.id}"

    def _restore_unfinished(self) -> None:
        unfinished = self.kept.load(self.kept_key())
        if unfinished is None:  # kept by an earlier Relapp as unsent words
            try:
                unfinished = json.loads(self._unsent.load(self._unsent_key()) or "null")
            except ValueError:
                unfinished = None
            if isinstance(unfinished, dict):
                self._unsent.keep(self._unsent_key(), "")
        if not isinstance(unfinished, dict):
            return
        index = self.respondent.findData(unfinished.get("respondent"))
        if index >= 0:
            self.respondent.setCurrentIndex(index)
        for item, row in zip(self.instrument.items, self.rows, strict=True):
            value = unfinished.get("scores", {}).get(item.id)
            if isinstance(value, int):
                row.set_value(value)
        self.comment.setPlainText(str(unfinished.get("comment", "")))
        self._answers_changed()
        self.message.show_info(self.tr("Your unfinished answers from before are back."))

    def _saved(self, result: tuple[Record, str | None]) -> None:
        if not is_alive(self):
            return
        record, alert = result
        self._saving = False
        self.record, self.alert = record, alert
        self.kept.clear(self.kept_key())
        for row in self.rows:
            row.set_read_only(True)
        self.respondent.setEnabled(False)
        self.comment.setReadOnly(True)
        self.handover_box.hide()
        self.save_button.hide()
        self.close_button.setText(self.tr("&Back to check-ins"))
        self.close_button.setAccessibleName(self.tr("Back to check-ins"))
        self.message.show_info(
            self.tr("Saved {0}.").format(format_when(record.data.get("when", "")))
        )
        if alert:
            self.alert_box.show_alert(alert)
        self.close_button.setFocus()
        self.ctx.show_saved(self.tr("Check-in saved"))
        self.saved.emit(record, alert)

    def _failed(self, exc: BaseException) -> None:
        if not is_alive(self):
            return
        self._saving = False
        self._answers_changed()
        self.message.show_error(self.tr("The check-in could not be saved: {0}").format(say(exc)))

    # ---- leaving -------------------------------------------------------------------------------

    def request_close(self) -> None:
        if (
            self.record is None
            and self.has_answers()
            and not self._confirm(
                self.tr("Discard this check-in?"),
                self.tr("The answers you have chosen will not be kept."),
                self.tr("Discard"),
            )
        ):
            return
        self._discarded = True
        self.kept.clear(self.kept_key())
        self.closed.emit()

    def start_handover(self) -> None:
        from relapp.ui.handover import HandoverForm

        session = self.ctx.session
        if session is None:
            return
        check = self.handover_check or handover_check(session, self.family_id)
        text = self.tr(
            "Relapp will first tell the parent, in plain words, who will see their answers, why "
            "and for how long; then show only these questions, in large print, with the "
            "parent's wording. Nothing else in Relapp can be reached until you type your "
            "passphrase again."
        )
        if self.has_answers():
            text += " " + self.tr("The answers already chosen on this form are not kept.")
        if check.checkins_agreed:
            answer = dialogs.confirm(
                self, self.tr("Hand the laptop to the parent?"), text, self.tr("Hand over")
            )
        else:
            text = (
                self.tr(
                    "Relapp has no record that this family agreed to complete check-ins. Ask "
                    "them first, and record their agreement on the family's page, or hand over "
                    "anyway if they have agreed and it is not recorded yet."
                )
                + "\n\n"
                + text
            )
            answer = dialogs.confirm(
                self,
                self.tr("No agreement to check-ins recorded"),
                text,
                self.tr("Hand over anyway"),
                self.tr("Record agreement first…"),
            )
            if answer is None:
                self._record_agreement_first()
                return
        if not answer:
            return
        self._discarded = True
        self.kept.clear(self.kept_key())
        form = HandoverForm(
            self.ctx, self.instrument, self.family_id, self.visit_id, notice=check.notice
        )
        self.ctx.handover_requested.emit(form)

    def _record_agreement_first(self) -> None:
        """The family's agreement dialog, over this form; once saved, handing over is asked
        again (now without the warning when check-ins were agreed)."""
        from relapp.ui.agreement import AgreementDialog

        session = self.ctx.session
        if session is None:
            return

        def checked(check: HandoverCheck) -> None:
            self.handover_check = check
            self.start_handover()

        def saved() -> None:
            self.ctx.runner.read(
                lambda _t: handover_check(session, self.family_id),
                while_alive(self, checked),
                while_alive(self, self._failed),
            )

        def opened(agreement: FamilyAgreement) -> None:
            dialog = AgreementDialog(self.ctx, agreement, "agree", self)
            dialog.checkins.setChecked(True)
            dialog.saved.connect(saved)
            self.agreement_dialog = dialog
            dialog.open()

        self.ctx.runner.read(
            lambda _t: family_agreement(session, self.family_id),
            while_alive(self, opened),
            while_alive(self, self._failed),
        )

    def _confirm(self, title: str, text: str, yes: str) -> bool:
        return bool(dialogs.confirm(self, title, text, yes))

"""A family's agreement on the family's page: the current state in one sentence, its history, and
the dialog that records an agreement, a change or a withdrawal (each a new version)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relapp.services.agreements import (
    AgreementInput,
    AgreementVersion,
    FamilyAgreement,
    family_agreement,
    save_agreement,
    split_names,
)
from relapp.ui.context import AppContext
from relapp.ui.formatting import clear_layout, format_day, format_when
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.lifetime import while_alive
from relapp.ui.widgets import MessageLine, heading, paragraph

HISTORY_SHOWN = 6  # earlier versions listed on the page; the export lists them all


def _names(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return QCoreApplication.translate("Agreement", "{0} and {1}").format(
        ", ".join(names[:-1]), names[-1]
    )


def state_sentence(agreement: FamilyAgreement) -> str:
    """ "Agreed on 3 Mar 2026 with Grace Okafor: working with the service, check-ins; sharing
    with health visitor" / "Withdrawn on …" / "No agreement recorded"."""
    if agreement.current is None:
        return QCoreApplication.translate("Agreement", "No agreement recorded")
    return version_sentence(agreement.current)


def version_sentence(version: AgreementVersion) -> str:
    day = (
        format_day(version.when)
        if version.when
        else QCoreApplication.translate("Agreement", "an unknown day")
    )
    people = _names(version.agreed_by) or QCoreApplication.translate("Agreement", "the family")
    if version.status == "withdrawn":
        return QCoreApplication.translate("Agreement", "Withdrawn on {0} by {1}").format(
            day, people
        )
    agreed = []
    if version.working_with_service:
        agreed.append(QCoreApplication.translate("Agreement", "working with the service"))
    if version.checkins:
        agreed.append(QCoreApplication.translate("Agreement", "check-ins"))
    text = QCoreApplication.translate("Agreement", "Agreed on {0} with {1}: {2}").format(
        day,
        people,
        ", ".join(agreed)
        or QCoreApplication.translate("Agreement", "no work with the service or check-ins"),
    )
    if version.sharing_with:
        text += QCoreApplication.translate("Agreement", "; sharing with {0}").format(
            ", ".join(version.sharing_with)
        )
    return text


class AgreementBox(QGroupBox):
    """The family's agreement on its page, with the actions that record a new version."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("Agreement", "Agreement"), parent)
        self.ctx = ctx
        self.family_id = ""
        self.agreement: FamilyAgreement | None = None
        self.dialog: AgreementDialog | None = None
        self._generation = 0
        self.setAccessibleName(QCoreApplication.translate("Agreement", "The family's agreement"))

        self.state = paragraph(QCoreApplication.translate("Agreement", "Reading the agreement…"))
        self.state.setObjectName("agreementState")
        self.state.setAccessibleName(QCoreApplication.translate("Agreement", "Agreement now"))
        font = self.state.font()
        font.setWeight(font.Weight.DemiBold)
        self.state.setFont(font)
        self.details = paragraph("", muted=True)
        self.details.setAccessibleName(
            QCoreApplication.translate("Agreement", "Who explained and recorded it")
        )
        self.explained = paragraph("")
        self.explained.setAccessibleName(
            QCoreApplication.translate("Agreement", "What was explained")
        )
        self.history_layout = QVBoxLayout()
        self.history_layout.setSpacing(2)
        self.message = MessageLine()

        self.record_button = QPushButton(
            QCoreApplication.translate("Agreement", "&Record agreement…")
        )
        self.record_button.clicked.connect(lambda: self.open_dialog("agree"))
        self.withdraw_button = QPushButton(
            QCoreApplication.translate("Agreement", "Record &withdrawal…")
        )
        self.withdraw_button.setAccessibleName(
            QCoreApplication.translate("Agreement", "Record that the family withdrew agreement")
        )
        self.withdraw_button.setToolTip(
            QCoreApplication.translate(
                "Agreement",
                "The family no longer agrees: record the withdrawal (earlier versions stay)",
            )
        )
        self.withdraw_button.clicked.connect(lambda: self.open_dialog("withdraw"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.state)
        layout.addWidget(self.details)
        layout.addWidget(self.explained)
        layout.addLayout(self.history_layout)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        self.record_button.setEnabled(on)
        self.withdraw_button.setEnabled(on and self.agreement is not None and self._agreed())

    def _agreed(self) -> bool:
        return self.agreement is not None and self.agreement.state == "agreed"

    # ---- loading ---------------------------------------------------------------------------

    def load(self, family_id: str) -> None:
        if family_id != self.family_id:
            self.family_id, self.agreement = family_id, None
            self.state.setText(QCoreApplication.translate("Agreement", "Reading the agreement…"))
            self.details.clear()
            self.explained.hide()
            clear_layout(self.history_layout)
            self._enable(False)
        session = self.ctx.session
        if session is None or not family_id:
            return
        self._generation += 1
        generation = self._generation

        def done(agreement: FamilyAgreement) -> None:
            if generation == self._generation and agreement.family_id == self.family_id:
                self.show_agreement(agreement)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.message.show_error(say(exc))

        self.ctx.runner.read(
            lambda _t: family_agreement(session, family_id),
            while_alive(self, done),
            while_alive(self, failed),
        )

    def forget(self) -> None:
        self._generation += 1
        self.family_id, self.agreement = "", None
        self._enable(False)

    def show_agreement(self, agreement: FamilyAgreement) -> None:
        self.agreement = agreement
        self.message.clear_message()
        self.state.setText(state_sentence(agreement))
        current = agreement.current
        explained = ""
        if current is None:
            details = QCoreApplication.translate(
                "Agreement",
                "Record what you explained to the family and what they agreed to: working "
                "with the service, completing check-ins, sharing with named partners.",
            )
        else:
            when = format_when(current.recorded_at)
            if current.explained_by in ("", current.recorded_by):
                details = QCoreApplication.translate(
                    "Agreement", "Explained and recorded by {0} on {1}."
                ).format(current.recorded_by, when)
            else:
                details = QCoreApplication.translate(
                    "Agreement", "Explained by {0}; recorded by {1} on {2}."
                ).format(current.explained_by, current.recorded_by, when)
            if current.explained.strip():
                explained = QCoreApplication.translate(
                    "Agreement", "What was explained: {0}"
                ).format(current.explained.strip())
        self.details.setText(details)
        self.explained.setText(explained)
        self.explained.setVisible(bool(explained))
        clear_layout(self.history_layout)
        earlier = list(reversed(agreement.history[:-1]))
        if earlier:
            self.history_layout.addWidget(
                paragraph(QCoreApplication.translate("Agreement", "Before:"), muted=True)
            )
        for version in earlier[:HISTORY_SHOWN]:
            line = paragraph(
                QCoreApplication.translate("Agreement", "{0} (recorded {1})").format(
                    version_sentence(version), format_day(version.recorded_at)
                ),
                muted=True,
            )
            line.setAccessibleName(
                QCoreApplication.translate("Agreement", "An earlier version of the agreement")
            )
            self.history_layout.addWidget(line)
        if len(earlier) > HISTORY_SHOWN:
            more = len(earlier) - HISTORY_SHOWN
            self.history_layout.addWidget(
                paragraph(
                    QCoreApplication.translate(
                        "Agreement", "…and {0} earlier (all in the subject access export)."
                    ).format(more)
                )
            )
        if current is None:
            self.record_button.setText(
                QCoreApplication.translate("Agreement", "&Record agreement…")
            )
            self.record_button.setAccessibleName(
                QCoreApplication.translate("Agreement", "Record the family's agreement")
            )
        elif current.status == "withdrawn":
            self.record_button.setText(
                QCoreApplication.translate("Agreement", "&Record new agreement…")
            )
            self.record_button.setAccessibleName(
                QCoreApplication.translate("Agreement", "Record a new agreement from the family")
            )
        else:
            self.record_button.setText(
                QCoreApplication.translate("Agreement", "&Change agreement…")
            )
            self.record_button.setAccessibleName(
                QCoreApplication.translate("Agreement", "Change what the family agreed to")
            )
        self._enable(True)

    # ---- recording -------------------------------------------------------------------------

    def open_dialog(self, mode: str) -> None:
        if self.agreement is None or self.ctx.session is None:
            return
        self.dialog = AgreementDialog(self.ctx, self.agreement, mode, self)
        self.dialog.saved.connect(lambda: self.load(self.family_id))
        self.dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog.open()


class AgreementDialog(QDialog):
    """Records an agreement (or a change to it) or its withdrawal: one new version."""

    saved = Signal()

    def __init__(
        self, ctx: AppContext, agreement: FamilyAgreement, mode: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.agreement = agreement
        self.mode = mode
        self._saving = False
        withdrawing = mode == "withdraw"
        current = agreement.current if agreement.state == "agreed" else None
        title = (
            QCoreApplication.translate("Agreement", "Agreement withdrawn: {0}")
            if withdrawing
            else QCoreApplication.translate("Agreement", "Agreement: {0}")
        ).format(agreement.family_name)
        self.setWindowTitle(title)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, 1.3))
        layout.addWidget(
            paragraph(
                QCoreApplication.translate(
                    "Agreement",
                    "Record the day the family withdrew their agreement and who told you. What "
                    "they agreed to before stays on record.",
                )
                if withdrawing
                else QCoreApplication.translate(
                    "Agreement",
                    "Record what you explained and what the family agreed to. A change is kept "
                    "as a new version: what was agreed before stays on record.",
                ),
                muted=True,
            )
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.when = QDateEdit(QDate.currentDate())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy")
        self.when.setMaximumDate(QDate.currentDate())
        self.when.setAccessibleName(
            QCoreApplication.translate("Agreement", "Withdrawn on")
            if withdrawing
            else QCoreApplication.translate("Agreement", "Agreed on")
        )
        when_label = QLabel(
            QCoreApplication.translate("Agreement", "&Withdrawn on")
            if withdrawing
            else QCoreApplication.translate("Agreement", "&Agreed on")
        )
        when_label.setBuddy(self.when)
        form.addRow(when_label, self.when)

        people = QVBoxLayout()
        people.setSpacing(2)
        self.people: list[QCheckBox] = []
        given = set(current.agreed_by) if current else set()
        for name in agreement.members:
            box = QCheckBox(name)
            box.setChecked(name in given or len(agreement.members) == 1)
            box.setAccessibleName(
                (
                    QCoreApplication.translate("Agreement", "Withdrawn by {0}")
                    if withdrawing
                    else QCoreApplication.translate("Agreement", "Agreed by {0}")
                ).format(name)
            )
            people.addWidget(box)
            self.people.append(box)
        self.someone_else = QLineEdit()
        self.someone_else.setPlaceholderText(
            QCoreApplication.translate("Agreement", "Someone else (name and role)")
            if agreement.members
            else QCoreApplication.translate("Agreement", "Name and role")
        )
        self.someone_else.setAccessibleName(
            QCoreApplication.translate("Agreement", "Someone else in the family")
        )
        listed = set(agreement.members)
        self.someone_else.setText(", ".join(n for n in sorted(given) if n not in listed))
        people.addWidget(self.someone_else)
        people_label = QLabel(
            QCoreApplication.translate("Agreement", "Withdrawn by")
            if withdrawing
            else QCoreApplication.translate("Agreement", "Agreed by")
        )
        form.addRow(people_label, people)

        self.service = QCheckBox(
            QCoreApplication.translate("Agreement", "Working with the &service (early help)")
        )
        self.checkins = QCheckBox(
            QCoreApplication.translate(
                "Agreement", "Completing &check-ins (sometimes on this laptop)"
            )
        )
        self.sharing = QLineEdit()
        self.sharing.setPlaceholderText(
            QCoreApplication.translate("Agreement", "e.g. health visitor, nursery; empty for none")
        )
        self.sharing.setAccessibleName(
            QCoreApplication.translate("Agreement", "Sharing with named partners")
        )
        if not withdrawing:
            self.service.setChecked(current.working_with_service if current else True)
            self.checkins.setChecked(current.checkins if current else False)
            self.sharing.setText(", ".join(current.sharing_with) if current else "")
            scope = QVBoxLayout()
            scope.setSpacing(2)
            scope.addWidget(self.service)
            scope.addWidget(self.checkins)
            form.addRow(QLabel(QCoreApplication.translate("Agreement", "They agreed to")), scope)
            sharing_label = QLabel(QCoreApplication.translate("Agreement", "Sharing &with"))
            sharing_label.setBuddy(self.sharing)
            form.addRow(sharing_label, self.sharing)
        self.explained = QPlainTextEdit()
        self.explained.setTabChangesFocus(True)
        self.explained.setAccessibleName(
            QCoreApplication.translate("Agreement", "Anything to note")
            if withdrawing
            else QCoreApplication.translate("Agreement", "What you explained")
        )
        self.explained.setPlaceholderText(
            QCoreApplication.translate(
                "Agreement", "Optional: what the family said, and what stops now."
            )
            if withdrawing
            else QCoreApplication.translate(
                "Agreement", "What early help is, who sees what, how long it is kept…"
            )
        )
        self.explained.setFixedHeight(self.explained.fontMetrics().lineSpacing() * 4 + 16)
        explained_label = QLabel(
            QCoreApplication.translate("Agreement", "&Note")
            if withdrawing
            else QCoreApplication.translate("Agreement", "What you e&xplained")
        )
        explained_label.setBuddy(self.explained)
        form.addRow(explained_label, self.explained)
        layout.addLayout(form)

        self.message = MessageLine()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            QCoreApplication.translate("Agreement", "Record withdrawal")
            if withdrawing
            else QCoreApplication.translate("Agreement", "Save agreement"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.save_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.people[0] if self.people else self.someone_else).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    def given(self) -> AgreementInput:
        names = [box.text() for box in self.people if box.isChecked()]
        names += split_names(self.someone_else.text())
        when = self.when.date()
        day = date(when.year(), when.month(), when.day())
        if self.mode == "withdraw":
            return AgreementInput("withdrawn", day, names, explained=self.explained.toPlainText())
        return AgreementInput(
            "agreed",
            day,
            names,
            working_with_service=self.service.isChecked(),
            checkins=self.checkins.isChecked(),
            sharing_with=split_names(self.sharing.text()),
            explained=self.explained.toPlainText(),
        )

    def save(self) -> None:
        session = self.ctx.session
        if self._saving or session is None:
            return
        given = self.given()
        family_id = self.agreement.family_id
        record_id, expected = self.agreement.record_id, self.agreement.version
        self._saving = True
        self.save_button.setEnabled(False)

        def done(_record: object) -> None:
            self._saving = False
            self.ctx.show_saved(QCoreApplication.translate("Agreement", "Agreement saved"))
            self.saved.emit()
            self.accept()

        def failed(exc: BaseException) -> None:
            self._saving = False
            self.save_button.setEnabled(True)
            self.message.show_error(say(exc))

        self.ctx.runner.write(
            lambda _t: save_agreement(
                session, family_id, given, record_id=record_id, expected_version=expected
            ),
            while_alive(self, done),
            while_alive(self, failed),
        )

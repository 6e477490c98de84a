"""Hand-over mode: one check-in, in large print and plain words, for a parent to complete on the
practitioner's laptop. First a short notice (who will see the answers, why, for how long), whose
showing is recorded; then the questions. No names, no scores, no way into the rest of the app;
when it finishes (saved or not) the main window locks, so only the practitioner's passphrase gets
back in."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import Instrument
from relapp.services.agreements import ParentNotice, record_notice_shown
from relapp.services.checkins import new_checkin_data, save_checkin
from relapp.ui.context import AppContext
from relapp.ui.kit import dialogs
from relapp.ui.kit.lifetime import is_alive
from relapp.ui.scale_row import ScaleRow
from relapp.ui.widgets import MessageLine

FONT_SCALE = 1.5
RESPONDENT = "parent"


def _large_print(base: QFont) -> str:
    """Fonts for the whole form, relative to the system font. The app's style sheet stops
    fonts set with setFont() from reaching child widgets, so this is a style sheet too."""
    size = base.pointSizeF() * FONT_SCALE
    return (
        f"QWidget {{ font-size: {size:.1f}pt; }}\n"
        f"QLabel#handoverTitle {{ font-size: {size * 1.4:.1f}pt; font-weight: 600; }}\n"
        "QLabel#handoverQuestion { font-weight: 600; }\n"
        "QLabel#noticeQuestion { font-weight: 600; }\n"
        "QPushButton#handoverDone { background: palette(highlight);"
        " color: palette(highlighted-text); border: 2px solid palette(highlight);"
        " border-radius: 10px; font-weight: 600; }\n"
        "QPushButton#handoverDone:focus { border-color: palette(text); }\n"
        "QPushButton#handoverDone:disabled { background: palette(mid);"
        " border-color: palette(mid); }\n"
    )


class HandoverForm(QWidget):
    finished = Signal()

    def __init__(
        self,
        ctx: AppContext,
        instrument: Instrument,
        family_id: str,
        visit_id: str | None,
        parent: QWidget | None = None,
        *,
        notice: ParentNotice | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handover")
        self.ctx = ctx
        self.instrument = instrument
        self.family_id = family_id
        self.visit_id = visit_id
        self.notice = notice or ParentNotice(None)
        # Filled on the write queue when the parent goes on from the notice; the check-in is
        # saved after it on the same queue, so it carries the time.
        self._notice_shown: dict[str, str] = {}
        self._saving = False
        self._done = False
        self._watched_window: QWidget | None = None
        self.setStyleSheet(_large_print(QApplication.font()))
        self.ensurePolished()

        content = QWidget()
        content.setMaximumWidth(int(self.fontMetrics().averageCharWidth() * 90))
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 24, 24, 24)
        column.setSpacing(20)
        title = QLabel(self.tr("A few questions for you"))
        title.setObjectName("handoverTitle")
        title.setWordWrap(True)
        column.addWidget(title)
        intro = QLabel(
            self.tr(
                "Your worker would like to hear how things are from your side. There are no "
                "right or wrong answers. For each sentence, choose how true it is for you."
            )
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.rows: list[ScaleRow] = []
        total = len(instrument.items)
        for index, item in enumerate(instrument.items, start=1):
            row = ScaleRow(
                instrument.scale,
                item.wording(RESPONDENT),
                large=True,
                number=self.tr("Question {0} of {1}").format(index, total),
            )
            row.changed.connect(self._answered)
            self.rows.append(row)
            column.addSpacing(16)
            column.addWidget(row)
        column.addSpacing(16)
        comment_label = QLabel(
            self.tr("Is there anything else you would like to say? (You can leave this empty.)")
        )
        comment_label.setWordWrap(True)
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName(self.tr("Anything else you would like to say"))
        self.comment.setTabChangesFocus(True)
        comment_label.setBuddy(self.comment)
        column.addWidget(comment_label)
        column.addWidget(self.comment)
        self.message = MessageLine()
        column.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        self.back_button = QPushButton(self.tr("Hand back without saving"))
        self.back_button.setAccessibleName(self.tr("Hand the laptop back without saving"))
        self.back_button.clicked.connect(self.hand_back)
        self.done_button = QPushButton(self.tr("Done"))
        self.done_button.setAccessibleName(self.tr("Done: save my answers"))
        self.done_button.clicked.connect(self.done)
        self.done_button.setObjectName("handoverDone")
        self.done_button.setDefault(True)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        column.addLayout(buttons)
        column.addStretch(1)

        centred = QWidget()
        middle = QHBoxLayout(centred)
        middle.addStretch(1)
        middle.addWidget(content, 100)
        middle.addStretch(1)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(centred)
        self.notice_page = self._build_notice()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.notice_page)
        self.pages.addWidget(self.scroller)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.setAccessibleName(self.tr("Questions for a parent"))
        for child in self.findChildren(QWidget):
            child.ensurePolished()  # so the sizes below use the large print
        for button in [b for row in self.rows for b in row.buttons.values()]:
            button.setMinimumHeight(int(button.fontMetrics().height() * 2.6))
        self.comment.setFixedHeight(self.comment.fontMetrics().lineSpacing() * 4 + 20)
        for button in (
            self.back_button,
            self.done_button,
            self.notice_back_button,
            self.continue_button,
        ):
            button.setMinimumHeight(int(button.fontMetrics().height() * 2.4))
            button.setMinimumWidth(int(button.sizeHint().width() * 1.2))
        for button in (self.done_button, self.continue_button):
            button.setMinimumWidth(button.fontMetrics().averageCharWidth() * 18)

    # ---- the notice ----------------------------------------------------------------------------

    def _build_notice(self) -> QWidget:
        """One screen, short sentences: who sees the answers, why, how long, and that answering
        is the parent's choice."""
        content = QWidget()
        content.setMaximumWidth(int(self.fontMetrics().averageCharWidth() * 90))
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 24, 24, 24)
        column.setSpacing(10)
        title = QLabel(self.tr("Before you start"))
        title.setObjectName("handoverTitle")
        title.setWordWrap(True)
        column.addWidget(title)
        years = self.notice.retention_years
        keep = (
            self.tr(
                "While we work with your family, and then for {0} years. Then they are deleted."
            ).format(years)
            if years
            else self.tr(
                "While we work with your family, and then for as long as the council's rules "
                "say. Then they are deleted."
            )
        )
        points = (
            (
                self.tr("Who will see your answers?"),
                self.tr(
                    "Your worker and the managers in their team. The council may also count "
                    "answers from many families together, with no names."
                ),
            ),
            (
                self.tr("Why do we ask?"),
                self.tr("To hear how things are for you, and to help us work well with you."),
            ),
            (self.tr("How long do we keep them?"), keep),
            (
                self.tr("Do you have to answer?"),
                self.tr("No. You can stop and give the laptop back at any time."),
            ),
        )
        self.notice_labels: list[QLabel] = []
        for question, answer in points:
            asked = QLabel(question)
            asked.setObjectName("noticeQuestion")
            asked.setWordWrap(True)
            said = QLabel(answer)
            said.setWordWrap(True)
            column.addSpacing(10)
            column.addWidget(asked)
            column.addWidget(said)
            self.notice_labels += [asked, said]
        column.addSpacing(20)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        self.notice_back_button = QPushButton(self.tr("Give the laptop back"))
        self.notice_back_button.setAccessibleName(self.tr("Give the laptop back without answering"))
        self.notice_back_button.clicked.connect(self._finish)
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setObjectName("handoverDone")
        self.continue_button.setAccessibleName(self.tr("Continue to the questions"))
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.go_on)
        buttons.addWidget(self.notice_back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        column.addLayout(buttons)
        column.addStretch(1)
        centred = QWidget()
        middle = QHBoxLayout(centred)
        middle.addStretch(1)
        middle.addWidget(content, 100)
        middle.addStretch(1)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(centred)
        scroller.setAccessibleName(self.tr("What happens to your answers"))
        return scroller

    def on_notice(self) -> bool:
        return self.pages.currentWidget() is self.notice_page

    def go_on(self) -> None:
        """The parent read the notice: record that it was shown, then the questions."""
        if not self.on_notice() or self._done:
            return
        session = self.ctx.session
        if session is not None:
            records, family_id, shown = session.records, self.family_id, self._notice_shown

            def note(_t: object) -> None:
                shown["at"] = record_notice_shown(records, family_id)

            self.ctx.runner.write(note, lambda _r: None, lambda _exc: None)
        self.pages.setCurrentWidget(self.scroller)
        if self.rows:
            self.rows[0].focus_choice()

    # ---- the window ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        window = self.window()
        if window is not self and window is not self._watched_window:
            # Closing the window while a parent has it must lock, never quit or show anything.
            window.installEventFilter(self)
            self._watched_window = window
        if self._done:
            return
        if self.on_notice():
            self.continue_button.setFocus()
        elif self.rows:
            self.rows[0].focus_choice()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        # Enter goes on from the notice, as Space does on its focused Continue button.
        if self.on_notice() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.go_on()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        closing = watched is self._watched_window and event.type() == QEvent.Type.Close
        if closing and not self._done:
            event.ignore()
            self._finish()
            return True
        return False

    # ---- answering -----------------------------------------------------------------------------

    def scores(self) -> dict[str, int]:
        return {
            item.id: value
            for item, row in zip(self.instrument.items, self.rows, strict=True)
            if (value := row.value()) is not None
        }

    def _answered(self, _value: int) -> None:
        if len(self.scores()) == len(self.rows):
            self.message.clear_message()

    def done(self) -> None:
        if self._saving or self._done:
            return
        missing = [row for row in self.rows if row.value() is None]
        for row in self.rows:
            row.set_missing(row in missing)
        if missing:
            self.message.show_error(
                self.tr(
                    "Please choose an answer for every question ({0} still to answer), or hand "
                    "the laptop back without saving."
                ).format(len(missing))
            )
            self.scroller.ensureWidgetVisible(missing[0])
            missing[0].focus_choice()
            return
        session = self.ctx.session
        if session is None:
            self._finish()
            return
        instrument, family_id, scores = self.instrument, self.family_id, self.scores()
        visit_id, comment, shown = self.visit_id, self.comment.toPlainText(), self._notice_shown
        records = session.records

        def save(_t: object) -> object:
            data = new_checkin_data(
                instrument,
                family_id,
                RESPONDENT,
                scores,
                visit_id=visit_id,
                comment=comment,
                notice_shown_at=shown.get("at", ""),
            )
            return save_checkin(records, data)

        self._saving = True
        self.done_button.setEnabled(False)
        self.back_button.setEnabled(False)
        self.message.show_info(self.tr("Saving your answers…"))
        self.ctx.runner.write(save, self._saved, self._failed)

    def _saved(self, _result: object) -> None:
        # The score and any alert are for the practitioner, who sees them after unlocking.
        if is_alive(self):
            self._saving = False
            self._finish()

    def _failed(self, _exc: BaseException) -> None:
        if not is_alive(self):
            return
        self._saving = False
        self.done_button.setEnabled(True)
        self.back_button.setEnabled(True)
        self.message.show_error(
            self.tr("Your answers could not be saved. Please hand the laptop back to your worker.")
        )

    def hand_back(self) -> None:
        if self._saving or self._done:
            return
        if dialogs.confirm(
            self,
            self.tr("Hand back without saving?"),
            self.tr("Your answers will not be kept. Give the laptop back to your worker."),
            self.tr("Hand back"),
        ):
            self._finish()

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        if self._watched_window is not None:
            self._watched_window.removeEventFilter(self)
        self.finished.emit()

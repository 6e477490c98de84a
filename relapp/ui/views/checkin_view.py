"""One check-in as it was answered, read-only, opened from the Check-ins list."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.definitions import Instrument
from relapp.services.checkins import CheckinDetail
from relapp.ui.checkin_form import AlertBox, format_score, respondent_label, score_sentence
from relapp.ui.formatting import format_when, set_up_table
from relapp.ui.models import Column, RowsModel
from relapp.ui.widgets import heading, paragraph


class CheckinView(QWidget):
    """One saved check-in, read-only: who, when, score, alert, each answer and the comment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← &Back to check-ins"))
        self.back_button.setAccessibleName(self.tr("Back to check-ins"))
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.visit_button = QPushButton(self.tr("Open the &visit"))
        top.addWidget(self.visit_button)
        layout.addLayout(top)
        self.title = heading("", 1.35)
        layout.addWidget(self.title)
        self.meta = paragraph("")
        layout.addWidget(self.meta)
        self.score = QLabel()
        self.score.setAccessibleName(self.tr("Score"))
        font = self.score.font()
        font.setBold(True)
        self.score.setFont(font)
        layout.addWidget(self.score)
        self.alert_box = AlertBox()
        layout.addWidget(self.alert_box)
        self.model = RowsModel(
            [
                Column(self.tr("Question"), lambda a: a.wording),
                Column(
                    self.tr("Answer"),
                    lambda a: "" if a.value is None else f"{a.value} – {a.label}".rstrip(" –"),
                ),
            ],
            self,
        )
        self.answers = QTableView()
        self.answers.setModel(self.model)
        set_up_table(self.answers, self.tr("Answers"))
        self.answers.setWordWrap(True)
        self.answers.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.answers.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.answers.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.answers.horizontalHeader().setStretchLastSection(False)
        layout.addWidget(self.answers)
        self.comment_title = QLabel(self.tr("Comment"))
        font = self.comment_title.font()
        font.setBold(True)
        self.comment_title.setFont(font)
        layout.addWidget(self.comment_title)
        self.comment = paragraph("")
        layout.addWidget(self.comment)
        layout.addStretch(1)
        self.visit_id: str | None = None

    def show_detail(self, detail: CheckinDetail, instrument: Instrument | None) -> None:
        row = detail.row
        self.title.setText(row.instrument_title)
        self.title.setAccessibleName(row.instrument_title)
        self.meta.setText(
            self.tr("{0} · {1} · answered by: {2}").format(
                row.family_name, format_when(row.when), respondent_label(row.respondent)
            )
        )
        if instrument is not None and row.score is not None:
            self.score.setText(score_sentence(instrument, row.score))
        else:
            self.score.setText(format_score(instrument, row.score))
        if row.alert:
            self.alert_box.show_alert(row.alert)
        else:
            self.alert_box.hide()
        self.model.set_rows(detail.answers)
        self.answers.resizeRowsToContents()
        height = self.answers.horizontalHeader().sizeHint().height()
        height += 2 * self.answers.frameWidth()
        height += sum(self.answers.rowHeight(r) for r in range(self.model.rowCount()))
        self.answers.setMaximumHeight(height)
        self.comment_title.setVisible(bool(row.comment))
        self.comment.setText(row.comment)
        self.comment.setVisible(bool(row.comment))
        self.visit_id = row.visit_id
        self.visit_button.setVisible(bool(row.visit_id))
        self.back_button.setFocus()

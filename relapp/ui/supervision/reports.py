"""Reports: the supervision pack for one practitioner (PDF), the anonymised learning report for
system leaders (PDF or HTML, with CSV tables), and CSV exports for the team's analysts.

Gathering and printing run on the write worker with progress; the buttons only ask where to
save (export_*_to does the work, so tests give a path instead of a file dialog).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relapp.services import reports
from relapp.services.sessions import Person
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_day
from relapp.ui.kit.dates import DatePeriod, py_date
from relapp.ui.kit.dialogs import documents_folder, say
from relapp.ui.tasks import Task, TaskContext
from relapp.ui.widgets import MessageLine, paragraph

log = logging.getLogger("relapp.ui.supervision.reports")

MAX_WIDTH = 900
PACK_DAYS = 28  # a pack covers the four weeks since the last supervision, by default
CSV_KINDS = (
    ("checkins", "Check-ins"),
    ("barriers", "Barriers"),
    ("change_tests", "Change tests"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportsTab", text)


def problem_text(exc: BaseException, target: Path | None = None) -> str:
    """What went wrong, in a sentence (never a traceback)."""
    if isinstance(exc, OSError):
        where = f" {target}" if target else ""
        return _tr("Could not write{0}: {1}.").format(where, exc.strerror or exc)
    return say(exc, otherwise=_tr("The report could not be made; the details are in the log file."))


class ReportsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.task: Task | None = None
        self.last_saved: Path | None = None
        self._loaded = False
        today = QDate.currentDate()

        content = QWidget()
        content.setMaximumWidth(MAX_WIDTH)  # long lines are hard to read
        column = QVBoxLayout(content)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(12)

        # -- the supervision pack
        pack = QGroupBox(self.tr("Supervision pack"))
        pack_layout = QVBoxLayout(pack)
        pack_layout.addWidget(
            paragraph(
                self.tr(
                    "One practitioner's reflections with your feedback, the check-in trends of "
                    "their families and the actions you agreed, for a period — printed on A4 "
                    "to take to supervision. It names families: keep it safe."
                ),
                muted=True,
            )
        )
        form = _form()
        self.practitioner = QComboBox()
        self.practitioner.setAccessibleName(self.tr("Practitioner"))
        self.practitioner.setMinimumContentsLength(24)
        self.pack_period = DatePeriod(today.addDays(-PACK_DAYS + 1), today, self.tr("Pack period"))
        form.addRow(self._label(self.tr("&Practitioner:"), self.practitioner), self.practitioner)
        form.addRow(self._label(self.tr("P&eriod:"), self.pack_period.start), self.pack_period)
        pack_layout.addLayout(form)
        self.pack_button = QPushButton(self.tr("Save pack as P&DF…"))
        self.pack_button.setAccessibleName(self.tr("Save the supervision pack as PDF"))
        self.pack_button.clicked.connect(self.save_pack)
        pack_layout.addLayout(self._buttons(self.pack_button))
        column.addWidget(pack)

        # -- the learning report
        learning = QGroupBox(self.tr("Learning report for system leaders"))
        learning_layout = QVBoxLayout(learning)
        learning_layout.addWidget(
            paragraph(
                self.tr(
                    "Barrier categories by month and service, outcomes of change tests and "
                    "check-in averages by month — counts only: no names, reference codes or "
                    "notes. Any count below 5 reads “fewer than 5” and cannot be worked out "
                    "from the totals. A report covers one calendar quarter that has ended, so "
                    "that no two reports can be subtracted to reveal a small number. CSV "
                    "tables are saved beside the report."
                ),
                muted=True,
            )
        )
        form = _form()
        self.learning_grouping = QComboBox()
        self.learning_grouping.setAccessibleName(self.tr("Show the figures by month or quarter"))
        self.learning_grouping.addItem(self.tr("Month"), "month")
        self.learning_grouping.addItem(self.tr("Quarter (one column)"), "quarter")
        self.learning_quarter = QComboBox()
        self.learning_quarter.setAccessibleName(self.tr("Learning report quarter"))
        self.learning_quarter.setMinimumContentsLength(14)
        self._show_periods(reports.learning_periods(None, py_date(today)))
        form.addRow(self._label(self.tr("&Quarter:"), self.learning_quarter), self.learning_quarter)
        form.addRow(
            self._label(self.tr("Figures &by:"), self.learning_grouping), self.learning_grouping
        )
        learning_layout.addLayout(form)
        # When most figures of the chosen quarter would read "fewer than 5": what would help.
        self.grouping_advice = paragraph("", muted=True)
        self.grouping_advice.setAccessibleName(self.tr("Advice on how to group the figures"))
        self.grouping_advice.hide()
        learning_layout.addWidget(self.grouping_advice)
        self.excerpts_label = QLabel(
            self.tr(
                "Change tests in the period. Tick one to include its reviewed excerpt (title, "
                "measure and outcome) — only after reading it: it must name no family or "
                "colleague."
            )
        )
        self.excerpts_label.setWordWrap(True)
        learning_layout.addWidget(self.excerpts_label)
        self.excerpts = QListWidget()
        self.excerpts.setAccessibleName(self.tr("Include reviewed excerpt of change tests"))
        self.excerpts.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        self.excerpts_label.setBuddy(self.excerpts)
        learning_layout.addWidget(self.excerpts)
        self.learning_pdf_button = QPushButton(self.tr("Save as PD&F…"))
        self.learning_pdf_button.setAccessibleName(self.tr("Save the learning report as PDF"))
        self.learning_pdf_button.clicked.connect(lambda: self.save_learning("pdf"))
        self.learning_html_button = QPushButton(self.tr("Save as &HTML…"))
        self.learning_html_button.setAccessibleName(self.tr("Save the learning report as HTML"))
        self.learning_html_button.clicked.connect(lambda: self.save_learning("html"))
        learning_layout.addLayout(
            self._buttons(self.learning_pdf_button, self.learning_html_button)
        )
        column.addWidget(learning)

        # -- CSV for analysts
        analysts = QGroupBox(self.tr("CSV for the team's analysts"))
        analysts_layout = QVBoxLayout(analysts)
        analysts_layout.addWidget(
            paragraph(
                self.tr(
                    "One row per check-in, barrier or change test. Families appear by a key "
                    "that stays the same in every export of the team, not by name or "
                    "reference code; written text is left out. The first line of each file "
                    "names its columns."
                ),
                muted=True,
            )
        )
        row = QHBoxLayout()
        self.csv_kind = QComboBox()
        self.csv_kind.setAccessibleName(self.tr("What to export"))
        for key, title in CSV_KINDS:
            self.csv_kind.addItem(self.tr(title), key)
        self.csv_button = QPushButton(self.tr("Save &CSV…"))
        self.csv_button.setAccessibleName(self.tr("Save the CSV export"))
        self.csv_button.clicked.connect(self.save_csv)
        row.addWidget(self._label(self.tr("E&xport:"), self.csv_kind))
        row.addWidget(self.csv_kind)
        row.addWidget(self.csv_button)
        row.addStretch(1)
        analysts_layout.addLayout(row)
        self.with_references = QCheckBox(
            self.tr("Add the case system's reference &codes (they identify families)")
        )
        self.with_references.setAccessibleName(
            self.tr("Add family reference codes to the check-ins export")
        )
        analysts_layout.addWidget(self.with_references)
        column.addWidget(analysts)

        # -- progress and messages
        status = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Report progress"))
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.message = MessageLine()
        self.open_button = QPushButton(self.tr("&Open the file"))
        self.open_button.setAccessibleName(self.tr("Open the saved file"))
        self.open_button.clicked.connect(self.open_saved)
        self.open_button.hide()
        status.addWidget(self.message, 1)
        status.addWidget(self.open_button)
        column.addWidget(self.progress)
        column.addLayout(status)
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(content, 1)
        row.addStretch(0)
        scroll.setWidget(holder)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.learning_quarter.currentIndexChanged.connect(self._load_choices)
        self.learning_grouping.currentIndexChanged.connect(self._load_choices)
        self.buttons = [
            self.pack_button,
            self.learning_pdf_button,
            self.learning_html_button,
            self.csv_button,
        ]
        self._update_buttons()

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    @staticmethod
    def _buttons(*buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        return row

    # ---- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        self.ctx.runner.read(
            lambda _task: reports.practitioners(session),
            self._show_practitioners,
            self._show_error,
            owner=self,
        )
        self.ctx.runner.read(
            lambda _task: reports.report_periods(session),
            self._show_periods,
            self._show_error,
            owner=self,
        )
        self._load_choices()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def _show_practitioners(self, found: tuple[list[Person], dict[str, str], str]) -> None:
        people, _names, problem = found
        current = self.practitioner.currentData()
        self.practitioner.clear()
        for person in people:
            suffix = "" if person.active else self.tr(" (no longer in the team)")
            self.practitioner.addItem(person.name + suffix, person.member_id)
        index = self.practitioner.findData(current)
        if index >= 0:
            self.practitioner.setCurrentIndex(index)
        if not people:
            self.message.show_info(
                self.tr(
                    "No practitioners yet: when practitioners join your team and sync, you can "
                    "make their supervision packs here."
                )
            )
        elif problem:
            self.message.show_info(
                self.tr("Some names could not be read ({0}).").format(problem.rstrip("."))
            )
        self._update_buttons()

    def _show_periods(self, periods: list[reports.Period]) -> None:
        current = self.learning_dates()
        self._periods = list(periods)
        self.learning_quarter.blockSignals(True)
        self.learning_quarter.clear()
        for span in self._periods:
            self.learning_quarter.addItem(reports.disclosure.quarter_label(span))
        if current in [(p.start, p.end) for p in self._periods]:
            index = [(p.start, p.end) for p in self._periods].index(current)
            self.learning_quarter.setCurrentIndex(index)
        self.learning_quarter.blockSignals(False)
        if current != self.learning_dates():
            self._load_choices()

    def learning_dates(self) -> tuple[date, date] | None:
        """The first and last day of the chosen quarter (None before any is listed)."""
        index = self.learning_quarter.currentIndex()
        periods = getattr(self, "_periods", [])
        if not 0 <= index < len(periods):
            return None
        return periods[index].start, periods[index].end

    def _load_choices(self) -> None:
        session = self.ctx.session
        dates = self.learning_dates()
        if session is None or dates is None:
            return
        start, end = dates
        grouping = str(self.learning_grouping.currentData())
        self.ctx.runner.read(
            lambda _task: reports.change_test_choices(session, start, end),
            self._show_choices,
            self._show_error,
            owner=self,
        )
        self.ctx.runner.read(
            lambda _task: reports.grouping_advice_for(session, start, end, grouping),
            self._show_advice,
            self._show_error,
            owner=self,
        )

    def _show_advice(self, advice: str) -> None:
        self.grouping_advice.setText(advice)
        self.grouping_advice.setVisible(bool(advice))

    def _show_choices(self, choices: list[reports.ChangeTestChoice]) -> None:
        ticked = set(self.included_excerpts())
        self.excerpts.clear()
        for choice in choices:
            when = (
                self.tr("started {0}").format(format_day(choice.start_date))
                if choice.start_date
                else self.tr("not started")
            )
            text = self.tr("{0} — {1} · {2}").format(choice.title, when, choice.status)
            if not choice.has_text:
                text += self.tr(" (no measure or outcome written)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = choice.id in ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.excerpts.addItem(item)
        if not choices:
            item = QListWidgetItem(self.tr("No change tests ran in this period."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.excerpts.addItem(item)

    def included_excerpts(self) -> list[str]:
        found = []
        for index in range(self.excerpts.count()):
            item = self.excerpts.item(index)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return found

    def set_excerpt_included(self, change_test_id: str, included: bool = True) -> None:
        for index in range(self.excerpts.count()):
            item = self.excerpts.item(index)
            if item.data(Qt.ItemDataRole.UserRole) == change_test_id:
                state = Qt.CheckState.Checked if included else Qt.CheckState.Unchecked
                item.setCheckState(state)

    # ---- saving ----------------------------------------------------------------------------

    def _ask_path(self, title: str, name: str, filters: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, title, str(documents_folder() / name), filters
        )
        return Path(chosen) if chosen else None

    def save_pack(self) -> None:
        start, end = self.pack_period.dates()
        name = self.practitioner.currentText()
        suggested = reports.pack_file_name_for(name, start, end)
        path = self._ask_path(
            self.tr("Save the supervision pack"), suggested, self.tr("PDF files (*.pdf)")
        )
        if path is not None:
            self.export_pack_to(path.with_suffix(".pdf") if not path.suffix else path)

    def save_learning(self, fmt: str) -> None:
        dates = self.learning_dates()
        if dates is None:
            return
        start, end = dates
        suggested = f"Learning report {start} to {end}.{fmt}"
        filters = self.tr("PDF files (*.pdf)") if fmt == "pdf" else self.tr("Web pages (*.html)")
        path = self._ask_path(self.tr("Save the learning report"), suggested, filters)
        if path is not None:
            self.export_learning_to(path if path.suffix else path.with_suffix(f".{fmt}"), fmt)

    def save_csv(self) -> None:
        kind = str(self.csv_kind.currentData())
        suggested = f"Relapp {kind.replace('_', ' ')} {date.today()}.csv"
        if self.with_references.isChecked() and kind == "checkins":
            suggested = f"Relapp {kind} with reference codes {date.today()}.csv"
        path = self._ask_path(
            self.tr("Save the CSV export"), suggested, self.tr("CSV files (*.csv)")
        )
        if path is not None:
            self.export_csv_to(path if path.suffix else path.with_suffix(".csv"), kind)

    def export_pack_to(self, path: Path) -> Task | None:
        member = self.practitioner.currentData()
        if not member:
            self.message.show_error(self.tr("Choose the practitioner the pack is about."))
            return None
        start, end = self.pack_period.dates()
        if end < start:
            self.message.show_error(self.tr("The period ends before it starts."))
            return None
        session = self.ctx.require_session()

        def work(task: TaskContext) -> str:
            from relapp.ui import pdf

            pack = reports.supervision_pack(
                session, str(member), start, end, progress=_part(task, 0, 40)
            )
            pages = pdf.write_pack_pdf(pack, path, progress=_part(task, 40, 100))
            return _tr("Saved the supervision pack for {0} ({1} pages) to {2}.").format(
                pack.practitioner, pages, path
            )

        return self._run(work, path, self.tr("Making the supervision pack…"))

    def export_learning_to(self, path: Path, fmt: str = "pdf") -> Task | None:
        dates = self.learning_dates()
        if dates is None:
            self.message.show_error(self.tr("Choose the quarter the report covers."))
            return None
        start, end = dates
        included = set(self.included_excerpts())
        session = self.ctx.require_session()

        grouping = str(self.learning_grouping.currentData())

        def work(task: TaskContext) -> str:
            report = reports.learning_report(
                session,
                start,
                end,
                include_excerpts=included,
                progress=_part(task, 0, 50),
                grouping=grouping,
            )
            if fmt == "pdf":
                from relapp.ui import pdf

                pdf.write_learning_pdf(report, path, progress=_part(task, 50, 95))
            else:
                reports.write_learning_html(report, path)
            tables = reports.write_learning_csvs(report, path)
            task.progress(100, 100)
            return _tr("Saved the learning report to {0}, with {1} CSV tables beside it.").format(
                path, len(tables)
            )

        return self._run(work, path, self.tr("Making the learning report…"))

    def export_csv_to(self, path: Path, kind: str = "checkins") -> Task | None:
        session = self.ctx.require_session()
        identifying = self.with_references.isChecked() and kind == "checkins"

        def work(task: TaskContext) -> str:
            task.progress(10, 100)
            rows = reports.write_analyst_csv(session, kind, path, with_references=identifying)
            task.progress(100, 100)
            text = _tr("Saved {0} rows to {1}.").format(rows, path)
            if identifying:
                text += " " + _tr(
                    "It holds family reference codes, which identify families: keep it in the team."
                )
            return text

        return self._run(work, path, self.tr("Writing the CSV file…"))

    def _run(self, work: Callable[[TaskContext], str], path: Path, doing: str) -> Task:
        self.message.show_info(doing)
        self.open_button.hide()
        self.progress.setValue(0)
        self.progress.show()
        task = self.ctx.runner.write(
            work,
            lambda text: self._finished(text, path),
            lambda exc: self._failed(exc, path),
            owner=self,
        )
        task.progress.connect(self._progress)
        self.task = task
        self._update_buttons()
        return task

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setValue(round(100 * done / total))

    def _finished(self, text: str, path: Path) -> None:
        self.task = None
        self.last_saved = path
        self.progress.hide()
        self.message.show_info(text)
        self.open_button.show()
        self._update_buttons()

    def _failed(self, exc: BaseException, path: Path) -> None:
        self.task = None
        self.progress.hide()
        self.message.show_error(problem_text(exc, path))
        self._update_buttons()

    def _show_error(self, exc: BaseException) -> None:
        self.message.show_error(problem_text(exc))

    def _update_buttons(self) -> None:
        busy = self.task is not None
        for button in self.buttons:
            button.setEnabled(not busy)
        self.pack_button.setEnabled(not busy and self.practitioner.count() > 0)

    def open_saved(self) -> None:
        if self.last_saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved)))


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    return form


def _part(task: TaskContext, low: int, high: int) -> Callable[[int, int], None]:
    """Report one stage's progress as its share of the whole bar (low..high of 100)."""

    def report(done: int, total: int) -> None:
        task.progress(low + (high - low) * done // max(total, 1), 100)

    return report

"""Supervision → Audit trail: who opened, exported, reported and erased what, on this laptop
and on every laptop of the team whose trail has arrived here; filtered by person, family,
action and period, a screen at a time (relapp.ui.models.PagedModel), with any laptop whose
trail was dropped, reordered or rewritten named above; and the CSV for the DPO, written on a
worker."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.services import audit_trail
from relapp.ui.context import AppContext
from relapp.ui.formatting import count, format_when, set_up_table
from relapp.ui.kit.dates import calendar_edit, py_date
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.lifetime import while_alive
from relapp.ui.models import Column, PagedModel
from relapp.ui.tasks import TaskContext
from relapp.ui.widgets import MessageLine, paragraph


def action_words(action: str) -> str:
    words = {
        "unlock": QCoreApplication.translate("AuditTrail", "Unlocked the app"),
        "unlock_after_failures": QCoreApplication.translate(
            "AuditTrail", "Unlocked after wrong passphrases"
        ),
        "open_family": QCoreApplication.translate("AuditTrail", "Opened a family"),
        "open_reflection": QCoreApplication.translate("AuditTrail", "Opened a reflection"),
        "open_checkin": QCoreApplication.translate("AuditTrail", "Opened a check-in"),
        "parent_notice_shown": QCoreApplication.translate(
            "AuditTrail", "Showed a parent the notice before a check-in"
        ),
        "export": QCoreApplication.translate("AuditTrail", "Exported everything"),
        "report": QCoreApplication.translate("AuditTrail", "Made a report"),
        "subject_access_export": QCoreApplication.translate("AuditTrail", "Subject access export"),
        "erase": QCoreApplication.translate("AuditTrail", "Erased"),
        "erasure_received": QCoreApplication.translate(
            "AuditTrail", "Applied an erasure from a supervisor"
        ),
        "erasure_request": QCoreApplication.translate("AuditTrail", "Asked for an erasure"),
        "erasure_declined": QCoreApplication.translate("AuditTrail", "Declined an erasure request"),
        "retention_run": QCoreApplication.translate("AuditTrail", "Ran the retention rule"),
        "retention_discard": QCoreApplication.translate(
            "AuditTrail", "Discarded old drafts and unsent words (retention rule)"
        ),
        "legal_hold_placed": QCoreApplication.translate("AuditTrail", "Placed a legal hold"),
        "legal_hold_lifted": QCoreApplication.translate("AuditTrail", "Lifted a legal hold"),
        "team_change": QCoreApplication.translate("AuditTrail", "Changed the team"),
    }
    return words.get(action, action)


def _source(line: audit_trail.Line) -> str:
    if line.problem:
        return QCoreApplication.translate("AuditTrail", "Problem: {0}").format(line.problem)
    if line.received:
        return QCoreApplication.translate("AuditTrail", "Received")
    return QCoreApplication.translate("AuditTrail", "This laptop")


class AuditTrailTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.task = None
        self._names: dict[str, str] = {}
        self._choices_loaded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(
            paragraph(
                self.tr(
                    "Who unlocked, opened, exported, reported and erased what: on this laptop, "
                    "and on every laptop of the team once its trail has arrived here by sync. "
                    "Ids only — never what a record says. Each laptop's entries are chained by "
                    "hash, so one dropped, reordered or changed shows below."
                ),
                muted=True,
            )
        )
        self.problems = MessageLine()
        self.problems.setObjectName("audit-problems")
        self.problems.setAccessibleName(self.tr("Problems with laptops' audit trails"))
        layout.addWidget(self.problems)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        self.person = self._combo(self.tr("Show entries of person"), self.tr("Everyone"))
        self.family = self._combo(self.tr("Show entries about family"), self.tr("All families"))
        self.action = self._combo(self.tr("Show entries of action"), self.tr("Every action"))
        for code in audit_trail.ACTION_LABELS:
            self.action.addItem(action_words(code), code)
        self.period = QComboBox()
        self.period.setAccessibleName(self.tr("Show entries from period"))
        # Days back; 0 any time, -1 between two dates.
        for label, days in (
            (self.tr("Any time"), 0),
            (self.tr("Last 7 days"), 7),
            (self.tr("Last 30 days"), 30),
            (self.tr("Last 12 months"), 365),
            (self.tr("Between these dates"), -1),
        ):
            self.period.addItem(label, days)
        today = QDate.currentDate()
        self.start = calendar_edit(today.addDays(-29), self.tr("Period: from"))
        self.end = calendar_edit(today, self.tr("Period: to"))
        dates = QHBoxLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.setSpacing(8)
        dates.addWidget(self.start)
        self.to_label = QLabel(self.tr("to"))
        dates.addWidget(self.to_label)
        dates.addWidget(self.end)
        dates.addStretch(1)
        grid.addWidget(self._label(self.tr("P&erson:"), self.person), 0, 0)
        grid.addWidget(self.person, 0, 1)
        grid.addWidget(self._label(self.tr("&Family:"), self.family), 0, 2)
        grid.addWidget(self.family, 0, 3)
        grid.addWidget(self._label(self.tr("&Action:"), self.action), 1, 0)
        grid.addWidget(self.action, 1, 1)
        grid.addWidget(self._label(self.tr("Peri&od:"), self.period), 1, 2)
        grid.addWidget(self.period, 1, 3)
        grid.addLayout(dates, 2, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        self._show_dates()
        for combo in (self.person, self.family, self.action, self.period):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.period.currentIndexChanged.connect(lambda _i: self._show_dates())
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _d: self.reload())

        row = QHBoxLayout()
        self.count_label = paragraph("", muted=True)
        row.addWidget(self.count_label, 1)
        self.export_button = QPushButton(self.tr("E&xport CSV for the DPO…"))
        self.export_button.setAccessibleName(self.tr("Export the entries shown as a CSV file"))
        self.export_button.clicked.connect(self.save_csv)
        row.addWidget(self.export_button)
        layout.addLayout(row)

        self.model = PagedModel(
            [
                Column(self.tr("When"), lambda r: format_when(r.at), sort_key="at"),
                Column(self.tr("Who"), lambda r: r.who),
                Column(self.tr("Laptop"), lambda r: "…" + r.device),
                Column(self.tr("Action"), lambda r: action_words(r.action)),
                Column(self.tr("Records"), lambda r: r.records),
                Column(self.tr("Trail"), _source),
            ],
            ctx.runner,
            (0, Qt.SortOrder.DescendingOrder),
            self,
        )
        self.model.counted.connect(self._counted)
        self.model.loaded.connect(self._rows_shown)
        self._fitted = False
        self.model.failed.connect(self._failed)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, self.tr("Audit trail entries, newest first"))
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((170, 130, 80, 190, 170)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.setRange(0, 100)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message = MessageLine()
        layout.addWidget(self.message)
        self.last_saved: Path | None = None

    # ---- building ------------------------------------------------------------------------

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setMinimumContentsLength(16)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.addItem(everything, "")
        return combo

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _show_dates(self) -> None:
        between = self.period.currentData() == -1
        for widget in (self.start, self.end, self.to_label):
            widget.setVisible(between)

    # ---- loading -------------------------------------------------------------------------

    def filter(self) -> audit_trail.Filter:
        days = int(self.period.currentData() or 0)
        since = until = None
        if days > 0:
            since = date.today() - timedelta(days=days - 1)
        elif days == -1:
            since, until = py_date(self.start.date()), py_date(self.end.date())
        return audit_trail.Filter(
            member=str(self.person.currentData() or ""),
            family=str(self.family.currentData() or ""),
            action=str(self.action.currentData() or ""),
            since=since,
            until=until,
        )

    def refresh(self) -> None:
        """Shown: the filters' choices (names need the shared folder: on a worker), then the
        first screen of entries."""
        if self.ctx.session is None:
            return
        session = self.ctx.require_session()

        def work(_task: TaskContext) -> tuple[audit_trail.Choices, list]:
            choices = audit_trail.choices(session)
            return choices, audit_trail.problems(session, dict(choices.people))

        self.ctx.runner.read(
            work, while_alive(self, self._choices_came), while_alive(self, self._failed), owner=self
        )

    def _choices_came(self, result: tuple[audit_trail.Choices, list]) -> None:
        choices, problems = result
        self._names = dict(choices.people)
        self._fill(self.person, choices.people)
        self._fill(self.family, choices.families)
        self._show_problems(problems)
        self.reload()

    def _fill(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData() or ""
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for value, text in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def _show_problems(self, problems: list[audit_trail.ChainProblem]) -> None:
        if not problems:
            self.problems.clear_message()
            return
        lines = [
            self.tr("Laptop …{0} ({1}), entry {2}: {3}").format(p.device, p.who, p.seq, p.problem)
            for p in problems[:5]
        ]
        more = len(problems) - len(lines)
        text = self.tr("Some laptops' trails were not sent whole:") + "\n" + "\n".join(lines)
        if more > 0:
            text += "\n" + self.tr("…and {0} more (in the CSV).").format(more)
        self.problems.show_error(text)

    def reload(self) -> None:
        if self.ctx.session is None:
            return
        session = self.ctx.require_session()
        filt, names = self.filter(), dict(self._names)
        if filt.until is not None and filt.since is not None and filt.until < filt.since:
            self.message.show_error(self.tr("The period ends before it starts."))
            return
        self.message.clear_message()
        self.model.load(
            lambda request: audit_trail.page(session, filt, request, names),
            lambda: audit_trail.count(session, filt),
        )

    def _rows_shown(self, first: bool) -> None:
        if first and self.model.rows and not self._fitted:
            self._fitted = True  # once: later pages keep the widths a person chose
            for column in range(4):
                self.table.resizeColumnToContents(column)

    def _counted(self) -> None:
        total = self.model.total or 0
        self.count_label.setText(self.tr("{0} entries").format(count(total)))
        self.export_button.setEnabled(self.task is None and total > 0)

    def _failed(self, exc: BaseException) -> None:
        self.message.show_error(say(exc))

    # ---- the CSV -------------------------------------------------------------------------

    def save_csv(self) -> None:
        suggested = f"Relapp audit trail {date.today()}.csv"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the audit trail"), suggested, self.tr("CSV files (*.csv)")
        )
        if chosen:
            path = Path(chosen)
            self.export_csv_to(path if path.suffix else path.with_suffix(".csv"))

    def export_csv_to(self, path: Path):  # noqa: ANN201 - a Task
        session = self.ctx.require_session()
        filt = self.filter()

        def work(task: TaskContext) -> int:
            return audit_trail.write_csv(session, path, filt, progress=task.progress)

        self.message.show_info(self.tr("Writing the audit trail…"))
        self.progress.setValue(0)
        self.progress.show()
        self.export_button.setEnabled(False)
        task = self.ctx.runner.write(
            work,
            lambda written: self._saved(written, path),
            self._export_failed,
            owner=self,
        )
        task.progress.connect(self._progress)
        self.task = task
        return task

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setValue(round(100 * done / total))

    def _saved(self, written: int, path: Path) -> None:
        self.task = None
        self.last_saved = path
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.message.show_info(
            self.tr(
                "Saved {0} entries to {1} (ids only; its first lines explain the columns)."
            ).format(count(written), path)
        )

    def _export_failed(self, exc: BaseException) -> None:
        self.task = None
        self.progress.hide()
        self.export_button.setEnabled(True)
        self._failed(exc)

"""Retention and legal holds: the team's rules, what they will erase or discard and when
("3 families will be erased on 1 February"), legal holds, and the log of runs (ids and
reasons, never content). Everything is read and written on a worker; this dialog only shows
results. A supervisor sets the rules, places and lifts holds, runs the rules and exports the
log; anyone else sees the rules and their own drafts that will be discarded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relapp.services import retention
from relapp.services import team as team_service
from relapp.services.retention import (
    DiscardItem,
    HeldFamily,
    LogEntry,
    RetentionItem,
    RetentionOverview,
)
from relapp.ui.context import AppContext
from relapp.ui.formatting import count, format_day, format_when, set_up_table
from relapp.ui.kit.dialogs import say
from relapp.ui.kit.lifetime import while_alive
from relapp.ui.models import Column, RowsModel
from relapp.ui.widgets import MessageLine, heading, paragraph

ROWS_SHOWN = 6


class _Row:
    """One family in the preview table: due, coming up, or on hold."""

    def __init__(self, family_id: str, name: str, when: str, status: str, held: bool) -> None:
        self.family_id, self.name, self.when, self.status, self.held = (
            family_id,
            name,
            when,
            status,
            held,
        )


def _table(model: RowsModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    set_up_table(table, name)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def _fit(table: QTableView, rows: int) -> None:
    shown = max(1, min(rows, ROWS_SHOWN))
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(min(rows, shown))) or 28
    table.setFixedHeight(height)


class RetentionDialog(QDialog):
    changed = Signal()  # rules, holds or records changed: pages may want to reload

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: RetentionOverview | None = None
        self.busy = False
        self.setWindowTitle(self.tr("Retention and legal holds"))
        self.setAccessibleName(self.tr("Retention and legal holds"))
        self.setMinimumWidth(640)
        self._build()
        self.load()

    # ---- building ------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Retention and legal holds"), 1.3))
        self.rules_text = paragraph(self.tr("Reading the team's rules…"))
        self.rules_text.setAccessibleName(self.tr("The team's retention rules"))
        layout.addWidget(self.rules_text)

        # The rules, for a supervisor to change (they travel signed to every laptop).
        self.rules_box = QWidget()
        form = QFormLayout(self.rules_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.years = QSpinBox()
        self.years.setRange(0, 99)
        self.years.setSpecialValueText(self.tr("never"))
        self.years.setSuffix(self.tr(" years after closing"))
        self.years.valueChanged.connect(
            lambda n: self.years.setSuffix(
                self.tr(" year after closing") if n == 1 else self.tr(" years after closing")
            )
        )
        self.years.setAccessibleName(self.tr("Erase closed families after, in years"))
        self.draft_days = QSpinBox()
        self.draft_days.setRange(0, 3650)
        self.draft_days.setSpecialValueText(self.tr("never"))
        self.draft_days.setSuffix(self.tr(" days untouched"))
        self.draft_days.setAccessibleName(self.tr("Discard unfinished drafts after, in days"))
        self.unsent_days = QSpinBox()
        self.unsent_days.setRange(0, 3650)
        self.unsent_days.setSpecialValueText(self.tr("never"))
        self.unsent_days.setSuffix(self.tr(" days untouched"))
        self.unsent_days.setAccessibleName(self.tr("Discard words not sent after, in days"))
        for label, field in (
            (self.tr("Erase closed &families:"), self.years),
            (self.tr("Discard unfinished &drafts:"), self.draft_days),
            (self.tr("Discard words not &sent:"), self.unsent_days),
        ):
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, field)
        self.save_rules_button = QPushButton(self.tr("Save &rules"))
        self.save_rules_button.setAccessibleName(self.tr("Save the team's retention rules"))
        self.save_rules_button.clicked.connect(self.save_rules)
        form.addRow("", self.save_rules_button)
        layout.addWidget(self.rules_box)

        layout.addWidget(heading(self.tr("Coming up"), 1.1))
        self.preview_text = paragraph("")
        self.preview_text.setAccessibleName(self.tr("What the rules will erase, and when"))
        layout.addWidget(self.preview_text)
        self.families_model = RowsModel(
            [
                Column(self.tr("Family"), lambda r: r.name),
                Column(self.tr("Erased on"), lambda r: r.when),
                Column(self.tr("Status"), lambda r: r.status),
            ],
            self,
        )
        self.families = _table(self.families_model, self.tr("Families the rule will erase"))
        self.families.horizontalHeader().resizeSection(0, 260)
        self.families.horizontalHeader().resizeSection(1, 150)
        self.families.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.families)
        holds = QHBoxLayout()
        self.hold_button = QPushButton(self.tr("Place legal &hold"))
        self.hold_button.setAccessibleName(self.tr("Place a legal hold on the selected family"))
        self.hold_button.clicked.connect(lambda: self.set_hold(True))
        self.lift_button = QPushButton(self.tr("&Lift legal hold"))
        self.lift_button.setAccessibleName(self.tr("Lift the legal hold on the selected family"))
        self.lift_button.clicked.connect(lambda: self.set_hold(False))
        self.run_button = QPushButton(self.tr("Run the rules &now"))
        self.run_button.setAccessibleName(self.tr("Carry out the retention rules now"))
        self.run_button.clicked.connect(self.run_now)
        for button in (self.hold_button, self.lift_button, self.run_button):
            holds.addWidget(button)
        holds.addStretch(1)
        layout.addLayout(holds)
        self.drafts_text = paragraph("", muted=True)
        self.drafts_text.setAccessibleName(self.tr("Your drafts the rules will discard"))
        layout.addWidget(self.drafts_text)

        self.log_heading = heading(self.tr("Log of runs and erasures"), 1.1)
        layout.addWidget(self.log_heading)
        self.log_text = paragraph(
            self.tr(
                "What the rules and erasure requests did on this laptop, and the legal holds: "
                "record ids and reasons only, never names or words."
            ),
            muted=True,
        )
        layout.addWidget(self.log_text)
        self.log_model = RowsModel(
            [
                Column(self.tr("When"), lambda e: format_when(e.at), lambda e: e.at),
                Column(self.tr("What"), self._action_label),
                Column(self.tr("Request"), lambda e: e.request),
                Column(self.tr("Reason"), lambda e: e.reason),
                Column(
                    self.tr("Records"), lambda e: count(len(e.records)), lambda e: len(e.records)
                ),
            ],
            self,
        )
        self.log = _table(self.log_model, self.tr("Log of runs and erasures"))
        self.log.horizontalHeader().resizeSection(0, 150)
        self.log.horizontalHeader().resizeSection(1, 190)
        layout.addWidget(self.log)
        self.export_button = QPushButton(self.tr("E&xport log…"))
        self.export_button.setAccessibleName(self.tr("Export the log as a CSV file"))
        self.export_button.clicked.connect(self.export_log)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        scroll.setWidget(page)
        outer.addWidget(scroll, 1)

        bottom = QVBoxLayout()
        bottom.setContentsMargins(24, 0, 24, 16)
        self.message = MessageLine()
        bottom.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        bottom.addWidget(buttons)
        outer.addLayout(bottom)
        self.resize(760, 720)
        self._update_buttons()

    def _action_label(self, entry: LogEntry) -> str:
        return {
            "retention_run": self.tr("Retention rule run"),
            "retention_discard": self.tr("Drafts and unsent words discarded"),
            "erase": self.tr("Erased at a request"),
            "erasure_received": self.tr("Erasure received"),
            "legal_hold_placed": self.tr("Legal hold placed"),
            "legal_hold_lifted": self.tr("Legal hold lifted"),
        }.get(entry.action, entry.action)

    # ---- reading -------------------------------------------------------------------------

    def load(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        # On the writer, not a reader: showing the preview records the day this laptop first
        # showed each family as due (retention never erases before it has been shown for a
        # while), and writes go one at a time, in order.
        self.ctx.runner.write(
            lambda _t: retention.overview(session),
            while_alive(self, self.show_overview),
            while_alive(self, self._failed),
        )

    def show_overview(self, view: RetentionOverview) -> None:
        self.view = view
        plan = view.plan
        self.rules_text.setText(self.rules_sentence(plan))
        self.rules_box.setVisible(view.supervisor)
        if not self.busy:
            self.years.setValue(plan.years or 0)
            self.draft_days.setValue(plan.draft_days)
            self.unsent_days.setValue(plan.unsent_days)
        rows = self.preview_rows(plan.due, plan.upcoming, plan.held, view.held)
        self.families_model.set_rows(rows)
        self.families.setVisible(bool(rows))
        _fit(self.families, len(rows))
        if rows:
            self.families.selectRow(0)
        self.preview_text.setText(self.preview_sentence(plan))
        self.drafts_text.setText(self.drafts_sentence(plan.discard_due, plan.discard_upcoming))
        self.drafts_text.setVisible(bool(plan.draft_days or plan.unsent_days))
        for widget in (self.hold_button, self.lift_button, self.run_button):
            widget.setVisible(view.supervisor)
        for widget in (self.log_heading, self.log_text, self.log, self.export_button):
            widget.setVisible(view.supervisor)
        self.log_model.set_rows(view.log)
        _fit(self.log, len(view.log))
        self._update_buttons()

    def rules_sentence(self, plan: retention.RetentionPlan) -> str:
        parts = [
            self.tr("Families closed more than a year ago are erased.")
            if plan.years == 1
            else self.tr("Families closed more than {0} years ago are erased.").format(plan.years)
            if plan.years
            else self.tr("Closed families are kept: the team has no rule for them.")
        ]
        if plan.draft_days:
            parts.append(
                self.tr("Unfinished drafts untouched for {0} days are discarded.").format(
                    plan.draft_days
                )
            )
        if plan.unsent_days:
            parts.append(
                self.tr("Words typed but not sent are discarded after {0} days.").format(
                    plan.unsent_days
                )
            )
        parts.append(
            self.tr(
                "A supervisor sets the rules for the whole team; nothing is erased before it "
                "has been listed here as coming up."
            )
        )
        return " ".join(parts)

    def preview_rows(
        self,
        due: list[RetentionItem],
        upcoming: list[RetentionItem],
        held: list[RetentionItem],
        on_hold: list[HeldFamily],
    ) -> list[_Row]:
        rows = [
            _Row(i.family_id, i.name, format_day(i.erase_on.isoformat()), self.tr("Due now"), False)
            for i in due
        ]
        rows += [
            _Row(
                i.family_id, i.name, format_day(i.erase_on.isoformat()), self.tr("Coming up"), False
            )
            for i in upcoming
        ]
        dated = {i.family_id: i for i in held}
        for family in on_hold:
            item = dated.get(family.family_id)
            when = format_day(item.erase_on.isoformat()) if item else self.tr("not due")
            rows.append(_Row(family.family_id, family.name, when, self.tr("On legal hold"), True))
        return rows

    def preview_sentence(self, plan: retention.RetentionPlan) -> str:
        if plan.years is None:
            return self.tr("No family is erased by a rule.")
        batches = plan.batches()
        if not batches:
            return self.tr("No family is due to be erased in the next {0} days.").format(
                retention.PREVIEW_DAYS
            )
        today = date.today()
        lines = []
        for day, n in batches:
            when = self.tr("today") if day <= today else format_day(day.isoformat())
            lines.append(
                self.tr("1 family will be erased on {0}.").format(when)
                if n == 1
                else self.tr("{0} families will be erased on {1}.").format(count(n), when)
            )
        return " ".join(lines) + " " + self.tr("Place a legal hold on any that must be kept.")

    def drafts_sentence(self, due: list[DiscardItem], upcoming: list[DiscardItem]) -> str:
        items = due + upcoming
        if not items:
            return self.tr("None of your drafts or unsent words is due to be discarded soon.")
        days: dict[date, int] = {}
        for item in items:
            days[item.discard_on] = days.get(item.discard_on, 0) + 1
        today = date.today()
        lines = []
        for day, n in sorted(days.items()):
            when = self.tr("today") if day <= today else format_day(day.isoformat())
            lines.append(
                self.tr("1 of your drafts or unsent words will be discarded on {0}.").format(when)
                if n == 1
                else self.tr("{0} of your drafts or unsent words will be discarded on {1}.").format(
                    count(n), when
                )
            )
        return " ".join(lines)

    # ---- acting --------------------------------------------------------------------------

    def selected(self) -> _Row | None:
        rows = self.families.selectionModel().selectedRows()
        return self.families_model.row_at(rows[0]) if rows else None

    def _update_buttons(self, *_args: object) -> None:
        row = self.selected()
        idle = not self.busy
        self.hold_button.setEnabled(idle and row is not None and not row.held)
        self.lift_button.setEnabled(idle and row is not None and row.held)
        self.run_button.setEnabled(idle)
        self.save_rules_button.setEnabled(idle)
        self.export_button.setEnabled(idle and bool(self.log_model.rows))

    def _write(self, work, done_text: str) -> None:  # noqa: ANN001 - a task function
        self.busy = True
        self._update_buttons()
        self.message.show_info(self.tr("Working…"))
        self.ctx.runner.write(
            work,
            while_alive(self, lambda result: self._done(result, done_text)),
            while_alive(self, self._failed),
        )

    def _done(self, _result: object, text: str) -> None:
        self.busy = False
        self.message.show_info(text)
        self.changed.emit()
        self.load()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.message.show_error(say(exc))
        self._update_buttons()

    def save_rules(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        years, drafts, unsent = (
            self.years.value(),
            self.draft_days.value(),
            self.unsent_days.value(),
        )
        self._write(
            lambda _t: team_service.set_retention(
                session, years, draft_days=drafts, unsent_days=unsent
            ),
            self.tr(
                "The rules were saved. Every laptop of the team receives them at its next sync."
            ),
        )

    def set_hold(self, on: bool) -> None:
        session, row = self.ctx.session, self.selected()
        if session is None or row is None:
            return
        family_id = row.family_id
        self._write(
            lambda _t: retention.set_hold(session, family_id, on),
            self.tr("A legal hold was placed on {0}: the rule keeps it.").format(row.name)
            if on
            else self.tr("The legal hold on {0} was lifted.").format(row.name),
        )

    def run_now(self) -> None:
        session = self.ctx.session
        if session is None:
            return

        def work(_t: object) -> retention.RetentionPlan:
            return retention.run_all(session)

        self.busy = True
        self._update_buttons()
        self.message.show_info(self.tr("Carrying out the rules…"))
        self.ctx.runner.write(work, while_alive(self, self._ran), while_alive(self, self._failed))

    def _ran(self, done: retention.RetentionPlan) -> None:
        erased, discarded = len(done.due), len(done.discard_due)
        parts = [
            self.tr("No family was due.")
            if not erased
            else self.tr("1 family was erased.")
            if erased == 1
            else self.tr("{0} families were erased.").format(count(erased))
        ]
        if discarded:
            parts.append(
                self.tr("{0} drafts or unsent words were discarded.").format(count(discarded))
            )
        self._done(done, " ".join(parts))

    def export_log(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the log"), "retention-log.csv", self.tr("CSV files (*.csv)")
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        session = self.ctx.session
        if session is None:
            return
        self.busy = True
        self._update_buttons()
        self.ctx.runner.read(
            lambda _t: retention.export_log(session, path),
            while_alive(
                self,
                lambda n: self._exported(path, n),
            ),
            while_alive(self, self._failed),
        )

    def _exported(self, path: Path, rows: int) -> None:
        self.busy = False
        self.message.show_info(
            self.tr("Wrote {0} entries to {1} (ids and reasons, no content).").format(
                count(rows), path
            )
        )
        self._update_buttons()

"""Supervision sessions with one practitioner.

A supervisor chooses a practitioner, sees their sessions and records a new one (Ctrl+N), pre-
filled with the reflections marked "to discuss" and every action still open, which is carried
until someone marks it done or dropped. A practitioner sees their own sessions read-only, their
open actions, and marks the actions they own as done."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QFont, QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from relapp.services.errors import Record, RecordNotFound
from relapp.services.profile import Session
from relapp.services.sessions import (
    Action,
    People,
    SessionRow,
    latest_actions,
    new_session_draft,
    sessions_for,
    set_action_status,
    team_people,
)
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_day, format_when, set_up_table
from relapp.ui.kit.dialogs import say, unsaved_words
from relapp.ui.kit.forms import fit_rows, scrolling, tab_chain
from relapp.ui.models import ROW_ROLE, Column, RowsModel
from relapp.ui.supervision.session_editor import SessionEditor, action_status_label, owner_label
from relapp.ui.widgets import MessageLine, paragraph

log = logging.getLogger("relapp.ui.supervision.sessions")


@dataclass
class _Loaded:
    people: People
    practitioner_id: str
    rows: list[SessionRow]
    open: list[Action]


def _load(session: Session, wanted: str) -> _Loaded:
    people = team_people(session)
    ids = [p.member_id for p in people.practitioners]
    practitioner = wanted if wanted in ids else (ids[0] if ids else "")
    rows = sessions_for(session, practitioner) if practitioner else []
    return _Loaded(
        people, practitioner, rows, [a for a in latest_actions(rows).values() if a.is_open]
    )


def _practitioner_of(session: Session, record_id: str) -> str:
    """What open_record was given: a practitioner's member id, or one of their sessions."""
    try:
        record = session.vault.get(record_id, strict=False)
    except RecordNotFound:
        return record_id  # not a record: a member id
    if record.kind == "supervision_session" and not record.error:
        return str(record.data.get("practitioner_id", ""))
    return record_id


class SessionsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        session = ctx.require_session()
        self.me = session.vault.member_id
        self.is_supervisor = session.vault.identity().role == "supervisor"
        self.people: People | None = None
        self.practitioner_id = "" if self.is_supervisor else self.me
        self.rows: list[SessionRow] = []
        self.open_actions: list[Action] = []
        self.loaded = False
        self._pending_session = ""
        self._choosing = False
        self._selecting = False

        self.message = MessageLine()
        self.practitioner = QComboBox()
        self.practitioner.setAccessibleName(self.tr("Practitioner"))
        self.practitioner.setMinimumContentsLength(20)
        self.practitioner.currentIndexChanged.connect(self._practitioner_chosen)
        self.new_button = QPushButton(self.tr("&New session"))
        self.new_button.setAccessibleName(self.tr("New session"))
        self.new_button.setToolTip(
            self.tr(
                "Start a session pre-filled with reflections to discuss and open actions (Ctrl+N)"
            )
        )
        self.new_button.clicked.connect(self.new_record)

        self.model = RowsModel(
            [
                # The day is enough in the list (the editor shows the time): the editor gets
                # the width at the smallest window.
                Column(
                    self.tr("When"),
                    lambda r: format_when(r.when, with_time=False),
                    lambda r: r.when,
                ),
                Column(
                    self.tr("Actions"),
                    lambda r: str(r.open_count) if r.open_count else self.tr("none"),
                    lambda r: r.open_count,
                    align_right=True,
                ),
            ]
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, self.tr("Supervision sessions"))
        metrics = self.table.fontMetrics()
        first = metrics.horizontalAdvance(format_when("2026-09-30T14:00", with_time=False)) + 24
        second = metrics.horizontalAdvance(self.tr("Actions")) + 24
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setMinimumWidth(first + second + 2 * self.table.frameWidth() + 4)
        # Selection, not the current row: a table takes row 0 as current when it gets focus,
        # and tabbing through must not open another session.
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.empty = paragraph("", muted=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.editor = SessionEditor(ctx)
        self.viewer = QTextBrowser()
        self.viewer.setAccessibleName(self.tr("Supervision session"))
        self.viewer.setOpenLinks(False)
        self.placeholder = paragraph("", muted=True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.right = QStackedWidget()
        self.editor_area = scrolling(self.editor)
        for widget in (self.editor_area, self.viewer, self.placeholder):
            self.right.addWidget(widget)
        self.right.setCurrentWidget(self.placeholder)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        sessions_label = QLabel(self.tr("&Sessions"))
        sessions_label.setBuddy(self.table)
        left_layout.addWidget(sessions_label)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([240, 960])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(12)
        if self.is_supervisor:
            top = QHBoxLayout()
            label = QLabel(self.tr("&Practitioner:"))
            label.setBuddy(self.practitioner)
            top.addWidget(label)
            top.addWidget(self.practitioner)
            top.addStretch(1)
            top.addWidget(self.new_button)
            layout.addLayout(top)
            layout.addWidget(self.message)
            layout.addWidget(splitter, 1)
            tab_chain(self.practitioner, self.new_button, self.table, self.editor.when)
        else:
            self.practitioner.hide()
            self.new_button.hide()
            layout.addWidget(self.message)
            layout.addWidget(self._open_actions_box())
            layout.addWidget(splitter, 1)
            tab_chain(self.actions_table, self.done_button, self.table, self.viewer)
        ctx.records_changed.connect(self._records_changed)

    # ---- the practitioner's open actions ---------------------------------------------------

    def _open_actions_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        label = QLabel(self.tr("Your &open actions"))
        font = QFont(label.font())
        font.setWeight(QFont.Weight.DemiBold)
        label.setFont(font)
        self.actions_model = RowsModel(
            [
                Column(self.tr("Action"), lambda a: a.text),
                Column(self.tr("Who"), lambda a: self._owner_name(a.owner)),
                Column(
                    self.tr("Due"), lambda a: format_day(a.due) if a.due else "–", lambda a: a.due
                ),
                Column(
                    self.tr("Agreed"),
                    lambda a: format_day(a.agreed_when or a.session_when),
                    lambda a: a.agreed_when or a.session_when,
                ),
            ]
        )
        self.actions_table = QTableView()
        self.actions_table.setModel(self.actions_model)
        set_up_table(self.actions_table, self.tr("Your open actions"))
        header = self.actions_table.horizontalHeader()
        for column, width in enumerate((420, 150, 130)):
            header.resizeSection(column, width)
        label.setBuddy(self.actions_table)
        self.actions_table.selectionModel().selectionChanged.connect(self._action_chosen)
        self.actions_table.doubleClicked.connect(lambda _i: self.mark_done())
        self.actions_empty = paragraph(
            self.tr("No open actions. Actions agreed in supervision appear here."), muted=True
        )
        self.done_button = QPushButton(self.tr("&Mark done"))
        self.done_button.setAccessibleName(self.tr("Mark the chosen action done"))
        self.done_button.setEnabled(False)
        self.done_button.clicked.connect(self.mark_done)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addStretch(1)
        row.addWidget(self.done_button)
        layout.addLayout(row)
        layout.addWidget(self.actions_table)
        layout.addWidget(self.actions_empty)
        return box

    def _owner_name(self, owner: str) -> str:
        if self.is_supervisor:
            return owner_label(owner)
        return self.tr("You") if owner == "practitioner" else self.tr("Your supervisor")

    def _chosen_action(self) -> Action | None:
        rows = self.actions_table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _action_chosen(self, *_args: object) -> None:
        action = self._chosen_action()
        mine = action is not None and action.owner == "practitioner"
        self.done_button.setEnabled(mine)
        if action is None:
            hint = self.tr("Choose one of your actions first.")
        elif not mine:
            hint = self.tr("This action is your supervisor's: they mark it done.")
        else:
            hint = self.tr("Mark this action done (your supervisor sees it after a sync).")
        self.done_button.setToolTip(hint)
        self.done_button.setAccessibleDescription(hint)

    def mark_done(self) -> None:
        action = self._chosen_action()
        if action is None or action.owner != "practitioner" or self.ctx.session is None:
            return
        session = self.ctx.session
        self.done_button.setEnabled(False)

        def work(_task: object) -> Record:
            return set_action_status(session, action.session_id, action.key, "done")

        self.ctx.runner.write(work, self._marked, self._failed, owner=self)

    def _marked(self, _record: Record) -> None:
        self.message.show_info(self.tr("Marked done. Your supervisor sees it after the next sync."))
        self.ctx.show_saved(self.tr("Action marked done"))

    def _failed(self, exc: BaseException) -> None:
        self.message.show_error(say(exc, {}, otherwise=unsaved_words()))
        self._action_chosen()

    # ---- the page protocol -----------------------------------------------------------------

    def refresh(self) -> None:
        if self.ctx.session is None:
            return
        session, wanted = self.ctx.session, self.practitioner_id
        self.ctx.runner.read(
            lambda _t: _load(session, wanted), self._loaded, self._load_failed, owner=self
        )

    def open_record(self, record_id: str) -> None:
        """A practitioner's member id (their sessions) or a supervision session's id."""
        if self.ctx.session is None or not record_id:
            return
        session = self.ctx.session

        def found(practitioner_id: str) -> None:
            if practitioner_id != record_id:
                self._pending_session = record_id
            if self.is_supervisor and practitioner_id != self.practitioner_id:
                if not self.editor.leave():
                    return
                self.practitioner_id = practitioner_id
                self._clear_editor()
            self.refresh()

        self.ctx.runner.read(
            lambda _t: _practitioner_of(session, record_id), found, self._load_failed, owner=self
        )

    def new_record(self) -> None:
        if not self.is_supervisor:
            self.message.show_info(self.tr("Your supervisor records your supervision sessions."))
            return
        if self.ctx.session is None:
            return
        if not self.practitioner_id:
            self.message.show_error(
                self.tr(
                    "There is no practitioner to meet yet: they appear once they join your team."
                )
            )
            return
        if not self.editor.leave():
            return
        session, practitioner = self.ctx.session, self.practitioner_id
        now = datetime.now().replace(second=0, microsecond=0)

        def work(_task: object) -> dict[str, Any]:
            return new_session_draft(session, practitioner, now)

        self.ctx.runner.read(work, self._draft_ready, self._load_failed, owner=self)

    def flush(self) -> None:
        if self.is_supervisor:
            self.editor.flush()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        # Leaving the tab (or the page) saves what was typed, as leaving a record does.
        if self.is_supervisor and self.ctx.session is not None:
            self.editor.leave()
        super().hideEvent(event)

    # ---- loading -----------------------------------------------------------------------------

    def _records_changed(self, kind: str) -> None:
        if kind in ("supervision_session", "reflection", "feedback"):
            self.refresh()

    def _load_failed(self, exc: BaseException) -> None:
        if self.ctx.session is not None:
            log.error("loading supervision sessions failed: %s: %s", type(exc).__name__, exc)
            self.message.show_error(
                self.tr("The supervision sessions could not be loaded. Try again.")
            )

    def _loaded(self, loaded: _Loaded) -> None:
        self.loaded = True
        self.people = loaded.people
        if (
            self.is_supervisor
            and loaded.practitioner_id != self.practitioner_id
            and self.practitioner_id
        ):
            # The practitioner asked for is gone from the list (left the team): nothing kept.
            if not self.editor.leave():
                return
            self._clear_editor()
        self.practitioner_id = loaded.practitioner_id
        self._fill_practitioners(loaded.people)
        if (
            loaded.people.problem
            and self.is_supervisor
            and loaded.people.practitioners
            and not self.message.isVisible()
        ):
            self.message.show_info(
                self.tr("Names of team members could not be read: {0}").format(
                    loaded.people.problem
                )
            )
        self.rows = loaded.rows
        self.open_actions = loaded.open
        self.editor.practitioner_name = self._name(self.practitioner_id)
        self.editor.set_session_whens({r.id: r.when for r in loaded.rows})
        self._selecting = True
        try:
            self.model.set_rows(loaded.rows)
        finally:
            self._selecting = False
        self.table.setVisible(bool(loaded.rows))
        self.empty.setVisible(not loaded.rows)
        self.empty.setText(self._empty_text())
        if not self.is_supervisor:
            self.actions_model.set_rows(loaded.open)
            fit_rows(self.actions_table, len(loaded.open))
            self.actions_table.setVisible(bool(loaded.open))
            self.actions_empty.setVisible(not loaded.open)
            self._action_chosen()
        self._show_current(loaded.rows)

    def _fill_practitioners(self, people: People) -> None:
        self._choosing = True
        try:
            self.practitioner.clear()
            for person in people.practitioners:
                name = (
                    person.name
                    if person.active
                    else self.tr("{0} (not in the team now)").format(person.name)
                )
                self.practitioner.addItem(name, person.member_id)
            self.practitioner.setCurrentIndex(self.practitioner.findData(self.practitioner_id))
        finally:
            self._choosing = False
        self.new_button.setEnabled(bool(people.practitioners))

    def _name(self, member_id: str) -> str:
        if self.people is None:
            return ""
        return self.people.name(member_id)

    def _empty_text(self) -> str:
        if self.is_supervisor and not self.practitioner_id:
            return self.tr(
                "No practitioners yet. They appear here once they join your team and their "
                "first records arrive with a sync."
            )
        if self.is_supervisor:
            return self.tr(
                "No sessions with {0} yet — press Ctrl+N to start one, pre-filled with their "
                "reflections to discuss and open actions."
            ).format(self._name(self.practitioner_id))
        return self.tr(
            "No supervision sessions yet. Your supervisor records them; they arrive with a sync."
        )

    def _show_current(self, rows: list[SessionRow]) -> None:
        by_id = {r.id: r for r in rows}
        if self._pending_session in by_id:
            wanted, self._pending_session = self._pending_session, ""
            self._select(wanted)
            self._open_row(by_id[wanted])
            return
        if self.is_supervisor:
            current = self.editor.record_id
            if current in by_id:
                self._select(current)
                row = by_id[current]
                if not self.editor.dirty and row.version > (self.editor.saver.version or 0):
                    self.editor.load(row.id, row.version, row.data)  # changed elsewhere (a sync)
                return
            if (
                self.right.currentWidget() is self.editor_area
                and current is None
                and self.editor.data
            ):
                return  # a new session is being written
        else:
            shown = self.viewer.property("session_id")
            if shown in by_id:
                self._select(shown)
                self._open_row(by_id[shown])
                return
        if rows:
            self._select(rows[0].id)
            self._open_row(rows[0])
        else:
            self.placeholder.setText(self._empty_text())
            self.right.setCurrentWidget(self.placeholder)

    def _select(self, session_id: str) -> None:
        for number, row in enumerate(self.model.rows):
            if row.id == session_id:
                self._selecting = True
                try:
                    self.table.setCurrentIndex(self.model.index(number, 0))
                finally:
                    self._selecting = False
                return

    def _clear_editor(self) -> None:
        self.editor.load(None, None, {})
        self.right.setCurrentWidget(self.placeholder)

    # ---- choosing ----------------------------------------------------------------------------

    def _practitioner_chosen(self, index: int) -> None:
        if self._choosing or index < 0:
            return
        member_id = self.practitioner.itemData(index)
        if member_id == self.practitioner_id:
            return
        if not self.editor.leave():
            self._choosing = True
            try:
                self.practitioner.setCurrentIndex(self.practitioner.findData(self.practitioner_id))
            finally:
                self._choosing = False
            return
        self.practitioner_id = member_id
        self._clear_editor()
        self.message.clear_message()
        self.refresh()

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if self._selecting or not selected.indexes():
            return
        before = deselected.indexes()
        self._row_changed(selected.indexes()[0], before[0] if before else QModelIndex())

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        row: SessionRow = current.data(ROW_ROLE)
        if self.is_supervisor and row.id == self.editor.record_id:
            self.right.setCurrentWidget(self.editor_area)
            return
        if self.is_supervisor and not self.editor.leave():
            self._selecting = True
            try:
                self.table.setCurrentIndex(previous if previous.isValid() else QModelIndex())
            finally:
                self._selecting = False
            return
        self._open_row(row)

    def _open_row(self, row: SessionRow) -> None:
        if self.is_supervisor:
            self.editor.load(row.id, row.version, row.data)
            self.right.setCurrentWidget(self.editor_area)
        else:
            self.viewer.setProperty("session_id", row.id)
            self.viewer.setHtml(self._session_html(row))
            self.right.setCurrentWidget(self.viewer)

    def _draft_ready(self, draft: dict[str, Any]) -> None:
        if draft.get("practitioner_id") != self.practitioner_id:
            return  # the supervisor chose someone else meanwhile
        self._selecting = True
        try:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
        finally:
            self._selecting = False
        self.editor.load(None, None, draft)
        self.right.setCurrentWidget(self.editor_area)
        self.message.clear_message()
        self.editor.focus_first()

    # ---- the practitioner's read-only view --------------------------------------------------

    def _session_html(self, row: SessionRow) -> str:
        e = html.escape
        parts = [f"<h2>{e(self.tr('Supervision on {0}').format(format_when(row.when)))}</h2>"]
        if row.author != self.me:
            parts.append(f"<p>{e(self.tr('Recorded by {0}').format(self._name(row.author)))}</p>")
        parts.append(f"<h3>{e(self.tr('Agenda'))}</h3>")
        if row.agenda:
            parts.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in row.agenda) + "</ul>")
        else:
            parts.append(f"<p>{e(self.tr('No agenda was written down.'))}</p>")
        parts.append(f"<h3>{e(self.tr('Notes'))}</h3>")
        notes = row.notes.strip()
        parts.append(
            "<p>" + e(notes).replace("\n", "<br>") + "</p>"
            if notes
            else f"<p>{e(self.tr('No notes.'))}</p>"
        )
        parts.append(f"<h3>{e(self.tr('Actions'))}</h3>")
        if row.actions:
            items = []
            for action in row.actions:
                bits = [self._owner_name(action.owner), action_status_label(action.status)]
                if action.due:
                    bits.insert(1, self.tr("due {0}").format(format_day(action.due)))
                items.append(f"<li><b>{e(action.text)}</b> — {e(', '.join(bits))}</li>")
            parts.append("<ul>" + "".join(items) + "</ul>")
        else:
            parts.append(f"<p>{e(self.tr('No actions were agreed.'))}</p>")
        return "".join(parts)

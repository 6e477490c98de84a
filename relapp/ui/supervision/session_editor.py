"""The editor of one supervision session: when, agenda, notes, and the actions agreed, each
with its owner, due date and status."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.ids import uuid7
from relapp.domain.records import ACTION_STATUSES
from relapp.services.sessions import ACTION_OWNERS, action_key
from relapp.ui.context import AppContext
from relapp.ui.formatting import format_day, from_qdatetime, qdatetime
from relapp.ui.kit.dates import OptionalDate
from relapp.ui.kit.editor import RecordEditor
from relapp.ui.kit.forms import tab_chain, text_area
from relapp.ui.widgets import heading, paragraph


def owner_label(owner: str) -> str:
    return {"practitioner": _tr("Practitioner"), "supervisor": _tr("Supervisor")}.get(owner, owner)


def action_status_label(status: str) -> str:
    return {"open": _tr("Open"), "done": _tr("Done"), "dropped": _tr("Dropped")}.get(status, status)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SessionsTab", text)


def _muted(label: QLabel) -> QLabel:
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class _ActionRow:
    """One action's fields, on two lines: what was agreed; then who, due, status. The stored
    dict keeps what the form does not show (id, carried from, done on)."""

    def __init__(self, owner: ActionsEditor, action: dict[str, Any], origin: str) -> None:
        self.action = dict(action)
        self.frame = QFrame()
        self.frame.setObjectName("action")
        self.frame.setStyleSheet("QFrame#action { border-top: 1px solid palette(mid); }")
        self.number = QLabel()
        self.text = QLineEdit(str(action.get("text", "")))
        self.text.setCursorPosition(0)
        self.text.setPlaceholderText(_tr("What was agreed"))
        self.owner = QComboBox()
        for value in ACTION_OWNERS:
            self.owner.addItem(owner_label(value), value)
        self.owner.setCurrentIndex(
            max(0, self.owner.findData(action.get("owner") or "practitioner"))
        )
        self.due = OptionalDate(_tr("Due date"), _tr("Due"))
        self.due.set_value(str(action.get("due") or ""))
        self.status = QComboBox()
        for value in ACTION_STATUSES:
            self.status.addItem(action_status_label(value), value)
        self.status.setCurrentIndex(max(0, self.status.findData(action.get("status") or "open")))
        self.remove = QPushButton(_tr("Remove"))
        self.carried = bool(action.get("carried_from"))
        self.origin = _muted(QLabel(origin))
        self.origin.setWordWrap(True)
        self.origin.setVisible(bool(origin))
        if self.carried:
            self.remove.setEnabled(False)
            self.remove.setToolTip(
                _tr("A carried action stays until it is closed: set its status to Done or Dropped.")
            )
        for signal in (
            self.text.textChanged,
            self.owner.currentIndexChanged,
            self.due.changed,
            self.status.currentIndexChanged,
        ):
            signal.connect(owner.changed)
        self.remove.clicked.connect(lambda: owner.remove_row(self))

        who = QLabel(_tr("Who:"))
        who.setBuddy(self.owner)
        state = QLabel(_tr("Status:"))
        state.setBuddy(self.status)
        first = QHBoxLayout()
        first.addWidget(self.number)
        first.addWidget(self.text, 1)
        first.addWidget(self.remove)
        # Who and status on one line, the due date on the next: the row fits the editor at
        # the smallest window (one line of all four needed 510 px).
        indent = self.number.fontMetrics().horizontalAdvance("00.") + 6
        second = QHBoxLayout()
        second.addSpacing(indent)
        second.addWidget(who)
        second.addWidget(self.owner)
        second.addSpacing(12)
        second.addWidget(state)
        second.addWidget(self.status)
        second.addStretch(1)
        due_row = QHBoxLayout()
        due_row.addSpacing(indent)
        due_row.addWidget(self.due)
        due_row.addStretch(1)
        layout = QVBoxLayout(self.frame)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(4)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addLayout(due_row)
        third = QHBoxLayout()
        third.addSpacing(self.number.fontMetrics().horizontalAdvance("00.") + 6)
        third.addWidget(self.origin, 1)
        layout.addLayout(third)

    def name(self, number: int) -> None:
        self.number.setText(f"{number}.")
        self.number.setMinimumWidth(self.number.fontMetrics().horizontalAdvance("00."))
        self.text.setAccessibleName(_tr("Action {0}").format(number))
        self.owner.setAccessibleName(_tr("Who does action {0}").format(number))
        self.due.check.setAccessibleName(_tr("Action {0} has a due date").format(number))
        self.due.edit.setAccessibleName(_tr("Action {0} due date").format(number))
        self.status.setAccessibleName(_tr("Status of action {0}").format(number))
        self.remove.setAccessibleName(_tr("Remove action {0}").format(number))
        self.origin.setAccessibleName(self.origin.text())

    def widgets(self) -> list[QWidget]:
        return [self.text, self.remove, self.owner, self.due.check, self.due.edit, self.status]

    def value(self) -> dict[str, Any]:
        data = {
            **self.action,
            "text": self.text.text().strip(),
            "owner": self.owner.currentData(),
            "status": self.status.currentData(),
        }
        due = self.due.value()
        if due:
            data["due"] = due
        else:
            data.pop("due", None)
        if data["status"] == "open":
            data.pop("done_on", None)
        return data

    def delete(self) -> None:
        self.frame.hide()
        self.frame.deleteLater()


class ActionsEditor(QWidget):
    """Actions one under another: what, who, due, status; add and remove them."""

    changed = Signal()
    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_ActionRow] = []
        self.when_by_session: dict[str, str] = {}
        self.list = QVBoxLayout()
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.setSpacing(0)
        self.empty = _muted(QLabel(self.tr("No actions yet. Add one for each thing agreed.")))
        self.add_button = QPushButton(self.tr("&Add action"))
        self.add_button.setAccessibleName(self.tr("Add action"))
        self.add_button.clicked.connect(self.add_new)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(self.list)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def origin_text(self, action: dict[str, Any]) -> str:
        carried = str(action.get("carried_from") or "")
        if not carried:
            return ""
        when = self.when_by_session.get(carried, "")
        if when:
            return self.tr("Carried from the session on {0}").format(format_day(when))
        return self.tr("Carried from an earlier session")

    def set_actions(self, actions: list[dict[str, Any]], record_id: str | None) -> None:
        for row in self.rows:
            row.delete()
        self.rows = []
        for index, action in enumerate(actions):
            action = dict(action)
            if record_id is not None and not action.get("id"):
                # Actions saved before ids existed keep their place as their identity.
                action["id"] = action_key(record_id, index, action)
            self.rows.append(_ActionRow(self, action, self.origin_text(action)))
        self._relayout()

    def add_new(self) -> None:
        row = _ActionRow(self, {"id": uuid7(), "owner": "practitioner", "status": "open"}, "")
        self.rows.append(row)
        self._relayout()
        self.changed.emit()
        row.text.setFocus()

    def remove_row(self, row: _ActionRow) -> None:
        if row not in self.rows:
            return
        self.rows.remove(row)
        row.delete()
        self._relayout()
        self.changed.emit()
        (self.rows[-1].text if self.rows else self.add_button).setFocus()

    def _relayout(self) -> None:
        while self.list.count():
            self.list.takeAt(0)
        for number, row in enumerate(self.rows, start=1):
            row.name(number)
            self.list.addWidget(row.frame)
        self.empty.setVisible(not self.rows)
        self.rows_changed.emit()

    def collected(self) -> list[dict[str, Any]]:
        # A row left empty is nothing agreed: it is not saved (and does not block saving).
        return [value for row in self.rows if (value := row.value())["text"]]

    def focus_order(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.widgets()] + [self.add_button]


class SessionEditor(RecordEditor):
    kind = "supervision_session"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.practitioner_name = ""
        self.title = heading("", 1.25)
        self.save_button = QPushButton(self.tr("&Save session"))
        self.save_button.setAccessibleName(self.tr("Save session"))
        self.save_button.setToolTip(self.tr("Save this session (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        self.when.setAccessibleName(self.tr("When the session took place"))
        self.when.dateTimeChanged.connect(self.changed)
        self.agenda = text_area(
            self.tr("Agenda, one item a line"), self.tr("One item a line"), lines=4
        )
        self.notes = text_area(
            self.tr("Notes"), self.tr("What you talked about and what you noticed"), lines=5
        )
        self.action_list = ActionsEditor()
        self.action_list.changed.connect(self.changed)
        self.action_list.rows_changed.connect(self._chain)
        self.watch(self.agenda, self.notes)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.message)
        when_row = QHBoxLayout()
        when_label = QLabel(self.tr("&When:"))
        when_label.setBuddy(self.when)
        when_row.addWidget(when_label)
        when_row.addWidget(self.when)
        when_row.addStretch(1)
        layout.addLayout(when_row)
        for text, field in ((self.tr("A&genda"), self.agenda), (self.tr("&Notes"), self.notes)):
            label = QLabel(text)
            label.setBuddy(field)
            layout.addWidget(label)
            layout.addWidget(field)
        actions_label = QLabel(self.tr("Actions"))
        font = QFont(actions_label.font())
        font.setWeight(QFont.Weight.DemiBold)
        actions_label.setFont(font)
        actions_label.setAccessibleName(self.tr("Actions"))
        layout.addSpacing(4)
        layout.addWidget(actions_label)
        layout.addWidget(
            _muted(
                paragraph(
                    self.tr(
                        "Open actions are carried into the next session until they are marked "
                        "done or dropped."
                    )
                )
            )
        )
        layout.addWidget(self.action_list)
        layout.addStretch(1)
        self._chain()

    def _chain(self) -> None:
        tab_chain(
            self.when,
            self.agenda,
            self.notes,
            *self.action_list.focus_order(),
            self.save_button,
        )

    def set_session_whens(self, whens: dict[str, str]) -> None:
        self.action_list.when_by_session = whens

    def show_title(self) -> None:
        who = self.practitioner_name or self.tr("a practitioner")
        if self.record_id is None:
            text = self.tr("New session with {0}").format(who)
        else:
            text = self.tr("Session with {0}").format(who)
        self.title.setText(text)
        self.title.setAccessibleName(text)

    def fill(self, data: dict[str, Any]) -> None:
        when = data.get("when") or datetime.now().strftime("%Y-%m-%dT%H:%M")
        try:
            self.when.setDateTime(qdatetime(datetime.fromisoformat(when)))
        except ValueError:
            self.when.setDateTime(QDateTime.currentDateTime())
        self.agenda.setPlainText("\n".join(data.get("agenda") or []))
        self.notes.setPlainText(str(data.get("notes") or ""))
        self.action_list.set_actions(list(data.get("actions") or []), self.record_id)

    def collect(self) -> dict[str, Any]:
        agenda = [line.strip() for line in self.agenda.toPlainText().splitlines() if line.strip()]
        return {
            "practitioner_id": self.data.get("practitioner_id", ""),
            "when": from_qdatetime(self.when.dateTime()).strftime("%Y-%m-%dT%H:%M"),
            "agenda": agenda,
            "notes": self.notes.toPlainText(),
            "actions": self.action_list.collected(),
        }

    def field_labels(self) -> dict[str, str]:
        return {"when": self.tr("When"), "notes": self.tr("Notes"), "agenda": self.tr("Agenda")}

    def saved_text(self) -> str:
        return self.tr("Supervision session saved")

    def is_blank(self) -> bool:
        data = self.collect()
        return not (data["agenda"] or data["notes"].strip() or data["actions"])

    def focus_first(self) -> None:
        self.notes.setFocus()

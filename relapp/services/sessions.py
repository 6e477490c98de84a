"""Supervision sessions with one practitioner: their history, a new session pre-filled with the
reflections marked "to discuss" and the actions still open, and actions carried from session to
session until someone closes them.

An action keeps one identity ("id") for its whole life. A new session carries a copy of every
action whose latest copy (in the latest session that holds it) is still open; closing the copy
in a later session therefore closes the action for good. A copy names the session where the
action was first agreed in "carried_from". Plain Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from relapp.domain.ids import uuid7
from relapp.domain.records import ACTION_STATUSES
from relapp.services import team
from relapp.services.errors import ServiceError
from relapp.services.families import parse_when
from relapp.services.profile import Session
from relapp.services.reflections import reflection_title
from relapp.store import syncstate
from relapp.store.vault import Record

ACTION_OWNERS = ("practitioner", "supervisor")
UNKNOWN_MEMBER = "A former team member"


# ---- people ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    member_id: str
    name: str
    role: str
    active: bool = True
    is_me: bool = False


@dataclass
class People:
    """Who the supervisor can meet, and everyone's names by member id."""

    practitioners: list[Person]
    names: dict[str, str]
    problem: str = ""  # why names could not be read (no team yet, folder unreachable)

    def name(self, member_id: str) -> str:
        return self.names.get(member_id, UNKNOWN_MEMBER)


def owner_of(session: Session, record: Record) -> str:
    """The member a record belongs to: who first wrote it (a review changes the head author)."""
    return syncstate.owner_of(session.vault, record.id) or record.author


def _members(session: Session) -> tuple[list[team.MemberView], str]:
    try:
        _state, members = team.members(session)
    except ServiceError as exc:
        return [], str(exc)
    return members, ""


def member_names(session: Session) -> tuple[dict[str, str], str]:
    """Every member's name by id (yours always), and why the others are missing if they are.

    Names come from the team's state on the shared folder (sealed with the team names key)."""
    identity = session.vault.identity()
    members, problem = _members(session)
    names = {m.member_id: m.name for m in members}
    names[identity.member_id] = identity.name
    return names, problem


def team_people(session: Session) -> People:
    """The practitioners a supervisor meets. Without the team's folder, the practitioners this
    profile has records from are still listed, under a placeholder name."""
    identity = session.vault.identity()
    members, problem = _members(session)
    names = {m.member_id: m.name for m in members}
    names[identity.member_id] = identity.name
    if identity.role == "practitioner":
        # A practitioner only ever meets about their own work.
        me = Person(identity.member_id, identity.name, "practitioner", True, True)
        return People([me], names, problem)
    people = {
        m.member_id: Person(m.member_id, m.name, m.role, m.active, m.is_me)
        for m in members
        if m.role == "practitioner"
    }
    seen = {r.data.get("practitioner_id") for r in _readable(session, "supervision_session")}
    seen |= {owner_of(session, r) for r in _readable(session, "reflection")}
    for member_id in seen:
        if not isinstance(member_id, str) or not member_id or member_id in people:
            continue
        if member_id in names:
            continue  # yourself, or a supervisor colleague
        people[member_id] = Person(member_id, UNKNOWN_MEMBER, "practitioner", active=False)
    ordered = sorted(people.values(), key=lambda p: (not p.active, p.name.casefold()))
    return People(ordered, names, problem)


# ---- sessions and actions -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Action:
    key: str  # the action's identity across sessions
    text: str
    owner: str  # "practitioner" or "supervisor"
    due: str  # ISO date or ""
    status: str  # open, done or dropped
    carried_from: str  # the session where it was first agreed; "" when agreed in this one
    session_id: str  # the session this copy is in
    session_when: str
    index: int
    agreed_when: str = ""  # when the session it was first agreed in took place

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: str
    version: int
    practitioner_id: str
    when: str
    agenda: tuple[str, ...]
    notes: str
    actions: tuple[Action, ...]
    author: str
    created_at: str
    data: dict[str, Any] = field(hash=False, compare=False)

    @property
    def open_count(self) -> int:
        return sum(1 for a in self.actions if a.is_open)


def _readable(session: Session, kind: str, parent_id: str | None = None) -> list[Record]:
    return [r for r in session.records.list(kind, parent_id=parent_id) if r.error is None]


def action_key(session_id: str, index: int, action: Mapping[str, Any]) -> str:
    """An action's identity: its id, or (for actions written without one, by an import or
    an older version) its words and owner, so the same action carried by hand still counts
    once."""
    value = action.get("id")
    if isinstance(value, str) and value:
        return value
    words = " ".join(str(action.get("text", "")).casefold().split())
    return f"text:{_owner(action)}:{words}" if words else f"{session_id}:{index}"


def _owner(action: Mapping[str, Any]) -> str:
    owner = action.get("owner")
    return owner if owner in ACTION_OWNERS else "practitioner"


def _status(action: Mapping[str, Any]) -> str:
    status = action.get("status")
    return status if status in ACTION_STATUSES else "open"


def _row(record: Record, when_by_id: Mapping[str, str]) -> SessionRow:
    data = record.data
    actions = []
    for index, raw in enumerate(data.get("actions") or []):
        if not isinstance(raw, dict):
            continue
        carried = str(raw.get("carried_from") or "")
        actions.append(
            Action(
                key=action_key(record.id, index, raw),
                text=str(raw.get("text", "")),
                owner=_owner(raw),
                due=str(raw.get("due") or ""),
                status=_status(raw),
                carried_from=carried,
                session_id=record.id,
                session_when=str(data.get("when", "")),
                index=index,
                agreed_when=when_by_id.get(carried, "") if carried else str(data.get("when", "")),
            )
        )
    return SessionRow(
        id=record.id,
        version=record.version,
        practitioner_id=str(data.get("practitioner_id", "")),
        when=str(data.get("when", "")),
        agenda=tuple(str(line) for line in data.get("agenda") or []),
        notes=str(data.get("notes", "")),
        actions=tuple(actions),
        author=record.author,
        created_at=record.created_at,
        data=dict(data),
    )


def _chronological(rows: Iterable[SessionRow]) -> list[SessionRow]:
    def key(row: SessionRow) -> tuple[datetime, str, str]:
        return (parse_when(row.when) or datetime.min, row.created_at, row.id)

    return sorted(rows, key=key)


def sessions_for(session: Session, practitioner_id: str) -> list[SessionRow]:
    """Every supervision session with one practitioner, newest first."""
    return session_rows(_readable(session, "supervision_session", parent_id=practitioner_id))


def session_rows(records: Iterable[Record]) -> list[SessionRow]:
    """Rows for supervision_session records already read (newest first); for callers that
    read every session at once, such as the team overview."""
    readable = [r for r in records if r.error is None and r.kind == "supervision_session"]
    when_by_id = {r.id: str(r.data.get("when", "")) for r in readable}
    return list(reversed(_chronological(_row(r, when_by_id) for r in readable)))


def open_actions_in(records: Iterable[Record]) -> list[Action]:
    """The open actions among one practitioner's session records (as open_actions says)."""
    return [a for a in latest_actions(session_rows(records)).values() if a.is_open]


def latest_actions(rows: Sequence[SessionRow]) -> dict[str, Action]:
    """Each action as its latest copy (in the latest session that holds it) says it is, in
    the order the actions were first agreed."""
    latest: dict[str, Action] = {}
    for row in _chronological(rows):
        for action in row.actions:
            latest[action.key] = action
    return latest


def open_actions(session: Session, practitioner_id: str) -> list[Action]:
    """Actions agreed with this practitioner that nobody has closed yet, oldest agreed first."""
    rows = sessions_for(session, practitioner_id)
    # latest_actions keeps the order actions were first agreed in, as the sessions list them.
    return [a for a in latest_actions(rows).values() if a.is_open]


def _day(value: str) -> date | None:
    when = parse_when(value)
    return when.date() if when else None


def _say_date(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def reflections_to_discuss(session: Session, practitioner_id: str) -> list[str]:
    """Agenda lines for the practitioner's reflections marked "to discuss", oldest first."""
    families = {
        r.id: str(r.data.get("display_name") or r.data.get("reference") or "")
        for r in _readable(session, "family")
    }
    visits = {r.id: r for r in _readable(session, "visit")}
    found: list[tuple[str, str]] = []
    for record in _readable(session, "reflection"):
        data = record.data
        if data.get("status") != "to_discuss" or owner_of(session, record) != practitioner_id:
            continue
        visit = visits.get(str(data.get("visit_id") or ""))
        family_id = str(data.get("family_id") or (visit.data.get("family_id") if visit else ""))
        stamp = (
            str((visit.data.get("when") if visit else "") or data.get("submitted_at") or "")
            or record.created_at
        )
        title = reflection_title(data) or "Untitled reflection"
        family = families.get(family_id, "")
        if family and family.casefold() in title.casefold():
            family = ""  # the title names the family already
        details = ", ".join(p for p in (family, _say_date(_day(stamp))) if p)
        line = f"Reflection to discuss: “{title}”" + (f" ({details})" if details else "")
        found.append((stamp, line))
    found.sort()
    return [line for _stamp, line in found]


def carried_copy(action: Action) -> dict[str, Any]:
    """An open action as the next session holds it: same words, owner and due date, open."""
    copy: dict[str, Any] = {
        "id": action.key,
        "text": action.text,
        "owner": action.owner,
        "status": "open",
        "carried_from": action.carried_from or action.session_id,
    }
    if action.due:
        copy["due"] = action.due
    return copy


def new_session_draft(session: Session, practitioner_id: str, when: datetime) -> dict[str, Any]:
    """The fields of a new session: agenda from the reflections to discuss and the open
    actions, which are carried into it. Not saved: the supervisor saves it."""
    carried = [carried_copy(a) for a in open_actions(session, practitioner_id)]
    agenda = reflections_to_discuss(session, practitioner_id)
    if carried:
        agenda.append(
            "Actions still open from earlier sessions: 1"
            if len(carried) == 1
            else f"Actions still open from earlier sessions: {len(carried)}"
        )
    return {
        "practitioner_id": practitioner_id,
        "when": when.strftime("%Y-%m-%dT%H:%M"),
        "agenda": agenda,
        "notes": "",
        "actions": carried,
    }


def with_action_ids(data: Mapping[str, Any], record_id: str | None = None) -> dict[str, Any]:
    """Give every action an id so it keeps its identity however the list is edited later."""
    clean = dict(data)
    actions = []
    for index, raw in enumerate(data.get("actions") or []):
        action = dict(raw) if isinstance(raw, dict) else raw
        if isinstance(action, dict) and not action.get("id"):
            # Keep the identity it already had (its words), so nothing moves on saving.
            action["id"] = action_key(record_id, index, action) if record_id else uuid7()
        actions.append(action)
    if "actions" in data:
        clean["actions"] = actions
    return clean


def save_session(
    session: Session,
    data: Mapping[str, Any],
    *,
    record_id: str | None = None,
    expected_version: int | None = None,
) -> Record:
    """Save a supervision session (new, or a new version of one)."""
    return session.records.save(
        "supervision_session",
        with_action_ids(data, record_id),
        record_id=record_id,
        expected_version=expected_version,
    )


def set_action_status(session: Session, session_id: str, key: str, status: str = "done") -> Record:
    """Close (or reopen) one action in the session that holds it: how a practitioner marks
    their own action done."""
    if status not in ACTION_STATUSES:
        raise ServiceError("An action is open, done or dropped.")
    record = session.records.get(session_id)
    actions = [dict(a) for a in record.data.get("actions") or []]
    for index, action in enumerate(actions):
        if action_key(record.id, index, action) == key:
            break
    else:
        raise ServiceError("That action is no longer in this supervision session.")
    actions[index] = {**actions[index], "status": status}
    if status == "done":
        actions[index]["done_on"] = date.today().isoformat()
    else:
        actions[index].pop("done_on", None)
    return save_session(
        session,
        {**record.data, "actions": actions},
        record_id=record.id,
        expected_version=record.version,
    )

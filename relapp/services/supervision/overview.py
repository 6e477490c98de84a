"""The team overview: for each practitioner, what waits for review, when supervision was last
and is next due, open actions and the check-in alerts of their families."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from relapp.services import team
from relapp.services.families import parse_when
from relapp.services.profile import Session
from relapp.services.sessions import open_actions_in
from relapp.services.supervision.common import (
    CADENCE_DAYS,
    family_label,
    family_owner,
    member_names,
    name_of,
    owner,
    readable,
    team_members,
)
from relapp.services.sync_status import in_team
from relapp.store import queries
from relapp.store.vault import Record, fields


@dataclass(frozen=True, slots=True)
class OverviewRow:
    member_id: str
    name: str
    active: bool
    awaiting_review: int
    oldest_waiting: str | None  # when the longest-waiting reflection was submitted
    last_session: str | None  # "when" of the latest supervision session held
    days_since_session: int | None
    overdue: bool  # no session within the cadence (or none at all)
    open_actions: int
    alert_families: tuple[str, ...]  # names of families whose latest check-in raised an alert
    alerts: tuple[tuple[str, str], ...] = ()  # (family name, alert sentence)
    actions: tuple[str, ...] = ()  # the open actions' words


@dataclass(frozen=True, slots=True)
class Overview:
    in_team: bool
    reachable: bool  # False: names fell back to short ids (shared folder out of reach)
    rows: list[OverviewRow]


def open_actions(sessions: Iterable[Record]) -> list[str]:
    """The words of the actions still open across a practitioner's sessions, each once,
    as the Sessions tab counts them (an action keeps its identity when carried forward)."""
    return [a.text for a in open_actions_in(readable(sessions))]


def current_alerts(session: Session, families: Mapping[str, Record]) -> dict[str, list[str]]:
    """Alert sentences by family: the latest check-in of each instrument and respondent that
    raised one, for active families (as the Today page counts them). Read from the check-in
    series index (relapp.store.queries), not from every check-in."""
    active = [
        fid for fid, family in families.items() if family.data.get("status", "active") == "active"
    ]
    instruments = session.definitions.instruments
    found: dict[str, list[str]] = {}
    for latest, previous, _changed in queries.checkin_series(session.vault, active):
        instrument = instruments.get(latest.instrument_id)
        if instrument is None or latest.score is None:
            continue
        sentence = instrument.alert_for(
            float(latest.score), None if previous is None else float(previous)
        )
        if sentence:
            found.setdefault(latest.family_id, []).append(sentence)
    return found


def overview_rows(
    session: Session,
    members: Sequence[team.MemberView] | None,
    today: date,
    cadence_days: int = CADENCE_DAYS,
) -> list[OverviewRow]:
    """One row per practitioner: the team's active practitioners, plus anyone else whose
    work is waiting here (a member who left, or everyone when the folder is out of reach)."""
    records = session.records
    me = session.vault.member_id
    names = member_names(session, members)
    people: dict[str, bool] = {}
    for member in members or []:
        if member.role == "practitioner" and member.active:
            people[member.member_id] = True

    reflections = readable(records.iter("reflection", keep=fields("status", "submitted_at")))
    awaiting: dict[str, list[str]] = {}
    for reflection in reflections:
        if reflection.data.get("status") != "submitted":
            continue
        who = owner(session, reflection)
        if who == me:
            continue
        when = str(reflection.data.get("submitted_at") or reflection.updated_at)
        awaiting.setdefault(who, []).append(when)
        people.setdefault(who, False)

    sessions_by: dict[str, list[Record]] = {}
    for record in readable(records.list("supervision_session")):
        sessions_by.setdefault(str(record.data.get("practitioner_id", "")), []).append(record)

    families = {f.id: f for f in readable(records.list("family"))}
    alerts = current_alerts(session, families)
    alert_names: dict[str, list[tuple[str, str]]] = {}
    for family_id, sentences in alerts.items():
        family = families[family_id]
        name = family_label(family)
        for sentence in sentences:
            alert_names.setdefault(family_owner(session, family), []).append((name, sentence))
    if members is None:  # nobody to list from the team: everyone whose families are here
        for family in families.values():
            who = family_owner(session, family)
            if who != me:
                people.setdefault(who, False)

    rows = []
    end_of_today = datetime.combine(today, datetime.max.time())
    for member_id, active in people.items():
        held = [
            when
            for s in sessions_by.get(member_id, [])
            if (when := parse_when(s.data.get("when"))) is not None and when <= end_of_today
        ]
        last = max(held) if held else None
        since = (today - last.date()).days if last else None
        waiting = sorted(awaiting.get(member_id, []))
        actions = open_actions(sessions_by.get(member_id, []))
        family_alerts = sorted(alert_names.get(member_id, []), key=lambda a: a[0].lower())
        rows.append(
            OverviewRow(
                member_id=member_id,
                name=name_of(names, member_id),
                active=active or members is None,
                awaiting_review=len(waiting),
                oldest_waiting=waiting[0] if waiting else None,
                last_session=last.isoformat(timespec="minutes") if last else None,
                days_since_session=since,
                overdue=since is None or since > cadence_days,
                open_actions=len(actions),
                alert_families=tuple(dict.fromkeys(name for name, _s in family_alerts)),
                alerts=tuple(family_alerts),
                actions=tuple(actions),
            )
        )
    rows.sort(key=lambda r: (not r.active, r.name.lower()))
    return rows


def team_overview(session: Session, today: date, cadence_days: int = CADENCE_DAYS) -> Overview:
    """Everything the Team overview tab shows, in one call for a worker thread."""
    if not in_team(session.vault):
        return Overview(False, False, [])
    members = team_members(session)
    return Overview(True, members is not None, overview_rows(session, members, today, cadence_days))

"""What a supervisor's Today shows: what is waiting for them across the team, not a
practitioner's own week.

Reflections waiting for review (oldest first), returned ones the practitioner has answered,
supervision sessions due by the team's cadence, check-in alerts across every practitioner's
families, erasure requests to carry out or decline and families the retention rule erases
soon, and the supervisor's own unfinished forms. One call, for a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from relapp.services import erasure, retention, supervision
from relapp.services.profile import Session
from relapp.services.reflections import reflection_heading, reflection_title
from relapp.services.unfinished import Unfinished, listed


@dataclass(frozen=True, slots=True)
class AnsweredRow:
    """A reflection returned to its practitioner, who has answered since."""

    reflection_id: str
    title: str
    practitioner: str
    family: str
    answered_at: str
    answer: str


@dataclass(frozen=True, slots=True)
class TeamAlert:
    practitioner_id: str
    practitioner: str
    family: str
    sentence: str


@dataclass
class SupervisorToday:
    today: date
    waiting: list[supervision.QueueRow] = field(default_factory=list)
    answered: list[AnsweredRow] = field(default_factory=list)
    sessions_due: list[supervision.OverviewRow] = field(default_factory=list)
    alerts: list[TeamAlert] = field(default_factory=list)
    erasure_requests: list[erasure.ErasureRequest] = field(default_factory=list)
    retention: list[retention.RetentionItem] = field(default_factory=list)
    unfinished: list[Unfinished] = field(default_factory=list)
    in_team: bool = True


def supervisor_today(session: Session, today: date) -> SupervisorToday:
    out = SupervisorToday(today)
    names = supervision.member_names(session)
    out.waiting = supervision.review_queue(session, names=names)
    out.answered = _answered(session, names)
    overview = supervision.team_overview(session, today)
    out.in_team = overview.in_team
    for row in overview.rows:
        if row.active and row.overdue:
            out.sessions_due.append(row)
        for family, sentence in row.alerts:
            out.alerts.append(TeamAlert(row.member_id, row.name, family, sentence))
    out.sessions_due.sort(key=lambda r: (r.days_since_session is not None, r.last_session or ""))
    out.erasure_requests = [r for r in erasure.erasure_requests(session) if r.status == "open"]
    plan = retention.plan(session, today)
    out.retention = [*plan.due, *plan.upcoming]
    out.unfinished = listed(session.records)
    return out


def _answered(session: Session, names: dict[str, str]) -> list[AnsweredRow]:
    """Returned reflections whose newest word in the feedback thread is the practitioner's."""
    me = session.vault.member_id
    rows = []
    for reflection in session.records.iter(
        "reflection", keep=reflection_heading, status="returned"
    ):
        if reflection.error is not None or reflection.deleted:
            continue
        entries = supervision.feedback_thread(session, reflection.id, names)
        if not entries:
            continue
        newest = max(entries, key=lambda e: e.when)
        if newest.is_mine or newest.author_id == me:
            continue
        family_id = str(reflection.data.get("family_id") or "")
        family = ""
        if family_id:
            found = session.vault.get_many([family_id], author=False)
            record = found.get(family_id)
            if record is not None and record.error is None:
                family = str(record.data.get("display_name") or "")
        rows.append(
            AnsweredRow(
                reflection.id,
                reflection_title(reflection.data) or "Untitled reflection",
                newest.author,
                family,
                newest.when,
                newest.text,
            )
        )
    rows.sort(key=lambda r: r.answered_at)
    return rows

"""What the Today page shows: drafts to finish, this week's visits, check-ins due, alerts and
feedback received. Plain Python over the records, so it is tested without Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from relapp.services.checkins import alerts_by_checkin, family_names, series_key
from relapp.services.families import CHECKIN_DUE_DAYS
from relapp.services.records import RecordService
from relapp.services.reflections import reflection_title
from relapp.store import syncstate
from relapp.store.vault import Record

FEEDBACK_SHOWN = 10


@dataclass(frozen=True)
class DraftRow:
    id: str
    title: str
    family_name: str
    updated_at: str


@dataclass(frozen=True)
class VisitRow:
    id: str
    when: str
    family_name: str
    mode: str
    purpose: str
    upcoming: bool


@dataclass(frozen=True)
class DueRow:
    family_id: str
    family_name: str
    last_checkin: str | None  # the "when" of the latest practitioner check-in, if any
    days_since: int | None


@dataclass(frozen=True)
class AlertRow:
    checkin_id: str
    family_id: str
    family_name: str
    instrument_title: str
    respondent: str
    when: str
    score: float
    sentence: str


@dataclass(frozen=True)
class FeedbackRow:
    reflection_id: str
    feedback_id: str | None  # None for a returned reflection with no feedback record here
    reflection_title: str
    text: str
    state: str
    when: str


@dataclass
class TodaySummary:
    today: date
    drafts: list[DraftRow] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    checkins_due: list[DueRow] = field(default_factory=list)
    alerts: list[AlertRow] = field(default_factory=list)
    feedback: list[FeedbackRow] = field(default_factory=list)
    more_feedback: int = 0
    unreadable: int = 0


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week that contains `today`."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def _day(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value).date()
    except (TypeError, ValueError):
        return None


def _reflection_title(record: Record, names: dict[str, str], visits: dict[str, Record]) -> str:
    """As the Reflections page names it; an empty draft by its family and visit date."""
    data = record.data
    title = reflection_title(data)
    if title:
        return title
    visit = visits.get(str(data.get("visit_id") or ""))
    family = names.get(str(data.get("family_id") or (visit.data.get("family_id") if visit else "")))
    when = _day(visit.data.get("when", "")) if visit else None
    if family and when:
        return f"{family}, visit on {when.isoformat()}"
    return family or "Untitled reflection"


def today_summary(records: RecordService, today: date) -> TodaySummary:
    summary = TodaySummary(today)

    def readable(kind: str) -> list[Record]:
        found = records.list(kind)
        good = [r for r in found if not r.error]
        summary.unreadable += len(found) - len(good)
        return good

    families = {r.id: r for r in readable("family")}
    names = family_names(records)
    visits = {r.id: r for r in readable("visit")}
    reflections = readable("reflection")
    checkins = readable("checkin")
    feedback = readable("feedback")
    active = {fid for fid, f in families.items() if f.data.get("status", "active") == "active"}

    summary.drafts = sorted(
        (
            DraftRow(
                r.id,
                _reflection_title(r, names, visits),
                _family_of(r, names, visits),
                r.updated_at,
            )
            for r in reflections
            if r.data.get("status") == "draft"
        ),
        key=lambda row: row.updated_at,
        reverse=True,
    )

    monday, sunday = week_bounds(today)
    for visit in visits.values():
        day = _day(visit.data.get("when", ""))
        if day is None or not monday <= day <= sunday:
            continue
        summary.visits.append(
            VisitRow(
                visit.id,
                visit.data["when"],
                names.get(visit.data.get("family_id", ""), "Unknown family"),
                visit.data.get("mode", ""),
                str(visit.data.get("purpose", "")),
                day >= today,
            )
        )
    summary.visits.sort(key=lambda row: row.when)

    latest_practitioner: dict[str, str] = {}
    for record in checkins:
        if record.data.get("respondent") != "practitioner":
            continue
        fid, when = record.data.get("family_id", ""), record.data.get("when", "")
        latest_practitioner[fid] = max(latest_practitioner.get(fid, ""), when)
    due_after = today - timedelta(days=CHECKIN_DUE_DAYS)
    for fid in active:
        last = latest_practitioner.get(fid)
        last_day = _day(last) if last else None
        if last_day is not None and last_day > due_after:
            continue
        since = (today - last_day).days if last_day else None
        summary.checkins_due.append(DueRow(fid, names.get(fid, ""), last, since))
    # Never checked in first, then the longest gap first.
    summary.checkins_due.sort(
        key=lambda row: (row.days_since is not None, -(row.days_since or 0), row.family_name)
    )

    summary.alerts = _alerts(records, checkins, names, active)

    summary.feedback, summary.more_feedback = _feedback(
        records, reflections, feedback, names, visits
    )
    return summary


def _family_of(record: Record, names: dict[str, str], visits: dict[str, Record]) -> str:
    fid = record.data.get("family_id")
    if not fid:
        visit = visits.get(str(record.data.get("visit_id") or ""))
        fid = visit.data.get("family_id") if visit else None
    return names.get(str(fid or ""), "")


def _alerts(
    records: RecordService, checkins: list[Record], names: dict[str, str], active: set[str]
) -> list[AlertRow]:
    """The latest check-in of each family, instrument and respondent, when it raised an alert.

    Closed families are left out: their alerts are history, not something to act on today.
    """
    instruments = records.definitions.instruments
    alerts = alerts_by_checkin(checkins, instruments)
    latest: dict[tuple[str, str, str], Record] = {}
    for record in checkins:
        key = series_key(record.data)
        if key not in latest or record.data.get("when", "") > latest[key].data.get("when", ""):
            latest[key] = record
    rows = []
    for (fid, instrument_id, respondent), record in latest.items():
        sentence = alerts.get(record.id)
        if not sentence or fid not in active:
            continue
        instrument = instruments[instrument_id]
        rows.append(
            AlertRow(
                record.id,
                fid,
                names.get(fid, ""),
                instrument.title,
                respondent,
                record.data.get("when", ""),
                float(record.data["score"]),
                sentence,
            )
        )
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows


def _feedback(
    records: RecordService,
    reflections: list[Record],
    feedback: list[Record],
    names: dict[str, str],
    visits: dict[str, Record],
) -> tuple[list[FeedbackRow], int]:
    """Returned reflections (each once, with the latest feedback on it), then other feedback on
    my reflections, newest first. My own replies to feedback are not "received"."""
    me = records.vault.member_id
    # Mine: I wrote its first version (a supervisor's review adds a version by them).
    mine = {
        r.id: r for r in reflections if (syncstate.owner_of(records.vault, r.id) or r.author) == me
    }
    received = [
        f
        for f in feedback
        if f.data.get("record_id") in mine and not (f.data.get("reply_to") and f.author == me)
    ]
    received.sort(key=lambda f: f.updated_at, reverse=True)
    latest_on: dict[str, Record] = {}
    for f in received:
        latest_on.setdefault(f.data["record_id"], f)

    returned: list[FeedbackRow] = []
    for reflection in mine.values():
        if reflection.data.get("status") != "returned":
            continue
        note = latest_on.get(reflection.id)
        returned.append(
            FeedbackRow(
                reflection.id,
                note.id if note else None,
                _reflection_title(reflection, names, visits),
                str(note.data.get("text", "")) if note else "",
                "returned",
                note.updated_at if note else reflection.updated_at,
            )
        )
    returned.sort(key=lambda row: row.when, reverse=True)
    shown_returned = {row.reflection_id for row in returned}
    others = [
        FeedbackRow(
            f.data["record_id"],
            f.id,
            _reflection_title(mine[f.data["record_id"]], names, visits),
            str(f.data.get("text", "")),
            str(f.data.get("review_state") or mine[f.data["record_id"]].data.get("status", "")),
            f.updated_at,
        )
        for f in received
        if f.data["record_id"] not in shown_returned
    ]
    rows = returned + others
    return rows[:FEEDBACK_SHOWN], max(0, len(rows) - FEEDBACK_SHOWN)

"""What the Today page shows: drafts to finish, this week's visits, check-ins due, alerts and
feedback received. Plain Python over the records, so it is tested without Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from relapp.services.checkins import SELF_CHECK_NAME, alerts_by_checkin, series_key
from relapp.services.families import CHECKIN_DUE_DAYS, SCORED_FIELDS
from relapp.services.records import RecordService
from relapp.services.reflections import reflection_heading, reflection_title
from relapp.store import syncstate
from relapp.store.vault import Record, VaultError, fields

FEEDBACK_SHOWN = 10


@dataclass(frozen=True, slots=True)
class DraftRow:
    id: str
    title: str
    family_name: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class VisitRow:
    id: str
    when: str
    family_name: str
    mode: str
    purpose: str
    upcoming: bool


@dataclass(frozen=True, slots=True)
class DueRow:
    family_id: str
    family_name: str
    last_checkin: str | None  # the "when" of the latest practitioner check-in, if any
    days_since: int | None


@dataclass(frozen=True, slots=True)
class AlertRow:
    checkin_id: str
    family_id: str
    family_name: str
    instrument_title: str
    respondent: str
    when: str
    score: float
    sentence: str


@dataclass(frozen=True, slots=True)
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


# What Today reads of the active families' visits and check-ins (a check-in's answers and
# comment, a visit's notes, are never shown here).
_VISIT_OR_CHECKIN = fields(*SCORED_FIELDS, "mode", "purpose")


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week that contains `today`."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def _day(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value).date()
    except (TypeError, ValueError):
        return None


class _Visits:
    """Visits by id: the active families' visits, already read, and any other one read from
    the vault when a reflection needs it (a draft about a closed family's visit)."""

    def __init__(self, records: RecordService, known: dict[str, Record]) -> None:
        self.records = records
        self.known: dict[str, Record | None] = dict(known)

    def get(self, visit_id: str) -> Record | None:
        if not visit_id:
            return None
        if visit_id not in self.known:
            found: Record | None
            try:
                found = self.records.vault.get(visit_id, strict=False)
            except VaultError:  # not found, or the profile locked meanwhile
                found = None
            if found is not None and (found.kind != "visit" or found.deleted or found.error):
                found = None  # as records.list("visit") would: readable visits only
            self.known[visit_id] = found
        return self.known[visit_id]


def _by_newest(found: list[Record]) -> list[Record]:
    """As one records.list(kind) orders them: most recently changed first."""
    return sorted(found, key=lambda r: r.updated_at, reverse=True)


def _reflection_title(record: Record, names: dict[str, str], visits: _Visits) -> str:
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

    def readable(found: list[Record]) -> list[Record]:
        good = [r for r in found if not r.error]
        summary.unreadable += len(found) - len(good)
        return good

    families = readable(records.list("family"))
    # As relapp.services.checkins.family_names, from the families already read.
    names = {
        f.id: str(f.data.get("display_name") or f.data.get("reference") or "") for f in families
    }
    names.setdefault(records.vault.member_id, SELF_CHECK_NAME)
    active_ids = [f.id for f in families if f.data.get("status", "active") == "active"]
    active = set(active_ids)
    # Visits and check-ins only matter for active families: read just theirs, not every visit
    # and check-in ever recorded. One query per family without a kind, so that SQLite looks
    # them up by the parent index (given a kind too, it walks that kind's index instead:
    # every visit in the profile, once per family).
    family_visits: list[Record] = []
    checkins: list[Record] = []
    for fid in active_ids:
        for record in records.vault.iter(None, parent_id=fid, keep=_VISIT_OR_CHECKIN):
            if record.kind == "visit":
                family_visits.append(record)
            elif record.kind == "checkin":
                checkins.append(record)
    family_visits = readable(_by_newest(family_visits))
    checkins = readable(_by_newest(checkins))
    visits = _Visits(records, {r.id: r for r in family_visits})
    feedback = readable(
        records.list("feedback", keep=fields("record_id", "reply_to", "review_state", "text"))
    )
    # Of every reflection, only drafts and those with something to hear back on are kept.
    commented = {f.data.get("record_id") for f in feedback}
    drafts: list[Record] = []
    reflections: list[Record] = []
    for reflection in records.iter("reflection", keep=reflection_heading):
        if reflection.error is not None:
            summary.unreadable += 1
            continue
        status = reflection.data.get("status")
        if status == "draft":
            drafts.append(reflection)
        if status == "returned" or reflection.id in commented:
            reflections.append(reflection)

    summary.drafts = sorted(
        (
            DraftRow(
                r.id,
                _reflection_title(r, names, visits),
                _family_of(r, names, visits),
                r.updated_at,
            )
            for r in drafts
        ),
        key=lambda row: row.updated_at,
        reverse=True,
    )

    monday, sunday = week_bounds(today)
    for visit in family_visits:
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


def _family_of(record: Record, names: dict[str, str], visits: _Visits) -> str:
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
    visits: _Visits,
) -> tuple[list[FeedbackRow], int]:
    """Returned reflections (each once, with the latest feedback on it), then other feedback on
    my reflections, newest first. My own replies to feedback are not "received"."""
    me = records.vault.member_id
    # Mine: I wrote its first version (a supervisor's review adds a version by them). Asked
    # only of the reflections that matter here: returned ones, and those with feedback.
    commented = {f.data.get("record_id") for f in feedback}
    mine = {
        r.id: r
        for r in reflections
        if (r.data.get("status") == "returned" or r.id in commented)
        and (syncstate.owner_of(records.vault, r.id) or r.author) == me
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

    # (reflection, feedback or None, state or None for the reflection's status, when)
    returned: list[tuple[Record, Record | None, str | None, str]] = []
    for reflection in mine.values():
        if reflection.data.get("status") != "returned":
            continue
        note = latest_on.get(reflection.id)
        returned.append(
            (reflection, note, "returned", note.updated_at if note else reflection.updated_at)
        )
    returned.sort(key=lambda item: item[3], reverse=True)
    shown_returned = {item[0].id for item in returned}
    others = [
        (mine[f.data["record_id"]], f, f.data.get("review_state"), f.updated_at)
        for f in received
        if f.data["record_id"] not in shown_returned
    ]
    items = returned + others
    # Titles only for the rows shown: an untitled one may need its visit read.
    rows = [
        FeedbackRow(
            reflection.id,
            note.id if note else None,
            _reflection_title(reflection, names, visits),
            str(note.data.get("text", "")) if note else "",
            str(state or reflection.data.get("status", "")),
            when,
        )
        for reflection, note, state, when in items[:FEEDBACK_SHOWN]
    ]
    return rows, max(0, len(items) - FEEDBACK_SHOWN)

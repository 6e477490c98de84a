"""What the Today page shows: drafts to finish, this week's visits, check-ins due, alerts and
feedback received. Plain Python over set queries, so it is tested without Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from relapp.services.checkins import SELF_CHECK_NAME
from relapp.services.families import CHECKIN_DUE_DAYS
from relapp.services.records import RecordService
from relapp.services.reflections import reflection_title
from relapp.services.unfinished import Unfinished, listed
from relapp.store import queries
from relapp.store.vault import Vault

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
    unfinished: list[Unfinished] = field(default_factory=list)  # forms not saved as records yet


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week that contains `today`."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def _day(value: Any) -> date | None:
    try:
        return datetime.fromisoformat(value).date()
    except (TypeError, ValueError):
        return None


def today_summary(records: RecordService, today: date) -> TodaySummary:
    """What Today shows, in a handful of set queries (relapp.store.queries) that read the
    indexes: no query per family, and no kind read whole but feedback (whose count is shown).
    """
    vault = records.vault
    summary = TodaySummary(today)
    me = vault.member_id
    active = queries.active_families(vault)  # id -> name, by name
    summary.unreadable = len(queries.unreadable(vault, "family")) + len(
        queries.unreadable(vault, "reflection")
    )
    # Visits and check-ins are read for active families only, as are those that do not open.
    for kind in ("visit", "checkin"):
        summary.unreadable += sum(
            1 for _r, parent in queries.unreadable(vault, kind) if parent in active
        )

    monday, sunday = week_bounds(today)
    week = [
        (visit, day)
        for visit in queries.records_dated(vault, "visit", monday, sunday)
        if visit.parent_id in active
        and (day := _day(visit.data.get("when", ""))) is not None
        and monday <= day <= sunday
    ]
    instruments = records.definitions.instruments
    bounds = {key: instrument.alert_bounds() for key, instrument in instruments.items()}
    may_alert = queries.alert_heads(vault, active, bounds)
    checked_in = queries.last_checked_in(vault, active, "practitioner")
    drafts = queries.with_status(vault, "reflection", "draft")
    summary.unreadable += queries.feedback_unreadable(vault)
    # Mine: I wrote its first version (a supervisor's review adds a version by them). My own
    # replies to feedback are not "received".
    received = queries.feedback_received(vault, me)
    returned = queries.with_status(vault, "reflection", "returned")
    owner = queries.owners(vault, "reflection", (r.id for r in returned))
    returned = [r for r in returned if owner.get(r.id) == me]
    items, more = _feedback_items(returned, received)
    shown = _Shown(vault, drafts, returned, items)

    names = _Names(vault, active, me)
    names.fetch(
        [str(w.data.get("family_id", "")) for w, _day in week]
        + [fid for r in shown.reflections() for fid in shown.families_of(r)]
    )
    summary.drafts = [
        DraftRow(r.id, shown.title(r, names), names.get(shown.family_of(r), ""), r.updated_at)
        for r in drafts
    ]
    summary.visits = sorted(
        (
            VisitRow(
                visit.id,
                visit.data["when"],
                names.get(visit.data.get("family_id", ""), "Unknown family"),
                visit.data.get("mode", ""),
                str(visit.data.get("purpose", "")),
                day >= today,
            )
            for visit, day in week
        ),
        key=lambda row: row.when,
    )
    summary.checkins_due = _due(checked_in, active, today)
    summary.alerts = _alerts(records, may_alert, active)
    summary.feedback = [
        FeedbackRow(
            reflection.id,
            note.id if note else None,
            shown.title(reflection, names),
            str(shown.note(note).get("text", "")) if note else "",
            str(state or reflection.data.get("status", "")),
            when,
        )
        for reflection_id, note, state, when in items[:FEEDBACK_SHOWN]
        if (reflection := shown.reflection(reflection_id)) is not None
    ]
    summary.more_feedback = more
    summary.unfinished = listed(records)
    return summary


class _Names:
    """Family names: the active families' (already read) and any other asked for by id; the
    profile's owner is "Myself" (a self-check hangs from them), as family_names gives."""

    def __init__(self, vault: Vault, active: dict[str, str], me: str) -> None:
        self.vault = vault
        self.known = dict(active)
        self.me = me

    def fetch(self, ids: list[str]) -> None:
        self.known.update(queries.family_names(self.vault, set(ids) - set(self.known)))
        self.known.setdefault(self.me, SELF_CHECK_NAME)

    def get(self, family_id: str, default: str) -> str:
        return self.known.get(family_id, default)


class _Shown:
    """The reflections, feedback and visits behind the rows shown (drafts, the first
    FEEDBACK_SHOWN feedback items), each read once."""

    def __init__(
        self,
        vault: Vault,
        drafts: list[queries.Found],
        returned: list[queries.Found],
        items: list[_Item],
    ) -> None:
        shown = items[:FEEDBACK_SHOWN]
        self._reflections = {r.id: r for r in drafts}
        known = {r.id: r for r in returned}
        wanted_ids = {i[0] for i in shown}
        self._reflections.update((rid, known[rid]) for rid in wanted_ids if rid in known)
        self._reflections.update(queries.reflections(vault, wanted_ids - set(self._reflections)))
        self._notes = queries.feedback_details(
            vault, [note.id for _r, note, _s, _w in shown if note]
        )
        wanted = [
            str(r.data.get("visit_id") or "")
            for r in self._reflections.values()
            if not r.data.get("family_id") or not reflection_title(r.data)
        ]
        self._visits = queries.visits(vault, wanted)

    def reflections(self) -> list[queries.Found]:
        return list(self._reflections.values())

    def reflection(self, reflection_id: str) -> queries.Found | None:
        return self._reflections.get(reflection_id)

    def note(self, note: queries.FeedbackEntry) -> dict[str, Any]:
        return self._notes.get(note.id, {})

    def visit(self, data: dict[str, Any]) -> dict[str, Any] | None:
        return self._visits.get(str(data.get("visit_id") or ""))

    def families_of(self, record: queries.Found) -> list[str]:
        visit = self.visit(record.data)
        return [
            str(record.data.get("family_id") or ""),
            str(visit.get("family_id", "")) if visit else "",
        ]

    def family_of(self, record: queries.Found) -> str:
        fid = record.data.get("family_id")
        if not fid:
            visit = self.visit(record.data)
            fid = visit.get("family_id") if visit else None
        return str(fid or "")

    def title(self, record: queries.Found, names: _Names) -> str:
        """As the Reflections page names it; an empty draft by its family and visit date."""
        data = record.data
        title = reflection_title(data)
        if title:
            return title
        visit = self.visit(data)
        family = names.get(
            str(data.get("family_id") or (visit.get("family_id") if visit else "")), ""
        )
        when = _day(visit.get("when", "")) if visit else None
        if family and when:
            return f"{family}, visit on {when.isoformat()}"
        return family or "Untitled reflection"


def _due(latest_practitioner: dict[str, str], active: dict[str, str], today: date) -> list[DueRow]:
    """Active families without a practitioner check-in in the last CHECKIN_DUE_DAYS: never
    checked in first, then the longest gap first. `latest_practitioner`: when each family
    last had one (queries.last_checked_in)."""
    due_after = today - timedelta(days=CHECKIN_DUE_DAYS)
    rows = []
    for fid, name in active.items():
        last = latest_practitioner.get(fid)
        last_day = _day(last) if last else None
        if last_day is not None and last_day > due_after:
            continue
        since = (today - last_day).days if last_day else None
        rows.append(DueRow(fid, name, last, since))
    rows.sort(key=lambda row: (row.days_since is not None, -(row.days_since or 0), row.family_name))
    return rows


def _alerts(
    records: RecordService, heads: list[queries.SeriesHead], active: dict[str, str]
) -> list[AlertRow]:
    """The latest check-in of each family, instrument and respondent, when it raised an alert
    (compared with the scored check-in before it in its series). `heads`: those that may
    (queries.alert_heads); the instrument's rule decides.

    Closed families are left out: their alerts are history, not something to act on today.
    """
    instruments = records.definitions.instruments
    rows = []
    for latest, previous, _changed in heads:
        instrument = instruments.get(latest.instrument_id)
        if instrument is None or latest.score is None or latest.family_id not in active:
            continue
        score = float(latest.score)
        sentence = instrument.alert_for(score, None if previous is None else float(previous))
        if sentence:
            rows.append(
                AlertRow(
                    latest.id,
                    latest.family_id,
                    active[latest.family_id],
                    instrument.title,
                    latest.respondent,
                    latest.when,
                    score,
                    sentence,
                )
            )
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows


# (reflection id, latest feedback or None, state or None for the reflection's status, when)
_Item = tuple[str, "queries.FeedbackEntry | None", Any, str]


def _feedback_items(
    returned: list[queries.Found], received: list[queries.FeedbackEntry]
) -> tuple[list[_Item], int]:
    """Returned reflections of mine (each once, with the latest feedback on it), then other
    feedback received on my reflections, newest first; and how many are left unshown.
    `received` is newest first, without my own replies."""
    latest_on: dict[str, queries.FeedbackEntry] = {}
    for note in received:
        latest_on.setdefault(note.reflection_id, note)
    items: list[_Item] = []
    for reflection in returned:
        note = latest_on.get(reflection.id)
        items.append(
            (reflection.id, note, "returned", note.updated_at if note else reflection.updated_at)
        )
    items.sort(key=lambda item: item[3], reverse=True)
    shown_returned = {r.id for r in returned}
    items += [
        (note.reflection_id, note, note.review_state, note.updated_at)
        for note in received
        if note.reflection_id not in shown_returned
    ]
    return items, max(0, len(items) - FEEDBACK_SHOWN)

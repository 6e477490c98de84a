"""One family's page: its timeline of visits with their reflections and check-ins, what is open,
and its check-in trends."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from relapp.services.errors import ServiceError
from relapp.services.families.model import (
    FamilyDetail,
    OpenItem,
    TimelineVisit,
    TrendPoint,
    members_of,
    parse_when,
)
from relapp.services.families.scores import (
    is_checkin_due,
    latest_when,
    newest_first_key,
    readable,
    score_of,
)
from relapp.services.records import RecordService
from relapp.store import audit, queries
from relapp.store.vault import Record


def _trends_from(checkins: Iterable[Record]) -> dict[str, list[TrendPoint]]:
    trends: dict[str, list[TrendPoint]] = {}
    for record in checkins:
        when, score = parse_when(record.data.get("when")), score_of(record)
        instrument_id = record.data.get("instrument_id")
        if when is None or score is None or not isinstance(instrument_id, str):
            continue
        point = TrendPoint(when, score, str(record.data.get("respondent", "")), record.id)
        trends.setdefault(instrument_id, []).append(point)
    for points in trends.values():
        points.sort(key=lambda p: (p.when, p.respondent))
    return trends


def _ordered(
    records: RecordService, trends: dict[str, list[TrendPoint]]
) -> dict[str, list[TrendPoint]]:
    # Instruments meant mainly for the practitioner (listed first among their respondents)
    # come first, then the definitions' order: the same order for every family.
    instruments = records.definitions.instruments
    order = {instrument_id: index for index, instrument_id in enumerate(instruments)}

    def key(instrument_id: str) -> tuple[bool, int, str]:
        instrument = instruments.get(instrument_id)
        main = instrument is not None and instrument.respondents[0] == "practitioner"
        return (not main, order.get(instrument_id, len(order)), instrument_id)

    return {k: trends[k] for k in sorted(trends, key=key)}


def trend_series(records: RecordService, family_id: str) -> dict[str, list[TrendPoint]]:
    """Each instrument's scores for a family, oldest first; practitioner-led instruments first."""
    checkins = readable(records.list("checkin", parent_id=family_id))
    return _ordered(records, _trends_from(checkins))


def _family_reflections(
    records: RecordService, family_id: str, visit_ids: set[str]
) -> list[queries.Found]:
    # A reflection hangs from its family when it names one, else from its visit: ask the
    # parent index for both, not every reflection of the profile.
    return [
        r
        for r in queries.children(records.vault, "reflection", {family_id, *visit_ids})
        if r.data.get("family_id") == family_id or r.data.get("visit_id") in visit_ids
    ]


def family_detail(
    records: RecordService, family_id: str, *, today: date | None = None
) -> FamilyDetail:
    """A family with its visits (newest first), open items and check-in trends."""
    today = today or date.today()
    family = records.get(family_id)
    if family.kind != "family":
        raise ServiceError("That record is not a family.")
    audit.record(records.vault, "open_family", [family_id])
    if family.deleted:
        raise ServiceError("This family is in the trash. Restore it to see its page.")
    visits = readable(records.list("visit", parent_id=family_id))
    visit_ids = {v.id for v in visits}
    checkins = readable(records.list("checkin", parent_id=family_id))
    reflections = _family_reflections(records, family_id, visit_ids)

    per_visit_checkins: dict[str, int] = {}
    for record in checkins:
        visit_id = record.data.get("visit_id")
        if isinstance(visit_id, str):
            per_visit_checkins[visit_id] = per_visit_checkins.get(visit_id, 0) + 1
    # The most recently edited reflection stands for its visit.
    per_visit_reflection: dict[str, queries.Found] = {}
    for record in sorted(reflections, key=lambda r: r.updated_at):
        visit_id = record.data.get("visit_id")
        if isinstance(visit_id, str):
            per_visit_reflection[visit_id] = record

    timeline = []
    for visit in visits:
        data = visit.data
        reflection = per_visit_reflection.get(visit.id)
        duration = data.get("duration_minutes")
        timeline.append(
            TimelineVisit(
                id=visit.id,
                when=parse_when(data.get("when")),
                mode=str(data.get("mode", "")),
                duration_minutes=duration if isinstance(duration, int) else None,
                purpose=str(data.get("purpose") or ""),
                present=tuple(str(p) for p in data.get("present") or []),
                reflection_id=reflection.id if reflection else None,
                reflection_status=str(reflection.data.get("status")) if reflection else None,
                checkin_count=per_visit_checkins.get(visit.id, 0),
            )
        )
    timeline.sort(key=lambda v: newest_first_key(v.when), reverse=True)

    status = str(family.data.get("status") or "active")
    last_checkin = latest_when(checkins)
    due = is_checkin_due(status, last_checkin, today)
    open_items = _open_items(reflections, timeline, due)
    return FamilyDetail(
        id=family.id,
        version=family.version,
        data=dict(family.data),
        members=members_of(family.data),
        visits=timeline,
        open_items=open_items,
        checkin_due=due,
        last_checkin=last_checkin,
        trends=_ordered(records, _trends_from(checkins)),
    )


def _open_items(
    reflections: list[queries.Found], timeline: list[TimelineVisit], checkin_due: bool
) -> list[OpenItem]:
    items = []
    for record in sorted(reflections, key=lambda r: r.updated_at, reverse=True):
        state = record.data.get("status")
        if state not in ("draft", "returned"):
            continue
        title = str(record.data.get("title") or "Untitled reflection")
        items.append(OpenItem(str(state), title, record.id, parse_when(record.updated_at)))
    if checkin_due:
        latest = timeline[0].id if timeline else ""
        items.append(OpenItem("checkin_due", "Check-in due", latest))
    return items

"""The queries behind the Families and Visits pages: list rows, a family's timeline and open
items, check-in trends, and the links from a visit to its reflection and check-ins.

Plain Python, no Qt: the pages call these inside background read tasks, since each one
decrypts records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from relapp.domain.definitions import Instrument
from relapp.services.errors import ServiceError
from relapp.services.paging import FamilyFilter, Page, PageRequest
from relapp.services.records import RecordService
from relapp.store import audit, pages, queries
from relapp.store.vault import Record, decode_body, fields

# A family with no check-in in this many days is due one (the demo and the teams we work with
# aim for roughly monthly).
CHECKIN_DUE_DAYS = 28
MEMBER_ROLES = ("mother", "father", "carer", "grandparent", "child", "other")


def parse_when(text: Any) -> datetime | None:
    """A stored date/time as naive local time, or None when it is missing or malformed."""
    if not isinstance(text, str) or not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return value


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    role: str = ""
    birth_year: int | None = None


@dataclass(frozen=True, slots=True)
class LatestScore:
    instrument_id: str
    instrument_title: str
    respondent: str
    when: datetime
    score: float
    below_threshold: bool


@dataclass(frozen=True, slots=True)
class FamilyRow:
    id: str
    reference: str
    display_name: str
    service: str
    status: str
    members_count: int
    last_visit: datetime | None
    last_checkin: datetime | None
    checkin_due: bool
    latest: LatestScore | None
    error: str | None = None

    @property
    def next_checkin_due(self) -> date | None:
        if self.checkin_due or self.last_checkin is None:
            return None
        return self.last_checkin.date() + timedelta(days=CHECKIN_DUE_DAYS)

    def matches(self, text: str) -> bool:
        """Whether the words typed in the search box all appear in name, reference or service."""
        haystack = f"{self.display_name} {self.reference} {self.service}".casefold()
        return all(word in haystack for word in text.casefold().split())


@dataclass(frozen=True, slots=True)
class TrendPoint:
    when: datetime
    score: float
    respondent: str
    checkin_id: str = ""


@dataclass(frozen=True, slots=True)
class TimelineVisit:
    id: str
    when: datetime | None
    mode: str
    duration_minutes: int | None
    purpose: str
    present: tuple[str, ...]
    reflection_id: str | None
    reflection_status: str | None
    checkin_count: int


@dataclass(frozen=True, slots=True)
class OpenItem:
    kind: str  # "draft", "returned" or "checkin_due"
    title: str
    # The reflection to open; for a due check-in, the latest visit to attach it to (or "").
    record_id: str
    when: datetime | None = None


@dataclass(frozen=True, slots=True)
class FamilyDetail:
    id: str
    version: int
    data: dict[str, Any]
    members: tuple[Member, ...]
    visits: list[TimelineVisit]
    open_items: list[OpenItem]
    checkin_due: bool
    last_checkin: datetime | None
    trends: dict[str, list[TrendPoint]] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return str(self.data.get("display_name", ""))

    @property
    def reference(self) -> str:
        return str(self.data.get("reference", ""))

    @property
    def service(self) -> str:
        return str(self.data.get("service", ""))

    @property
    def status(self) -> str:
        return str(self.data.get("status", "active"))


@dataclass(frozen=True, slots=True)
class VisitRow:
    id: str
    family_id: str
    family_name: str
    reference: str
    when: datetime | None
    mode: str
    duration_minutes: int | None
    purpose: str


@dataclass(frozen=True, slots=True)
class FamilyChoice:
    id: str
    display_name: str
    reference: str
    status: str
    members: tuple[Member, ...]


@dataclass(frozen=True, slots=True)
class LinkedReflection:
    id: str
    title: str
    status: str
    updated: datetime | None


@dataclass(frozen=True, slots=True)
class LinkedCheckin:
    id: str
    instrument_title: str
    respondent: str
    score: float | None
    when: datetime | None
    below_threshold: bool


# ---- helpers -------------------------------------------------------------------------------


def members_of(data: dict[str, Any]) -> tuple[Member, ...]:
    found = []
    for entry in data.get("members") or []:
        if isinstance(entry, dict) and str(entry.get("name", "")).strip():
            year = entry.get("birth_year")
            found.append(
                Member(
                    name=str(entry["name"]).strip(),
                    role=str(entry.get("role") or ""),
                    birth_year=year if isinstance(year, int) else None,
                )
            )
    return tuple(found)


def _readable(records: Iterable[Record]) -> list[Record]:
    return [r for r in records if r.error is None]


def _below(instrument: Instrument | None, score: float) -> bool:
    if instrument is None or instrument.alert is None or instrument.alert.threshold is None:
        return False
    return score < instrument.alert.threshold


def _score(record: Record) -> float | None:
    value = record.data.get("score")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _latest_when(records: Iterable[Record]) -> datetime | None:
    stamps = [w for r in records if (w := parse_when(r.data.get("when"))) is not None]
    return max(stamps, default=None)


def _checkin_due(status: str, last_checkin: datetime | None, today: date) -> bool:
    if status != "active":
        return False
    return last_checkin is None or (today - last_checkin.date()).days > CHECKIN_DUE_DAYS


def _latest_score(records: RecordService, checkins: list[Record]) -> LatestScore | None:
    best: tuple[datetime, Record, float] | None = None
    for record in checkins:
        when, score = parse_when(record.data.get("when")), _score(record)
        if when is not None and score is not None and (best is None or when > best[0]):
            best = (when, record, score)
    if best is None:
        return None
    when, record, score = best
    return _scored(records, record.data, when, score)


def _scored(
    records: RecordService, data: dict[str, Any], when: datetime, score: float
) -> LatestScore:
    instrument_id = str(data.get("instrument_id", ""))
    instrument = records.definitions.instruments.get(instrument_id)
    return LatestScore(
        instrument_id=instrument_id,
        instrument_title=instrument.title if instrument else instrument_id,
        respondent=str(data.get("respondent", "")),
        when=when,
        score=score,
        below_threshold=_below(instrument, score),
    )


def _by_parent(records: Iterable[Record], field_name: str) -> dict[str, list[Record]]:
    grouped: dict[str, list[Record]] = {}
    for record in records:
        key = record.data.get(field_name)
        if isinstance(key, str):
            grouped.setdefault(key, []).append(record)
    return grouped


def _newest_first_key(when: datetime | None) -> tuple[int, datetime]:
    return (0, datetime.min) if when is None else (1, when)


# ---- the Families page -------------------------------------------------------------------


def family_rows(records: RecordService, *, today: date | None = None) -> list[FamilyRow]:
    """One row per family (closed ones too), sorted by display name.

    Visits and check-ins are folded into each family's latest as they are opened: only those
    are kept, not every visit and check-in of the profile.
    """
    today = today or date.today()
    last_visit: dict[str, datetime] = {}
    for visit in records.iter("visit", keep=fields("family_id", "when")):
        family_id, when = visit.data.get("family_id"), parse_when(visit.data.get("when"))
        if (
            visit.error is None
            and isinstance(family_id, str)
            and when is not None
            and (family_id not in last_visit or when > last_visit[family_id])
        ):
            last_visit[family_id] = when
    last_checkin: dict[str, datetime] = {}
    latest: dict[str, tuple[datetime, Record, float]] = {}
    for record in records.iter("checkin", keep=SCORED):
        family_id, when = record.data.get("family_id"), parse_when(record.data.get("when"))
        if record.error is not None or not isinstance(family_id, str) or when is None:
            continue
        if family_id not in last_checkin or when > last_checkin[family_id]:
            last_checkin[family_id] = when
        score = _score(record)
        if score is not None and (family_id not in latest or when > latest[family_id][0]):
            latest[family_id] = (when, record, score)
    rows = []
    for record in records.iter("family", keep=_FAMILY_ROW):
        if record.error is not None:
            rows.append(
                FamilyRow(
                    record.id,
                    "",
                    "Unreadable record",
                    "",
                    "",
                    0,
                    None,
                    None,
                    False,
                    None,
                    error=record.error,
                )
            )
            continue
        data = record.data
        status = str(data.get("status") or "active")
        checked_in = last_checkin.get(record.id)
        best = latest.get(record.id)
        rows.append(
            FamilyRow(
                id=record.id,
                reference=str(data.get("reference", "")),
                display_name=str(data.get("display_name", "")),
                service=str(data.get("service") or ""),
                status=status,
                members_count=len(members_of(data)),
                last_visit=last_visit.get(record.id),
                last_checkin=checked_in,
                checkin_due=_checkin_due(status, checked_in, today),
                latest=_latest_score(records, [best[1]]) if best else None,
            )
        )
    rows.sort(key=lambda r: (r.display_name.casefold(), r.reference))
    return rows


def family_page(
    records: RecordService,
    filters: FamilyFilter,
    request: PageRequest,
    *,
    today: date | None = None,
) -> Page[FamilyRow]:
    """One screen of the Families list (filtered, in the order asked for), each family with
    its last visit and check-in and its newest score."""
    today = today or date.today()
    raw = pages.family_page(records.vault, filters, request)
    return Page([_family_row(records, row, today) for row in raw.rows], raw.after)


def family_count(
    records: RecordService, filters: FamilyFilter
) -> tuple[int, tuple[int, list[str]]]:
    """How many families match the filters; how many there are, and the services they are
    in (the filter's choices)."""
    vault = records.vault
    shown = pages.family_count(vault, filters)
    total = shown if filters == FamilyFilter() else pages.family_count(vault, FamilyFilter())
    return shown, (total, pages.family_services(vault))


def _family_row(records: RecordService, row: tuple[Any, ...], today: date) -> FamilyRow:
    family_id, body, last_visit, last_checkin, scored = row[:5]
    try:
        data = decode_body(body)
    except ValueError:
        return FamilyRow(
            family_id,
            "",
            "Unreadable record",
            "",
            "",
            0,
            None,
            None,
            False,
            None,
            error=f"The family record {family_id} could not be opened: its stored data is "
            "damaged or was altered.",
        )
    status = str(data.get("status") or "active")
    checked_in = parse_when(last_checkin)
    latest = None
    if scored is not None:
        checkin = decode_body(scored)
        when, score = parse_when(checkin.get("when")), checkin.get("score")
        if when is not None and isinstance(score, int | float) and not isinstance(score, bool):
            latest = _scored(records, checkin, when, float(score))
    return FamilyRow(
        id=family_id,
        reference=str(data.get("reference", "")),
        display_name=str(data.get("display_name", "")),
        service=str(data.get("service") or ""),
        status=status,
        members_count=len(members_of(data)),
        last_visit=parse_when(last_visit),
        last_checkin=checked_in,
        checkin_due=_checkin_due(status, checked_in, today),
        latest=latest,
    )


# A `keep` for reading many check-ins: what lists, alerts and trends use (not the answers).
SCORED_FIELDS = ("family_id", "when", "score", "instrument_id", "respondent", "visit_id")
SCORED = fields(*SCORED_FIELDS)
# What the Families list reads of a family: not its notes.
_FAMILY_ROW = fields("reference", "display_name", "service", "status", "members")


def services_of(rows: Sequence[FamilyRow]) -> list[str]:
    return sorted({r.service for r in rows if r.service}, key=str.casefold)


def _trends_from(checkins: Iterable[Record]) -> dict[str, list[TrendPoint]]:
    trends: dict[str, list[TrendPoint]] = {}
    for record in checkins:
        when, score = parse_when(record.data.get("when")), _score(record)
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
    checkins = _readable(records.list("checkin", parent_id=family_id))
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


_REFLECTION_LINK = fields("title", "status", "visit_id", "family_id")


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
    visits = _readable(records.list("visit", parent_id=family_id))
    visit_ids = {v.id for v in visits}
    checkins = _readable(records.list("checkin", parent_id=family_id))
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
    timeline.sort(key=lambda v: _newest_first_key(v.when), reverse=True)

    status = str(family.data.get("status") or "active")
    last_checkin = _latest_when(checkins)
    due = _checkin_due(status, last_checkin, today)
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


# ---- the Visits page and the visit editor -------------------------------------------------


def family_choices(records: RecordService) -> list[FamilyChoice]:
    """Families to pick a visit's family from: active ones first, then by name."""
    choices = [
        FamilyChoice(
            id=r.id,
            display_name=str(r.data.get("display_name", "")),
            reference=str(r.data.get("reference", "")),
            status=str(r.data.get("status") or "active"),
            members=members_of(r.data),
        )
        for r in _readable(records.list("family"))
    ]
    choices.sort(key=lambda c: (c.status != "active", c.display_name.casefold()))
    return choices


def visit_rows(records: RecordService, family_id: str | None = None) -> list[VisitRow]:
    """Visits newest first, for one family or for all."""
    families = {
        r.id: r.data
        for r in _readable(records.iter("family", keep=fields("display_name", "reference")))
    }
    keep = fields("family_id", "when", "mode", "duration_minutes", "purpose")
    rows = []
    for visit in _readable(records.iter("visit", parent_id=family_id, keep=keep)):
        data = visit.data
        family = families.get(str(data.get("family_id")), {})
        duration = data.get("duration_minutes")
        rows.append(
            VisitRow(
                id=visit.id,
                family_id=str(data.get("family_id", "")),
                family_name=str(family.get("display_name", "Unknown family")),
                reference=str(family.get("reference", "")),
                when=parse_when(data.get("when")),
                mode=str(data.get("mode", "")),
                duration_minutes=duration if isinstance(duration, int) else None,
                purpose=str(data.get("purpose") or ""),
            )
        )
    rows.sort(key=lambda r: _newest_first_key(r.when), reverse=True)
    return rows


def visit_page(
    records: RecordService, family_id: str | None, request: PageRequest
) -> Page[VisitRow]:
    """One screen of the Visits list, for one family or for all."""
    raw = pages.visit_page(records.vault, family_id, request)
    rows = []
    for visit_id, body, family_name, reference, *_sort in raw.rows:
        data = decode_body(body)
        duration = data.get("duration_minutes")
        rows.append(
            VisitRow(
                id=visit_id,
                family_id=str(data.get("family_id", "")),
                family_name=family_name if family_name else "Unknown family",
                reference=str(reference or ""),
                when=parse_when(data.get("when")),
                mode=str(data.get("mode", "")),
                duration_minutes=duration if isinstance(duration, int) else None,
                purpose=str(data.get("purpose") or ""),
            )
        )
    return Page(rows, raw.after)


def visit_count(records: RecordService, family_id: str | None) -> tuple[int, None]:
    return pages.visit_count(records.vault, family_id), None


@dataclass(frozen=True, slots=True)
class VisitLinks:
    reflections: list[LinkedReflection]
    checkins: list[LinkedCheckin]


def visit_links(records: RecordService, visit: Record) -> VisitLinks:
    """The reflections and check-ins recorded for a visit."""
    family_id = str(visit.data.get("family_id", ""))
    reflections = [
        LinkedReflection(
            id=r.id,
            title=str(r.data.get("title") or "Untitled reflection"),
            status=str(r.data.get("status", "")),
            updated=parse_when(r.updated_at),
        )
        for r in _readable(records.iter("reflection", keep=_REFLECTION_LINK))
        if r.data.get("visit_id") == visit.id
    ]
    checkins = []
    for record in _readable(records.list("checkin", parent_id=family_id)):
        if record.data.get("visit_id") != visit.id:
            continue
        instrument_id = str(record.data.get("instrument_id", ""))
        instrument = records.definitions.instruments.get(instrument_id)
        score = _score(record)
        checkins.append(
            LinkedCheckin(
                id=record.id,
                instrument_title=instrument.title if instrument else instrument_id,
                respondent=str(record.data.get("respondent", "")),
                score=score,
                when=parse_when(record.data.get("when")),
                below_threshold=score is not None and _below(instrument, score),
            )
        )
    checkins.sort(key=lambda c: _newest_first_key(c.when))
    return VisitLinks(reflections, checkins)


def load_visit(records: RecordService, visit_id: str) -> tuple[Record, VisitLinks]:
    visit = records.get(visit_id)
    if visit.kind != "visit":
        raise ServiceError("That record is not a visit.")
    return visit, visit_links(records, visit)


# ---- saving ------------------------------------------------------------------------------


def members_from_rows(rows: Iterable[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """Members as typed in a table (name, role, birth year); blank rows are skipped."""
    members: list[dict[str, Any]] = []
    for number, (name, role, year) in enumerate(rows, start=1):
        name, role, year = name.strip(), role.strip(), year.strip()
        if not (name or role or year):
            continue
        if not name:
            raise ServiceError(f"Member {number} needs a name.")
        member: dict[str, Any] = {"name": name, "role": role or "other"}
        if year:
            # ASCII digits only: "²" and "١٩٩٠" pass str.isdigit, and int("²") fails.
            if not re.fullmatch(r"[0-9]{4}", year) or not 1900 <= int(year) <= date.today().year:
                raise ServiceError(
                    f"The birth year for {name} must be a year like 2019, not “{year}”."
                )
            member["birth_year"] = int(year)
        members.append(member)
    return members


def save_family(
    records: RecordService,
    data: dict[str, Any],
    *,
    record_id: str | None = None,
    expected_version: int | None = None,
) -> Record:
    """Save a family, refusing a reference another family already uses."""
    reference = str(data.get("reference", "")).strip()
    data = {**data, "reference": reference}
    for other in _readable(records.list("family")):
        if other.id != record_id and other.data.get("reference", "").casefold() == (
            reference.casefold()
        ):
            name = other.data.get("display_name", "another family")
            raise ServiceError(f"The reference {reference} is already used by {name}.")
    return records.save("family", data, record_id=record_id, expected_version=expected_version)

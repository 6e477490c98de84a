"""Reports: the supervision pack for one practitioner, CSV exports for the team's analysts, and
the anonymised learning report for system leaders, with its small-number protection.

Plain Python, no Qt: this module gathers and aggregates, protects small numbers, and writes
CSV and the learning report's HTML. relapp/ui/pdf.py prints the pack and the learning report.

Small numbers in the learning report: a count below 5 reads "fewer than 5"; further counts are
"hidden" until no hidden or small count can be worked out from the totals (checked exactly,
with the knowledge a reader has: a "fewer than 5" cell holds 0-4, a "hidden" one 5 or more).
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import hmac
import html
import io
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from relapp.domain.definitions import Instrument
from relapp.services import disclosure, subject_access
from relapp.services.checkins import alerts_by_checkin
from relapp.services.disclosure import (  # noqa: F401 - the report's vocabulary, re-exported
    FEWER_THAN,
    HIDDEN,
    MIN_FAMILIES,
    SMALL_COUNT,
    Cell,
    LinkedCounts,
    Period,
    check_learning_period,
    learning_periods,
    month_label,
    period,
)
from relapp.services.errors import ServiceError
from relapp.services.families import TrendPoint, parse_when
from relapp.services.profile import Session
from relapp.services.reflections import reflection_title, sections_for
from relapp.services.sessions import Action, Person, latest_actions, owner_of, sessions_for
from relapp.services.sessions import team_people as _team_people
from relapp.services.spreadsheet import cell_text
from relapp.services.supervision import ThreadEntry, feedback_thread
from relapp.store import audit, syncstate
from relapp.store.db import write_private_atomically
from relapp.store.vault import Record, RecordNotFound
from relapp.sync.team import short_id

Progress = Callable[[int, int], None] | None

TREND_DAYS = 182  # the pack's charts look back at least this far, so a trend shows
LONG_REFLECTION = 1800  # characters: a reflection this long starts on a new page in print
STAGES = ("plan", "do", "study", "act")
_STATUS_STAGE = {
    "planned": "plan",
    "running": "do",
    "studying": "study",
    "adopted": "act",
    "adapted": "act",
}
NOT_RECORDED = "Service not recorded"


def _readable(records: Iterable[Record]) -> list[Record]:
    return [r for r in records if r.error is None and not r.deleted]


def _day(value: Any) -> date | None:
    moment = parse_when(value)
    return moment.date() if moment is not None else None


def _steps(progress: Progress, total: int) -> Callable[[], None]:
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(min(done, total), total)

    if progress is not None:
        progress(0, total)
    return step


def write_private(path: Path, data: bytes) -> None:
    """Write a whole file readable by its owner only, so a half-written report never shows:
    a temporary file beside it, flushed, then renamed over the target."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ServiceError(f"The folder {path.parent} does not exist.")
    write_private_atomically(path, data)


# ---- who the pack is about ------------------------------------------------------------------


def practitioners(session: Session) -> tuple[list[Person], dict[str, str], str]:
    """The practitioners a pack can be about, everyone's names, and why names are missing."""
    people = _team_people(session)
    return people.practitioners, people.names, people.problem


def find_practitioner(people: Sequence[Person], wanted: str) -> Person:
    """A practitioner by member id, short id (its last 8 characters) or name."""
    text = wanted.strip()
    folded = text.casefold()
    if not text:
        raise ServiceError("Say which practitioner the pack is about.")
    for test in (
        lambda p: p.member_id == text,
        lambda p: len(text) >= 4 and (p.member_id.endswith(text) or p.member_id.startswith(text)),
        lambda p: p.name.casefold() == folded,
        lambda p: folded in p.name.casefold(),
    ):
        found = [p for p in people if test(p)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(f"{p.name} ({short_id(p.member_id)})" for p in found)
            raise ServiceError(f"{text!r} matches more than one practitioner: {names}.")
    known = ", ".join(f"{p.name} ({short_id(p.member_id)})" for p in people) or "none yet"
    raise ServiceError(f"No practitioner matches {text!r}. Practitioners: {known}.")


# ---- the supervision pack -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PackSection:
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class PackReflection:
    id: str
    title: str
    family: str
    family_reference: str
    visit_when: str  # ISO date-time of the visit, "" when standalone
    visit_mode: str
    template: str
    status: str
    submitted_at: str
    themes: tuple[str, ...]
    sections: tuple[PackSection, ...]
    thread: tuple[ThreadEntry, ...]
    amendment_reason: str = ""

    @property
    def length(self) -> int:
        return sum(len(s.text) for s in self.sections) + sum(len(e.text) for e in self.thread)

    @property
    def long(self) -> bool:
        return self.length >= LONG_REFLECTION


@dataclass(frozen=True, slots=True)
class PackTrend:
    family: str  # the family's name; "" for the practitioner's own self-check
    family_reference: str
    instrument: Instrument
    points: tuple[TrendPoint, ...]
    alerts: tuple[str, ...]  # alert sentences of the latest check-ins shown


@dataclass(frozen=True, slots=True)
class PackSession:
    when: str
    agenda: tuple[str, ...]
    notes: str


@dataclass
class SupervisionPack:
    practitioner_id: str
    practitioner: str
    period: Period
    prepared_by: str
    prepared_on: date
    reflections: list[PackReflection]
    trends: list[PackTrend]
    trend_from: date
    open_actions: list[Action]
    closed_actions: list[Action]
    sessions: list[PackSession]
    names_problem: str = ""

    @property
    def feedback_count(self) -> int:
        return sum(len(r.thread) for r in self.reflections)


def _reflection_day(record: Record, visits: Mapping[str, Record]) -> date | None:
    data = record.data
    visit = visits.get(str(data.get("visit_id") or ""))
    return (
        _day(data.get("submitted_at"))
        or (_day(visit.data.get("when")) if visit else None)
        or _day(record.created_at)
    )


def _pack_reflection(
    session: Session,
    record: Record,
    families: Mapping[str, Record],
    visits: Mapping[str, Record],
    names: Mapping[str, str],
) -> PackReflection:
    data = record.data
    visit = visits.get(str(data.get("visit_id") or ""))
    family = families.get(
        str(data.get("family_id") or (visit.data.get("family_id") if visit else ""))
    )
    template = session.definitions.templates.get(str(data.get("template_id", "")))
    texts = data.get("sections") or {}
    sections = tuple(
        PackSection(s.title, str(texts.get(s.id, "")).strip())
        for s in sections_for(data, template)
        if str(texts.get(s.id, "")).strip()
    )
    return PackReflection(
        id=record.id,
        title=reflection_title(data) or "Untitled reflection",
        family=str(family.data.get("display_name", "")) if family else "",
        family_reference=str(family.data.get("reference", "")) if family else "",
        visit_when=str(visit.data.get("when", "")) if visit else "",
        visit_mode=str(visit.data.get("mode", "")) if visit else "",
        template=template.title if template else str(data.get("template_id", "")),
        status=str(data.get("status", "")),
        submitted_at=str(data.get("submitted_at") or ""),
        themes=tuple(str(t) for t in data.get("themes") or []),
        sections=sections,
        thread=tuple(feedback_thread(session, record.id, names)),
        amendment_reason=str(data.get("amendment_reason") or ""),
    )


def _instrument_order(session: Session) -> Callable[[str], tuple[bool, int, str]]:
    instruments = session.definitions.instruments
    order = {instrument_id: index for index, instrument_id in enumerate(instruments)}

    def key(instrument_id: str) -> tuple[bool, int, str]:
        instrument = instruments.get(instrument_id)
        main = instrument is not None and instrument.respondents[0] == "practitioner"
        return (not main, order.get(instrument_id, len(order)), instrument_id)

    return key


def _pack_trends(
    session: Session,
    person: Person,
    family_ids: set[str],
    families: Mapping[str, Record],
    window: Period,
) -> list[PackTrend]:
    instruments = session.definitions.instruments
    wanted = family_ids | {person.member_id}
    checkins = [
        r
        for r in _readable(session.records.list("checkin"))
        if r.data.get("family_id") in wanted
        and r.data.get("score") is not None
        and r.data.get("instrument_id") in instruments
    ]
    alerts = alerts_by_checkin(checkins, instruments)
    groups: dict[tuple[str, str], list[Record]] = {}
    for record in checkins:
        if _day(record.data.get("when")) in window:
            key = (str(record.data["family_id"]), str(record.data["instrument_id"]))
            groups.setdefault(key, []).append(record)
    order = _instrument_order(session)
    trends = []
    for (family_id, instrument_id), records in groups.items():
        records.sort(key=lambda r: str(r.data.get("when", "")))
        points = tuple(
            TrendPoint(when, float(r.data["score"]), str(r.data.get("respondent", "")), r.id)
            for r in records
            if (when := parse_when(r.data.get("when"))) is not None
        )
        latest: dict[str, Record] = {str(r.data.get("respondent", "")): r for r in records}
        family = families.get(family_id)
        trends.append(
            PackTrend(
                family=""
                if family_id == person.member_id or family is None
                else str(family.data.get("display_name", "")),
                family_reference=str(family.data.get("reference", "")) if family else "",
                instrument=instruments[instrument_id],
                points=points,
                alerts=tuple(alerts[r.id] for r in latest.values() if r.id in alerts),
            )
        )
    trends.sort(key=lambda t: (t.family == "", t.family.casefold(), order(t.instrument.id)))
    return trends


def supervision_pack(
    session: Session,
    member: str,
    start: str | date,
    end: str | date,
    *,
    progress: Progress = None,
    today: date | None = None,
) -> SupervisionPack:
    """Everything a supervision pack shows about one practitioner and a period: their submitted
    reflections in the period with the feedback threads, check-in trends of their families,
    the actions agreed with them, and the sessions held."""
    span = period(start, end)
    step = _steps(progress, 5)
    people, names, problem = practitioners(session)
    person = find_practitioner(people, member)
    audit.record(session.vault, "report", [person.member_id])
    step()
    families = {r.id: r for r in _readable(session.records.list("family"))}
    visits = {r.id: r for r in _readable(session.records.list("visit"))}
    chosen = [
        r
        for r in _readable(session.records.list("reflection"))
        if r.data.get("status") not in (None, "draft")
        and owner_of(session, r) == person.member_id
        and _reflection_day(r, visits) in span
    ]
    chosen.sort(key=lambda r: (_reflection_day(r, visits) or span.start, r.created_at))
    step()
    reflections = [_pack_reflection(session, r, families, visits, names) for r in chosen]
    step()
    theirs = {
        f.id
        for f in families.values()
        if (str(f.data.get("assigned_to") or "") or owner_of(session, f)) == person.member_id
    }
    for record in chosen:
        visit = visits.get(str(record.data.get("visit_id") or ""))
        family_id = record.data.get("family_id") or (visit.data.get("family_id") if visit else "")
        if family_id:
            theirs.add(str(family_id))
    trend_from = min(span.start, span.end - timedelta(days=TREND_DAYS))
    trends = _pack_trends(session, person, theirs, families, Period(trend_from, span.end))
    step()
    rows = [
        r for r in sessions_for(session, person.member_id) if (_day(r.when) or span.end) <= span.end
    ]
    actions = list(latest_actions(rows).values())
    open_now = [a for a in actions if a.is_open]
    closed = [a for a in actions if not a.is_open and _day(a.session_when) in span]
    held = [PackSession(r.when, r.agenda, r.notes) for r in reversed(rows) if _day(r.when) in span]
    step()
    return SupervisionPack(
        practitioner_id=person.member_id,
        practitioner=person.name,
        period=span,
        prepared_by=session.vault.identity().name,
        prepared_on=today or date.today(),
        reflections=reflections,
        trends=trends,
        trend_from=trend_from,
        open_actions=open_now,
        closed_actions=closed,
        sessions=held,
        names_problem=problem,
    )


def pack_file_name_for(name: str, start: date, end: date) -> str:
    """A default file name: "Supervision pack - Alex Morgan - 2026-03-01 to 2026-03-31.pdf"."""
    safe = "".join(c for c in name if c.isalnum() or c in " -_.'()").strip() or "practitioner"
    return f"Supervision pack - {safe} - {start} to {end}.pdf"


# ---- CSV for the team's analysts ------------------------------------------------------------

# Every column is described in README.md, section "Reports"; tests/test_reports.py checks the
# two agree.
ANALYST_COLUMNS: dict[str, tuple[str, ...]] = {
    "checkins": (
        "date",
        "time",
        "subject",
        "family_key",
        "service",
        "instrument_id",
        "instrument",
        "instrument_version",
        "respondent",
        "score",
        "below_alert_level",
        "reliable_drop",
        "item_scores",
    ),
    "barriers": (
        "noticed_on",
        "category_id",
        "category",
        "impact",
        "status",
        "service",
        "linked_visits",
        "linked_families",
        "change_tests",
    ),
    "change_tests": (
        "status",
        "stage_reached",
        "start_date",
        "end_date",
        "barrier_categories",
        "linked_barriers",
    ),
}
ANALYST_KINDS = tuple(ANALYST_COLUMNS)
# Only on explicit request (--with-references, a ticked box): the case system's reference code,
# which identifies the family to anyone with the case system.
REFERENCE_COLUMN = "family_reference_identifying"
PSEUDONYM_META = "pseudonym_key"
PSEUDONYM_RECORD = "team-key-family-keys"


def analyst_columns(kind: str, *, with_references: bool = False) -> tuple[str, ...]:
    columns = ANALYST_COLUMNS[kind]
    if with_references and "family_key" in columns:
        at = columns.index("family_key") + 1
        columns = (*columns[:at], REFERENCE_COLUMN, *columns[at:])
    return columns


def pseudonym_key(session: Session, *, create: bool = True) -> bytes | None:
    """The team's key for family keys in analyst CSVs: 32 random bytes, made by the first
    supervisor who exports, kept in a record that sync brings to the team's supervisors only
    (kind team_key), so a family has the same key in every export of the team. Two
    supervisors who make one before their laptops sync end with the same one (the record's
    head, chosen alike on every laptop); exports made before that used their own.
    `relapp report key` still copies it by hand, for a laptop outside the team."""
    try:
        held = session.vault.get(PSEUDONYM_RECORD)
    except RecordNotFound:
        held = None
    if held is not None and held.error is None and not held.deleted:
        return bytes.fromhex(str(held.data["key"]))
    earlier = syncstate.get_meta(session.vault, PSEUDONYM_META)  # kept here by 2026-12 laptops
    if not earlier and not create:
        return None
    text = earlier or secrets.token_bytes(32).hex()
    _keep_key(session, text)
    return bytes.fromhex(text)


def set_pseudonym_key(session: Session, text: str) -> None:
    """Use the team's key (64 hex digits, as `relapp report key --out` writes it)."""
    cleaned = "".join(str(text).split()).lower()
    if len(cleaned) != 64 or any(c not in "0123456789abcdef" for c in cleaned):
        raise ServiceError("The key is 64 hexadecimal digits, as `relapp report key` wrote it.")
    _keep_key(session, cleaned)


def _keep_key(session: Session, text: str) -> None:
    """A supervisor's laptop keeps the key as the record its team's supervisors share; any
    other keeps it to itself (the team's laptops refuse that record from anyone else)."""
    if session.vault.identity().role != "supervisor":
        syncstate.set_meta(session.vault, PSEUDONYM_META, text)
        return
    session.vault.put(
        "team_key", {"purpose": "family_key", "key": text}, record_id=PSEUDONYM_RECORD
    )


def family_key(key: bytes, family_id: str) -> str:
    """A family's pseudonym: a keyed hash (HMAC-SHA-256) of its record id, the same in every
    export made with the team's key, and not computable from the reference or the id without
    it."""
    digest = hmac.new(key, f"relapp-family-key|{family_id}".encode(), hashlib.sha256)
    return "F" + digest.hexdigest()[:15].upper()


def _score_text(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _yes_no(flag: bool | None) -> str:
    return "" if flag is None else ("yes" if flag else "no")


def stage_reached(data: Mapping[str, Any]) -> str:
    """How far round plan-do-study-act a change test got: the furthest stage with words written,
    or that its status implies, whichever is further."""
    written = [i for i, stage in enumerate(STAGES) if str(data.get(stage) or "").strip()]
    implied = _STATUS_STAGE.get(str(data.get("status") or "planned"))
    indexes = written + ([STAGES.index(implied)] if implied else [])
    return STAGES[max(indexes)] if indexes else "plan"


def _checkin_rows(
    session: Session, span: Period | None, with_references: bool = False
) -> list[dict[str, str]]:
    secret = pseudonym_key(session)
    assert secret is not None
    instruments = session.definitions.instruments
    families = {r.id: r for r in _readable(session.records.list("family"))}
    checkins = [
        r for r in _readable(session.records.list("checkin")) if r.data.get("score") is not None
    ]
    series: dict[tuple[str, str, str], list[Record]] = {}
    for record in checkins:
        key = tuple(
            str(record.data.get(k, "")) for k in ("family_id", "instrument_id", "respondent")
        )
        series.setdefault(key, []).append(record)  # type: ignore[arg-type]
    rows = []
    for items in series.values():
        items.sort(key=lambda r: str(r.data.get("when", "")))
        previous: float | None = None
        for record in items:
            data = record.data
            score = float(data["score"])
            instrument = instruments.get(str(data.get("instrument_id", "")))
            alert = instrument.alert if instrument else None
            drop = None
            if alert is not None and alert.reliable_change is not None:
                drop = previous is not None and previous - score >= alert.reliable_change - 1e-9
            previous = score
            when = parse_when(data.get("when"))
            if when is None or (span is not None and when.date() not in span):
                continue
            family_id = str(data.get("family_id", ""))
            family = families.get(family_id)
            own = family is None and owner_of(session, record) == family_id
            scores = data.get("scores") or {}
            order = [i.id for i in instrument.items] if instrument else sorted(scores)
            rows.append(
                {
                    "date": when.date().isoformat(),
                    "time": when.strftime("%H:%M"),
                    "subject": "self-check" if own else "family",
                    "family_key": family_key(secret, family.id) if family else "",
                    REFERENCE_COLUMN: str(family.data.get("reference", ""))
                    if family and with_references
                    else "",
                    "service": str(family.data.get("service", "")) if family else "",
                    "instrument_id": str(data.get("instrument_id", "")),
                    "instrument": instrument.title if instrument else "",
                    "instrument_version": str(data.get("instrument_version", "")),
                    "respondent": str(data.get("respondent", "")),
                    "score": _score_text(score),
                    "below_alert_level": _yes_no(
                        score < alert.threshold
                        if alert is not None and alert.threshold is not None
                        else None
                    ),
                    "reliable_drop": _yes_no(drop),
                    "item_scores": "; ".join(
                        f"{item}={scores[item]}" for item in order if item in scores
                    ),
                }
            )
    rows.sort(key=lambda r: (r["date"], r["time"], r["family_key"], r["instrument_id"]))
    return rows


def _category_titles(session: Session) -> dict[str, str]:
    return {c.id: c.title for c in session.definitions.barrier_categories}


def _barrier_day(record: Record) -> date | None:
    return _day(record.data.get("noticed_on")) or _day(record.created_at)


def _test_overlaps(record: Record, span: Period) -> bool:
    start = _day(record.data.get("start_date")) or _day(record.created_at)
    end = _day(record.data.get("end_date"))
    return start is not None and start <= span.end and (end is None or end >= span.start)


def _barrier_rows(session: Session, span: Period | None) -> list[dict[str, str]]:
    titles = _category_titles(session)
    visits = {r.id: r for r in _readable(session.records.list("visit"))}
    tests = _readable(session.records.list("change_test"))
    rows = []
    for record in _readable(session.records.list("barrier")):
        if span is not None and _barrier_day(record) not in span:
            continue
        data = record.data
        linked = [visits[v] for v in data.get("visit_ids") or [] if v in visits]
        category = str(data.get("category", ""))
        rows.append(
            {
                "noticed_on": str(_barrier_day(record) or ""),
                "category_id": category,
                "category": titles.get(category, category),
                "impact": str(data.get("impact", "")),
                "status": str(data.get("status", "open")),
                "service": str(data.get("service", "")),
                "linked_visits": str(len(data.get("visit_ids") or [])),
                "linked_families": str(len({v.data.get("family_id") for v in linked})),
                "change_tests": str(
                    sum(1 for t in tests if record.id in (t.data.get("barrier_ids") or []))
                ),
            }
        )
    rows.sort(key=lambda r: (r["noticed_on"], r["category_id"]))
    return rows


def _categories_of(test: Record, barriers: Mapping[str, Record], order: Sequence[str]) -> list[str]:
    ids = {
        str(barriers[b].data.get("category", ""))
        for b in test.data.get("barrier_ids") or []
        if b in barriers
    }
    return sorted(ids, key=lambda c: (order.index(c) if c in order else len(order), c))


def _change_test_rows(session: Session, span: Period | None) -> list[dict[str, str]]:
    titles = _category_titles(session)
    order = list(titles)
    barriers = {r.id: r for r in _readable(session.records.list("barrier"))}
    rows = []
    for record in _readable(session.records.list("change_test")):
        if span is not None and not _test_overlaps(record, span):
            continue
        data = record.data
        rows.append(
            {
                "status": str(data.get("status", "planned")),
                "stage_reached": stage_reached(data),
                "start_date": str(data.get("start_date", "")),
                "end_date": str(data.get("end_date", "")),
                "barrier_categories": "; ".join(
                    titles.get(c, c) for c in _categories_of(record, barriers, order)
                ),
                "linked_barriers": str(
                    sum(1 for b in data.get("barrier_ids") or [] if b in barriers)
                ),
            }
        )
    rows.sort(key=lambda r: (r["start_date"], r["end_date"], r["status"]))
    return rows


def analyst_rows(
    session: Session,
    kind: str,
    start: str | date | None = None,
    end: str | date | None = None,
    *,
    with_references: bool = False,
) -> list[dict[str, str]]:
    """The rows of one analyst export (optionally only those in a period). No free text; a
    family by its key, and by its reference code only when with_references is asked for."""
    audit.record(session.vault, "report")
    span = period(start or date.min, end or date.max) if (start or end) else None
    if kind == "checkins":
        return _checkin_rows(session, span, with_references)
    if kind == "barriers":
        return _barrier_rows(session, span)
    if kind == "change_tests":
        return _change_test_rows(session, span)
    raise ServiceError(f"There is no {kind!r} export; choose one of {', '.join(ANALYST_KINDS)}.")


def csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheet programs read it right), one header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(c, "")) for c in columns])
    return out.getvalue().encode("utf-8-sig")


def write_analyst_csv(
    session: Session,
    kind: str,
    path: Path,
    start: str | date | None = None,
    end: str | date | None = None,
    *,
    with_references: bool = False,
) -> int:
    """Write one analyst export; returns the number of rows."""
    rows = analyst_rows(session, kind, start, end, with_references=with_references)
    columns = analyst_columns(kind, with_references=with_references)
    write_private(Path(path), csv_bytes(columns, rows))
    return len(rows)


# ---- the learning report --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CountTable:
    key: str  # file name part: "barriers-by-month"
    title: str
    row_header: str
    column_header: str  # "month" or "service" (the CSV's column name)
    row_keys: tuple[str, ...]
    rows: tuple[str, ...]
    column_keys: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    total: Cell


@dataclass(frozen=True, slots=True)
class AverageCell:
    average: float | None
    count: int | None
    note: str = ""

    @property
    def text(self) -> str:
        if self.note:
            return self.note
        return f"{self.average:.1f} (n={self.count})"


@dataclass(frozen=True, slots=True)
class AverageRow:
    instrument_id: str
    instrument: str
    respondent: str
    cells: tuple[AverageCell, ...]
    respondent_id: str = ""


@dataclass(frozen=True, slots=True)
class AverageTable:
    column_keys: tuple[str, ...]
    columns: tuple[str, ...]
    rows: tuple[AverageRow, ...]


@dataclass(frozen=True, slots=True)
class Excerpt:
    title: str
    measure: str
    outcome: str


@dataclass(frozen=True, slots=True)
class ChangeTestOutcome:
    number: int
    addresses: tuple[str, ...]  # barrier category titles
    started: str  # "2026-03" or ""
    ended: str
    status: str
    stage: str
    excerpt: Excerpt | None = None


@dataclass
class LearningReport:
    period: Period
    prepared_on: date
    by_month: CountTable
    by_service: CountTable
    change_tests: list[ChangeTestOutcome]
    averages: AverageTable


RESPONDENT_WORDS = {"practitioner": "practitioner", "parent": "parent", "other": "someone else"}
STATUS_WORDS = {
    "planned": "planned",
    "running": "running",
    "studying": "studying the results",
    "adopted": "adopted",
    "adapted": "adapted",
    "abandoned": "abandoned",
}
STAGE_WORDS = {"plan": "Plan", "do": "Do", "study": "Study", "act": "Act"}


def _count_table(
    linked: LinkedCounts,
    t: int,
    *,
    key: str,
    title: str,
    row_header: str,
    column_header: str,
    row_keys: Sequence[str],
    rows: Sequence[str],
    column_keys: Sequence[str],
    columns: Sequence[str],
) -> CountTable:
    return CountTable(
        key=key,
        title=title,
        row_header=row_header,
        column_header=column_header,
        row_keys=tuple(row_keys),
        rows=tuple(rows),
        column_keys=tuple(column_keys),
        columns=tuple(columns),
        cells=tuple(
            tuple(linked.cell(("x", t, i, j)) for j in range(len(columns)))
            for i in range(len(rows))
        ),
        row_totals=tuple(linked.cell(("r", i)) for i in range(len(rows))),
        column_totals=tuple(linked.cell(("c", t, j)) for j in range(len(columns))),
        total=linked.cell(("g",)),
    )


def _month_of(day: date | None) -> str:
    return f"{day.year:04d}-{day.month:02d}" if day else ""


def _averages(session: Session, span: Period, months: Sequence[str]) -> AverageTable:
    instruments = session.definitions.instruments
    found: dict[tuple[str, str, str], list[tuple[float, str]]] = {}
    for record in _readable(session.records.list("checkin")):
        data = record.data
        when = _day(data.get("when"))
        if when not in span or data.get("score") is None:
            continue
        key = (str(data.get("instrument_id", "")), str(data.get("respondent", "")), _month_of(when))
        found.setdefault(key, []).append((float(data["score"]), str(data.get("family_id", ""))))
    rows = []
    # Every instrument and respondent it allows, whether used or not: a row's presence says
    # nothing about how many check-ins there were.
    for instrument in instruments.values():
        for respondent in instrument.respondents:
            cells = []
            for month in months:
                values = found.get((instrument.id, respondent, month), [])
                if len(values) < SMALL_COUNT:
                    cells.append(AverageCell(None, None, FEWER_THAN))
                elif len({family for _score, family in values}) < MIN_FAMILIES:
                    cells.append(AverageCell(None, len(values), HIDDEN))
                else:
                    mean = sum(score for score, _family in values) / len(values)
                    cells.append(AverageCell(round(mean, 1), len(values)))
            rows.append(
                AverageRow(
                    instrument.id,
                    instrument.title,
                    RESPONDENT_WORDS.get(respondent, respondent),
                    tuple(cells),
                    respondent,
                )
            )
    return AverageTable(tuple(months), tuple(month_label(m) for m in months), tuple(rows))


def _change_test_outcomes(
    session: Session, span: Period, include_excerpts: set[str] | frozenset[str]
) -> list[ChangeTestOutcome]:
    titles = _category_titles(session)
    order = list(titles)
    barriers = {r.id: r for r in _readable(session.records.list("barrier"))}
    tests = [r for r in _readable(session.records.list("change_test")) if _test_overlaps(r, span)]
    tests.sort(key=lambda r: (str(r.data.get("start_date") or r.created_at), r.created_at))
    out = []
    problems = []
    find_names = subject_access.name_finder(session) if include_excerpts else None
    for number, record in enumerate(tests, start=1):
        data = record.data
        excerpt = None
        if record.id in include_excerpts and find_names is not None:
            excerpt = Excerpt(
                str(data.get("title", "")).strip(),
                str(data.get("measure") or "").strip(),
                str(data.get("outcome") or "").strip(),
            )
            for part, text in zip(
                ("title", "measure", "outcome"),
                (excerpt.title, excerpt.measure, excerpt.outcome),
                strict=True,
            ):
                if names := find_names(text):
                    started = _day(data.get("start_date"))
                    which = f"started {started}" if started else "not started"
                    found = ", ".join(f"“{n}”" for n in names)
                    problems.append(f"the {part} of change test {number} ({which}) names {found}")
        out.append(
            ChangeTestOutcome(
                number=number,
                addresses=tuple(titles.get(c, c) for c in _categories_of(record, barriers, order)),
                started=_month_of(_day(data.get("start_date"))),
                ended=_month_of(_day(data.get("end_date"))),
                status=str(data.get("status") or "planned"),
                stage=stage_reached(data),
                excerpt=excerpt,
            )
        )
    if problems:
        raise ServiceError(
            "An excerpt goes into the report word for word, and "
            + "; ".join(problems)
            + ". Edit the change test, or leave its excerpt out."
        )
    return out


@dataclass(frozen=True, slots=True)
class ChangeTestChoice:
    """A change test as the supervisor sees it when choosing which excerpts to include."""

    id: str
    title: str
    status: str
    start_date: str
    has_text: bool  # a measure or an outcome is written


def change_test_choices(
    session: Session, start: str | date | None = None, end: str | date | None = None
) -> list[ChangeTestChoice]:
    """The change tests a learning report for the period would include, newest first."""
    span = period(start or date.min, end or date.max)
    rows = []
    for record in _readable(session.records.list("change_test")):
        if not _test_overlaps(record, span):
            continue
        data = record.data
        rows.append(
            ChangeTestChoice(
                record.id,
                str(data.get("title", "")),
                str(data.get("status") or "planned"),
                str(data.get("start_date") or ""),
                bool(
                    str(data.get("measure") or "").strip() or str(data.get("outcome") or "").strip()
                ),
            )
        )
    rows.sort(key=lambda c: (c.start_date, c.title.casefold()), reverse=True)
    return rows


def learning_report(
    session: Session,
    start: str | date,
    end: str | date,
    *,
    include_excerpts: Iterable[str] = (),
    progress: Progress = None,
    today: date | None = None,
    fixed_periods: bool = True,
) -> LearningReport:
    """The anonymised learning report for a period: one calendar quarter that has ended (see
    relapp.services.disclosure; fixed_periods=False only to show what other periods would give
    away). No names, reference codes, record ids or free text leave this function, except the
    title, measure and outcome of change tests whose id is in include_excerpts (a supervisor
    read them and ticked "include reviewed excerpt"), once checked for names."""
    span = period(start, end)
    if fixed_periods:
        check_learning_period(span, today or date.today())
    audit.record(session.vault, "report")
    step = _steps(progress, 4)
    months = span.month_keys
    titles = _category_titles(session)
    categories = list(titles)
    barriers = [r for r in _readable(session.records.list("barrier")) if _barrier_day(r) in span]
    for record in barriers:
        category = str(record.data.get("category", ""))
        if category not in titles:
            categories.append(category)
            titles[category] = category
    services = sorted(
        {
            str(r.data.get("service") or "").strip()
            for r in [*barriers, *_readable(session.records.list("family"))]
        }
        - {""},
        key=str.casefold,
    ) + [NOT_RECORDED]
    by_month = [[0] * len(months) for _ in categories]
    by_service = [[0] * len(services) for _ in categories]
    for record in barriers:
        i = categories.index(str(record.data.get("category", "")))
        by_month[i][months.index(_month_of(_barrier_day(record)))] += 1
        service = str(record.data.get("service") or "").strip() or NOT_RECORDED
        by_service[i][services.index(service)] += 1
    step()
    linked = LinkedCounts([by_service, by_month])
    linked.protect()
    step()
    rows = [titles[c] for c in categories]
    common = {"row_header": "Barrier category", "row_keys": categories, "rows": rows}
    month_table = _count_table(
        linked,
        1,
        key="barriers-by-month",
        title="Barriers noticed, by category and month",
        column_header="month",
        column_keys=months,
        columns=[month_label(m) for m in months],
        **common,
    )
    service_table = _count_table(
        linked,
        0,
        key="barriers-by-service",
        title="Barriers noticed, by category and service",
        column_header="service",
        column_keys=services,
        columns=services,
        **common,
    )
    tests = _change_test_outcomes(session, span, set(include_excerpts))
    step()
    averages = _averages(session, span, months)
    step()
    return LearningReport(
        period=span,
        prepared_on=today or date.today(),
        by_month=month_table,
        by_service=service_table,
        change_tests=tests,
        averages=averages,
    )


def report_periods(session: Session, today: date | None = None) -> list[Period]:
    """The quarters a learning report may cover here, newest first (see disclosure)."""
    days = [f.day for f in disclosure_facts(session)]
    return learning_periods(min(days) if days else None, today or date.today())


def disclosure_facts(session: Session) -> list[disclosure.Fact]:
    """Every record the learning report counts, as the disclosure checker needs it: barriers
    by category, service and day; check-ins by instrument, respondent and day."""
    facts = []
    for record in _readable(session.records.list("barrier")):
        day = _barrier_day(record)
        if day is not None:
            service = str(record.data.get("service") or "").strip() or NOT_RECORDED
            category = str(record.data.get("category", ""))
            facts.append(disclosure.Fact(disclosure.BARRIERS, category, service, day))
    instruments = session.definitions.instruments
    for record in _readable(session.records.list("checkin")):
        data = record.data
        day = _day(data.get("when"))
        instrument = instruments.get(str(data.get("instrument_id", "")))
        respondent = str(data.get("respondent", ""))
        if (
            day
            and instrument
            and respondent in instrument.respondents
            and data.get("score") is not None
        ):
            facts.append(disclosure.Fact(disclosure.CHECKINS, instrument.id, respondent, day))
    return facts


# ---- the learning report as CSV and HTML ----------------------------------------------------

# Described in README.md, section "Reports".
LEARNING_CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "barriers-by-month": ("category_id", "category", "month", "barriers", "suppressed"),
    "barriers-by-service": ("category_id", "category", "service", "barriers", "suppressed"),
    "change-tests": (
        "test",
        "addresses",
        "started",
        "ended",
        "status",
        "stage_reached",
        "excerpt_included",
        "title",
        "measure",
        "outcome",
    ),
    "checkin-averages": (
        "instrument_id",
        "instrument",
        "respondent",
        "month",
        "checkins",
        "average",
        "suppressed",
    ),
}
TOTAL = "total"


def _count_rows(table: CountTable) -> list[dict[str, str]]:
    def row(category_id: str, category: str, column: str, cell: Cell) -> dict[str, str]:
        return {
            "category_id": category_id,
            "category": category,
            table.column_header: column,
            "barriers": "" if cell.value is None else str(cell.value),
            "suppressed": cell.note,
        }

    out = []
    for i, (category_id, category) in enumerate(zip(table.row_keys, table.rows, strict=True)):
        for j, column in enumerate(table.column_keys):
            out.append(row(category_id, category, column, table.cells[i][j]))
        out.append(row(category_id, category, TOTAL, table.row_totals[i]))
    for j, column in enumerate(table.column_keys):
        out.append(row(TOTAL, TOTAL, column, table.column_totals[j]))
    out.append(row(TOTAL, TOTAL, TOTAL, table.total))
    return out


def learning_csv_tables(report: LearningReport) -> dict[str, list[dict[str, str]]]:
    tests = [
        {
            "test": str(t.number),
            "addresses": "; ".join(t.addresses),
            "started": t.started,
            "ended": t.ended,
            "status": t.status,
            "stage_reached": t.stage,
            "excerpt_included": "yes" if t.excerpt else "no",
            "title": t.excerpt.title if t.excerpt else "",
            "measure": t.excerpt.measure if t.excerpt else "",
            "outcome": t.excerpt.outcome if t.excerpt else "",
        }
        for t in report.change_tests
    ]
    averages = [
        {
            "instrument_id": row.instrument_id,
            "instrument": row.instrument,
            "respondent": row.respondent,
            "month": month,
            "checkins": "" if cell.count is None else str(cell.count),
            "average": "" if cell.average is None else f"{cell.average:.1f}",
            "suppressed": cell.note,
        }
        for row in report.averages.rows
        for month, cell in zip(report.averages.column_keys, row.cells, strict=True)
    ]
    return {
        "barriers-by-month": _count_rows(report.by_month),
        "barriers-by-service": _count_rows(report.by_service),
        "change-tests": tests,
        "checkin-averages": averages,
    }


def learning_csv_paths(target: Path) -> dict[str, Path]:
    """Where the CSV tables go: beside the report, named after it."""
    target = Path(target)
    return {name: target.with_name(f"{target.stem}-{name}.csv") for name in LEARNING_CSV_COLUMNS}


def write_learning_csvs(report: LearningReport, target: Path) -> list[Path]:
    paths = learning_csv_paths(target)
    for name, rows in learning_csv_tables(report).items():
        write_private(paths[name], csv_bytes(LEARNING_CSV_COLUMNS[name], rows))
    return list(paths.values())


def _long_date(day: date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


LEARNING_CSS = """
body { font-family: sans-serif; color: #1a1a1a; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 4pt 0; }
h2 { font-size: 13pt; margin: 16pt 0 4pt 0; }
p { margin: 3pt 0 6pt 0; }
.meta { color: #444444; }
.note { color: #444444; font-size: 8.5pt; }
table.data { border-collapse: collapse; margin: 4pt 0 8pt 0; }
table.data th { background-color: #e8ecf1; font-weight: 600; text-align: left;
  vertical-align: bottom; }
table.data td, table.data th { border: 1px solid #9aa3ad; padding: 3px 5px; }
td.n { text-align: right; }
td.total, th.total { font-weight: 600; background-color: #f4f6f8; }
.sup { color: #555555; font-style: italic; }
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _cell_html(cell: Cell | AverageCell, total: bool = False) -> str:
    classes = ["n"] + (["total"] if total else [])
    if cell.note:
        return f'<td class="{" ".join(classes)}"><span class="sup">{_esc(cell.note)}</span></td>'
    return f'<td class="{" ".join(classes)}">{_esc(cell.text)}</td>'


def _table_html(table: CountTable, *, transpose: bool = False) -> str:
    """A count table with its totals; transposed, its columns run down the page (a year of
    months reads better as rows than as thirteen narrow columns)."""
    cells = [list(row) for row in table.cells]
    rows, columns = list(table.rows), list(table.columns)
    row_totals, column_totals = list(table.row_totals), list(table.column_totals)
    corner, all_rows = table.row_header, "All categories"
    if transpose:
        cells = [list(col) for col in zip(*cells, strict=True)] if cells else []
        rows, columns = columns, rows
        row_totals, column_totals = column_totals, row_totals
        corner, all_rows = table.column_header.capitalize(), f"All {table.column_header}s"
    first = 9 if transpose else 28
    width = (100 - first) / (len(columns) + 1)
    head = "".join(f'<th width="{width:.1f}%">{_esc(c)}</th>' for c in columns)
    parts = [
        '<table class="data" width="100%" border="1" cellspacing="0" cellpadding="3">',
        f'<thead><tr><th width="{first}%">{_esc(corner)}</th>{head}'
        f'<th class="total" width="{width:.1f}%">Total</th></tr></thead><tbody>',
    ]
    for i, label in enumerate(rows):
        line = "".join(_cell_html(c) for c in cells[i])
        parts.append(f"<tr><td>{_esc(label)}</td>{line}{_cell_html(row_totals[i], True)}</tr>")
    totals = "".join(_cell_html(c, True) for c in column_totals)
    parts.append(
        f'<tr><td class="total">{_esc(all_rows)}</td>{totals}{_cell_html(table.total, True)}'
        "</tr></tbody></table>"
    )
    return "".join(parts)


def _tests_html(tests: Sequence[ChangeTestOutcome]) -> str:
    if not tests:
        return "<p>No change tests ran in this period.</p>"
    with_text = any(t.excerpt for t in tests)
    head = ["Test", "Barriers it addresses", "Started", "Ended", "Status", "Stage reached"]
    if with_text:
        head += ["Reviewed excerpt"]
    parts = [
        '<table class="data" width="100%" border="1" cellspacing="0" cellpadding="3"><thead><tr>',
        "".join(f"<th>{h}</th>" for h in head),
        "</tr></thead><tbody>",
    ]
    for t in tests:
        cells = [
            str(t.number),
            _esc("; ".join(t.addresses) or "Not linked to a barrier"),
            _esc(month_label(t.started) if t.started else "not started"),
            _esc(month_label(t.ended) if t.ended else "—"),
            _esc(STATUS_WORDS.get(t.status, t.status)),
            _esc(STAGE_WORDS.get(t.stage, t.stage)),
        ]
        if with_text:
            if t.excerpt:
                bits = [f"<b>{_esc(t.excerpt.title)}</b>"]
                if t.excerpt.measure:
                    bits.append(f"Measure: {_esc(t.excerpt.measure)}")
                if t.excerpt.outcome:
                    bits.append(f"Outcome: {_esc(t.excerpt.outcome)}")
                cells.append("<br/>".join(bits))
            else:
                cells.append('<span class="sup">not included</span>')
        parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _averages_html(table: AverageTable) -> str:
    """Months down the page; a column per check-in and respondent, grouped by check-in."""
    groups: list[tuple[str, int]] = []
    for row in table.rows:
        if groups and groups[-1][0] == row.instrument:
            groups[-1] = (row.instrument, groups[-1][1] + 1)
        else:
            groups.append((row.instrument, 1))
    width = 88 / max(len(table.rows), 1)
    top = "".join(f'<th colspan="{n}">{_esc(title)}</th>' for title, n in groups)
    second = "".join(
        f'<th width="{width:.1f}%">{_esc(r.respondent.capitalize())}</th>' for r in table.rows
    )
    parts = [
        '<table class="data" width="100%" border="1" cellspacing="0" cellpadding="3">',
        f'<thead><tr><th rowspan="2" width="12%">Month</th>{top}</tr><tr>{second}</tr></thead>',
        "<tbody>",
    ]
    for j, month in enumerate(table.columns):
        cells = "".join(_cell_html(row.cells[j]) for row in table.rows)
        parts.append(f"<tr><td>{_esc(month)}</td>{cells}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def learning_html(report: LearningReport, *, for_print: bool = False) -> str:
    """The learning report as one HTML document (for a browser, or for printing to PDF)."""
    span = report.period
    when = f"{_long_date(span.start)} to {_long_date(span.end)}"
    style = "" if for_print else f"<style>{LEARNING_CSS}</style>"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Learning report, {_esc(when)}</title>{style}</head><body>",
        "<h1>Learning report: relational practice and system barriers</h1>",
        f'<p class="meta">{_esc(when)}. Prepared with Relapp on '
        f"{_esc(_long_date(report.prepared_on))}.</p>",
        "<p>Which system barriers practitioners noticed in their work with families, in which "
        "services, what happened when the team tested small changes against them, and how "
        "relationship check-ins went month by month.</p>",
        '<p class="note"><b>Small numbers are protected.</b> Any count below 5 reads '
        f"“{FEWER_THAN}”. Some larger counts read “{HIDDEN}”, so that a small number cannot "
        "be worked out from the totals. An average is shown only when it comes from at least "
        f"{SMALL_COUNT} check-ins and {MIN_FAMILIES} different families (or people); otherwise "
        f"it reads “{FEWER_THAN}” (too few check-ins) or “{HIDDEN}” (too few families). "
        "The report holds no names, reference codes or written notes"
        + (
            ", except the reviewed excerpts of change tests that a supervisor chose to include."
            if any(t.excerpt for t in report.change_tests)
            else "."
        )
        + "</p>",
        f"<h2>1. {_esc(report.by_month.title)}</h2>",
        _table_html(report.by_month, transpose=True),
        f"<h2>2. {_esc(report.by_service.title)}</h2>",
        _table_html(report.by_service),
        "<h2>3. Outcomes of change tests</h2>",
        "<p>Small changes to the system tested against the barriers, one per row: how far round "
        "plan, do, study, act each got, and what became of it.</p>",
        _tests_html(report.change_tests),
        "<h2>4. Check-in averages by month</h2>",
        "<p>The average score of each relationship check-in (n = how many check-ins). Scores "
        "are a prompt for conversation, not a judgement of families.</p>",
        _averages_html(report.averages),
        "</body></html>",
    ]
    return "\n".join(parts)


def write_learning_html(report: LearningReport, target: Path) -> Path:
    write_private(Path(target), learning_html(report).encode("utf-8"))
    return Path(target)

"""The supervision pack: one practitioner and a period, their reflections with the feedback
threads, check-in trends of their families, agreed actions and sessions. It names families;
relapp/ui/pdf.py prints it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from relapp.domain.definitions import Instrument
from relapp.services.checkins import alerts_by_checkin
from relapp.services.disclosure import Period, period
from relapp.services.errors import ServiceError
from relapp.services.families import TrendPoint, parse_when
from relapp.services.profile import Session
from relapp.services.reflections import reflection_title, sections_for
from relapp.services.reports.common import Progress, day_of, readable, steps
from relapp.services.sessions import Action, Person, latest_actions, owner_of, sessions_for
from relapp.services.sessions import team_people as _team_people
from relapp.services.supervision import ThreadEntry, feedback_thread
from relapp.store import audit
from relapp.store.vault import Record
from relapp.sync.team import short_id

TREND_DAYS = 182  # the pack's charts look back at least this far, so a trend shows
LONG_REFLECTION = 1800  # characters: a reflection this long starts on a new page in print


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
        day_of(data.get("submitted_at"))
        or (day_of(visit.data.get("when")) if visit else None)
        or day_of(record.created_at)
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
        for r in readable(session.records.list("checkin"))
        if r.data.get("family_id") in wanted
        and r.data.get("score") is not None
        and r.data.get("instrument_id") in instruments
    ]
    alerts = alerts_by_checkin(checkins, instruments)
    groups: dict[tuple[str, str], list[Record]] = {}
    for record in checkins:
        if day_of(record.data.get("when")) in window:
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
    step = steps(progress, 5)
    people, names, problem = practitioners(session)
    person = find_practitioner(people, member)
    audit.record(session.vault, "report", [person.member_id])
    step()
    families = {r.id: r for r in readable(session.records.list("family"))}
    visits = {r.id: r for r in readable(session.records.list("visit"))}
    chosen = [
        r
        for r in readable(session.records.list("reflection"))
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
        r
        for r in sessions_for(session, person.member_id)
        if (day_of(r.when) or span.end) <= span.end
    ]
    actions = list(latest_actions(rows).values())
    open_now = [a for a in actions if a.is_open]
    closed = [a for a in actions if not a.is_open and day_of(a.session_when) in span]
    held = [
        PackSession(r.when, r.agenda, r.notes) for r in reversed(rows) if day_of(r.when) in span
    ]
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

"""What a supervisor watches across the team: check-in trends per family and instrument, the
alerts among the latest scores, and the barriers & changes board (barriers by category and by
month, and each change test's check-in averages before and after it started).

Plain Python, no Qt: the supervisor's tabs call these in background read tasks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from relapp.domain.definitions import Instrument
from relapp.services.barriers import BarrierRow, ChangeTestRow, VisitLink, load_overview
from relapp.services.families import TrendPoint, parse_when
from relapp.services.profile import Session
from relapp.services.sessions import member_names, owner_of
from relapp.store import queries
from relapp.store.vault import Record

# How far either side of a change test's start its check-ins are compared.
WINDOW_MONTHS = 3
# The "barriers by month" chart covers at most this many months up to today.
MONTHS_SHOWN = 12
_TOLERANCE = 1e-9


# ---- caseload trends ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseloadFamily:
    id: str
    name: str
    reference: str
    service: str
    status: str
    practitioner_id: str
    practitioner_name: str
    series: dict[str, list[TrendPoint]] = field(hash=False, compare=False)

    def latest(self, instrument_id: str) -> TrendPoint | None:
        points = self.series.get(instrument_id)
        return points[-1] if points else None

    @property
    def last_checkin(self) -> TrendPoint | None:
        latest = [points[-1] for points in self.series.values() if points]
        return max(latest, key=lambda p: p.when, default=None)

    def matches(self, text: str) -> bool:
        haystack = f"{self.name} {self.reference} {self.service}".casefold()
        return all(word in haystack for word in text.casefold().split())


@dataclass(frozen=True, slots=True)
class CaseloadAlert:
    checkin_id: str
    family_id: str
    family_name: str
    practitioner_id: str
    practitioner_name: str
    instrument_id: str
    instrument_title: str
    respondent: str
    when: str
    score: float
    previous: float | None
    threshold: float | None
    below: bool  # under the instrument's alert level
    dropped: bool  # fell by at least the instrument's reliable-change amount
    sentence: str  # the instrument's own alert sentence

    @property
    def drop(self) -> float:
        return (self.previous or 0.0) - self.score if self.previous is not None else 0.0


@dataclass
class Caseload:
    families: list[CaseloadFamily]
    alerts: list[CaseloadAlert]
    instruments: list[Instrument]  # those with check-ins, in the definitions' order
    names_problem: str = ""
    unreadable: int = 0


class _Team:
    """Records and names read once, for the caseload and the board."""

    def __init__(self, session: Session) -> None:
        self.session = session
        found = session.records.list("family")
        self.unreadable = sum(1 for r in found if r.error)
        self.families = {r.id: r for r in found if r.error is None}
        checkins = session.records.list("checkin")
        self.unreadable += sum(1 for r in checkins if r.error)
        self.checkins = [r for r in checkins if r.error is None and r.data.get("score") is not None]
        self.names, self.names_problem = member_names(session)
        # Who first wrote each family not assigned to anyone: one query, not one a family.
        self.owners = queries.owners(
            session.vault,
            "family",
            (f.id for f in self.families.values() if not f.data.get("assigned_to")),
        )

    def practitioner_of(self, family: Record) -> str:
        assigned = family.data.get("assigned_to")
        if assigned:
            return str(assigned)
        return self.owners.get(family.id) or owner_of(self.session, family)

    def name_of(self, member_id: str) -> str:
        return self.names.get(member_id, "")


def _family_series(checkins: Iterable[Record]) -> dict[str, dict[str, list[TrendPoint]]]:
    """family id -> instrument id -> points, oldest first."""
    found: dict[str, dict[str, list[TrendPoint]]] = {}
    for record in checkins:
        when = parse_when(record.data.get("when"))
        if when is None:
            continue
        point = TrendPoint(
            when, float(record.data["score"]), str(record.data.get("respondent", "")), record.id
        )
        family = found.setdefault(str(record.data.get("family_id", "")), {})
        family.setdefault(str(record.data.get("instrument_id", "")), []).append(point)
    for by_instrument in found.values():
        for points in by_instrument.values():
            points.sort(key=lambda p: (p.when, p.respondent))
    return found


def _series(team: _Team) -> list[CaseloadFamily]:
    series = _family_series(team.checkins)
    rows = []
    for family in team.families.values():
        data = family.data
        practitioner = team.practitioner_of(family)
        rows.append(
            CaseloadFamily(
                id=family.id,
                name=str(data.get("display_name") or data.get("reference") or ""),
                reference=str(data.get("reference", "")),
                service=str(data.get("service") or ""),
                status=str(data.get("status") or "active"),
                practitioner_id=practitioner,
                practitioner_name=team.name_of(practitioner),
                series=series.get(family.id, {}),
            )
        )
    rows.sort(key=lambda r: (r.name.casefold(), r.reference))
    return rows


def _alerts(team: _Team, instruments: Mapping[str, Instrument]) -> list[CaseloadAlert]:
    """The latest check-in of each active family, instrument and respondent, when it is below
    the alert level or fell by the reliable-change amount since the one before."""
    series: dict[tuple[str, str, str], list[Record]] = {}
    for record in team.checkins:
        data = record.data
        key = (data.get("family_id", ""), data.get("instrument_id", ""), data.get("respondent", ""))
        series.setdefault(key, []).append(record)
    alerts = []
    for (family_id, instrument_id, respondent), records in series.items():
        family = team.families.get(family_id)
        instrument = instruments.get(instrument_id)
        if family is None or instrument is None or instrument.alert is None:
            continue  # self-checks and unknown instruments are not caseload alerts
        if (family.data.get("status") or "active") != "active":
            continue  # a closed family's alerts are history, not something to act on
        records.sort(key=lambda r: r.data.get("when", ""))
        latest = records[-1]
        score = float(latest.data["score"])
        previous = float(records[-2].data["score"]) if len(records) > 1 else None
        sentence = instrument.alert_for(score, previous)
        if not sentence:
            continue
        threshold = instrument.alert.threshold
        change = instrument.alert.reliable_change
        practitioner = team.practitioner_of(family)
        alerts.append(
            CaseloadAlert(
                checkin_id=latest.id,
                family_id=family_id,
                family_name=str(family.data.get("display_name") or ""),
                practitioner_id=practitioner,
                practitioner_name=team.name_of(practitioner),
                instrument_id=instrument_id,
                instrument_title=instrument.title,
                respondent=respondent,
                when=str(latest.data.get("when", "")),
                score=score,
                previous=previous,
                threshold=threshold,
                below=threshold is not None and score < threshold,
                dropped=change is not None
                and previous is not None
                and previous - score >= change - _TOLERANCE,
                sentence=sentence,
            )
        )
    alerts.sort(key=lambda a: a.when, reverse=True)
    return alerts


def practitioner_first(instruments: Mapping[str, Instrument]) -> list[Instrument]:
    """Instruments mainly for the practitioner first, then the definitions' order (as the
    family page orders its charts)."""
    ordered = list(instruments.values())
    return sorted(ordered, key=lambda i: (i.respondents[0] != "practitioner", ordered.index(i)))


def _instruments_used(session: Session, families: Iterable[CaseloadFamily]) -> list[Instrument]:
    used = {instrument_id for f in families for instrument_id in f.series}
    return [i for i in practitioner_first(session.definitions.instruments) if i.id in used]


def caseload_series(session: Session) -> list[CaseloadFamily]:
    """Every family with its practitioner and each instrument's check-in scores (oldest first)."""
    return _series(_Team(session))


def caseload_alerts(session: Session) -> list[CaseloadAlert]:
    """Alerts among the latest check-ins of the team's active families, newest first."""
    return _alerts(_Team(session), session.definitions.instruments)


def caseload(session: Session) -> Caseload:
    """Both at once, reading the records a single time (what the Caseload trends tab shows)."""
    team = _Team(session)
    families = _series(team)
    return Caseload(
        families=families,
        alerts=_alerts(team, session.definitions.instruments),
        instruments=_instruments_used(session, families),
        names_problem=team.names_problem,
        unreadable=team.unreadable,
    )


# ---- the barriers & changes board -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Count:
    key: str  # a category id, or a month as "2026-03"
    label: str  # the category's title, or the month's first day as an ISO date
    count: int


@dataclass(frozen=True, slots=True)
class MonthAverage:
    month: str  # "2026-03"
    average: float
    count: int


@dataclass(frozen=True, slots=True)
class BeforeAfter:
    """One instrument's check-ins in the months before a change test started and after."""

    instrument_id: str
    instrument_title: str
    before: list[MonthAverage]
    after: list[MonthAverage]
    before_average: float | None
    before_count: int
    after_average: float | None
    after_count: int

    @property
    def change(self) -> float | None:
        if self.before_average is None or self.after_average is None:
            return None
        return self.after_average - self.before_average


@dataclass(frozen=True, slots=True)
class ChangeTestCard:
    row: ChangeTestRow
    barrier_labels: tuple[str, ...]
    family_ids: tuple[str, ...]  # families of the visits its barriers are linked to
    start: date | None
    window_months: int
    comparisons: list[BeforeAfter]
    # Why there is nothing to compare: "no_start", "not_started", "no_families",
    # "no_checkins", or "" when comparisons has something.
    gap: str = ""

    @property
    def family_count(self) -> int:
        return len(self.family_ids)


@dataclass
class BarrierBoard:
    by_category: list[Count]
    by_month: list[Count]
    earlier: int  # barriers noticed before the months shown
    undated: int  # barriers with no "noticed on" date
    barriers: list[BarrierRow]
    visits: dict[str, VisitLink]
    change_tests: list[ChangeTestCard]
    unreadable: int = 0


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    # The same day of the month, or the month's last day when it is shorter.
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def _months(first: date, last: date) -> list[date]:
    months, current = [], date(first.year, first.month, 1)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def _iso_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _counts_by_category(barriers: list[BarrierRow]) -> list[Count]:
    counts: dict[str, Count] = {}
    for row in barriers:
        before = counts.get(row.category)
        counts[row.category] = Count(
            row.category, row.category_title, (before.count if before else 0) + 1
        )
    return sorted(counts.values(), key=lambda c: (-c.count, c.label.casefold()))


def _counts_by_month(barriers: list[BarrierRow], today: date) -> tuple[list[Count], int, int]:
    days = [_iso_day(row.noticed_on) for row in barriers]
    undated = sum(1 for d in days if d is None)
    dated = [d for d in days if d is not None]
    if not dated:
        return [], 0, undated
    last = max([*dated, today])
    first = max(min(dated), add_months(date(last.year, last.month, 1), -(MONTHS_SHOWN - 1)))
    months = _months(first, last)
    shown = {month_key(m) for m in months}
    counts = {key: 0 for key in shown}
    earlier = 0
    for day in dated:
        key = month_key(day)
        if key in counts:
            counts[key] += 1
        else:
            earlier += 1
    return (
        [Count(month_key(m), m.isoformat(), counts[month_key(m)]) for m in months],
        earlier,
        undated,
    )


def _average(points: list[tuple[date, float]]) -> list[MonthAverage]:
    by_month: dict[str, list[float]] = {}
    for day, score in points:
        by_month.setdefault(month_key(day), []).append(score)
    return [
        MonthAverage(month, sum(scores) / len(scores), len(scores))
        for month, scores in sorted(by_month.items())
    ]


def _mean(points: list[tuple[date, float]]) -> float | None:
    return sum(s for _d, s in points) / len(points) if points else None


def before_after(
    checkins: Iterable[Record],
    family_ids: Iterable[str],
    start: date,
    today: date,
    instruments: Mapping[str, Instrument],
    months: int = WINDOW_MONTHS,
) -> list[BeforeAfter]:
    """Per instrument, the check-ins of these families (every respondent) in the `months`
    before `start`, and from `start` for `months` (up to today), averaged by month."""
    families = set(family_ids)
    window_start, window_end = add_months(start, -months), min(add_months(start, months), today)
    before: dict[str, list[tuple[date, float]]] = {}
    after: dict[str, list[tuple[date, float]]] = {}
    for record in checkins:
        if record.data.get("family_id") not in families:
            continue
        when = parse_when(record.data.get("when"))
        if when is None:
            continue
        day, score = when.date(), float(record.data["score"])
        instrument_id = str(record.data.get("instrument_id", ""))
        if window_start <= day < start:
            before.setdefault(instrument_id, []).append((day, score))
        elif start <= day <= window_end:
            after.setdefault(instrument_id, []).append((day, score))
    found = []
    for instrument in practitioner_first(instruments):
        instrument_id = instrument.id
        if instrument_id not in before and instrument_id not in after:
            continue
        b, a = before.get(instrument_id, []), after.get(instrument_id, [])
        found.append(
            BeforeAfter(
                instrument_id=instrument_id,
                instrument_title=instrument.title,
                before=_average(b),
                after=_average(a),
                before_average=_mean(b),
                before_count=len(b),
                after_average=_mean(a),
                after_count=len(a),
            )
        )
    return found


def _card(
    row: ChangeTestRow,
    barriers: Mapping[str, BarrierRow],
    visits: Mapping[str, VisitLink],
    checkins: list[Record],
    today: date,
    instruments: Mapping[str, Instrument],
) -> ChangeTestCard:
    linked = [barriers[b] for b in row.barrier_ids if b in barriers]
    family_ids: list[str] = []
    for barrier in linked:
        for visit_id in barrier.visit_ids:
            visit = visits.get(visit_id)
            if (
                visit
                and not visit.missing
                and visit.family_id
                and visit.family_id not in family_ids
            ):
                family_ids.append(visit.family_id)
    start = _iso_day(row.start_date)
    comparisons: list[BeforeAfter] = []
    if start is None:
        gap = "no_start"
    elif start > today:
        gap = "not_started"
    elif not family_ids:
        gap = "no_families"
    else:
        comparisons = before_after(checkins, family_ids, start, today, instruments)
        gap = "" if comparisons else "no_checkins"
    return ChangeTestCard(
        row=row,
        barrier_labels=tuple(b.label for b in linked),
        family_ids=tuple(family_ids),
        start=start,
        window_months=WINDOW_MONTHS,
        comparisons=comparisons,
        gap=gap,
    )


def barrier_board(session: Session, today: date | None = None) -> BarrierBoard:
    """Barriers by category and by month, with their visits, and the change tests with their
    plan-do-study-act and the check-in averages before and after each started."""
    today = today or date.today()
    overview = load_overview(session.records)
    checkins = [
        r
        for r in session.records.list("checkin")
        if r.error is None and r.data.get("score") is not None
    ]
    by_id = {b.id: b for b in overview.barriers}
    by_month, earlier, undated = _counts_by_month(overview.barriers, today)
    instruments = session.definitions.instruments
    return BarrierBoard(
        by_category=_counts_by_category(overview.barriers),
        by_month=by_month,
        earlier=earlier,
        undated=undated,
        barriers=overview.barriers,
        visits=overview.visits,
        change_tests=[
            _card(row, by_id, overview.visits, checkins, today, instruments)
            for row in overview.change_tests
        ],
        unreadable=overview.unreadable,
    )

"""System barriers and the small changes tested against them: the queries the
"Barriers & changes" page needs, in plain Python (no Qt), so they are tested on their own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from relapp.services.records import RecordService
from relapp.store.vault import Record, RecordNotFound, VaultError, fields

FIRST_LINE_LIMIT = 120


@dataclass(frozen=True, slots=True)
class VisitLink:
    """A visit a barrier was noticed on, with what a person needs to recognise it."""

    visit_id: str
    when: str  # ISO date-time, "" when the visit cannot be read
    family_id: str
    family_name: str
    mode: str
    service: str = ""
    missing: bool = False  # deleted or unreadable: shown as such, never dropped silently


@dataclass(frozen=True, slots=True)
class BarrierRow:
    id: str
    version: int
    category: str
    category_title: str
    description: str
    impact: str
    status: str
    noticed_on: str
    visit_ids: tuple[str, ...]
    data: dict[str, Any] = field(hash=False, compare=False)

    @property
    def first_line(self) -> str:
        return first_line(self.description)

    @property
    def label(self) -> str:
        """How a change test's list of barriers names this one."""
        return f"{self.category_title}: {self.first_line}"


@dataclass(frozen=True, slots=True)
class ChangeTestRow:
    id: str
    version: int
    title: str
    status: str
    start_date: str
    end_date: str
    barrier_ids: tuple[str, ...]
    barrier_titles: tuple[str, ...]
    data: dict[str, Any] = field(hash=False, compare=False)


@dataclass
class BarriersOverview:
    barriers: list[BarrierRow]
    change_tests: list[ChangeTestRow]
    visits: dict[str, VisitLink]
    unreadable: int = 0  # records that failed to decrypt; the page says so


def first_line(text: str, limit: int = FIRST_LINE_LIMIT) -> str:
    line = next((part.strip() for part in (text or "").splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def category_titles(records: RecordService) -> dict[str, str]:
    return {c.id: c.title for c in records.definitions.barrier_categories}


def barrier_row(record: Record, titles: dict[str, str]) -> BarrierRow:
    data = record.data
    category = data.get("category", "")
    return BarrierRow(
        id=record.id,
        version=record.version,
        category=category,
        category_title=titles.get(category, category),
        description=data.get("description", ""),
        impact=data.get("impact", ""),
        status=data.get("status", "open"),
        noticed_on=data.get("noticed_on", ""),
        visit_ids=tuple(data.get("visit_ids", [])),
        data=dict(data),
    )


def change_test_row(record: Record, barriers: dict[str, BarrierRow]) -> ChangeTestRow:
    data = record.data
    ids = tuple(data.get("barrier_ids", []))
    return ChangeTestRow(
        id=record.id,
        version=record.version,
        title=data.get("title", ""),
        status=data.get("status", "planned"),
        start_date=data.get("start_date", ""),
        end_date=data.get("end_date", ""),
        barrier_ids=ids,
        barrier_titles=tuple(barriers[b].category_title for b in ids if b in barriers),
        data=dict(data),
    )


# What a barrier's link to a visit shows of the visit and of its family.
_VISIT_FIELDS = fields("family_id", "when", "mode")
_FAMILY_FIELDS = fields("display_name", "service")


class _Reader:
    """Fetches visits and families by id, once each: the fields a link shows, many at a time
    (a team's 800 barriers name thousands of visits; each read whole, with its family, was
    13 MB held while the Barriers page loaded with 100,000 records)."""

    def __init__(self, records: RecordService) -> None:
        self.records = records
        self._cache: dict[str, Record | None] = {}

    def prefetch(self, visit_ids: Iterable[str]) -> None:
        vault = self.records.vault
        wanted = [v for v in dict.fromkeys(visit_ids) if v and v not in self._cache]
        visits = vault.get_many(wanted, author=False, keep=_VISIT_FIELDS)
        for visit_id in wanted:
            self._cache[visit_id] = _usable(visits.get(visit_id))
        family_ids = [
            str(v.data.get("family_id", ""))
            for v in visits.values()
            if _usable(v) is not None and v.kind == "visit"
        ]
        family_ids = [f for f in dict.fromkeys(family_ids) if f and f not in self._cache]
        families = vault.get_many(family_ids, author=False, keep=_FAMILY_FIELDS)
        for family_id in family_ids:
            self._cache[family_id] = _usable(families.get(family_id))

    def get(self, record_id: str) -> Record | None:
        if record_id not in self._cache:
            try:
                record = self.records.vault.get(record_id, strict=False)
            except (RecordNotFound, VaultError):
                record = None
            self._cache[record_id] = _usable(record)
        return self._cache[record_id]

    def visit(self, visit_id: str) -> VisitLink:
        visit = self.get(visit_id)
        if visit is None or visit.kind != "visit":
            return VisitLink(visit_id, "", "", "", "", missing=True)
        family_id = visit.data.get("family_id", "")
        family = self.get(family_id)
        return VisitLink(
            visit_id=visit_id,
            when=visit.data.get("when", ""),
            family_id=family_id,
            family_name=family.data.get("display_name", "") if family else "",
            mode=visit.data.get("mode", ""),
            service=family.data.get("service", "") if family else "",
        )


def _usable(record: Record | None) -> Record | None:
    return record if record is not None and not record.error and not record.deleted else None


def load_overview(records: RecordService) -> BarriersOverview:
    """Every barrier (newest noticed first) and change test (latest start first), with the
    visits the barriers link to."""
    titles = category_titles(records)
    found = records.list("barrier")
    unreadable = sum(1 for r in found if r.error)
    barriers = [barrier_row(r, titles) for r in found if not r.error]
    barriers.sort(key=lambda b: (b.noticed_on, b.id), reverse=True)
    by_id = {b.id: b for b in barriers}
    tests = records.list("change_test")
    unreadable += sum(1 for r in tests if r.error)
    changes = [change_test_row(r, by_id) for r in tests if not r.error]
    changes.sort(key=lambda c: (c.start_date, c.title), reverse=True)
    reader = _Reader(records)
    reader.prefetch(v for b in barriers for v in b.visit_ids)
    visits = {v: reader.visit(v) for b in barriers for v in b.visit_ids}
    return BarriersOverview(barriers, changes, visits, unreadable)


def visit_link(records: RecordService, visit_id: str) -> VisitLink:
    return _Reader(records).visit(visit_id)


def filter_barriers(
    rows: Iterable[BarrierRow], category: str | None = None, status: str | None = None
) -> list[BarrierRow]:
    return [
        row
        for row in rows
        if (not category or row.category == category) and (not status or row.status == status)
    ]


def quick_barrier(
    category: str,
    sentence: str,
    impact: str,
    visit: VisitLink | None,
    today: date | None = None,
) -> dict[str, Any]:
    """The data of a barrier recorded in a moment from a visit: noticed on the visit's day,
    in the family's service, linked to that visit, open."""
    noticed = (visit.when[:10] if visit and visit.when else "") or (
        today or date.today()
    ).isoformat()
    data: dict[str, Any] = {
        "category": category,
        "description": sentence.strip(),
        "impact": impact,
        "status": "open",
        "noticed_on": noticed,
        "visit_ids": [visit.visit_id] if visit else [],
    }
    if visit and visit.service:
        data["service"] = visit.service
    return data

"""Reports: the supervision pack, the analysts' CSV and the anonymised learning report.

A real team (a supervisor and two practitioners syncing through a shared folder) writes records
full of sentinel words; the learning report in HTML, PDF and CSV must hold none of them, nor any
reference code, member name or record id, and no suppressed count may be worked out from what
is shown (checked by an independent solver, not the module's own).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from relapp.services import reports
from relapp.services import supervision as supervision_service
from relapp.services import team as team_service
from relapp.services.errors import ServiceError
from relapp.services.profile import Session
from tests.sync.conftest import Team

ROOT = Path(__file__).resolve().parents[1]
SUP_NAME = "Persephone Sentinelsup"
P1_NAME = "Ozymandias Sentinelprac"
P2_NAME = "Bathsheba Sentinelprac"
PERIOD = ("2026-01-01", "2026-03-31")
TODAY = date.today()

# (category, day, service or "", how many) — barriers noticed in the learning period
BARRIERS = [
    ("caseload-time", "2026-01-12", "Hub East", 6),
    ("caseload-time", "2026-02-03", "Hub East", 3),
    ("caseload-time", "2026-02-17", "Hub West", 1),
    ("caseload-time", "2026-03-09", "Hub West", 5),
    ("information-sharing", "2026-01-20", "Hub West", 2),
    ("information-sharing", "2026-03-02", "Hub East", 7),
    ("process-paperwork", "2026-02-11", "Hub East", 8),
    ("process-paperwork", "2026-02-25", "Hub West", 5),
    ("digital-access", "2026-03-30", "", 1),
]


@dataclass
class World:
    team: Team
    sup: Session
    p1: Session
    p2: Session
    sentinels: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    reflection_id: str = ""
    reflection_text: str = ""
    feedback_text: str = ""
    reply_text: str = ""
    change_tests: dict[str, str] = field(default_factory=dict)

    def secret(self, text: str) -> str:
        self.sentinels.append(text)
        return text

    def forbidden(self) -> list[str]:
        """Everything the learning report must never hold: sentinel words, reference codes,
        member names and every id (in full and as the 8-character short id)."""
        ids = {r.id for kind in _KINDS for r in self.sup.records.list(kind)}
        ids |= {s.vault.member_id for s in (self.sup, self.p1, self.p2)}
        ids |= {s.vault.device_id for s in (self.sup, self.p1, self.p2)}
        return [
            *self.sentinels,
            *self.references,
            SUP_NAME,
            P1_NAME,
            P2_NAME,
            "Sentinel",
            *ids,
            *(i[-8:] for i in ids),
        ]


_KINDS = (
    "family",
    "visit",
    "reflection",
    "checkin",
    "barrier",
    "change_test",
    "feedback",
    "supervision_session",
)


def _scores(session: Session, instrument_id: str, value: int) -> dict[str, int]:
    instrument = session.definitions.instruments[instrument_id]
    return {item.id: value for item in instrument.items}


def _checkin(
    world: World,
    who: Session,
    family_id: str,
    when: str,
    instrument: str,
    respondent: str,
    value: int,
) -> None:
    who.records.save(
        "checkin",
        {
            "family_id": family_id,
            "instrument_id": instrument,
            "respondent": respondent,
            "when": when,
            "scores": _scores(who, instrument, value),
            "comment": world.secret(f"Sentinel checkin comment {family_id[-6:]} {when}"),
        },
    )


def _families(world: World, who: Session, count: int, offset: int, service: str) -> list[str]:
    ids = []
    for n in range(offset, offset + count):
        reference = f"SREF-{9100 + n}"
        world.references.append(reference)
        record = who.records.save(
            "family",
            {
                "reference": reference,
                "display_name": world.secret(f"The Sentinelfamily{n} family"),
                "members": [
                    {
                        "name": world.secret(f"Sentinelmother{n} Quill"),
                        "role": "mother",
                        "birth_year": 1990,
                    }
                ],
                "service": service,
                "status": "active",
                "assigned_to": who.vault.member_id,
                "notes": world.secret(f"Sentinel family notes {n}"),
            },
        )
        ids.append(record.id)
    return ids


def _build(base: Path) -> World:
    central = base / "shared"
    central.mkdir()
    t = Team(central=central, base=base / "profiles")
    sup = t.add("sup", SUP_NAME, "supervisor")
    team_service.create(sup, central, "Early Help North")
    p1 = t.join("p1", P1_NAME, "practitioner")
    p2 = t.join("p2", P2_NAME, "practitioner")
    world = World(t, sup, p1, p2)

    f1 = _families(world, p1, 4, 1, "Hub East")
    f2 = _families(world, p2, 2, 5, "Hub West")
    recent = (datetime.now() - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    visit = p1.records.save(
        "visit",
        {
            "family_id": f1[0],
            "when": recent,
            "mode": "home",
            "purpose": world.secret("Sentinel visit purpose"),
        },
    )
    # Check-ins: January and February, one per family (6 check-ins from 6 families: shown);
    # March, three (fewer than 5); the parent-parent check-in, 5 from 2 families (hidden).
    for month in ("01", "02"):
        for who, ids in ((p1, f1), (p2, f2)):
            for n, family_id in enumerate(ids):
                _checkin(
                    world,
                    who,
                    family_id,
                    f"2026-{month}-1{n}T10:00",
                    "practitioner-family",
                    "practitioner",
                    2 + n % 3,
                )
    for family_id in f1[:3]:
        _checkin(world, p1, family_id, "2026-03-05T10:00", "practitioner-family", "practitioner", 4)
    for n, family_id in enumerate([f1[0], f1[0], f1[0], f1[1], f1[1]]):
        _checkin(
            world, p1, family_id, f"2026-02-0{n + 1}T11:00", "parent-parent", "practitioner", 3
        )
    # Recent check-ins for the pack's charts (the first family dips below the alert level).
    for days, value in ((40, 4), (20, 4), (2, 2)):
        when = (datetime.now() - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")
        _checkin(world, p1, f1[0], when, "practitioner-family", "practitioner", value)
    _checkin(world, p1, f1[0], recent, "practitioner-family", "parent", 3)

    barrier_ids = []
    for index, (category, day, service, count) in enumerate(BARRIERS):
        author = p1 if index % 3 else p2
        for n in range(count):
            data: dict[str, Any] = {
                "category": category,
                "description": world.secret(f"Sentinel barrier description {index}-{n}"),
                "impact": "medium",
                "status": "open",
                "noticed_on": day,
                "visit_ids": [visit.id] if author is p1 else [],
            }
            if service:
                data["service"] = service
            barrier_ids.append(author.records.save("barrier", data).id)
    p1.records.save(
        "barrier",
        {
            "category": "caseload-time",
            "description": world.secret("Sentinel old barrier"),
            "noticed_on": "2025-11-02",
        },
    )
    for key, start, end, status in (
        ("adopted", "2026-01-10", "2026-03-01", "adopted"),
        ("running", "2026-02-01", None, "running"),
        ("old", "2025-05-01", "2025-06-01", "abandoned"),
    ):
        data = {
            "title": world.secret(f"Sentinel change title {key}"),
            "barrier_ids": barrier_ids[:2] if key == "adopted" else barrier_ids[-3:],
            "plan": world.secret(f"Sentinel plan {key}"),
            "do": world.secret(f"Sentinel do {key}"),
            "study": world.secret(f"Sentinel study {key}") if key == "adopted" else "",
            "act": world.secret(f"Sentinel act {key}") if key == "adopted" else "",
            "measure": world.secret(f"Sentinel measure {key}"),
            "outcome": world.secret(f"Sentinel outcome {key}"),
            "start_date": start,
            "status": status,
        }
        if end:
            data["end_date"] = end
        world.change_tests[key] = p1.records.save("change_test", data).id

    world.reflection_text = world.secret("Sentinelreflection: we sat in the kitchen and talked.")
    draft = p1.records.save_reflection_draft(
        {
            "template_id": "what-so-what-now-what",
            "visit_id": visit.id,
            "family_id": f1[0],
            "title": world.secret("Sentinel reflection title"),
            "sections": {
                "what": world.reflection_text,
                "so-what": world.secret("Sentinel so what part."),
            },
            "themes": [world.secret("Sentineltheme")],
        }
    )
    world.reflection_id = p1.records.submit_reflection(draft.id).id
    other = p2.records.save_reflection_draft(
        {
            "template_id": "free-text",
            "family_id": f2[0],
            "sections": {"reflection": world.secret("Sentinel second practitioner reflection")},
        }
    )
    p2.records.submit_reflection(other.id)

    t.sync("p1", "p2", "sup")
    world.feedback_text = world.secret("Sentinelfeedback: what did the silence mean?")
    question = supervision_service.give_feedback(
        sup, world.reflection_id, world.feedback_text, "returned"
    )
    sup.records.save(
        "supervision_session",
        {
            "practitioner_id": p1.vault.member_id,
            "when": (datetime.now() - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
            "agenda": [world.secret("Sentinel agenda line")],
            "notes": world.secret("Sentinel session notes"),
            "actions": [
                {
                    "id": "a1",
                    "text": world.secret("Sentinel open action"),
                    "owner": "practitioner",
                    "status": "open",
                    "due": str(TODAY + timedelta(days=5)),
                },
                {
                    "id": "a2",
                    "text": world.secret("Sentinel done action"),
                    "owner": "supervisor",
                    "status": "done",
                },
            ],
        },
    )
    t.sync("sup", "p1")
    world.reply_text = world.secret("Sentinelreply: I think it was relief.")
    supervision_service.reply(p1, question.feedback.id, world.reply_text)
    t.sync("p1", "sup")
    return world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    built = _build(tmp_path_factory.mktemp("reports"))
    yield built
    for session in built.team.people.values():
        session.close()


def _learning(world: World, **kw: Any) -> reports.LearningReport:
    return reports.learning_report(world.sup, *PERIOD, today=date(2026, 4, 2), **kw)


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    text = meta + "\n" + "\n".join(page.extract_text() or "" for page in reader.pages)
    # pypdf reads some spaces as tabs, and the "fi" of a font's ligature as one character.
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def _assert_clean(text: str, world: World, where: str) -> None:
    folded = text.casefold()
    found = [s for s in world.forbidden() if s.casefold() in folded]
    assert not found, f"{where} holds {found[:5]}"


# ---- an independent check that suppressed cells cannot be worked out -------------------------

BIG = 10_000


class Solver:
    """Integer bounds propagation with splitting: whether the equations allow a variable more
    than one value. Deliberately unlike the module's network-flow check."""

    def __init__(
        self, equations: list[list[tuple[int, Any]]], bounds: dict[Any, tuple[int, int]]
    ) -> None:
        self.equations = equations  # each: sum(sign * term) == 0; a term is a var or an int
        self.bounds = bounds

    def _propagate(self, b: dict[Any, tuple[int, int]]) -> dict[Any, tuple[int, int]] | None:
        b = dict(b)
        changed = True
        while changed:
            changed = False
            for eq in self.equations:

                def lo_hi(sign: int, term: Any) -> tuple[int, int]:
                    low, high = (term, term) if isinstance(term, int) else b[term]
                    return (low, high) if sign > 0 else (-high, -low)

                spans = [lo_hi(s, t) for s, t in eq]
                total_lo = sum(s[0] for s in spans)
                total_hi = sum(s[1] for s in spans)
                if total_lo > 0 or total_hi < 0:
                    return None
                for (sign, term), (lo, hi) in zip(eq, spans, strict=True):
                    if isinstance(term, int):
                        continue
                    # sign*term lies in [-(others_hi), -(others_lo)]
                    others_lo, others_hi = total_lo - lo, total_hi - hi
                    new_lo, new_hi = -others_hi, -others_lo
                    if sign < 0:
                        new_lo, new_hi = -new_hi, -new_lo
                    old = b[term]
                    tight = (max(old[0], new_lo), min(old[1], new_hi))
                    if tight[0] > tight[1]:
                        return None
                    if tight != old:
                        b[term] = tight
                        changed = True
        return b

    def solution(self, b: dict[Any, tuple[int, int]] | None = None) -> dict[Any, int] | None:
        b = self._propagate(self.bounds if b is None else b)
        if b is None:
            return None
        open_vars = [v for v, (lo, hi) in b.items() if lo < hi]
        if not open_vars:
            return {v: lo for v, (lo, _hi) in b.items()}
        var = min(open_vars, key=lambda v: b[v][1] - b[v][0])
        lo, hi = b[var]
        mid = (lo + hi) // 2
        for part in ((lo, mid), (mid + 1, hi)):
            found = self.solution({**b, var: part})
            if found is not None:
                return found
        return None

    def pinned(self) -> list[Any]:
        """The variables that only one value fits."""
        first = self.solution()
        assert first is not None, "the published table contradicts itself"
        stuck = []
        for var, value in first.items():
            lo, hi = self.bounds[var]
            below = value > lo and self.solution({**self.bounds, var: (lo, value - 1)})
            above = value < hi and self.solution({**self.bounds, var: (value + 1, hi)})
            if not below and not above:
                stuck.append(var)
        return stuck


def _term(text: str, name: Any, bounds: dict[Any, tuple[int, int]]) -> Any:
    """A published cell: its number, or a variable with what the reader knows about it."""
    if text == reports.FEWER_THAN:
        bounds[name] = (0, 4)
        return name
    if text == reports.HIDDEN:
        bounds[name] = (5, BIG)
        return name
    return int(text)


def table_equations(
    tables: Sequence[dict[str, Any]], bounds: dict[Any, tuple[int, int]]
) -> list[list[tuple[int, Any]]]:
    """Equations of published tables: a table is {"cells": [[text]], "rows": [text],
    "cols": [text], "total": text, "name": str}; linked tables share row totals and total."""
    equations = []
    for table in tables:
        name = table["name"]
        row_key = table.get("row_key", name)
        cells = [
            [_term(c, (name, i, j), bounds) for j, c in enumerate(row)]
            for i, row in enumerate(table["cells"])
        ]
        rows = [_term(c, (row_key, "r", i), bounds) for i, c in enumerate(table["rows"])]
        cols = [_term(c, (name, "c", j), bounds) for j, c in enumerate(table["cols"])]
        total = _term(table["total"], (row_key, "g"), bounds)
        for i, row in enumerate(cells):
            equations.append([(1, t) for t in row] + [(-1, rows[i])])
        for j in range(len(cols)):
            equations.append([(1, row[j]) for row in cells] + [(-1, cols[j])])
        equations.append([(1, r) for r in rows] + [(-1, total)])
        equations.append([(1, c) for c in cols] + [(-1, total)])
    return equations


def pinned_cells(tables: Sequence[dict[str, Any]]) -> list[Any]:
    bounds: dict[Any, tuple[int, int]] = {}
    equations = table_equations(tables, bounds)
    return Solver(equations, bounds).pinned() if bounds else []


def table_from_csv(path: Path, column: str, name: str) -> dict[str, Any]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    categories = list(dict.fromkeys(r["category_id"] for r in rows if r["category_id"] != "total"))
    columns = list(dict.fromkeys(r[column] for r in rows if r[column] != "total"))
    text = {(r["category_id"], r[column]): r["suppressed"] or r["barriers"] for r in rows}
    for row in rows:
        assert bool(row["suppressed"]) != bool(row["barriers"]), row
    return {
        "name": name,
        "cells": [[text[(c, m)] for m in columns] for c in categories],
        "rows": [text[(c, "total")] for c in categories],
        "cols": [text[("total", m)] for m in columns],
        "total": text[("total", "total")],
    }


def test_the_solver_finds_a_small_number_left_alone() -> None:
    # A row with one "fewer than 5" and a shown total: 9 - 6 = 3.
    table = {
        "name": "t",
        "cells": [["fewer than 5", "6"], ["7", "8"]],
        "rows": ["9", "15"],
        "cols": ["10", "14"],
        "total": "24",
    }
    assert pinned_cells([table]) == [("t", 0, 0)]
    # Both small cells in the row and column hidden: a range remains... unless the bounds pin
    # it: "hidden" means 5 or more, so 5 = hidden + small forces 5 and 0.
    tight = {
        "name": "u",
        "cells": [["fewer than 5", "hidden"], ["hidden", "fewer than 5"]],
        "rows": ["5", "7"],
        "cols": ["5", "7"],
        "total": "12",
    }
    assert set(pinned_cells([tight])) == {("u", 0, 0), ("u", 0, 1), ("u", 1, 0), ("u", 1, 1)}


# ---- small-number protection ---------------------------------------------------------------


def _published(linked: reports.LinkedCounts, t: int, name: str, row_key: str) -> dict[str, Any]:
    rows, cols = linked.rows, linked.columns(t)
    return {
        "name": name,
        "row_key": row_key,
        "cells": [[linked.cell(("x", t, i, j)).text for j in range(cols)] for i in range(rows)],
        "rows": [linked.cell(("r", i)).text for i in range(rows)],
        "cols": [linked.cell(("c", t, j)).text for j in range(cols)],
        "total": linked.cell(("g",)).text,
    }


counts = st.integers(0, 12) | st.sampled_from([0, 0, 1, 2, 3, 5, 6, 20])


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda r: st.tuples(
            st.lists(st.lists(counts, min_size=3, max_size=3), min_size=r, max_size=r),
            st.lists(st.lists(counts, min_size=2, max_size=2), min_size=r, max_size=r),
        )
    )
)
def test_no_suppressed_count_can_be_worked_out(tables: tuple[list[list[int]], ...]) -> None:
    months, services = tables
    # The services table must add up to the same category totals as the months table.
    services = [
        [sum(m) - sum(s[1:]) if sum(m) >= sum(s[1:]) else 0, *s[1:]]
        for m, s in zip(months, services, strict=True)
    ]
    services = [
        s if sum(s) == sum(m) else [sum(m), 0] for m, s in zip(months, services, strict=True)
    ]
    linked = reports.LinkedCounts([services, months])
    linked.protect()
    by_month = _published(linked, 1, "month", "cat")
    by_service = _published(linked, 0, "service", "cat")
    for cell in [*by_month["cells"][0], *by_month["rows"], by_month["total"]]:
        assert cell in (reports.FEWER_THAN, reports.HIDDEN) or int(cell) >= 5
    assert pinned_cells([by_month]) == []
    assert pinned_cells([by_service]) == []
    assert pinned_cells([by_month, by_service]) == []


def test_a_lone_small_count_takes_a_partner() -> None:
    linked = reports.LinkedCounts([[[9, 3, 12], [8, 7, 6]]])
    linked.protect()
    row = [linked.cell(("x", 0, 0, j)).text for j in range(3)]
    assert row[1] == reports.FEWER_THAN
    assert row.count(reports.HIDDEN) >= 1, row  # 24 - 9 - 12 would give it away
    assert linked.cell(("x", 0, 0, 0)).text == reports.HIDDEN  # the smaller partner


# ---- the learning report -------------------------------------------------------------------


def test_learning_report_counts_barriers_by_month_and_service(world: World) -> None:
    report = _learning(world)
    table = report.by_month
    assert table.column_keys == ("2026-01", "2026-02", "2026-03")
    row = dict(zip(table.row_keys, table.cells, strict=True))
    totals = dict(zip(table.row_keys, table.row_totals, strict=True))
    # 2 + 0 + 7 = 9: showing 7 and 9 would say that January and February together held 2,
    # so March and the total are hidden too.
    assert [c.text for c in row["information-sharing"]] == [
        reports.FEWER_THAN,
        reports.FEWER_THAN,
        reports.HIDDEN,
    ]
    assert totals["information-sharing"].text == reports.HIDDEN
    # 13 in February alone, shown as the row's total: the February cell itself must be hidden,
    # or the two months around it would read 0.
    assert totals["process-paperwork"].text == "13"
    assert [c.text for c in row["process-paperwork"]] == [
        reports.FEWER_THAN,
        reports.HIDDEN,
        reports.FEWER_THAN,
    ]
    assert totals["digital-access"].text == reports.FEWER_THAN
    assert table.total.value == sum(n for *_rest, n in BARRIERS)  # the old barrier is out
    services = report.by_service.column_keys
    assert services == ("Hub East", "Hub West", reports.NOT_RECORDED)
    by_service = dict(zip(report.by_service.row_keys, report.by_service.cells, strict=True))
    assert by_service["caseload-time"][0].text == "9"
    assert report.by_service.column_totals[0].text == "24"


def test_learning_report_averages_hide_small_and_narrow_months(world: World) -> None:
    report = _learning(world)
    rows = {(r.instrument_id, r.respondent): r for r in report.averages.rows}
    practitioner = rows[("practitioner-family", "practitioner")].cells
    january = [
        float(r["score"])
        for r in reports.analyst_rows(world.sup, "checkins", "2026-01-01", "2026-01-31")
        if r["instrument_id"] == "practitioner-family" and r["respondent"] == "practitioner"
    ]
    assert practitioner[0].count == len(january) == 6
    assert practitioner[0].average == round(sum(january) / 6, 1)
    assert practitioner[2].note == reports.FEWER_THAN and practitioner[2].average is None
    parent_parent = rows[("parent-parent", "practitioner")].cells
    assert parent_parent[1].note == reports.HIDDEN and parent_parent[1].average is None


def test_learning_report_change_tests_without_text_by_default(world: World) -> None:
    report = _learning(world)
    assert [(t.status, t.stage, t.started) for t in report.change_tests] == [
        ("adopted", "act", "2026-01"),
        ("running", "do", "2026-02"),
    ]
    assert all(t.excerpt is None for t in report.change_tests)
    assert report.change_tests[0].addresses == ("Caseload and time",)


def test_learning_report_html_pdf_and_csv_hold_no_names_codes_ids_or_text(
    world: World, tmp_path: Path, qapp: Any
) -> None:
    from relapp.ui.pdf import write_learning_pdf

    report = _learning(world)
    html_path = reports.write_learning_html(report, tmp_path / "learning.html")
    pdf_path = tmp_path / "learning.pdf"
    pages = write_learning_pdf(report, pdf_path)
    assert pages >= 1
    csvs = reports.write_learning_csvs(report, pdf_path)
    html_text = html_path.read_text(encoding="utf-8")
    text = pdf_text(pdf_path)
    assert "fewer than 5" in html_text and "fewer than 5" in text
    assert "Barriers noticed, by category and month" in text
    assert "Process and paperwork" in text and "Hub East" in text
    _assert_clean(html_text, world, "the HTML")
    _assert_clean(text, world, "the PDF")
    for path in csvs:
        _assert_clean(path.read_text(encoding="utf-8-sig"), world, path.name)
    assert {p.name for p in csvs} == {f"learning-{n}.csv" for n in reports.LEARNING_CSV_COLUMNS}


def test_published_tables_cannot_be_solved_for_a_suppressed_count(
    world: World, tmp_path: Path
) -> None:
    report = _learning(world)
    paths = reports.learning_csv_paths(tmp_path / "learning.html")
    reports.write_learning_csvs(report, tmp_path / "learning.html")
    by_month = table_from_csv(paths["barriers-by-month"], "month", "month")
    by_service = table_from_csv(paths["barriers-by-service"], "service", "service")
    suppressed = sum(
        c in (reports.FEWER_THAN, reports.HIDDEN)
        for t in (by_month, by_service)
        for c in [*sum(t["cells"], []), *t["rows"], *t["cols"]]
    )
    assert suppressed > 10  # the check below has something to do
    assert any(c == reports.HIDDEN for c in sum(by_month["cells"], []) + by_month["rows"])
    assert pinned_cells([by_month]) == []
    assert pinned_cells([by_service]) == []
    by_month["row_key"] = by_service["row_key"] = "categories"
    assert pinned_cells([by_month, by_service]) == []


def test_a_reviewed_excerpt_is_included_only_when_ticked(world: World, tmp_path: Path) -> None:
    chosen = world.change_tests["adopted"]
    report = _learning(world, include_excerpts={chosen})
    html_text = reports.learning_html(report)
    assert "Sentinel change title adopted" in html_text
    assert "Sentinel measure adopted" in html_text and "Sentinel outcome adopted" in html_text
    for other in (
        "Sentinel plan adopted",
        "Sentinel study adopted",
        "Sentinel measure running",
        "Sentinel change title running",
        "Sentinel change title old",
    ):
        assert other not in html_text
    reports.write_learning_csvs(report, tmp_path / "l.pdf")
    path = reports.learning_csv_paths(tmp_path / "l.pdf")["change-tests"]
    tests = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    assert [t["excerpt_included"] for t in tests] == ["yes", "no"]
    assert tests[1]["measure"] == "" and tests[1]["title"] == ""


def test_change_test_choices_follow_the_period(world: World) -> None:
    choices = reports.change_test_choices(world.sup, *PERIOD)
    assert {c.id for c in choices} == {world.change_tests["adopted"], world.change_tests["running"]}


# ---- the supervision pack ------------------------------------------------------------------


def test_supervision_pack_gathers_one_practitioners_work(world: World) -> None:
    start, end = TODAY - timedelta(days=30), TODAY
    pack = reports.supervision_pack(world.sup, world.p1.vault.member_id[-8:], start, end)
    assert pack.practitioner == P1_NAME
    assert [r.id for r in pack.reflections] == [world.reflection_id]
    reflection = pack.reflections[0]
    assert reflection.template == "What? So what? Now what?"
    assert [s.text for s in reflection.sections][0] == world.reflection_text
    assert [(e.author, e.text, e.depth) for e in reflection.thread] == [
        (SUP_NAME, world.feedback_text, 0),
        (P1_NAME, world.reply_text, 1),
    ]
    assert reflection.status == "returned"
    assert [a.text for a in pack.open_actions] == ["Sentinel open action"]
    assert [a.text for a in pack.closed_actions] == ["Sentinel done action"]
    first = [t for t in pack.trends if t.family == "The Sentinelfamily1 family"]
    assert {t.instrument.id for t in first} == {"practitioner-family"}
    assert any("below the alert level" in a for a in first[0].alerts)
    # Another practitioner's reflection never enters this pack.
    by_name = reports.supervision_pack(world.sup, "bathsheba", start, end)
    assert by_name.practitioner == P2_NAME and len(by_name.reflections) == 1
    assert by_name.reflections[0].id != world.reflection_id


def test_supervision_pack_refuses_unknown_people_and_bad_periods(world: World) -> None:
    with pytest.raises(ServiceError, match="No practitioner matches"):
        reports.supervision_pack(world.sup, "nobody", "2026-01-01", "2026-02-01")
    with pytest.raises(ServiceError, match="more than one practitioner: .*Sentinelprac"):
        reports.supervision_pack(world.sup, "sentinelprac", "2026-01-01", "2026-02-01")
    with pytest.raises(ServiceError, match="before it starts"):
        reports.supervision_pack(world.sup, P1_NAME, "2026-02-01", "2026-01-01")
    with pytest.raises(ServiceError, match="not a date"):
        reports.supervision_pack(world.sup, P1_NAME, "1 Feb", "2026-01-01")


def test_supervision_pack_pdf_has_pages_and_readable_text(
    world: World, tmp_path: Path, qapp: Any
) -> None:
    from relapp.ui.pdf import write_pack_pdf

    pack = reports.supervision_pack(world.sup, P1_NAME, TODAY - timedelta(days=30), TODAY)
    target = tmp_path / "pack.pdf"
    pages = write_pack_pdf(pack, target)
    reader = PdfReader(str(target))
    assert len(reader.pages) == pages >= 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait
    text = pdf_text(target)
    for expected in (
        f"Supervision pack: {P1_NAME}",
        world.reflection_text,
        world.feedback_text,
        world.reply_text,
        "Sentinel open action",
        "Check-in trends",
        "The Sentinelfamily1 family",
        f"Page 1 of {pages}",
    ):
        assert expected in text, expected
    assert "Sentinel second practitioner reflection" not in text
    assert any(page.images for page in reader.pages)  # the charts


# ---- CSV for analysts -----------------------------------------------------------------------


def readme_columns() -> dict[str, list[str]]:
    """The columns README.md documents, by file, from its "## Reports" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Reports", 1)[1]
    found: dict[str, list[str]] = {}
    current = None
    for line in section.splitlines():
        heading = re.match(r"^#### `([^`]+)`", line)
        if heading:
            current = heading.group(1)
            found[current] = []
            continue
        cell = re.match(r"^\| `([a-z_]+)` \|", line)
        if cell and current:
            found[current].append(cell.group(1))
    return found


def test_csv_columns_match_the_readme(world: World, tmp_path: Path) -> None:
    documented = readme_columns()
    for kind, columns in reports.ANALYST_COLUMNS.items():
        assert documented[f"{kind}.csv"] == list(
            reports.analyst_columns(kind, with_references=True)
        ), kind
        path = tmp_path / f"{kind}.csv"
        reports.write_analyst_csv(world.sup, kind, path)
        header = path.read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.split(",") == list(columns)
    for name, columns in reports.LEARNING_CSV_COLUMNS.items():
        assert documented[f"REPORT-{name}.csv"] == list(columns), name


def test_analyst_csv_rows(world: World, tmp_path: Path) -> None:
    checkins = reports.analyst_rows(world.sup, "checkins", *PERIOD)
    assert len(checkins) == 12 + 3 + 5
    # Rows of one time are ordered by family key, which depends on the team's random key.
    first = next(r for r in checkins if r["service"] == "Hub East")
    assert first["date"] == "2026-01-10" and first["family_key"].startswith("F")
    assert reports.REFERENCE_COLUMN not in first or first[reports.REFERENCE_COLUMN] == ""
    assert not any(ref in v for row in checkins for v in row.values() for ref in world.references)
    assert first["subject"] == "family" and first["service"] == "Hub East"
    assert first["below_alert_level"] == "yes" and first["score"] == "2.333"  # one item reversed
    assert not any("Sentinel" in v for row in checkins for v in row.values())
    barriers = reports.analyst_rows(world.sup, "barriers", *PERIOD)
    assert len(barriers) == sum(n for *_rest, n in BARRIERS)
    tests = reports.analyst_rows(world.sup, "change_tests")
    assert [t["stage_reached"] for t in tests] == ["do", "act", "do"]
    path = tmp_path / "barriers.csv"
    assert reports.write_analyst_csv(world.sup, "barriers", path) == len(barriers) + 1
    assert path.stat().st_mode & 0o077 == 0  # owner only


def test_spreadsheet_formulas_are_neutralised() -> None:
    data = reports.csv_bytes(["a"], [{"a": "=HYPERLINK(1)"}, {"a": "plain"}]).decode("utf-8-sig")
    assert data.splitlines()[1] == "'=HYPERLINK(1)"


# ---- the command line ------------------------------------------------------------------------


def test_cli_reports(world: World, tmp_path: Path, qapp: Any, monkeypatch, capsys) -> None:
    from relapp.cli import main
    from tests.conftest import PASSPHRASE

    monkeypatch.setenv("RELAPP_PASSPHRASE", PASSPHRASE)

    def relapp(*args: str) -> int:
        return main(["--profile", str(world.team.base / "sup"), "report", *args])

    pack = tmp_path / "pack.pdf"
    month = [str(TODAY - timedelta(days=30)), str(TODAY)]
    assert (
        relapp(
            "supervision",
            "--member",
            "ozymandias",
            "--from",
            month[0],
            "--to",
            month[1],
            "--out",
            str(pack),
        )
        == 0
    )
    assert PdfReader(str(pack)).pages
    learning = tmp_path / "learning.html"
    assert relapp("learning", "--from", PERIOD[0], "--to", PERIOD[1], "--out", str(learning)) == 0
    assert "fewer than 5" in learning.read_text(encoding="utf-8")
    assert (tmp_path / "learning-barriers-by-month.csv").exists()
    assert relapp("csv", "--kind", "change_tests", "--out", str(tmp_path / "ct.csv")) == 0
    capsys.readouterr()
    assert (
        relapp(
            "supervision",
            "--member",
            "nobody",
            "--from",
            PERIOD[0],
            "--to",
            PERIOD[1],
            "--out",
            str(pack),
        )
        == 1
    )
    err = capsys.readouterr().err
    assert err.startswith("relapp: No practitioner matches") and "Traceback" not in err


def test_analyst_csvs_hold_no_free_text_and_families_by_key(world: World, tmp_path: Path) -> None:
    tests = reports.analyst_rows(world.sup, "change_tests")
    assert "title" not in reports.ANALYST_COLUMNS["change_tests"]
    for kind in reports.ANALYST_KINDS:
        path = tmp_path / f"{kind}.csv"
        reports.write_analyst_csv(world.sup, kind, path)
        _assert_clean(path.read_text(encoding="utf-8-sig"), world, path.name)
    assert len(tests) == 3
    rows = reports.analyst_rows(world.sup, "checkins", *PERIOD)
    keys = {r["family_key"] for r in rows if r["subject"] == "family"}
    assert len(keys) == 6 and all(re.fullmatch(r"F[0-9A-F]{15}", k) for k in keys)
    # Stable: the same key for the same family in every export.
    again = reports.analyst_rows(world.sup, "checkins", *PERIOD)
    assert [r["family_key"] for r in again] == [r["family_key"] for r in rows]
    # Only on request, the reference code, in a column that says it identifies.
    path = tmp_path / "with.csv"
    reports.write_analyst_csv(world.sup, "checkins", path, *PERIOD, with_references=True)
    marked = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    assert reports.REFERENCE_COLUMN == "family_reference_identifying"
    assert {r[reports.REFERENCE_COLUMN] for r in marked} <= set(world.references)
    assert len({r[reports.REFERENCE_COLUMN] for r in marked}) == 6
    # Keyed with the team's key: not a hash of the reference or the id alone; another laptop
    # given the same key writes the same keys, one without it different ones.
    key = reports.pseudonym_key(world.sup)
    assert key is not None and len(key) == 32
    assert reports.pseudonym_key(world.p1, create=False) is None
    p1_rows = reports.analyst_rows(world.p1, "checkins", *PERIOD)
    assert not {r["family_key"] for r in p1_rows} & keys
    reports.set_pseudonym_key(world.p1, key.hex())
    p1_rows = reports.analyst_rows(world.p1, "checkins", *PERIOD)
    p1_keys = {r["family_key"] for r in p1_rows if r["subject"] == "family"}
    assert p1_keys and p1_keys <= keys
    with pytest.raises(ServiceError, match="64 hexadecimal"):
        reports.set_pseudonym_key(world.p1, "not a key")


def test_an_excerpt_naming_someone_is_refused_until_edited(world: World) -> None:
    chosen = world.change_tests["adopted"]
    record = world.p1.records.get(chosen)
    family = next(r for r in world.sup.records.list("family"))
    member = family.data["members"][0]["name"]
    edited = dict(record.data, outcome=f"It helped {member} get to the hub sooner.")
    world.p1.records.save("change_test", edited, record_id=chosen)
    world.team.sync("p1", "sup")
    try:
        with pytest.raises(ServiceError) as refused:
            _learning(world, include_excerpts={chosen})
        message = str(refused.value)
        assert f"the outcome of change test 1 (started 2026-01-10) names “{member}”" in message
        assert "Edit the change test" in message
        # P1's first name is a colleague's name too.
        first = P1_NAME.split()[0]
        edited = dict(record.data, outcome=f"{first} tried it first.")
        world.p1.records.save("change_test", edited, record_id=chosen)
        world.team.sync("p1", "sup")
        with pytest.raises(ServiceError, match=f"names “{first}”"):
            _learning(world, include_excerpts={chosen})
        _learning(world)  # without the excerpt the report is made
    finally:
        world.p1.records.save("change_test", record.data, record_id=chosen)
        world.team.sync("p1", "sup")
    assert _learning(world, include_excerpts={chosen}).change_tests[0].excerpt is not None


def test_cli_learning_periods_and_the_key(
    world: World, tmp_path: Path, monkeypatch, capsys
) -> None:
    from relapp.cli import main
    from tests.conftest import PASSPHRASE

    monkeypatch.setenv("RELAPP_PASSPHRASE", PASSPHRASE)

    def relapp(*args: str) -> int:
        return main(["--profile", str(world.team.base / "sup"), "report", *args])

    out = tmp_path / "q.html"
    assert relapp("learning", "--quarter", "2026-Q1", "--out", str(out)) == 0
    assert "1 January 2026 to 31 March 2026" in out.read_text(encoding="utf-8")
    assert "Note: " in capsys.readouterr().out  # most monthly figures would be hidden
    assert relapp("learning", "--quarter", "2026-Q1", "--by", "quarter", "--out", str(out)) == 0
    assert "by category and quarter" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    bad = ("learning", "--from", "2026-02-06", "--to", "2026-03-31", "--out", str(out))
    assert relapp(*bad) == 1
    err = capsys.readouterr().err
    assert "one whole calendar quarter" in err and "Traceback" not in err
    key_file = tmp_path / "team.key"
    assert relapp("key", "--out", str(key_file)) == 0
    key = reports.pseudonym_key(world.sup)
    assert key is not None and key_file.read_text().strip() == key.hex()
    assert key_file.stat().st_mode & 0o077 == 0
    csv_path = tmp_path / "c.csv"
    assert relapp("csv", "--kind", "checkins", "--with-references", "--out", str(csv_path)) == 0
    assert "identify families" in capsys.readouterr().out
    assert reports.REFERENCE_COLUMN in csv_path.read_text(encoding="utf-8-sig").splitlines()[0]


def test_a_mostly_hidden_report_says_what_would_help_and_the_quarter_shows_more(
    world: World, tmp_path: Path
) -> None:
    by_month = _learning(world)
    hidden, total = reports.hidden_share(by_month)
    assert hidden / total > 0.5  # a small team's months: most figures are "fewer than 5"
    assert "Shown for the whole quarter instead" in by_month.advice
    assert "fewer than 5" in reports.learning_html(by_month).split("<h2>1.")[0]

    by_quarter = _learning(world, grouping="quarter")
    table = by_quarter.by_month
    assert table.column_keys == ("2026-Q1",) and table.columns == ("Jan–Mar 2026",)
    assert table.title == "Barriers noticed, by category and quarter"
    shown_quarter, _ = reports.hidden_share(by_quarter)
    assert (
        shown_quarter
        / len(
            [c for r in table.cells for c in r]
            + [c for r in by_quarter.averages.rows for c in r.cells]
        )
        < hidden / total
    )
    # The quarter's one column is each category's total for the quarter, as in the monthly
    # report (the same protection: a total shown by month is shown by quarter).
    month_totals = dict(zip(by_month.by_month.row_keys, by_month.by_month.row_totals, strict=True))
    for key, cells in zip(table.row_keys, table.cells, strict=True):
        if cells[0].value is not None and month_totals[key].value is not None:
            assert cells[0].value == month_totals[key].value
    assert "Check-in averages by quarter" in reports.learning_html(by_quarter)
    # Nothing can be worked out from the quarter's published tables either.
    paths = reports.learning_csv_paths(tmp_path / "quarter.html")
    reports.write_learning_csvs(by_quarter, tmp_path / "quarter.html")
    quarter = table_from_csv(paths["barriers-by-month"], "month", "quarter")
    service = table_from_csv(paths["barriers-by-service"], "service", "service")
    quarter["row_key"] = service["row_key"] = "categories"
    assert pinned_cells([quarter, service]) == []
    with pytest.raises(ServiceError, match="by month or by quarter"):
        _learning(world, grouping="week")

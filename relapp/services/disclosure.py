"""Statistical disclosure control for the learning report: which periods a report may cover,
small-number suppression of its count tables, and an exact checker of what a reader can work out
by adding and subtracting the numbers of several reports.

The method (README, "Reports"):

- Fixed reporting periods. A learning report covers one whole calendar quarter that has ended.
  Two quarters share no day, so two reports never share a record and nothing one report hides
  can be recovered with another's numbers; and a quarter that has ended does not change from one
  day to the next, so a report made today and one made tomorrow say the same.
- Within a report, a count below 5 reads "fewer than 5", and further counts are hidden until no
  suppressed cell can be worked out from the totals (exactly, with the bounds a reader knows)
  and no line's suppressed cells together read as 1 to 4.
- find_disclosures() checks any set of reports exactly: the counts of records by category,
  service and any run of days (or instrument, respondent and days) that follow from the shown
  numbers by adding and subtracting, and names every one from 1 to 4. The tests run it over every
  pair of periods allowed within a year of data.

Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from relapp.services.errors import ServiceError

SMALL_COUNT = 5  # counts below this are never shown in the learning report
MIN_FAMILIES = 3  # an average needs check-ins from at least this many families (or people)
FEWER_THAN = "fewer than 5"
HIDDEN = "hidden"


# ---- the period ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def month_keys(self) -> list[str]:
        """Every month the period touches, as "2026-03"."""
        keys, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            keys.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return keys


def month_label(key: str) -> str:
    """ "2026-03" -> "Mar 2026"."""
    year, month = key.split("-")
    return f"{calendar.month_abbr[int(month)]} {year}"


def _as_date(value: str | date, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ServiceError(f"The {what} date {value!r} is not a date like 2026-03-31.") from None


def period(start: str | date, end: str | date) -> Period:
    first, last = _as_date(start, "start"), _as_date(end, "end")
    if last < first:
        raise ServiceError(f"The period ends ({last}) before it starts ({first}).")
    return Period(first, last)


# ---- the periods a learning report may cover ----------------------------------------------------


def quarter_of(day: date) -> Period:
    """The calendar quarter a day falls in."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    last_month = first_month + 2
    end = date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return Period(start, end)


def quarter_name(span: Period) -> str:
    """ "2026-Q1" for 1 January to 31 March 2026."""
    return f"{span.start.year}-Q{(span.start.month - 1) // 3 + 1}"


def quarter_label(span: Period) -> str:
    """ "Jan–Mar 2026"."""
    first, last = calendar.month_abbr[span.start.month], calendar.month_abbr[span.end.month]
    return f"{first}–{last} {span.start.year}"


def parse_quarter(text: str) -> Period:
    """ "2026-Q1" (or "2026Q1", "q1 2026") -> 1 January to 31 March 2026."""
    cleaned = str(text).strip().upper().replace(" ", "").replace("-", "")
    year = quarter = ""
    if len(cleaned) == 6 and cleaned[4] == "Q":
        year, quarter = cleaned[:4], cleaned[5]
    elif len(cleaned) == 6 and cleaned[0] == "Q":
        quarter, year = cleaned[1], cleaned[2:]
    if not (year.isdigit() and quarter in "1234" and quarter):
        raise ServiceError(f"{text!r} is not a quarter like 2026-Q1.")
    return quarter_of(date(int(year), 3 * int(quarter) - 2, 1))


def is_learning_period(span: Period, today: date) -> bool:
    return quarter_of(span.start) == span and span.end < today


def learning_periods(first_day: date | None, today: date) -> list[Period]:
    """The periods a learning report may cover, newest first: each calendar quarter that has
    ended, from the one holding first_day (the earliest record) to the last one before today.
    With no records yet, the last quarter that ended."""
    last = quarter_of(quarter_of(today).start - timedelta(days=1))
    first = quarter_of(min(first_day, last.start)) if first_day else last
    found, current = [], last
    while current.start >= first.start:
        found.append(current)
        current = quarter_of(current.start - timedelta(days=1))
    return found


def check_learning_period(span: Period, today: date) -> None:
    """Refuse a period a learning report may not cover, saying which ones it may."""
    last = quarter_of(quarter_of(today).start - timedelta(days=1))
    example = f"{last.start} to {last.end} ({quarter_name(last)})"
    if quarter_of(span.start) != span:
        raise ServiceError(
            f"A learning report covers one whole calendar quarter, such as {example}, so that "
            "no two reports can be subtracted to reveal a small number; "
            f"{span.start} to {span.end} is not one."
        )
    if span.end >= today:
        raise ServiceError(
            f"The quarter {quarter_name(span)} has not ended yet: a learning report covers a "
            f"quarter that has ended (the latest is {example}), so that reports made on "
            "different days cannot be subtracted to reveal a day's records."
        )


# ---- small-number protection ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    value: int | None  # None when suppressed
    note: str = ""  # "", FEWER_THAN or HIDDEN

    @property
    def text(self) -> str:
        return self.note or str(self.value)


# ---- small-number protection ----------------------------------------------------------------

SHOWN, SMALL, HIDE = "shown", "small", "hidden"
_UNBOUNDED = 10**9
Key = tuple[Any, ...]


class _MaxFlow:
    """Dinic's maximum flow on a small graph (integer capacities)."""

    def __init__(self, nodes: int) -> None:
        self.edges: list[list[int]] = []  # [to, capacity]; an edge and its reverse are e, e^1
        self.out: list[list[int]] = [[] for _ in range(nodes)]
        self.level: list[int] = []
        self.cursor: list[int] = []

    def add(self, u: int, v: int, capacity: int) -> None:
        self.out[u].append(len(self.edges))
        self.edges.append([v, capacity])
        self.out[v].append(len(self.edges))
        self.edges.append([u, 0])

    def _levels(self, source: int, sink: int) -> bool:
        self.level = [-1] * len(self.out)
        self.level[source] = 0
        queue = [source]
        for u in queue:
            for e in self.out[u]:
                v, capacity = self.edges[e]
                if capacity > 0 and self.level[v] < 0:
                    self.level[v] = self.level[u] + 1
                    queue.append(v)
        return self.level[sink] >= 0

    def _push(self, u: int, sink: int, limit: int) -> int:
        if u == sink:
            return limit
        while self.cursor[u] < len(self.out[u]):
            e = self.out[u][self.cursor[u]]
            v, capacity = self.edges[e]
            if capacity > 0 and self.level[v] == self.level[u] + 1:
                sent = self._push(v, sink, min(limit, capacity))
                if sent:
                    self.edges[e][1] -= sent
                    self.edges[e ^ 1][1] += sent
                    return sent
            self.cursor[u] += 1
        return 0

    def run(self, source: int, sink: int) -> int:
        total = 0
        while self._levels(source, sink):
            self.cursor = [0] * len(self.out)
            while sent := self._push(source, sink, _UNBOUNDED * 4):
                total += sent
        return total


def _circulation_exists(nodes: int, edges: Sequence[tuple[int, int, int, int]]) -> bool:
    """Whether flows with lower..upper bounds on every edge can balance at every node."""
    flow = _MaxFlow(nodes + 2)
    source, sink = nodes, nodes + 1
    excess = [0] * nodes
    for u, v, low, high in edges:
        if low > high:
            return False
        flow.add(u, v, high - low)
        excess[v] += low
        excess[u] -= low
    need = 0
    for node, amount in enumerate(excess):
        if amount > 0:
            flow.add(source, node, amount)
            need += amount
        elif amount < 0:
            flow.add(node, sink, -amount)
    return flow.run(source, sink) == need


class LinkedCounts:
    """Count tables that share their rows (and so their row totals and grand total), as a
    network: [left columns ->] rows -> right columns. Each cell is one edge; a reader's
    knowledge of a cell is its bounds: exact when shown, 0-4 when "fewer than 5", 5 or more
    when hidden. A cell is protected when more than one value fits everything shown."""

    def __init__(self, tables: Sequence[Sequence[Sequence[int]]]) -> None:
        if not 1 <= len(tables) <= 2:
            raise ValueError("one or two tables share their rows")
        rows = len(tables[0])
        if any(len(t) != rows for t in tables):
            raise ValueError("linked tables have the same rows")
        self.tables = [[list(map(int, r)) for r in t] for t in tables]
        self.rows = rows
        self.values: dict[Key, int] = {}
        for t, table in enumerate(self.tables):
            widths = {len(r) for r in table}
            if len(widths) > 1:
                raise ValueError("every row of a table has the same columns")
            for i, row in enumerate(table):
                for j, value in enumerate(row):
                    self.values[("x", t, i, j)] = value
            for j in range(self.columns(t)):
                self.values[("c", t, j)] = sum(row[j] for row in table)
        first = self.tables[0]
        for i in range(rows):
            self.values[("r", i)] = sum(first[i])
        for table in self.tables:
            if [sum(r) for r in table] != [self.values[("r", i)] for i in range(rows)]:
                raise ValueError("linked tables must have the same row totals")
        self.values[("g",)] = sum(self.values[("r", i)] for i in range(rows))
        self.state: dict[Key, str] = {
            k: (SMALL if v < SMALL_COUNT else SHOWN) for k, v in self.values.items()
        }

    def columns(self, t: int) -> int:
        return len(self.tables[t][0]) if self.tables[t] else 0

    # -- the lines (equations) a cell takes part in

    def lines_of(self, key: Key) -> list[list[Key]]:
        kind = key[0]
        lines: list[list[Key]] = []
        tables = range(len(self.tables))
        if kind == "x":
            _, t, i, j = key
            lines.append([("x", t, i, c) for c in range(self.columns(t))] + [("r", i)])
            lines.append([("x", t, r, j) for r in range(self.rows)] + [("c", t, j)])
        elif kind == "r":
            i = key[1]
            for t in tables:
                lines.append([("x", t, i, c) for c in range(self.columns(t))] + [("r", i)])
            lines.append([("r", r) for r in range(self.rows)] + [("g",)])
        elif kind == "c":
            _, t, j = key
            lines.append([("x", t, r, j) for r in range(self.rows)] + [("c", t, j)])
            lines.append([("c", t, c) for c in range(self.columns(t))] + [("g",)])
        else:
            lines.append([("r", r) for r in range(self.rows)] + [("g",)])
            for t in tables:
                lines.append([("c", t, c) for c in range(self.columns(t))] + [("g",)])
        return lines

    # -- the network

    def _bounds(self, key: Key) -> tuple[int, int]:
        state = self.state[key]
        if state == SHOWN:
            return self.values[key], self.values[key]
        if state == SMALL:
            return 0, SMALL_COUNT - 1
        return SMALL_COUNT, _UNBOUNDED

    def _feasible(self, override: Key | None = None, bounds: tuple[int, int] = (0, 0)) -> bool:
        def b(key: Key) -> tuple[int, int]:
            return bounds if key == override else self._bounds(key)

        # Nodes: 0 source, 1 sink, rows in/out, left columns, right columns.
        two = len(self.tables) == 2
        row_in = list(range(2, 2 + self.rows))
        row_out = list(range(2 + self.rows, 2 + 2 * self.rows))
        nxt = 2 + 2 * self.rows
        left = list(range(nxt, nxt + (self.columns(0) if two else 0)))
        nxt += len(left)
        right_t = 1 if two else 0
        right = list(range(nxt, nxt + self.columns(right_t)))
        nodes = nxt + len(right)
        edges = [(1, 0, *b(("g",)))]
        for i in range(self.rows):
            edges.append((row_in[i], row_out[i], *b(("r", i))))
            for j, node in enumerate(right):
                edges.append((row_out[i], node, *b(("x", right_t, i, j))))
            if two:
                for j, node in enumerate(left):
                    edges.append((node, row_in[i], *b(("x", 0, i, j))))
            else:
                edges.append((0, row_in[i], 0, _UNBOUNDED))
        for j, node in enumerate(right):
            edges.append((node, 1, *b(("c", right_t, j))))
        for j, node in enumerate(left):
            edges.append((0, node, *b(("c", 0, j))))
        return _circulation_exists(nodes, edges)

    def pinned(self, key: Key) -> bool:
        """Whether a reader can work out this cell's value exactly."""
        value = self.values[key]
        low, high = self._bounds(key)
        if value - 1 >= low and self._feasible(key, (low, value - 1)):
            return False
        return not (value + 1 <= high and self._feasible(key, (value + 1, high)))

    def protect(self) -> None:
        """Hide further cells until no suppressed cell can be worked out, and no line's
        suppressed cells together can be read as 1-4 (its total minus its shown cells). Hiding
        more only widens what a reader must allow for, so a cell found safe stays safe."""
        while True:
            self._protect_pinned()
            group = self._small_group()
            if group is None:
                return
            self.state[group] = HIDE

    def _protect_pinned(self) -> None:
        waiting = sorted(k for k, s in self.state.items() if s != SHOWN)
        while waiting:
            key = waiting.pop(0)
            if not self.pinned(key):
                continue
            partner = self._partner(key)
            if partner is None:  # pragma: no cover - everything around it is hidden already
                continue
            self.state[partner] = HIDE
            waiting[:0] = [partner, key]

    def all_lines(self) -> list[list[Key]]:
        """Every line (equation) of the tables; a line's last key is its total."""
        lines = []
        for t in range(len(self.tables)):
            for i in range(self.rows):
                lines.append([("x", t, i, c) for c in range(self.columns(t))] + [("r", i)])
            for j in range(self.columns(t)):
                lines.append([("x", t, r, j) for r in range(self.rows)] + [("c", t, j)])
            lines.append([("c", t, c) for c in range(self.columns(t))] + [("g",)])
        lines.append([("r", r) for r in range(self.rows)] + [("g",)])
        return lines

    def _small_group(self) -> Key | None:
        """A shown cell to hide in a line whose total is shown and whose suppressed cells
        together hold 1-4 (the total minus the shown cells would say so), or None."""
        for line in self.all_lines():
            *inner, total = line
            if self.state[total] != SHOWN:
                continue
            hidden = sum(self.values[k] for k in inner if self.state[k] != SHOWN)
            if 0 < hidden < SMALL_COUNT:
                shown = [k for k in inner if self.state[k] == SHOWN]
                return min(shown, key=lambda k: (k[0] != "x", self.values[k], k))
        return None

    def _partner(self, key: Key) -> Key | None:
        """The cell to hide next to a cell that can be worked out: the smallest shown count in
        one of its lines, an inner cell before a total."""
        seen = {k for line in self.lines_of(key) for k in line if self.state[k] == SHOWN}
        if not seen:
            seen = {k for k, s in self.state.items() if s == SHOWN}
        if not seen:
            return None
        return min(seen, key=lambda k: (k[0] != "x", self.values[k], k))

    def cell(self, key: Key) -> Cell:
        state = self.state[key]
        if state == SHOWN:
            return Cell(self.values[key])
        return Cell(None, FEWER_THAN if state == SMALL else HIDDEN)


# ---- the exact checker of what several reports give away ----------------------------------------

BARRIERS, CHECKINS = "barriers", "checkins"


@dataclass(frozen=True, slots=True)
class Box:
    """One published number: how many records of a table fall in a category (None: all), a
    second attribute (None: all) and a run of days; value None when suppressed."""

    table: str  # BARRIERS (category, service) or CHECKINS (instrument, respondent)
    a: str | None
    b: str | None
    first: date
    last: date
    value: int | None


@dataclass(frozen=True, slots=True)
class Fact:
    """One record as the reports count it."""

    table: str
    a: str
    b: str
    day: date


@dataclass(frozen=True, slots=True)
class Disclosure:
    table: str
    a: str | None
    b: str | None
    first: date
    last: date
    value: int

    def __str__(self) -> str:
        what = "barriers" if self.table == BARRIERS else "check-ins"
        a = self.a if self.a is not None else "all"
        b = self.b if self.b is not None else "all"
        return f"{what} [{a} / {b}] {self.first} to {self.last}: {self.value}"


def report_boxes(report: Any) -> list[Box]:
    """Every number a learning report publishes (its tables, their totals, its check-in
    counts), as boxes. Month columns cover the days of the month inside the period."""
    span: Period = report.period
    out: list[Box] = []

    def month_days(key: str) -> tuple[date, date]:
        year, month = (int(p) for p in key.split("-"))
        first = max(date(year, month, 1), span.start)
        last = min(date(year, month, calendar.monthrange(year, month)[1]), span.end)
        return first, last

    by_month, by_service = report.by_month, report.by_service
    for i, category in enumerate(by_month.row_keys):
        out.append(
            Box(BARRIERS, category, None, span.start, span.end, by_month.row_totals[i].value)
        )
        for j, key in enumerate(by_month.column_keys):
            out.append(Box(BARRIERS, category, None, *month_days(key), by_month.cells[i][j].value))
        for j, service in enumerate(by_service.column_keys):
            cell = by_service.cells[i][j]
            out.append(Box(BARRIERS, category, service, span.start, span.end, cell.value))
    for j, key in enumerate(by_month.column_keys):
        out.append(Box(BARRIERS, None, None, *month_days(key), by_month.column_totals[j].value))
    for j, service in enumerate(by_service.column_keys):
        cell = by_service.column_totals[j]
        out.append(Box(BARRIERS, None, service, span.start, span.end, cell.value))
    out.append(Box(BARRIERS, None, None, span.start, span.end, by_month.total.value))
    table = report.averages
    for row in table.rows:
        for key, cell in zip(table.column_keys, row.cells, strict=True):
            respondent = row.respondent_id
            out.append(Box(CHECKINS, row.instrument_id, respondent, *month_days(key), cell.count))
    return out


class _Span:
    """The rational span of integer vectors (sparse, exact): rows kept in echelon form by
    their first column, reduced by cross-multiplication and divided by their gcd."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, int]] = {}

    def reduce(self, vector: dict[int, int]) -> dict[int, int]:
        vector = {k: v for k, v in vector.items() if v}
        while vector:
            pivot = min(vector)
            row = self.rows.get(pivot)
            if row is None:
                return vector
            f, g = vector[pivot], row[pivot]
            merged = {k: v * g for k, v in vector.items()}
            for k, v in row.items():
                merged[k] = merged.get(k, 0) - v * f
            vector = {k: v for k, v in merged.items() if v}
            divisor = math.gcd(*vector.values()) if vector else 1
            if divisor > 1:
                vector = {k: v // divisor for k, v in vector.items()}
        return vector

    def add(self, vector: dict[int, int]) -> None:
        rest = self.reduce(vector)
        if rest:
            self.rows[min(rest)] = rest

    def holds(self, vector: dict[int, int]) -> bool:
        return not self.reduce(vector)


def find_disclosures(reports: Sequence[Iterable[Box]], facts: Iterable[Fact]) -> list[Disclosure]:
    """Every count from 1 to 4 that a reader holding all these reports can work out exactly by
    adding and subtracting their shown numbers: of any category (or all), any service (or all)
    and any run of days between the reports' own boundaries (months, periods); for check-ins of
    any instrument and respondent. The facts are the records the reports were made from.

    Exact: a count follows from the shown numbers when its vector (over the pieces no shown
    number tells apart) lies in their rational span, decided with integer arithmetic. A reader's
    bounds on suppressed cells (0-4, 5 or more) are not used here: within one report
    LinkedCounts already checks them exactly, and reports of different quarters share no
    record. The sum of several suppressed cells of one line is a count too, and is checked.
    """
    boxes = [box for report in reports for box in report]
    facts = list(facts)
    out: list[Disclosure] = []
    for table in sorted({b.table for b in boxes}):
        mine = [b for b in boxes if b.table == table]
        out.extend(_table_disclosures(table, mine, [f for f in facts if f.table == table]))
    return out


def _table_disclosures(table: str, mine: Sequence[Box], facts: Sequence[Fact]) -> list[Disclosure]:
    edges = sorted({b.first for b in mine} | {b.last + timedelta(days=1) for b in mine})
    pieces = list(zip(edges, edges[1:], strict=False))  # [first, next first)
    starts = {first: p for p, (first, _after) in enumerate(pieces)}
    ends = {after: p for p, (_first, after) in enumerate(pieces)}
    a_values = sorted({b.a for b in mine if b.a is not None})
    b_values = sorted({b.b for b in mine if b.b is not None})
    atoms = [(x, y, p) for x in a_values for y in b_values for p in range(len(pieces))]
    index = {atom: n for n, atom in enumerate(atoms)}
    counts = [0] * len(index)
    for fact in facts:
        for p, (first, after) in enumerate(pieces):
            if first <= fact.day < after:
                if (fact.a, fact.b, p) not in index:
                    raise ValueError(f"a record of {fact.a!r} / {fact.b!r} is in no table")
                counts[index[(fact.a, fact.b, p)]] += 1
                break

    def vector(a: str | None, b: str | None, lo: int, hi: int) -> dict[int, int]:
        return {
            index[(x, y, p)]: 1
            for x in ([a] if a is not None else a_values)
            for y in ([b] if b is not None else b_values)
            for p in range(lo, hi + 1)
        }

    span = _Span()
    for box in mine:
        v = vector(box.a, box.b, starts[box.first], ends[box.last + timedelta(days=1)])
        if box.value is not None:
            true = sum(counts[k] for k in v)
            if box.value != true:
                raise ValueError(f"{box} does not match the records ({true})")
            span.add(v)
    out = []
    for a in [*a_values, None]:
        for b in [*b_values, None]:
            for lo in range(len(pieces)):
                for hi in range(lo, len(pieces)):
                    v = vector(a, b, lo, hi)
                    value = sum(counts[k] for k in v)
                    if 0 < value < SMALL_COUNT and span.holds(v):
                        last = pieces[hi][1] - timedelta(days=1)
                        out.append(Disclosure(table, a, b, pieces[lo][0], last, value))
    return out

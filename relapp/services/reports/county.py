"""The county learning report: every team's learning figures for one quarter, side by side
and added up, for the county's system leaders.

What it may show, and why nothing in it can reveal a team's count from 1 to 4:

- A team publishes for the county exactly the cells of its own learning report for the quarter
  (relapp.services.county.figures_of): a count is 5 or more, or a marker ("fewer than 5",
  "hidden"); the number behind a marker never leaves the team, not even sealed.
- Each county number is a sum of numbers the teams published. A county total is exact only
  when every team's cell of it is shown; otherwise it reads "at least N", N being the sum of
  the shown cells, and says how many teams' cells are not shown. So every number in this report
  follows from the teams' own reports, which are each protected (relapp.services.disclosure);
  no subtraction of the county's numbers and any teams' cells gives a team's hidden count,
  because that count is in none of them.
- A check-in average across the county pools only the team averages that are shown (each from
  at least 5 check-ins and 3 families): the mean of them weighted by their counts.

The cost: where teams have small counts, a county total is a lower bound, not the exact figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from relapp.services.disclosure import FEWER_THAN, HIDDEN, Period, month_label
from relapp.sync import figures as figs

NOT_SHOWN = "not shown"


@dataclass(frozen=True, slots=True)
class TeamCell:
    """A team's cell as its own report shows it."""

    value: int | None
    note: str = ""

    @property
    def text(self) -> str:
        return self.note if self.value is None else str(self.value)


@dataclass(frozen=True, slots=True)
class CountyCell:
    """A sum over teams: exact when every team's cell is shown, else at least the shown part."""

    shown: int  # the sum of the teams' shown cells
    not_shown: int  # how many teams' cells are "fewer than 5" or "hidden"

    @property
    def exact(self) -> bool:
        return self.not_shown == 0

    @property
    def value(self) -> int | None:
        return self.shown if self.exact else None

    @property
    def text(self) -> str:
        if self.exact:
            return str(self.shown)
        teams = "team" if self.not_shown == 1 else "teams"
        if self.shown == 0:
            return f"{NOT_SHOWN} ({self.not_shown} {teams})"
        return f"at least {self.shown} (+{self.not_shown} {teams} not shown)"


def add_up(cells: Sequence[TeamCell]) -> CountyCell:
    return CountyCell(
        sum(c.value for c in cells if c.value is not None),
        sum(1 for c in cells if c.value is None),
    )


@dataclass(frozen=True, slots=True)
class TeamRow:
    team: str
    cells: tuple[TeamCell, ...]  # per category
    total: TeamCell


@dataclass(frozen=True, slots=True)
class CountyAverage:
    average: float | None
    count: int  # check-ins behind the shown team averages
    teams: int  # teams whose average is shown
    not_shown: int  # teams whose average is not

    @property
    def text(self) -> str:
        if self.average is None:
            return NOT_SHOWN
        return f"{self.average:.1f} (n={self.count}, {self.teams} teams)"


@dataclass(frozen=True, slots=True)
class CountyAverageRow:
    instrument_id: str
    instrument: str
    respondent: str
    cells: tuple[CountyAverage, ...]  # per month


@dataclass(frozen=True, slots=True)
class SharedTest:
    team: str
    addresses: tuple[str, ...]
    started: str
    ended: str
    status: str
    stage: str
    excerpt: figs.ExcerptFigures | None


@dataclass
class CountyReport:
    county: str
    period: Period
    prepared_on: date
    categories: tuple[str, ...]  # titles
    category_ids: tuple[str, ...]
    months: tuple[str, ...]  # "2026-01"
    by_team: list[TeamRow]
    county_row: tuple[CountyCell, ...]  # per category, over teams
    county_total: CountyCell
    by_month: list[tuple[CountyCell, ...]]  # per category: per month, then the total
    month_totals: tuple[CountyCell, ...]
    averages: list[CountyAverageRow]
    tests: list[SharedTest]
    silent: list[str]  # approved teams that published nothing for the quarter

    @property
    def month_labels(self) -> list[str]:
        return [month_label(m) for m in self.months]


def _cell(c: figs.FigCell | None) -> TeamCell:
    if c is None:  # a category this team's definitions lack: it noticed none of it
        return TeamCell(0)
    return TeamCell(c.value, c.note)


def county_report(
    county: str,
    span: Period,
    teams: Sequence[tuple[str, figs.Figures]],
    *,
    silent: Sequence[str] = (),
    today: date | None = None,
) -> CountyReport:
    """The county report from the teams' published figures (team name, figures)."""
    ids: list[str] = []
    titles: dict[str, str] = {}
    for _name, figures in teams:
        for row in figures.categories:
            if row.id not in titles:
                ids.append(row.id)
                titles[row.id] = row.title
    months = [f"{span.start.year:04d}-{m:02d}" for m in range(span.start.month, span.end.month + 1)]
    rows_of = [({r.id: r for r in f.categories}, f) for _n, f in teams]
    by_team = [
        TeamRow(
            name,
            tuple(_cell(rows[c].total if c in rows else None) for c in ids),
            _cell(f.total),
        )
        for (name, _f), (rows, f) in zip(teams, rows_of, strict=True)
    ]
    county_row = tuple(add_up([row.cells[i] for row in by_team]) for i in range(len(ids)))
    by_month = []
    for c in ids:
        line = [
            add_up([_cell(rows[c].months[j] if c in rows else None) for rows, _f in rows_of])
            for j in range(len(months))
        ]
        by_month.append(
            (*line, add_up([_cell(rows[c].total if c in rows else None) for rows, _f in rows_of]))
        )
    month_totals = tuple(
        add_up([_cell(f.month_totals[j]) for _rows, f in rows_of]) for j in range(len(months))
    )
    return CountyReport(
        county=county,
        period=span,
        prepared_on=today or date.today(),
        categories=tuple(titles[c] for c in ids),
        category_ids=tuple(ids),
        months=tuple(months),
        by_team=by_team,
        county_row=county_row,
        county_total=add_up([row.total for row in by_team]),
        by_month=by_month,
        month_totals=month_totals,
        averages=_averages([f for _n, f in teams], months),
        tests=[
            SharedTest(
                name,
                tuple(t.addresses),
                t.started,
                t.ended,
                t.status,
                t.stage,
                t.excerpt,
            )
            for name, f in teams
            for t in f.change_tests
        ],
        silent=list(silent),
    )


def _averages(all_figures: Sequence[figs.Figures], months: Sequence[str]) -> list[CountyAverageRow]:
    keys: dict[tuple[str, str], tuple[str, str]] = {}
    found: dict[tuple[str, str, str], list[figs.AverageFigures]] = {}
    for figures in all_figures:
        for a in figures.averages:
            keys.setdefault((a.instrument_id, a.respondent_id), (a.instrument, a.respondent))
            found.setdefault((a.instrument_id, a.respondent_id, a.month), []).append(a)
    rows = []
    for (instrument_id, respondent_id), (instrument, respondent) in keys.items():
        cells = []
        for month in months:
            items = found.get((instrument_id, respondent_id, month), [])
            shown = [a for a in items if a.note == "" and a.average is not None and a.count]
            count = sum(a.count or 0 for a in shown)
            mean = sum((a.average or 0) * (a.count or 0) for a in shown) / count if count else None
            cells.append(
                CountyAverage(
                    round(mean, 1) if mean is not None else None,
                    count,
                    len(shown),
                    len(items) - len(shown),
                )
            )
        rows.append(CountyAverageRow(instrument_id, instrument, respondent, tuple(cells)))
    return rows


MARKERS = (FEWER_THAN, HIDDEN, NOT_SHOWN)

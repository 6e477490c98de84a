"""The county learning report as HTML (for a browser, the app, or printing) and CSV tables."""

from __future__ import annotations

import calendar
import html
from datetime import date
from pathlib import Path

from relapp.services.disclosure import FEWER_THAN, HIDDEN, MIN_FAMILIES, SMALL_COUNT, month_label
from relapp.services.reports.common import csv_bytes, write_private
from relapp.services.reports.county import CountyCell, CountyReport, TeamCell
from relapp.services.reports.html import LEARNING_CSS
from relapp.services.reports.learning_csv import change_test_fields
from relapp.services.reports.model import STAGE_WORDS, STATUS_WORDS

COUNTY_CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "barriers-by-team": ("team", "category_id", "category", "barriers", "suppressed"),
    "barriers-by-month": (
        "category_id",
        "category",
        "month",
        "barriers",
        "at_least",
        "teams_not_shown",
    ),
    "change-tests": (
        "team",
        "addresses",
        "started",
        "ended",
        "status",
        "stage_reached",
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
        "teams_shown",
        "teams_not_shown",
    ),
}
TOTAL = "total"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _long_date(day: date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _td(cell: TeamCell | CountyCell, total: bool = False) -> str:
    classes = "n total" if total else "n"
    if cell.value is None:
        return f'<td class="{classes}"><span class="sup">{_esc(cell.text)}</span></td>'
    return f'<td class="{classes}">{cell.value}</td>'


WIDE = 6  # up to this many teams, a team per column (categories down the page) reads best


def _by_team_html(report: CountyReport) -> str:
    """Teams and categories, with the county's row; categories run down the page when the
    teams are few, teams when they are many."""
    header = ["Team", *report.categories, "Total"]
    rows: list[tuple[str, list[TeamCell | CountyCell]]] = [
        (row.team, [*row.cells, row.total]) for row in report.by_team
    ]
    rows.append(("County", [*report.county_row, report.county_total]))
    if len(report.by_team) <= WIDE:
        header = ["Barrier category", *[name for name, _c in rows]]
        columns = [cells for _name, cells in rows]
        labels = [*report.categories, "All categories"]
        rows = [(label, [col[i] for col in columns]) for i, label in enumerate(labels)]
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    parts = [
        '<table class="data" width="100%" border="1" cellspacing="0" cellpadding="3">',
        f"<thead><tr>{head}</tr></thead><tbody>",
    ]
    last = len(rows) - 1
    for r, (label, cells) in enumerate(rows):
        line = "".join(
            _td(c, total=(r == last or i == len(cells) - 1)) for i, c in enumerate(cells)
        )
        first = f'<td class="total">{_esc(label)}</td>' if r == last else f"<td>{_esc(label)}</td>"
        parts.append(f"<tr>{first}{line}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _by_month_html(report: CountyReport) -> str:
    head = "".join(f"<th>{_esc(m)}</th>" for m in report.month_labels)
    parts = [
        '<table class="data" width="100%" border="1" cellspacing="0" cellpadding="3">',
        f'<thead><tr><th width="28%">Barrier category</th>{head}'
        '<th class="total">Quarter</th></tr></thead><tbody>',
    ]
    for title, line in zip(report.categories, report.by_month, strict=True):
        cells = "".join(_td(c) for c in line[:-1])
        parts.append(f"<tr><td>{_esc(title)}</td>{cells}{_td(line[-1], True)}</tr>")
    cells = "".join(_td(c, True) for c in report.month_totals)
    parts.append(
        f'<tr><td class="total">All categories</td>{cells}{_td(report.county_total, True)}</tr>'
        "</tbody></table>"
    )
    return "".join(parts)


def _tests_html(report: CountyReport) -> str:
    if not report.tests:
        return "<p>No team shared a change test for this quarter.</p>"
    head = ["Team", "Barriers it addresses", "Started", "Ended", "Status", "Stage", "Excerpt"]
    parts = [
        '<table class="data" width="100%" border="1" cellspacing="0" cellpadding="3"><thead><tr>',
        "".join(f"<th>{h}</th>" for h in head),
        "</tr></thead><tbody>",
    ]
    for t in report.tests:
        excerpt = '<span class="sup">not shared</span>'
        if t.excerpt:
            bits = [f"<b>{_esc(t.excerpt.title)}</b>"]
            if t.excerpt.measure:
                bits.append(f"Measure: {_esc(t.excerpt.measure)}")
            if t.excerpt.outcome:
                bits.append(f"Outcome: {_esc(t.excerpt.outcome)}")
            excerpt = "<br/>".join(bits)
        cells = [
            _esc(t.team),
            _esc("; ".join(t.addresses) or "Not linked to a barrier"),
            _esc(month_label(t.started) if t.started else "not started"),
            _esc(month_label(t.ended) if t.ended else "—"),
            _esc(STATUS_WORDS.get(t.status, t.status)),
            _esc(STAGE_WORDS.get(t.stage, t.stage)),
            excerpt,
        ]
        parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _averages_html(report: CountyReport) -> str:
    if not report.averages:
        return "<p>No team published check-in averages for this quarter.</p>"
    head = "".join(f"<th>{_esc(m)}</th>" for m in report.month_labels)
    parts = [
        '<table class="data" width="100%" border="1" cellspacing="0" cellpadding="3">',
        f"<thead><tr><th>Check-in</th><th>Respondent</th>{head}</tr></thead><tbody>",
    ]
    for row in report.averages:
        cells = "".join(
            f'<td class="n">{_esc(c.text)}</td>'
            if c.average is not None
            else f'<td class="n"><span class="sup">{_esc(c.text)}</span></td>'
            for c in row.cells
        )
        parts.append(
            f"<tr><td>{_esc(row.instrument)}</td><td>{_esc(row.respondent.capitalize())}</td>"
            f"{cells}</tr>"
        )
    parts.append("</tbody></table>")
    return "".join(parts)


def county_html(report: CountyReport, *, for_print: bool = False) -> str:
    span = report.period
    when = f"{_long_date(span.start)} to {_long_date(span.end)}"
    style = "" if for_print else f"<style>{LEARNING_CSS}</style>"
    silent = (
        "<p>Teams of the county with no figures for this quarter: "
        + _esc(", ".join(report.silent))
        + ".</p>"
        if report.silent
        else ""
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>County learning report, {_esc(when)}</title>{style}</head><body>",
        f"<h1>County learning report: {_esc(report.county)}</h1>",
        f'<p class="meta">{_esc(when)}, {len(report.by_team)} teams. Prepared with Relapp on '
        f"{_esc(_long_date(report.prepared_on))}.</p>",
        silent,
        '<p class="note"><b>Small numbers are protected.</b> Each team published the figures '
        f"of its own learning report: a count below {SMALL_COUNT} reads “{FEWER_THAN}”, and "
        f"some larger ones “{HIDDEN}”, so the number itself never left the team. A county "
        "total is exact only when every team's figure is shown; otherwise it reads “at least” "
        "the sum of the shown figures and says how many teams' figures are not shown. A county "
        f"average pools the team averages that are shown (each from at least {SMALL_COUNT} "
        f"check-ins and {MIN_FAMILIES} families). No names, reference codes or notes are in "
        "this report, except the reviewed excerpts of change tests that a team chose to share."
        "</p>",
        "<h2>1. Barriers noticed, by category and team</h2>",
        _by_team_html(report),
        "<h2>2. Barriers noticed across the county, by category and month</h2>",
        _by_month_html(report),
        "<h2>3. Change tests the teams shared</h2>",
        _tests_html(report),
        "<h2>4. Check-in averages across the county</h2>",
        "<p>Scores are a prompt for conversation, not a judgement of families.</p>",
        _averages_html(report),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p)


def _num(cell: TeamCell | CountyCell) -> str:
    return "" if cell.value is None else str(cell.value)


def county_csv_tables(report: CountyReport) -> dict[str, list[dict[str, str]]]:
    by_team = []
    pairs = list(zip(report.category_ids, report.categories, strict=True))
    for row in report.by_team:
        for (cid, title), cell in zip(pairs, row.cells, strict=True):
            by_team.append(
                {
                    "team": row.team,
                    "category_id": cid,
                    "category": title,
                    "barriers": _num(cell),
                    "suppressed": cell.note,
                }
            )
        by_team.append(
            {
                "team": row.team,
                "category_id": TOTAL,
                "category": TOTAL,
                "barriers": _num(row.total),
                "suppressed": row.total.note,
            }
        )

    def county_row(cid: str, title: str, month: str, cell: CountyCell) -> dict[str, str]:
        return {
            "category_id": cid,
            "category": title,
            "month": month,
            "barriers": _num(cell),
            "at_least": str(cell.shown),
            "teams_not_shown": str(cell.not_shown),
        }

    by_month = []
    for (cid, title), line in zip(pairs, report.by_month, strict=True):
        for month, cell in zip([*report.months, TOTAL], line, strict=True):
            by_month.append(county_row(cid, title, month, cell))
    for month, cell in zip(report.months, report.month_totals, strict=True):
        by_month.append(county_row(TOTAL, TOTAL, month, cell))
    by_month.append(county_row(TOTAL, TOTAL, TOTAL, report.county_total))
    tests = [{"team": t.team, **change_test_fields(t)} for t in report.tests]
    averages = [
        {
            "instrument_id": row.instrument_id,
            "instrument": row.instrument,
            "respondent": row.respondent,
            "month": month,
            "checkins": str(c.count) if c.average is not None else "",
            "average": "" if c.average is None else f"{c.average:.1f}",
            "teams_shown": str(c.teams),
            "teams_not_shown": str(c.not_shown),
        }
        for row in report.averages
        for month, c in zip(report.months, row.cells, strict=True)
    ]
    return {
        "barriers-by-team": by_team,
        "barriers-by-month": by_month,
        "change-tests": tests,
        "checkin-averages": averages,
    }


def write_county_report(report: CountyReport, target: Path) -> list[Path]:
    """The HTML report at target and its CSV tables beside it (target-<table>.csv)."""
    target = Path(target)
    write_private(target, county_html(report).encode("utf-8"))
    written = [target]
    for name, rows in county_csv_tables(report).items():
        path = target.with_name(f"{target.stem}-{name}.csv")
        write_private(path, csv_bytes(COUNTY_CSV_COLUMNS[name], rows))
        written.append(path)
    return written

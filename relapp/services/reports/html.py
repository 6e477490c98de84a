"""The learning report as one HTML document, for a browser or for printing to PDF."""

from __future__ import annotations

import calendar
import html
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from relapp.services.disclosure import (
    FEWER_THAN,
    HIDDEN,
    MIN_FAMILIES,
    SMALL_COUNT,
    Cell,
    month_label,
)
from relapp.services.reports.common import write_private
from relapp.services.reports.model import (
    STAGE_WORDS,
    STATUS_WORDS,
    AverageCell,
    AverageTable,
    ChangeTestOutcome,
    CountTable,
    LearningReport,
)


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
        header = "quarter" if table.key.endswith("-quarter") else table.column_header
        corner, all_rows = header.capitalize(), f"All {header}s"
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
        (
            f'<p class="note"><b>Few figures can be shown.</b> {_esc(report.advice)}</p>'
            if report.advice
            else ""
        ),
        f"<h2>1. {_esc(report.by_month.title)}</h2>",
        _table_html(report.by_month, transpose=True),
        f"<h2>2. {_esc(report.by_service.title)}</h2>",
        _table_html(report.by_service),
        "<h2>3. Outcomes of change tests</h2>",
        "<p>Small changes to the system tested against the barriers, one per row: how far round "
        "plan, do, study, act each got, and what became of it.</p>",
        _tests_html(report.change_tests),
        f"<h2>4. Check-in averages by {report.grouping}</h2>",
        "<p>The average score of each relationship check-in (n = how many check-ins). Scores "
        "are a prompt for conversation, not a judgement of families.</p>",
        _averages_html(report.averages),
        "</body></html>",
    ]
    return "\n".join(parts)


def write_learning_html(report: LearningReport, target: Path) -> Path:
    write_private(Path(target), learning_html(report).encode("utf-8"))
    return Path(target)

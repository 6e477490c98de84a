"""The learning report's tables as CSV files beside it (described in README.md, "Reports")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from relapp.services.disclosure import Cell
from relapp.services.reports.common import csv_bytes, write_private
from relapp.services.reports.model import CountTable, LearningReport

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


def change_test_fields(test: Any) -> dict[str, str]:
    """A change test's columns in the team's and the county's CSV: what it addressed, when,
    how far it got, and its reviewed excerpt when a supervisor chose to include it."""
    excerpt = test.excerpt
    return {
        "addresses": "; ".join(test.addresses),
        "started": test.started,
        "ended": test.ended,
        "status": test.status,
        "stage_reached": test.stage,
        "title": excerpt.title if excerpt else "",
        "measure": excerpt.measure if excerpt else "",
        "outcome": excerpt.outcome if excerpt else "",
    }


def learning_csv_tables(report: LearningReport) -> dict[str, list[dict[str, str]]]:
    tests = [
        {
            "test": str(t.number),
            "excerpt_included": "yes" if t.excerpt else "no",
            **change_test_fields(t),
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

"""The learning report as data: its count tables (with suppressed cells), check-in averages
and change-test outcomes, and the words they are shown with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from relapp.services.disclosure import Cell, Period


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
    grouping: str = "month"  # the columns: "month", or "quarter" (one column)
    # When most figures would read "fewer than 5": what would help, and why ("" otherwise).
    advice: str = ""


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

"""Reports: the supervision pack for one practitioner, CSV exports for the team's analysts, and
the anonymised learning report for system leaders, with its small-number protection.

Plain Python, no Qt: this package gathers and aggregates, protects small numbers, and writes
CSV and the learning report's HTML. relapp/ui/pdf.py prints the pack and the learning report.

- pack.py: the supervision pack (names families; kept with case records)
- analyst.py, keys.py: CSV for the team's analysts, and the family-key key
- model.py, learning.py: the learning report as data, built from a vault for one quarter
- learning_csv.py, html.py: the learning report written as CSV tables and as HTML
- common.py: what they share (which records count, days and months, writing a file)

Callers import from `relapp.services.reports`; the names below are its public face.
"""

from __future__ import annotations

from relapp.services import disclosure
from relapp.services.disclosure import (
    FEWER_THAN,
    HIDDEN,
    MIN_FAMILIES,
    SMALL_COUNT,
    Cell,
    LinkedCounts,
    Period,
    check_learning_period,
    learning_periods,
    month_label,
    period,
)
from relapp.services.reports.analyst import (
    ANALYST_COLUMNS,
    ANALYST_KINDS,
    REFERENCE_COLUMN,
    analyst_columns,
    analyst_rows,
    write_analyst_csv,
)
from relapp.services.reports.common import (
    NOT_RECORDED,
    STAGES,
    Progress,
    csv_bytes,
    stage_reached,
    write_private,
)
from relapp.services.reports.html import LEARNING_CSS, learning_html, write_learning_html
from relapp.services.reports.keys import (
    PSEUDONYM_META,
    PSEUDONYM_RECORD,
    family_key,
    pseudonym_key,
    set_pseudonym_key,
)
from relapp.services.reports.learning import (
    GROUPINGS,
    ChangeTestChoice,
    change_test_choices,
    disclosure_facts,
    grouping_advice,
    grouping_advice_for,
    hidden_share,
    learning_report,
    report_periods,
)
from relapp.services.reports.learning_csv import (
    LEARNING_CSV_COLUMNS,
    TOTAL,
    learning_csv_paths,
    learning_csv_tables,
    write_learning_csvs,
)
from relapp.services.reports.model import (
    RESPONDENT_WORDS,
    STAGE_WORDS,
    STATUS_WORDS,
    AverageCell,
    AverageRow,
    AverageTable,
    ChangeTestOutcome,
    CountTable,
    Excerpt,
    LearningReport,
)
from relapp.services.reports.pack import (
    LONG_REFLECTION,
    TREND_DAYS,
    PackReflection,
    PackSection,
    PackSession,
    PackTrend,
    SupervisionPack,
    find_practitioner,
    pack_file_name_for,
    practitioners,
    supervision_pack,
)

__all__ = [
    "ANALYST_COLUMNS",
    "ANALYST_KINDS",
    "FEWER_THAN",
    "HIDDEN",
    "LEARNING_CSS",
    "LEARNING_CSV_COLUMNS",
    "LONG_REFLECTION",
    "MIN_FAMILIES",
    "NOT_RECORDED",
    "PSEUDONYM_META",
    "PSEUDONYM_RECORD",
    "REFERENCE_COLUMN",
    "RESPONDENT_WORDS",
    "SMALL_COUNT",
    "STAGES",
    "STAGE_WORDS",
    "STATUS_WORDS",
    "TOTAL",
    "TREND_DAYS",
    "AverageCell",
    "AverageRow",
    "AverageTable",
    "Cell",
    "ChangeTestChoice",
    "ChangeTestOutcome",
    "CountTable",
    "Excerpt",
    "LearningReport",
    "LinkedCounts",
    "PackReflection",
    "PackSection",
    "PackSession",
    "PackTrend",
    "Period",
    "Progress",
    "SupervisionPack",
    "analyst_columns",
    "analyst_rows",
    "change_test_choices",
    "check_learning_period",
    "csv_bytes",
    "disclosure",
    "disclosure_facts",
    "family_key",
    "find_practitioner",
    "learning_csv_paths",
    "learning_csv_tables",
    "learning_html",
    "learning_periods",
    "GROUPINGS",
    "grouping_advice",
    "grouping_advice_for",
    "hidden_share",
    "learning_report",
    "month_label",
    "pack_file_name_for",
    "period",
    "practitioners",
    "pseudonym_key",
    "report_periods",
    "set_pseudonym_key",
    "stage_reached",
    "supervision_pack",
    "write_analyst_csv",
    "write_learning_csvs",
    "write_learning_html",
    "write_private",
]

"""Text for the cells of the CSV files Relapp writes (reports, the retention log, the audit
trail): a cell that begins with = + - @ (or a tab or carriage return) would be run as a
formula by a spreadsheet, so it is written with a leading apostrophe."""

from __future__ import annotations

from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text

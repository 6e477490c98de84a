"""Reading a CSV of families for import (a case system's list): one family a row, its members
in one cell."""

from __future__ import annotations

import csv
import io
from typing import Any

from relapp.services.errors import ImportRejected
from relapp.services.transfer.formats import (
    FAMILY_CSV_COLUMNS,
    MAX_CELL_CHARS,
    MAX_CSV_ROWS,
    MAX_MEMBERS,
    MAX_MEMBERS_CHARS,
    MAX_NAME_CHARS,
    MAX_ROLE_CHARS,
    MEMBER_CELL,
    YEAR,
    shown,
)


class _CellError(ValueError):
    pass


def _parse_members(text: str) -> list[dict[str, Any]]:
    """'Anna Smith (mother, 1990); Leo (child, 2021); Mae' -> members.

    Each person is a name, optionally followed by (role) or (role, birth year); the year is
    four ASCII digits. Raises _CellError saying what is wrong.
    """
    if len(text) > MAX_MEMBERS_CHARS:
        raise _CellError(f"is longer than {MAX_MEMBERS_CHARS:,} characters")
    chunks = [c.strip() for c in text.split(";") if c.strip()]
    if len(chunks) > MAX_MEMBERS:
        raise _CellError(f"lists {len(chunks):,} people; a family can have at most {MAX_MEMBERS}")
    members = []
    for number, chunk in enumerate(chunks, start=1):
        name, role, year_text = chunk, "", ""
        if "(" in chunk or ")" in chunk:
            match = MEMBER_CELL.fullmatch(chunk)
            parts = [p.strip() for p in match.group(2).split(",")] if match else []
            if not match or len(parts) > 2:
                raise _CellError(
                    f"person {number} ({shown(chunk)}) should be written like "
                    "Anna Smith (mother, 1990)"
                )
            name, role = match.group(1), parts[0]
            year_text = parts[1] if len(parts) > 1 else ""
        name = name.strip()
        if not name:
            raise _CellError(f"person {number} has no name")
        if len(name) > MAX_NAME_CHARS:
            raise _CellError(f"person {number}'s name is longer than {MAX_NAME_CHARS} characters")
        if len(role) > MAX_ROLE_CHARS:
            raise _CellError(f"person {number}'s role is longer than {MAX_ROLE_CHARS} characters")
        member: dict[str, Any] = {"name": name, "role": role}
        if year_text:
            if not YEAR.fullmatch(year_text):
                raise _CellError(f"birth year {shown(year_text)} is not a year like 2019")
            member["birth_year"] = int(year_text)  # 1900 to this year: checked with the family
        members.append(member)
    return members


def _csv_rows(text: str, name: str) -> Any:
    """(row number, cells) for every row, the header first; blank rows are left out."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    row_no = 0
    while True:
        row_no += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise ImportRejected(
                    f"{name}: row {row_no}: a cell is longer than {MAX_CELL_CHARS:,} characters."
                ) from None
            raise ImportRejected(f"{name}: row {row_no} is not readable CSV: {exc}.") from None
        if row_no > MAX_CSV_ROWS + 1:
            raise ImportRejected(f"{name} has more than {MAX_CSV_ROWS:,} rows.")
        if any(c.strip() for c in cells):
            yield row_no, cells


def parse_family_csv(text: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    """(row number, family data) for every row; every cell read with the rules above."""
    rows = _csv_rows(text, name)
    first = next(rows, None)
    raw_header = first[1] if first else []
    header = [h.strip().strip("\ufeff").strip().lower() for h in raw_header]
    for number, h in enumerate(header, start=1):
        if not h:
            raise ImportRejected(f"{name}: column {number} of the header row has no name.")
        if len(h) > 64 or "\x00" in h:
            raise ImportRejected(f"{name}: unknown column(s) {shown(h)}.")
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise ImportRejected(f"{name}: the column(s) {', '.join(repeated)} appear more than once.")
    missing = [c for c in ("reference", "display_name") if c not in header]
    if missing:
        raise ImportRejected(f"{name}: the header row needs the column(s) {', '.join(missing)}.")
    unknown = [h for h in header if h not in FAMILY_CSV_COLUMNS]
    if unknown:
        raise ImportRejected(f"{name}: unknown column(s) {', '.join(map(shown, unknown))}.")
    families = []
    for row_no, cells in rows:
        if len(cells) > len(header):
            raise ImportRejected(f"{name}: row {row_no} has more cells than the header.")
        row: dict[str, str] = {}
        for column, cell in zip(header, cells, strict=False):
            where = f"{name}: row {row_no}, column {column}"
            if len(cell) > MAX_CELL_CHARS:
                raise ImportRejected(f"{where}: is longer than {MAX_CELL_CHARS:,} characters.")
            if "\x00" in cell:
                raise ImportRejected(f"{where}: contains a NUL character.")
            row[column] = cell.replace("\r\n", "\n").replace("\r", "\n")
        data: dict[str, Any] = {
            "reference": row.get("reference", "").strip(),
            "display_name": row.get("display_name", "").strip(),
            "status": (row.get("status", "").strip() or "active").lower(),
        }
        if row.get("service", "").strip():
            data["service"] = row["service"].strip()
        if row.get("notes", "").strip():
            data["notes"] = row["notes"]
        if row.get("members", "").strip():
            try:
                data["members"] = _parse_members(row["members"])
            except _CellError as exc:
                raise ImportRejected(f"{name}: row {row_no}, column members: {exc}.") from None
        families.append((row_no, data))
    return families

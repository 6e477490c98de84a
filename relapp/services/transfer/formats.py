"""What Relapp's import and export files look like and the bounds every import is read within;
reading a file's text, and one row of it as an item."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relapp.domain import records as domain
from relapp.services.errors import ImportRejected

FORMAT = "relapp-export"


FORMAT_VERSION = 1


MAX_IMPORT_BYTES = 200 * 1024 * 1024


FAMILY_CSV_COLUMNS = ("reference", "display_name", "service", "status", "members", "notes")


# Bounds on what an import file may hold; anything beyond is refused, naming where it is.
MAX_RECORDS = 200_000  # rows of a JSON export


MAX_CSV_ROWS = 50_000  # families in one CSV


MAX_CELL_CHARS = 100_000  # one CSV cell (csv's own limit, 131,072, is never reached first)


MAX_MEMBERS_CHARS = 10_000  # the members cell


MAX_MEMBERS = 50  # people in one family


MAX_NAME_CHARS = 200  # a member's name


MAX_ROLE_CHARS = 64  # a member's role


MAX_TEXT_CHARS = 200_000  # any text in a JSON export


MAX_KEY_CHARS = 200  # a key of a JSON object inside a record's data


MAX_ITEMS = 5_000  # entries of one list or object inside a record's data


MAX_DEPTH = 8  # lists and objects inside a record's data (Relapp writes at most 3)


MAX_INT = 2**31 - 1  # whole numbers (beyond, Qt cannot show them)


MAX_FLOAT = 1e15


MAX_NUMBER_CHARS = 40  # digits and signs of one number as written in the file


MAX_DURATION_MINUTES = 24 * 60


YEAR = re.compile(r"[0-9]{4}")  # ASCII digits only: "²" and "١٩٩٠" are digits to str.isdigit


FIELD_NAME = re.compile(r"[a-z_]{1,64}")  # how every field of every kind is named


MEMBER_CELL = re.compile(r"([^()]*)\(([^()]*)\)")


# Fields that hold the id of another record, with the kinds it may be. assigned_to and
# practitioner_id hold a team member's id, not a record's: they are kept as they are.
RECORD_REFS: dict[str, tuple[str, ...]] = {
    "family_id": ("family",),
    "visit_id": ("visit",),
    "record_id": domain.KINDS,  # what a feedback is about
    "reply_to": ("feedback",),
}


RECORD_REF_LISTS: dict[str, tuple[str, ...]] = {
    "visit_ids": ("visit",),
    "barrier_ids": ("barrier",),
}


# A supervision action carried from an earlier session names that session.
CARRIED_FROM_KINDS = ("supervision_session",)


def shown(value: Any, limit: int = 40) -> str:
    """A value as a message shows it: quoted, and cut short when long."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return repr(text) if isinstance(value, str) else text
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def plain(value: str) -> str:
    """A short, printable value as it is; anything else as shown gives it."""
    return value if len(value) <= 64 and value.isprintable() and value.strip() else shown(value)


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportRejected(f"{path} cannot be read: {exc.strerror}.") from None
    if size > MAX_IMPORT_BYTES:
        raise ImportRejected(f"{path.name} is larger than {MAX_IMPORT_BYTES // 2**20} MB.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRejected(
            f"{path.name} is UTF-16 text, not UTF-8 text: save it as UTF-8 (in a spreadsheet, "
            '"CSV UTF-8").'
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            f"{path.name} is not UTF-8 text (byte {exc.start + 1:,} is not): save it as UTF-8."
        ) from None


@dataclass
class ImportItem:
    """One row of an import file: what it holds, and where it is, for messages."""

    kind: str
    data: dict[str, Any]
    file_id: str | None  # the id the file gives it (a Relapp id, or another system's)
    where: str  # "families.csv: row 4" or "export.json: records[3] (visit)"
    csv_row: bool = False

    def at(self, field: str) -> str:
        return f"{self.where}, column {field}" if self.csv_row else f"{self.where}: {field}"

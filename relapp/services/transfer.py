"""Import and export: the documented JSON format for every record kind, and CSV.

Imports are all or nothing: every field is read with explicit, bounded rules and every row is
checked before anything is written; the first bad row is named with its field, and nothing is
written. A backup is taken before an import writes.

A file's own ids ("f1", or a case system's "EH-24-0137-Okafor") never become record ids: record
ids are kept in clear and travel with every sync event, so two laptops importing the same file
would collide, and a case number would be readable. Each one is given a new random id instead,
and the vault remembers which under a keyed hash of the file's id (HMAC-SHA256, under a key
derived from the vault key), written in the same transaction as the records: importing the
same file again on this laptop updates the same records, and the file's ids are stored nowhere.
An id that already is a record of this profile (a Relapp export brought back) updates it.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from relapp.domain import records as domain
from relapp.services.errors import ImportRejected
from relapp.services.records import RecordService
from relapp.store import audit
from relapp.store.backups import take_backup
from relapp.store.vault import NewRecord, Record, RecordNotFound, Vault, new_id

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
_YEAR = re.compile(r"[0-9]{4}")  # ASCII digits only: "²" and "١٩٩٠" are digits to str.isdigit
_FIELD = re.compile(r"[a-z_]{1,64}")  # how every field of every kind is named
_MEMBER = re.compile(r"([^()]*)\(([^()]*)\)")

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


def export_document(service: RecordService) -> dict[str, Any]:
    """Every live record this person can read, decrypted, in a stable order."""
    out = []
    for kind in domain.KINDS:
        for record in sorted(service.vault.list(kind), key=lambda r: r.id):
            if record.error:
                raise ImportRejected(record.error)
            out.append({"id": record.id, "kind": kind, "data": record.data})
    return {"format": FORMAT, "version": FORMAT_VERSION, "records": out}


def export_json(service: RecordService) -> str:
    audit.record(service.vault, "export")
    return json.dumps(export_document(service), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def export_csv(service: RecordService, folder: Path) -> list[Path]:
    """One CSV file per kind; nested values are written as JSON in their cell."""
    audit.record(service.vault, "export")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in domain.KINDS:
        records = sorted(service.vault.list(kind), key=lambda r: r.id)
        columns = ["id", *domain.SCHEMAS[kind]]
        path = folder / f"{kind}.csv"
        with open_private(path) as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for record in records:
                writer.writerow([record.id] + [_cell(record.data.get(c)) for c in columns[1:]])
        written.append(path)
    return written


def open_private(path: Path) -> io.TextIOWrapper:
    """Open for writing with owner-only permissions from the first byte."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return io.open(fd, "w", encoding="utf-8", newline="")  # noqa: UP020 - fd, not a path


# ---- reading a file ---------------------------------------------------------------------


def _show(value: Any, limit: int = 40) -> str:
    """A value as a message shows it: quoted, and cut short when long."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return repr(text) if isinstance(value, str) else text
    return f"{text[:limit]!r}… ({len(text):,} characters)"


def _plain(value: str) -> str:
    """A short, printable value as it is; anything else as _show gives it."""
    return value if len(value) <= 64 and value.isprintable() and value.strip() else _show(value)


def _read_text(path: Path) -> str:
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
class _Item:
    """One row of an import file: what it holds, and where it is, for messages."""

    kind: str
    data: dict[str, Any]
    file_id: str | None  # the id the file gives it (a Relapp id, or another system's)
    where: str  # "families.csv: row 4" or "export.json: records[3] (visit)"
    csv_row: bool = False

    def at(self, field: str) -> str:
        return f"{self.where}, column {field}" if self.csv_row else f"{self.where}: {field}"


# ---- JSON ---------------------------------------------------------------------------------


class _Bad:
    """A value JSON can say but Relapp does not keep (NaN, 1e999, a number with 5,000 digits,
    an object with a key twice): kept in place while reading, so the refusal can name the row
    and field it is in."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"<{self.reason}>"


def _parse_int(text: str) -> int | _Bad:
    if len(text) > MAX_NUMBER_CHARS:
        return _Bad(f"the number {_show(text, 20)} is too large")
    value = int(text)
    return value if -MAX_INT <= value <= MAX_INT else _Bad(f"the number {text} is too large")


def _parse_float(text: str) -> float | _Bad:
    if len(text) > MAX_NUMBER_CHARS:
        return _Bad(f"the number {_show(text, 20)} has too many digits")
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_FLOAT:
        return _Bad(f"the number {text} is too large")
    return value


def _parse_constant(text: str) -> _Bad:
    return _Bad(f"{text} is not a number")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any] | _Bad:
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    seen: set[str] = set()
    for key, _value in pairs:
        if key in seen:
            return _Bad(f"an object has the key {_show(key)} twice")
        seen.add(key)
    return out  # not reached


def _check_value(value: Any, path: str, depth: int) -> str | None:
    """Why this value cannot be kept (with where it is, under path), or None."""
    if isinstance(value, _Bad):
        return f"{path}: {value.reason}"
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if -MAX_INT <= value <= MAX_INT else f"{path}: the number is too large"
    if isinstance(value, float):
        ok = math.isfinite(value) and abs(value) <= MAX_FLOAT
        return None if ok else f"{path}: the number is too large"
    if isinstance(value, str):
        return _check_text(value, path, MAX_TEXT_CHARS)
    if isinstance(value, list | dict):
        if depth >= MAX_DEPTH:
            return f"{path}: lists and objects are nested too deeply"
        if len(value) > MAX_ITEMS:
            return f"{path}: has more than {MAX_ITEMS:,} entries"
        if isinstance(value, list):
            for i, item in enumerate(value):
                problem = _check_value(item, f"{path}[{i}]", depth + 1)
                if problem:
                    return problem
            return None
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path}: has a key that is not text"
            problem = _check_text(key, f"{path}: the key {_show(key)}", MAX_KEY_CHARS)
            if problem:
                return problem
            problem = _check_value(item, f"{path}.{_plain(key)}", depth + 1)
            if problem:
                return problem
        return None
    return f"{path}: {type(value).__name__} is not a value Relapp keeps"


def _check_text(value: str, path: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"{path}: is longer than {limit:,} characters"
    if "\x00" in value:
        return f"{path}: contains a NUL character"
    try:  # JSON may carry lone surrogates ("\ud800") that no UTF-8 text can hold
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"{path}: contains broken Unicode text"
    return None


def parse_json_import(text: str, name: str) -> list[_Item]:
    try:
        doc = json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}."
        ) from None
    except (RecursionError, ValueError):  # nesting too deep for the parser
        raise ImportRejected(
            f"{name} is not a Relapp export: its JSON is too deeply nested "
            "or holds a number too large to read."
        ) from None
    if isinstance(doc, _Bad):
        raise ImportRejected(f"{name} is not a Relapp export: {doc.reason}.")
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportRejected(f'{name} is not a Relapp export (expected "format": "{FORMAT}").')
    version = doc.get("version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ImportRejected(
            f"{name} uses format version {_show(version)}; expected {FORMAT_VERSION}."
        )
    rows = doc.get("records")
    if isinstance(rows, _Bad):
        raise ImportRejected(f'{name}: "records": {rows.reason}.')
    if not isinstance(rows, list):
        raise ImportRejected(f'{name}: "records" must be a list.')
    if len(rows) > MAX_RECORDS:
        raise ImportRejected(f"{name} holds more than {MAX_RECORDS:,} records.")
    items: list[_Item] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        where = f"{name}: records[{i}]"
        if isinstance(row, _Bad):
            raise ImportRejected(f"{where}: {row.reason}.")
        if not isinstance(row, dict):
            raise ImportRejected(f"{where}: must be an object with kind and data.")
        unknown = [k for k in row if k not in ("id", "kind", "data")]
        if unknown:
            raise ImportRejected(
                f"{where}: {_show(unknown[0])} is not a key of a record (id, kind, data)."
            )
        kind, data, rid = row.get("kind"), row.get("data"), row.get("id")
        if not isinstance(kind, str) or kind not in domain.KINDS:
            raise ImportRejected(
                f"{where}: kind {_show(kind)} is not a kind of record Relapp keeps."
            )
        if rid is not None and (not isinstance(rid, str) or not domain._ID.match(rid)):
            raise ImportRejected(
                f"{where}: id must be a record id (up to 64 letters, digits and . _ : -)."
            )
        if rid in seen:
            raise ImportRejected(f"{where}: id {rid} appears twice in the file.")
        if rid:
            seen.add(rid)
        where = f"{where} ({kind})"
        if isinstance(data, _Bad):
            raise ImportRejected(f"{where}: data: {data.reason}.")
        if not isinstance(data, dict):
            raise ImportRejected(f"{where}: data must be an object.")
        for field, value in data.items():
            if not _FIELD.fullmatch(field):
                raise ImportRejected(f"{where}: {_show(field)} is not a field of this record.")
            problem = _check_value(value, field, 1)
            if problem:
                raise ImportRejected(f"{where}: {problem}.")
        items.append(_Item(kind, data, rid or None, where))
    return items


# ---- CSV of families ---------------------------------------------------------------------------


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
            match = _MEMBER.fullmatch(chunk)
            parts = [p.strip() for p in match.group(2).split(",")] if match else []
            if not match or len(parts) > 2:
                raise _CellError(
                    f"person {number} ({_show(chunk)}) should be written like "
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
            if not _YEAR.fullmatch(year_text):
                raise _CellError(f"birth year {_show(year_text)} is not a year like 2019")
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
            raise ImportRejected(f"{name}: unknown column(s) {_show(h)}.")
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise ImportRejected(f"{name}: the column(s) {', '.join(repeated)} appear more than once.")
    missing = [c for c in ("reference", "display_name") if c not in header]
    if missing:
        raise ImportRejected(f"{name}: the header row needs the column(s) {', '.join(missing)}.")
    unknown = [h for h in header if h not in FAMILY_CSV_COLUMNS]
    if unknown:
        raise ImportRejected(f"{name}: unknown column(s) {', '.join(map(_show, unknown))}.")
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


# ---- importing ---------------------------------------------------------------------------


def import_file(service: RecordService, path: Path) -> dict[str, int]:
    """Import a JSON export or a CSV of families. Returns counts by outcome."""
    text = _read_text(path)
    if path.suffix.lower() == ".csv":
        return _import_families(service, parse_family_csv(text, path.name), path.name)
    return _import_items(service, parse_json_import(text, path.name))


def _import_families(
    service: RecordService, families: list[tuple[int, dict[str, Any]]], name: str
) -> dict[str, int]:
    by_reference = {}
    for record in service.vault.list("family"):
        by_reference[record.data.get("reference")] = record
    first_row: dict[str, int] = {}
    items: list[_Item] = []
    for row_no, data in families:
        reference = data["reference"]
        if reference in first_row:
            raise ImportRejected(
                f"{name}: row {row_no}, column reference: {_plain(reference)} appears twice "
                f"in the file (first in row {first_row[reference]})."
            )
        first_row[reference] = row_no
        old = by_reference.get(reference)
        merged = {**old.data, **data} if old else data
        items.append(
            _Item("family", merged, old.id if old else None, f"{name}: row {row_no}", True)
        )
    return _import_items(service, items)


def _import_tagger(vault: Vault) -> Callable[[str, str], str]:
    """(kind, id in a file) -> the tag the vault keeps for it: HMAC-SHA256 under a key derived
    from the vault key, so the tag says nothing about the id to anyone without that key."""
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"relapp-import-ids-v1|" + vault.profile_id.encode(),
    ).derive(vault.keyring().vault_key)

    def tag(kind: str, file_id: str) -> str:
        return hmac.new(key, f"{kind}\x00{file_id}".encode(), hashlib.sha256).hexdigest()

    return tag


def _say(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[:limit] + "…"


def _check_import_rules(item: _Item, clean: dict[str, Any]) -> None:
    """Rules an import adds to the record checks: what the app itself could never write."""
    if item.kind == "family":
        members = clean.get("members", [])
        if len(members) > MAX_MEMBERS:
            raise ImportRejected(f"{item.at('members')}: a family can have at most {MAX_MEMBERS}.")
        for i, member in enumerate(members):
            field = f"members[{i}]"
            unknown = [k for k in member if k not in ("name", "role", "birth_year")]
            if unknown:
                raise ImportRejected(
                    f"{item.at(field)}: {_show(unknown[0])} is not a detail Relapp keeps "
                    "(name, role, birth_year)."
                )
            name, role = member.get("name"), member.get("role", "")
            if not isinstance(name, str) or len(name) > MAX_NAME_CHARS:
                raise ImportRejected(
                    f"{item.at(field + '.name')}: must be text of at most {MAX_NAME_CHARS} "
                    "characters."
                )
            if not isinstance(role, str) or len(role) > MAX_ROLE_CHARS:
                raise ImportRejected(
                    f"{item.at(field + '.role')}: must be text of at most {MAX_ROLE_CHARS} "
                    "characters."
                )
    if item.kind == "visit":
        minutes = clean.get("duration_minutes", 0)
        if minutes > MAX_DURATION_MINUTES:
            raise ImportRejected(
                f"{item.at('duration_minutes')}: must be at most {MAX_DURATION_MINUTES} (a day)."
            )


class _Ids:
    """Where each id of an import file leads: to a record of this profile, to the record an
    earlier import of it became (through its tag), or to a new record made now."""

    def __init__(self, vault: Vault, items: list[_Item]) -> None:
        self.vault = vault
        self._tag: Callable[[str, str], str] | None = None
        self._records: dict[str, Record | None] = {}
        self._earlier: dict[tuple[str, tuple[str, ...]], str | None] = {}  # via earlier imports
        self.existing: dict[str, Record] = {}  # record id -> the record it is now
        self.target: dict[str, str] = {}  # id in the file -> record id
        self.kind_of: dict[str, str] = {}  # id in the file -> its kind there
        self.new_tags: dict[str, str] = {}  # tags to keep, with the record ids they lead to
        self._place(items)

    def tag(self, kind: str, file_id: str) -> str:
        if self._tag is None:
            self._tag = _import_tagger(self.vault)
        return self._tag(kind, file_id)

    def record(self, record_id: str) -> Record | None:
        if record_id not in self._records:
            try:
                self._records[record_id] = self.vault.get(record_id, strict=False)
            except RecordNotFound:
                self._records[record_id] = None
        return self._records[record_id]

    def _place(self, items: list[_Item]) -> None:
        untagged: list[tuple[_Item, str]] = []
        for item in items:
            if not item.file_id:
                continue
            self.kind_of[item.file_id] = item.kind
            old = self.record(item.file_id)
            if old is None:
                untagged.append((item, self.tag(item.kind, item.file_id)))
                continue
            if old.kind != item.kind:
                raise ImportRejected(
                    f"{item.where}: id {item.file_id} exists already as a {old.kind} in this "
                    f"profile, not a {item.kind}."
                )
            self.target[item.file_id] = item.file_id
            self.existing[item.file_id] = old
        known = self.vault.import_ids(tag for _item, tag in untagged)
        for item, tag in untagged:
            assert item.file_id is not None
            record_id = known.get(tag)
            if record_id is None:
                record_id = new_id()
                self.new_tags[tag] = record_id
            else:
                old = self.record(record_id)
                if old is not None:
                    if old.kind != item.kind:
                        raise ImportRejected(
                            f"{item.where}: id {item.file_id} was imported before as a "
                            f"{old.kind}, not a {item.kind}."
                        )
                    self.existing[record_id] = old
            self.target[item.file_id] = record_id
        claimed: dict[str, _Item] = {}
        for item in items:
            record_id = self.target.get(item.file_id) if item.file_id else None
            if record_id is None:
                continue
            other = claimed.setdefault(record_id, item)
            if other is not item:
                raise ImportRejected(
                    f"{item.where}: id {item.file_id} is the same record of this profile as id "
                    f"{other.file_id}, earlier in the file; keep only one of them."
                )

    def resolve(self, value: Any, kinds: tuple[str, ...], item: _Item, field: str) -> str:
        """The record id a reference in the file leads to, or a refusal naming it."""
        if not isinstance(value, str) or not domain._ID.match(value):
            raise ImportRejected(f"{item.at(field)}: must be a record id.")
        if value in self.target:
            kind = self.kind_of[value]
            if kind not in kinds:
                raise ImportRejected(
                    f"{item.at(field)}: {value} is a {kind} in the file, not a "
                    f"{' or '.join(kinds)}."
                )
            return self.target[value]
        record = self.record(value)
        if record is not None:
            if record.kind not in kinds:
                raise ImportRejected(
                    f"{item.at(field)}: {value} is a {record.kind} in this profile, not a "
                    f"{' or '.join(kinds)}."
                )
            return value
        if (value, kinds) not in self._earlier:
            tags = {self.tag(kind, value): kind for kind in kinds}
            self._earlier[value, kinds] = None
            for tag, record_id in self.vault.import_ids(tags).items():
                record = self.record(record_id)
                if record is not None and record.kind == tags[tag]:
                    self._earlier[value, kinds] = record_id
        found = self._earlier[value, kinds]
        if found is not None:
            return found
        raise ImportRejected(
            f"{item.at(field)}: {value} is neither a record in the file nor one in this profile."
        )

    def rewrite(self, item: _Item, clean: dict[str, Any]) -> dict[str, Any]:
        """clean with every reference to another record leading to its record id here."""
        out = dict(clean)
        for field, kinds in RECORD_REFS.items():
            if field in out:
                out[field] = self.resolve(out[field], kinds, item, field)
        for field, kinds in RECORD_REF_LISTS.items():
            if field in out:
                out[field] = [
                    self.resolve(v, kinds, item, f"{field}[{i}]") for i, v in enumerate(out[field])
                ]
        if item.kind == "supervision_session" and "actions" in out:
            out["actions"] = [
                self._rewrite_action(item, i, a) for i, a in enumerate(out["actions"])
            ]
        return out

    def _rewrite_action(self, item: _Item, index: int, action: dict[str, Any]) -> dict[str, Any]:
        action = dict(action)
        if action.get("carried_from"):
            action["carried_from"] = self.resolve(
                action["carried_from"], CARRIED_FROM_KINDS, item, f"actions[{index}].carried_from"
            )
        # An action without an id of its own is known by "<session id>:<its place>".
        key = action.get("id")
        if isinstance(key, str):
            session_id, colon, place = key.rpartition(":")
            if colon and place.isascii() and place.isdigit() and session_id in self.target:
                action["id"] = f"{self.target[session_id]}:{place}"
        return action


def _import_items(service: RecordService, items: list[_Item]) -> dict[str, int]:
    # Check every row, and where every id leads, before a single write.
    prepared = []
    for item in items:
        try:
            clean = service.prepare(item.kind, item.data)
        except domain.ValidationError as exc:
            raise ImportRejected(_say(f"{item.at(exc.field)}: {exc.message}") + ".") from None
        _check_import_rules(item, clean)
        prepared.append((item, clean))
    ids = _Ids(service.vault, items)
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    batch = []
    for item, clean in prepared:
        clean = ids.rewrite(item, clean)
        record_id = ids.target.get(item.file_id) if item.file_id else None
        old = ids.existing.get(record_id) if record_id else None
        if old is not None and old.error:
            raise ImportRejected(
                f"{item.where}: the {old.kind} it updates cannot be opened in this profile "
                "(its stored data is damaged); restore a backup first."
            )
        if old is not None and old.data == clean and not old.deleted:
            counts["unchanged"] += 1
            continue
        counts["updated" if old else "added"] += 1
        batch.append(
            NewRecord(
                item.kind,
                clean,
                record_id,
                domain.parent_of(item.kind, clean),
                old.version if old else None,
            )
        )
    if batch:
        take_backup(service.vault, "before-import")
        service.vault.put_many(batch, import_ids=ids.new_tags)
    return counts

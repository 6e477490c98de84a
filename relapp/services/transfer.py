"""Import and export: the documented JSON format for every record kind, and CSV.

Imports are all or nothing: every row is checked before anything is written, and the first
bad row is named with its field. A backup is taken before an import writes.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from relapp.domain import records as domain
from relapp.services.errors import ImportRejected
from relapp.services.records import RecordService
from relapp.store.backups import take_backup
from relapp.store.vault import NewRecord, Record, RecordNotFound

FORMAT = "relapp-export"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 200 * 1024 * 1024

FAMILY_CSV_COLUMNS = ("reference", "display_name", "service", "status", "members", "notes")


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
    return json.dumps(export_document(service), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def export_csv(service: RecordService, folder: Path) -> list[Path]:
    """One CSV file per kind; nested values are written as JSON in their cell."""
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


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportRejected(f"{path} cannot be read: {exc.strerror}.") from None
    if size > MAX_IMPORT_BYTES:
        raise ImportRejected(f"{path.name} is larger than {MAX_IMPORT_BYTES // 2**20} MB.")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(f"{path.name} is not UTF-8 text.") from None


def parse_json_import(text: str, name: str) -> list[tuple[str, dict[str, Any], str | None]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}."
        ) from None
    except (RecursionError, ValueError):  # nesting too deep; a number with thousands of digits
        raise ImportRejected(
            f"{name} is not a Relapp export: its JSON is too deeply nested "
            "or holds a number too large to read."
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportRejected(f'{name} is not a Relapp export (expected "format": "{FORMAT}").')
    if doc.get("version") != FORMAT_VERSION:
        raise ImportRejected(f"{name} uses format version {doc.get('version')!r}; expected 1.")
    rows = doc.get("records")
    if not isinstance(rows, list):
        raise ImportRejected(f'{name}: "records" must be a list.')
    items: list[tuple[str, dict[str, Any], str | None]] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        where = f"{name}: records[{i}]"
        if not isinstance(row, dict):
            raise ImportRejected(f"{where}: must be an object with kind and data.")
        kind, data, rid = row.get("kind"), row.get("data"), row.get("id")
        if kind not in domain.KINDS:
            raise ImportRejected(f"{where}: kind {kind!r} is not a kind of record Relapp keeps.")
        if rid is not None and (not isinstance(rid, str) or not domain._ID.match(rid)):
            raise ImportRejected(f"{where}: id must be a record id.")
        if rid in seen:
            raise ImportRejected(f"{where}: id {rid} appears twice in the file.")
        if rid:
            seen.add(rid)
        if not isinstance(data, dict):
            raise ImportRejected(f"{where} ({kind}): data must be an object.")
        try:  # JSON may carry lone surrogates ("\\ud800") that no UTF-8 text can hold
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ImportRejected(f"{where} ({kind}): contains broken Unicode text.") from None
        items.append((kind, data, rid))
    return items


def _parse_members(text: str, row_no: int) -> list[dict[str, Any]]:
    """'Anna Smith (mother, 1990); Leo (child, 2021)' -> members."""
    members = []
    for chunk in [c.strip() for c in text.split(";") if c.strip()]:
        name, role, year = chunk, "", None
        if chunk.endswith(")") and "(" in chunk:
            name, inner = chunk[:-1].split("(", 1)
            parts = [p.strip() for p in inner.split(",")]
            role = parts[0] if parts else ""
            if len(parts) > 1 and parts[1]:
                if not parts[1].isdigit():
                    raise ImportRejected(
                        f"row {row_no}, column members: birth year {parts[1]!r} is not a year."
                    )
                year = int(parts[1])
        member: dict[str, Any] = {"name": name.strip(), "role": role}
        if year is not None:
            member["birth_year"] = year
        members.append(member)
    return members


def parse_family_csv(text: str, name: str) -> list[dict[str, Any]]:
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise ImportRejected(f"{name} is not a readable CSV file: {exc}.") from None
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise ImportRejected(f"{name}: the column(s) {', '.join(repeated)} appear more than once.")
    missing = [c for c in ("reference", "display_name") if c not in header]
    if missing:
        raise ImportRejected(f"{name}: the header row needs the column(s) {', '.join(missing)}.")
    unknown = [h for h in header if h not in FAMILY_CSV_COLUMNS]
    if unknown:
        raise ImportRejected(f"{name}: unknown column(s) {', '.join(unknown)}.")
    reader.fieldnames = header
    families = []
    try:
        for row_no, row in enumerate(reader, start=2):
            if None in row:
                raise ImportRejected(f"{name}: row {row_no} has more cells than the header.")
            data: dict[str, Any] = {
                "reference": (row.get("reference") or "").strip(),
                "display_name": (row.get("display_name") or "").strip(),
                "status": (row.get("status") or "active").strip().lower(),
            }
            if row.get("service"):
                data["service"] = row["service"].strip()
            if row.get("notes"):
                data["notes"] = row["notes"]
            if row.get("members"):
                try:
                    data["members"] = _parse_members(row["members"], row_no)
                except ImportRejected as exc:
                    raise ImportRejected(f"{name}: {exc}") from None
            families.append((row_no, data))
    except csv.Error as exc:
        raise ImportRejected(f"{name} is not a readable CSV file: {exc}.") from None
    out = []
    for row_no, data in families:
        try:
            out.append(domain.validate("family", data))
        except domain.ValidationError as exc:
            raise ImportRejected(
                f"{name}: row {row_no}, column {exc.field}: {exc.message}."
            ) from None
    return out


def import_file(service: RecordService, path: Path) -> dict[str, int]:
    """Import a JSON export or a CSV of families. Returns counts by outcome."""
    text = _read_text(path)
    if path.suffix.lower() == ".csv":
        return _import_families(service, parse_family_csv(text, path.name))
    return _import_items(service, parse_json_import(text, path.name), path.name)


def _import_items(
    service: RecordService, items: list[tuple[str, dict[str, Any], str | None]], name: str
) -> dict[str, int]:
    # Check every row, and any id already in the vault, before a single write.
    prepared = []
    for i, (kind, data, rid) in enumerate(items):
        try:
            clean = service.prepare(kind, data)
        except domain.ValidationError as exc:
            raise ImportRejected(
                f"{name}: records[{i}] ({kind}): {exc.field}: {exc.message}."
            ) from None
        prepared.append((kind, clean, rid))
    existing: dict[str, Record] = {}
    for kind, _clean, rid in prepared:
        if not rid:
            continue
        try:
            existing[rid] = service.vault.get(rid)
        except RecordNotFound:
            continue
        if existing[rid].kind != kind:
            raise ImportRejected(f"{name}: record {rid} exists already as a {existing[rid].kind}.")
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    batch = []
    for kind, clean, rid in prepared:
        old = existing.get(rid) if rid else None
        if old is not None and old.data == clean and not old.deleted:
            counts["unchanged"] += 1
            continue
        counts["updated" if old else "added"] += 1
        batch.append(
            NewRecord(kind, clean, rid, domain.parent_of(kind, clean), old.version if old else None)
        )
    if batch:
        take_backup(service.vault, "before-import")
        service.vault.put_many(batch)
    return counts


def _import_families(service: RecordService, families: list[dict[str, Any]]) -> dict[str, int]:
    by_reference = {}
    for record in service.vault.list("family"):
        by_reference[record.data.get("reference")] = record
    seen: set[str] = set()
    items: list[tuple[str, dict[str, Any], str | None]] = []
    for data in families:
        if data["reference"] in seen:
            raise ImportRejected(f"Reference {data['reference']} appears twice in the file.")
        seen.add(data["reference"])
        old = by_reference.get(data["reference"])
        merged = {**old.data, **data} if old else data
        items.append(("family", merged, old.id if old else None))
    return _import_items(service, items, "families")

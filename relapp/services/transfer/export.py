"""Export: every record this person can read, as the documented JSON or one CSV file per kind."""

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
from relapp.services.transfer.formats import FORMAT, FORMAT_VERSION
from relapp.store import audit


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

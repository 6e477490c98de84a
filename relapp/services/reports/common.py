"""What the reports share: which records count, their days and months, the stages of a
change test, and how a report file is written (owner-only, whole or not at all)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from relapp.files import write_atomically
from relapp.services.disclosure import Period
from relapp.services.errors import ServiceError
from relapp.services.families import parse_when
from relapp.services.profile import Session
from relapp.services.spreadsheet import cell_text
from relapp.store.vault import Record

Progress = Callable[[int, int], None] | None

STAGES = ("plan", "do", "study", "act")
_STATUS_STAGE = {
    "planned": "plan",
    "running": "do",
    "studying": "study",
    "adopted": "act",
    "adapted": "act",
}
NOT_RECORDED = "Service not recorded"


def readable(records: Iterable[Record]) -> list[Record]:
    return [r for r in records if r.error is None and not r.deleted]


def day_of(value: Any) -> date | None:
    moment = parse_when(value)
    return moment.date() if moment is not None else None


def steps(progress: Progress, total: int) -> Callable[[], None]:
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(min(done, total), total)

    if progress is not None:
        progress(0, total)
    return step


def write_private(path: Path, data: bytes) -> None:
    """Write a whole file readable by its owner only, so a half-written report never shows:
    a temporary file beside it, flushed, then renamed over the target."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ServiceError(f"The folder {path.parent} does not exist.")
    write_atomically(path, data)


def stage_reached(data: Mapping[str, Any]) -> str:
    """How far round plan-do-study-act a change test got: the furthest stage with words written,
    or that its status implies, whichever is further."""
    written = [i for i, stage in enumerate(STAGES) if str(data.get(stage) or "").strip()]
    implied = _STATUS_STAGE.get(str(data.get("status") or "planned"))
    indexes = written + ([STAGES.index(implied)] if implied else [])
    return STAGES[max(indexes)] if indexes else "plan"


def category_titles(session: Session) -> dict[str, str]:
    return {c.id: c.title for c in session.definitions.barrier_categories}


def barrier_day(record: Record) -> date | None:
    return day_of(record.data.get("noticed_on")) or day_of(record.created_at)


def test_overlaps(record: Record, span: Period) -> bool:
    start = day_of(record.data.get("start_date")) or day_of(record.created_at)
    end = day_of(record.data.get("end_date"))
    return start is not None and start <= span.end and (end is None or end >= span.start)


def categories_of(test: Record, barriers: Mapping[str, Record], order: Sequence[str]) -> list[str]:
    ids = {
        str(barriers[b].data.get("category", ""))
        for b in test.data.get("barrier_ids") or []
        if b in barriers
    }
    return sorted(ids, key=lambda c: (order.index(c) if c in order else len(order), c))


def month_of(day: date | None) -> str:
    return f"{day.year:04d}-{day.month:02d}" if day else ""


def csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheet programs read it right), one header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(c, "")) for c in columns])
    return out.getvalue().encode("utf-8-sig")

"""The export's two files: the JSON written here, the PDF by the app's printer; both written
whole or not at all, never over an existing file, and the export recorded in the audit trail."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relapp.files import link_new, sync_folder, temp_beside, write_new
from relapp.services.errors import ServiceError, why_not_written
from relapp.services.profile import Session
from relapp.services.subject_access.gather import gather
from relapp.services.subject_access.model import (
    FORMAT,
    FORMAT_VERSION,
    REASONS,
    Item,
    Progress,
    SubjectAccess,
)
from relapp.store import audit
from relapp.store.erasure import is_erased


def _item_json(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "version": item.version,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "in_trash": item.in_trash,
        "entered_in_error": item.entered_in_error,
        "written_by": item.written_by.to_json() if item.written_by else None,
        "data": item.data,
        "text_for_review": {f.key: f.value.to_json() for f in item.texts if f.value.for_review},
    }
    if item.answers:
        out["answers"] = [
            {"item_id": a.item_id, "question": a.question, "answer": a.value, "label": a.label}
            for a in item.answers
        ]
    if item.versions:
        out["versions"] = [v.to_json() for v in item.versions]
    if item.unreadable:
        out["unreadable"] = item.unreadable
    return out


def to_json(sar: SubjectAccess) -> dict[str, Any]:
    """The export for the council's records team (format documented in the README)."""
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "made_at": sar.made_at,
        "made_by": sar.made_by.to_json(),
        "device": sar.device,
        "family_id": sar.family_id,
        "review_notice": review_notice(sar),
        "review_reasons": REASONS,
        "family": _item_json(sar.family),
        "members": sar.members,
        "visits": [_item_json(i) for i in sar.visits],
        "checkins": [_item_json(i) for i in sar.checkins],
        "reflections": [_item_json(i) for i in sar.reflections],
        "feedback": [_item_json(i) for i in sar.feedback],
        "unsent_words": [_item_json(i) for i in sar.unsent],
        "barriers": [_item_json(i) for i in sar.barriers],
        "agreement": [_item_json(i) for i in sar.agreements] or None,
        "agreement_note": "" if sar.agreements else NO_AGREEMENT,
        "other_records": [_item_json(i) for i in sar.others],
        "supervision_mentions": [
            {
                "session_id": m.session_id,
                "when": m.when,
                "practitioner": m.practitioner.to_json() if m.practitioner else None,
                "written_by": m.written_by.to_json() if m.written_by else None,
                "passages": [p.to_json() for p in m.passages],
            }
            for m in sar.mentions
        ],
        "audit": [
            {
                "seq": line.seq,
                "at": line.at,
                "who": line.who.to_json(),
                "device": line.device,
                "action": line.action,
                "records": [{"id": rid, "kind": kind} for rid, kind in line.records],
                "other_records_not_shown": line.others,
            }
            for line in sar.audit
        ],
    }


def json_bytes(sar: SubjectAccess) -> bytes:
    text = json.dumps(to_json(sar), ensure_ascii=False, indent=2, sort_keys=False)
    return (text + "\n").encode("utf-8")


NO_AGREEMENT = "Relapp holds no agreement record for this family: none was recorded."


def review_notice(sar: SubjectAccess) -> str:
    count = sar.review_count()
    return (
        "Before this is shared with the family, the council must review it for other people's "
        f"information. Relapp has marked {count} place{'s' if count != 1 else ''} for review: "
        "colleagues' names, people who are not members of the family, and text naming another "
        "family or a colleague. Relapp finds names by matching the ones it knows, so it cannot "
        "find everything: read all free text before sharing."
    )


def file_stem(sar: SubjectAccess) -> str:
    code = re.sub(r"[^A-Za-z0-9-]+", "-", sar.reference).strip("-")[:40] or sar.family_id[-8:]
    return f"subject-access-{code}-{sar.made_at[:10]}"


def _problem(exc: OSError, folder: Path) -> ServiceError:
    why = why_not_written(exc)
    return ServiceError(f"The export could not be written to {folder}: {why}. Nothing was written.")


def write_export(
    session: Session,
    sar: SubjectAccess,
    folder: Path,
    files: Mapping[str, bytes],
    *,
    before_publish: Callable[[], None] | None = None,
) -> list[Path]:
    """Write the files (suffix -> bytes) into folder, all whole or none at all, never over an
    existing file, then record the export in the audit trail. before_publish() runs when every
    file is written under a temporary name (it may raise to cancel)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ServiceError(
            f"The folder {folder} does not exist (was a drive removed?). Nothing was written."
        )
    stem = file_stem(sar)
    targets = _free_names(folder, stem, list(files))
    temps: list[Path] = []
    published: list[Path] = []
    try:
        for suffix, data in files.items():
            temp = temp_beside(folder / f"{stem}{suffix}")
            temps.append(temp)
            write_new(temp, data)
        if before_publish is not None:
            before_publish()
        if is_erased(session.vault, sar.family_id):
            raise ServiceError("The family was erased while the export was being made.")
        for temp, target in zip(temps, targets, strict=True):
            link_new(temp, target)  # never overwrites; renames where it cannot link
            published.append(target)
        sync_folder(folder)
    except OSError as exc:
        for path in published:
            path.unlink(missing_ok=True)
        raise _problem(exc, folder) from None
    except BaseException:
        for path in published:
            path.unlink(missing_ok=True)
        raise
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
    audit.record(session.vault, "subject_access_export", [sar.family_id])
    return targets


def _free_names(folder: Path, stem: str, suffixes: Sequence[str]) -> list[Path]:
    for n in range(1, 1000):
        name = stem if n == 1 else f"{stem}-{n}"
        paths = [folder / f"{name}{s}" for s in suffixes]
        if not any(p.exists() for p in paths):
            return paths
    raise ServiceError(f"The folder {folder} already holds too many exports of this family.")


@dataclass(frozen=True)
class ExportResult:
    family_id: str
    reference: str
    display_name: str
    pdf: Path
    json: Path
    pages: int
    for_review: int


def _part(progress: Progress, low: int, high: int) -> Progress:
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(low + (high - low) * done // max(total, 1), 100)

    return report


def export_family(
    session: Session,
    wanted: str,
    folder: Path,
    render_pdf: Callable[[SubjectAccess, Progress], tuple[bytes, int]],
    *,
    progress: Progress = None,
) -> ExportResult:
    """The whole action: gather, print the PDF (render_pdf: the app's printer), write both
    files whole into folder, and record the export. progress(done, 100) may raise to cancel,
    up to the moment the files are published; nothing is left behind then."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ServiceError(f"The folder {folder} does not exist. Nothing was written.")
    sar = gather(session, wanted, progress=_part(progress, 0, 40))
    pdf, pages = render_pdf(sar, _part(progress, 40, 90))
    data = json_bytes(sar)
    check = (lambda: progress(95, 100)) if progress is not None else None
    written = write_export(session, sar, folder, {".pdf": pdf, ".json": data}, before_publish=check)
    if progress is not None:
        with contextlib.suppress(Exception):  # too late to cancel: the files are written
            progress(100, 100)
    return ExportResult(
        sar.family_id,
        sar.reference,
        sar.display_name,
        written[0],
        written[1],
        pages,
        sar.review_count(),
    )

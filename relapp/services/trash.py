"""Mistakes undone: the trash, and "entered in error".

What may simply go (a visit recorded by mistake, a draft reflection, a family added twice, a
barrier or change test) is **moved to the trash**: a tombstone version, restorable. What must
stay on record because others may have seen it or it fed figures (a check-in, which trends,
alerts and reports read) is **marked entered in error**: also a tombstone, so every list,
trend, alert, count and report leaves it out as it leaves out the trash, but with the reason
kept on it, shown in the trash as "entered in error", listed in a subject access export, and
never emptied away. Both keep every earlier version in the record's history; both are undone
by putting the record back, which clears the mark in a new version. Both sync as ordinary
events, so a record removed on one laptop is removed on every laptop that holds it.

Only the person who wrote a record removes it. Refusals are sentences (ServiceError).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from relapp.domain.records import REMOVABLE_KINDS
from relapp.services.errors import ServiceError
from relapp.services.profile import Session
from relapp.store.vault import Record, RecordNotFound

TRASH, ERROR = "trash", "error"

ERROR_REASONS = {
    "wrong_family": "Recorded against the wrong family",
    "wrong_date": "The wrong date or time",
    "wrong_answers": "The wrong answers",
    "duplicate": "Recorded twice",
    "other": "Another reason",
}
KIND_NAMES = {
    "family": "family",
    "visit": "visit",
    "reflection": "reflection",
    "checkin": "check-in",
    "barrier": "barrier",
    "change_test": "change test",
}
NOTE_LIMIT = 500


@dataclass(frozen=True)
class Removal:
    """How a record can be removed (``how``: TRASH or ERROR), or why it cannot (``how``
    None, ``why_not`` a sentence)."""

    how: str | None
    why_not: str = ""


def removal_for(session: Session, record: Record) -> Removal:
    if record.error:
        return Removal(None, "This record cannot be read, so it cannot be removed here.")
    if record.deleted:
        return Removal(None, "This record is in the trash already.")
    if record.kind not in REMOVABLE_KINDS:
        return Removal(None, "Records of this kind stay on record.")
    if record.author != session.vault.member_id:
        return Removal(None, "Only the person who recorded this can remove it.")
    if record.kind == "checkin":
        return Removal(ERROR)
    if record.kind == "reflection" and record.data.get("status") != "draft":
        return Removal(None, "A submitted reflection stays on record for supervision.")
    if record.kind == "visit" and _submitted_reflections_of(session, record.id):
        return Removal(
            None, "A submitted reflection belongs to this visit, so the visit stays on record."
        )
    if record.kind == "family" and _hanging_from(session, record.id):
        return Removal(
            None,
            "This family has visits, reflections or check-ins. Remove those first, or ask "
            "for the family to be erased.",
        )
    return Removal(TRASH)


def _submitted_reflections_of(session: Session, visit_id: str) -> bool:
    return any(
        r.data.get("visit_id") == visit_id and r.data.get("status") != "draft"
        for r in session.records.iter("reflection")
        if not r.error
    )


def _hanging_from(session: Session, family_id: str) -> bool:
    return any(
        True
        for kind in ("visit", "reflection", "checkin", "agreement")
        for _record in session.records.iter(kind, parent_id=family_id)
    )


def _mark(session: Session, how: str, reason: str, note: str) -> dict[str, Any]:
    return {
        "how": how,
        "reason": reason,
        "note": note.strip()[:NOTE_LIMIT],
        "at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "by": session.vault.member_id,
    }


def _current(session: Session, record_id: str) -> Record:
    try:
        return session.records.get(record_id)
    except RecordNotFound:
        raise ServiceError("That record is not here any more: nothing was changed.") from None


def move_to_trash(session: Session, record_id: str) -> Record:
    record = _current(session, record_id)
    removal = removal_for(session, record)
    if removal.how != TRASH:
        raise ServiceError(
            removal.why_not or "This record must stay on record: mark it entered in error."
        )
    data = {**record.data, "removed": _mark(session, TRASH, "mistake", "")}
    return session.vault.delete(record_id, data=data)


def mark_entered_in_error(session: Session, record_id: str, reason: str, note: str = "") -> Record:
    if reason not in ERROR_REASONS:
        raise ServiceError("Choose why this was entered in error.")
    if reason == "other" and not note.strip():
        raise ServiceError("Say in a few words why this was entered in error.")
    record = _current(session, record_id)
    removal = removal_for(session, record)
    if removal.how is None:
        raise ServiceError(removal.why_not)
    data = {**record.data, "removed": _mark(session, ERROR, reason, note)}
    return session.vault.delete(record_id, data=data)


def put_back(session: Session, record_id: str) -> Record:
    """Restore a record from the trash or from "entered in error" (the undo of both)."""
    record = _current(session, record_id)
    if not record.deleted:
        return record
    if record.author != session.vault.member_id:
        raise ServiceError("Only the person who recorded this can put it back.")
    data = {k: v for k, v in record.data.items() if k != "removed"}
    return session.vault.restore(record_id, data=data)


@dataclass(frozen=True)
class TrashItem:
    record_id: str
    kind: str  # "check-in", "visit", ...
    title: str  # "The Okafor family"; a check-in's instrument and family; a draft's title
    day: str  # the ISO date the record is about ("" when it has none)
    how: str  # TRASH or ERROR
    reason: str  # a sentence ("" for the trash)
    note: str
    when: str  # ISO date and time it was removed ("" when not known)


def how_removed(record: Record) -> tuple[str, str, str, str]:
    """(how, reason sentence, note, when) for a record in the trash. A record deleted before
    marks were kept (or by an older laptop) counts as moved to the trash."""
    mark = record.data.get("removed")
    if not isinstance(mark, dict):
        return TRASH, "", "", record.updated_at
    how = ERROR if mark.get("how") == ERROR else TRASH
    reason = ERROR_REASONS.get(str(mark.get("reason")), "") if how == ERROR else ""
    return how, reason, str(mark.get("note") or ""), str(mark.get("at") or record.updated_at)


def trash_items(session: Session) -> list[TrashItem]:
    """This person's removed records, newest first."""
    me = session.vault.member_id
    records = [
        r
        for r in session.vault.trash()
        if r.kind in REMOVABLE_KINDS and r.author == me and not r.error
    ]
    names = _family_names(session, records)
    items = []
    for record in records:
        how, reason, note, when = how_removed(record)
        items.append(
            TrashItem(
                record.id,
                KIND_NAMES[record.kind],
                _title(session, record, names),
                str(record.data.get("when") or "")[:10],
                how,
                reason,
                note,
                when,
            )
        )
    items.sort(key=lambda item: item.when, reverse=True)
    return items


def _family_names(session: Session, records: list[Record]) -> dict[str, str]:
    wanted = {r.data.get("family_id") for r in records} | {
        r.id for r in records if r.kind == "family"
    }
    names = {}
    for family_id in wanted:
        if not isinstance(family_id, str):
            continue
        try:
            family = session.records.get(family_id)
        except RecordNotFound:
            continue
        if not family.error:
            names[family_id] = str(
                family.data.get("display_name") or family.data.get("reference") or ""
            )
    return names


def _title(session: Session, record: Record, names: dict[str, str]) -> str:
    data = record.data
    family = names.get(str(data.get("family_id") or record.id), "")
    if record.kind == "family":
        return family or "A family"
    if record.kind == "checkin":
        instrument = session.definitions.instruments.get(str(data.get("instrument_id")))
        what = instrument.title if instrument else ""
        return ", ".join(part for part in (what, family) if part) or "A check-in"
    if record.kind == "visit":
        return family or "A visit"
    if record.kind == "reflection":
        return str(data.get("title") or "") or ", ".join(p for p in ("Reflection", family) if p)
    if record.kind == "barrier":
        return str(data.get("description") or "")[:80] or "A barrier"
    return str(data.get("title") or "") or "A change test"

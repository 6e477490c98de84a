"""Unfinished forms: what an editor shows and has not saved as its record yet.

A visit whose family is not chosen yet, a check-in half answered: neither is a valid record,
and neither may be lost to a lock, a Back, a crash or a kill. Each editor keeps what it shows
here as the person types (a pause after the last key, and at once on a lock or Back), and
clears it once the record is saved or the person discards it. Today lists what is kept
("Unfinished"), and an editor opened on the same record brings it back.

They are stored as `unsent_text` records, like feedback typed but not sent: only the author's
own laptops ever receive them (relapp.sync.engine.audience_for), and an erasure of a record
their context names erases them too (relapp.store.erasure). The context is
"form:<editor>:<record id>:<family id>"; the text is the form as JSON. The record id depends
on the editor and the record only, so choosing a family later keeps one record.

Which editor was open when the profile locked is kept in the vault too (not in the settings
file, which is not encrypted), so the next unlock opens it again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from relapp.crypto.digest import sha256_hex
from relapp.services.records import RecordService
from relapp.store import syncstate
from relapp.store.vault import RecordNotFound

KIND = "unsent_text"
PREFIX = "form:"
OPEN_AT_LOCK = "ui_open_at_lock"


@dataclass(frozen=True, slots=True)
class Unfinished:
    editor: str  # "visit", "checkin", ...
    record_id: str  # the record the form is for (chosen when the form was started)
    family_id: str
    family_name: str
    state: dict[str, Any]
    updated_at: str


def _record_id(editor: str, record_id: str) -> str:
    return "unsent-" + sha256_hex(f"{PREFIX}{editor}:{record_id}".encode())[:32]


def keep(
    records: RecordService,
    editor: str,
    record_id: str,
    state: dict[str, Any],
    family_id: str = "",
) -> None:
    """Keep what the form shows (a JSON-able dict). Unchanged, it writes nothing."""
    context = f"{PREFIX}{editor}:{record_id}:{family_id}".rstrip(":")
    text = json.dumps(state, sort_keys=True, ensure_ascii=False, default=str)
    rid = _record_id(editor, record_id)
    try:
        held = records.vault.get(rid)
        if held.data.get("text") == text and held.data.get("context") == context:
            return
    except RecordNotFound:
        pass
    records.save(KIND, {"context": context, "text": text}, record_id=rid)


def load(records: RecordService, editor: str, record_id: str) -> dict[str, Any] | None:
    """What was kept for this form, or None."""
    try:
        held = records.vault.get(_record_id(editor, record_id))
    except RecordNotFound:
        return None
    return _state(held.data)


def discard(records: RecordService, editor: str, record_id: str) -> None:
    """The record was saved, or the person let the form go."""
    rid = _record_id(editor, record_id)
    try:
        held = records.vault.get(rid)
    except RecordNotFound:
        return
    if held.data.get("text"):
        records.save(KIND, {"context": held.data.get("context", ""), "text": ""}, record_id=rid)


def _state(data: dict[str, Any]) -> dict[str, Any] | None:
    text = str(data.get("text") or "")
    if not text:
        return None
    try:
        state = json.loads(text)
    except ValueError:
        return None
    return state if isinstance(state, dict) else None


def listed(records: RecordService) -> list[Unfinished]:
    """Every unfinished form on this laptop, the latest change first (for Today)."""
    found: list[tuple[Any, dict[str, Any], list[str]]] = []
    for record in records.vault.iter(KIND):
        if record.error is not None:
            continue
        context = str(record.data.get("context") or "")
        if not context.startswith(PREFIX):
            continue
        state = _state(record.data)
        parts = context[len(PREFIX) :].split(":")
        if state is None or len(parts) < 2:
            continue
        found.append((record, state, parts))
    family_ids = {parts[2] for _r, _s, parts in found if len(parts) > 2 and parts[2]}
    families = records.vault.get_many(family_ids, author=False) if family_ids else {}
    out = []
    for record, state, parts in found:
        family_id = parts[2] if len(parts) > 2 else ""
        family = families.get(family_id)
        name = ""
        if family is not None and family.error is None and not family.deleted:
            name = str(family.data.get("display_name") or family.data.get("reference") or "")
        out.append(Unfinished(parts[0], parts[1], family_id, name, state, record.updated_at))
    out.sort(key=lambda u: u.updated_at, reverse=True)
    return out


def remember_open(records: RecordService, page: str, record_id: str) -> None:
    """At a lock: the editor in front (a page and a record id), to open again at unlock."""
    syncstate.set_meta(records.vault, OPEN_AT_LOCK, f"{page}:{record_id}" if page else "")


def take_open(records: RecordService) -> tuple[str, str] | None:
    """The editor that was in front at the last lock (once: it is forgotten as it is read)."""
    value = syncstate.get_meta(records.vault, OPEN_AT_LOCK) or ""
    if not value:
        return None
    syncstate.set_meta(records.vault, OPEN_AT_LOCK, "")
    page, _sep, record_id = value.partition(":")
    return (page, record_id) if page and record_id else None

"""Words typed but not sent yet (feedback, replies): kept in the vault, so neither a lock
nor a crash loses them. One record per place they were typed, never sent to anyone else."""

from __future__ import annotations

from relapp.crypto.digest import sha256_hex
from relapp.services.records import RecordService
from relapp.store.vault import RecordNotFound

KIND = "unsent_text"


def _record_id(context: str) -> str:
    return "unsent-" + sha256_hex(context.encode())[:32]


def load(records: RecordService, context: str) -> str:
    try:
        record = records.vault.get(_record_id(context))
    except RecordNotFound:
        return ""
    return str(record.data.get("text", ""))


def keep(records: RecordService, context: str, text: str) -> None:
    """Store the words for this place; empty words clear it. Unchanged words write nothing."""
    if load(records, context) == text:
        return
    records.save(KIND, {"context": context, "text": text}, record_id=_record_id(context))


def discard(records: RecordService, context: str) -> None:
    keep(records, context, "")

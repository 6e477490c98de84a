"""What the Sync page needs from the vault beyond syncstate: the versions a conflict names,
by their event ids."""

from __future__ import annotations

from dataclasses import dataclass

from relapp.store.vault import Record, Vault


@dataclass(frozen=True)
class EventVersion:
    event_id: str
    device_id: str
    hlc: str
    record: Record  # that version, decrypted; .error set if it cannot be opened


def versions_by_event(vault: Vault, event_ids: list[str]) -> dict[str, EventVersion]:
    """The versions with these event ids (ids that are not in the vault are left out)."""
    if not event_ids:
        return {}
    marks = ", ".join("?" for _ in event_ids)
    with vault.reading() as conn:
        rows = conn.execute(
            "SELECT v.event_id, v.device_id, v.hlc, v.record_id, v.kind, v.version,"
            " r.created_at, v.created_at, v.author, v.deleted, r.parent_id, v.body"
            " FROM record_versions v JOIN records r ON r.id = v.record_id"
            f" WHERE v.event_id IN ({marks})",
            list(event_ids),
        ).fetchall()
    return {
        row[0]: EventVersion(row[0], row[1] or "", row[2] or "", vault.decode(row[3:]))
        for row in rows
    }

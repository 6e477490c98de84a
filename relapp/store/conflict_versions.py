"""What the Sync page needs from the vault beyond syncstate: the versions a conflict names
(by their event ids), and which kinds of record a sync pass brought in."""

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


def version_mark(vault: Vault) -> int:
    """A point in the vault's list of versions, to ask later what arrived after it."""
    with vault.reading() as conn:
        row = conn.execute("SELECT coalesce(max(rowid), 0) FROM record_versions").fetchone()
    return int(row[0])


def kinds_received_since(vault: Vault, mark: int) -> set[str]:
    """Kinds of record that gained a version after `mark` (during a sync pass: received
    ones, including this device's own brought back from its folder after a restore)."""
    with vault.reading() as conn:
        rows = conn.execute(
            "SELECT DISTINCT kind FROM record_versions WHERE rowid > ?", (mark,)
        ).fetchall()
    return {r[0] for r in rows}

"""This laptop's own events: the versions written here waiting to be sent, marking them sent,
and how far each device's bundles have been published and read."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from relapp.domain.hlc import Timestamp
from relapp.store.vault import Vault, decode_body


@dataclass(frozen=True)
class DeviceProgress:
    device_id: str
    last_seq: int
    last_digest: str
    max_seen_seq: int


def hlc_to_iso(hlc: str) -> str:
    return iso_of(Timestamp.decode(hlc))


def iso_of(stamp: Timestamp) -> str:
    return datetime.fromtimestamp(stamp.millis / 1000, UTC).isoformat(timespec="microseconds")


def unpublished_events(
    vault: Vault, limit: int = 5000, carried: Collection[str] = ()
) -> list[dict[str, Any]]:
    """This device's versions not yet in a bundle, decrypted, oldest first; with ``carried``
    (retired laptops whose history this one re-publishes), theirs waiting to go again too."""
    return _own_events(vault, published=0, limit=limit, carried=carried)


def published_events(vault: Vault, carried: Collection[str] = ()) -> list[dict[str, Any]]:
    """Every version this device wrote and sent, and those of the retired laptops it carries:
    what its snapshot holds."""
    return _own_events(vault, published=1, limit=-1, carried=carried)


def republish(vault: Vault, device_id: str) -> int:
    """A retired laptop this one carries: its versions held here go out again, from this
    laptop's own folder (they keep their author, laptop and event ids). Returns how many."""
    with vault.writing() as conn:
        return conn.execute(
            "UPDATE record_versions SET published = 0 WHERE device_id = ?", (device_id,)
        ).rowcount


def _own_events(
    vault: Vault, *, published: int, limit: int, carried: Collection[str] = ()
) -> list[dict[str, Any]]:
    devices = [vault.device_id_cached, *sorted(set(carried) - {vault.device_id_cached})]
    marks = ",".join("?" * len(devices))
    with vault.reading() as conn:
        rows = conn.execute(
            "SELECT v.record_id, v.kind, v.author, v.deleted, v.body, v.event_id,"
            " v.hlc, v.parent_event, r.parent_id, v.device_id FROM record_versions v"
            " JOIN records r ON r.id = v.record_id"
            f" WHERE v.published = ? AND v.device_id IN ({marks}) ORDER BY v.hlc LIMIT ?",
            (published, *devices, limit),
        ).fetchall()
        resolutions: dict[str, list[str]] = {}
        for event_id, settled in conn.execute("SELECT event_id, resolves FROM sync_resolutions"):
            resolutions.setdefault(event_id, []).append(settled)
    events = []
    for rid, kind, author, deleted, body, event_id, hlc, parent_event, parent_id, device in rows:
        data = decode_body(body)
        events.append(
            {
                "id": event_id,
                "record": rid,
                "kind": kind,
                "hlc": hlc,
                "author": author,
                "device": device,
                "parent": parent_event,
                "parent_id": parent_id,
                "deleted": bool(deleted),
                "data": data,
                "resolves": sorted(resolutions.get(event_id, [])),
            }
        )
    return events


def mark_published(vault: Vault, event_ids: list[str], seq: int, digest: str) -> None:
    with vault.writing() as conn:
        conn.executemany(
            "UPDATE record_versions SET published = 1 WHERE event_id = ?",
            [(e,) for e in event_ids],
        )
        set_progress(vault, vault.device_id_cached, seq, digest)


def set_progress(vault: Vault, device_id: str, seq: int, digest: str) -> None:
    vault.current_transaction().execute(
        "INSERT INTO sync_devices(device_id, last_seq, last_digest, max_seen_seq)"
        " VALUES (?, ?, ?, ?) ON CONFLICT(device_id) DO UPDATE SET last_seq = excluded.last_seq,"
        " last_digest = excluded.last_digest,"
        " max_seen_seq = max(max_seen_seq, excluded.max_seen_seq)",
        (device_id, seq, digest, seq),
    )


def note_seen(vault: Vault, device_id: str, seq: int) -> None:
    with vault.writing() as conn:
        conn.execute(
            "INSERT INTO sync_devices(device_id, last_seq, last_digest, max_seen_seq)"
            " VALUES (?, 0, '', ?) ON CONFLICT(device_id) DO UPDATE SET"
            " max_seen_seq = max(max_seen_seq, excluded.max_seen_seq)",
            (device_id, seq),
        )


def progress(vault: Vault) -> dict[str, DeviceProgress]:
    with vault.reading() as conn:
        rows = conn.execute(
            "SELECT device_id, last_seq, last_digest, max_seen_seq FROM sync_devices"
        ).fetchall()
    return {r[0]: DeviceProgress(r[0], r[1], r[2] or "", r[3]) for r in rows}

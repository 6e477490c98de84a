"""Helpers the fault, convergence and access tests share: device folders, bundle files and a
comparable picture of what a vault holds."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from relapp.store import syncstate
from relapp.store.vault import Vault
from relapp.sync import bundle as bundles
from relapp.sync.engine import team_folder_for


def team_root(session) -> Path:  # noqa: ANN001
    return team_folder_for(session.vault).root


def bundle_dir(session, owner=None) -> Path:  # noqa: ANN001
    """The bundles folder of owner's device, as seen from session's team folder."""
    owner = owner or session
    return team_folder_for(session.vault).bundles_dir(owner.vault.device_id)


def rlb_files(folder: Path) -> list[Path]:
    """Valid-looking bundle names in a folder, in sequence order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if bundles.NAME_PATTERN.match(p.name))


def renamed_for(data: bytes, seq: int) -> str:
    """The valid name a file with these bytes would have at this sequence number."""
    return f"{seq:010d}-{hashlib.sha256(data).hexdigest()[:16]}.rlb"


def family(session, name: str = "The Lark family", ref: str = "EH-1"):  # noqa: ANN001
    return session.records.save("family", {"reference": ref, "display_name": name})


def edit_family(session, record_id: str, name: str, **extra: Any):  # noqa: ANN001
    current = session.vault.get(record_id)
    data = {**current.data, "display_name": name, **extra}
    return session.records.save("family", data, record_id=record_id)


def event_ids_of(vault: Vault, record_id: str) -> set[str]:
    with vault._lock:
        return {
            r[0]
            for r in vault._conn.execute(
                "SELECT event_id FROM record_versions WHERE record_id = ?", (record_id,)
            )
        }


def version_data(vault: Vault, event_id: str) -> dict[str, Any]:
    """The data of the version with this event id (not necessarily the head)."""
    with vault._lock:
        record_id, version = vault._conn.execute(
            "SELECT record_id, version FROM record_versions WHERE event_id = ?", (event_id,)
        ).fetchone()
    for record in vault.history(record_id):
        if record.version == version:
            return record.data
    raise AssertionError(event_id)


def open_conflicts(vault: Vault) -> set[tuple[str, frozenset[str]]]:
    return {
        (c.record_id, frozenset((c.event_id, c.other_event))) for c in syncstate.conflicts(vault)
    }


def picture(vault: Vault) -> dict[str, Any]:
    """For every record: head data, deleted flag, event ids and open conflicts."""
    with vault._lock:
        ids = [r[0] for r in vault._conn.execute("SELECT id FROM records ORDER BY id")]
    conflicts = open_conflicts(vault)
    out = {}
    for rid in ids:
        head = vault.get(rid)
        out[rid] = {
            "kind": head.kind,
            "data": head.data,
            "deleted": head.deleted,
            "head": syncstate.head_event(vault, rid),
            "events": frozenset(event_ids_of(vault, rid)),
            "conflicts": frozenset(pair for r, pair in conflicts if r == rid),
        }
    return out


def all_shared_bytes(root: Path) -> list[tuple[Path, bytes]]:
    """Every file under the shared folder, read as bytes (temporaries included)."""
    return [(p, p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()]

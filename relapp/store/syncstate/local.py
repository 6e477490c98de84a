"""What sync keeps on this laptop beside the records: quarantined files, sync settings and the
team's files as last read, the events held, and who wrote a record."""

from __future__ import annotations

import base64
import json

from relapp.store.vault import Vault, utc_now


def quarantine(vault: Vault, path: str, reason: str) -> None:
    with vault.writing() as conn:
        conn.execute(
            "INSERT INTO sync_quarantine(path, reason, first_seen) VALUES (?, ?, ?)"
            " ON CONFLICT(path) DO UPDATE SET reason = excluded.reason",
            (path, reason, utc_now()),
        )


def release_quarantine(vault: Vault, path: str) -> None:
    with vault.writing() as conn:
        conn.execute("DELETE FROM sync_quarantine WHERE path = ?", (path,))


def quarantined(vault: Vault) -> list[tuple[str, str, str]]:
    with vault.reading() as conn:
        return conn.execute(
            "SELECT path, reason, first_seen FROM sync_quarantine ORDER BY first_seen"
        ).fetchall()


def waiting_count(vault: Vault) -> int:
    with vault.reading() as conn:
        return int(
            conn.execute(
                "SELECT count(*) FROM record_versions WHERE published = 0 AND device_id = ?",
                (vault.device_id_cached,),
            ).fetchone()[0]
        )


def set_meta(vault: Vault, key: str, value: str) -> None:
    with vault.writing() as conn:
        conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def remembered_team_files(vault: Vault, key: str = "team_files") -> dict[str, bytes]:
    """The team files this laptop accepted ("device/name" -> bytes): signed and public, kept
    so a file deleted from the drive is still known. ``key`` "county_files": the county's."""
    raw = get_meta(vault, key)
    if not raw:
        return {}
    return {name: base64.b64decode(value) for name, value in json.loads(raw).items()}


def remember_team_files(vault: Vault, files: dict[str, bytes], key: str = "team_files") -> None:
    """Add accepted team (or county) files to what this laptop remembers (never forgets one)."""
    known = remembered_team_files(vault, key)
    if set(files) <= set(known):
        return
    known.update(files)
    set_meta(
        vault,
        key,
        json.dumps({k: base64.b64encode(v).decode() for k, v in sorted(known.items())}),
    )


def get_meta(vault: Vault, key: str) -> str | None:
    return vault.meta(key)


def event_ids(vault: Vault) -> set[str]:
    with vault.reading() as conn:
        return {r[0] for r in conn.execute("SELECT event_id FROM record_versions")}


def owner_of(vault: Vault, record_id: str) -> str | None:
    """The member who first wrote a record (the practitioner it belongs to)."""
    with vault.reading() as conn:
        row = conn.execute(
            # The author of the first version: the one built on nothing (not the lowest clock:
            # a supervisor's laptop a year behind would otherwise "own" the family it edits,
            # and the practitioner would never receive the edit).
            "SELECT author FROM record_versions WHERE record_id = ?"
            " ORDER BY parent_event IS NOT NULL, hlc LIMIT 1",
            (record_id,),
        ).fetchone()
    return row[0] if row else None


def adopt_member_id(vault: Vault, member_id: str) -> None:
    """A device approved as another laptop of an existing member writes as that member.

    Versions this laptop wrote before it learnt of its approval carry its provisional member
    id: they are rewritten under the member's id, or every other device would refuse their
    bundle as written by someone else."""
    with vault.writing() as conn:
        old = vault.meta("member_id") or ""
        conn.execute(
            "UPDATE record_versions SET author = ? WHERE author = ? AND device_id = ?",
            (member_id, old, vault.device_id_cached),
        )
        conn.execute(
            "INSERT INTO meta(key, value) VALUES ('member_id', ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (member_id,),
        )
    vault.forget_cached_identity()

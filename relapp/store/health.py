"""Read-only facts about a profile's vault file, for `relapp doctor`. Opens nothing for writing."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from relapp.paths import DB_NAME


@dataclass(frozen=True)
class ProfileHealth:
    integrity: str  # "ok", or SQLite's first complaint
    schema_version: int
    record_count: int
    passphrase_kdf: dict[str, object] | None = None  # the stored Argon2id parameters


def inspect_profile(folder: Path) -> ProfileHealth:
    """Integrity check, schema version and record count of the vault in folder (read-only)."""
    conn = sqlite3.connect(f"file:{Path(folder) / DB_NAME}?mode=ro", uri=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        count = conn.execute("SELECT count(*) FROM records").fetchone()[0]
        slot = conn.execute("SELECT params FROM keyslots WHERE kind = 'passphrase'").fetchone()
    finally:
        conn.close()
    params = json.loads(slot[0]) if slot else None
    return ProfileHealth(str(integrity), int(version), int(count), params)

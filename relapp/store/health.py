"""Facts about a profile's vault, for `relapp doctor`. Opens nothing for writing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relapp.paths import DB_NAME
from relapp.store.audit import verify_connection
from relapp.store.db import connect, database_errors, is_plain
from relapp.store.keyfile import KeyFile


@dataclass(frozen=True)
class ProfileHealth:
    integrity: str  # "ok", SQLite's first complaint, or "" when it was not checked (no key)
    schema_version: int  # -1 when it was not read (no key)
    record_count: int
    passphrase_kdf: dict[str, object] | None = None  # the stored Argon2id parameters
    encrypted: bool = True
    audit: str = ""  # the audit trail's chain: "" when not checked, else what was found
    audit_ok: bool = True


def inspect_profile(folder: Path, key: bytes | None = None) -> ProfileHealth:
    """The key file's parameters, and with the vault key the database's integrity, schema
    version and record count (the database is encrypted: without the key only its key file
    can be read)."""
    folder = Path(folder)
    path = folder / DB_NAME
    if is_plain(path):  # a profile from before encryption, not yet unlocked since
        conn = connect(path, None)
        try:
            integrity, version, count = _facts(conn)
            keys = KeyFile.from_plain_database(folder, conn)
        finally:
            conn.close()
        return ProfileHealth(integrity, version, count, _params(keys), False)
    keys = KeyFile.load(folder)
    if key is None:
        return ProfileHealth("", -1, -1, _params(keys))
    conn = connect(path, key)
    try:
        integrity, version, count = _facts(conn)
        has_audit = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit'"
        ).fetchone()
        audit_ok, audit_text = verify_connection(conn) if has_audit else (True, "")
    finally:
        conn.close()
    return ProfileHealth(integrity, version, count, _params(keys), True, audit_text, audit_ok)


def _facts(conn: Any) -> tuple[str, int, int]:
    """Integrity check, schema version and record count, read from an open connection."""
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except database_errors() as exc:
        # A damaged page the check itself must read (the search index's own check reads its
        # tables) stops it with an error instead of a report: that is the finding.
        return str(exc), -1, -1
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    count = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    return str(integrity), int(version), int(count)


def _params(keys: KeyFile) -> dict[str, object] | None:
    slot = keys.slots.get("passphrase")
    return json.loads(slot.params) if slot else None

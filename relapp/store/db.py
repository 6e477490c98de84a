"""Opening the vault's SQLite file with the settings every connection needs."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000


def private_file(path: Path) -> None:
    """Make a file readable by its owner only (no-op where POSIX modes do not apply)."""
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN IMMEDIATE ourselves so a write never upgrades a
    # read lock halfway through (the classic SQLITE_BUSY trap).
    old_umask = os.umask(0o077) if os.name == "posix" else None
    try:
        conn = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Freed pages are zeroed so deleted ciphertext does not linger in the file.
        conn.execute("PRAGMA secure_delete = ON")
    finally:
        if old_umask is not None:
            os.umask(old_umask)
    for suffix in ("", "-wal", "-shm"):
        private_file(Path(str(path) + suffix))
    return conn

"""Opening the vault's database with the settings every connection needs.

The database is SQLCipher 4 (through ``sqlcipher3``), keyed with the profile's random 256-bit
vault key given raw (``x'…'``), so SQLCipher's own passphrase derivation is skipped: the
passphrase is stretched once, with Argon2id, to open the key ring beside the database.
A profile written before the database was encrypted is a plain SQLite file; it is opened
plain only to read its key ring and to copy it into an encrypted file at first unlock.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

BUSY_TIMEOUT_MS = 10_000
PLAIN_HEADER = b"SQLite format 3\x00"


def private_file(path: Path) -> None:
    """Make a file readable by its owner only (no-op where POSIX modes do not apply)."""
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def is_plain(path: Path) -> bool:
    """True for an unencrypted SQLite file (a profile from before encryption)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == PLAIN_HEADER
    except OSError:
        return False


def sqlcipher() -> Any:
    """The sqlcipher3 DB-API module (imported when a vault is first opened, not at start)."""
    from sqlcipher3 import dbapi2

    return dbapi2


def database_errors() -> tuple[type[Exception], ...]:
    return (sqlite3.DatabaseError, sqlcipher().DatabaseError)


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _casefold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def connect(path: Path, key: bytes | None) -> Any:
    """A connection to the vault file: encrypted with ``key``, or a plain one with None.

    Raises a DatabaseError ("file is not a database") when the key does not open the file."""
    # isolation_level=None: we issue BEGIN IMMEDIATE ourselves so a write never upgrades a
    # read lock halfway through (the classic SQLITE_BUSY trap).
    old_umask = os.umask(0o077) if os.name == "posix" else None
    try:
        module = sqlite3 if key is None else sqlcipher()
        conn = module.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
        try:
            if key is not None:
                conn.execute("PRAGMA cipher_log_level = NONE")
                conn.execute(key_pragma(key))
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
        # Lists filter on words as Python compares them (SQLite's lower() knows only ASCII).
        conn.create_function("casefold", 1, _casefold, deterministic=True)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Freed pages are zeroed so deleted content does not linger in the file.
        conn.execute("PRAGMA secure_delete = ON")
    finally:
        if old_umask is not None:
            os.umask(old_umask)
    for suffix in ("", "-wal", "-shm"):
        private_file(Path(str(path) + suffix))
    return conn


def export_encrypted(plain: Path, target: Path, key: bytes) -> None:
    """Write an encrypted copy of a plain SQLite file (schema, rows and user_version)."""
    for leftover in (target, Path(f"{target}-journal")):
        leftover.unlink(missing_ok=True)
    source = sqlcipher().connect(str(plain), isolation_level=None)
    try:
        version = int(source.execute("PRAGMA user_version").fetchone()[0])
        source.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(target),))
        source.execute("SELECT sqlcipher_export('encrypted')")
        source.execute(f"PRAGMA encrypted.user_version = {version}")
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()
    private_file(target)


def encrypt_plain_file(path: Path, key: bytes) -> None:
    """Replace a plain SQLite file (a backup from before encryption) by an encrypted copy."""
    staging = path.with_name(path.name + ".encrypting")
    export_encrypted(path, staging, key)
    os.replace(staging, path)


def copy_database(conn: Any, target: Path, key: bytes | None) -> None:
    """SQLite's online backup of conn into target: encrypted with key, or plain with None."""
    old_umask = os.umask(0o077) if os.name == "posix" else None
    try:
        module = sqlite3 if key is None else sqlcipher()
        dest = module.connect(str(target))
    finally:
        if old_umask is not None:
            os.umask(old_umask)
    try:
        if key is not None:
            dest.execute(key_pragma(key))
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    private_file(target)


# Pages copied per step of a snapshot copy (4 MiB, some 50 ms): how soon a copy stops when
# it is asked to.
SNAPSHOT_STEP_PAGES = 1024


class CopyStopped(Exception):
    """A snapshot copy was asked to stop (the profile is being locked, or an erasure needs
    the backups); nothing of it is left."""


def copy_snapshot(source: Path, target: Path, key: bytes, stop: Callable[[], bool]) -> None:
    """Copy the database file at source into target, encrypted with the same key, from one
    read snapshot on a connection of its own, a few MiB at a time, asking `stop()` between
    steps.

    The vault's own connection goes on reading and writing meanwhile: in WAL mode a snapshot
    held open is not disturbed by other connections' writes, so the copy never restarts (a
    step-wise backup without one starts again at every write) and it is the database as it
    was when the copy began."""
    conn = connect(source, key)
    try:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot
        old_umask = os.umask(0o077) if os.name == "posix" else None
        try:
            dest = sqlcipher().connect(str(target))
        finally:
            if old_umask is not None:
                os.umask(old_umask)
        try:
            dest.execute(key_pragma(key))

            def step(_status: int, _remaining: int, _total: int) -> None:
                if stop():
                    raise CopyStopped

            conn.backup(dest, pages=SNAPSHOT_STEP_PAGES, progress=step, sleep=0)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        conn.execute("COMMIT")
    except BaseException:
        for leftover in (target, Path(f"{target}-journal")):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        conn.close()
    private_file(target)

"""Opening the vault's database with the settings every connection needs.

The database is SQLCipher 4 (through ``sqlcipher3``), keyed with the profile's random 256-bit
vault key given raw (``x'…'``), so SQLCipher's own passphrase derivation is skipped: the
passphrase is stretched once, with Argon2id, to open the key ring beside the database.
A profile written before the database was encrypted is a plain SQLite file; it is opened
plain only to read its key ring and to copy it into an encrypted file at first unlock.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

BUSY_TIMEOUT_MS = 10_000
# Pages a connection keeps decrypted in memory, in KiB: SQLite's own default (sqlcipher3 is
# built with 8 MiB). Lists, Today and search read through indexes; at 100,000 records the
# larger cache changed none of them measurably (unlock -> Today 159 vs 149 ms, search p95
# 4.8 vs 5.2 ms, a list's first rows 10.9 vs 9.8 ms; medians of 6 interleaved rounds) and
# held some 5 MB more of a session's peak.
CACHE_KIB = 2000
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


# The MAC on every page. SQLCipher 4's default is HMAC-SHA512; Relapp's files use HMAC-SHA256,
# still a 256-bit tag (a forged page is as far out of reach), and far cheaper where it counts:
# SHA-256 has instructions of its own in laptop CPUs and SHA-512 does not, and every page read
# that is not in the cache is checked, so a page read cold costs about a third less (22.5 us
# against 13.7 us here, tests/benchmarks: what Today and a list's first click wait for after
# unlock). Files written before, with SQLCipher 4's defaults (LEGACY_HMAC), still open: the
# vault's own file is encrypted again at its first unlock (recipher), older backups as they
# are. A copy keeps the settings of its source (the page sizes must match).
CIPHER_HMAC = "HMAC_SHA256"
LEGACY_HMAC = "HMAC_SHA512"


def _key(conn: Any, key: bytes, hmac: str) -> None:
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(key_pragma(key))
    conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def open_keyed(opener: Callable[[], Any], key: bytes) -> Any:
    """A connection from opener() keyed with key: with Relapp's cipher settings, else (a file
    written before them) SQLCipher 4's defaults. Raises the first DatabaseError ("file is
    not a database") when neither opens it: another profile's key, or a damaged file."""
    first: Exception | None = None
    for hmac in (CIPHER_HMAC, LEGACY_HMAC):
        conn = opener()
        try:
            _key(conn, key, hmac)
            return conn
        except sqlcipher().DatabaseError as exc:
            conn.close()
            first = first or exc
        except BaseException:
            conn.close()
            raise
    assert first is not None
    raise first


def page_mac(conn: Any) -> str:
    """The page MAC an encrypted connection reads and writes with (CIPHER_HMAC, LEGACY_HMAC)."""
    return str(conn.execute("PRAGMA cipher_hmac_algorithm").fetchone()[0])


def _key_like(dest: Any, key: bytes, source: Any) -> None:
    """Key a new copy's connection with the source's settings: the backup API copies pages
    as they are laid out, so a copy has its source's page MAC."""
    dest.execute(key_pragma(key))
    dest.execute(f"PRAGMA cipher_hmac_algorithm = {page_mac(source)}")


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

        def opener() -> Any:
            return module.connect(
                str(path),
                isolation_level=None,
                check_same_thread=False,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )

        conn = opener() if key is None else open_keyed(opener, key)
        # Lists filter on words as Python compares them (SQLite's lower() knows only ASCII).
        conn.create_function("casefold", 1, _casefold, deterministic=True)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
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
        _export(source, target, key)
    finally:
        source.close()
    private_file(target)


def _export(
    source: Any, target: Path, key: bytes, progress: Callable[[], int] | None = None
) -> None:
    """sqlcipher_export of source's main database (schema, rows and user_version) into a new
    file at target, encrypted with key and Relapp's cipher settings, private from its first
    byte; `progress` is SQLite's progress handler meanwhile (every RECIPHER_TICK steps)."""
    version = int(source.execute("PRAGMA user_version").fetchone()[0])
    old_umask = os.umask(0o077) if os.name == "posix" else None
    try:
        source.execute(f"ATTACH DATABASE ? AS copy KEY \"x'{key.hex()}'\"", (str(target),))
    finally:
        if old_umask is not None:
            os.umask(old_umask)
    source.execute(f"PRAGMA copy.cipher_hmac_algorithm = {CIPHER_HMAC}")
    if progress is not None:
        source.set_progress_handler(progress, RECIPHER_TICK)
    try:
        source.execute("SELECT sqlcipher_export('copy')")
    finally:
        if progress is not None:
            source.set_progress_handler(None, 0)
    source.execute(f"PRAGMA copy.user_version = {version}")
    source.execute("DETACH DATABASE copy")


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
            _key_like(dest, key, conn)
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
            _key_like(dest, key, conn)

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


# SQLite steps between two progress reports while a file is encrypted again (a few ms each).
RECIPHER_TICK = 200_000


class RecipherFailed(Exception):
    """The file could not be encrypted again with Relapp's cipher settings (a full disk, a
    folder that cannot be written); it is as it was, and opens with its old settings."""


def recipher(
    path: Path,
    key: bytes,
    keep_as: Path,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Encrypt the database at path (written with LEGACY_HMAC) again with Relapp's cipher
    settings, and keep the file as it was at keep_as (a backup: a hard link, so it costs no
    copy where the folder allows one). `progress(done, total)`: bytes written so far.
    Raises RecipherFailed, the file as it was, when it cannot be done.

    Nothing of the file changes until an encrypted copy is complete and reads back with the
    same schema: the copy is written beside it and takes its name with one rename, after the
    old file has its second name, so a crash at any point leaves the old file or the new one,
    both whole. No other connection may be open on the file."""
    staging = path.with_name(path.name + ".recipher")

    def clear() -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{staging}{suffix}").unlink(missing_ok=True)

    try:
        clear()
        total = _export_new_cipher(path, staging, key, progress)
        private_file(staging)
        keep_as.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            os.link(path, keep_as)
        except FileExistsError:
            if not os.path.samefile(path, keep_as):  # linked already by a try cut short
                shutil.copyfile(path, keep_as)
        except OSError:  # a folder without hard links
            shutil.copyfile(path, keep_as)
        private_file(keep_as)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        os.replace(staging, path)
    except (OSError, RecipherFailed, *database_errors()) as exc:
        with contextlib.suppress(OSError):
            clear()
        raise RecipherFailed(str(exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            clear()
        raise
    if progress is not None:
        progress(total, total)


def _export_new_cipher(
    path: Path, staging: Path, key: bytes, progress: Callable[[int, int], None] | None
) -> int:
    """sqlcipher_export of the database at path into staging with CIPHER_HMAC, checked by
    reading it back; the size of the source, for progress."""
    source = connect(path, key)
    try:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = int(source.execute("PRAGMA user_version").fetchone()[0])
        schema = source.execute("SELECT type, name, sql FROM sqlite_master ORDER BY 2").fetchall()
        total = max(1, path.stat().st_size)

        def tick() -> int:
            if progress is not None:
                try:
                    done = staging.stat().st_size
                except OSError:
                    done = 0
                progress(min(done, total), total)
            return 0

        _export(source, staging, key, tick)
    finally:
        source.close()
    check = connect(staging, key)
    try:
        same = (
            page_mac(check) == CIPHER_HMAC
            and int(check.execute("PRAGMA user_version").fetchone()[0]) == version
            and check.execute("SELECT type, name, sql FROM sqlite_master ORDER BY 2").fetchall()
            == schema
        )
    finally:
        check.close()
    if not same:
        raise RecipherFailed("the new copy did not read back as the old file")
    return total

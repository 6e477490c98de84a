"""The local vault: one SQLCipher-encrypted SQLite file per profile.

The database is encrypted as a whole (pages are AES-256 encrypted and authenticated with
HMAC-SHA512, keyed with the random vault key), so records are stored as plain JSON inside it:
the database itself can sort, filter, count and search them. A record's newest version is
kept on its `records` row (with generated columns for what pages sort and filter by); every
version is kept in `record_versions`; a delete is a tombstone version.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from relapp.crypto.aead import Sealer
from relapp.crypto.kdf import KdfParams, tuned_params
from relapp.crypto.keyring import Keyring
from relapp.crypto.recovery import new_recovery_code
from relapp.domain.hlc import Clock
from relapp.paths import BACKUP_DIR, DB_NAME
from relapp.store import schema
from relapp.store.db import (
    CIPHER_HMAC,
    CopyStopped,
    RecipherFailed,
    connect,
    copy_database,
    copy_snapshot,
    database_errors,
    encrypt_plain_file,
    export_encrypted,
    is_plain,
    page_mac,
    private_file,
    recipher,
)
from relapp.store.keyfile import KeyFile, KeyFileError
from relapp.store.location import check_profile_location

# A record, its body and fields, and the store's errors are defined in record.py; the vault
# hands them out, so they can be imported from here as well.
from relapp.store.record import (
    SHARED,
    BackupStopped,
    Identity,
    Keep,
    NewRecord,
    Record,
    RecordNotFound,
    RecordUnreadable,
    TooManyAttempts,
    VaultError,
    VaultLocked,
    VersionConflict,
    WrongPassphrase,
    decode_body,
    encode_body,
    fields,
    new_id,
    utc_now,
)
from relapp.store.vault_keys import FAILURES_BEFORE_DELAY, MAX_DELAY_SECONDS, VaultKeys
from relapp.store.vault_reads import VaultReads
from relapp.store.vault_writes import IMPORT_ID_PREFIX, VaultWrites

__all__ = [
    "BackupStopped",
    "FAILURES_BEFORE_DELAY",
    "IMPORT_ID_PREFIX",
    "ITER_CHUNK",
    "Identity",
    "Keep",
    "MAX_DELAY_SECONDS",
    "NewRecord",
    "Record",
    "RecordNotFound",
    "RecordUnreadable",
    "SHARED",
    "TooManyAttempts",
    "Vault",
    "VaultError",
    "VaultLocked",
    "VersionConflict",
    "WrongPassphrase",
    "decode_body",
    "encode_body",
    "fields",
    "new_id",
    "utc_now",
]

log = logging.getLogger("relapp.store")


# How many records Vault.iter fetches and opens at a time.
ITER_CHUNK = 200


# Which kinds of record this connection has written since the app last asked (take_changes):
# temporary, so nothing of it is stored, and rolled back with a transaction that fails.
CHANGED_KINDS_SQL = """
CREATE TEMP TABLE IF NOT EXISTS changed_kinds (kind TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TEMP TRIGGER IF NOT EXISTS changed_kinds_inserted AFTER INSERT ON main.records
BEGIN INSERT OR IGNORE INTO changed_kinds VALUES (NEW.kind); END;
CREATE TEMP TRIGGER IF NOT EXISTS changed_kinds_updated AFTER UPDATE ON main.records
BEGIN INSERT OR IGNORE INTO changed_kinds VALUES (NEW.kind); END;
CREATE TEMP TRIGGER IF NOT EXISTS changed_kinds_deleted AFTER DELETE ON main.records
BEGIN INSERT OR IGNORE INTO changed_kinds VALUES (OLD.kind); END;
"""


class Vault(VaultKeys, VaultWrites, VaultReads):
    """An open profile. Locked until unlock(); all writes go through one lock and transaction.

    Before unlock only the key ring file beside the database is read: the database itself is
    encrypted with the vault key and is opened (and, for a profile from before encryption,
    encrypted) by unlock(). Locking closes it, so no key stays in SQLCipher's memory."""

    def __init__(self, folder: Path, keys: KeyFile, plain: Any = None) -> None:
        self.folder = folder
        self.path = folder / DB_NAME
        self._db: Any = None
        self._plain = plain  # a profile from before encryption, until its first unlock
        self._keys = keys
        self._lock = threading.RLock()
        # One backup copy at a time, and none while an erasure brings the backups up to date
        # or the profile is locked (backups_paused): the copy reads on a connection of its
        # own, so it takes neither _lock nor time from the pages.
        self._backup_gate = threading.Lock()
        self._backups_stop = threading.Event()
        self._in_tx = False  # a write transaction is open (on the thread holding _lock)
        self._keyring: Keyring | None = None
        self._sealer: Sealer | None = None
        self._identity: Identity | None = None
        self._clock: Clock | None = None
        self.profile_id = keys.profile_id
        # Told (done, total) while unlock upgrades the database's rows to a new schema.
        self.upgrade_progress: Callable[[int, int], None] | None = None

    @property
    def _conn(self) -> Any:
        if self._db is None:
            raise VaultLocked("The profile is locked.")
        return self._db

    # ---- opening and creating ------------------------------------------------------------

    @staticmethod
    def exists(folder: Path) -> bool:
        return (folder / DB_NAME).is_file()

    @classmethod
    def create(
        cls,
        folder: Path,
        name: str,
        role: str,
        passphrase: str,
        kdf_params: KdfParams | None = None,
    ) -> tuple[Vault, str]:
        """Create a profile; returns the unlocked vault and the one-time recovery code."""
        folder = Path(folder)
        check_profile_location(folder)
        if cls.exists(folder) or KeyFile.path_in(folder).exists():
            raise VaultError(f"There is already a Relapp profile in {folder}.")
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix":
            os.chmod(folder, 0o700)
        keyring = Keyring.generate()
        code = new_recovery_code()
        profile_id = new_id()
        member_id = new_id()
        now = utc_now()
        vault = cls(folder, KeyFile(KeyFile.path_in(folder), profile_id))
        # The key file first: a database nobody can open must never exist alone.
        vault.seal_keyring(keyring, passphrase, kdf_params or tuned_params(), code)
        conn = connect(folder / DB_NAME, keyring.vault_key)
        schema.migrate(conn, key=keyring.vault_key)
        conn.executescript(CHANGED_KINDS_SQL)
        vault._db = conn
        with vault._tx():
            for key, value in (
                ("profile_id", profile_id),
                ("member_id", member_id),
                ("device_id", new_id()),
                ("created_at", now),
            ):
                conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (key, value))
            sealer = Sealer(keyring.vault_key)
            identity = {"member_id": member_id, "name": name, "role": role}
            sealed = sealer.seal(
                encode_body(identity).encode(), f"relapp-identity|{profile_id}".encode()
            )
            conn.execute(
                "INSERT INTO meta(key, value) VALUES ('identity', ?)",
                (base64.b64encode(sealed).decode(),),
            )
        vault._set_unlocked(keyring)
        return vault, code

    @classmethod
    def open(cls, folder: Path) -> Vault:
        """Read what unlock needs; the database stays closed until unlock()."""
        folder = Path(folder)
        if not cls.exists(folder):
            raise VaultError(f"There is no Relapp profile in {folder}.")
        check_profile_location(folder)
        path = folder / DB_NAME
        if not is_plain(path):
            if not KeyFile.path_in(folder).exists():
                raise VaultError(
                    f"The profile file {path} is damaged, or the key file beside it "
                    f"({KeyFile.path_in(folder).name}) is missing; Relapp cannot open it."
                )
            try:
                return cls(folder, KeyFile.load(folder))
            except KeyFileError as exc:
                raise VaultError(str(exc)) from None
        # A profile from before the database was encrypted: bring its schema up to date
        # (with a backup first) and read its key ring from its tables.
        try:
            conn = connect(path, None)
        except sqlite3.DatabaseError as exc:
            raise VaultError(f"The profile file {path} is damaged: {exc}.") from exc
        try:
            schema.migrate(
                conn,
                before_upgrade=lambda v: _backup_before_migration(conn, folder, v),
                target=schema.LAST_PLAIN,
            )
            keys = KeyFile.from_plain_database(folder, conn)
            keys.reload_attempts()  # wrong attempts since, counted in the key file
        except schema.SchemaTooNew as exc:
            conn.close()
            raise VaultError(str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise VaultError(f"The profile file {path} is damaged: {exc}.") from exc
        return cls(folder, keys, plain=conn)

    @classmethod
    def open_keys_only(cls, folder: Path) -> Vault:
        """What opens the key ring, without the database (which may be damaged or missing)."""
        try:
            return cls(Path(folder), KeyFile.load(Path(folder)))
        except KeyFileError as exc:
            raise VaultError(str(exc)) from None

    def _open_database(self, key: bytes) -> None:
        """Open the encrypted database (encrypting a plain one first) and migrate it."""
        if self._db is not None:
            return
        just_encrypted = self._plain is not None
        if just_encrypted:
            self._encrypt_plain(key)
        try:
            conn = connect(self.path, key)
            if page_mac(conn) != CIPHER_HMAC:
                conn = self._recipher(conn, key)
        except database_errors() as exc:
            raise VaultError(
                f"The profile file {self.path} does not open with this profile's key "
                f"(damaged, or from another profile): {exc}."
            ) from None
        try:
            schema.migrate(
                conn,
                before_upgrade=None  # the plain file's backup was taken just before
                if just_encrypted
                else lambda v: _backup_before_migration(conn, self.folder, v, key=key),
                key=key,
                progress=self.upgrade_progress,
            )
        except schema.SchemaTooNew as exc:
            conn.close()
            raise VaultError(str(exc)) from exc
        except database_errors() as exc:
            conn.close()
            raise VaultError(f"The profile file {self.path} is damaged: {exc}.") from exc
        conn.executescript(CHANGED_KINDS_SQL)
        self._db = conn
        self._encrypt_plain_backups(key)

    def _recipher(self, conn: Any, key: bytes) -> Any:
        """A file from before Relapp's cipher settings (relapp.store.db.CIPHER_HMAC) is
        encrypted again with them at its first unlock, the file as it was kept among the
        backups; the connection to use after. When that cannot be done now (a full disk),
        the file is used as it is, and it is tried again at the next unlock."""
        conn.close()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        keep_as = self.folder / BACKUP_DIR / f"vault-{stamp}-before-new-cipher.sqlite3"
        try:
            recipher(self.path, key, keep_as, self.upgrade_progress)
        except RecipherFailed as exc:
            log.warning("The profile file keeps its old cipher settings for now: %s", exc)
        return connect(self.path, key)

    def _encrypt_plain(self, key: bytes) -> None:
        """Copy a profile from before encryption into an encrypted file and swap it in.

        Order matters for a crash at any point: the key file is written before the swap
        (a plain file beside a key file is simply encrypted again at the next unlock), the
        encrypted copy is complete before it takes the plain file's name, and the upgrade's
        backup (encrypted with the rest, below) is taken first."""
        plain = self._plain
        version = schema.current_version(plain)
        _backup_before_migration(plain, self.folder, version, "before-encryption")
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain.close()
        self._plain = None
        staging = self.folder / (DB_NAME + ".encrypting")
        export_encrypted(self.path, staging, key)
        private_file(staging)
        self._keys.save()
        for suffix in ("-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        os.replace(staging, self.path)

    def _encrypt_plain_backups(self, key: bytes) -> None:
        """Backups are copies of this profile under the same vault key: those from before
        the database was encrypted are encrypted too, so nothing in the profile folder stays
        readable without the key (also finishes the job after a crash half-way)."""
        backups = self.folder / BACKUP_DIR
        for backup in sorted(backups.glob("vault-*.sqlite3")) if backups.is_dir() else []:
            if is_plain(backup):
                encrypt_plain_file(backup, key)

    def close(self) -> None:
        self.lock()
        with self._lock:
            if self._plain is not None:
                self._plain.close()
                self._plain = None

    # ---- keys --------------------------------------------------------------------------

    @property
    def is_unlocked(self) -> bool:
        return self._keyring is not None

    def _set_unlocked(self, keyring: Keyring) -> None:
        self._open_database(keyring.vault_key)
        self._keyring = keyring
        self._sealer = Sealer(keyring.vault_key)
        self._identity = None

    def lock(self) -> None:
        """Drop the keys and close the database (SQLCipher holds its key while open). A
        backup being copied stops first: its connection holds the key as well."""
        with self.backups_paused(), self._lock:
            self._keyring = None
            self._sealer = None
            self._identity = None
            if self._db is not None:
                self._db.close()
                self._db = None

    # ---- identity and meta -------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        """One value of the profile's meta table (identity, device, sync settings)."""
        # Under the lock, as every use of the connection: pages read on several workers at
        # once, and one connection used by two threads at a time corrupts its statement cache
        # (a KeyError naming the SQL, seen when a page's count and Today read together).
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def member_id(self) -> str:
        return self.meta("member_id") or ""

    @property
    def device_id(self) -> str:
        return self.meta("device_id") or ""

    def identity(self) -> Identity:
        if self._identity is None:
            sealed = base64.b64decode(self.meta("identity") or "")
            aad = f"relapp-identity|{self.profile_id}".encode()
            data = json.loads(self._sealer_or_raise().open(sealed, aad))
            self._identity = Identity(data["member_id"], data["name"], data["role"])
        return self._identity

    def _sealer_or_raise(self) -> Sealer:
        if self._sealer is None:
            raise VaultLocked("The profile is locked.")
        return self._sealer

    # ---- transactions ------------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._in_tx:  # inside a transaction already: part of it
                yield self._conn
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._in_tx = True
            try:
                yield self._conn
            except BaseException:
                self._in_tx = False
                self._conn.execute("ROLLBACK")
                raise
            self._in_tx = False
            self._conn.execute("COMMIT")

    # The store's other parts (sync state, erasure, the audit trail, pages) reach the database
    # through these two, never through the vault's private members.

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """The connection, for reads, while no write of another thread can interleave."""
        with self._lock:
            yield self._conn

    @contextmanager
    def writing(self) -> Iterator[Any]:
        """The connection inside one write transaction: all of it lands, or none. Writes of
        the vault's own (put, delete) made inside it are part of it."""
        with self._tx() as conn:
            yield conn

    def take_changes(self) -> frozenset[str]:
        """The kinds of record written since the last call (every write: saves, deletes,
        imports, sync, erasure), and forget them. The app's task runner asks after each write
        and tells the pages, so a write announces itself and no page is told by hand."""
        with self._lock:
            if self._db is None:
                return frozenset()
            kinds = frozenset(
                row[0] for row in self._conn.execute("SELECT kind FROM temp.changed_kinds")
            )
            if kinds:
                self._conn.execute("DELETE FROM temp.changed_kinds")
            return kinds

    def current_transaction(self) -> Any:
        """The connection of the write transaction in progress (for helpers called inside
        writing()); raises if there is none, so a write can never land outside one."""
        if not self._in_tx or not self._lock._is_owned():  # type: ignore[attr-defined]
            raise RuntimeError("current_transaction() outside writing()")
        return self._conn

    def forget_cached_identity(self) -> None:
        """Drop the cached member and device ids: read again after sync adopted new ones."""
        self.__dict__.pop("_member_id", None)
        self.__dict__.pop("_device_id", None)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several writes (an import) so they land together or not at all."""
        with self._tx():
            yield

    # ---- records -----------------------------------------------------------------------

    # The columns decode() reads, in its order: the head's data is on the records row.
    SELECT_HEAD = (
        "SELECT r.id, r.kind, r.version, r.created_at, r.updated_at, v.author, r.deleted, "
        "r.parent_id, r.data FROM records r JOIN record_versions v "
        "ON v.record_id = r.id AND v.version = r.version"
    )

    # SELECT_HEAD's columns from the records row alone: no author (see get_many).
    _SELECT_SHOWN = (
        "SELECT r.id, r.kind, r.version, r.created_at, r.updated_at, '', r.deleted,"
        " r.parent_id, r.data FROM records r"
    )

    def get_many(
        self, record_ids: Iterable[str], *, author: bool = True, keep: Keep | None = None
    ) -> dict[str, Record]:
        """The records of these ids that exist, by id, read a chunk at a time (one query for
        a screenful of search results, not one a record). Unreadable ones have .error set.

        author=False leaves .author empty, for records shown by their name and fields only:
        it spares a look-up in every record's history (half the time with a big profile).
        keep: see iter()."""
        ids = list(dict.fromkeys(record_ids))
        select = self.SELECT_HEAD if author else self._SELECT_SHOWN
        found: dict[str, Record] = {}
        for start in range(0, len(ids), ITER_CHUNK):
            chunk = ids[start : start + ITER_CHUNK]
            with self._lock:
                rows = self._conn.execute(
                    f"{select} WHERE r.id IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
            found.update((row[0], self.decode(row, keep)) for row in rows)
        return found

    def iter(
        self,
        kind: str | None = None,
        *,
        deleted: bool = False,
        parent_id: str | None = None,
        keep: Keep | None = None,
        oldest_first: bool = False,
        status: str | None = None,
    ) -> Iterator[Record]:
        """The records list() returns, read a chunk at a time: reading every visit holds one
        chunk of rows at once, not the whole kind.

        The order is fixed when iteration starts; a record changed meanwhile comes with its
        newer content, one deleted meanwhile is left out. keep(data) -> data, if given, is
        applied to each record's data as it is read, so that a caller that needs a few
        fields never holds the rest (see `fields`). oldest_first reverses the order.
        """
        sql, args = self._list_sql("SELECT r.id FROM records r", kind, deleted, parent_id, status)
        with self._lock:
            ids = [row[0] for row in self._conn.execute(sql, args)]
        if oldest_first:
            ids.reverse()
        for start in range(0, len(ids), ITER_CHUNK):
            chunk = ids[start : start + ITER_CHUNK]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._conn.execute(
                    f"{self.SELECT_HEAD} WHERE r.id IN ({marks}) AND r.deleted = ?",
                    [*chunk, int(deleted)],
                ).fetchall()
            by_id = {row[0]: row for row in rows}
            del rows
            for rid in chunk:
                row = by_id.pop(rid, None)
                if row is not None:
                    yield self.decode(row, keep)

    # ---- search ----------------------------------------------------------------------------

    # ---- maintenance -------------------------------------------------------------------

    def integrity_ok(self) -> bool:
        with self._lock:
            try:
                return self._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            except database_errors():
                # A damaged page the check itself must read (the search index's own check
                # reads its tables) stops it with an error instead of a report.
                return False

    def connection_for_backup(self) -> Any:
        return self._conn

    def backup_to(self, target: Path) -> None:
        """Copy the whole database, encrypted with the same key, as it is when the copy
        begins (relapp.store.db.copy_snapshot): the pages go on reading and writing
        meanwhile. Raises BackupStopped, leaving nothing behind, when the profile is locked or
        an erasure pauses backups before the copy is done."""
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = target.with_name(target.name + ".part")
        with self._backup_gate:
            key = self.keyring().vault_key  # VaultLocked once a lock has gone through the gate
            try:
                copy_snapshot(self.folder / DB_NAME, tmp, key, self._backups_stop.is_set)
            except CopyStopped:
                raise BackupStopped(
                    "The backup was stopped before it was finished, and will be taken again."
                ) from None
            os.replace(tmp, target)

    @contextmanager
    def backups_paused(self) -> Iterator[None]:
        """No backup is written while inside: a copy under way stops (and leaves nothing),
        one asked for waits. An erasure brings the backups up to date inside this, so no
        copy begun before it can land after it with what it erased."""
        self._backups_stop.set()
        with self._backup_gate:
            self._backups_stop.clear()
            yield


def _backup_before_migration(
    conn: Any, folder: Path, version: int, reason: str = "", key: bytes | None = None
) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = reason or f"before-migration-v{version}"
    target = folder / BACKUP_DIR / f"vault-{stamp}-{name}.sqlite3"
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    copy_database(conn, target, key)

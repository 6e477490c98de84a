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
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

from relapp.crypto.aead import DecryptionError, Sealer
from relapp.crypto.kdf import KdfParams, derive_key, tuned_params
from relapp.crypto.keyring import Keyring, unwrap_keyring, wrap_keyring
from relapp.crypto.recovery import new_recovery_code, parse_recovery_code, recovery_key
from relapp.domain.hlc import LAST, Clock, Timestamp
from relapp.domain.ids import uuid7
from relapp.paths import BACKUP_DIR, DB_NAME
from relapp.store import schema, search_index
from relapp.store.db import (
    connect,
    copy_database,
    database_errors,
    encrypt_plain_file,
    export_encrypted,
    is_plain,
    private_file,
)
from relapp.store.keyfile import KeyFile, KeyFileError, Slot
from relapp.store.location import check_profile_location
from relapp.store.search_index import Hit

_json_decode = msgspec.json.Decoder().decode


class VaultError(Exception):
    """A problem the person can act on; the message is a sentence for them."""


class WrongPassphrase(VaultError):
    pass


class TooManyAttempts(VaultError):
    pass


class VaultLocked(VaultError):
    pass


class RecordNotFound(VaultError):
    pass


class VersionConflict(VaultError):
    pass


class RecordUnreadable(VaultError):
    """One record's stored bytes failed to decrypt: damaged or tampered."""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_id() -> str:
    return uuid7()


@dataclass(slots=True)
class Record:
    id: str
    kind: str
    version: int
    created_at: str
    updated_at: str
    author: str
    deleted: bool
    parent_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class Identity:
    member_id: str
    name: str
    role: str


@dataclass(frozen=True)
class NewRecord:
    kind: str
    data: dict[str, Any]
    id: str | None = None
    parent_id: str | None = None
    expected_version: int | None = None


def _slot_aad(profile_id: str, kind: str) -> bytes:
    return f"relapp-keyslot-v1|{profile_id}|{kind}".encode()


# What json.dumps(data, **these) would build anew for every body.
_body_encoder = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
)


def encode_body(data: dict[str, Any]) -> str:
    """A record's data as the JSON text the database keeps (and its JSON functions read)."""
    try:
        return _body_encoder.encode(data)
    except ValueError as exc:  # NaN or infinity: not JSON, and no record needs one
        raise VaultError(f"A value in this record cannot be stored: {exc}.") from None


def decode_body(body: Any) -> dict[str, Any]:
    """The data of a stored body; ValueError if it is not a JSON object (a body that could
    not be opened when the profile's rows were last sealed one by one stays as its bytes)."""
    if not isinstance(body, str):
        raise ValueError("not readable")
    data = _json_decode(body)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    return data


Keep = Callable[[dict[str, Any]], dict[str, Any]]
# How many records Vault.iter fetches and opens at a time.
ITER_CHUNK = 200


def fields(*names: str) -> Keep:
    """A `keep` for Vault.list/iter: only these fields of each record's data.

    Values of the fields in SHARED (a family's id on each of its visits, a check-in's
    respondent) become one string each instead of one per record.
    """
    shared = frozenset(names) & SHARED

    def keep(data: dict[str, Any]) -> dict[str, Any]:
        out = {name: data[name] for name in names if name in data}
        for name in shared:
            value = out.get(name)
            if type(value) is str:
                out[name] = sys.intern(value)
        return out

    return keep


# Fields whose values repeat across many records of a profile.
SHARED = frozenset(
    ("family_id", "instrument_id", "respondent", "status", "mode", "template_id", "category")
)


def _intern(value: str) -> str:
    # Kinds and authors repeat on every row: one string each instead of one per record.
    return sys.intern(value) if isinstance(value, str) else value


# meta rows "import-id:<tag>" -> record id: which record an id in an imported file became.
IMPORT_ID_PREFIX = "import-id:"

FAILURES_BEFORE_DELAY = 3
MAX_DELAY_SECONDS = 60


class Vault:
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
        vault._write_passphrase_slot(keyring, passphrase, kdf_params or tuned_params())
        vault._write_recovery_slot(keyring, code)
        vault._keys.save()  # first: a database nobody can open must never exist alone
        conn = connect(folder / DB_NAME, keyring.vault_key)
        schema.migrate(conn, key=keyring.vault_key)
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
        self._db = conn
        self._encrypt_plain_backups(key)

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
        """Drop the keys and close the database (SQLCipher holds its key while open)."""
        with self._lock:
            self._keyring = None
            self._sealer = None
            self._identity = None
            if self._db is not None:
                self._db.close()
                self._db = None

    def keyring(self) -> Keyring:
        if self._keyring is None:
            raise VaultLocked("The profile is locked.")
        return self._keyring

    def _write_passphrase_slot(self, keyring: Keyring, passphrase: str, params: KdfParams) -> None:
        salt = os.urandom(16)
        kek = derive_key(passphrase, salt, params)
        wrapped = wrap_keyring(keyring, kek, _slot_aad(self.profile_id, "passphrase"))
        self._keys.slots["passphrase"] = Slot(
            salt, json.dumps(params.to_dict()), wrapped, utc_now()
        )

    def _write_recovery_slot(self, keyring: Keyring, code: str) -> None:
        salt = os.urandom(16)
        kek = recovery_key(parse_recovery_code(code), salt)
        wrapped = wrap_keyring(keyring, kek, _slot_aad(self.profile_id, "recovery"))
        self._keys.slots["recovery"] = Slot(
            salt, json.dumps({"algorithm": "hkdf-sha256"}), wrapped, utc_now()
        )

    def _slot(self, kind: str) -> tuple[bytes, str, bytes]:
        slot = self._keys.slots.get(kind)
        if slot is None:
            raise VaultError(f"This profile has no {kind} key slot; it may be damaged.")
        return slot.salt, slot.params, slot.wrapped

    def seconds_until_next_attempt(self) -> float:
        self._keys.reload_attempts()
        failures = self._keys.failures
        if failures < FAILURES_BEFORE_DELAY:
            return 0.0
        delay = min(2 ** (failures - FAILURES_BEFORE_DELAY), MAX_DELAY_SECONDS)
        elapsed = time.time() - datetime.fromisoformat(self._keys.last_failure).timestamp()
        return max(0.0, delay - elapsed)

    def _note_failure(self) -> None:
        self._keys.reload_attempts()
        self._keys.failures += 1
        self._keys.last_failure = utc_now()
        self._keys.save()

    def _clear_failures(self) -> None:
        if self._keys.failures:
            self._keys.failures, self._keys.last_failure = 0, ""
            self._keys.save()

    def _check_throttle(self) -> None:
        wait = self.seconds_until_next_attempt()
        if wait > 0:
            seconds = int(wait) + 1
            raise TooManyAttempts(
                "Too many wrong attempts. Please wait "
                + ("1 second" if seconds == 1 else f"{seconds} seconds")
                + " and try again."
            )

    def _open_passphrase_slot(self, passphrase: str) -> Keyring:
        salt, params, wrapped = self._slot("passphrase")
        kek = derive_key(passphrase, salt, KdfParams.from_dict(json.loads(params)))
        return unwrap_keyring(wrapped, kek, _slot_aad(self.profile_id, "passphrase"))

    def open_keyring(self, passphrase: str) -> Keyring:
        """The key ring, opened with the passphrase from the key file alone (the database is
        not touched: a restore over a damaged file needs this). Counts wrong attempts."""
        with self._lock:
            self._check_throttle()
            try:
                keyring = self._open_passphrase_slot(passphrase)
            except DecryptionError:
                self._note_failure()
                # On the unlock screen nothing could have changed: the sentence says only
                # what is wrong (a passphrase change says "nothing was changed" itself).
                raise WrongPassphrase("That passphrase is not right.") from None
            self.failed_attempts = self._keys.failures  # for the audit trail, after unlock
            self._clear_failures()
            return keyring

    def unlock_with_keyring(self, keyring: Keyring) -> None:
        """Unlock with a key ring already opened (a restore opens it once, from the key file,
        for the database it replaces and for the one it puts back)."""
        with self._lock:
            self._set_unlocked(keyring)

    def unlock(self, passphrase: str) -> None:
        with self._lock:
            self._set_unlocked(self.open_keyring(passphrase))

    def unlock_with_recovery(self, code: str) -> None:
        """Raises RecoveryCodeError for a mistyped code, WrongPassphrase for someone else's."""
        secret = parse_recovery_code(code)
        with self._lock:
            self._check_throttle()
            salt, _params, wrapped = self._slot("recovery")
            try:
                keyring = unwrap_keyring(
                    wrapped, recovery_key(secret, salt), _slot_aad(self.profile_id, "recovery")
                )
            except DecryptionError:
                self._note_failure()
                raise WrongPassphrase(
                    "That recovery code belongs to another profile. Nothing was changed."
                ) from None
            self._clear_failures()
            self._set_unlocked(keyring)

    def change_passphrase(self, new_passphrase: str, kdf_params: KdfParams | None = None) -> None:
        """Re-wrap the key ring under a new passphrase: only the key file changes."""
        keyring = self.keyring()
        params = kdf_params or tuned_params()
        with self._lock:
            self._write_passphrase_slot(keyring, new_passphrase, params)
            self._keys.save()

    def new_recovery_code(self) -> str:
        keyring = self.keyring()
        code = new_recovery_code()
        with self._lock:
            self._write_recovery_slot(keyring, code)
            self._keys.save()
        return code

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

    def _write_version(
        self,
        kind: str,
        record_id: str,
        version: int,
        body: str,
        deleted: bool,
        now: str,
        parent_event: str | None,
    ) -> str:
        event_id = new_id()
        self._conn.execute(
            "INSERT INTO record_versions(record_id, version, kind, author, created_at, deleted,"
            " body, event_id, hlc, device_id, parent_event, published)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (
                record_id,
                version,
                kind,
                self.member_id_cached,
                now,
                int(deleted),
                body,
                event_id,
                self._clock_after(record_id).encode(),
                self.device_id_cached,
                parent_event,
            ),
        )
        return event_id

    def _clock_now(self) -> Timestamp:
        with self._lock:
            if self._clock is None:
                row = self._conn.execute("SELECT max(hlc) FROM record_versions").fetchone()
                self._clock = Clock(Timestamp.decode(row[0]) if row and row[0] else None)
            return self._clock.tick()

    def _clock_after(self, record_id: str) -> Timestamp:
        """The clock for a new version of a record: later than every version of it this
        laptop holds, even one from a laptop whose clock runs ahead (which the laptop's own
        clock does not follow beyond MAX_DRIFT). A version is always later than what it was
        written knowing of, so every laptop puts it last, as this one does."""
        now = self._clock_now()
        row = self._conn.execute(
            "SELECT max(hlc) FROM record_versions WHERE record_id = ?", (record_id,)
        ).fetchone()
        if row and row[0]:
            latest = Timestamp.decode(row[0])
            if latest >= now:
                if latest >= LAST:  # a change dated at the end of time: tie, never past it
                    return LAST
                if latest.counter >= 999_999:  # the counter has six digits
                    return Timestamp(latest.millis + 1, 0)
                return Timestamp(latest.millis, latest.counter + 1)
        return now

    @property
    def clock(self) -> Clock:
        self._clock_now()
        assert self._clock is not None
        return self._clock

    @property
    def device_id_cached(self) -> str:
        if not hasattr(self, "_device_id"):
            self._device_id = self.device_id
        return self._device_id

    @property
    def member_id_cached(self) -> str:
        if not hasattr(self, "_member_id"):
            self._member_id = self.member_id
        return self._member_id

    def put(
        self,
        kind: str,
        data: dict[str, Any],
        *,
        record_id: str | None = None,
        parent_id: str | None = None,
        expected_version: int | None = None,
    ) -> Record:
        """Create a record, or add a new version of it. expected_version guards lost updates."""
        with self._tx():
            return self._put(kind, data, record_id, parent_id, expected_version)

    def _put(
        self,
        kind: str,
        data: dict[str, Any],
        record_id: str | None,
        parent_id: str | None,
        expected_version: int | None,
        deleted: bool = False,
    ) -> Record:
        now = utc_now()
        body = encode_body(data)
        fresh = record_id is None  # a new id cannot exist yet: skip the lookup
        record_id = record_id or new_id()
        row = (
            None
            if fresh
            else self._conn.execute(
                "SELECT r.kind, r.version, r.created_at, r.parent_id, v.event_id,"
                " (SELECT max(version) FROM record_versions WHERE record_id = r.id)"
                " FROM records r JOIN record_versions v"
                " ON v.record_id = r.id AND v.version = r.version WHERE r.id = ?",
                (record_id,),
            ).fetchone()
        )
        if row is None:
            if expected_version not in (None, 0):
                raise RecordNotFound(f"Record {record_id} does not exist.")
            version, created, parent_event = 1, now, None
            self._conn.execute(
                "INSERT INTO records(id, kind, version, parent_id, created_at, updated_at,"
                " deleted, data) VALUES (?, ?, 1, ?, ?, ?, ?, ?)",
                (record_id, kind, parent_id, now, now, int(deleted), body),
            )
        else:
            if row[0] != kind:
                raise VaultError(f"Record {record_id} is a {row[0]}, not a {kind}.")
            if expected_version is not None and expected_version != row[1]:
                raise VersionConflict(
                    f"This {kind} was changed elsewhere (version {row[1]}, expected "
                    f"{expected_version}). Reload it before saving."
                )
            # Versions from other devices may sit above the head, so number after the highest.
            version, created, parent_event = row[5] + 1, row[2], row[4]
            parent_id = parent_id if parent_id is not None else row[3]
            self._conn.execute(
                "UPDATE records SET version = ?, parent_id = ?, updated_at = ?, deleted = ?,"
                " data = ? WHERE id = ?",
                (version, parent_id, now, int(deleted), body, record_id),
            )
        self._write_version(kind, record_id, version, body, deleted, now, parent_event)
        return Record(
            id=record_id,
            kind=kind,
            version=version,
            created_at=created,
            updated_at=now,
            author=self.member_id_cached,
            deleted=deleted,
            parent_id=parent_id,
            data=data,
        )

    def put_autosave(
        self,
        kind: str,
        data: dict[str, Any],
        *,
        record_id: str,
        expected_version: int,
        window_seconds: int = 600,
    ) -> Record:
        """Save an autosave of a draft, folding it into the previous autosave when that one
        was written here in the last window_seconds and has not left this laptop yet.

        Typing produces a save every second or two; keeping each as a version would fill
        history (and every other laptop of the author) with keystroke-level noise. A version
        already sent to other devices is never touched: then a new version is added.
        """
        with self._tx():
            row = self._conn.execute(
                "SELECT r.kind, r.version, r.deleted, v.device_id, v.published, v.created_at,"
                " v.author, r.created_at, r.parent_id FROM records r JOIN record_versions v"
                " ON v.record_id = r.id AND v.version = r.version WHERE r.id = ?",
                (record_id,),
            ).fetchone()
            foldable = (
                row is not None
                and row[0] == kind
                and row[1] == expected_version
                and not row[2]
                and row[3] == self.device_id_cached
                and not row[4]
                and row[6] == self.member_id_cached
                and (datetime.now(UTC) - datetime.fromisoformat(row[5])).total_seconds()
                < window_seconds
            )
            if not foldable:
                return self._put(kind, data, record_id, None, expected_version)
            now = utc_now()
            body = encode_body(data)
            self._conn.execute(
                "UPDATE record_versions SET body = ?, hlc = ?, created_at = ?"
                " WHERE record_id = ? AND version = ?",
                (body, self._clock_after(record_id).encode(), now, record_id, expected_version),
            )
            self._conn.execute(
                "UPDATE records SET updated_at = ?, data = ? WHERE id = ?", (now, body, record_id)
            )
            return Record(
                id=record_id,
                kind=kind,
                version=expected_version,
                created_at=row[7],
                updated_at=now,
                author=self.member_id_cached,
                deleted=False,
                parent_id=row[8],
                data=data,
            )

    def put_many(
        self, items: Iterable[NewRecord], *, import_ids: Mapping[str, str] | None = None
    ) -> list[Record]:
        """Insert many records in one transaction: all land, or none do.

        import_ids (tag -> record id, see import_ids()) are kept in the same transaction, so
        an import killed half-way leaves neither its records nor what ids it gave them.
        """
        items = list(items)
        with self._tx():
            if import_ids:
                self._conn.executemany(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                    [(IMPORT_ID_PREFIX + tag, rid) for tag, rid in import_ids.items()],
                )
            if all(i.id is None and not i.expected_version for i in items):
                return self._insert_new(items)
            return [self._put(i.kind, i.data, i.id, i.parent_id, i.expected_version) for i in items]

    def import_ids(self, tags: Iterable[str]) -> dict[str, str]:
        """The record ids that earlier imports gave to these tags.

        A tag is an opaque keyed hash of an id in an imported file (services.transfer makes
        them), so the file's own ids are stored nowhere; the rows stay on this laptop.
        """
        keys = [IMPORT_ID_PREFIX + tag for tag in tags]
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = self._conn.execute(
                    f"SELECT key, value FROM meta WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                found.update((key[len(IMPORT_ID_PREFIX) :], value) for key, value in rows)
        return found

    def _insert_new(self, items: list[NewRecord]) -> list[Record]:
        """Brand-new records (an import, the demo): no lookups, two executemany calls."""
        now, author, device = utc_now(), self.member_id_cached, self.device_id_cached
        records, versions, out = [], [], []
        for item in items:
            record_id = new_id()
            body = encode_body(item.data)
            records.append((record_id, item.kind, item.parent_id, now, now, body))
            versions.append(
                (
                    record_id,
                    item.kind,
                    author,
                    now,
                    body,
                    new_id(),
                    self._clock_now().encode(),
                    device,
                )
            )
            out.append(
                Record(
                    id=record_id,
                    kind=item.kind,
                    version=1,
                    created_at=now,
                    updated_at=now,
                    author=author,
                    deleted=False,
                    parent_id=item.parent_id,
                    data=item.data,
                )
            )
        self._conn.executemany(
            "INSERT INTO records(id, kind, version, parent_id, created_at, updated_at, deleted,"
            " data) VALUES (?, ?, 1, ?, ?, ?, 0, ?)",
            records,
        )
        self._conn.executemany(
            "INSERT INTO record_versions(record_id, version, kind, author, created_at, deleted,"
            " body, event_id, hlc, device_id, parent_event, published)"
            " VALUES (?, 1, ?, ?, ?, 0, ?, ?, ?, ?, NULL, 0)",
            versions,
        )
        return out

    # The columns decode() reads, in its order: the head's data is on the records row.
    SELECT_HEAD = (
        "SELECT r.id, r.kind, r.version, r.created_at, r.updated_at, v.author, r.deleted, "
        "r.parent_id, r.data FROM records r JOIN record_versions v "
        "ON v.record_id = r.id AND v.version = r.version"
    )

    @staticmethod
    def decode(row: Any, keep: Keep | None = None) -> Record:
        """A Record from a row of SELECT_HEAD's columns (or a version's, in the same order)."""
        rid, kind, version, created, updated, author, deleted, parent_id, body = row
        record = Record(
            id=rid,
            kind=_intern(kind),
            version=version,
            created_at=created,
            updated_at=updated,
            author=_intern(author),
            deleted=bool(deleted),
            parent_id=parent_id,
        )
        try:
            data = decode_body(body)
            record.data = keep(data) if keep is not None else data
        except (ValueError, msgspec.DecodeError):
            record.error = (
                f"The {kind} record {rid} (version {version}) could not be opened: its stored "
                "data is damaged or was altered."
            )
        return record

    def get(self, record_id: str, *, strict: bool = True) -> Record:
        with self._lock:
            row = self._conn.execute(self.SELECT_HEAD + " WHERE r.id = ?", (record_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"Record {record_id} does not exist.")
        record = self.decode(row)
        if strict and record.error:
            raise RecordUnreadable(record.error)
        return record

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

    def list(
        self,
        kind: str | None = None,
        *,
        deleted: bool = False,
        parent_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        keep: Keep | None = None,
        status: str | None = None,
    ) -> list[Record]:
        """Newest first. Records that fail to open come back with .error set, never dropped.

        keep: see iter(). status: only records whose data.status is this.
        """
        if limit is None:
            return list(
                self.iter(kind, deleted=deleted, parent_id=parent_id, keep=keep, status=status)
            )
        sql, args = self._list_sql(self.SELECT_HEAD, kind, deleted, parent_id, status)
        with self._lock:
            rows = self._conn.execute(sql + " LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
        return [self.decode(row, keep) for row in rows]

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

    def query(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read-only query over the records (the store's set queries and pages)."""
        with self.reading() as conn:
            return conn.execute(sql, list(args)).fetchall()

    # ---- search ----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, *, one_per_record: bool = True) -> list[Hit]:
        """The records whose text matches what a person typed, best first (see
        relapp.store.search_index; the index is kept current by the database itself)."""
        with self._lock:
            return search_index.search(self._conn, query, limit, one_per_record=one_per_record)

    def search_pending(self) -> int:
        """How many records the search index still lacks after a new laptop's first sync
        (see relapp.store.search_index, "indexing later"); 0 when it is complete."""
        with self._lock:
            return search_index.pending(self._conn)

    def catch_up_search(self, limit: int = 1000) -> int:
        """Index up to `limit` of the records the search index lacks, in one transaction;
        returns how many are left."""
        with self._tx() as conn:
            return search_index.catch_up(conn, limit)

    def matching_ids(self, kind: str, text: str) -> set[str]:
        """The ids of the records of one kind whose text has every word of `text`, each as the
        start of a word, in any field (a list's filter). For the same as SQL, to use in a
        page's own query: relapp.store.search_index.matching_sql."""
        with self._lock:
            return search_index.matching_ids(self._conn, kind, text)

    def set_search_categories(self, titles: Mapping[str, str]) -> None:
        """The titles barrier categories are found by (id -> title, from the definitions);
        barriers are re-indexed only when a title changed since the last time."""
        with self._lock:
            known = dict(self._conn.execute("SELECT id, title FROM search_categories"))
            if known == dict(titles):
                return  # the common case: no write at unlock
            with self._tx():
                search_index.set_categories(self._conn, titles)

    @staticmethod
    def _list_sql(
        select: str,
        kind: str | None,
        deleted: bool,
        parent_id: str | None,
        status: str | None = None,
    ) -> tuple[str, list[Any]]:
        where, args = ["r.deleted = ?"], [int(deleted)]
        if kind is not None:
            # With a parent, the unary + keeps SQLite on the parent index (a handful of rows)
            # rather than the kind index (every record of that kind): 0.3 ms instead of 8 ms.
            where.append("+r.kind = ?" if parent_id is not None else "r.kind = ?")
            args.append(kind)  # type: ignore[arg-type]
        if parent_id is not None:
            where.append("r.parent_id = ?")
            args.append(parent_id)  # type: ignore[arg-type]
        if status is not None:
            where.append("r.status = ?")
            args.append(status)  # type: ignore[arg-type]
        return select + " WHERE " + " AND ".join(where) + " ORDER BY r.updated_at DESC", args

    def count(self, kind: str | None = None, *, deleted: bool = False) -> int:
        sql, args = "SELECT count(*) FROM records WHERE deleted = ?", [int(deleted)]
        if kind:
            sql += " AND kind = ?"
            args.append(kind)  # type: ignore[arg-type]
        with self._lock:
            return int(self._conn.execute(sql, args).fetchone()[0])

    def history(self, record_id: str) -> list[Record]:
        """Every version of a record, oldest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT v.record_id, v.kind, v.version, r.created_at, v.created_at, v.author, "
                "v.deleted, r.parent_id, v.body FROM record_versions v JOIN records r "
                "ON r.id = v.record_id WHERE v.record_id = ? ORDER BY v.version",
                (record_id,),
            ).fetchall()
        if not rows:
            raise RecordNotFound(f"Record {record_id} does not exist.")
        return [self.decode(row) for row in rows]

    def delete(self, record_id: str, data: dict[str, Any] | None = None) -> Record:
        """Move a record to the trash: a tombstone version keeping its last content (or
        ``data``, its last content with why it was removed)."""
        current = self.get(record_id)
        if current.deleted:
            return current
        with self._tx():
            return self._put(
                current.kind, data or current.data, record_id, None, current.version, deleted=True
            )

    def restore(self, record_id: str, data: dict[str, Any] | None = None) -> Record:
        current = self.get(record_id)
        if not current.deleted:
            return current
        with self._tx():
            return self._put(current.kind, data or current.data, record_id, None, current.version)

    def trash(self) -> list[Record]:
        return self.list(deleted=True)

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
        """Copy the whole database, encrypted with the same key, with the online backup API."""
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = target.with_name(target.name + ".part")
        key = self.keyring().vault_key
        with self._lock:
            copy_database(self._conn, tmp, key)
        os.replace(tmp, target)


def _backup_before_migration(
    conn: Any, folder: Path, version: int, reason: str = "", key: bytes | None = None
) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = reason or f"before-migration-v{version}"
    target = folder / BACKUP_DIR / f"vault-{stamp}-{name}.sqlite3"
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    copy_database(conn, target, key)

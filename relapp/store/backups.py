"""Automatic local backups of the encrypted vault database, and restoring one.

Backups are taken daily, before migrations and before imports; the newest KEEP are kept.
Each is an encrypted copy under the same vault key. Restoring keeps today's key file, so the
current passphrase and recovery code open the restored data (the vault key never changes).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from relapp.paths import BACKUP_DIR, DB_NAME
from relapp.store.db import (
    connect,
    copy_database,
    database_errors,
    export_encrypted,
    is_plain,
    open_keyed,
    private_file,
    sqlcipher,
)
from relapp.store.keyfile import KeyFile
from relapp.store.vault import Vault, VaultError

KEEP = 7


@dataclass(frozen=True)
class Backup:
    name: str
    path: Path
    taken_at: datetime
    reason: str
    size: int


def backup_folder(profile: Path) -> Path:
    return profile / BACKUP_DIR


def list_backups(profile: Path) -> list[Backup]:
    """Newest first."""
    folder = backup_folder(profile)
    found: list[Backup] = []
    if not folder.is_dir():
        return found
    for path in folder.glob("vault-*.sqlite3"):
        parts = path.stem.split("-", 2)  # vault, stamp, reason
        # Whole seconds first: "%S%f" would misread "...174347Z" as 17:43:04.7.
        try:
            taken = datetime.strptime(parts[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except (IndexError, ValueError):
            try:
                taken = datetime.strptime(parts[1], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
            except (IndexError, ValueError):
                continue
        reason = parts[2] if len(parts) > 2 else ""
        found.append(Backup(path.name, path, taken, reason, path.stat().st_size))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def take_backup(vault: Vault, reason: str) -> Backup:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_folder(vault.folder) / f"vault-{stamp}-{reason}.sqlite3"
    vault.backup_to(target)
    prune(vault.folder)
    return next(b for b in list_backups(vault.folder) if b.path == target)


def prune(profile: Path, keep: int = KEEP) -> None:
    for old in list_backups(profile)[keep:]:
        old.path.unlink(missing_ok=True)
    # A copy cut short by a crash is never listed, restored or purged of an erasure: it goes.
    folder = backup_folder(profile)
    for leftover in folder.glob("vault-*.sqlite3.part") if folder.is_dir() else []:
        leftover.unlink(missing_ok=True)


def backup_if_due(vault: Vault, every: timedelta = timedelta(days=1)) -> Backup | None:
    latest = list_backups(vault.folder)
    if latest and datetime.now(UTC) - latest[0].taken_at < every:
        return None
    return take_backup(vault, "daily")


def restore_backup(profile: Path, name: str, passphrase: str) -> Backup:
    """Replace the profile's database with a backup. The vault must not be open elsewhere.

    Backups are encrypted with the profile's vault key, which never changes, so the key file
    beside the database (today's passphrase and recovery code) opens the restored data. A
    backup of the current state is taken first, so a restore can itself be undone.
    """
    matches = [b for b in list_backups(profile) if b.name == name]
    if not matches:
        raise VaultError(f"There is no backup called {name}. See 'relapp backups list'.")
    chosen = matches[0]
    current = profile / DB_NAME
    if not KeyFile.path_in(profile).exists():
        raise VaultError(
            f"The key file beside {current} is missing, so no backup of this profile can be "
            "opened. Restore the whole profile folder from a copy instead."
        )
    vault = Vault.open_keys_only(profile)
    keyring = vault.open_keyring(passphrase)
    key = keyring.vault_key
    try:
        check = _connect_backup(chosen.path, key)
        try:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise VaultError(f"The backup {name} is damaged and was not restored.")
            row = check.execute("SELECT value FROM meta WHERE key = 'profile_id'").fetchone()
        finally:
            check.close()
    except database_errors() as exc:
        raise VaultError(
            f"The backup {name} does not open with this profile's key: it is damaged or "
            f"belongs to another profile ({exc}). It was not restored."
        ) from None
    if row is None or row[0] != vault.profile_id:
        raise VaultError(f"The backup {name} belongs to another profile and was not restored.")

    # Build the restored file beside the vault first (taking the before-restore backup may
    # prune the chosen one when it is the oldest), back up what is there now, then swap the
    # restored file in with one rename so a crash leaves either the old or the new file.
    # Erasures the current database knows of must be in the ledger before anything older
    # replaces it (a crash may have left the ledger behind).
    from relapp.store import erasure

    if current.exists():
        try:
            live_vault = Vault.open(profile)
            try:
                live_vault.unlock_with_keyring(keyring)
                erasure.finish_pending(live_vault)
            finally:
                live_vault.close()
        except VaultError:
            pass  # a damaged database: its erasures are in the ledger or lost with it
    staging = profile / (DB_NAME + ".restoring")
    staging.unlink(missing_ok=True)
    if is_plain(chosen.path):  # from before the database was encrypted
        export_encrypted(chosen.path, staging, key)
    else:
        source = _connect_backup(chosen.path, key)
        try:
            copy_database(source, staging, key)
        finally:
            source.close()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    before: Path | None = None  # the copy of what is there now, whose audit trail goes on
    if current.exists():
        try:
            live = connect(current, key)
        except database_errors():
            live = None
        if live is not None:
            try:
                target = backup_folder(profile) / f"vault-{stamp}-before-restore.sqlite3"
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                copy_database(live, target, key)
                before = target
            finally:
                live.close()
            prune(profile)
        else:
            # A damaged file is exactly when a restore is needed: it is kept aside as it is.
            aside = backup_folder(profile) / f"vault-{stamp}-before-restore-damaged.sqlite3"
            aside.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copyfile(current, aside)
            private_file(aside)
    for suffix in ("-wal", "-shm"):
        Path(str(current) + suffix).unlink(missing_ok=True)
    os.replace(staging, current)
    # Families erased since the backup was taken go again at once, not at the next unlock.
    restored = Vault.open(profile)
    try:
        restored.unlock_with_keyring(keyring)
        if before is not None and before.exists():
            from relapp.store import audit  # the trail goes on from where it was, not back

            source = _connect_backup(before, key)
            try:
                audit.carry_forward(source, restored)
            finally:
                source.close()
        erasure.replay(restored)
    finally:
        restored.close()
    return chosen


def _connect_backup(path: Path, key: bytes):  # noqa: ANN202 - a DB-API connection
    """A backup, read-only: plain (from before encryption) or encrypted with key."""
    if is_plain(path):
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return open_keyed(lambda: sqlcipher().connect(f"file:{path}?mode=ro", uri=True), key)

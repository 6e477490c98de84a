"""Automatic local backups of the (already encrypted) vault file, and restoring one.

Backups are taken daily, before migrations and before imports; the newest KEEP are kept.
Restoring keeps today's key slots, so the current passphrase and recovery code still open the
restored data (the vault key itself never changes).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from relapp.paths import BACKUP_DIR, DB_NAME
from relapp.store.db import private_file
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


def backup_if_due(vault: Vault, every: timedelta = timedelta(days=1)) -> Backup | None:
    latest = list_backups(vault.folder)
    if latest and datetime.now(UTC) - latest[0].taken_at < every:
        return None
    return take_backup(vault, "daily")


def restore_backup(profile: Path, name: str) -> Backup:
    """Replace the profile's vault with a backup. The vault must not be open elsewhere.

    A backup of the current state is taken first, so a restore can itself be undone.
    """
    matches = [b for b in list_backups(profile) if b.name == name]
    if not matches:
        raise VaultError(f"There is no backup called {name}. See 'relapp backups list'.")
    chosen = matches[0]
    current = profile / DB_NAME
    check = sqlite3.connect(f"file:{chosen.path}?mode=ro", uri=True)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise VaultError(f"The backup {name} is damaged and was not restored.")
        backup_profile = check.execute("SELECT value FROM meta WHERE key = 'profile_id'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise VaultError(f"The backup {name} is not a readable Relapp vault ({exc}).") from exc
    finally:
        check.close()
    # A missing or damaged vault is exactly when a restore is needed: then the backup keeps
    # its own key slots (the passphrase of its day) and the damaged file is kept aside.
    slots: list[tuple[object, ...]] | None = None
    if current.is_file():
        try:
            live = sqlite3.connect(str(current))
            try:
                profile_id = live.execute(
                    "SELECT value FROM meta WHERE key = 'profile_id'"
                ).fetchone()
                slots = live.execute(
                    "SELECT kind, salt, params, wrapped, updated_at FROM keyslots"
                ).fetchall()
            finally:
                live.close()
        except sqlite3.DatabaseError:
            slots = None
        if slots is not None and backup_profile != profile_id:
            raise VaultError(f"The backup {name} belongs to another profile and was not restored.")

    # Build the restored file beside the vault first (taking the before-restore backup may
    # prune the chosen one when it is the oldest), back up what is there now, then swap the
    # restored file in with one rename so a crash leaves either the old or the new file.
    staging = profile / (DB_NAME + ".restoring")
    source = sqlite3.connect(f"file:{chosen.path}?mode=ro", uri=True)
    dest = sqlite3.connect(str(staging))
    try:
        source.backup(dest)
        if slots is not None:
            dest.execute("DELETE FROM keyslots")
            dest.executemany(
                "INSERT INTO keyslots(kind, salt, params, wrapped, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                slots,
            )
            dest.commit()
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        source.close()
        dest.close()
    private_file(staging)
    if slots is not None:
        vault = Vault.open(profile)
        try:
            take_backup(vault, "before-restore")
        finally:
            vault.close()
    elif current.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = backup_folder(profile) / f"vault-{stamp}-before-restore-damaged.sqlite3"
        shutil.copyfile(current, aside)
        private_file(aside)
    for suffix in ("-wal", "-shm"):
        Path(str(current) + suffix).unlink(missing_ok=True)
    os.replace(staging, current)
    return chosen

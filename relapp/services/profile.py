"""Opening, creating and unlocking a profile: the entry point the app and the CLI share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from relapp.assets import resources_dir
from relapp.crypto.kdf import KdfParams
from relapp.domain.definitions import Definitions, load_definitions
from relapp.domain.passphrase import check_strength
from relapp.domain.records import ROLES
from relapp.services.errors import ServiceError, why_not_written
from relapp.services.records import RecordService
from relapp.services.search import keep_category_titles
from relapp.store import audit
from relapp.store.backups import Backup, backup_folder, backup_if_due
from relapp.store.erasure import finish_pending as finish_erasures
from relapp.store.erasure import replay as replay_erasures
from relapp.store.vault import BackupStopped, Vault


def load_shipped_definitions(extra: list[Path] | None = None) -> Definitions:
    return load_definitions(resources_dir(), extra or [])


@dataclass
class Session:
    """An unlocked profile with everything the use cases need."""

    vault: Vault
    records: RecordService

    @property
    def definitions(self) -> Definitions:
        return self.records.definitions

    def lock(self) -> None:
        self.vault.lock()

    def close(self) -> None:
        self.vault.close()


def validate_new_passphrase(passphrase: str, repeated: str | None = None) -> None:
    if repeated is not None and passphrase != repeated:
        raise ServiceError("The two passphrases are not the same.")
    strength = check_strength(passphrase)
    if not strength.ok:
        raise ServiceError(strength.message)


def create_profile(
    folder: Path,
    name: str,
    role: str,
    passphrase: str,
    definitions: Definitions | None = None,
    kdf_params: KdfParams | None = None,
) -> tuple[Session, str]:
    """Create a profile. Returns the unlocked session and the recovery code to show once."""
    if not name.strip():
        raise ServiceError("Please give your name.")
    if role not in ROLES:
        raise ServiceError(f"The role must be one of: {', '.join(ROLES)}.")
    validate_new_passphrase(passphrase)
    vault, code = Vault.create(folder, name.strip(), role, passphrase, kdf_params=kdf_params)
    return _session(vault, definitions), code


def open_session(
    vault: Vault, definitions: Definitions | None = None, *, backup: bool = True
) -> Session:
    """Wrap an unlocked vault: erasures are replayed first (a restored backup must not bring
    an erased family back), then the daily backup is taken when one is due. With
    backup=False it is left to the caller (the app takes it after the first page is shown:
    with years of records it takes seconds)."""
    finish_erasures(vault)
    replay_erasures(vault)
    failed = getattr(vault, "failed_attempts", 0)
    audit.record(vault, "unlock_after_failures" if failed else "unlock")
    session = _session(vault, definitions)
    if backup:
        daily_backup(session)
    return session


def daily_backup(session: Session) -> Backup | None:
    """Take the day's backup when none was taken in the last day; None when none was due,
    or when a lock or an erasure stopped it (it is taken at the next chance instead)."""
    try:
        return backup_if_due(session.vault)
    except BackupStopped:
        return None
    except OSError as exc:
        raise ServiceError(
            f"Today's backup could not be written to {backup_folder(session.vault.folder)}:"
            f" {why_not_written(exc)}. Your records are safe; it is tried again at the next"
            " unlock."
        ) from None


def _session(vault: Vault, definitions: Definitions | None) -> Session:
    records = RecordService(vault, definitions or load_shipped_definitions())
    keep_category_titles(records)  # barriers are found by these definitions' titles
    return Session(vault, records)


def unlock_profile(
    folder: Path,
    passphrase: str,
    definitions: Definitions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    backup: bool = True,
) -> Session:
    """Open and unlock a profile. A profile from an older Relapp is upgraded first (a backup
    before), telling `progress` (done, total) as it goes. The daily backup: open_session."""
    vault = Vault.open(folder)
    vault.upgrade_progress = progress
    try:
        vault.unlock(passphrase)
    except BaseException:
        vault.close()
        raise
    return open_session(vault, definitions, backup=backup)


def recover(
    folder: Path,
    code: str,
    new_passphrase: str,
    *,
    repeated: str | None = None,
    new_code: bool = False,
    backup: bool = True,
) -> tuple[Session, str | None]:
    """Someone who forgot their passphrase: unlock the profile in folder with its recovery
    code and set new_passphrase (the same as repeated, when it was typed twice, and strong
    enough: checked once the code is known good, before anything changes). With new_code the
    old recovery code stops working and the new one is returned. The command line and the
    app's unlock screen both recover through here."""
    vault = Vault.open(folder)
    try:
        vault.unlock_with_recovery(code)
        validate_new_passphrase(new_passphrase, repeated)
        vault.change_passphrase(new_passphrase)
        fresh = vault.new_recovery_code() if new_code else None
    except BaseException:
        vault.close()
        raise
    return open_session(vault, backup=backup), fresh

"""Automatic backups of the vault file: keeping, scheduling and restoring, on real files."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from relapp.paths import BACKUP_DIR, DB_NAME
from relapp.store.backups import (
    KEEP,
    backup_if_due,
    list_backups,
    restore_backup,
    take_backup,
)
from relapp.store.vault import Vault, VaultError, WrongPassphrase
from tests.conftest import raw_connect, vault_key

PASSPHRASE = "kettle orbit meadow lantern"  # as in conftest
NEW_PASSPHRASE = "violet harbour copper thistle"
FIXTURES = Path(__file__).parent / "fixtures"


def family(ref: str, name: str) -> dict[str, str]:
    return {"reference": ref, "display_name": name}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a profile folder, by relative path, with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_keeps_only_the_newest_seven(profile_dir: Path) -> None:
    vault, _ = Vault.create(profile_dir, "Sam", "practitioner", PASSPHRASE)
    try:
        taken = [take_backup(vault, "manual") for _ in range(KEEP + 2)]
    finally:
        vault.close()
    assert KEEP == 7
    left = list_backups(profile_dir)
    assert len(left) == 7
    assert len(list((profile_dir / BACKUP_DIR).iterdir())) == 7
    assert [b.name for b in left] == [b.name for b in reversed(taken[2:])]  # newest first
    assert left[0].name == taken[-1].name
    assert not taken[0].path.exists() and not taken[1].path.exists()
    for b in left:
        assert b.reason == "manual" and b.size > 0
        assert stat.S_IMODE(b.path.stat().st_mode) == 0o600
        conn = raw_connect(b.path, key=vault_key(profile_dir))
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        finally:
            conn.close()
    assert not list((profile_dir / BACKUP_DIR).glob("*.part"))


def test_backup_if_due_takes_one_a_day(profile_dir: Path) -> None:
    vault, _ = Vault.create(profile_dir, "Sam", "practitioner", PASSPHRASE)
    try:
        first = backup_if_due(vault)
        assert first is not None and first.reason == "daily"
        assert backup_if_due(vault) is None
        assert len(list_backups(profile_dir)) == 1

        # Age the backup to 25 hours ago by giving it an older name.
        old_stamp = (datetime.now(UTC) - timedelta(hours=25)).strftime("%Y%m%dT%H%M%S%fZ")
        aged = first.path.with_name(f"vault-{old_stamp}-daily.sqlite3")
        first.path.rename(aged)
        second = backup_if_due(vault)
        assert second is not None
        assert [b.name for b in list_backups(profile_dir)] == [second.name, aged.name]
        assert backup_if_due(vault) is None

        # 23 hours old is not due yet.
        recent = (datetime.now(UTC) - timedelta(hours=23)).strftime("%Y%m%dT%H%M%S%fZ")
        second.path.rename(second.path.with_name(f"vault-{recent}-daily.sqlite3"))
        assert backup_if_due(vault) is None
        assert len(list_backups(profile_dir)) == 2
    finally:
        vault.close()


def test_list_ignores_foreign_files(profile_dir: Path) -> None:
    vault, _ = Vault.create(profile_dir, "Sam", "practitioner", PASSPHRASE)
    try:
        real = take_backup(vault, "manual")
    finally:
        vault.close()
    folder = profile_dir / BACKUP_DIR
    (folder / "notes.txt").write_text("hello")
    (folder / "vault-garbage-name.sqlite3").write_bytes(b"x")
    (folder / "vault-20260101T000000Z.sqlite3.part").write_bytes(b"x")
    assert [b.name for b in list_backups(profile_dir)] == [real.name]


def test_restore_brings_back_old_content_under_current_passphrase(profile_dir: Path) -> None:
    vault, code = Vault.create(profile_dir, "Sam", "practitioner", PASSPHRASE)
    kept = vault.put("family", family("F-1", "Before backup"))
    chosen = take_backup(vault, "manual")
    vault.put("family", family("F-1", "Edited after"), record_id=kept.id, expected_version=1)
    later = vault.put("family", family("F-2", "Added after"))
    vault.change_passphrase(NEW_PASSPHRASE)
    new_code = vault.new_recovery_code()
    vault.close()

    restored = restore_backup(profile_dir, chosen.name, NEW_PASSPHRASE)
    assert restored.name == chosen.name

    reasons = [b.reason for b in list_backups(profile_dir)]
    assert reasons.count("before-restore") == 1
    assert chosen.path.exists()  # the backup itself is still there

    v = Vault.open(profile_dir)
    try:
        with pytest.raises(WrongPassphrase):
            v.unlock(PASSPHRASE)
        v.unlock(NEW_PASSPHRASE)
        assert v.get(kept.id).data["display_name"] == "Before backup"
        assert v.get(kept.id).version == 1
        assert [r.id for r in v.list("family")] == [kept.id]
        assert v.integrity_ok()
        v.lock()
        with pytest.raises(WrongPassphrase):
            v.unlock_with_recovery(code)  # the recovery code of the time is not restored
        v.unlock_with_recovery(new_code)
    finally:
        v.close()
    assert stat.S_IMODE((profile_dir / DB_NAME).stat().st_mode) == 0o600
    assert not (profile_dir / (DB_NAME + ".restoring")).exists()

    # The restore can itself be undone from the before-restore backup.
    undo = next(b for b in list_backups(profile_dir) if b.reason == "before-restore")
    restore_backup(profile_dir, undo.name, NEW_PASSPHRASE)
    v = Vault.open(profile_dir)
    try:
        v.unlock(NEW_PASSPHRASE)
        assert v.get(kept.id).data["display_name"] == "Edited after"
        assert v.get(later.id).data["display_name"] == "Added after"
    finally:
        v.close()


def test_restoring_the_oldest_backup_when_the_folder_is_full(profile_dir: Path) -> None:
    vault, _ = Vault.create(profile_dir, "Sam", "practitioner", PASSPHRASE)
    rec = vault.put("family", family("F-1", "Version 0"))
    for i in range(1, KEEP + 1):
        take_backup(vault, "manual")
        vault.put("family", family("F-1", f"Version {i}"), record_id=rec.id, expected_version=i)
    vault.close()
    backups = list_backups(profile_dir)
    assert len(backups) == KEEP
    oldest = backups[-1]

    restore_backup(profile_dir, oldest.name, PASSPHRASE)

    v = Vault.open(profile_dir)
    try:
        v.unlock(PASSPHRASE)
        assert v.get(rec.id).data["display_name"] == "Version 0"
    finally:
        v.close()
    assert len(list_backups(profile_dir)) == KEEP
    assert list_backups(profile_dir)[0].reason == "before-restore"


def test_restore_the_before_migration_backup(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir(mode=0o700)
    shutil.copy(FIXTURES / "vault-v1.sqlite3", folder / DB_NAME)
    v = Vault.open(folder)
    v.unlock("fixture passphrase one")
    added = v.put("family", family("FX-9", "Written after the upgrade"))
    v.close()
    (pre,) = [b for b in list_backups(folder) if b.reason == "before-migration-v1"]

    restore_backup(folder, pre.name, "fixture passphrase one")

    v = Vault.open(folder)  # upgraded again on open
    try:
        v.unlock("fixture passphrase one")
        ids = [r.id for r in v.list("family")]
        assert added.id not in ids
        assert [r.data["display_name"] for r in v.list("family")] == ["Fixture family (renamed)"]
    finally:
        v.close()


def test_restore_unknown_name_changes_nothing(profile_dir: Path) -> None:
    vault, _ = Vault.create(profile_dir, "Sam", "practitioner", PASSPHRASE)
    vault.put("family", family("F-1", "x"))
    take_backup(vault, "manual")
    vault.close()
    before = snapshot(profile_dir)
    with pytest.raises(VaultError, match="no backup called"):
        restore_backup(profile_dir, "vault-20990101T000000000000Z-manual.sqlite3", PASSPHRASE)
    with pytest.raises(VaultError):
        restore_backup(profile_dir, "../vault.sqlite3", PASSPHRASE)
    assert snapshot(profile_dir) == before


@pytest.mark.parametrize("damage", ["garbage", "truncated", "not-a-vault", "flipped-page"])
def test_restore_damaged_backup_changes_nothing(profile_dir: Path, damage: str) -> None:
    vault, _ = Vault.create(profile_dir, "Sam", "practitioner", PASSPHRASE)
    for i in range(30):
        vault.put("family", family(f"F-{i}", "x" * 500))
    good = take_backup(vault, "manual")
    vault.close()
    name = "vault-20200101T000000000000Z-manual.sqlite3"
    bad = profile_dir / BACKUP_DIR / name
    data = good.path.read_bytes()
    if damage == "garbage":
        bad.write_bytes(b"\x00garbage" * 4096)
    elif damage == "truncated":
        bad.write_bytes(data[: len(data) // 3])
    elif damage == "not-a-vault":
        conn = sqlite3.connect(str(bad))
        conn.execute("CREATE TABLE other(x)")
        conn.commit()
        conn.close()
    else:
        # Scribble over an interior b-tree page's header: structure damage SQLite can see.
        page = 4096
        broken = bytearray(data)
        broken[3 * page : 3 * page + 64] = b"\xff" * 64
        bad.write_bytes(bytes(broken))
    before = snapshot(profile_dir)
    with pytest.raises(VaultError, match=name):
        restore_backup(profile_dir, name, PASSPHRASE)
    assert snapshot(profile_dir) == before
    assert not any(b.reason == "before-restore" for b in list_backups(profile_dir))


def test_restore_refuses_another_profiles_backup(tmp_path: Path) -> None:
    a, _ = Vault.create(tmp_path / "a", "A", "practitioner", PASSPHRASE)
    b, _ = Vault.create(tmp_path / "b", "B", "practitioner", PASSPHRASE)
    foreign = take_backup(a, "manual")
    a.close()
    b.close()
    target = tmp_path / "b" / BACKUP_DIR
    target.mkdir(mode=0o700)
    shutil.copy(foreign.path, target / foreign.name)
    before = snapshot(tmp_path / "b")
    with pytest.raises(VaultError, match="another profile"):
        restore_backup(tmp_path / "b", foreign.name, PASSPHRASE)
    assert snapshot(tmp_path / "b") == before


@pytest.mark.parametrize("how", ["damaged", "missing"])
def test_restore_over_a_damaged_or_missing_vault(profile_dir: Path, how: str) -> None:
    vault, _ = Vault.create(profile_dir, "Sam", "practitioner", PASSPHRASE)
    rec = vault.put("family", family("F-1", "Saved in the backup"))
    chosen = take_backup(vault, "daily")
    vault.put("family", family("F-2", "Lost with the damage"))
    vault.change_passphrase(NEW_PASSPHRASE)
    vault.close()
    db = profile_dir / DB_NAME
    if how == "damaged":
        garbage = b"\x00disk trouble" * 5000
        db.write_bytes(garbage)
        damaged = Vault.open(profile_dir)  # only the key file is read before unlock
        with pytest.raises(VaultError, match="damaged"):
            damaged.unlock(NEW_PASSPHRASE)
        damaged.close()
    else:
        db.unlink()

    restore_backup(profile_dir, chosen.name, NEW_PASSPHRASE)

    v = Vault.open(profile_dir)
    try:
        # The key file beside the database was not damaged: today's passphrase opens it.
        v.unlock(NEW_PASSPHRASE)
        assert [r.id for r in v.list("family")] == [rec.id]
        assert v.integrity_ok()
    finally:
        v.close()
    aside = [b for b in list_backups(profile_dir) if b.reason.startswith("before-restore")]
    if how == "damaged":
        assert len(aside) == 1 and aside[0].path.read_bytes() == garbage  # kept, not lost
        assert stat.S_IMODE(aside[0].path.stat().st_mode) == 0o600
    else:
        assert aside == []

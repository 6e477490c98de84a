"""The local vault on real SQLite files with real encryption: keys, history, damage, migration."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from relapp.crypto.recovery import ALPHABET, RecoveryCodeError
from relapp.paths import BACKUP_DIR, DB_NAME
from relapp.store import schema
from relapp.store.backups import list_backups, restore_backup
from relapp.store.keyfile import KEYS_NAME
from relapp.store.vault import (
    FAILURES_BEFORE_DELAY,
    NewRecord,
    RecordNotFound,
    RecordUnreadable,
    TooManyAttempts,
    Vault,
    VaultError,
    VaultLocked,
    VersionConflict,
    WrongPassphrase,
    fields,
    utc_now,
)
from tests.conftest import raw_connect

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_PASSPHRASE = "fixture passphrase one"
PASSPHRASE = "kettle orbit meadow lantern"  # as in conftest
NEW_PASSPHRASE = "violet harbour copper thistle"


def family(ref: str, name: str, **extra: object) -> dict[str, object]:
    return {"reference": ref, "display_name": name, **extra}


def dump(db: Path, table: str, order: str, key: bytes | None = None) -> list[tuple[object, ...]]:
    """Every row of a table, read with a separate connection (what is really on disk)."""
    conn = raw_connect(db, key=key)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
    finally:
        conn.close()


def attempts(db: Path) -> int:
    """The count of wrong attempts, as the key file beside the database holds it."""
    return json.loads((db.parent / KEYS_NAME).read_text())["attempts"]["failures"]


def set_attempts(db: Path, failures: int, last_failure: str) -> None:
    path = db.parent / KEYS_NAME
    doc = json.loads(path.read_text())
    doc["attempts"] = {"failures": failures, "last_failure": last_failure}
    path.write_text(json.dumps(doc))


def raw(db: Path, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    conn = raw_connect(db)
    try:
        rows = conn.execute(sql, args).fetchall()
    finally:
        conn.close()
    return rows


@pytest.fixture
def vault(profile_dir: Path) -> Iterator[Vault]:
    v, _code = Vault.create(profile_dir, "Sam Carter", "practitioner", PASSPHRASE)
    yield v
    v.close()


@pytest.fixture
def vault_and_code(profile_dir: Path) -> Iterator[tuple[Vault, str]]:
    v, code = Vault.create(profile_dir, "Sam Carter", "practitioner", PASSPHRASE)
    yield v, code
    v.close()


def reopen(v: Vault) -> Vault:
    folder = v.folder
    v.close()
    return Vault.open(folder)


# ---- create, unlock, lock ---------------------------------------------------------------


def test_create_unlock_lock_round_trip(profile_dir: Path) -> None:
    v, code = Vault.create(profile_dir, "Sam Carter", "practitioner", PASSPHRASE)
    assert v.is_unlocked
    assert v.identity().name == "Sam Carter"
    assert v.identity().role == "practitioner"
    rec = v.put("family", family("F-1", "Okafor family"))
    v.lock()
    assert not v.is_unlocked
    with pytest.raises(VaultLocked):
        v.get(rec.id)
    with pytest.raises(VaultLocked):
        v.put("family", family("F-2", "x"))
    v.close()

    v = Vault.open(profile_dir)
    try:
        assert not v.is_unlocked
        v.unlock(PASSPHRASE)
        got = v.get(rec.id)
        assert got.data == {"reference": "F-1", "display_name": "Okafor family"}
        assert got.version == 1 and got.kind == "family" and not got.deleted
        assert v.identity().member_id == v.member_id
    finally:
        v.close()


def test_create_refuses_existing_profile(vault: Vault) -> None:
    with pytest.raises(VaultError, match="already a Relapp profile"):
        Vault.create(vault.folder, "Other", "practitioner", PASSPHRASE)


def test_open_missing_profile_is_clear(tmp_path: Path) -> None:
    with pytest.raises(VaultError, match="no Relapp profile"):
        Vault.open(tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_wrong_passphrase_changes_no_record_bytes(vault: Vault) -> None:
    vault.put("family", family("F-1", "Okafor family"))
    vault.put("family", family("F-2", "Nowak family"))
    db = vault.path
    v = reopen(vault)
    try:
        tables = {
            "records": "id",
            "record_versions": "record_id, version",
            "meta": "key",
        }
        before = {t: dump(db, t, order) for t, order in tables.items()}
        file_before = db.read_bytes()
        slots_before = json.loads((db.parent / KEYS_NAME).read_text())["slots"]
        with pytest.raises(WrongPassphrase, match="not right"):
            v.unlock("kettle orbit meadow lantern!")
        assert not v.is_unlocked
        assert db.read_bytes() == file_before  # the database is not even opened
        assert {t: dump(db, t, order) for t, order in tables.items()} == before
        # The failure is counted in the key file, nothing else.
        assert json.loads((db.parent / KEYS_NAME).read_text())["slots"] == slots_before
        assert attempts(db) == 1
    finally:
        v.close()


def test_repeated_failures_slow_down_then_clear(vault: Vault) -> None:
    db = vault.path
    v = reopen(vault)
    try:
        for _ in range(FAILURES_BEFORE_DELAY):
            with pytest.raises(WrongPassphrase):
                v.unlock("not the passphrase at all")
        assert attempts(db) == FAILURES_BEFORE_DELAY
        assert 0 < v.seconds_until_next_attempt() <= 1
        # Pretend many more failures just happened (another process, say): a longer wait,
        # which even the right passphrase cannot skip.
        set_attempts(db, 7, utc_now())
        wait = v.seconds_until_next_attempt()
        assert 10 < wait <= 16
        with pytest.raises(TooManyAttempts, match=r"wait \d+ seconds"):
            v.unlock(PASSPHRASE)
        with pytest.raises(TooManyAttempts):
            v.unlock("not the passphrase at all")
        assert not v.is_unlocked
        # The failure counter did not move while throttled.
        assert attempts(db) == 7
        # Once the wait is over, the right passphrase works and the counter is cleared.
        set_attempts(db, 7, "2000-01-01T00:00:00+00:00")
        assert v.seconds_until_next_attempt() == 0
        v.unlock(PASSPHRASE)
        assert v.is_unlocked
        assert attempts(db) == 0
    finally:
        v.close()


def test_throttle_is_shared_between_processes_via_the_file(vault: Vault) -> None:
    db = vault.path
    vault.close()
    for _ in range(FAILURES_BEFORE_DELAY):
        other = Vault.open(db.parent)
        with pytest.raises(WrongPassphrase):
            other.unlock("not the passphrase at all")
        other.close()
    fresh = Vault.open(db.parent)
    try:
        # Each failure came from a different Vault (as from separate runs); all were counted.
        assert attempts(db) == FAILURES_BEFORE_DELAY
        assert fresh.seconds_until_next_attempt() > 0
    finally:
        fresh.close()


# ---- recovery code ----------------------------------------------------------------------


def test_recovery_code_unlocks(vault_and_code: tuple[Vault, str]) -> None:
    v, code = vault_and_code
    rec = v.put("family", family("F-1", "Okafor family"))
    v2 = reopen(v)
    try:
        v2.unlock_with_recovery(code.lower().replace("-", " "))  # forgiving about case/spaces
        assert v2.get(rec.id).data["display_name"] == "Okafor family"
    finally:
        v2.close()


def _typo(code: str) -> str:
    """Replace one character with a different symbol (not a Crockford alias of it)."""
    i = 7
    ch = code[i]
    replacement = next(c for c in ALPHABET if c != ch and c not in "01")
    return code[:i] + replacement + code[i + 1 :]


def test_mistyped_recovery_code_is_a_typo_not_a_wrong_code(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir(mode=0o700)
    shutil.copy(FIXTURES / "vault-v1.sqlite3", folder / DB_NAME)
    code = (FIXTURES / "vault-v1.code").read_text().strip()
    v = Vault.open(folder)
    try:
        with pytest.raises(RecoveryCodeError, match="typing mistake"):
            v.unlock_with_recovery(_typo(code))
        with pytest.raises(RecoveryCodeError, match="characters"):
            v.unlock_with_recovery(code[:-2])
        with pytest.raises(RecoveryCodeError, match="never used"):
            v.unlock_with_recovery(code[:-1] + "U")
        assert not v.is_unlocked
        # A typo is not counted as a guess.
        assert not (folder / KEYS_NAME).exists() and v.seconds_until_next_attempt() == 0
        v.unlock_with_recovery(code)
        assert v.is_unlocked
    finally:
        v.close()


def test_another_profiles_recovery_code_is_refused(tmp_path: Path) -> None:
    a, code_a = Vault.create(tmp_path / "a", "A Person", "practitioner", PASSPHRASE)
    b, _code_b = Vault.create(tmp_path / "b", "B Person", "practitioner", PASSPHRASE)
    a.close()
    b.lock()
    try:
        with pytest.raises(WrongPassphrase, match="another profile"):
            b.unlock_with_recovery(code_a)
        assert not b.is_unlocked
    finally:
        b.close()


def test_new_recovery_code_replaces_old(vault_and_code: tuple[Vault, str]) -> None:
    v, old = vault_and_code
    new = v.new_recovery_code()
    assert new != old
    v.lock()
    with pytest.raises(WrongPassphrase):
        v.unlock_with_recovery(old)
    v.unlock_with_recovery(new)
    assert v.is_unlocked


# ---- passphrase change -------------------------------------------------------------------


def test_change_passphrase_rewraps_keys_only(vault_and_code: tuple[Vault, str]) -> None:
    v, code = vault_and_code
    ids = [v.put("family", family(f"F-{i}", f"Family {i}")).id for i in range(5)]
    v.put("family", family("F-0", "Family 0, renamed"), record_id=ids[0], expected_version=1)
    v.delete(ids[1])
    db = v.path
    records_before = dump(db, "records", "id")
    versions_before = dump(db, "record_versions", "record_id, version")
    file_before = db.read_bytes()
    slots_before = json.loads((db.parent / KEYS_NAME).read_text())["slots"]

    v.change_passphrase(NEW_PASSPHRASE)

    # Only the key file changes: the database keeps its key and every byte.
    assert db.read_bytes() == file_before
    key = v.keyring().vault_key
    assert dump(db, "records", "id", key=key) == records_before
    assert dump(db, "record_versions", "record_id, version", key=key) == versions_before
    slots_after = json.loads((db.parent / KEYS_NAME).read_text())["slots"]
    assert slots_after["recovery"] == slots_before["recovery"]
    assert slots_after["passphrase"] != slots_before["passphrase"]

    v2 = reopen(v)
    try:
        with pytest.raises(WrongPassphrase):
            v2.unlock(PASSPHRASE)
        v2.unlock(NEW_PASSPHRASE)
        assert v2.get(ids[0]).data["display_name"] == "Family 0, renamed"
        v2.lock()
        v2.unlock_with_recovery(code)  # the recovery code still works
        assert v2.get(ids[2]).data["display_name"] == "Family 2"
    finally:
        v2.close()


def test_change_passphrase_needs_unlocked_vault(vault: Vault) -> None:
    vault.lock()
    with pytest.raises(VaultLocked):
        vault.change_passphrase(NEW_PASSPHRASE)


# ---- history, trash, conflicts -------------------------------------------------------------


def test_every_version_is_kept(vault: Vault) -> None:
    rec = vault.put("family", family("F-1", "First"))
    vault.put("family", family("F-1", "Second"), record_id=rec.id, expected_version=1)
    third = vault.put("family", family("F-1", "Third"), record_id=rec.id, expected_version=2)
    assert third.version == 3
    history = vault.history(rec.id)
    assert [h.version for h in history] == [1, 2, 3]
    assert [h.data["display_name"] for h in history] == ["First", "Second", "Third"]
    assert all(h.error is None for h in history)
    assert vault.get(rec.id).data["display_name"] == "Third"
    assert len(dump(vault.path, "record_versions", "record_id, version")) == 3
    assert vault.count("family") == 1
    with pytest.raises(RecordNotFound):
        vault.history("no-such-record")


def test_iter_opens_in_chunks_in_list_order_and_projects(vault: Vault, monkeypatch) -> None:
    import relapp.store.vault as vault_module

    monkeypatch.setattr(vault_module, "ITER_CHUNK", 3)
    saved = vault.put_many(
        [NewRecord("family", family(f"F-{n}", f"Family {n}", notes="x" * 50)) for n in range(8)]
    )
    damaged = saved[4].id
    with vault.connection_for_backup() as conn:
        conn.execute(
            "UPDATE record_versions SET body = ? WHERE record_id = ?", (b"\0" * 60, damaged)
        )
    listed = vault.list("family")
    assert [r.id for r in vault.iter("family")] == [r.id for r in listed]
    assert [r.id for r in vault.iter("family", oldest_first=True)] == [
        r.id for r in reversed(listed)
    ]
    slim = list(vault.iter("family", keep=fields("display_name", "status")))
    opened = [r for r in slim if r.error is None]
    assert len(opened) == 7 and all(set(r.data) == {"display_name"} for r in opened)
    assert [r.id for r in slim if r.error] == [damaged]  # reported, never dropped
    assert slim[0].data["display_name"] == listed[0].data["display_name"]


def test_iter_sees_changes_made_while_it_runs(vault: Vault, monkeypatch) -> None:
    import relapp.store.vault as vault_module

    monkeypatch.setattr(vault_module, "ITER_CHUNK", 2)
    saved = [vault.put("family", family(f"F-{n}", f"Family {n}")) for n in range(6)]
    seen = []
    for record in vault.iter("family", oldest_first=True):
        seen.append((record.id, record.data["display_name"]))
        if len(seen) == 1:
            vault.put("family", family("F-5", "Renamed"), record_id=saved[5].id,
                      expected_version=1)  # fmt: skip
            vault.delete(saved[4].id)
    assert [rid for rid, _ in seen] == [r.id for r in saved if r.id != saved[4].id]
    assert seen[-1] == (saved[5].id, "Renamed")


def test_delete_goes_to_trash_and_restores(vault: Vault) -> None:
    keep = vault.put("family", family("F-1", "Kept"))
    gone = vault.put("family", family("F-2", "Binned"))
    deleted = vault.delete(gone.id)
    assert deleted.deleted and deleted.version == 2
    assert [r.id for r in vault.list("family")] == [keep.id]
    trash = vault.trash()
    assert [r.id for r in trash] == [gone.id]
    assert trash[0].data["display_name"] == "Binned"  # tombstone keeps the last content
    assert vault.count("family") == 1 and vault.count("family", deleted=True) == 1

    restored = vault.restore(gone.id)
    assert not restored.deleted and restored.version == 3
    assert sorted(r.id for r in vault.list("family")) == sorted([keep.id, gone.id])
    assert vault.trash() == []
    assert [h.deleted for h in vault.history(gone.id)] == [False, True, False]
    # Nothing was ever removed from disk.
    assert len(dump(vault.path, "record_versions", "record_id, version")) == 4


def test_expected_version_mismatch_is_a_conflict(vault: Vault) -> None:
    rec = vault.put("family", family("F-1", "Original"))
    vault.put("family", family("F-1", "Edit on laptop"), record_id=rec.id, expected_version=1)
    before = dump(vault.path, "record_versions", "record_id, version")
    with pytest.raises(VersionConflict, match="changed elsewhere"):
        vault.put("family", family("F-1", "Stale edit"), record_id=rec.id, expected_version=1)
    assert dump(vault.path, "record_versions", "record_id, version") == before
    assert vault.get(rec.id).data["display_name"] == "Edit on laptop"
    with pytest.raises(RecordNotFound):
        vault.put("family", family("F-9", "x"), record_id="missing-id", expected_version=3)
    with pytest.raises(VaultError, match="is a family, not a visit"):
        vault.put("visit", {"family_id": rec.id}, record_id=rec.id)


def test_put_many_is_all_or_nothing(vault: Vault) -> None:
    from relapp.store.vault import NewRecord

    first = vault.put("family", family("F-1", "One"))
    with pytest.raises(VersionConflict):
        vault.put_many(
            [
                NewRecord("family", family("F-2", "Two")),
                NewRecord("family", family("F-1", "Stale"), id=first.id, expected_version=5),
            ]
        )
    assert vault.count() == 1
    assert len(dump(vault.path, "record_versions", "record_id, version")) == 1


# ---- damaged and moved ciphertext ----------------------------------------------------------


def test_flipped_byte_names_the_damaged_record(vault: Vault) -> None:
    good = vault.put("family", family("F-1", "Good one"))
    bad = vault.put("family", family("F-2", "Damaged one"))
    other = vault.put("visit", {"family_id": good.id, "when": "2026-03-01T10:00", "mode": "home"})
    db = vault.path
    vault.close()

    (body,) = raw(db, "SELECT body FROM record_versions WHERE record_id = ?", (bad.id,))[0]
    flipped = bytearray(body)
    flipped[len(flipped) // 2] ^= 0x01
    raw(db, "UPDATE record_versions SET body = ? WHERE record_id = ?", (bytes(flipped), bad.id))

    v = Vault.open(db.parent)
    try:
        v.unlock(PASSPHRASE)
        families = {r.id: r for r in v.list("family")}
        assert set(families) == {good.id, bad.id}  # never dropped
        assert families[bad.id].error is not None
        assert bad.id in families[bad.id].error
        assert families[bad.id].data == {}
        assert families[good.id].error is None
        assert families[good.id].data["display_name"] == "Good one"
        with pytest.raises(RecordUnreadable) as info:
            v.get(bad.id)
        assert bad.id in str(info.value)
        assert v.get(bad.id, strict=False).error
        assert v.get(good.id).data["display_name"] == "Good one"
        assert v.get(other.id).data["mode"] == "home"
    finally:
        v.close()


def test_body_moved_to_another_row_fails_to_open(vault: Vault) -> None:
    a = vault.put("family", family("F-1", "Family A"))
    b = vault.put("family", family("F-2", "Family B"))
    db = vault.path
    vault.close()
    (body_a,) = raw(db, "SELECT body FROM record_versions WHERE record_id = ?", (a.id,))[0]
    raw(db, "UPDATE record_versions SET body = ? WHERE record_id = ?", (body_a, b.id))
    v = Vault.open(db.parent)
    try:
        v.unlock(PASSPHRASE)
        with pytest.raises(RecordUnreadable, match=b.id):
            v.get(b.id)
        assert v.get(a.id).data["display_name"] == "Family A"
    finally:
        v.close()


def test_older_version_body_replayed_as_newest_fails(vault: Vault) -> None:
    rec = vault.put("family", family("F-1", "Old text"))
    vault.put("family", family("F-1", "New text"), record_id=rec.id, expected_version=1)
    db = vault.path
    vault.close()
    (v1,) = raw(
        db, "SELECT body FROM record_versions WHERE record_id = ? AND version = 1", (rec.id,)
    )[0]
    raw(db, "UPDATE record_versions SET body = ? WHERE record_id = ? AND version = 2", (v1, rec.id))
    v = Vault.open(db.parent)
    try:
        v.unlock(PASSPHRASE)
        with pytest.raises(RecordUnreadable):
            v.get(rec.id)
        history = v.history(rec.id)
        assert history[0].error is None and history[0].data["display_name"] == "Old text"
        assert history[1].error is not None
    finally:
        v.close()


# ---- migration and schema versions -----------------------------------------------------------


def test_v1_fixture_is_upgraded_with_a_backup(tmp_path: Path) -> None:
    """A real profile file from schema 1 (plain SQLite, bodies sealed row by row) opens,
    becomes an encrypted database at its first unlock, keeps every record and version, and
    leaves nothing readable without the key in the profile folder, backups included."""
    folder = tmp_path / "old-profile"
    folder.mkdir()
    os.chmod(folder, 0o700)
    shutil.copy(FIXTURES / "vault-v1.sqlite3", folder / DB_NAME)
    original = (FIXTURES / "vault-v1.sqlite3").read_bytes()
    assert original[:16] == b"SQLite format 3\x00"

    v = Vault.open(folder)
    try:
        # Opening brings the plain file to the last plain schema, after a backup of it.
        backups = list(folder.joinpath(BACKUP_DIR).iterdir())
        assert len(backups) == 1
        assert "before-migration-v1" in backups[0].name
        listed = list_backups(folder)
        assert [b.reason for b in listed] == ["before-migration-v1"]
        stamp = backups[0].name.split("-")[1]
        assert listed[0].taken_at.strftime("%Y%m%dT%H%M%SZ") == stamp
        assert not (folder / KEYS_NAME).exists()  # nothing is encrypted before the key is known

        v.unlock(FIXTURE_PASSPHRASE)
        assert schema.current_version(v.connection_for_backup()) == schema.LATEST
        fams = v.list("family")
        assert len(fams) == 1
        assert fams[0].data["display_name"] == "Fixture family (renamed)"
        history = v.history(fams[0].id)
        assert [h.data["display_name"] for h in history] == [
            "Fixture family",
            "Fixture family (renamed)",
        ]
        assert v.identity().name == "Fixture Person"
        # The new schema works: a write after the upgrade.
        v.put("family", family("FX-2", "Added after upgrade"))
        key = v.keyring().vault_key
    finally:
        v.close()
    # The fixture itself was copied, not touched.
    assert (FIXTURES / "vault-v1.sqlite3").read_bytes() == original
    # Nothing plain is left: the database and both backups are encrypted with the vault key.
    assert sorted(b.reason for b in list_backups(folder)) == [
        "before-encryption",
        "before-migration-v1",
    ]
    for path in [folder / DB_NAME, *folder.joinpath(BACKUP_DIR).iterdir()]:
        head = path.read_bytes()
        assert head[:16] != b"SQLite format 3\x00", path.name
        assert b"meta" not in head and b"record_versions" not in head, path.name
    versions = {b.reason: raw_connect(b.path, key=key) for b in list_backups(folder)}
    try:
        assert versions["before-migration-v1"].execute("PRAGMA user_version").fetchone()[0] == 1
        assert versions["before-encryption"].execute("PRAGMA user_version").fetchone()[0] == 3
    finally:
        for conn in versions.values():
            conn.close()

    # A second open and unlock neither migrates nor backs up again, and the passphrase of
    # the old profile still opens it (from the key file now).
    v = Vault.open(folder)
    v.unlock(FIXTURE_PASSPHRASE)
    assert {f.data["display_name"] for f in v.list("family")} == {
        "Fixture family (renamed)",
        "Added after upgrade",
    }
    v.close()
    assert len(list_backups(folder)) == 2


def test_a_crash_while_encrypting_an_old_profile_loses_nothing(tmp_path: Path) -> None:
    """Killed after the key file is written but before the encrypted copy takes the plain
    file's place: the next unlock simply encrypts again."""
    folder = tmp_path / "old-profile"
    folder.mkdir(mode=0o700)
    shutil.copy(FIXTURES / "vault-v1.sqlite3", folder / DB_NAME)
    v = Vault.open(folder)
    v._keys.save()  # what a crash at that point leaves: a key file beside the plain file
    (folder / (DB_NAME + ".encrypting")).write_bytes(b"half an encrypted copy")
    v.close()
    v = Vault.open(folder)
    try:
        v.unlock(FIXTURE_PASSPHRASE)
        assert [f.data["display_name"] for f in v.list("family")] == ["Fixture family (renamed)"]
    finally:
        v.close()
    assert (folder / DB_NAME).read_bytes()[:16] != b"SQLite format 3\x00"
    assert not (folder / (DB_NAME + ".encrypting")).exists()


def test_newer_schema_is_refused_and_left_alone(vault: Vault) -> None:
    db = vault.path
    vault.close()
    raw(db, f"PRAGMA user_version = {schema.LATEST + 1}")
    before = db.read_bytes()
    v = Vault.open(db.parent)  # the schema is inside the encryption: seen at unlock
    with pytest.raises(VaultError, match="newer Relapp") as info:
        v.unlock(PASSPHRASE)
    v.close()
    assert str(schema.LATEST + 1) in str(info.value)
    assert "update" in str(info.value).lower()
    assert db.read_bytes() == before
    assert not (db.parent / BACKUP_DIR).exists()


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir(mode=0o700)
    (folder / DB_NAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(VaultError, match="damaged"):
        Vault.open(folder)


# ---- file system hygiene -------------------------------------------------------------------------


def test_folder_and_files_are_private(vault: Vault) -> None:
    vault.put("family", family("F-1", "x"))
    folder = vault.folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = [p for p in folder.iterdir() if p.is_file()]
    assert vault.path in files
    for path in files:  # the vault plus its -wal / -shm
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    target = folder / BACKUP_DIR / "vault-20260101T000000000000Z-manual.sqlite3"
    vault.backup_to(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


def test_folder_mode_tightened_even_if_it_existed(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    v, _ = Vault.create(folder, "Sam", "practitioner", PASSPHRASE)
    v.close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_connection_pragmas(vault: Vault) -> None:
    conn = vault.connection_for_backup()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert vault.integrity_ok()


@pytest.mark.parametrize(
    "replacement",
    [12345, "not a blob", b"", b"\x01short", b"\x02" + bytes(40), 3.5],
    ids=["integer", "text", "empty", "truncated", "unknown-format", "real"],
)
def test_body_of_the_wrong_shape_is_reported_not_fatal(vault: Vault, replacement: object) -> None:
    bad = vault.put("family", family("F-1", "Will be damaged"))
    good = vault.put("family", family("F-2", "Fine"))
    db = vault.path
    vault.close()
    raw(db, "UPDATE record_versions SET body = ? WHERE record_id = ?", (replacement, bad.id))
    v = Vault.open(db.parent)
    try:
        v.unlock(PASSPHRASE)
        listed = {r.id: r for r in v.list("family")}
        assert listed[bad.id].error and bad.id in listed[bad.id].error
        assert listed[good.id].data["display_name"] == "Fine"
        with pytest.raises(RecordUnreadable, match=bad.id):
            v.get(bad.id)
    finally:
        v.close()


def test_autosaves_fold_into_one_version_until_it_leaves_the_laptop(session):
    from relapp.store import syncstate

    records = session.records
    draft = records.save_reflection_draft(
        {"template_id": "free-text", "sections": {"reflection": "one"}}
    )
    for text in ("one two", "one two three"):
        saved = records.save_reflection_draft(
            {"template_id": "free-text", "sections": {"reflection": text}},
            record_id=draft.id,
            expected_version=draft.version,
            autosave=True,
        )
        assert saved.version == draft.version
    history = session.vault.history(draft.id)
    assert len(history) == 1 and history[0].data["sections"]["reflection"] == "one two three"

    # Once the version has been sent, the next autosave adds a new version instead.
    events = syncstate.unpublished_events(session.vault)
    syncstate.mark_published(session.vault, [e["id"] for e in events], 1, "d")
    later = records.save_reflection_draft(
        {"template_id": "free-text", "sections": {"reflection": "one two three four"}},
        record_id=draft.id,
        expected_version=draft.version,
        autosave=True,
    )
    assert later.version == draft.version + 1
    assert [h.data["sections"]["reflection"] for h in session.vault.history(draft.id)] == [
        "one two three",
        "one two three four",
    ]


def test_a_schema_3_profile_of_the_last_plain_release_opens_encrypted_with_everything(
    tmp_path: Path,
) -> None:
    """A real profile folder written by the release before the database was encrypted
    (tests/fixtures/make_v3_fixture.py, run with that release's code): after the upgrade
    every record, version, trash entry and the backup are there, encrypted, and the
    passphrase and recovery code of that time still open it."""
    folder = tmp_path / "p"
    shutil.copytree(FIXTURES / "vault-v3", folder)
    os.chmod(folder, 0o700)
    code = (folder / "recovery.code").read_text().strip()
    (folder / "recovery.code").unlink()
    v = Vault.open(folder)
    try:
        v.unlock("fixture passphrase three")
        names = {f.data["display_name"] for f in v.list("family")}
        assert names == {"Fixture family three", "Written after the backup"}
        assert [r.data["display_name"] for r in v.trash()] == ["In the trash"]
        (reflection,) = v.list("reflection")
        assert reflection.data["sections"]["reflection"] == "fixture reflection words"
        assert v.identity().name == "Fixture Supervisor"
        key = v.keyring().vault_key
    finally:
        v.close()
    for path in [folder / DB_NAME, *folder.joinpath(BACKUP_DIR).iterdir()]:
        assert path.read_bytes()[:16] != b"SQLite format 3\x00", path.name
    # The recovery code of that time opens it too, and the old backup restores.
    v = Vault.open(folder)
    try:
        v.unlock_with_recovery(code)
        assert v.is_unlocked
    finally:
        v.close()
    (old,) = [b for b in list_backups(folder) if b.reason == "manual"]
    restore_backup(folder, old.name, "fixture passphrase three")
    conn = raw_connect(folder / DB_NAME, key=key)
    try:
        # The backup was the old schema; the restore opened it once, so it is upgraded.
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
    finally:
        conn.close()
    v = Vault.open(folder)
    try:
        v.unlock("fixture passphrase three")
        assert {f.data["display_name"] for f in v.list("family")} == {"Fixture family three"}
    finally:
        v.close()

"""The local vault on real SQLite files with real encryption: keys, history, damage, migration."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from relapp.crypto.recovery import ALPHABET, RecoveryCodeError
from relapp.paths import BACKUP_DIR, DB_NAME
from relapp.store import schema
from relapp.store.backups import list_backups, restore_backup
from relapp.store.db import CIPHER_HMAC, page_mac
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
        conn.execute("UPDATE records SET data = 12345 WHERE id = ?", (damaged,))
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


# ---- damaged files and damaged rows -------------------------------------------------------


def _flip_byte_in_a_data_page(db: Path) -> None:
    """Flip one byte in the last page of the file (the pages SQLCipher authenticates)."""
    data = bytearray(db.read_bytes())
    data[len(data) - 2000] ^= 0x01
    db.write_bytes(bytes(data))


def test_a_flipped_byte_in_the_file_is_found_not_read(vault: Vault) -> None:
    """Every page carries an HMAC under the vault key: a changed byte is never read as data."""
    for n in range(300):
        vault.put("family", family(f"F-{n}", f"Family {n}", notes="words " * 40))
    db = vault.path
    vault.close()  # checkpoints the WAL into the file
    assert not Path(str(db) + "-wal").exists() or Path(str(db) + "-wal").stat().st_size == 0
    _flip_byte_in_a_data_page(db)
    v = Vault.open(db.parent)
    try:
        v.unlock(PASSPHRASE)
        assert v.integrity_ok() is False
        with pytest.raises(Exception, match="(?i)not a database|malformed|corrupt"):
            v.list("family")
    finally:
        v.close()


def test_the_family_names_are_nowhere_in_the_file_in_clear(vault: Vault) -> None:
    vault.put("family", family("F-1", "Okonkwo-Wright", notes="Zebedee likes trains"))
    vault.put("visit", {"family_id": "x", "when": "2026-03-01T10:00", "mode": "home"})
    db = vault.path
    vault.close()
    on_disk = b"".join(p.read_bytes() for p in db.parent.rglob("*") if p.is_file())
    for word in (b"Okonkwo", b"Zebedee", b"visit", b"family", b"2026-03-01"):
        assert word not in on_disk


@pytest.mark.parametrize(
    "replacement",
    [12345, 3.5, "[1, 2]", '"text"', "null"],
    ids=["integer", "real", "a-list", "a-string", "null"],
)
def test_data_of_the_wrong_shape_is_reported_not_fatal(vault: Vault, replacement: object) -> None:
    bad = vault.put("family", family("F-1", "Will be damaged"))
    good = vault.put("family", family("F-2", "Fine"))
    db = vault.path
    vault.close()
    raw(db, "UPDATE records SET data = ? WHERE id = ?", (replacement, bad.id))
    v = Vault.open(db.parent)
    try:
        v.unlock(PASSPHRASE)
        listed = {r.id: r for r in v.list("family")}
        assert listed[bad.id].error and bad.id in listed[bad.id].error
        assert listed[bad.id].data == {}
        assert listed[good.id].data["display_name"] == "Fine"
        with pytest.raises(RecordUnreadable, match=bad.id):
            v.get(bad.id)
        assert v.get(bad.id, strict=False).error
    finally:
        v.close()


@pytest.mark.parametrize(
    "replacement",
    ["{not json", b"", b"\x01short", b"\x02" + bytes(40)],
    ids=["text", "empty-blob", "truncated-blob", "unknown-blob"],
)
def test_data_that_is_not_json_cannot_be_stored_as_a_record(
    vault: Vault, replacement: object
) -> None:
    """The indexes read the data with SQLite's JSON functions: malformed data is refused."""
    bad = vault.put("family", family("F-1", "Kept"))
    db = vault.path
    vault.close()
    with pytest.raises(Exception, match="(?i)malformed JSON"):
        raw(db, "UPDATE records SET data = ? WHERE id = ?", (replacement, bad.id))
    v = Vault.open(db.parent)
    try:
        v.unlock(PASSPHRASE)
        assert v.get(bad.id).data["display_name"] == "Kept"
    finally:
        v.close()


def test_values_json_cannot_hold_are_refused_with_a_sentence(vault: Vault) -> None:
    with pytest.raises(VaultError, match="cannot be stored"):
        vault.put("checkin", {"score": float("nan")})
    assert vault.count() == 0


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
        # Searchable as soon as it opens: the index was made from the rows by the upgrade.
        assert [h.record_id for h in v.search("reflection words")] == [reflection.id]
        assert {h.kind for h in v.search("fixture family three")} == {"family"}
        assert v.search("in the trash") == []
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


def test_a_schema_6_profile_with_rows_sealed_one_by_one_upgrades_with_everything(
    tmp_path: Path,
) -> None:
    """A real profile folder written by the last release that sealed each body on its own
    (tests/fixtures/make_v6_fixture.py, run with that release's code): after the upgrade
    every record, version and trash entry reads as before, the damaged body is still listed
    as unreadable, progress was reported, a backup was taken first, and the older backup
    restores (and is upgraded in turn)."""
    folder = tmp_path / "p"
    shutil.copytree(FIXTURES / "vault-v6", folder)
    os.chmod(folder, 0o700)
    (folder / "recovery.code").unlink()
    before = {b.name for b in list_backups(folder)}
    v = Vault.open(folder)
    told: list[tuple[int, int]] = []
    v.upgrade_progress = lambda done, total: told.append((done, total))
    try:
        v.unlock("fixture passphrase six")
        families = {f.data.get("display_name"): f for f in v.list("family")}
        damaged = [f for f in v.list("family") if f.error]
        assert set(families) == {"Fixture family six", "Written after the backup", None}
        assert len(damaged) == 1 and damaged[0].data == {}
        assert [r.data["display_name"] for r in v.trash()] == ["In the trash"]
        (reflection,) = v.list("reflection")
        assert reflection.data["sections"]["reflection"] == "fixture reflection words"
        (barrier,) = v.list("barrier")
        assert [h.data["description"] for h in v.history(barrier.id)] == [
            "first words",
            "second words",
        ]
        (checkin,) = v.list("checkin")
        assert checkin.data["scores"]["heard"] == 4
        # Searchable as soon as it opens, with each record's newest words only; the damaged
        # body and the trash have nothing to find.
        found = {h.record_id for h in v.search("fixture family six")}
        assert found == {families["Fixture family six"].id}
        assert [h.record_id for h in v.search("second words")] == [barrier.id]
        assert v.search("first words") == [] and v.search("in the trash") == []
        assert [h.field for h in v.search("fixture feedback")] == ["text"]
        assert [h.record_id for h in v.search("reflection word")] == [reflection.id]
        # The new columns answer from the rows: a visit by its date, a family by its name.
        assert v.query(
            "SELECT count(*) FROM records WHERE kind = 'visit' AND happened >= '2026-10'"
        ) == [(1,)]
        assert v.query(
            "SELECT id FROM records WHERE kind = 'family' AND name = 'fixture family six'"
            " COLLATE NOCASE"
        ) == [(families["Fixture family six"].id,)]
        assert v.identity().name == "Fixture Supervisor"
        key = v.keyring().vault_key
    finally:
        v.close()
    # Each step that reads every row reports how far it has got, to the end: the file
    # encrypted again with today's cipher settings (bytes written), the bodies opened (one a
    # version), then the search index made (one a record that can be found).
    ends = [(done, total) for done, total in told if done == total]
    assert len(ends) == 3 and ends[0][0] >= 4096 and ends[1][0] >= 10 and ends[2][0] >= 5
    assert told[-1] == ends[2]
    after = list_backups(folder)
    taken = sorted(b.reason for b in after if b.name not in before)
    assert taken == ["before-migration-v6", "before-new-cipher"]
    conn = raw_connect(folder / DB_NAME, key=key)
    try:
        assert page_mac(conn) == CIPHER_HMAC
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
        # No body is sealed on its own any more, but the damaged one (kept as it was).
        kinds = conn.execute(
            "SELECT typeof(body), count(*) FROM record_versions GROUP BY 1 ORDER BY 1"
        ).fetchall()
        assert kinds[0][0] == "blob" and kinds[0][1] == 1 and kinds[1][0] == "text"
    finally:
        conn.close()
    (old,) = [b for b in list_backups(folder) if b.reason == "manual"]
    restore_backup(folder, old.name, "fixture passphrase six")
    v = Vault.open(folder)
    try:
        v.unlock("fixture passphrase six")
        assert {f.data["display_name"] for f in v.list("family")} == {"Fixture family six"}
        assert v.list("feedback")[0].data["text"] == "fixture feedback"
    finally:
        v.close()


def test_writes_inside_one_writing_block_land_together_or_not_at_all(vault: Vault) -> None:
    """The store's parts group their own statements with the vault's puts in one
    transaction: an error anywhere in it leaves nothing of any of them."""
    with pytest.raises(RuntimeError), vault.writing() as conn:
        vault.put("family", family("F-1", "Kept only if all lands"))
        conn.execute("INSERT INTO meta(key, value) VALUES ('x', 'y')")
        raise RuntimeError("half-way")
    assert vault.count() == 0
    assert vault.query("SELECT count(*) FROM meta WHERE key = 'x'") == [(0,)]
    with vault.writing() as conn:
        saved = vault.put("family", family("F-1", "All of it lands"))
        conn.execute("INSERT INTO meta(key, value) VALUES ('x', 'y')")
    assert vault.get(saved.id).data["display_name"] == "All of it lands"
    vault.put("family", family("F-2", "And later writes still work"))
    assert vault.count() == 2


def test_the_vault_can_be_read_from_several_threads_at_once(vault: Vault) -> None:
    """Pages read on several workers at once: every use of the one connection holds the
    vault's lock (two threads in it at a time corrupt its statement cache: a KeyError)."""
    import threading

    vault.put_many([NewRecord("family", family(f"F-{n}", f"Family {n}")) for n in range(50)])
    vault.__dict__.pop("_member_id", None)
    failures: list[BaseException] = []

    def reader(n: int) -> None:
        try:
            for i in range(400):
                assert vault.member_id
                assert vault.device_id
                # Statements of many texts: each thread's push entries out of the shared cache.
                vault.query(
                    f"SELECT count(*) FROM records WHERE kind = ? AND {n * 1000 + i} > 0",
                    ["family"],
                )
                vault.clock.tick()
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []

"""The day's backup is copied from one snapshot on a connection of its own, so the app can
take it after unlock while the person works: writes meanwhile neither restart it nor get
into it, a lock stops it and leaves nothing, and an erasure meanwhile never lands in a
backup. Real profiles, real SQLCipher files, real threads."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from relapp.paths import BACKUP_DIR, DB_NAME
from relapp.services import erasure
from relapp.services.errors import ServiceError
from relapp.services.profile import create_profile, daily_backup, unlock_profile
from relapp.store import db as store_db
from relapp.store import vault as store_vault
from relapp.store.backups import list_backups
from relapp.store.vault import BackupStopped
from tests.conftest import PASSPHRASE, raw_connect
from tests.test_erasure import SENTINEL, build


def dump(path: Path, key: bytes) -> str:
    """Every row of every table of a copy, as text (bytes as Latin-1: the search index's
    words are in its blobs)."""
    conn = raw_connect(path, key=key)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(
            value.decode("latin-1") if isinstance(value, bytes) else str(value)
            for table in tables
            for row in conn.execute(f'SELECT * FROM "{table}"')
            for value in row
        )
    finally:
        conn.close()


def leftovers(folder: Path) -> list[str]:
    backups = folder / BACKUP_DIR
    return sorted(p.name for p in backups.iterdir()) if backups.is_dir() else []


class SlowCopy:
    """The vault's real copy_snapshot, a page a step, with the steps held back until told:
    `copying` is set once the copy has begun."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.copying = threading.Event()
        self.go = threading.Event()
        self.steps = 0
        real = store_db.copy_snapshot
        monkeypatch.setattr(store_db, "SNAPSHOT_STEP_PAGES", 1)

        def copy(source: Path, target: Path, key: bytes, stop: Any) -> None:
            def step() -> bool:
                self.steps += 1
                self.copying.set()
                self.go.wait(0.02)  # slow: a few pages a tick until told to go
                return stop()

            real(source, target, key, step)

        monkeypatch.setattr(store_vault, "copy_snapshot", copy)


def test_writes_during_the_copy_neither_restart_it_nor_get_into_it(session, tmp_path) -> None:
    records = session.records
    before = records.save("family", {"reference": "B1", "display_name": "The Ash family"})
    key = session.vault.keyring().vault_key
    source = session.vault.folder / DB_NAME
    pages = session.vault.query("PRAGMA page_count")[0][0]
    calls: list[int] = []
    written: list[str] = []

    def stop() -> bool:
        calls.append(1)
        if len(calls) == 3:  # a save on the app's own connection, half-way through the copy
            written.append(
                records.save("family", {"reference": "B2", "display_name": "The Birch family"}).id
            )
        return False

    store_db.SNAPSHOT_STEP_PAGES, old = 1, store_db.SNAPSHOT_STEP_PAGES
    try:
        store_db.copy_snapshot(source, tmp_path / "copy.sqlite3", key, stop)
    finally:
        store_db.SNAPSHOT_STEP_PAGES = old
    assert written, "the copy took fewer than three steps"
    # A restarted copy would have gone over the pages again.
    assert len(calls) <= pages + 1
    text = dump(tmp_path / "copy.sqlite3", key)
    assert before.id in text and "The Ash family" in text
    assert written[0] not in text and "The Birch family" not in text  # as it was at the start
    assert records.get(written[0]).data["display_name"] == "The Birch family"


def test_a_lock_stops_the_copy_and_leaves_nothing(profile_dir, monkeypatch) -> None:
    session, _code = create_profile(profile_dir, "Sam Carter", "practitioner", PASSPHRASE)
    session.records.save("family", {"reference": "L1", "display_name": "The Lark family"})
    slow = SlowCopy(monkeypatch)
    outcome: list[object] = []

    def back_up() -> None:
        try:
            outcome.append(session.vault.backup_to(profile_dir / BACKUP_DIR / "vault-x.sqlite3"))
        except BackupStopped as exc:
            outcome.append(exc)

    thread = threading.Thread(target=back_up)
    thread.start()
    assert slow.copying.wait(10)
    session.lock()  # waits for the copy to let go of its connection (it holds the key too)
    assert leftovers(profile_dir) == []  # no part-copy, no backup
    thread.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], BackupStopped)
    assert "taken again" in str(outcome[0])
    # The next unlock takes the day's backup as if none had begun.
    session = unlock_profile(profile_dir, PASSPHRASE)
    try:
        assert [b.reason for b in list_backups(profile_dir)] == ["daily"]
    finally:
        session.close()


def test_an_erasure_during_the_copy_never_lands_in_a_backup(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "sup"
    session, _code = create_profile(folder, "Pat Supervisor", "supervisor", PASSPHRASE)
    try:
        fam, _belongs, _barrier, other = build(session)
        key = session.vault.keyring().vault_key
        slow = SlowCopy(monkeypatch)
        outcome: list[object] = []
        thread = threading.Thread(target=lambda: outcome.append(daily_backup(session)))
        thread.start()
        assert slow.copying.wait(10)
        erasure.erase_family(session, fam.id, reason="Article 17 request", request="SAR-9")
        slow.go.set()
        thread.join(30)
        assert outcome == [None]  # stopped by the erasure: taken again at the next chance
        assert not any(name.endswith(".part") for name in leftovers(folder))
        # Taken now, after the erasure: nothing erased in it, and the other family is.
        backup = daily_backup(session)
        assert backup is not None
        for each in list_backups(folder):
            text = dump(each.path, key)
            assert SENTINEL not in text and SENTINEL.split("-")[0].lower() not in text
            assert other.id in text
    finally:
        session.close()


def test_a_backup_that_cannot_be_written_says_so_and_changes_nothing(session) -> None:
    folder = session.vault.folder
    (folder / BACKUP_DIR).write_text("not a folder")  # a file where the backups go
    session.records.save("family", {"reference": "F1", "display_name": "The Fern family"})
    with pytest.raises(ServiceError) as caught:
        daily_backup(session)
    message = str(caught.value)
    assert "Today's backup could not be written" in message and "tried again" in message
    assert (folder / BACKUP_DIR).read_text() == "not a folder"
    assert [r.data["display_name"] for r in session.records.list("family")] == ["The Fern family"]


def test_the_app_leaves_the_backup_to_after_unlock_and_the_command_line_does_not(
    profile_dir,
) -> None:
    session, _code = create_profile(profile_dir, "Sam Carter", "practitioner", PASSPHRASE)
    session.close()
    session = unlock_profile(profile_dir, PASSPHRASE, backup=False)
    try:
        assert list_backups(profile_dir) == []
        assert daily_backup(session) is not None
        assert daily_backup(session) is None  # one a day
    finally:
        session.close()
    for each in list_backups(profile_dir):
        each.path.unlink()
    session = unlock_profile(profile_dir, PASSPHRASE)
    try:
        assert [b.reason for b in list_backups(profile_dir)] == ["daily"]
    finally:
        session.close()

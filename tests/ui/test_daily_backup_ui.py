"""The day's backup in the app: not taken while the person waits for the first page, taken
a little after on a thread of its own, stopped by a lock, and a failure told in the status
bar. The real window, the real unlock screen, real files."""

from __future__ import annotations

from pathlib import Path

from relapp.paths import BACKUP_DIR
from relapp.services.profile import create_profile
from relapp.store import db as store_db
from relapp.store.backups import list_backups
from relapp.ui import daily_backup
from relapp.ui.app import build_window
from tests.conftest import PASSPHRASE


def unlocked_window(qtbot, folder: Path):  # noqa: ANN001, ANN201
    window = build_window(folder)
    qtbot.addWidget(window)
    window.show_gate()
    window.show()
    window.gate.passphrase.setText(PASSPHRASE)
    window.gate.try_unlock()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    return window


def make_profile(folder: Path) -> None:
    session, _code = create_profile(folder, "Sam Carter", "practitioner", PASSPHRASE)
    session.records.save("family", {"reference": "D1", "display_name": "The Dale family"})
    session.close()


def test_the_backup_is_taken_after_the_first_page(qtbot, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "profile"
    make_profile(folder)
    monkeypatch.setattr(daily_backup, "BACKUP_DELAY_MS", 60_000)
    window = unlocked_window(qtbot, folder)
    try:
        assert list_backups(folder) == []  # the unlock did not wait for it
        backup = window.daily_backup
        assert backup is not None
        with qtbot.waitSignal(backup.taken, timeout=10_000):
            backup._timer.start(0)  # the delay over
        assert [b.reason for b in list_backups(folder)] == ["daily"]
    finally:
        window.lock()


def test_a_lock_while_it_is_copied_stops_it_and_leaves_nothing(
    qtbot, tmp_path, monkeypatch
) -> None:
    folder = tmp_path / "profile"
    make_profile(folder)
    monkeypatch.setattr(daily_backup, "BACKUP_DELAY_MS", 0)
    monkeypatch.setattr(store_db, "SNAPSHOT_STEP_PAGES", 1)
    began = []
    real = store_db.copy_snapshot

    def slow(source, target, key, stop):  # noqa: ANN001, ANN202
        def step() -> bool:
            began.append(1)
            import time

            time.sleep(0.02)
            return stop()

        real(source, target, key, step)

    monkeypatch.setattr("relapp.store.vault.copy_snapshot", slow)
    window = unlocked_window(qtbot, folder)
    qtbot.waitUntil(lambda: bool(began), timeout=10_000)
    window.lock()
    assert window.gate is not None  # the unlock screen is back
    assert list_backups(folder) == []
    assert not list((folder / BACKUP_DIR).glob("*.part"))
    qtbot.waitUntil(lambda: not window.daily_backup.running, timeout=5000)


def test_a_backup_that_cannot_be_written_is_told_in_the_status_bar(
    qtbot, tmp_path, monkeypatch
) -> None:
    folder = tmp_path / "profile"
    make_profile(folder)
    (folder / BACKUP_DIR).write_text("in the way")
    monkeypatch.setattr(daily_backup, "BACKUP_DELAY_MS", 0)
    window = unlocked_window(qtbot, folder)
    try:
        qtbot.waitUntil(
            lambda: "backup could not be written" in window.save_label.text(), timeout=10_000
        )
        assert "tried again at the next unlock" in window.save_label.text()
        # The person's work goes on: the page is there and the profile unlocked.
        assert window.ctx.session is not None
    finally:
        window.lock()

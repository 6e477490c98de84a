"""The app shell: first run, unlock, lock, idle lock, recovery — driven through real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from relapp.ui.gate import FirstRunView, UnlockView
from relapp.ui.settings import AUTO_LOCK_MINUTES
from relapp.ui.workspace import Workspace
from tests.conftest import PASSPHRASE


def visible_text(root: QWidget) -> str:
    parts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if (
            isinstance(widget, QLabel)
            or isinstance(widget, QLineEdit)
            and widget.echoMode() == QLineEdit.EchoMode.Normal
        ):
            parts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            parts.append(widget.toPlainText())
    return "\n".join(parts)


def create_through_first_run(qtbot, window) -> str:
    gate = window.gate
    assert isinstance(gate, FirstRunView)
    qtbot.mouseClick(gate.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(gate.name, "Sam Carter")
    qtbot.keyClicks(gate.pass1, PASSPHRASE)
    qtbot.keyClicks(gate.pass2, PASSPHRASE)
    qtbot.mouseClick(gate.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gate.pages.currentIndex() == 2, timeout=10_000)
    code = gate.code_label.text()
    assert not gate.continue_button.isEnabled()  # the explicit "I have stored it" step
    gate.stored.setChecked(True)
    qtbot.mouseClick(gate.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None)
    return code


def unlock(qtbot, window, passphrase: str = PASSPHRASE) -> None:
    gate = window.gate
    assert isinstance(gate, UnlockView)
    qtbot.keyClicks(gate.passphrase, passphrase)
    qtbot.keyClick(gate.passphrase, Qt.Key.Key_Return)


def test_first_run_creates_a_profile_and_shows_the_recovery_code(qtbot, window, profile_dir):
    code = create_through_first_run(qtbot, window)
    assert len(code.replace("-", "")) == 32
    assert (profile_dir / "vault.sqlite3").exists()
    assert window.ctx.session.vault.identity().name == "Sam Carter"
    assert isinstance(window.workspace, Workspace)


def test_weak_or_mismatched_passphrase_is_refused_in_words(qtbot, window, profile_dir):
    gate = window.gate
    qtbot.mouseClick(gate.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(gate.name, "Sam")
    qtbot.keyClicks(gate.pass1, "short")
    qtbot.keyClicks(gate.pass2, "short")
    qtbot.mouseClick(gate.create_button, Qt.MouseButton.LeftButton)
    assert "12 characters" in gate.form_message.text()
    assert not (profile_dir / "vault.sqlite3").exists()


def test_lock_hides_everything_and_unlock_restores(qtbot, window):
    create_through_first_run(qtbot, window)
    session = window.ctx.session
    family = session.records.save(
        "family", {"reference": "EH-1", "display_name": "The Quillfeather family"}
    )
    window.workspace.show_page("families")
    vault = session.vault
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.gate, UnlockView))
    assert window.ctx.session is None and window.workspace is None
    assert not vault.is_unlocked  # keys dropped
    assert "Quillfeather" not in visible_text(window)
    assert not window.statusBar().isVisible()

    unlock(qtbot, window, "not the passphrase at all")
    qtbot.waitUntil(lambda: window.gate.message.isVisible(), timeout=10_000)
    assert "not right" in window.gate.message.text()
    window.gate.passphrase.clear()
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert window.ctx.session.records.get(family.id).data["display_name"] == (
        "The Quillfeather family"
    )


def test_idle_time_locks_the_app(qtbot, window):
    create_through_first_run(qtbot, window)
    window.ctx.settings.set(AUTO_LOCK_MINUTES, 1)
    window.idle.restart()
    assert window.idle.timer.isActive()
    window.idle.timer.setInterval(200)  # a minute is too long for a test; the path is the same
    window.idle.timer.start()
    qtbot.waitUntil(lambda: window.ctx.session is None, timeout=5_000)
    assert isinstance(window.gate, UnlockView)


def test_input_is_watched_for_the_idle_lock_only_while_unlocked(qtbot, window):
    # Nothing to lock on the gate, so no app-wide event filter slows its first drawing.
    assert not window.idle.watching
    create_through_first_run(qtbot, window)
    assert window.idle.watching and window.idle.timer.isActive()
    window.idle.timer.setTimerType(Qt.TimerType.PreciseTimer)  # remainingTime() to the ms
    window.idle.timer.start(5_000)
    qtbot.wait(500)
    before = window.idle.timer.remainingTime()
    qtbot.keyClick(window.save_label, Qt.Key.Key_Shift)  # any key, anywhere
    assert window.idle.timer.remainingTime() > before + 300  # input restarted the countdown
    window.lock()
    assert not window.idle.watching and not window.idle.timer.isActive()


def test_the_app_locks_when_the_system_suspends_it(qtbot, window):
    from PySide6.QtWidgets import QApplication

    assert not window.watching_app_state  # nothing to lock yet
    create_through_first_run(qtbot, window)
    assert window.watching_app_state
    QApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert window.ctx.session is None and isinstance(window.gate, UnlockView)
    assert not window.watching_app_state


def test_recovery_code_sets_a_new_passphrase_from_the_unlock_screen(qtbot, window):
    code = create_through_first_run(qtbot, window)
    window.lock()
    gate = window.gate
    qtbot.mouseClick(gate.forgot, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(gate.code, code.lower())
    new = "lantern meadow orbit kettle"
    qtbot.keyClicks(gate.new_pass, new)
    qtbot.keyClicks(gate.new_pass_again, new)
    qtbot.mouseClick(gate.recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    window.lock()
    unlock(qtbot, window, new)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)


def test_every_control_on_the_gate_has_an_accessible_name(qtbot, window):
    from PySide6.QtWidgets import QAbstractButton, QComboBox

    for widget in window.findChildren(QWidget):
        if isinstance(widget, QLineEdit | QComboBox | QAbstractButton) and widget.isVisibleTo(
            window
        ):
            assert widget.accessibleName() or (
                isinstance(widget, QAbstractButton) and widget.text()
            ), widget


def test_unlocking_returns_to_the_page_that_was_open(qtbot, window):
    create_through_first_run(qtbot, window)
    window.workspace.show_page("visits")
    window.lock()
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert window.workspace.current_key() == "visits"
    assert set(window.workspace.pages) == {"visits"}  # only the page shown was built


def test_an_old_profile_is_upgraded_at_unlock_with_its_progress_on_the_button(
    qtbot, tmp_path, monkeypatch
):
    """A real profile of schema 6 (rows sealed one by one), unlocked through the unlock
    screen: the button tells how far the upgrade is, and the workspace opens with the
    families in it."""
    import os
    import shutil

    from relapp.store import schema
    from relapp.ui.app import build_window
    from tests.test_vault import FIXTURES

    folder = tmp_path / "old"
    shutil.copytree(FIXTURES / "vault-v6", folder)
    os.chmod(folder, 0o700)
    monkeypatch.setattr(schema, "V7_CHUNK", 3)  # a report every three rows
    window = build_window(folder)
    qtbot.addWidget(window)
    window.show_gate()
    window.show()
    gate = window.gate
    said: list[str] = []
    original = gate._upgrading

    def upgrading(done: int, total: int) -> None:
        original(done, total)
        said.append(gate.unlock_button.text())

    monkeypatch.setattr(gate, "_upgrading", upgrading)
    unlock(qtbot, window, "fixture passphrase six")
    qtbot.waitUntil(lambda: isinstance(window.workspace, Workspace), timeout=10_000)
    assert said and said[-1] == "Upgrading your records… 100%"
    assert any(text.startswith("Upgrading your records… ") for text in said[:-1])
    names = {r.data.get("display_name") for r in window.ctx.session.records.list("family")}
    assert "Fixture family six" in names
    window.lock()
    window.ctx.runner.wait_idle()

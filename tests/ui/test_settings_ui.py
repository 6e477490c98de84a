"""Settings (stored on OK, undone by Cancel, text size applied at once) and Help."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from relapp.ui.app import build_window
from relapp.ui.help import HelpDialog
from relapp.ui.settings import AUTO_LOCK_MINUTES, CENTRAL_FOLDER, DEFAULT_TEMPLATE, TEXT_SCALE
from relapp.ui.settings_dialog import SettingsDialog


@pytest.fixture
def window(qtbot, session, profile_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    monkeypatch.setenv("RELAPP_CONFIG_DIR", str(tmp_path / "config"))
    font = QApplication.font()
    win = build_window(profile_dir)
    qtbot.addWidget(win)
    win.show()
    win.open_workspace(session)
    yield win
    QApplication.setFont(font)  # other tests expect the usual size


def open_settings(win) -> SettingsDialog:  # noqa: ANN001
    win.settings_action.trigger()
    (dialog,) = [d for d in win.findChildren(SettingsDialog) if d.isVisible()]
    return dialog


def system_points() -> float:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).pointSizeF()


def type_into(qtbot, spin, text: str) -> None:  # noqa: ANN001
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)


def test_auto_lock_of_one_minute_is_stored_and_used_at_once(qtbot, window) -> None:  # noqa: ANN001
    settings = window.ctx.settings
    assert settings.get(AUTO_LOCK_MINUTES) == 5
    dialog = open_settings(window)
    type_into(qtbot, dialog.auto_lock, "1")
    assert dialog.auto_lock.value() == 1
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert settings.get(AUTO_LOCK_MINUTES) == 1
    assert window.idle.timer.isActive() and window.idle.timer.interval() == 60_000
    ini = (Path(window.ctx.settings._q.fileName())).read_text()
    assert "auto_lock_minutes=1" in ini


def test_auto_lock_cannot_be_switched_off(qtbot, window) -> None:  # noqa: ANN001
    dialog = open_settings(window)
    type_into(qtbot, dialog.auto_lock, "0")
    assert dialog.auto_lock.minimum() == 1 and dialog.auto_lock.value() >= 1
    assert dialog.auto_lock.maximum() == 60


def test_text_size_changes_the_app_font_relative_to_the_system(qtbot, window) -> None:  # noqa: ANN001
    dialog = open_settings(window)
    type_into(qtbot, dialog.text_size, "150")
    assert QApplication.font().pointSizeF() == pytest.approx(system_points() * 1.5)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert window.ctx.settings.get(TEXT_SCALE) == 150
    assert QApplication.font().pointSizeF() == pytest.approx(system_points() * 1.5)
    # Going back to 100 % is the system size again, not 100 % of the enlarged font.
    dialog = open_settings(window)
    assert dialog.text_size.value() == 150
    qtbot.mouseClick(dialog.text_reset, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert QApplication.font().pointSizeF() == pytest.approx(system_points())


def test_cancel_changes_nothing(qtbot, window) -> None:  # noqa: ANN001
    settings = window.ctx.settings
    before = {
        opt.key: settings.get(opt)
        for opt in (AUTO_LOCK_MINUTES, DEFAULT_TEMPLATE, TEXT_SCALE, CENTRAL_FOLDER)
    }
    points = QApplication.font().pointSizeF()
    dialog = open_settings(window)
    type_into(qtbot, dialog.auto_lock, "42")
    type_into(qtbot, dialog.text_size, "180")
    dialog.template.setCurrentIndex((dialog.template.currentIndex() + 1) % dialog.template.count())
    dialog.folder.setText(str(Path.home()))
    assert QApplication.font().pointSizeF() != pytest.approx(points)  # previewed…
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert QApplication.font().pointSizeF() == pytest.approx(points)  # …and undone
    after = {
        opt.key: settings.get(opt)
        for opt in (AUTO_LOCK_MINUTES, DEFAULT_TEMPLATE, TEXT_SCALE, CENTRAL_FOLDER)
    }
    assert after == before


def test_template_and_team_folder_are_stored(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    dialog = open_settings(window)
    index = dialog.template.findData("gibbs")
    assert index >= 0
    dialog.template.setCurrentIndex(index)
    dialog.folder.setText(str(tmp_path / "not-there"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # The folder is looked at on a worker (a shared drive can hang), then the answer shows.
    qtbot.waitUntil(lambda: "no folder" in dialog.message.text(), timeout=5000)
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    dialog.folder.setText(str(tmp_path))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # Closed (and deleted once closed).
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=5000)
    assert window.ctx.settings.get(DEFAULT_TEMPLATE) == "gibbs"
    assert window.ctx.settings.get(CENTRAL_FOLDER) == str(tmp_path)


def test_every_settings_control_has_an_accessible_name(qtbot, window) -> None:  # noqa: ANN001
    dialog = open_settings(window)
    for control in (
        dialog.auto_lock,
        dialog.template,
        dialog.text_size,
        dialog.text_reset,
        dialog.folder,
        dialog.choose,
        dialog.ok_button,
        dialog.cancel_button,
    ):
        assert control.accessibleName(), control


def test_help_explains_shortcuts_locking_and_where_data_lives(
    qtbot, window, profile_dir: Path
) -> None:  # noqa: ANN001
    window.help_action.trigger()
    dialog = window.findChild(HelpDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for expected in (
        "Ctrl+N",
        "Ctrl+S",
        "Ctrl+F",
        "Ctrl+L",
        "Ctrl+1 … Ctrl+8",
        "F1",
        "Esc",
        "Hand-over mode",
        "encrypted",
        "supervisor",
        "Barriers & changes",
    ):
        assert expected in text, expected
    assert str(profile_dir) in text
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_closed_dialogs_do_not_break_a_later_lock(qtbot, window) -> None:  # noqa: ANN001
    from PySide6.QtCore import QCoreApplication, QEvent

    from relapp.ui.search import SearchDialog

    settings = open_settings(window)
    qtbot.mouseClick(settings.cancel_button, Qt.MouseButton.LeftButton)
    window.search_action.trigger()
    (search,) = [d for d in window.findChildren(SearchDialog) if d.isVisible()]
    search.reject()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    open_settings(window)  # this one is still open when the profile locks
    window.lock()
    assert window.ctx.session is None
    assert not [d for d in window.findChildren(SettingsDialog) if d.isVisible()]


def test_ctrl_and_a_number_goes_to_each_page_and_puts_the_keyboard_there(qtbot, window) -> None:  # noqa: ANN001
    keys = [spec.key for spec in window.workspace.specs]
    assert len(keys) == 8 and len(window.page_actions) == 8
    for number in (3, 2, 8, 1, 5, 4):
        key = getattr(Qt.Key, f"Key_{number}")
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.workspace.current_key() == keys[number - 1]
        page = window.workspace.pages[keys[number - 1]]
        focus = QApplication.focusWidget()
        # On the page's first control; on the navigation while the page has none yet (the
        # Sync page before it knows whether the profile is in a team).
        assert focus is not None, number
        assert page.isAncestorOf(focus) or focus is window.workspace.nav, number
    assert page.isAncestorOf(QApplication.focusWidget())  # Reflections: its first control
    # In the Go menu, named as the navigation names them, with the shortcut shown.
    texts = [a.text() for a in window.page_actions]
    assert texts[0] == "Today" and texts[1] == "Families" and texts[7] == "Sync"
    assert window.page_actions[2].shortcut().toString() == "Ctrl+3"
    window.lock()
    assert not any(a.isEnabled() for a in window.page_actions)

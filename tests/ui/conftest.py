"""Fixtures for tests that drive the real main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("RELAPP_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(autouse=True)
def _no_desktop_buses(monkeypatch: pytest.MonkeyPatch):
    """The machine's own screen saver must not lock a window under test: the screen-lock
    watcher gets no D-Bus, and no Windows or macOS notifications, unless a test gives it its own
    (tests/ui/test_system_lock.py, tests/ui/test_system_lock_native.py)."""
    from relapp.ui import system_lock

    monkeypatch.setattr(system_lock, "default_buses", lambda: (None, None))
    monkeypatch.setattr(system_lock, "native_watcher", lambda *args, **kwargs: None)


@pytest.fixture
def window(qtbot, profile_dir: Path) -> Iterator[object]:
    """A real MainWindow on an empty profile folder (first run)."""
    from relapp.ui.app import build_window

    win = build_window(profile_dir)
    qtbot.addWidget(win)
    win.show_gate()
    win.show()
    yield win
    if win.ctx.session is not None:
        win.lock()
    win.ctx.runner.wait_idle()


def demo_window(qtbot, folder: Path, page: str) -> Iterator[object]:  # noqa: ANN001
    """The main window, unlocked on a fresh demo profile in `folder`, showing `page`; locked
    and idle afterwards. For a fixture to yield from."""
    from relapp.services.demo import build_demo_profile
    from relapp.ui.app import build_window
    from relapp.ui.settings import LAST_PAGE

    session = build_demo_profile(folder)
    window = build_window(folder)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    window.ctx.settings.set(LAST_PAGE, page)
    window.open_workspace(session)
    yield window
    if window.ctx.session is not None:
        window.lock()
    window.ctx.runner.wait_idle()

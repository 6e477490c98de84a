"""Locking with the desktop: real D-Bus messages on a private bus (a dbus-daemon of its own)."""

from __future__ import annotations

import selectors
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtDBus import QDBusConnection, QDBusMessage

from relapp.ui import system_lock
from relapp.ui.gate import UnlockView
from relapp.ui.system_lock import SystemLockWatcher, bus_path_encode, session_path

DAEMON = shutil.which("dbus-daemon")
# .ci/run installs dbus-daemon; on a machine without it these tests cannot run at all.
needs_bus = pytest.mark.skipif(DAEMON is None, reason="dbus-daemon is not installed")


_names = iter(range(10_000))
_connected: list[str] = []


@pytest.fixture
def bus_address() -> Iterator[str]:
    """A private session bus; its address is read with a deadline, never waited on forever."""
    daemon = subprocess.Popen(
        [DAEMON, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(daemon.stdout, selectors.EVENT_READ)
            ready = selector.select(timeout=15)
        assert ready, "dbus-daemon printed no address within 15 s"
        address = daemon.stdout.readline().strip()
        assert address, "dbus-daemon printed no address"
        yield address
    finally:
        while _connected:
            QDBusConnection.disconnectFromBus(_connected.pop())
        daemon.kill()
        daemon.wait(timeout=15)


def connect(address: str) -> QDBusConnection:
    name = f"relapp-test-{next(_names)}"
    bus = QDBusConnection.connectToBus(address, name)
    _connected.append(name)
    assert bus.isConnected()
    return bus


def send_signal(bus: QDBusConnection, path: str, interface: str, name: str, *args) -> None:
    message = QDBusMessage.createSignal(path, interface, name)
    if args:
        message.setArguments(list(args))
    assert bus.send(message)


def test_session_ids_are_encoded_as_logind_does() -> None:
    assert bus_path_encode("1") == "_31"
    assert bus_path_encode("c2") == "c2"
    assert bus_path_encode("12") == "_312"
    assert bus_path_encode("a_b") == "a_5fb"
    assert session_path({"XDG_SESSION_ID": "3"}) == "/org/freedesktop/login1/session/_33"
    assert session_path({}) == ""


def test_without_a_bus_nothing_is_watched(qtbot) -> None:
    watcher = SystemLockWatcher(buses=lambda: (None, None))
    assert watcher.watching == []

    def broken() -> tuple[object, object]:
        raise RuntimeError("no D-Bus here")

    assert SystemLockWatcher(buses=broken).watching == []


@needs_bus
def test_screen_locks_session_locks_and_sleep_ask_for_a_lock(qtbot, bus_address) -> None:
    watched = connect(bus_address)
    watcher = SystemLockWatcher(buses=lambda: (watched, watched), environ={"XDG_SESSION_ID": "7"})
    assert len(watcher.watching) == len(system_lock.SCREEN_SAVERS) + 2
    other = connect(bus_address)
    reasons: list[str] = []
    watcher.lock_requested.connect(reasons.append)

    send_signal(other, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", True)
    qtbot.waitUntil(lambda: reasons == ["screen locked"])
    send_signal(other, "/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", False)
    # Another user's session locking is not ours; this session's is.
    send_signal(other, "/org/freedesktop/login1/session/_38", system_lock.LOGIN_SESSION, "Lock")
    send_signal(other, "/org/freedesktop/login1/session/_37", system_lock.LOGIN_SESSION, "Lock")
    qtbot.waitUntil(lambda: len(reasons) == 2)
    send_signal(other, system_lock.LOGIN_PATH, system_lock.LOGIN_MANAGER, "PrepareForSleep", False)
    send_signal(other, system_lock.LOGIN_PATH, system_lock.LOGIN_MANAGER, "PrepareForSleep", True)
    qtbot.waitUntil(lambda: len(reasons) == 3)
    assert reasons == ["screen locked", "session locked", "going to sleep"]


@needs_bus
def test_the_window_locks_when_the_screen_locks(qtbot, window, bus_address, monkeypatch):
    from tests.ui.test_shell import create_through_first_run, unlock

    watched = connect(bus_address)
    monkeypatch.setattr(system_lock, "default_buses", lambda: (watched, None))
    create_through_first_run(qtbot, window)
    other = connect(bus_address)
    send_signal(other, "/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", True)
    qtbot.waitUntil(lambda: window.ctx.session is None)
    assert isinstance(window.gate, UnlockView) and window.workspace is None
    # Locked, a second screen lock changes nothing; unlocked again, the watcher still works.
    send_signal(other, "/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", True)
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.ctx.session is not None, timeout=10_000)
    send_signal(other, "/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", True)
    qtbot.waitUntil(lambda: window.ctx.session is None)

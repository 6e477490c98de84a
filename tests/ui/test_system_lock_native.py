"""Locking with Windows and macOS.

Everywhere: Windows' message structures are built in memory exactly as Windows lays them out and
read through the real native event filter; the main window is locked by one. On a Windows or
macOS machine (the release workflow's runners) the real registrations run and real window
messages and notifications are sent.
"""

from __future__ import annotations

import ctypes
import sys

import pytest
from PySide6.QtCore import QCoreApplication

from relapp.ui import system_lock, system_lock_macos, system_lock_windows
from relapp.ui.system_lock_windows import (
    GUID,
    GUID_CONSOLE_DISPLAY_STATE,
    MSG,
    PBT_APMSUSPEND,
    PBT_POWERSETTINGCHANGE,
    POWERBROADCAST_SETTING,
    WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE,
    WTS_REMOTE_DISCONNECT,
    WTS_SESSION_LOCK,
    SessionMessageFilter,
    WindowsSessionWatcher,
    reason_for,
)

WTS_SESSION_UNLOCK = 0x8
WTS_SESSION_LOGON = 0x5
PBT_APMRESUMEAUTOMATIC = 0x12
WM_PAINT = 0x000F
# Taken before tests/ui/conftest.py swaps it out for each test.
original_native_watcher = system_lock.native_watcher


def message(kind: int, wparam: int = 0, lparam: int = 0) -> MSG:
    return MSG(hwnd=0x1234, message=kind, wParam=wparam, lParam=lparam)


def display_state(value: int, setting=GUID_CONSOLE_DISPLAY_STATE) -> POWERBROADCAST_SETTING:
    return POWERBROADCAST_SETTING(PowerSetting=GUID.of(setting), DataLength=4, Data=(value,))


def test_the_structures_are_laid_out_as_windows_lays_them_out() -> None:
    pointer = ctypes.sizeof(ctypes.c_void_p)
    # winuser.h: 48 bytes on 64-bit Windows, 32 on 32-bit (lPrivate included).
    assert ctypes.sizeof(MSG) == (48 if pointer == 8 else 32)
    assert MSG.wParam.offset == 2 * pointer
    assert ctypes.sizeof(GUID) == 16
    assert POWERBROADCAST_SETTING.Data.offset == 20
    # GUIDs are stored little-endian in their first three fields, as Windows stores them.
    assert bytes(GUID.of(GUID_CONSOLE_DISPLAY_STATE))[:4] == bytes.fromhex("5695e66f")
    assert GUID.of(GUID_CONSOLE_DISPLAY_STATE).as_uuid() == GUID_CONSOLE_DISPLAY_STATE


@pytest.mark.parametrize(
    ("msg", "why"),
    [
        (message(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK), "session locked"),
        (message(WM_WTSSESSION_CHANGE, WTS_REMOTE_DISCONNECT), "session disconnected"),
        (message(WM_WTSSESSION_CHANGE, WTS_SESSION_UNLOCK), None),
        (message(WM_WTSSESSION_CHANGE, WTS_SESSION_LOGON), None),
        (message(WM_POWERBROADCAST, PBT_APMSUSPEND), "going to sleep"),
        (message(WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC), None),
        (message(WM_PAINT, PBT_APMSUSPEND), None),
    ],
)
def test_window_messages_are_read_as_windows_sends_them(msg: MSG, why: str | None) -> None:
    assert reason_for(ctypes.addressof(msg)) == why


def test_the_display_turning_off_locks_and_turning_on_does_not() -> None:
    off, on, dimmed = display_state(0), display_state(1), display_state(2)
    other = display_state(0, setting=GUID_CONSOLE_DISPLAY_STATE.__class__(int=1))
    for setting, why in ((off, "display turned off"), (on, None), (dimmed, None), (other, None)):
        msg = message(WM_POWERBROADCAST, PBT_POWERSETTINGCHANGE, ctypes.addressof(setting))
        assert reason_for(ctypes.addressof(msg)) == why
    # A change without its settings block (lParam 0) is not read at all.
    assert reason_for(ctypes.addressof(message(WM_POWERBROADCAST, PBT_POWERSETTINGCHANGE))) is None
    assert reason_for(0) is None


def test_the_filter_lets_every_message_through_and_reads_only_windows_ones(qapp) -> None:
    reasons: list[str] = []
    native = SessionMessageFilter(reasons.append)
    lock = message(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    for kind in (b"windows_generic_MSG", b"windows_dispatcher_MSG", b"xcb_generic_event_t"):
        assert native.nativeEventFilter(kind, ctypes.addressof(lock)) == (False, 0)
    assert reasons == ["session locked", "session locked"]
    # A message it cannot read is logged, never raised into Qt's event loop.
    assert native.nativeEventFilter(b"windows_generic_MSG", "not an address") == (False, 0)


class Registrations:
    """Stands in for Win32's registrations on machines that are not Windows: records the window
    handle and whether each registration was undone."""

    def __init__(self) -> None:
        self.hwnds: list[int] = []
        self.undone: list[str] = []

    def register(self, hwnd: int):
        self.hwnds.append(hwnd)
        return [lambda: self.undone.append("session"), lambda: self.undone.append("display")]


def test_the_watcher_registers_the_window_and_undoes_it_when_stopped(qapp) -> None:
    reasons: list[str] = []
    api = Registrations()
    watcher = WindowsSessionWatcher(0xBEEF, reasons.append, api=api)
    assert api.hwnds == [0xBEEF]
    assert watcher.watching == ["WM_POWERBROADCAST", "session and display notifications"]
    watcher.stop()
    assert sorted(api.undone) == ["display", "session"]
    watcher.stop()  # twice (the window closing, then the app quitting) changes nothing
    assert len(api.undone) == 2


def test_a_windows_session_lock_locks_the_main_window(qtbot, window, monkeypatch) -> None:
    from tests.ui.test_shell import create_through_first_run, unlock

    api = Registrations()
    monkeypatch.setattr(system_lock_windows, "available", lambda platform=None: True)
    monkeypatch.setattr(system_lock_windows, "Win32", lambda: api)
    monkeypatch.setattr(
        system_lock,
        "native_watcher",
        lambda parent, emit: original_native_watcher(parent, emit, platform="win32"),
    )
    create_through_first_run(qtbot, window)
    watcher = window.system_lock
    assert watcher is not None and "session and display notifications" in watcher.watching
    assert api.hwnds == [int(window.winId())]
    lock = message(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    watcher.native.filter.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(lock))
    qtbot.waitUntil(lambda: window.ctx.session is None)
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.ctx.session is not None, timeout=10_000)
    sleep = message(WM_POWERBROADCAST, PBT_APMSUSPEND)
    watcher.native.filter.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(sleep))
    qtbot.waitUntil(lambda: window.ctx.session is None)
    # One watcher for the window's life: unlocking again registers nothing twice.
    assert api.hwnds == [int(window.winId())]


def test_macos_notifications_are_named_as_macos_posts_them() -> None:
    assert set(system_lock_macos.DISTRIBUTED) == {
        "com.apple.screenIsLocked",
        "com.apple.screensaver.didstart",
    }
    assert "NSWorkspaceWillSleepNotification" in system_lock_macos.WORKSPACE
    assert system_lock_macos.available("linux") is False
    assert system_lock_windows.available("linux") is False
    assert system_lock_windows.available("win32") is True


@pytest.mark.skipif(sys.platform != "win32", reason="real window messages need Windows")
def test_real_windows_messages_lock(qtbot) -> None:  # pragma: no cover - Windows runners
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    watcher = system_lock.SystemLockWatcher(widget, buses=lambda: (None, None))
    watcher.native = original_native_watcher(widget, watcher.lock_requested.emit)
    assert "session and display notifications" in watcher.native.watching
    reasons: list[str] = []
    watcher.lock_requested.connect(reasons.append)
    user32 = ctypes.windll.user32
    user32.SendMessageW.argtypes = [
        ctypes.c_void_p,
        ctypes.c_uint,
        ctypes.c_size_t,
        ctypes.c_ssize_t,
    ]
    user32.SendMessageW(int(widget.winId()), WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, 0)
    user32.SendMessageW(int(widget.winId()), WM_POWERBROADCAST, PBT_APMSUSPEND, 0)
    qtbot.waitUntil(lambda: "going to sleep" in reasons)
    assert "session locked" in reasons
    watcher.native.stop()
    QCoreApplication.processEvents()


@pytest.mark.skipif(sys.platform != "darwin", reason="real notifications need macOS")
def test_real_macos_notifications_lock(qtbot) -> None:  # pragma: no cover - macOS runners
    from Foundation import NSDistributedNotificationCenter

    reasons: list[str] = []
    watcher = system_lock_macos.MacSessionWatcher(reasons.append)
    NSDistributedNotificationCenter.defaultCenter().postNotificationName_object_userInfo_deliverImmediately_(
        "com.apple.screenIsLocked", None, None, True
    )
    qtbot.waitUntil(lambda: reasons == ["screen locked"], timeout=10_000)
    watcher.stop()

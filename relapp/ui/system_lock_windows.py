"""Lock Relapp when Windows locks the session, turns the display off or goes to sleep.

Windows tells a window, through its message queue, which Qt hands to a native event filter:

- ``WM_WTSSESSION_CHANGE`` with ``WTS_SESSION_LOCK`` (Win+L, the lock screen after idle, Ctrl+
  Alt+Del > Lock) or a disconnected session (a remote desktop closed, a fast user switch), once
  the window is registered with ``WTSRegisterSessionNotification``;
- ``WM_POWERBROADCAST`` with ``PBT_APMSUSPEND`` before sleep or hibernation (on laptops with
  Modern Standby only after ``RegisterSuspendResumeNotification``), and with
  ``PBT_POWERSETTINGCHANGE`` for ``GUID_CONSOLE_DISPLAY_STATE`` when the display turns off
  (``RegisterPowerSettingNotification``; Windows sends the current state at once, "on").

The decoding reads the real structures (``MSG``, ``POWERBROADCAST_SETTING``) from the address Qt
gives, so it is tested on any platform with structures built in memory; the registration runs
on Windows only (and is tested there by the release workflow, with real window messages).
"""

from __future__ import annotations

import ctypes
import logging
import sys
import uuid
from collections.abc import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication

log = logging.getLogger(__name__)

WM_WTSSESSION_CHANGE = 0x02B1
WTS_CONSOLE_DISCONNECT = 0x2
WTS_REMOTE_DISCONNECT = 0x4
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x0004
PBT_POWERSETTINGCHANGE = 0x8013
NOTIFY_FOR_THIS_SESSION = 0
DEVICE_NOTIFY_WINDOW_HANDLE = 0
GUID_CONSOLE_DISPLAY_STATE = uuid.UUID("6fe69556-704a-47a0-8f24-c28d936fda47")
DISPLAY_OFF = 0
MESSAGE_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")

SESSION_REASONS = {
    WTS_SESSION_LOCK: "session locked",
    WTS_CONSOLE_DISCONNECT: "session disconnected",
    WTS_REMOTE_DISCONNECT: "session disconnected",
}


class POINT(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int32), ("y", ctypes.c_int32)]


class MSG(ctypes.Structure):
    """winuser.h MSG: WPARAM is pointer-sized unsigned, LPARAM pointer-sized signed."""

    _fields_ = [
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint32),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
        ("time", ctypes.c_uint32),
        ("pt", POINT),
        ("lPrivate", ctypes.c_uint32),
    ]


class GUID(ctypes.Structure):
    _fields_ = [
        ("Data1", ctypes.c_uint32),
        ("Data2", ctypes.c_uint16),
        ("Data3", ctypes.c_uint16),
        ("Data4", ctypes.c_ubyte * 8),
    ]

    @classmethod
    def of(cls, value: uuid.UUID) -> GUID:
        return cls.from_buffer_copy(value.bytes_le)

    def as_uuid(self) -> uuid.UUID:
        return uuid.UUID(bytes_le=bytes(self))


class POWERBROADCAST_SETTING(ctypes.Structure):  # noqa: N801 - the Windows name
    _fields_ = [
        ("PowerSetting", GUID),
        ("DataLength", ctypes.c_uint32),
        ("Data", ctypes.c_ubyte * 1),
    ]


def reason_for(message_address: int) -> str | None:
    """Why this window message asks for a lock, or None. ``message_address`` points at a MSG."""
    if not message_address:
        return None
    msg = MSG.from_address(message_address)
    if msg.message == WM_WTSSESSION_CHANGE:
        return SESSION_REASONS.get(msg.wParam)
    if msg.message != WM_POWERBROADCAST:
        return None
    if msg.wParam == PBT_APMSUSPEND:
        return "going to sleep"
    if msg.wParam == PBT_POWERSETTINGCHANGE and msg.lParam:
        setting = POWERBROADCAST_SETTING.from_address(msg.lParam)
        if (
            setting.PowerSetting.as_uuid() == GUID_CONSOLE_DISPLAY_STATE
            and setting.DataLength >= 1
            and setting.Data[0] == DISPLAY_OFF
        ):
            return "display turned off"
    return None


class SessionMessageFilter(QAbstractNativeEventFilter):
    """Reads every native message the application gets; lets each one through unchanged."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        super().__init__()
        self.emit = emit

    def nativeEventFilter(self, event_type, message):  # noqa: ANN001, N802 - Qt API
        try:
            if bytes(event_type) in MESSAGE_TYPES:
                # PySide6 hands the MSG* as an int or a shiboken VoidPtr, depending on version.
                why = reason_for(int(message))
                if why:
                    self.emit(why)
        except Exception:  # noqa: BLE001 - never let a decoding slip stop Windows' messages
            log.exception("could not read a window message")
        return False, 0


class Win32:
    """The four registrations, through ctypes (Windows only)."""

    def __init__(self) -> None:
        from ctypes import wintypes

        self.wtsapi32 = ctypes.WinDLL("wtsapi32", use_last_error=True)  # type: ignore[attr-defined]
        self.user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
        self.wtsapi32.WTSRegisterSessionNotification.argtypes = [wintypes.HWND, wintypes.DWORD]
        self.wtsapi32.WTSRegisterSessionNotification.restype = wintypes.BOOL
        self.wtsapi32.WTSUnRegisterSessionNotification.argtypes = [wintypes.HWND]
        self.wtsapi32.WTSUnRegisterSessionNotification.restype = wintypes.BOOL
        self.user32.RegisterPowerSettingNotification.argtypes = [
            wintypes.HANDLE,
            ctypes.POINTER(GUID),
            wintypes.DWORD,
        ]
        self.user32.RegisterPowerSettingNotification.restype = ctypes.c_void_p
        self.user32.UnregisterPowerSettingNotification.argtypes = [ctypes.c_void_p]
        self.user32.RegisterSuspendResumeNotification.argtypes = [wintypes.HANDLE, wintypes.DWORD]
        self.user32.RegisterSuspendResumeNotification.restype = ctypes.c_void_p
        self.user32.UnregisterSuspendResumeNotification.argtypes = [ctypes.c_void_p]

    def register(self, hwnd: int) -> list[Callable[[], None]]:
        """Register for everything that is available; return how to undo each."""
        undo: list[Callable[[], None]] = []
        if self.wtsapi32.WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION):
            undo.append(lambda: self.wtsapi32.WTSUnRegisterSessionNotification(hwnd))
        else:
            log.info("session notifications refused (error %d)", ctypes.get_last_error())
        display = GUID.of(GUID_CONSOLE_DISPLAY_STATE)
        handle = self.user32.RegisterPowerSettingNotification(
            hwnd, ctypes.byref(display), DEVICE_NOTIFY_WINDOW_HANDLE
        )
        if handle:
            undo.append(lambda: self.user32.UnregisterPowerSettingNotification(handle))
        suspend = self.user32.RegisterSuspendResumeNotification(hwnd, DEVICE_NOTIFY_WINDOW_HANDLE)
        if suspend:
            undo.append(lambda: self.user32.UnregisterSuspendResumeNotification(suspend))
        return undo


class WindowsSessionWatcher:
    """Installs the filter on the application and registers ``hwnd`` for the notifications."""

    def __init__(self, hwnd: int, emit: Callable[[str], None], api: Win32 | None = None) -> None:
        self.filter = SessionMessageFilter(emit)
        app = QCoreApplication.instance()
        app.installNativeEventFilter(self.filter)
        self.undo: list[Callable[[], None]] = []
        try:
            self.undo = (api or Win32()).register(hwnd)
        except Exception:  # noqa: BLE001 - sleep still arrives as WM_POWERBROADCAST
            log.exception("could not register for Windows session notifications")
        self.watching = ["WM_POWERBROADCAST"]
        if self.undo:
            self.watching.append("session and display notifications")
        app.aboutToQuit.connect(self.stop)

    def stop(self) -> None:
        while self.undo:
            try:
                self.undo.pop()()
            except Exception:  # noqa: BLE001 - leaving anyway
                log.exception("could not undo a Windows registration")
        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(self.filter)


def available(platform: str = sys.platform) -> bool:
    return platform == "win32"

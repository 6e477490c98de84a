"""Lock Relapp when the desktop locks the screen or the laptop goes to sleep.

Qt itself reports only that the application is suspended (relapp.ui.mainwindow watches for
that). On Linux desktops the rest is told over D-Bus, which Qt speaks (QtDBus):

- the session's screen saver or locker: ``ActiveChanged(true)`` from
  ``org.freedesktop.ScreenSaver`` (KDE, LXQt and others) or the GNOME, Cinnamon, MATE and
  Xfce equivalents;
- logind on the system bus: ``Lock`` on this login session (``loginctl lock-session``, and
  what most lockers listen to), and ``PrepareForSleep(true)`` before suspend or hibernation.

On Windows the session's lock, the display turning off and sleep arrive as window messages
(relapp.ui.system_lock_windows); on macOS as notifications (relapp.ui.system_lock_macos).

Any of these asks for a lock; none of them is needed (where nothing can be watched, the idle
lock and Ctrl+L still work).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

SCREEN_SAVERS = (
    "org.freedesktop.ScreenSaver",
    "org.gnome.ScreenSaver",
    "org.cinnamon.ScreenSaver",
    "org.mate.ScreenSaver",
    "org.xfce.ScreenSaver",
)
LOGIN_SESSION = "org.freedesktop.login1.Session"
LOGIN_MANAGER = "org.freedesktop.login1.Manager"
LOGIN_PATH = "/org/freedesktop/login1"


def bus_path_encode(text: str) -> str:
    """As systemd's sd_bus_path_encode: what a session id looks like in an object path."""
    out = []
    for position, ch in enumerate(text):
        if ch.isascii() and (ch.isalpha() or (ch.isdigit() and position > 0)):
            out.append(ch)
        else:
            out.extend(f"_{byte:02x}" for byte in ch.encode())
    return "".join(out) or "_"


def session_path(environ: dict[str, str] | None = None) -> str:
    """This login session's logind object path, or "" (any session's Lock counts) when the
    session id is not known."""
    session_id = (environ if environ is not None else os.environ).get("XDG_SESSION_ID", "")
    return f"{LOGIN_PATH}/session/{bus_path_encode(session_id)}" if session_id else ""


def default_buses() -> tuple[object | None, object | None]:
    """(session bus, system bus) on Linux, when reachable; None for one that is not."""
    if not sys.platform.startswith("linux"):
        return None, None
    from PySide6.QtDBus import QDBusConnection

    session, system = QDBusConnection.sessionBus(), QDBusConnection.systemBus()
    return (session if session.isConnected() else None), (system if system.isConnected() else None)


def native_watcher(
    parent: QObject | None, emit: Callable[[str], None], platform: str = sys.platform
) -> object | None:
    """The Windows or macOS watcher for this platform (it has ``watching`` and ``stop()``), or
    None where there is none."""
    # Each platform's module is loaded on its own platform only (the Windows one brings
    # ctypes, for nothing elsewhere).
    if platform == "win32":
        from relapp.ui import system_lock_windows

        if system_lock_windows.available(platform):
            hwnd = int(parent.window().winId()) if isinstance(parent, QWidget) else 0
            return system_lock_windows.WindowsSessionWatcher(hwnd, emit)
    if platform == "darwin":
        from relapp.ui import system_lock_macos

        if system_lock_macos.available(platform):
            return system_lock_macos.MacSessionWatcher(emit)
    return None


class SystemLockWatcher(QObject):
    """Emits lock_requested when the screen locks or the system is about to sleep."""

    lock_requested = Signal(str)  # why, for the log: "screen locked", "session locked", ...

    def __init__(
        self,
        parent: QObject | None = None,
        buses: Callable[[], tuple[object | None, object | None]] | None = None,
        environ: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        try:
            session_bus, system_bus = (buses or default_buses)()
        except Exception:  # noqa: BLE001 - no D-Bus means nothing to watch, never a failure
            log.info("no D-Bus to watch for screen locks", exc_info=True)
            session_bus = system_bus = None
        self.watching: list[str] = []
        if session_bus is not None:
            for interface in SCREEN_SAVERS:
                self._connect(session_bus, "", interface, "ActiveChanged", "screen_saver(bool)")
        if system_bus is not None:
            path = session_path(environ)
            self._connect(system_bus, path, LOGIN_SESSION, "Lock", "session_locked()")
            self._connect(
                system_bus, LOGIN_PATH, LOGIN_MANAGER, "PrepareForSleep", "sleeping(bool)"
            )
        self.native: object | None = None
        try:
            self.native = native_watcher(parent, self.lock_requested.emit)
        except Exception:  # noqa: BLE001 - the idle lock and Ctrl+L still stand
            log.exception("could not watch this desktop for screen locks")
        if self.native is not None:
            self.watching.extend(self.native.watching)  # type: ignore[attr-defined]
            self.destroyed.connect(self.native.stop)  # type: ignore[attr-defined]

    def _connect(self, bus: object, path: str, interface: str, name: str, slot: str) -> None:
        if bus.connect("", path, interface, name, self, SLOT(slot)):  # type: ignore[attr-defined]
            self.watching.append(f"{interface}.{name}")
        else:
            log.info("could not watch %s.%s on D-Bus", interface, name)

    @Slot(bool)
    def screen_saver(self, active: bool) -> None:
        if active:
            self.lock_requested.emit("screen locked")

    @Slot()
    def session_locked(self) -> None:
        self.lock_requested.emit("session locked")

    @Slot(bool)
    def sleeping(self, starting: bool) -> None:
        if starting:
            self.lock_requested.emit("going to sleep")

"""Lock Relapp when macOS locks the screen, starts the screen saver, switches user or sleeps.

macOS posts these as notifications, which PyObjC (``pyobjc-framework-Cocoa``, installed on macOS
only) lets Relapp observe on the main queue, the run loop Qt itself spins:

- on the distributed notification centre: ``com.apple.screenIsLocked`` (the lock screen, Ctrl+
  Cmd+Q, a hot corner) and ``com.apple.screensaver.didstart``;
- on NSWorkspace's centre: ``NSWorkspaceWillSleepNotification`` (before sleep),
  ``NSWorkspaceScreensDidSleepNotification`` (the display sleeps) and
  ``NSWorkspaceSessionDidResignActiveNotification`` (fast user switching).

Without PyObjC nothing is watched, and the idle lock and Ctrl+L still work. The release workflow
tests the observers on a macOS runner by posting real notifications.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)

DISTRIBUTED = {
    "com.apple.screenIsLocked": "screen locked",
    "com.apple.screensaver.didstart": "screen saver started",
}
WORKSPACE = {
    "NSWorkspaceWillSleepNotification": "going to sleep",
    "NSWorkspaceScreensDidSleepNotification": "display turned off",
    "NSWorkspaceSessionDidResignActiveNotification": "session switched",
}


class MacSessionWatcher:
    """Observes the notifications above for as long as it is kept; ``stop()`` removes them."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        from AppKit import NSWorkspace  # PyObjC, macOS only
        from Foundation import NSDistributedNotificationCenter, NSOperationQueue

        self.emit = emit
        queue = NSOperationQueue.mainQueue()
        self.tokens: list[tuple[object, object]] = []
        self.watching: list[str] = []
        centres = (
            (NSDistributedNotificationCenter.defaultCenter(), DISTRIBUTED),
            (NSWorkspace.sharedWorkspace().notificationCenter(), WORKSPACE),
        )
        for centre, names in centres:
            for name, why in names.items():
                token = centre.addObserverForName_object_queue_usingBlock_(
                    name, None, queue, self._block(why)
                )
                self.tokens.append((centre, token))
                self.watching.append(name)

    def _block(self, why: str) -> Callable[[object], None]:
        def observed(_notification: object) -> None:
            try:
                self.emit(why)
            except Exception:  # noqa: BLE001 - an exception must not cross into Cocoa
                log.exception("could not lock on %s", why)

        return observed

    def stop(self) -> None:
        while self.tokens:
            centre, token = self.tokens.pop()
            centre.removeObserver_(token)


def available(platform: str = sys.platform) -> bool:
    if platform != "darwin":
        return False
    try:
        import AppKit  # noqa: F401
        import Foundation  # noqa: F401
    except ImportError:
        log.info("PyObjC is not installed: macOS screen locks are not watched")
        return False
    return True

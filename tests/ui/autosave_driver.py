"""Types a reflection into the real app, one word every 100 ms, until it is killed.

Run by tests/test_autosave_kill.py as its own process:

    python tests/ui/autosave_driver.py PROFILE_DIR

The passphrase comes from RELAPP_PASSPHRASE. Prints "READY" once the editor is open, then one
line per word typed: "<time.monotonic()> <word>", flushed, written after the word is in the
text box. Nothing here saves on purpose: only the app's own autosave keeps the words.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

WORD_INTERVAL_MS = 100


def word(index: int) -> str:
    return f"word{index:03d}"


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest

    from relapp.services.profile import create_profile, unlock_profile
    from relapp.store.vault import Vault
    from relapp.ui.app import build_window, make_application
    from relapp.ui.settings import DEFAULT_TEMPLATE, LAST_PAGE
    from relapp.ui.views.reflections import ReflectionsPage

    profile = Path(argv[1])
    passphrase = os.environ["RELAPP_PASSPHRASE"]
    app = make_application([sys.argv[0]])
    if Vault.exists(profile):
        session = unlock_profile(profile, passphrase)
    else:
        session, _code = create_profile(profile, "Kill Test", "practitioner", passphrase)
    window = build_window(profile)
    window.ctx.settings.set(LAST_PAGE, "reflections")
    window.ctx.settings.set(DEFAULT_TEMPLATE, "free-text")
    window.show()
    window.open_workspace(session)
    assert window.workspace is not None
    page = window.workspace.pages["reflections"]
    assert isinstance(page, ReflectionsPage)
    page.new_record()
    typed = 0

    def tick() -> None:
        nonlocal typed
        if page.editor is None:
            return
        if typed == 0:
            print("READY", flush=True)
        box = page.editor.text_boxes()[0]
        QTest.keyClicks(box, word(typed) + " ")
        print(f"{time.monotonic():.4f} {word(typed)}", flush=True)
        typed += 1

    timer = QTimer()
    timer.setInterval(WORD_INTERVAL_MS)
    timer.timeout.connect(tick)
    timer.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))

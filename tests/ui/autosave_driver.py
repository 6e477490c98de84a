"""Types into the real app, one word every 100 ms, until it is killed: a reflection, or
(with "visit") the purpose of a new visit whose family is not chosen, which cannot be saved as a
visit yet and is kept as an unfinished form.

Run by tests/test_autosave_kill.py as its own process:

    python tests/ui/autosave_driver.py PROFILE_DIR [reflection|visit]

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
    mode = argv[2] if len(argv) > 2 else "reflection"
    window = build_window(profile)
    window.ctx.settings.set(LAST_PAGE, "visits" if mode == "visit" else "reflections")
    window.ctx.settings.set(DEFAULT_TEMPLATE, "free-text")
    window.show()
    window.open_workspace(session)
    assert window.workspace is not None
    if mode == "visit":
        visits = window.workspace.pages["visits"]
        visits.new_record()
    else:
        page = window.workspace.pages["reflections"]
        assert isinstance(page, ReflectionsPage)
        page.new_record()
    typed = 0

    def box():  # noqa: ANN202
        if mode == "visit":
            return visits.editor.purpose
        return page.editor.text_boxes()[0] if page.editor is not None else None

    def tick() -> None:
        nonlocal typed
        target = box()
        if target is None:
            return
        if typed == 0:
            print("READY", flush=True)
        QTest.keyClicks(target, word(typed) + " ")
        print(f"{time.monotonic():.4f} {word(typed)}", flush=True)
        typed += 1

    timer = QTimer()
    timer.setInterval(WORD_INTERVAL_MS)
    timer.timeout.connect(tick)
    timer.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))

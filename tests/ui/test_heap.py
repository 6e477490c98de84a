"""Once the pages are built ahead after unlock, the objects alive are left out of Python's
later collections (relapp.ui.workspace.settle_heap), and given back at lock."""

from __future__ import annotations

import gc

from tests.ui.conftest import demo_window


def test_the_heap_is_settled_after_unlock_and_given_back_at_lock(qtbot, tmp_path) -> None:
    gc.unfreeze()
    windows = demo_window(qtbot, tmp_path / "demo", "today")
    window = next(windows)
    workspace = window.workspace
    qtbot.waitUntil(lambda: workspace.settled, timeout=20_000)
    ahead = [spec.key for spec in workspace.specs if spec.ahead]
    assert ahead and all(key in workspace.pages for key in ahead)
    assert gc.get_freeze_count() > 10_000  # the app's code and pages
    window.lock()
    assert gc.get_freeze_count() == 0
    next(windows, None)

"""Render every main screen of the demo to PNG files, for people to look at.

Set RELAPP_SCREENSHOT_DIR to keep them (otherwise they go to the test's temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from relapp.services.demo import build_demo_profile
from relapp.ui.app import build_window
from relapp.ui.views import page_specs


def distinct_colours(image: QImage, step: int = 7) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("RELAPP_SCREENSHOT_DIR") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_main_screen_renders(qtbot, tmp_path, shots):
    session = build_demo_profile(tmp_path / "demo")
    window = build_window(tmp_path / "demo")
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    window.show_gate()
    gate_image = window.grab().toImage()
    gate_image.save(str(shots / "00-unlock.png"))
    window.open_workspace(session)
    saved = []
    for index, spec in enumerate(page_specs(), start=1):
        page = window.workspace.show_page(spec.key)
        qtbot.waitUntil(lambda: not window.ctx.runner.busy, timeout=10_000)
        qtbot.wait(150)
        image = window.grab().toImage()
        path = shots / f"{index:02d}-{spec.key}.png"
        assert image.save(str(path))
        saved.append(path)
        # A page that failed to build, or shows nothing, is a blank grey rectangle.
        assert distinct_colours(image) > 12, f"{spec.key} looks empty"
        assert page.isVisible()
    window.lock()
    assert len(saved) == len(page_specs())

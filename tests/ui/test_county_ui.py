"""A system leader's window: the county page only, the report of a quarter built on a worker
from three teams' figures, no family's name on screen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from relapp.ui.app import build_window
from tests.sync.county_world import QUARTER, SENTINEL_FAMILY, TeamSpec, build_county

SPECS = [
    TeamSpec("North", {"caseload-time": 2, "waiting-lists-thresholds": 7}),
    TeamSpec("South", {"caseload-time": 9, "waiting-lists-thresholds": 6}, share_excerpt=True),
    TeamSpec("West", {"caseload-time": 8, "waiting-lists-thresholds": 9}),
]


@pytest.fixture
def leader_window(qtbot, tmp_path: Path) -> Iterator[object]:  # noqa: ANN001
    central = tmp_path / "shared"
    central.mkdir()
    county = build_county(central, tmp_path / "profiles", SPECS)
    for session in county.supervisors.values():
        session.close()
    win = build_window(tmp_path / "profiles" / "leader")
    qtbot.addWidget(win)
    win.resize(900, 700)
    win.show()
    win.open_workspace(county.leader)
    yield win
    win.ctx.runner.wait_idle()
    win.lock()


def test_a_system_leader_sees_the_county_page_and_its_report(qtbot, leader_window):  # noqa: ANN001
    win = leader_window
    assert [spec.key for spec in win.workspace.specs] == ["county"]
    page = win.workspace.pages["county"]
    qtbot.waitUntil(lambda: page.report_box.isVisible(), timeout=10000)
    assert "3 teams" in page.where.text()
    index = page.quarter.findData(QUARTER)
    assert index >= 0
    page.quarter.setCurrentIndex(index)
    page.build_button.click()
    qtbot.waitUntil(lambda: page.report is not None, timeout=15000)
    text = page.browser.toPlainText()
    assert "County learning report: Essex" in text and "North" in text
    assert SENTINEL_FAMILY not in text
    shots = os.environ.get("RELAPP_SHOTS")
    if shots:
        win.grab().save(str(Path(shots) / "county-900.png"))


def test_a_system_leader_is_made_from_the_first_run_screen_and_sees_only_the_county(qtbot, window):
    from PySide6.QtCore import Qt

    from tests.conftest import PASSPHRASE

    gate = window.gate
    qtbot.mouseClick(gate.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(gate.name, "Morgan Lee")
    gate.role.setCurrentIndex(gate.role.findData("system_leader"))
    qtbot.keyClicks(gate.pass1, PASSPHRASE)
    qtbot.keyClicks(gate.pass2, PASSPHRASE)
    qtbot.mouseClick(gate.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gate.pages.currentIndex() == 2, timeout=10_000)
    gate.stored.setChecked(True)
    qtbot.mouseClick(gate.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None)
    assert [spec.key for spec in window.workspace.specs] == ["county"]
    assert window.ctx.session.vault.identity().role == "system_leader"

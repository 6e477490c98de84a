"""Supervision → Audit trail on the demo team's supervisor laptop: a practitioner opens a
family and exports; after sync the supervisor's tab lists those entries (filtered by person,
family, action and period), a screen at a time, and writes the CSV on the write worker."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from relapp.services import audit_trail, families
from relapp.services import team as team_service
from relapp.services.demo import DEMO_PASSPHRASE
from relapp.services.demo_team import build_demo_team, profile_folder
from relapp.services.profile import unlock_profile
from relapp.services.transfer import export_json
from relapp.ui.app import build_window
from relapp.ui.supervision.audit import AuditTrailTab


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = build_demo_team(tmp_path / "demo")
    alex = unlock_profile(profile_folder(root, "practitioner"), DEMO_PASSPHRASE)
    try:
        fam = families.family_choices(alex.records)[0]
        families.family_detail(alex.records, fam.id)
        export_json(alex.records)
        team_service.sync_once(alex)
        (root / "family-id").write_text(fam.id)
        (root / "alex-id").write_text(alex.vault.member_id)
    finally:
        alex.close()
    return root


@pytest.fixture
def tab(qtbot, demo: Path) -> Iterator[AuditTrailTab]:  # noqa: ANN001
    folder = profile_folder(demo, "supervisor")
    session = unlock_profile(folder, DEMO_PASSPHRASE)
    team_service.sync_once(session)
    win = build_window(folder)
    qtbot.addWidget(win)
    win.show()
    win.open_workspace(session)
    widget = AuditTrailTab(win.ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 640)
    widget.show()
    widget.refresh()
    qtbot.waitUntil(lambda: widget.person.count() > 1 and bool(widget.model.total), timeout=10000)
    yield widget
    win.ctx.runner.wait_idle()
    win.lock()


def _pick(combo, value: str) -> None:  # noqa: ANN001
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def test_a_practitioners_entries_show_on_the_supervisors_screen(
    qtbot, tab: AuditTrailTab, demo: Path
) -> None:
    alex = (demo / "alex-id").read_text()
    family_id = (demo / "family-id").read_text()
    _pick(tab.person, alex)
    qtbot.waitUntil(lambda: not tab.model.loading, timeout=5000)
    actions = {r.action for r in tab.model.rows}
    assert {"open_family", "export"} <= actions
    assert all(r.received and r.member_id == alex for r in tab.model.rows)
    _pick(tab.family, family_id)
    qtbot.waitUntil(lambda: not tab.model.loading, timeout=5000)
    assert [r.action for r in tab.model.rows] == ["open_family"]
    text = tab.model.index(0, 4).data(Qt.ItemDataRole.DisplayRole)
    assert text == tab.family.currentText().rsplit(" (", 1)[0]  # the family's name, held here
    _pick(tab.action, "export")
    qtbot.waitUntil(lambda: not tab.model.loading, timeout=5000)
    assert tab.model.rows == [] and tab.model.total == 0
    tab.family.setCurrentIndex(0)
    tab.period.setCurrentIndex(tab.period.findData(7))
    qtbot.waitUntil(lambda: not tab.model.loading, timeout=5000)
    assert [r.action for r in tab.model.rows] == ["export"]
    # Every control has a name a screen reader says, and is reached with Tab.
    for widget in (tab.person, tab.family, tab.action, tab.period, tab.export_button, tab.table):
        assert widget.accessibleName(), widget
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget


def test_the_csv_is_written_on_the_worker(
    qtbot, tab: AuditTrailTab, tmp_path: Path, monkeypatch
) -> None:
    threads: list[threading.Thread] = []
    original = audit_trail.write_csv

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(audit_trail, "write_csv", spy)
    target = tmp_path / "trail.csv"
    tab.export_csv_to(target)
    qtbot.waitUntil(lambda: tab.task is None, timeout=10000)
    assert target.exists(), tab.message.text()
    assert threads and threads[0] is not threading.main_thread()
    assert tab.message.text().startswith("Saved ")
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith("# Relapp audit trail") and "open_family" in text
    if os.name == "posix":
        assert target.stat().st_mode & 0o077 == 0


def test_the_tab_renders_at_900_pixels(qtbot, tab: AuditTrailTab) -> None:  # noqa: ANN001
    """Rendered for a person to look at: RELAPP_SHOTS=DIR keeps the image (run it with
    QT_SCALE_FACTOR=2 too)."""
    qtbot.waitUntil(lambda: not tab.model.loading, timeout=5000)
    image = tab.grab()
    assert image.width() >= 880
    shots = os.environ.get("RELAPP_SHOTS")
    if shots:
        scale = os.environ.get("QT_SCALE_FACTOR", "1")
        image.save(str(Path(shots) / f"audit-tab-x{scale}.png"))

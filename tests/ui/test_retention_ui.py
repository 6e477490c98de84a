"""Retention, legal holds, retiring a laptop and asking for an erasure, in the app: real
profiles on a real shared folder, driven through the real widgets."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from relapp.services import erasure, retention
from relapp.services import team as team_service
from relapp.services.profile import unlock_profile
from relapp.store.vault import RecordNotFound
from relapp.sync.engine import team_folder_for
from relapp.ui.erase_dialog import AskErasureDialog
from relapp.ui.retention_dialog import RetentionDialog
from tests.conftest import PASSPHRASE
from tests.sync.helpers import edit_family, family
from tests.ui.test_sync_ui import closed, settle, sync_page, team, windows  # noqa: F401


def _open_retention(qtbot, page) -> RetentionDialog:  # noqa: ANN001
    page.retention_button.setFocus()
    qtbot.keyClick(page.retention_button, Qt.Key.Key_Space)
    dialog = page.dialog
    assert isinstance(dialog, RetentionDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=5000)
    return dialog


def test_a_supervisor_previews_holds_and_exports_the_log(qtbot, windows, team, tmp_path):  # noqa: F811
    sup = team.people["sup"]
    alex = team.join("alex", "Alex Morgan", "practitioner")
    made = family(alex, "The Heron family", "EH-1")
    edit_family(alex, made.id, "The Heron family", status="closed")
    team.sync("alex", "sup")
    team_service.set_retention(sup, 1)
    # Closed two years ago, listed as coming up long ago: due now.
    with sup.vault._tx():
        sup.vault._conn.execute(
            "UPDATE record_versions SET created_at = '2020-01-01T00:00:00+00:00'"
            " WHERE record_id = ?",
            (made.id,),
        )
        sup.vault._conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, '2020-01-01')",
            (f"retention-seen:{made.id}",),
        )
    window = windows.open(sup, team.base / "sup")
    page = sync_page(qtbot, window, 2)
    settle(qtbot, window)
    # The pass at unlock ran the rule: place a hold first on a second family.
    kept = family(alex, "The Kite family", "EH-2")
    edit_family(alex, kept.id, "The Kite family", status="closed")
    team.sync("alex", "sup")
    dialog = _open_retention(qtbot, page)
    assert "closed more than a year ago" in dialog.rules_text.text()
    rows = dialog.families_model.rows
    assert [r.name for r in rows] == []  # the Heron family went; the Kite one is not due
    with pytest.raises(RecordNotFound):
        sup.vault.get(made.id)
    dialog.close()

    retention.set_hold(sup, kept.id, True)
    dialog = _open_retention(qtbot, page)
    assert [(r.name, r.held) for r in dialog.families_model.rows] == [("The Kite family", True)]
    dialog.families.selectRow(0)
    assert dialog.lift_button.isEnabled() and not dialog.hold_button.isEnabled()
    qtbot.mouseClick(dialog.lift_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.families_model.rows, timeout=5000)
    assert "lifted" in dialog.message.text()
    assert not sup.vault.get(kept.id).data.get("legal_hold")
    actions = [e.action for e in dialog.log_model.rows]
    assert actions[:2] == ["legal_hold_lifted", "legal_hold_placed"]
    assert "retention_run" in actions
    out = tmp_path / "log.csv"
    dialog.export_to(out)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)
    text = out.read_text(encoding="utf-8")
    assert "legal_hold_lifted" in text and "Heron" not in text and "Kite" not in text

    # The rules are set here too; a preview names the day.
    dialog.draft_days.setValue(30)
    qtbot.mouseClick(dialog.save_rules_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and "saved" in dialog.message.text(), timeout=5000)
    assert retention.draft_days_of(sup) == 30
    qtbot.waitUntil(  # the dialog reads the rules again on a worker
        lambda: "Unfinished drafts untouched for 30 days" in dialog.rules_text.text(),
        timeout=5000,
    )
    later = date.today() + timedelta(days=400)
    plan = retention.plan(sup, today=later)
    dialog.show_overview(retention.RetentionOverview(plan, [], [], True))
    assert "will be erased on" in dialog.preview_text.text()
    dialog.close()


def test_a_practitioner_asks_for_an_erasure_from_the_familys_page(qtbot, windows, team):  # noqa: F811
    alex = team.join("alex", "Alex Morgan", "practitioner")
    made = family(alex, "The Heron family", "EH-1")
    window = windows.open(alex, team.base / "alex")
    settle(qtbot, window)
    page = window.workspace.show_page("families")
    page.show_family(made.id)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=5000)
    assert page.detail.erase_button is None  # a supervisor's action
    ask = page.detail.ask_button
    assert ask is not None and ask.isEnabled() and ask.accessibleName()
    qtbot.mouseClick(ask, Qt.MouseButton.LeftButton)
    dialog = page.erase_dialog
    assert isinstance(dialog, AskErasureDialog) and dialog.isVisible()
    # Bad input: a clear sentence, nothing saved.
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert "reference" in dialog.message.text()
    assert erasure.erasure_requests(alex) == []
    qtbot.keyClicks(dialog.request, "SAR-2026-3")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert "Say why" in dialog.message.text()
    qtbot.keyClicks(dialog.reason, "The family asked")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)
    asked = erasure.erasure_requests(alex)
    assert [(r.request, r.reason, r.status) for r in asked] == [
        ("SAR-2026-3", "The family asked", "open")
    ]
    # It reaches the supervisors' queue on their Sync page.
    team.sync("alex", "sup")
    sup_window = windows.open(team.people["sup"], team.base / "sup")
    sup_page = sync_page(qtbot, sup_window, 2)
    qtbot.waitUntil(lambda: bool(sup_page.asked.model.rows), timeout=5000)
    row = sup_page.asked.model.rows[0]
    assert row.request == "SAR-2026-3" and row.family_name == "The Heron family"
    assert sup_page.open_family_button.isEnabled()


def test_a_supervisor_retires_a_lost_laptop_from_the_sync_page(qtbot, windows, team):  # noqa: F811
    alex = team.join("alex", "Alex Morgan", "practitioner")
    family(alex, "The Heron family", "EH-1")
    team.sync("alex", "sup")
    lost = alex.vault.device_id
    window = windows.open(team.people["sup"], team.base / "sup")
    page = sync_page(qtbot, window, 2)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: len(page.laptops.model.rows) == 2, timeout=5000)
    mine = next(i for i, d in enumerate(page.laptops.model.rows) if d.is_mine)
    page.laptops.table.selectRow(mine)
    assert not page.retire_button.isEnabled()  # never this laptop itself
    other = next(i for i, d in enumerate(page.laptops.model.rows) if d.device_id == lost)
    page.laptops.table.selectRow(other)
    assert page.retire_button.isEnabled()
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    box = page.dialog
    assert isinstance(box, QMessageBox) and "will never come back" in box.informativeText()
    retire = next(b for b in box.buttons() if b.text() == "Retire laptop")
    qtbot.mouseClick(retire, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(d.device_id == lost and d.status == "retired" for d in page.laptops.model.rows),
        timeout=10000,
    )
    assert "was retired" in page.action_message.text()
    folder = team_folder_for(team.people["sup"].vault)
    assert not folder.bundles(lost).accepted
    # The retired laptop, opened again, says what happened.
    team.people.pop("alex").close()
    again = unlock_profile(team.base / "alex", PASSPHRASE)
    team.people["alex"] = again
    alex_window = windows.open(again, team.base / "alex")
    alex_page = sync_page(qtbot, alex_window, 2)
    settle(qtbot, alex_window)
    qtbot.waitUntil(lambda: "retired this laptop" in alex_page.notice.text(), timeout=5000)
    Path(team.base).exists()

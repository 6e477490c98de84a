"""Erasing a family from the Families page: offered to supervisors only, confirmed with the
request's reference, a reason and the family's reference typed again; driven through real
widgets on the demo team's laptops."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from relapp.services import erasure
from relapp.services.demo import DEMO_PASSPHRASE
from relapp.services.demo_team import build_demo_team, profile_folder
from relapp.services.profile import unlock_profile
from relapp.store import erasure as store_erasure
from relapp.store.vault import RecordNotFound
from relapp.ui.app import build_window
from relapp.ui.erase_dialog import EraseFamilyDialog
from relapp.ui.settings import LAST_PAGE


def _window(qtbot, folder: Path):  # noqa: ANN001, ANN202
    session = unlock_profile(folder, DEMO_PASSPHRASE)
    window = build_window(folder)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.ctx.settings.set(LAST_PAGE, "families")
    window.open_workspace(session)
    return window


def _close(window) -> None:  # noqa: ANN001
    if window.ctx.session is not None:
        window.lock()
    window.ctx.runner.wait_idle()


@pytest.fixture
def team(tmp_path: Path) -> Path:
    return build_demo_team(tmp_path / "demo")


@pytest.fixture
def supervisor(qtbot, team: Path) -> Iterator[object]:  # noqa: ANN001
    window = _window(qtbot, profile_folder(team, "supervisor"))
    yield window
    _close(window)


@pytest.fixture
def practitioner(qtbot, team: Path) -> Iterator[object]:  # noqa: ANN001
    window = _window(qtbot, profile_folder(team, "practitioner"))
    yield window
    _close(window)


def open_family(qtbot, window, name: str):  # noqa: ANN001, ANN201
    """The Families page showing one family's page; returns (page, row)."""
    page = window.workspace.pages["families"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 10, timeout=5000)  # the active ones
    page.status_filter.setCurrentIndex(page.status_filter.findData(""))
    qtbot.waitUntil(lambda: page.model.rowCount() == 12, timeout=5000)
    row = next(r for r in page.model.rows if name in r.display_name)
    page.show_family(row.id)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=5000)
    return page, row


def open_dialog(qtbot, page) -> EraseFamilyDialog:  # noqa: ANN001
    qtbot.mouseClick(page.detail.erase_button, Qt.MouseButton.LeftButton)
    dialog = page.erase_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    return dialog


def fill(qtbot, dialog: EraseFamilyDialog, reference: str) -> None:  # noqa: ANN001
    qtbot.keyClicks(dialog.request, "SAR-2026-014")
    qtbot.keyClicks(dialog.reason, "Right to erasure, agreed with the DPO")
    qtbot.keyClicks(dialog.confirm, reference)


def test_a_supervisor_is_offered_erasure_and_a_practitioner_is_not(
    qtbot,
    supervisor,
    practitioner,  # noqa: ANN001
) -> None:
    page, _row = open_family(qtbot, supervisor, "Mensah")
    button = page.detail.erase_button
    assert button is not None and button.isVisible() and button.isEnabled()
    assert button.accessibleName() == "Erase family"
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    # Reached with Tab from the family's other actions.
    page.detail.visit_button.setFocus()
    qtbot.keyClick(page.detail.visit_button, Qt.Key.Key_Tab)
    assert supervisor.focusWidget() is page.detail.access_button
    qtbot.keyClick(page.detail.access_button, Qt.Key.Key_Tab)
    assert supervisor.focusWidget() is button

    page, _row = open_family(qtbot, practitioner, "Mensah")
    assert page.detail.erase_button is None
    texts = [b.text() for b in page.detail.findChildren(QPushButton) if b.isVisible()]
    assert texts and not [t for t in texts if "rase" in t]


def test_erasing_waits_for_the_request_a_reason_and_the_typed_reference(
    qtbot,
    supervisor,  # noqa: ANN001
) -> None:
    page, row = open_family(qtbot, supervisor, "Mensah")
    session = supervisor.ctx.session
    dialog = open_dialog(qtbot, page)
    plan = erasure.plan_family_erasure(session, row.id)
    counts = plan.counts()

    # It says what goes, in words and numbers, and which barriers lose their link.
    summary = dialog.summary.text()
    assert summary.startswith(f"{row.display_name} ({row.reference}) and everything")
    assert f"{counts['visit']} visits" in summary
    assert f"{counts['checkin']} check-ins" in summary
    assert "(submitted ones too)" in summary
    assert "cannot be undone" in dialog.warning.text()
    assert plan.unlinked and dialog.barriers_box.isVisible()
    assert len(dialog.barrier_lines) == len(plan.unlinked)
    for widget in (dialog.request, dialog.reason, dialog.confirm, dialog.erase_button):
        assert widget.accessibleName()
    assert dialog.focusWidget() is dialog.request

    erase = dialog.erase_button
    assert not erase.isEnabled()
    qtbot.keyClicks(dialog.request, "SAR-2026-014")
    assert not erase.isEnabled()
    qtbot.keyClicks(dialog.reason, "   ")  # blank is not a reason
    assert not erase.isEnabled()
    qtbot.keyClicks(dialog.reason, "Right to erasure")
    assert not erase.isEnabled()
    qtbot.keyClicks(dialog.confirm, "EH-00-0000")  # another reference
    assert not erase.isEnabled()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, row.reference.lower())  # case does not matter
    assert erase.isEnabled()
    dialog.request.clear()
    assert not erase.isEnabled()
    qtbot.keyClicks(dialog.request, "SAR-2026-014")
    assert erase.isEnabled()

    # Enter in a field never erases; Esc cancels, and nothing was erased.
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert dialog.isVisible()
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert session.vault.get(row.id)
    assert store_erasure.erased(session.vault) == []


def test_confirming_erases_the_family_and_the_list_reloads(qtbot, supervisor) -> None:  # noqa: ANN001
    page, row = open_family(qtbot, supervisor, "Mensah")
    session = supervisor.ctx.session
    plan = erasure.plan_family_erasure(session, row.id)
    dialog = open_dialog(qtbot, page)
    fill(qtbot, dialog, row.reference)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)

    # Back on the list, which no longer has the family, and it says what happened.
    assert page.stack.currentIndex() == 0
    qtbot.waitUntil(lambda: page.model.rowCount() == 11, timeout=5000)
    assert row.id not in {r.id for r in page.model.rows}
    said = f"The family was erased. {len(plan.records)} records removed."
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=5000)
    assert page.message.text().startswith(said)
    assert "Barriers page" in page.message.text()
    assert supervisor.save_label.text().startswith(said)

    for record_id, _kind in plan.records:
        with pytest.raises(RecordNotFound):
            session.vault.get(record_id)
    for barrier_id in plan.unlinked:
        assert session.vault.get(barrier_id).data["description"]  # its words stay
    marks = store_erasure.erased(session.vault)
    assert {(m.request, m.reason, m.by_role) for m in marks} == {
        ("SAR-2026-014", "Right to erasure, agreed with the DPO", "supervisor")
    }


def test_a_refusal_shows_in_the_dialog_keeps_what_was_typed_and_erases_nothing(
    qtbot,
    supervisor,  # noqa: ANN001
) -> None:
    page, row = open_family(qtbot, supervisor, "Okafor")
    session = supervisor.ctx.session
    dialog = open_dialog(qtbot, page)
    fill(qtbot, dialog, row.reference)
    # Meanwhile the family is erased another way (the command line, or another laptop).
    erasure.erase_family(session, row.id, reason="Duplicate request", request="SAR-1")
    before = store_erasure.erased(session.vault)

    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible() and not dialog.erasing, timeout=5000)
    assert dialog.message.text() == "There is no such family on this laptop."
    assert dialog.isVisible()
    assert dialog.request.text() == "SAR-2026-014"
    assert dialog.reason.text() == "Right to erasure, agreed with the DPO"
    assert dialog.confirm.text() == row.reference
    assert store_erasure.erased(session.vault) == before
    dialog.reject()


def test_the_service_refuses_a_practitioner_even_if_the_dialog_were_reached(
    qtbot,
    practitioner,  # noqa: ANN001
) -> None:
    page, row = open_family(qtbot, practitioner, "Okafor")
    session = practitioner.ctx.session
    dialog = EraseFamilyDialog(practitioner.ctx, row.id, row.display_name, row.reference, page)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    fill(qtbot, dialog, row.reference)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible() and not dialog.erasing, timeout=5000)
    assert dialog.message.text().startswith("Only a supervisor can erase a family.")
    assert session.vault.get(row.id)
    assert store_erasure.erased(session.vault) == []
    dialog.reject()

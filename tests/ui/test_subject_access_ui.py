"""A subject access export from a family's page, through the real window on the demo team's
laptop: the dialog writes both files on the worker with progress, can be cancelled leaving
nothing behind, says clearly when the folder is wrong, and every control has a name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from relapp.services.demo_team import profile_folder
from relapp.store import audit
from relapp.ui import subject_access_pdf
from relapp.ui.subject_access_dialog import SubjectAccessDialog
from tests.ui.test_erase_ui import _close, _window, open_family, team  # noqa: F401 - fixture


@pytest.fixture
def practitioner(qtbot, team: Path):  # noqa: ANN001, ANN201, F811
    window = _window(qtbot, profile_folder(team, "practitioner"))
    yield window
    _close(window)


def _open(qtbot, window) -> tuple[Any, Any, SubjectAccessDialog]:  # noqa: ANN001
    page, row = open_family(qtbot, window, "Okafor")
    button = page.detail.access_button
    assert button.isEnabled() and button.accessibleName() == "Subject access export"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.access_dialog
    assert dialog is not None and dialog.isVisible()
    return page, row, dialog


def test_export_from_the_family_page(qtbot, practitioner, tmp_path: Path) -> None:  # noqa: ANN001
    _page, row, dialog = _open(qtbot, practitioner)
    for widget in dialog.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(dialog):
            assert widget.accessibleName(), widget
    out = tmp_path / "out"
    out.mkdir()
    dialog.folder.setText(str(out))
    seen: list[int] = []
    task = dialog.start()
    assert task is not None and not dialog.export_button.isEnabled()
    task.progress.connect(lambda done, _total: seen.append(done))
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    result = dialog.result
    assert seen and dialog.open_button.isVisible()
    assert "marked for the redaction review" in dialog.message.text()
    doc = json.loads(result.json.read_text(encoding="utf-8"))
    assert doc["family_id"] == row.id and "Okafor" in doc["family"]["data"]["display_name"]
    assert result.pdf.read_bytes().startswith(b"%PDF")
    session = practitioner.ctx.session
    last = audit.entries(session.vault, action="subject_access_export")[-1]
    assert last.records == (row.id,)
    dialog.reject()
    assert not dialog.isVisible()


def test_cancel_leaves_nothing_and_a_missing_folder_is_said(
    qtbot,
    practitioner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    _page, _row, dialog = _open(qtbot, practitioner)
    dialog.folder.setText(str(tmp_path / "not-there"))
    assert dialog.start() is None
    assert "does not exist" in dialog.message.text()

    real = subject_access_pdf.subject_access_pdf

    def pressed_cancel_while_printing(sar, progress):  # noqa: ANN001, ANN202
        dialog.task.cancel()  # as the Cancel button does, while the worker prints
        return real(sar, progress)

    monkeypatch.setattr(subject_access_pdf, "subject_access_pdf", pressed_cancel_while_printing)
    out = tmp_path / "out"
    out.mkdir()
    dialog.folder.setText(str(out))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30_000)
    assert "Cancelled: nothing was written" in dialog.message.text()
    assert list(out.iterdir()) == []
    assert dialog.export_button.isEnabled() and dialog.isVisible()

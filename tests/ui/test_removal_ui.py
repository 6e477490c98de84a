"""Mistakes undone on the real pages: Delete on a check-in asks why it was entered in error and
takes it out of the list, with Undo in the status bar; Delete on a visit moves it to the trash;
the trash lists both and puts one back; what must stay on record says why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from relapp.ui import removal
from relapp.ui.removal import EnteredInErrorDialog
from relapp.ui.trash_dialog import TrashDialog
from tests.ui.conftest import demo_window


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[object]:
    yield from demo_window(qtbot, tmp_path / "p", "checkins")


def ids(page) -> set[str]:  # noqa: ANN001
    return {row.id for row in page.model.rows}


def answer_modal(qtbot, act) -> None:  # noqa: ANN001
    """Act on the next modal dialog once it is open (a real exec(), driven as a person)."""
    done: list[bool] = []

    def later() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, later)
            return
        act(dialog)
        done.append(True)

    QTimer.singleShot(0, later)
    return done


def test_a_check_in_entered_in_error_leaves_the_list_and_undo_brings_it_back(qtbot, window):
    page = window.workspace.show_page("checkins")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    page.table.setFocus()
    page.table.selectRow(0)
    chosen = page._current_row()

    def mark(dialog: EnteredInErrorDialog) -> None:
        assert isinstance(dialog, EnteredInErrorDialog)
        dialog.reason.setCurrentIndex(dialog.reason.findData("other"))
        qtbot.mouseClick(dialog.mark_button, Qt.MouseButton.LeftButton)
        # "Another reason" needs a note: the dialog says so and stays open.
        assert dialog.isVisible() and dialog.message.text()
        QTest.keyClicks(dialog.note, "This was the Finch family's check-in.")
        qtbot.mouseClick(dialog.mark_button, Qt.MouseButton.LeftButton)

    answered = answer_modal(qtbot, mark)
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(answered) and chosen.id not in ids(page), timeout=10_000)
    assert window.undo_button.isVisible()
    assert "entered in error" in window.save_label.text()

    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: chosen.id in ids(page), timeout=10_000)
    assert not window.undo_button.isVisible()
    assert not window.ctx.session.records.get(chosen.id).deleted


def test_a_visit_goes_to_the_trash_and_the_trash_puts_it_back(qtbot, window, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(removal, "confirm", lambda _p, title, *_a: asked.append(title) or True)
    page = window.workspace.show_page("visits")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    session = window.ctx.session
    # A visit with a submitted reflection stays on record; pick one without.
    removable = [
        row.id
        for row in page.model.rows
        if removal.trash.removal_for(session, session.records.get(row.id)).how == "trash"
    ]
    kept = [row.id for row in page.model.rows if row.id not in removable]
    assert removable and kept
    page.table.selectRow(next(i for i, r in enumerate(page.model.rows) if r.id == removable[0]))
    window.remove_action.trigger()
    qtbot.waitUntil(lambda: removable[0] not in ids(page), timeout=10_000)
    assert asked == ["Move this visit to the trash?"]

    page.table.selectRow(next(i for i, r in enumerate(page.model.rows) if r.id == kept[0]))
    window.remove_action.trigger()
    qtbot.waitUntil(lambda: "stays on record" in window.save_label.text(), timeout=10_000)
    assert kept[0] in ids(page)

    def put_back(dialog: TrashDialog) -> None:
        assert isinstance(dialog, TrashDialog)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
        assert "Moved to the trash" in dialog.table.item(0, 2).text()
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.put_back_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.empty.isVisible(), timeout=10_000)
        dialog.reject()

    answered = answer_modal(qtbot, put_back)
    window.open_trash()
    assert answered
    qtbot.waitUntil(lambda: removable[0] in ids(page), timeout=10_000)

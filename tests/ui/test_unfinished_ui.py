"""Nothing typed is lost, and the app comes back where it was (issue 15, items 1 and 2): a visit
typed before its family is chosen survives Back, a lock and an unlock; the editor that was open
at the lock opens again with its text and cursor; Today lists what is unfinished."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from relapp.services import unfinished
from relapp.services.demo import DEMO_PASSPHRASE
from relapp.services.profile import unlock_profile
from tests.ui.conftest import demo_window

PURPOSE = "Talk about the nursery place and the bedtime routine"


@pytest.fixture
def demo(qtbot, tmp_path: Path) -> Iterator[object]:
    yield from demo_window(qtbot, tmp_path / "p", "visits")


def new_visit_typed(qtbot, window):  # noqa: ANN001, ANN201
    """Ctrl+N on Visits, a purpose typed, no family chosen; the cursor left mid-text."""
    page = window.workspace.pages["visits"]
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    window.new_action.trigger()
    editor = page.editor
    qtbot.waitUntil(lambda: editor.family.count() > 1, timeout=5000)
    editor.purpose.setFocus()
    qtbot.keyClicks(editor.purpose, PURPOSE)
    cursor = editor.purpose.textCursor()
    cursor.setPosition(8)
    editor.purpose.setTextCursor(cursor)
    return page, editor


def unlock_again(qtbot, window) -> None:  # noqa: ANN001
    window.open_workspace(unlock_profile(window.ctx.profile_dir, DEMO_PASSPHRASE))


def test_a_lock_keeps_a_visit_without_its_family_and_the_unlock_reopens_it(qtbot, demo) -> None:
    page, editor = new_visit_typed(qtbot, demo)
    visit_id = editor.visit_id
    demo.lock()  # Ctrl+L (and the idle or screen lock): the purpose must not be lost
    assert demo.ctx.session is None
    unlock_again(qtbot, demo)
    page = demo.workspace.pages["visits"]
    qtbot.waitUntil(
        lambda: (
            page._editor is not None
            and page.stack.currentWidget() is page._editor
            and page.editor.purpose.toPlainText() == PURPOSE
        ),
        timeout=5000,
    )
    editor = page.editor
    assert editor.visit_id == visit_id and editor.version == 0
    assert editor.purpose.textCursor().position() == 8  # back where the cursor was
    assert editor.discard_button.isVisible()
    assert "not saved as the visit yet" in editor.message.text()
    # Choosing the family and saving makes it a visit; nothing is left unfinished.
    editor.family.setCurrentIndex(1)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.version > 0, timeout=5000)
    demo.ctx.runner.wait_idle()
    records = demo.ctx.session.records
    assert records.get(visit_id).data["purpose"] == PURPOSE
    assert unfinished.listed(records) == []


def test_back_keeps_it_says_so_and_today_lists_it_until_it_is_discarded(
    qtbot, demo, monkeypatch
) -> None:
    page, editor = new_visit_typed(qtbot, demo)
    visit_id = editor.visit_id
    qtbot.keyClick(editor.purpose, Qt.Key.Key_Escape)  # Back
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 0, timeout=5000)
    assert "Unfinished visit kept" in demo.save_label.text()
    demo.go_to("today")
    today = demo.workspace.pages["today"]
    qtbot.waitUntil(lambda: today.unfinished.isVisible(), timeout=5000)
    (row,) = today.unfinished.rows()
    assert row.record_id == visit_id and row.family_name == ""
    index = today.unfinished.model.index(0, 1)
    assert index.data() == "(no family chosen yet)"
    assert today.unfinished.model.index(0, 2).data().startswith("Talk about the nursery")
    # Enter on the row opens the visit as it was typed.
    today.unfinished.table.setFocus()
    today.unfinished.table.setCurrentIndex(today.unfinished.model.index(0, 0))
    qtbot.keyClick(today.unfinished.table, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            demo.workspace.current_key() == "visits"
            and page.editor.purpose.toPlainText() == PURPOSE
        ),
        timeout=5000,
    )
    # Discard… asks first, then lets it go: Today no longer lists it.
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Discard
    )
    qtbot.mouseClick(page.editor.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 0, timeout=5000)
    assert unfinished.listed(demo.ctx.session.records) == []
    demo.go_to("today")
    qtbot.waitUntil(lambda: not today.loading, timeout=5000)
    qtbot.waitUntil(lambda: not today.unfinished.isVisible(), timeout=5000)


def test_a_saved_visit_open_at_the_lock_opens_again_with_unsaved_words(qtbot, demo) -> None:
    page = demo.workspace.pages["visits"]
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    first = page.model.rows[0]
    demo.workspace.open("visits", first.id)
    qtbot.waitUntil(lambda: page.editor.visit_id == first.id and page.editor.version > 0)
    editor = page.editor
    editor.purpose.moveCursor(editor.purpose.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.purpose, " and more")
    demo.lock()  # a valid visit: saved at the lock, and reopened at the unlock
    unlock_again(qtbot, demo)
    page = demo.workspace.pages["visits"]
    qtbot.waitUntil(
        lambda: (
            page._editor is not None
            and page.stack.currentWidget() is page._editor
            and page.editor.visit_id == first.id
            and page.editor.purpose.toPlainText().endswith(" and more")
        ),
        timeout=5000,
    )
    assert unfinished.listed(demo.ctx.session.records) == []


def test_a_new_change_test_not_saveable_yet_comes_back_at_the_next_new(qtbot, demo) -> None:
    # A title over 200 characters is not a change test Relapp can save: pasted in, with a plan
    # written, then locked, it is kept as typed, not lost.
    demo.workspace.open("barriers", "")
    page = demo.workspace.pages["barriers"]
    qtbot.waitUntil(lambda: page._loaded, timeout=5000)
    page.tabs.setCurrentIndex(1)  # a click on the Change tests tab
    page.changes.new()
    editor = page.changes.editor
    qtbot.keyClicks(editor.plan, "Book interpreters a week ahead")
    editor.name.setText("Interpreters " * 20)
    demo.lock()
    unlock_again(qtbot, demo)
    assert [c.data.get("plan") for c in demo.ctx.session.vault.list("change_test")].count(
        "Book interpreters a week ahead"
    ) == 0
    (kept,) = unfinished.listed(demo.ctx.session.records)
    assert kept.editor == "change_test" and kept.record_id == "new"
    demo.go_to("today")
    today = demo.workspace.pages["today"]
    qtbot.waitUntil(lambda: today.unfinished.isVisible(), timeout=5000)
    assert today.unfinished.model.index(0, 0).data() == "Change test"
    assert today.unfinished.model.index(0, 2).data().startswith("Interpreters Interpreters")
    today.unfinished.on_open(today.unfinished.rows()[0])
    page = demo.workspace.pages["barriers"]
    qtbot.waitUntil(lambda: demo.workspace.current_key() == "barriers", timeout=5000)
    editor = page.changes.editor
    qtbot.waitUntil(
        lambda: editor.plan.toPlainText() == "Book interpreters a week ahead", timeout=5000
    )
    assert editor.name.text().strip() == ("Interpreters " * 20).strip()
    # Said at once: why it is not saved ("Title must be at most 200 characters.").
    assert editor.message.text()
    # Given a shorter title, it saves, and nothing is left unfinished.
    editor.name.setText("Interpreters booked ahead")
    assert editor.save()
    records = demo.ctx.session.records
    qtbot.waitUntil(lambda: unfinished.listed(records) == [], timeout=5000)
    (saved,) = [c for c in records.list("change_test") if c.id == editor.record_id]
    assert saved.data["plan"] == "Book interpreters a week ahead"

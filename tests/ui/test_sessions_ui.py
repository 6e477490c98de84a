"""The Supervision sessions tab, driven as a supervisor and as a practitioner, on the demo team
(Alex, a practitioner with two sessions, two open actions and two reflections to discuss; and
Jordan, the supervisor, who received them through the shared folder)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from relapp.services.demo import DEMO_PASSPHRASE
from relapp.services.demo_team import build_demo_team, profile_folder
from relapp.services.profile import unlock_profile
from relapp.ui.app import build_window
from relapp.ui.supervision.sessions import SessionsTab


@pytest.fixture
def demo_root(tmp_path: Path) -> Path:
    # Built per test (a fraction of a second): each test's laptops sync with their own folder.
    return build_demo_team(tmp_path / "demo")


def open_as(qtbot, root: Path, role: str):  # noqa: ANN001, ANN201
    """A real main window unlocked on one of the demo team's profiles."""
    folder = profile_folder(root, role)
    session = unlock_profile(folder, DEMO_PASSPHRASE)
    win = build_window(folder)
    qtbot.addWidget(win)
    win.show()
    win.open_workspace(session)
    return win


@pytest.fixture
def supervisor(qtbot, demo_root: Path) -> Iterator[object]:  # noqa: ANN001
    win = open_as(qtbot, demo_root, "supervisor")
    yield win
    win.lock()


def tab_in(qtbot, win) -> SessionsTab:  # noqa: ANN001
    tab = SessionsTab(win.ctx)
    qtbot.addWidget(tab)
    tab.resize(1100, 760)
    tab.show()
    tab.refresh()
    qtbot.waitUntil(lambda: tab.loaded, timeout=5000)
    return tab


def stored_sessions(win) -> list:  # noqa: ANN001
    return win.ctx.session.records.list("supervision_session")


def new_session(qtbot, tab: SessionsTab) -> None:
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: tab.editor.record_id is None and bool(tab.editor.data.get("practitioner_id")),
        timeout=5000,
    )


def test_new_session_carries_open_actions_until_they_are_done(qtbot, supervisor) -> None:  # noqa: ANN001
    win = supervisor
    tab = tab_in(qtbot, win)
    assert tab.practitioner.currentText() == "Alex Morgan (demo)"
    assert tab.model.rowCount() == 2  # the demo's two sessions, newest shown
    assert tab.editor.record_id == tab.model.rows[0].id

    new_session(qtbot, tab)
    editor = tab.editor
    assert editor.title.text() == "New session with Alex Morgan (demo)"
    agenda = editor.agenda.toPlainText().splitlines()
    assert sum(line.startswith("Reflection to discuss") for line in agenda) == 2
    assert agenda[-1] == "Actions still open from earlier sessions: 2"
    rows = editor.action_list.rows
    assert [r.text.text() for r in rows] == [
        "Name the strain with the family at the next visit",
        "Ask the health visitor for a joint visit",
    ]
    assert rows[0].origin.text().startswith("Carried from the session on ")
    assert not rows[0].remove.isEnabled()  # closed by its status, not by removing it

    # In the meeting: the first action is done, a new one is agreed, notes are written.
    rows[0].status.setFocus()
    qtbot.keyClicks(rows[0].status, "Do")
    assert rows[0].status.currentData() == "done"
    qtbot.mouseClick(editor.action_list.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.action_list.rows[-1].text, "Plan a joint visit with the hub")
    qtbot.keyClicks(editor.notes, "The family is more open since Alex named the strain.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(stored_sessions(win)) == 3, timeout=5000)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=5000)

    saved = max(stored_sessions(win), key=lambda r: r.data["when"])
    assert saved.data["notes"] == "The family is more open since Alex named the strain."
    actions = saved.data["actions"]
    assert [(a["text"], a["status"]) for a in actions] == [
        ("Name the strain with the family at the next visit", "done"),
        ("Ask the health visitor for a joint visit", "open"),
        ("Plan a joint visit with the hub", "open"),
    ]
    assert actions[0]["carried_from"] == actions[1]["carried_from"] != saved.id
    assert "carried_from" not in actions[2] and actions[2]["id"]
    assert tab.editor.record_id == saved.id  # still on screen, now saved
    assert not tab.editor.dirty

    # The next session carries only what is still open.
    new_session(qtbot, tab)
    assert [r.text.text() for r in tab.editor.action_list.rows] == [
        "Ask the health visitor for a joint visit",
        "Plan a joint visit with the hub",
    ]
    assert tab.editor.action_list.rows[1].origin.text() != ""  # agreed in the session just saved


def test_typing_is_saved_on_leaving_and_at_lock(qtbot, supervisor) -> None:  # noqa: ANN001
    win = supervisor
    tab = tab_in(qtbot, win)
    new_session(qtbot, tab)
    qtbot.keyClicks(tab.editor.notes, "Left the tab mid-sentence")
    tab.hide()  # leaving the tab saves a new session that has something in it
    qtbot.waitUntil(lambda: len(stored_sessions(win)) == 3, timeout=5000)
    tab.show()
    qtbot.waitUntil(lambda: tab.editor.record_id is not None, timeout=5000)
    qtbot.waitUntil(lambda: not tab.editor.saver.busy, timeout=5000)

    qtbot.keyClicks(tab.editor.notes, ", and then locked.")
    tab.flush()  # what the workspace does before a lock: saved now, on this thread
    record = win.ctx.session.records.get(tab.editor.record_id)
    assert record.data["notes"] == "Left the tab mid-sentence, and then locked."

    # A new session nobody typed into is not saved.
    new_session(qtbot, tab)
    tab.hide()
    qtbot.wait(200)
    assert len(stored_sessions(win)) == 3


def test_a_practitioner_sees_their_sessions_and_marks_their_action_done(
    qtbot,  # noqa: ANN001
    demo_root: Path,
) -> None:
    win = open_as(qtbot, demo_root, "practitioner")
    try:
        tab = tab_in(qtbot, win)
        assert not tab.new_button.isVisible() and not tab.practitioner.isVisible()
        assert tab.right.currentWidget() is tab.viewer
        shown = tab.viewer.toPlainText()
        assert "Name the strain with the family at the next visit" in shown
        assert "Looked at the recent check-ins together" in shown
        assert tab.actions_model.rowCount() == 2

        tab.actions_table.setFocus()
        tab.actions_table.selectRow(0)
        assert tab.done_button.isEnabled()
        qtbot.mouseClick(tab.done_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: tab.actions_model.rowCount() == 1, timeout=5000)
        assert "Marked done" in tab.message.text()
        latest = max(stored_sessions(win), key=lambda r: r.data["when"])
        assert [a["status"] for a in latest.data["actions"]] == ["done", "open"]

        # Ctrl+N on a practitioner's tab says who records sessions; nothing is created.
        tab.new_record()
        assert "supervisor records" in tab.message.text()
        assert len(stored_sessions(win)) == 2
    finally:
        win.lock()

"""Hand-over mode in the real main window: one form for a parent, nothing else reachable, and
the practitioner's passphrase to get back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from relapp.services.demo import DEMO_PASSPHRASE, build_demo_profile
from relapp.ui.app import build_window
from relapp.ui.gate import UnlockView
from relapp.ui.handover import HandoverForm
from relapp.ui.kit import dialogs
from relapp.ui.views.checkins import CheckinsPage

PF = "practitioner-family"


@pytest.fixture
def demo(tmp_path: Path):
    session = build_demo_profile(tmp_path / "demo")
    families = {f.id: f.data for f in session.records.list("family")}
    visit = next(
        v
        for v in session.records.list("visit")
        if families[v.data["family_id"]]["status"] == "active"
    )
    before = {c.id for c in session.records.list("checkin")}
    return session, visit, families, before


@pytest.fixture
def window(qtbot, demo, tmp_path: Path) -> Iterator[object]:
    session = demo[0]
    win = build_window(tmp_path / "demo")
    qtbot.addWidget(win)
    win.show()
    win.open_workspace(session)
    yield win
    if win.ctx.session is not None:
        win.lock()
    win.ctx.runner.wait_idle()


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def visible_text(root: QWidget) -> str:
    return "\n".join(label.text() for label in root.findChildren(QLabel) if label.isVisibleTo(root))


def open_parent_checkin(qtbot, window, visit_id: str):  # noqa: ANN201
    """From the Check-ins page: a new check-in for a visit, to be answered by a parent."""
    page = window.workspace.show_page("checkins")
    assert isinstance(page, CheckinsPage)
    page.open_record(f"new:{visit_id}")
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    dialog.respondent.setCurrentIndex(dialog.respondent.findData("parent"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form is not None, timeout=5000)
    form = page.form
    assert form.handover_box.isVisible()
    return form


def hand_over(qtbot, window, visit_id: str, monkeypatch, *, read_notice=True) -> HandoverForm:
    """A parent's check-in handed over (the practitioner says yes to every question); the
    parent reads the notice and goes on to the questions unless read_notice is False."""
    form = open_parent_checkin(qtbot, window, visit_id)
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    qtbot.mouseClick(form.handover_button, Qt.MouseButton.LeftButton)
    handover = window.stack.currentWidget()
    assert isinstance(handover, HandoverForm)
    activate(qtbot, window)
    assert handover.on_notice()
    if read_notice:
        qtbot.mouseClick(handover.continue_button, Qt.MouseButton.LeftButton)
        assert not handover.on_notice()
    return handover


def other_windows(window) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]


def test_hand_over_shows_only_the_form_and_done_saves_and_locks(qtbot, window, demo, monkeypatch):
    session, visit, families, before = demo
    ctx = window.ctx
    # First, with the workspace: Ctrl+N does reach the page (so the checks below can fail).
    page = window.workspace.show_page("checkins")
    activate(qtbot, window)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=5000)
    page.dialog.reject()
    activate(qtbot, window)

    handover = hand_over(qtbot, window, visit.id, monkeypatch)
    assert window.workspace is None
    assert not window.findChildren(CheckinsPage)
    assert window.menuBar().isHidden()
    assert window.statusBar().isHidden()
    assert ctx.session is not None
    text = visible_text(handover)
    for data in families.values():
        assert data["display_name"] not in text  # no family's name, not even their own
    assert "Score" not in text
    assert "My worker listens to me and understands what I say." in text  # plain wording

    for key in (Qt.Key.Key_L, Qt.Key.Key_N, Qt.Key.Key_F, Qt.Key.Key_S):
        focused = QApplication.focusWidget() or handover
        qtbot.keyClick(focused, key, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(50)
        assert window.stack.currentWidget() is handover
        assert ctx.session is not None and window.workspace is None
        assert other_windows(window) == []

    # Answer with the keyboard: a number key per question, Tab to the next.
    handover.rows[0].focus_choice()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in handover.rows[0].buttons.values())
    for index, row in enumerate(handover.rows):
        assert QApplication.focusWidget() in row.buttons.values()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4)
        if index < len(handover.rows) - 1:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(handover.comment, "Things feel better lately.")
    assert handover.rows[0].buttons[4].text() == "✓ Mostly"
    qtbot.mouseClick(handover.done_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: isinstance(window.gate, UnlockView), timeout=5000)
    assert ctx.session is None
    assert window.stack.currentWidget() is window.gate

    gate = window.gate
    qtbot.keyClicks(gate.passphrase, DEMO_PASSPHRASE)
    qtbot.keyClick(gate.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    new = [c for c in ctx.session.records.list("checkin") if c.id not in before]
    assert len(new) == 1
    saved = new[0].data
    assert saved["respondent"] == "parent"
    assert saved["family_id"] == visit.data["family_id"]
    assert saved["visit_id"] == visit.id
    assert saved["comment"] == "Things feel better lately."
    # The reversed item was answered 4 too, so it counts as 2: (4 * 5 + 2) / 6.
    assert saved["score"] == pytest.approx(3.667, abs=0.001)


def test_unanswered_questions_are_pointed_out_and_nothing_is_saved(
    qtbot, window, demo, monkeypatch
):
    handover = hand_over(qtbot, window, demo[1].id, monkeypatch)
    handover.rows[0].set_value(5)
    qtbot.mouseClick(handover.done_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is handover
    assert "5 still to answer" in handover.message.text()
    assert handover.rows[1].missing.isVisibleTo(handover)
    assert not handover.rows[0].missing.isVisibleTo(handover)


def test_hand_back_without_saving_asks_then_locks(qtbot, window, demo, monkeypatch):
    session, visit, _families, before = demo
    handover = hand_over(qtbot, window, visit.id, monkeypatch)
    for row in handover.rows:
        row.set_value(3)
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: False)
    qtbot.mouseClick(handover.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is handover and window.ctx.session is not None
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    qtbot.mouseClick(handover.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.gate, UnlockView), timeout=5000)
    assert window.ctx.session is None

    from relapp.services.profile import unlock_profile

    reopened = unlock_profile(session.vault.folder, DEMO_PASSPHRASE)
    try:
        assert {c.id for c in reopened.records.list("checkin")} == before
    finally:
        reopened.close()


def test_closing_the_window_during_hand_over_only_locks(qtbot, window, demo, monkeypatch):
    handover = hand_over(qtbot, window, demo[1].id, monkeypatch)
    assert handover.isVisible()
    window.close()
    qtbot.waitUntil(lambda: isinstance(window.gate, UnlockView), timeout=5000)
    assert window.isVisible()
    assert window.ctx.session is None


def test_the_parent_is_told_who_sees_the_answers_first_and_that_is_recorded(
    qtbot, window, demo, monkeypatch
):
    session, visit, families, before = demo
    handover = hand_over(qtbot, window, visit.id, monkeypatch, read_notice=False)
    text = visible_text(handover)
    for words in (
        "Before you start",
        "Who will see your answers?",
        "Your worker and the managers in their team.",
        "How long do we keep them?",
        "as long as the council's rules say",  # the demo team set no retention rule
        "You can stop and give the laptop back at any time.",
    ):
        assert words in text
    assert "Question 1" not in text  # one screen: the notice only
    for data in families.values():
        assert data["display_name"] not in text
    qtbot.waitUntil(lambda: QApplication.focusWidget() is handover.continue_button)
    assert handover.continue_button.accessibleName() == "Continue to the questions"
    qtbot.keyClick(handover.continue_button, Qt.Key.Key_Return)  # the keyboard goes on too
    assert not handover.on_notice()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in handover.rows[0].buttons.values())
    for row in handover.rows:
        row.set_value(3)
    qtbot.mouseClick(handover.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.gate, UnlockView), timeout=5000)

    from relapp.services.profile import unlock_profile
    from relapp.store import audit

    reopened = unlock_profile(session.vault.folder, DEMO_PASSPHRASE)
    try:
        (new,) = [c for c in reopened.records.list("checkin") if c.id not in before]
        assert new.data["notice_shown_at"][:10] == new.data["when"][:10]
        (entry,) = audit.entries(reopened.vault, action="parent_notice_shown")
        assert entry.records == (visit.data["family_id"],)
    finally:
        reopened.close()


def test_giving_the_laptop_back_from_the_notice_saves_nothing_and_locks(
    qtbot, window, demo, monkeypatch
):
    handover = hand_over(qtbot, window, demo[1].id, monkeypatch, read_notice=False)
    qtbot.mouseClick(handover.notice_back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.gate, UnlockView), timeout=5000)
    assert window.ctx.session is None


def test_without_agreement_to_checkins_the_practitioner_is_told_and_can_record_it_first(
    qtbot, window, demo, monkeypatch
):
    from relapp.services.agreements import family_agreement

    session = demo[0]
    missing = next(
        f.id
        for f in session.records.list("family")
        if family_agreement(session, f.id).state == "none"
    )
    visit = next(v for v in session.records.list("visit") if v.data["family_id"] == missing)
    form = open_parent_checkin(qtbot, window, visit.id)
    qtbot.waitUntil(lambda: form.handover_check is not None, timeout=5000)
    asked: list[tuple[str, str]] = []

    def answer(_parent, title, text, *_rest):  # noqa: ANN001, ANN202
        asked.append((title, text))
        return None if len(asked) == 1 else True  # first: record the agreement first

    monkeypatch.setattr(dialogs, "confirm", answer)
    qtbot.mouseClick(form.handover_button, Qt.MouseButton.LeftButton)
    assert asked[0][0] == "No agreement to check-ins recorded"
    assert "no record that this family agreed to complete check-ins" in asked[0][1]
    qtbot.waitUntil(
        lambda: form.agreement_dialog is not None and form.agreement_dialog.isVisible(),
        timeout=5000,
    )
    dialog = form.agreement_dialog
    assert dialog.checkins.isChecked()
    dialog.people[0].setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # Saved, then asked again: now without the warning, and handed over.
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), HandoverForm), timeout=5000)
    assert [title for title, _text in asked] == [
        "No agreement to check-ins recorded",
        "Hand the laptop to the parent?",
    ]
    assert family_agreement(session, missing).checkins_agreed

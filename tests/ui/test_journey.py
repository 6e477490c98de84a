"""One practitioner's first day, end to end, through the real main window and real widgets.

First run → a family → a visit → a reflection (autosaved, then submitted) → a check-in under
the alert level → Today shows the alert → a parent answers in hand-over mode → the unlock
screen refuses a wrong passphrase → Ctrl+L hides everything → Ctrl+F finds the reflection.
Every step goes through what a person can reach: keys, clicks, and the app's own dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from relapp.ui.checkin_form import CheckinForm
from relapp.ui.gate import FirstRunView, UnlockView
from relapp.ui.handover import HandoverForm
from relapp.ui.reflection_editor import ReflectionEditor
from relapp.ui.search import RESULT_ROLE, SearchDialog
from relapp.ui.views.checkins import CheckinsPage
from relapp.ui.views.families import FamiliesPage
from relapp.ui.views.reflections import ReflectionsPage
from relapp.ui.views.today import TodayPage
from relapp.ui.views.visits import VisitsPage
from tests.conftest import PASSPHRASE

FAMILY_NAME = "The Quennell family"
REFERENCE = "EH-26-4711"
PURPOSE = "Settling-in visit after the move to the new flat"
REFLECTION_WORD = "zeppelin"
REFLECTION_TEXT = f"The twins built a cardboard {REFLECTION_WORD} while Mum and I talked."
WAIT = 10_000  # ms; background tasks normally finish in well under a second

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


# ---- helpers ---------------------------------------------------------------------------------


def activate(qtbot, window) -> None:
    """Keyboard shortcuts need the window active; offscreen Qt does not give it back by itself
    after a dialog closes."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)


def shortcut(qtbot, window, key: Qt.Key) -> None:
    """Ctrl+<key> where the keyboard focus is, as a person would press it."""
    activate(qtbot, window)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, CTRL)


def press(qtbot, key: Qt.Key) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    qtbot.keyClick(focused, key)


def go_to(qtbot, window, title: str) -> QWidget:
    """Click a page in the navigation list on the left."""
    nav = window.workspace.nav
    item = next(nav.item(r) for r in range(nav.count()) if nav.item(r).text() == title)
    qtbot.mouseClick(nav.viewport(), LEFT, pos=nav.visualItemRect(item).center())
    key = item.data(Qt.ItemDataRole.UserRole)
    qtbot.waitUntil(lambda: window.workspace.current_key() == key, timeout=WAIT)
    return window.workspace.pages[key]


def choose(qtbot, combo: QComboBox, data: object) -> None:
    """Pick an entry of a closed combo box with the arrow keys."""
    target = combo.findData(data)
    assert target >= 0, f"{data!r} is not offered"
    for _ in range(combo.count()):
        if combo.currentIndex() == target:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)
    assert combo.currentIndex() == target


def answer_every_row(qtbot, rows, key: Qt.Key) -> None:
    """Tab to each question and press a number key, as the check-in forms expect."""
    rows[0].focus_choice()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in rows[0].buttons.values())
    for index, row in enumerate(rows):
        assert QApplication.focusWidget() in row.buttons.values(), f"question {index + 1}"
        press(qtbot, key)
        if index < len(rows) - 1:
            press(qtbot, Qt.Key.Key_Tab)


def click_in_next_message_box(button_text: str, clicked: list[str]) -> None:
    """Answer the next QMessageBox that opens (also one run with exec(), which blocks the
    caller), by clicking its button with this text."""

    def attempt(tries_left: int) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                for button in widget.buttons():
                    if button.text().replace("&", "") == button_text:
                        clicked.append(widget.windowTitle())
                        button.click()
                        return
        if tries_left:
            QTimer.singleShot(20, lambda: attempt(tries_left - 1))

    QTimer.singleShot(0, lambda: attempt(250))


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # private in list models: one column
        return 1


def _has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return model.hasChildren(index)
    except TypeError:  # private in list and table models: flat
        return False


def model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    texts = []
    roles = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.AccessibleDescriptionRole,
    )
    columns = _columns(model, parent)
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            texts += [str(value) for role in roles if (value := model.data(index, role))]
            if column == 0 and _has_children(model, index):
                texts += model_texts(model, index)
    for section in range(columns):
        value = model.headerData(section, Qt.Orientation.Horizontal)
        if value:
            texts.append(str(value))
    return texts


def window_text(window: QWidget) -> str:
    """Everything readable the window holds, shown or not: labels, fields, text boxes, button
    and accessible names, item models, the title. Widgets waiting for deleteLater are gone once
    the event loop has run (qtbot.wait)."""
    parts = [window.windowTitle()]
    for widget in [window, *window.findChildren(QWidget)]:
        parts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal:
            continue  # a passphrase field: its text is never shown
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            parts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            parts += [widget.itemText(i) for i in range(widget.count())]
    for model in window.findChildren(QAbstractItemModel):
        parts += model_texts(model)
    return "\n".join(parts)


def other_visible_windows(window) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]


def reflection_saved(editor: ReflectionEditor) -> bool:
    # "Saved automatically as you type" is shown before anything is saved; wait for a time.
    label = editor.save_label.text()
    return (
        editor.record_id is not None
        and label.startswith("Saved ")
        and "automatically" not in label
        and not editor.dirty
    )


def wait_for(qtbot, condition: Callable[[], object], timeout: int = WAIT) -> None:
    qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)


# ---- the journey -------------------------------------------------------------------------------


def test_a_practitioners_first_day_end_to_end(qtbot, window, profile_dir):
    ctx = window.ctx
    window.resize(1200, 800)
    qtbot.waitExposed(window)
    activate(qtbot, window)

    # -- First run: create the profile ---------------------------------------------------------
    gate = window.gate
    assert isinstance(gate, FirstRunView)
    qtbot.mouseClick(gate.start_button, LEFT)
    assert gate.name.hasFocus()
    qtbot.keyClicks(gate.name, "Sam Carter")
    choose(qtbot, gate.role, "practitioner")
    qtbot.keyClicks(gate.pass1, PASSPHRASE)
    qtbot.keyClicks(gate.pass2, PASSPHRASE)
    qtbot.keyClick(gate.pass2, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: gate.pages.currentIndex() == 2)
    code = gate.code_label.text()
    assert len(code.replace("-", "")) == 32
    assert not gate.continue_button.isEnabled()  # only after "I have stored it"
    qtbot.mouseClick(gate.stored, LEFT)
    assert gate.stored.isChecked() and gate.continue_button.isEnabled()
    qtbot.mouseClick(gate.continue_button, LEFT)
    wait_for(qtbot, lambda: window.workspace is not None)
    session = ctx.session
    assert session.vault.identity().name == "Sam Carter"
    assert (profile_dir / "vault.sqlite3").exists()
    assert window.workspace.current_key() == "today"

    # -- A family: Families page, Ctrl+N -------------------------------------------------------
    families = go_to(qtbot, window, "Families")
    assert isinstance(families, FamiliesPage)
    wait_for(qtbot, lambda: "Ctrl+N" in families.empty.text())
    shortcut(qtbot, window, Qt.Key.Key_N)
    wait_for(qtbot, lambda: families.dialog is not None and families.dialog.isVisible())
    dialog = families.dialog
    assert dialog.focusWidget() is dialog.reference  # ready for typing the reference
    qtbot.keyClicks(dialog.reference, REFERENCE)
    qtbot.keyClicks(dialog.display_name, FAMILY_NAME)
    qtbot.keyClicks(dialog.service.lineEdit(), "Family Hub North")
    qtbot.mouseClick(dialog.save_button, LEFT)
    wait_for(qtbot, lambda: not dialog.isVisible())
    [family] = session.records.list("family")
    assert family.data["display_name"] == FAMILY_NAME and family.data["reference"] == REFERENCE
    wait_for(qtbot, lambda: families.detail.title.text() == FAMILY_NAME)  # its page opens

    # -- A visit: Visits page, Ctrl+N, date / mode / purpose, Save -----------------------------
    visits = go_to(qtbot, window, "Visits")
    assert isinstance(visits, VisitsPage)
    shortcut(qtbot, window, Qt.Key.Key_N)
    editor = visits.editor
    wait_for(qtbot, lambda: visits.stack.currentWidget() is editor and editor.family.count() == 2)
    choose(qtbot, editor.family, family.id)
    yesterday = date.today() - timedelta(days=1)
    editor.when.setFocus()
    qtbot.keyClick(editor.when, Qt.Key.Key_Home)  # the day section
    qtbot.keyClick(editor.when, Qt.Key.Key_Down)  # one day back: the visit was yesterday
    assert editor.when.date().toPython() == yesterday
    choose(qtbot, editor.mode, "centre")
    qtbot.keyClicks(editor.purpose, PURPOSE)
    assert editor.dirty
    qtbot.mouseClick(editor.save_button, LEFT)
    wait_for(qtbot, lambda: editor.version > 0 and not editor.dirty)
    assert editor.message.text() == "Saved."
    [visit] = session.records.list("visit")
    assert visit.data["family_id"] == family.id
    assert visit.data["mode"] == "centre"
    assert visit.data["purpose"] == PURPOSE
    assert visit.data["when"].startswith(yesterday.isoformat())

    # -- From the visit: Write reflection, type, autosave --------------------------------------
    assert editor.links_box.write_reflection_button is not None
    qtbot.mouseClick(editor.links_box.write_reflection_button, LEFT)
    wait_for(qtbot, lambda: window.workspace.current_key() == "reflections")
    reflections = window.workspace.pages["reflections"]
    assert isinstance(reflections, ReflectionsPage)
    wait_for(qtbot, lambda: reflections.editor is not None)
    writer = reflections.editor
    assert writer.family_combo.currentData() == family.id
    assert writer.visit_combo.currentData() == visit.id
    box = writer.text_boxes()[0]
    activate(qtbot, window)
    wait_for(qtbot, box.hasFocus)  # the first empty part is ready for typing
    qtbot.keyClicks(box, REFLECTION_TEXT)
    wait_for(qtbot, lambda: reflection_saved(writer), timeout=5_000)
    stored = session.records.get(writer.record_id)
    section = writer.blocks[0].section.id
    assert stored.data["sections"][section] == REFLECTION_TEXT
    assert stored.data["visit_id"] == visit.id and stored.data["status"] == "draft"

    # -- Submit, confirming the question; then it is read-only ---------------------------------
    qtbot.mouseClick(writer.submit_button, LEFT)
    question = writer.findChild(QMessageBox)
    assert question is not None and question.isVisible()
    assert "read-only" in question.informativeText()
    qtbot.mouseClick(writer.confirm_submit_button, LEFT)
    wait_for(
        qtbot, lambda: writer.status == "submitted" and writer.save_label.text() != "Submitting…"
    )
    assert session.records.get(writer.record_id).data["status"] == "submitted"
    assert all(b.isReadOnly() for b in writer.text_boxes())
    assert not writer.submit_button.isVisible() and writer.amend_button.isVisible()
    assert writer.banner.isVisible() and "read-only" in writer.banner.title.text()
    qtbot.keyClicks(box, " and more")
    assert box.toPlainText() == REFLECTION_TEXT  # typing changes nothing
    reflection_id = writer.record_id
    qtbot.mouseClick(writer.back_button, LEFT)
    wait_for(qtbot, lambda: reflections.editor is None)

    # -- From the visit again: a check-in scored low, saved, with its alert --------------------
    visits = go_to(qtbot, window, "Visits")
    assert visits.stack.currentWidget() is editor  # still on the visit, links refreshed
    wait_for(
        qtbot,
        lambda: editor.links_box.write_reflection_button is None and editor.links_box.open_buttons,
    )
    qtbot.mouseClick(editor.links_box.checkin_button, LEFT)
    wait_for(qtbot, lambda: window.workspace.current_key() == "checkins")
    checkins = window.workspace.pages["checkins"]
    assert isinstance(checkins, CheckinsPage)
    wait_for(qtbot, lambda: checkins.dialog is not None and checkins.dialog.isVisible())
    start = checkins.dialog
    assert start.family.currentData() == family.id and not start.family.isEnabled()
    assert start.respondent.currentData() == "practitioner"
    instrument = start.chosen_instrument()
    qtbot.mouseClick(start.ok_button, LEFT)
    wait_for(qtbot, lambda: checkins.form is not None)
    form = checkins.form
    assert isinstance(form, CheckinForm)
    activate(qtbot, window)
    answer_every_row(qtbot, form.rows, Qt.Key.Key_1)  # "Not at all", every item
    scores = form.scores()
    assert set(scores.values()) == {1} and len(scores) == len(instrument.items)
    expected = instrument.score(scores)
    assert expected < instrument.alert.threshold
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, LEFT)
    wait_for(qtbot, lambda: form.record is not None)
    assert form.alert_box.isVisible()
    assert "below the alert level" in form.alert_box.text()
    saved = session.records.get(form.record.id).data
    assert saved["visit_id"] == visit.id and saved["respondent"] == "practitioner"
    assert saved["score"] == pytest.approx(expected, abs=0.001)  # stored to 3 places

    # -- Today lists the alert -----------------------------------------------------------------
    today = go_to(qtbot, window, "Today")
    assert isinstance(today, TodayPage)
    wait_for(qtbot, lambda: today.alerts.rows())
    [alert] = today.alerts.rows()
    assert alert.checkin_id == form.record.id and alert.family_name == FAMILY_NAME
    assert today.alerts.table.isVisible()
    assert today.alerts.heading.text().startswith("⚠")
    assert today.alerts.model.index(0, 0).data() == FAMILY_NAME

    # -- A parent's check-in, handed over ------------------------------------------------------
    checkins = go_to(qtbot, window, "Check-ins")
    shortcut(qtbot, window, Qt.Key.Key_N)
    wait_for(qtbot, lambda: checkins.dialog is not None and checkins.dialog.isVisible())
    start = checkins.dialog
    choose(qtbot, start.family, family.id)
    choose(qtbot, start.respondent, "parent")
    qtbot.mouseClick(start.ok_button, LEFT)
    wait_for(qtbot, lambda: checkins.form is not None and checkins.form is not form)
    parent_form = checkins.form
    wait_for(qtbot, parent_form.isVisible)  # a widget added to a shown page appears queued
    assert parent_form.current_respondent() == "parent"
    assert parent_form.handover_box.isVisible()
    assert FAMILY_NAME in window_text(window)  # the form names the family; hand-over must not
    # No agreement to check-ins is recorded for this new family: the practitioner is told, and
    # records it first (the family agreed when the work began).
    wait_for(qtbot, lambda: parent_form.handover_check is not None)
    confirmed: list[str] = []
    click_in_next_message_box("Record agreement first…", confirmed)
    qtbot.mouseClick(parent_form.handover_button, LEFT)  # asks first (a modal question)
    assert confirmed == ["No agreement to check-ins recorded"]
    wait_for(
        qtbot,
        lambda: (
            parent_form.agreement_dialog is not None and parent_form.agreement_dialog.isVisible()
        ),
    )
    agreement = parent_form.agreement_dialog
    assert agreement.checkins.isChecked() and agreement.service.isChecked()
    qtbot.keyClicks(agreement.someone_else, "Maya Quennell (mother)")
    click_in_next_message_box("Hand over", confirmed)
    qtbot.mouseClick(agreement.save_button, LEFT)
    wait_for(qtbot, lambda: isinstance(window.stack.currentWidget(), HandoverForm))
    assert confirmed == ["No agreement to check-ins recorded", "Hand the laptop to the parent?"]
    handover = window.stack.currentWidget()
    assert isinstance(handover, HandoverForm)
    # The parent reads who will see the answers first, then goes on to the questions.
    assert handover.on_notice() and "Who will see your answers?" in window_text(window)
    qtbot.wait(50)  # the workspace's deleteLater runs
    assert window.workspace is None and window.in_handover
    assert window.menuBar().isHidden() and window.statusBar().isHidden()
    activate(qtbot, window)

    def nothing_else_reachable() -> None:
        assert window.stack.currentWidget() is handover
        assert ctx.session is not None and window.workspace is None
        assert other_visible_windows(window) == []
        assert window.findChild(SearchDialog) is None
        text = window_text(window)
        assert FAMILY_NAME not in text and REFERENCE not in text
        assert "Quennell" not in text

    nothing_else_reachable()
    for key in (Qt.Key.Key_L, Qt.Key.Key_F, Qt.Key.Key_N):
        shortcut(qtbot, window, key)
        qtbot.wait(50)
        nothing_else_reachable()

    qtbot.keyClick(handover.continue_button, Qt.Key.Key_Return)
    assert not handover.on_notice()
    nothing_else_reachable()
    answer_every_row(qtbot, handover.rows, Qt.Key.Key_4)
    qtbot.keyClicks(handover.comment, "Things feel easier since the move.")
    qtbot.mouseClick(handover.done_button, LEFT)

    # -- Done: locked; a wrong passphrase is refused, the right one unlocks --------------------
    wait_for(qtbot, lambda: isinstance(window.gate, UnlockView))
    assert ctx.session is None and not window.in_handover
    gate = window.gate
    assert window.stack.currentWidget() is gate
    activate(qtbot, window)
    assert gate.passphrase.hasFocus()
    qtbot.keyClicks(gate.passphrase, "kettle orbit meadow lanterns")
    qtbot.keyClick(gate.passphrase, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: gate.message.isVisible() and gate.passphrase.isEnabled())
    assert "not right" in gate.message.text()
    assert ctx.session is None and window.workspace is None
    assert gate.passphrase.selectedText() == gate.passphrase.text()  # ready to type over
    qtbot.keyClicks(gate.passphrase, PASSPHRASE)
    qtbot.keyClick(gate.passphrase, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: window.workspace is not None)
    session = ctx.session
    parents = [c for c in session.records.list("checkin") if c.data["respondent"] == "parent"]
    assert len(parents) == 1
    assert parents[0].data["family_id"] == family.id
    assert parents[0].data["comment"] == "Things feel easier since the move."

    # -- Ctrl+L hides every word of content ----------------------------------------------------
    go_to(qtbot, window, "Families")  # a page full of names, to make the check mean something
    wait_for(qtbot, lambda: FAMILY_NAME in window_text(window))  # the list has loaded
    shortcut(qtbot, window, Qt.Key.Key_L)
    wait_for(qtbot, lambda: isinstance(window.gate, UnlockView))
    qtbot.wait(50)  # deleteLater of the workspace
    assert ctx.session is None and window.workspace is None
    assert not window.statusBar().isVisible()
    text = window_text(window)
    for secret in (FAMILY_NAME, "Quennell", REFERENCE, REFLECTION_WORD, PURPOSE):
        assert secret not in text, f"{secret!r} is readable while locked"

    # -- Unlock; Ctrl+F finds the reflection and Enter opens it --------------------------------
    gate = window.gate
    activate(qtbot, window)
    qtbot.keyClicks(gate.passphrase, PASSPHRASE)
    qtbot.keyClick(gate.passphrase, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: window.workspace is not None)
    shortcut(qtbot, window, Qt.Key.Key_F)
    wait_for(qtbot, lambda: window.findChild(SearchDialog) is not None)
    search = window.findChild(SearchDialog)
    assert search.isVisible()
    wait_for(qtbot, lambda: search.ready)
    qtbot.keyClicks(search.box, REFLECTION_WORD)
    wait_for(
        qtbot,
        lambda: (
            (item := search.results.currentItem()) is not None
            and item.data(0, RESULT_ROLE).record_id == reflection_id
        ),
    )
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    wait_for(qtbot, lambda: window.workspace.current_key() == "reflections")
    reflections = window.workspace.pages["reflections"]
    wait_for(qtbot, lambda: reflections.editor is not None)
    opened = reflections.editor
    assert opened.record_id == reflection_id
    assert opened.text_boxes()[0].toPlainText() == REFLECTION_TEXT
    assert opened.status == "submitted" and all(b.isReadOnly() for b in opened.text_boxes())
    wait_for(qtbot, lambda: window.findChild(SearchDialog) is None)  # closed and deleted

"""The family's agreement on the family's page: its state in one sentence, recorded, changed
and withdrawn from the keyboard, with the earlier versions listed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from relapp.services.agreements import family_agreement
from tests.ui.test_families_ui import demo, families_page  # noqa: F401 - the fixture


def open_family(qtbot, window, state: str):  # noqa: ANN001, ANN201
    page = window.workspace.pages["families"]
    if page.model.rowCount() < 12:
        page = families_page(qtbot, window)
    session = window.ctx.session
    family = next(
        f for f in session.records.list("family") if family_agreement(session, f.id).state == state
    )
    page.show_family(family.id)
    box = page.detail.agreement_box
    qtbot.waitUntil(lambda: box.agreement is not None, timeout=5000)
    return family, box


def test_every_state_reads_as_one_sentence(qtbot, demo):  # noqa: F811
    _family, box = open_family(qtbot, demo, "agreed")
    assert box.state.text().startswith("Agreed on ")
    assert "working with the service, check-ins" in box.state.text()
    assert "recorded by Alex" in box.details.text()
    assert box.record_button.text() == "&Change agreement…" and box.withdraw_button.isEnabled()
    _family, box = open_family(qtbot, demo, "withdrawn")
    assert box.state.text().startswith("Withdrawn on ")
    assert "Before:" in [w.text() for w in box.findChildren(type(box.state))]
    assert not box.withdraw_button.isEnabled()
    _family, box = open_family(qtbot, demo, "none")
    assert box.state.text() == "No agreement recorded"
    assert box.record_button.accessibleName() == "Record the family's agreement"


def test_record_then_withdraw_from_the_keyboard_keeps_every_version(qtbot, demo):  # noqa: F811
    family, box = open_family(qtbot, demo, "none")
    session = demo.ctx.session
    box.record_button.setFocus()
    qtbot.keyClick(box.record_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: box.dialog is not None and box.dialog.isVisible(), timeout=5000)
    dialog = box.dialog
    assert len(dialog.people) == 2 and not any(b.isChecked() for b in dialog.people)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.people[0])
    qtbot.keyClick(dialog.people[0], Qt.Key.Key_Space)  # who agreed: the first parent
    qtbot.keyClick(dialog.checkins, Qt.Key.Key_Space)  # check-ins agreed too
    qtbot.keyClicks(dialog.sharing, "health visitor, nursery")
    qtbot.keyClicks(dialog.explained, "Explained early help and the check-ins.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.dialog is None and "Agreed on" in box.state.text(), timeout=5000)
    assert "sharing with health visitor, nursery" in box.state.text()
    assert family_agreement(session, family.id).checkins_agreed

    qtbot.mouseClick(box.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.dialog is not None and box.dialog.isVisible(), timeout=5000)
    dialog = box.dialog
    assert dialog.windowTitle().startswith("Agreement withdrawn")
    assert not dialog.sharing.isVisibleTo(dialog)  # nothing to agree to when withdrawing
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Withdrawn on" in box.state.text(), timeout=5000)
    agreement = family_agreement(session, family.id)
    assert [v.status for v in agreement.history] == ["agreed", "withdrawn"]
    assert box.record_button.text() == "&Record new agreement…"


def test_an_agreement_that_says_nothing_is_refused_in_words(qtbot, demo):  # noqa: F811
    family, box = open_family(qtbot, demo, "none")
    box.open_dialog("agree")
    dialog = box.dialog
    dialog.service.setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Say who in the family agreed" in dialog.message.text(), timeout=5000)
    dialog.people[0].setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "Choose what the family agreed to" in dialog.message.text(), timeout=5000
    )
    assert dialog.isVisible()
    assert family_agreement(demo.ctx.session, family.id).state == "none"
    for widget in (dialog.when, dialog.service, dialog.checkins, dialog.sharing, dialog.explained):
        assert widget.accessibleName() or widget.text()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    dialog.reject()
    QApplication.processEvents()

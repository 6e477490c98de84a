"""The check-in form and the Check-ins page, driven through the real main window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton

from relapp.ui.app import build_window
from relapp.ui.checkin_form import CheckinForm
from relapp.ui.kit import dialogs
from relapp.ui.views.checkins import CheckinsPage
from relapp.ui.views.today import TodayPage

PF = "practitioner-family"


@pytest.fixture
def family_ids(session) -> dict[str, str]:
    records = session.records
    fam = records.save(
        "family", {"reference": "F1", "display_name": "The Okafor family", "status": "active"}
    ).id
    other = records.save(
        "family", {"reference": "F2", "display_name": "The Nowak family", "status": "active"}
    ).id
    visit = records.save("visit", {"family_id": fam, "when": "2026-03-02T10:00", "mode": "home"}).id
    return {"family": fam, "other": other, "visit": visit}


@pytest.fixture
def window(qtbot, session, profile_dir, family_ids) -> Iterator[object]:
    win = build_window(profile_dir)
    qtbot.addWidget(win)
    win.show()
    win.open_workspace(session)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # keyboard focus needs an active window
    yield win
    if win.ctx.session is not None:
        win.lock()
    win.ctx.runner.wait_idle()


def press(qtbot, key: Qt.Key) -> None:
    """A key press where the keyboard focus is, as a person would type it."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key)


def checkins_page(window) -> CheckinsPage:
    page = window.workspace.show_page("checkins")
    assert isinstance(page, CheckinsPage)
    return page


def start_checkin(qtbot, window, visit_id: str, respondent: str = "practitioner") -> CheckinForm:
    page = checkins_page(window)
    page.open_record(f"new:{visit_id}")
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    assert dialog.family.currentText() == "The Okafor family"
    assert not dialog.family.isEnabled()  # the visit decides the family
    assert dialog.chosen_instrument().id == PF
    dialog.respondent.setCurrentIndex(dialog.respondent.findData(respondent))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form is not None, timeout=5000)
    window.activateWindow()  # the offscreen platform does not hand activation back by itself
    qtbot.waitUntil(window.isActiveWindow)
    return page.form


def test_form_is_filled_with_the_keyboard_and_mouse_and_shows_the_score(qtbot, window, family_ids):
    form = start_checkin(qtbot, window, family_ids["visit"])
    assert [row.label.text() for row in form.rows][0].endswith(
        "The family feel listened to and understood by me."
    )
    assert not form.save_button.isEnabled()
    first = form.rows[0].buttons[1]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)

    press(qtbot, Qt.Key.Key_4)  # a number key chooses
    assert form.rows[0].value() == 4
    press(qtbot, Qt.Key.Key_Tab)  # Tab: the next item
    assert QApplication.focusWidget() is form.rows[1].buttons[1]
    press(qtbot, Qt.Key.Key_Right)  # arrows choose
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Left)
    assert form.rows[1].value() == 2
    for row, key in zip(form.rows[2:5], (Qt.Key.Key_5, Qt.Key.Key_3, Qt.Key.Key_4), strict=True):
        press(qtbot, Qt.Key.Key_Tab)
        assert row.buttons[1].hasFocus() or QApplication.focusWidget() in row.buttons.values()
        press(qtbot, key)
    assert [row.value() for row in form.rows[:5]] == [4, 2, 5, 3, 4]
    assert "5 of 6 answered" in form.score_label.text()
    assert not form.save_button.isEnabled()

    last = form.rows[5].buttons[2]  # the reversed item: 2 counts as 4
    assert isinstance(last, QRadioButton)
    qtbot.mouseClick(last, Qt.MouseButton.LeftButton)
    assert form.rows[5].value() == 2
    # (4 + 2 + 5 + 3 + 4 + 4) / 6 = 3.67
    assert form.score_label.text() == "Score 3.7 of 5"
    assert form.save_button.isEnabled()
    # Tab from the last item reaches the comment.
    last.setFocus()
    qtbot.keyClick(last, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.comment


def test_saving_an_under_threshold_check_in_shows_the_alert_and_today_lists_it(
    qtbot, window, session, family_ids
):
    form = start_checkin(qtbot, window, family_ids["visit"])
    for row in form.rows:
        row.focus_choice()
        qtbot.waitUntil(lambda row=row: QApplication.focusWidget() in row.buttons.values())
        press(qtbot, Qt.Key.Key_2)
    form.rows[-1].buttons[4].click()  # reversed: 4 counts as 2
    qtbot.keyClicks(form.comment, "Guarded today.")
    assert form.score_label.text() == "Score 2.0 of 5"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.record is not None, timeout=5000)

    assert form.alert_box.isVisible()
    text = form.alert_box.text()
    assert "below the alert level of 3" in text
    assert "supervisor" in text
    saved = session.records.get(form.record.id)
    assert saved.data["score"] == 2.0
    assert saved.data["visit_id"] == family_ids["visit"]
    assert saved.data["respondent"] == "practitioner"
    assert saved.data["comment"] == "Guarded today."
    assert not form.save_button.isVisible()

    today = window.workspace.show_page("today")
    assert isinstance(today, TodayPage)
    qtbot.waitUntil(lambda: bool(today.alerts.rows()), timeout=5000)
    alert = today.alerts.rows()[0]
    assert alert.checkin_id == form.record.id
    assert alert.family_name == "The Okafor family"
    assert today.alerts.table.isVisible()


def test_list_filters_and_opens_a_check_in_read_only(qtbot, window, session, family_ids):
    records = session.records
    instrument = records.definitions.instruments[PF]
    for fid, value in ((family_ids["family"], 4), (family_ids["other"], 2)):
        records.save(
            "checkin",
            {
                "family_id": fid,
                "instrument_id": PF,
                "respondent": "parent",
                "when": "2026-03-01T10:00",
                "scores": {i.id: (6 - value if i.reverse else value) for i in instrument.items},
                "comment": f"Comment {value}",
            },
        )
    page = checkins_page(window)
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() == 2 and not model.loading, timeout=5000)
    alert_texts = {model.index(r, 5).data() for r in range(2)}
    assert alert_texts == {"", "⚠ Alert"}

    qtbot.waitUntil(lambda: page.family_filter.findData(family_ids["other"]) > 0, timeout=5000)
    page.family_filter.setCurrentIndex(page.family_filter.findData(family_ids["other"]))
    qtbot.waitUntil(lambda: model.rowCount() == 1 and not model.loading, timeout=5000)
    assert model.index(0, 1).data() == "The Nowak family"
    page.instrument_filter.setCurrentIndex(page.instrument_filter.findData("parent-parent"))
    qtbot.waitUntil(lambda: model.rowCount() == 0 and not model.loading, timeout=5000)
    assert page.empty.isVisible() and "match" in page.empty.text()
    page.instrument_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: model.rowCount() == 1 and not model.loading, timeout=5000)

    page.table.setFocus()
    page.table.setCurrentIndex(model.index(0, 0))
    # The trend chart is made when the first trend is shown, and shows the family's.
    qtbot.waitUntil(lambda: page.chart_box.isVisible(), timeout=5000)
    assert page.chart_title.text() == "Trend for The Nowak family"
    assert page.chart.respondent_series
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.detail, timeout=5000)
    detail = page.detail
    assert detail.model.rowCount() == len(instrument.items)
    assert detail.model.index(0, 0).data() == instrument.items[0].plain_text  # parent wording
    assert detail.model.index(0, 1).data() == "2 – A little"
    assert detail.alert_box.isVisible()
    assert detail.comment.text() == "Comment 2"
    qtbot.keyClick(detail.back_button, Qt.Key.Key_Escape)
    assert page.stack.currentIndex() == 0


def test_parent_respondent_uses_plain_wording_and_offers_hand_over(qtbot, window, family_ids):
    form = start_checkin(qtbot, window, family_ids["visit"])
    assert not form.handover_box.isVisible()
    form.respondent.setCurrentIndex(form.respondent.findData("parent"))
    assert form.handover_box.isVisible()
    assert form.rows[0].label.text().endswith("My worker listens to me and understands what I say.")


def test_cancel_with_answers_asks_first(qtbot, window, family_ids, monkeypatch):
    form = start_checkin(qtbot, window, family_ids["visit"])
    page = checkins_page(window)
    form.rows[0].set_value(3)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, title, *_a: asked.append(title))
    qtbot.mouseClick(form.close_button, Qt.MouseButton.LeftButton)
    assert asked == ["Discard this check-in?"] and page.form is form  # kept: not confirmed
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    qtbot.mouseClick(form.close_button, Qt.MouseButton.LeftButton)
    assert page.form is None and page.stack.currentIndex() == 0


def test_lock_saves_a_complete_unsaved_check_in(qtbot, window, session, family_ids):
    form = start_checkin(qtbot, window, family_ids["visit"])
    for row in form.rows:
        row.set_value(4)
    records = session.records
    before = len(records.list("checkin"))
    window.lock()
    from relapp.services.profile import unlock_profile
    from tests.conftest import PASSPHRASE

    reopened = unlock_profile(window.ctx.profile_dir, PASSPHRASE)
    try:
        after = reopened.records.list("checkin")
        assert len(after) == before + 1
        assert after[0].data["family_id"] == family_ids["family"]
    finally:
        reopened.close()


def test_an_unfinished_check_in_survives_a_lock_and_comes_back(qtbot, window, family_ids):
    from relapp.services import unfinished
    from relapp.services.profile import unlock_profile
    from tests.conftest import PASSPHRASE

    form = start_checkin(qtbot, window, family_ids["visit"])
    form.rows[0].set_value(2)
    form.rows[1].set_value(5)
    form.comment.setPlainText("Mum was tired today")
    window.lock()  # not a valid check-in yet, but nothing typed may be lost
    window.open_workspace(unlock_profile(window.ctx.profile_dir, PASSPHRASE))
    # The unlock opens the form that was in front, with its answers, by itself.
    page = window.workspace.pages["checkins"]
    qtbot.waitUntil(lambda: page.form is not None and page.form.rows[0].value() == 2, timeout=5000)
    again = page.form
    assert window.workspace.current_key() == "checkins"
    assert [row.value() for row in again.rows[:2]] == [2, 5]
    assert all(row.value() is None for row in again.rows[2:])
    assert again.comment.toPlainText() == "Mum was tired today"
    assert "unfinished answers" in again.message.text()
    # Today lists it, with how far it got.
    (kept,) = unfinished.listed(window.ctx.session.records)
    assert kept.editor == "checkin" and kept.family_name == "The Okafor family"
    today = window.workspace.show_page("today")
    today.refresh()
    qtbot.waitUntil(lambda: today.unfinished.isVisible(), timeout=5000)
    row = today.unfinished.model
    assert row.index(0, 0).data() == "Check-in"
    assert row.index(0, 2).data() == f"2 of {len(again.rows)} answers"
    # Opened from Today: the same form, not a second one.
    today.unfinished.on_open(today.unfinished.rows()[0])
    qtbot.waitUntil(lambda: window.workspace.current_key() == "checkins", timeout=5000)
    assert page.form is again
    for row in again.rows:
        row.set_value(4)
    again.save()
    qtbot.waitUntil(lambda: again.record is not None, timeout=5000)
    assert unfinished.listed(window.ctx.session.records) == []  # cleared once saved

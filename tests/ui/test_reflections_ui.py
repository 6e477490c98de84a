"""The Reflections page and editor, driven through the real widgets on a real vault."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from relapp.services.profile import unlock_profile
from relapp.ui.context import AppContext
from relapp.ui.reflection_dialogs import AmendDialog, VersionHistoryDialog
from relapp.ui.reflection_editor import PAUSE_MS, ReflectionEditor
from relapp.ui.settings import DEFAULT_TEMPLATE, LAST_PAGE, Settings
from relapp.ui.tasks import TaskRunner
from relapp.ui.views.reflections import ReflectionsPage
from tests.conftest import PASSPHRASE


@pytest.fixture
def ctx(session, profile_dir: Path, tmp_path: Path) -> Iterator[AppContext]:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    context = AppContext(profile_dir, settings, TaskRunner())
    context.session = session
    yield context
    context.runner.wait_idle()


@pytest.fixture
def page(qtbot, ctx) -> ReflectionsPage:
    widget = ReflectionsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.refresh()  # as the workspace does when it shows a page
    return widget


def open_new(qtbot, page: ReflectionsPage, arg: str = "new:") -> ReflectionEditor:
    page.open_record(arg)
    qtbot.waitUntil(lambda: page.editor is not None, timeout=5000)
    assert page.editor is not None
    return page.editor


def open_existing(qtbot, page: ReflectionsPage, record_id: str) -> ReflectionEditor:
    page.open_record(record_id)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.record_id == record_id)
    assert page.editor is not None
    return page.editor


def saved(editor: ReflectionEditor) -> bool:
    return editor.save_label.text().startswith("Saved") and not editor.dirty


def draft_in_vault(session, text: str = "A first draft") -> str:
    return session.records.save_reflection_draft(
        {"template_id": "free-text", "title": "Tuesday visit", "sections": {"reflection": text}}
    ).id


def test_new_reflection_autosaves_soon_after_typing_pauses(qtbot, page, ctx, session):
    ctx.settings.set(DEFAULT_TEMPLATE, "gibbs")
    states: list[str] = []
    ctx.save_state.connect(states.append)
    editor = open_new(qtbot, page)
    assert editor.template_combo.currentData() == "gibbs"
    box = editor.text_boxes()[0]
    assert box.accessibleName() == "Description"
    qtbot.keyClicks(box, "We sat on the floor and played with the bricks")
    typed_at = time.monotonic()
    assert not editor.template_combo.isEnabled()  # the template is fixed once text exists
    qtbot.waitUntil(lambda: saved(editor), timeout=PAUSE_MS + 2000)
    assert time.monotonic() - typed_at < 2.5
    assert states and states[-1].startswith("Reflection saved at")
    stored = session.records.list("reflection")
    assert len(stored) == 1
    assert stored[0].data["sections"]["description"] == (
        "We sat on the floor and played with the bricks"
    )
    assert stored[0].data["template_id"] == "gibbs"
    # More typing adds a version to the same record, never a second reflection.
    qtbot.keyClicks(box, ". Dad came home early.")
    qtbot.waitUntil(lambda: saved(editor), timeout=PAUSE_MS + 2000)
    assert len(session.records.list("reflection")) == 1
    assert (
        session.records.get(editor.record_id)
        .data["sections"]["description"]
        .endswith("Dad came home early.")
    )


def test_leaving_a_text_box_saves_without_waiting(qtbot, page, session):
    editor = open_new(qtbot, page)
    page.activateWindow()
    box = editor.text_boxes()[0]
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, "Short note")
    editor.title_edit.setFocus()  # focus leaves the text box
    qtbot.waitUntil(lambda: saved(editor), timeout=PAUSE_MS - 500)
    assert session.records.get(editor.record_id).data["sections"]


def test_back_saves_then_the_list_shows_the_reflection_and_enter_reopens_it(qtbot, page):
    editor = open_new(qtbot, page)
    qtbot.keyClicks(editor.title_edit, "Walk in the park")
    qtbot.keyClicks(editor.text_boxes()[0], "Mum smiled for the first time")
    qtbot.keyClick(editor.text_boxes()[0], Qt.Key.Key_Escape)  # Esc = Back, after saving
    qtbot.waitUntil(lambda: page.editor is None and bool(page.model.rows), timeout=5000)
    assert page.stack.currentIndex() == 0
    assert [r.title for r in page.model.rows] == ["Walk in the park"]
    # The words of the text are looked up in the search index, on a worker, after a pause.
    model = page.model

    def shown(text: str) -> int:
        qtbot.waitUntil(
            lambda: (
                page.text_filter.text() == text
                and not page._text_timer.isActive()
                and not model.loading
                and model.total is not None
            )
        )
        return model.rowCount()

    page.text_filter.setText("smil")
    assert shown("smil") == 1
    page.text_filter.setText("smiled park")  # one word in the text, one in the title
    assert shown("smiled park") == 1
    page.text_filter.setText("nothing like this")
    assert shown("nothing like this") == 0
    assert "No reflections match" in page.empty_label.text()
    page.text_filter.clear()
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 1)  # no look-up
    page.status_filter.setCurrentIndex(page.status_filter.findData("submitted"))
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 0)
    page.status_filter.setCurrentIndex(page.status_filter.findData("draft"))
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 1)
    assert page.status_filter.currentText() == "Draft (1)"
    page.table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is not None)
    assert page.editor.title_edit.text() == "Walk in the park"
    assert page.editor.text_boxes()[0].toPlainText() == "Mum smiled for the first time"


def test_empty_list_says_what_to_do(qtbot, page):
    qtbot.waitUntil(lambda: page.empty_label.isVisible() and not page.model.loading)
    assert "Ctrl+N" in page.empty_label.text()


def test_submit_makes_every_text_box_read_only(qtbot, page, session):
    editor = open_new(qtbot, page)
    qtbot.keyClicks(editor.text_boxes()[0], "Ready for supervision")
    qtbot.mouseClick(editor.submit_button, Qt.MouseButton.LeftButton)
    box = editor.findChild(QMessageBox)
    assert box is not None and "read-only" in box.informativeText()
    qtbot.mouseClick(editor.confirm_submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.status == "submitted", timeout=5000)
    assert all(b.isReadOnly() for b in editor.text_boxes())
    assert editor.title_edit.isReadOnly() and editor.tags_edit.isReadOnly()
    assert editor.banner.isVisible()
    assert "— read-only. Use Amend to add a new version." in editor.banner.title.text()
    assert editor.banner.title.text().startswith("Submitted on ")
    assert editor.amend_button.isVisible() and not editor.submit_button.isVisible()
    stored = session.records.get(editor.record_id)
    assert stored.data["status"] == "submitted"
    first_section = editor.blocks[0].section.id
    assert stored.data["sections"][first_section] == "Ready for supervision"
    # Typing into a read-only box changes nothing.
    qtbot.keyClicks(editor.text_boxes()[0], "more")
    assert editor.text_boxes()[0].toPlainText() == "Ready for supervision"


def test_submitting_an_empty_reflection_is_refused_in_words(qtbot, page):
    editor = open_new(qtbot, page)
    qtbot.mouseClick(editor.submit_button, Qt.MouseButton.LeftButton)
    assert editor.findChild(QMessageBox) is None
    assert "Write at least one part" in editor.message.text()


def test_amend_makes_a_new_version_and_history_shows_the_difference(qtbot, page, session):
    records = session.records
    rid = draft_in_vault(session, "We talked about sleep.")
    records.submit_reflection(rid)
    editor = open_existing(qtbot, page, rid)
    assert all(b.isReadOnly() for b in editor.text_boxes())
    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    dialog = editor.findChild(AmendDialog)
    assert not dialog.ok_button.isEnabled()  # a reason is required
    qtbot.keyClicks(dialog.reason_edit, "Adding what happened next")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.editable, timeout=5000)
    assert editor.banner.title.text() == "Amending: Adding what happened next"
    box = editor.text_boxes()[0]
    assert not box.isReadOnly()
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClicks(box, " Bedtime is now 7pm.")
    qtbot.waitUntil(lambda: saved(editor), timeout=PAUSE_MS + 2000)
    history = session.vault.history(rid)
    assert [h.data["status"] for h in history] == ["draft", "submitted", "draft", "draft"]
    assert history[1].data["sections"]["reflection"] == "We talked about sleep."  # kept as is

    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)
    dialog = editor.findChild(VersionHistoryDialog)
    qtbot.waitUntil(lambda: bool(dialog.model.rows), timeout=5000)
    assert [r.version for r in dialog.model.rows] == [4, 2, 1]  # autosaves folded together
    text = dialog.browser.toPlainText()
    assert "Compared with version 2" in text
    assert "+ We talked about sleep. Bedtime is now 7pm." in text.replace("\xa0", " ")
    assert "Reason for amending: Adding what happened next" in text
    assert "#dafbe1" in dialog.browser.toHtml()  # green, as well as the + mark
    dialog.all_autosaves.setChecked(True)
    assert [r.version for r in dialog.model.rows] == [4, 3, 2, 1]
    dialog.select_version(1)
    assert "The first saved version" in dialog.browser.toPlainText()


def test_returned_reflection_shows_the_supervisors_question(qtbot, page, session):
    records = session.records
    rid = draft_in_vault(session)
    submitted = records.submit_reflection(rid)
    records.save(
        "reflection",
        {**submitted.data, "status": "returned"},
        record_id=rid,
        expected_version=submitted.version,
    )
    records.save("feedback", {"record_id": rid, "text": "Nice start.", "review_state": "reviewed"})
    question = "What did you notice about how Tobi played?"
    records.save("feedback", {"record_id": rid, "text": question, "review_state": "returned"})
    records.save("feedback", {"record_id": "someone-else", "text": "Not this one"})
    editor = open_existing(qtbot, page, rid)
    assert editor.feedback_box.isVisible()
    assert editor.feedback_box.title.text() == "Question from your supervisor"
    assert editor.feedback_box.body.text() == question
    assert "Nice start." in editor.feedback_box.detail.text()
    assert "Not this one" not in editor.feedback_box.detail.text()
    assert "returned it with a question" in editor.banner.body.text()
    assert all(b.isReadOnly() for b in editor.text_boxes())
    # The box sits above the text.
    assert editor.feedback_box.y() < editor.sections_box.y()


def test_a_change_made_elsewhere_is_reported_and_the_text_kept(qtbot, page, session):
    rid = draft_in_vault(session, "Original")
    editor = open_existing(qtbot, page, rid)
    current = session.records.get(rid)
    session.records.save_reflection_draft(
        {**current.data, "sections": {"reflection": "Changed on another device"}},
        record_id=rid,
        expected_version=current.version,
    )
    box = editor.text_boxes()[0]
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClicks(box, " plus mine")
    qtbot.waitUntil(lambda: editor.save_label.text().startswith("Not saved"), timeout=5000)
    assert editor.save_label.text().endswith("your text is still here")
    assert box.toPlainText() == "Original plus mine"
    assert editor.retry_button.isVisible()
    qtbot.mouseClick(editor.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved(editor), timeout=5000)
    texts = [h.data["sections"]["reflection"] for h in session.vault.history(rid)]
    assert texts == ["Original", "Changed on another device", "Original plus mine"]


def test_new_reflection_for_a_visit_takes_the_family_from_the_visit(qtbot, page, session):
    records = session.records
    family = records.save("family", {"reference": "F7", "display_name": "The Evans family"})
    visit = records.save(
        "visit", {"family_id": family.id, "when": "2026-03-03T14:00", "mode": "centre"}
    )
    editor = open_new(qtbot, page, f"new:{visit.id}")
    assert editor.family_combo.currentData() == family.id
    assert editor.visit_combo.currentData() == visit.id
    qtbot.keyClicks(editor.text_boxes()[0], "Osian waved")
    assert editor.flush()  # Ctrl+S: saved now, on this thread
    stored = records.get(editor.record_id)
    assert (stored.data["family_id"], stored.data["visit_id"]) == (family.id, visit.id)


def test_flush_before_lock_saves_text_typed_a_moment_ago(qtbot, session, profile_dir):
    from relapp.ui.app import build_window

    window = build_window(profile_dir)
    qtbot.addWidget(window)
    window.ctx.settings.set(LAST_PAGE, "reflections")
    window.open_workspace(session)
    page = window.workspace.pages["reflections"]
    page.new_record()
    qtbot.waitUntil(lambda: page.editor is not None, timeout=5000)
    box = page.editor.text_boxes()[0]
    qtbot.keyClicks(box, "Typed just before the lock")
    assert page.editor.dirty  # the autosave timer has not fired yet
    window.lock()  # Ctrl+L: flush, then keys are dropped
    assert window.workspace is None and window.ctx.session is None
    reopened = unlock_profile(profile_dir, PASSPHRASE)
    try:
        texts = [
            text
            for r in reopened.records.list("reflection")
            for text in r.data["sections"].values()
        ]
    finally:
        reopened.close()
    assert texts.count("Typed just before the lock") == 1


def test_tab_goes_through_the_form_in_reading_order(qtbot, page):
    editor = open_new(qtbot, page)
    page.activateWindow()
    editor.title_edit.setFocus()
    qtbot.waitUntil(editor.title_edit.hasFocus)
    first, second = editor.blocks[0], editor.blocks[1]
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Tab)
    assert first.help_button.hasFocus()
    qtbot.keyClick(first.help_button, Qt.Key.Key_Space)  # the guidance opens
    assert first.guidance.isVisible() and first.guidance.text()
    qtbot.keyClick(first.help_button, Qt.Key.Key_Tab)
    assert first.editor.hasFocus()
    qtbot.keyClick(first.editor, Qt.Key.Key_Tab)  # Tab leaves the text box, typing no tab
    assert second.help_button.hasFocus()
    assert first.editor.toPlainText() == ""

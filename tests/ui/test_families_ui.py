"""Families and Visits pages, driven through real widgets on a demo profile."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit

from relapp.services.demo import DEMO_PASSPHRASE
from relapp.store.vault import Vault
from tests.ui.conftest import demo_window


@pytest.fixture
def demo(qtbot, tmp_path: Path) -> Iterator[object]:
    """The main window, unlocked on a fresh demo profile, showing the Families page."""
    yield from demo_window(qtbot, tmp_path / "p", "families")


def families_page(qtbot, window):
    """The Families page with every family listed (active and closed)."""
    page = window.workspace.pages["families"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 10, timeout=5000)  # active ones
    page.status_filter.setCurrentIndex(page.status_filter.findData(""))
    qtbot.waitUntil(lambda: page.model.rowCount() == 12, timeout=5000)
    return page


def settled(qtbot, page) -> None:  # noqa: ANN001
    """Wait until the words typed were asked for and the rows for them are shown."""
    qtbot.waitUntil(
        lambda: not page._search_timer.isActive() and not page.model.loading, timeout=5000
    )


def test_list_shows_demo_families_and_search_filters_as_you_type(qtbot, demo):
    page = demo.workspace.pages["families"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 10, timeout=5000)
    settled(qtbot, page)
    assert "Showing 10 of 12" in page.count_label.text()  # active ones; two are closed
    page.status_filter.setCurrentIndex(page.status_filter.findData(""))
    settled(qtbot, page)
    assert page.model.rowCount() == 12
    assert "Showing 12 of 12" in page.count_label.text()
    rows = list(page.model.rows)
    names = [r.display_name.casefold() for r in rows]
    assert names == sorted(names)  # by name, as the database sorts them

    target = rows[3]
    qtbot.keyClicks(page.search, target.display_name.split()[1])  # "The Okafor family"
    settled(qtbot, page)
    assert page.model.rowCount() == 1
    qtbot.keyClick(page.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.search, target.reference)
    settled(qtbot, page)
    assert [page.model.data(page.model.index(0, 0))] == [target.reference]
    qtbot.keyClicks(page.search, "zzz")
    settled(qtbot, page)
    assert page.model.rowCount() == 0
    assert page.empty.isVisible() and "No families match" in page.empty.text()

    page.search.clear()
    settled(qtbot, page)
    service = rows[0].service
    page.service_filter.setCurrentIndex(page.service_filter.findData(service))
    settled(qtbot, page)
    assert page.model.rowCount() == sum(r.service == service for r in rows)
    # A click on a header sorts by that column, in the database.
    page.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # last visit, newest first
    settled(qtbot, page)
    visits = [r.last_visit for r in page.model.rows]
    assert visits == sorted(visits, key=lambda w: (w is not None, w), reverse=True)


def test_enter_opens_the_family_page_with_timeline_and_chart_threshold(qtbot, demo):
    page = families_page(qtbot, demo)
    session = demo.ctx.session
    alert_row = next(r for r in page.model.rows if r.latest and r.latest.below_threshold)
    qtbot.keyClicks(page.search, alert_row.reference)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert demo.focusWidget() is page.table
    qtbot.keyClick(page.table, Qt.Key.Key_Return)

    detail = page.detail
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5000)
    assert page.stack.currentWidget() is detail
    assert detail.title.text() == alert_row.display_name
    visits = session.records.list("visit", parent_id=alert_row.id)
    assert detail.timeline_model.rowCount() == len(visits)
    newest = max(v.data["when"] for v in visits)
    assert detail.timeline_model.rows[0].when.isoformat(timespec="minutes") == newest

    instrument = session.definitions.instruments["practitioner-family"]
    chart = detail.charts["practitioner-family"]
    line = chart.threshold_series
    assert line is not None
    assert {score for _when, score in line} == {instrument.alert.threshold}
    label = chart.view.chart_layout().threshold_label
    assert label is not None and label.text == "Alert below 3"
    assert "below the alert threshold" in chart.summary.text()
    assert chart.view.accessibleName().startswith(instrument.title)

    # Esc goes back to the list with the family still selected.
    qtbot.keyClick(detail.timeline, Qt.Key.Key_Escape)
    assert page.stack.currentIndex() == 0
    assert page.selected_id() == alert_row.id


def test_new_family_dialog_saves_to_the_vault(qtbot, demo):
    page = families_page(qtbot, demo)
    page.new_record()
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.reference, "EH-26-9001")
    qtbot.keyClicks(dialog.display_name, "The Lindqvist family")
    qtbot.keyClicks(dialog.service.lineEdit(), "Family Hub North")
    qtbot.mouseClick(dialog.add_member, Qt.MouseButton.LeftButton)
    editor = dialog.focusWidget()
    assert isinstance(editor, QLineEdit)  # the new row's name cell, ready for typing
    qtbot.keyClicks(editor, "Astrid Lindqvist")
    dialog.members.item(0, 1).setText("mother")
    dialog.members.item(0, 2).setText("1992")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)

    saved = [
        r for r in demo.ctx.session.records.list("family") if r.data["reference"] == "EH-26-9001"
    ]
    assert len(saved) == 1
    data = saved[0].data
    assert data["display_name"] == "The Lindqvist family"
    assert data["service"] == "Family Hub North"
    assert data["status"] == "active"
    assert data["members"] == [{"name": "Astrid Lindqvist", "role": "mother", "birth_year": 1992}]
    # The new family's page opens, and the list now has 13.
    qtbot.waitUntil(
        lambda: page.detail.detail is not None and page.detail.detail.id == saved[0].id,
        timeout=5000,
    )
    qtbot.waitUntil(lambda: page.model.rowCount() == 13, timeout=5000)


def test_new_family_refuses_a_reference_in_use_in_words(qtbot, demo):
    page = families_page(qtbot, demo)
    page.new_record()
    dialog = page.dialog
    qtbot.keyClicks(dialog.reference, page.model.rows[0].reference)
    qtbot.keyClicks(dialog.display_name, "The Copy family")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=5000)
    assert "already used by" in dialog.message.text()
    assert dialog.isVisible()
    assert demo.ctx.session.vault.count("family") == 12
    dialog.dirty = False
    dialog.reject()


def _open_visit(qtbot, window, visit_id: str):
    window.ctx.open_page("visits", visit_id)
    editor = window.workspace.pages["visits"].editor
    qtbot.waitUntil(lambda: editor.visit_id == visit_id and editor.version > 0, timeout=5000)
    return editor


def test_editing_a_visit_duration_saves_a_new_version(qtbot, demo):
    session = demo.ctx.session
    visit = session.records.list("visit")[0]
    editor = _open_visit(qtbot, demo, visit.id)
    assert editor.duration.value() == visit.data["duration_minutes"]
    members = [editor.present.item(i) for i in range(editor.present.count())]
    checked = {
        i.data(Qt.ItemDataRole.UserRole + 10)
        for i in members
        if i.checkState() == Qt.CheckState.Checked
    }
    assert checked <= set(visit.data["present"])

    editor.duration.selectAll()
    qtbot.keyClicks(editor.duration, "125")
    assert editor.dirty
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=5000)

    stored = session.records.get(visit.id)
    assert stored.version == visit.version + 1
    assert stored.data["duration_minutes"] == 125
    assert stored.data["present"] == visit.data["present"]  # untouched fields kept
    assert [r.data["duration_minutes"] for r in session.vault.history(visit.id)][0] == (
        visit.data["duration_minutes"]
    )


def test_family_timeline_opens_the_visit_editor(qtbot, demo):
    page = families_page(qtbot, demo)
    page.show_family(page.model.rows[0].id)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=5000)
    first = page.detail.timeline_model.rows[0]
    page.detail.timeline.setCurrentIndex(page.detail.timeline_model.index(0, 0))
    qtbot.keyClick(page.detail.timeline, Qt.Key.Key_Return)
    visits = demo.workspace.pages["visits"]
    qtbot.waitUntil(lambda: visits.editor.version > 0, timeout=5000)
    assert demo.workspace.current_key() == "visits"
    assert visits.editor.visit_id == first.id
    assert visits.editor.family.currentData() == page.model.rows[0].id


def test_new_visit_with_family_filter_and_link_saves_first(qtbot, demo):
    session = demo.ctx.session
    families = families_page(qtbot, demo)
    family = families.model.rows[2]
    demo.workspace.show_page("visits")
    visits = demo.workspace.pages["visits"]
    qtbot.waitUntil(lambda: visits.family_filter.count() > 12, timeout=5000)
    visits.family_filter.setCurrentIndex(visits.family_filter.findData(family.id))
    qtbot.waitUntil(
        lambda: (
            visits.model.rowCount() > 0 and all(r.family_id == family.id for r in visits.model.rows)
        ),
        timeout=5000,
    )
    demo.new_action.trigger()  # Ctrl+N
    editor = visits.editor
    qtbot.waitUntil(lambda: editor.family.currentData() == family.id, timeout=5000)
    assert editor.version == 0
    qtbot.keyClicks(editor.purpose, "Talk about the new nursery place.")

    # Keep the other pages out of this test: just record where the link asks to go.
    demo.ctx.open_requested.disconnect(demo._open_requested)
    with qtbot.waitSignal(demo.ctx.open_requested, timeout=5000) as signal:
        editor.links_box.write_reflection_button.click()
    assert signal.args == ["reflections", f"new:{editor.visit_id}"]
    stored = session.records.get(editor.visit_id)
    assert stored.data["family_id"] == family.id
    assert stored.data["purpose"] == "Talk about the new nursery place."


def test_lock_keeps_what_was_typed_in_a_visit(qtbot, demo, tmp_path: Path):
    visit_id = demo.ctx.session.records.list("visit")[0].id
    editor = _open_visit(qtbot, demo, visit_id)
    editor.purpose.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.purpose, " Also: bring the library card form.")
    demo.lock()  # the editor is destroyed; its text must be in the vault
    vault = Vault.open(tmp_path / "p")
    try:
        vault.unlock(DEMO_PASSPHRASE)
        assert vault.get(visit_id).data["purpose"].endswith("bring the library card form.")
    finally:
        vault.close()


def test_locking_while_pages_are_loading_is_quiet(qtbot, demo):
    page = families_page(qtbot, demo)
    page.show_family(page.model.rows[0].id)
    demo.ctx.open_page("visits", demo.ctx.session.records.list("visit")[0].id)
    demo.lock()  # reads still in flight must not touch the destroyed pages
    qtbot.wait(300)
    assert demo.workspace is None

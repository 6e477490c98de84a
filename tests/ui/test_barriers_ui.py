"""Barriers & changes: the plain queries, the quick form from a visit, the change-test editor,
and nothing typed is lost at lock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from relapp.services import barriers as queries
from relapp.services.demo import DEMO_PASSPHRASE, build_demo_profile
from relapp.services.profile import unlock_profile
from relapp.ui.app import build_window
from relapp.ui.views.barriers import BarriersPage

# ---- the queries, without Qt ------------------------------------------------------------


def test_overview_lists_barriers_and_change_tests_with_their_links(session) -> None:  # noqa: ANN001
    records = session.records
    family = records.save(
        "family", {"reference": "EH-9", "display_name": "The Evans family", "service": "Hub North"}
    )
    visit = records.save(
        "visit", {"family_id": family.id, "when": "2026-03-04T10:30", "mode": "home"}
    )
    old = records.save(
        "barrier",
        {
            "category": "caseload-time",
            "description": "Too many families.\nMore detail.",
            "noticed_on": "2026-01-02",
            "status": "resolved",
        },
    )
    new = records.save(
        "barrier",
        {
            "category": "digital-access",
            "description": "No data for video calls",
            "noticed_on": "2026-03-04",
            "visit_ids": [visit.id, "gone-visit"],
            "impact": "high",
        },
    )
    records.save(
        "change_test",
        {"title": "Lend a tablet", "barrier_ids": [new.id], "start_date": "2026-03-10"},
    )
    overview = queries.load_overview(records)
    assert [b.id for b in overview.barriers] == [new.id, old.id]  # newest noticed first
    assert overview.barriers[1].first_line == "Too many families."
    assert overview.barriers[0].label == "Digital access: No data for video calls"
    link = overview.visits[visit.id]
    assert (link.family_name, link.when, link.service) == (
        "The Evans family",
        "2026-03-04T10:30",
        "Hub North",
    )
    assert overview.visits["gone-visit"].missing
    (test,) = overview.change_tests
    assert test.barrier_titles == ("Digital access",)
    assert queries.filter_barriers(overview.barriers, status="resolved")[0].id == old.id
    assert (
        queries.filter_barriers(overview.barriers, category="digital-access", status="resolved")
        == []
    )


def test_quick_barrier_is_noticed_on_the_visit_day_in_the_family_service() -> None:
    visit = queries.VisitLink(
        "v1", "2026-03-04T10:30", "f1", "The Evans family", "home", "Hub North"
    )
    data = queries.quick_barrier("digital-access", "  No data.  ", "high", visit)
    assert data == {
        "category": "digital-access",
        "description": "No data.",
        "impact": "high",
        "status": "open",
        "noticed_on": "2026-03-04",
        "visit_ids": ["v1"],
        "service": "Hub North",
    }
    alone = queries.quick_barrier("other", "x", "low", None, today=date(2026, 5, 1))
    assert alone["noticed_on"] == "2026-05-01" and alone["visit_ids"] == []


def test_first_line_is_short() -> None:
    assert queries.first_line("\n\n  Hello  \nworld") == "Hello"
    assert len(queries.first_line("word " * 100)) == queries.FIRST_LINE_LIMIT


# ---- the page ---------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    monkeypatch.setenv("RELAPP_CONFIG_DIR", str(tmp_path / "config"))
    profile = tmp_path / "profile"
    session = build_demo_profile(profile)
    win = build_window(profile)
    qtbot.addWidget(win)
    win.show()
    win.open_workspace(session)
    yield win
    win.lock()


def barriers_page(qtbot, win, record: str = "") -> BarriersPage:  # noqa: ANN001
    win.workspace.open("barriers", record)
    page = win.workspace.pages["barriers"]
    qtbot.waitUntil(lambda: page._loaded, timeout=5000)
    return page


def choose(qtbot, combo, text: str) -> None:  # noqa: ANN001
    """Pick an item the way a keyboard user does: focus the list and type its first letters."""
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText().startswith(text), combo.currentText()


def test_quick_barrier_from_a_visit_saves_with_the_visit_linked(qtbot, window) -> None:  # noqa: ANN001
    session = window.ctx.session
    visit = session.vault.list("visit")[0]
    before = {b.id for b in session.vault.list("barrier")}
    page = barriers_page(qtbot, window)
    window.ctx.open_page("barriers", f"new:{visit.id}")
    form = page.quick
    assert page.stack.currentWidget() is form
    qtbot.waitUntil(lambda: form.visit is not None, timeout=5000)
    assert "linked to the visit" in form.about.text()

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "Choose the kind of barrier" in form.message.text()  # nothing saved half-done
    choose(qtbot, form.category, "Interp")
    qtbot.keyClicks(form.sentence, "No interpreter could be booked in time")
    qtbot.mouseClick(form.impact_buttons["high"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(form.sentence, Qt.Key.Key_Return)

    def saved():  # noqa: ANN202
        return [b for b in session.vault.list("barrier") if b.id not in before]

    qtbot.waitUntil(lambda: bool(saved()), timeout=5000)
    (barrier,) = saved()
    assert barrier.data["visit_ids"] == [visit.id]
    assert barrier.data["category"] == "interpreter-language"
    assert barrier.data["description"] == "No interpreter could be booked in time"
    assert barrier.data["impact"] == "high" and barrier.data["status"] == "open"
    assert barrier.data["noticed_on"] == visit.data["when"][:10]
    # Back on the list, with the new barrier open in the editor and a way back to the visit.
    qtbot.waitUntil(lambda: page.barriers.editor.record_id == barrier.id, timeout=5000)
    assert page.stack.currentWidget() is page.tabs
    assert page.back_button.isVisible()
    editor = page.barriers.editor
    assert editor.visits.count() == 1 and "·" in editor.visits.item(0).text()


def test_change_test_editor_saves_pdsa_fields_and_linked_barriers(qtbot, window) -> None:  # noqa: ANN001
    session = window.ctx.session
    page = barriers_page(qtbot, window)
    page.tabs.setCurrentIndex(1)  # a click on the Change tests tab
    before = {c.id for c in session.vault.list("change_test")}
    window.new_action.trigger()  # Ctrl+N on this tab: a new change test
    editor = page.changes.editor
    assert editor.record_id is None and editor.name.hasFocus()
    qtbot.keyClicks(editor.name, "Evening stay-and-play")
    choose(qtbot, editor.status, "Run")
    qtbot.mouseClick(editor.start.check, Qt.MouseButton.LeftButton)
    for field, text in (
        (editor.plan, "Open the hub on Thursday evenings for a month."),
        (editor.do, "Ran four sessions."),
        (editor.study, "Nine working parents came; six were new."),
        (editor.act, "Adapt: move to fortnightly."),
        (editor.measure, "Parents who work shifts attending."),
        (editor.outcome, "Adapted."),
    ):
        qtbot.keyClicks(field, text)
    # Tick the service-hours barrier from the keyboard.
    hours = next(b for b in session.vault.list("barrier") if b.data["category"] == "opening-hours")
    row = next(
        i
        for i in range(editor.barriers.count())
        if editor.barriers.item(i).data(Qt.ItemDataRole.UserRole) == hours.id
    )
    editor.barriers.setFocus()
    editor.barriers.setCurrentRow(row)
    qtbot.keyClick(editor.barriers, Qt.Key.Key_Space)
    assert editor.barriers.item(row).checkState() == Qt.CheckState.Checked
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    def saved():  # noqa: ANN202
        return [c for c in session.vault.list("change_test") if c.id not in before]

    qtbot.waitUntil(lambda: bool(saved()), timeout=5000)
    (change,) = saved()
    data = change.data
    assert data["title"] == "Evening stay-and-play" and data["status"] == "running"
    assert data["plan"].startswith("Open the hub") and data["do"] == "Ran four sessions."
    assert data["study"].startswith("Nine") and data["act"].startswith("Adapt")
    assert data["measure"] and data["outcome"] == "Adapted."
    assert data["barrier_ids"] == [hours.id]
    assert data["start_date"] == date.today().isoformat() and "end_date" not in data
    qtbot.waitUntil(
        lambda: "Evening stay-and-play" in [r.title for r in page.changes.model.rows], timeout=5000
    )

    # Editing it again saves a new version (autosave after a pause, or Ctrl+S).
    qtbot.keyClicks(editor.study, " Two dads came.")
    window.save_action.trigger()
    latest = session.records.get(change.id)
    assert latest.version == change.version + 1
    assert latest.data["study"].endswith("Two dads came.")


def test_edits_are_saved_when_the_app_locks(qtbot, window, tmp_path: Path) -> None:  # noqa: ANN001
    page = barriers_page(qtbot, window)
    editor = page.barriers.editor
    qtbot.waitUntil(lambda: editor.record_id is not None, timeout=5000)  # the first barrier
    barrier_id = editor.record_id
    editor.description.moveCursor(editor.description.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.description, " Raised with the hub manager.")
    assert editor.dirty
    page.tabs.setCurrentIndex(1)  # a click on the Change tests tab
    page.changes.new()
    qtbot.keyClicks(page.changes.editor.plan, "Words typed with no title yet")
    window.lock()

    session = unlock_profile(tmp_path / "profile", DEMO_PASSPHRASE)
    try:
        assert (
            session.records.get(barrier_id)
            .data["description"]
            .endswith("Raised with the hub manager.")
        )
        plans = [c.data.get("plan") for c in session.records.list("change_test")]
        assert "Words typed with no title yet" in plans
    finally:
        session.close()


def test_filters_and_opening_a_record_by_id(qtbot, window) -> None:  # noqa: ANN001
    session = window.ctx.session
    resolved = next(b for b in session.vault.list("barrier") if b.data["status"] == "resolved")
    page = barriers_page(qtbot, window)
    tab = page.barriers
    choose(qtbot, tab.status_filter, "Res")
    assert tab.filter.rowCount() == 1
    choose(qtbot, tab.category_filter, "Digital")
    assert tab.filter.rowCount() == 0 and tab.no_match.isVisible()
    window.ctx.open_page("barriers", resolved.id)  # filters step aside to show it
    assert tab.editor.record_id == resolved.id
    assert tab.category_filter.currentIndex() == 0
    change = session.vault.list("change_test")[0]
    window.ctx.open_page("barriers", change.id)
    assert page.tabs.currentIndex() == 1
    assert page.changes.editor.record_id == change.id


def test_every_control_is_named_and_escape_leaves_the_quick_form(qtbot, window) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QLineEdit,
        QPlainTextEdit,
    )

    page = barriers_page(qtbot, window)
    visit = window.ctx.session.vault.list("visit")[0]
    window.ctx.open_page("barriers", f"new:{visit.id}")
    kinds = (QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QAbstractSpinBox)
    unnamed = [
        type(w).__name__
        for w in page.findChildren(QWidget)
        if isinstance(w, kinds)
        and not isinstance(w.parent(), QComboBox | QAbstractSpinBox)  # their inner parts
        and not w.parent().inherits("QComboBoxPrivateContainer")  # and their pop-up lists
        and not isinstance(w, QHeaderView)  # part of a named table
        and not w.accessibleName()
    ]
    assert unnamed == []
    unlabelled = [
        b for b in page.findChildren(QAbstractButton) if not (b.text() or b.accessibleName())
    ]
    # Only the tables' own corner buttons, which are not in the Tab order.
    assert {b.metaObject().className() for b in unlabelled} <= {"QTableCornerButton"}

    form = page.quick
    assert form.category.hasFocus()
    qtbot.keyClick(form.category, Qt.Key.Key_Escape)
    assert page.stack.currentWidget() is page.tabs


def test_the_change_tests_tab_and_the_short_form_are_built_when_first_wanted(
    qtbot,
    window,  # noqa: ANN001
) -> None:
    session = window.ctx.session
    page = barriers_page(qtbot, window)
    assert page.tabs.built_page(1) is None and page._quick is None  # the Barriers tab alone
    page.tabs.setCurrentIndex(1)  # a click on the Change tests tab
    assert page.tabs.built_page(1) is page.changes and page.changes.isVisible()
    titles = sorted(r.title for r in page.changes.model.rows)
    assert titles == sorted(c.data["title"] for c in session.vault.list("change_test"))
    assert page._quick is None
    page.flush()  # with the short form never built

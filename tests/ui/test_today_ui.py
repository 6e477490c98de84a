"""The Today page: its sections with demo data, empty states, opening rows, live refresh."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from relapp.services.demo import build_demo_profile
from relapp.services.today import today_summary
from relapp.ui.app import build_window
from relapp.ui.views.checkins import CheckinsPage
from relapp.ui.views.today import TodayPage


def open_window(qtbot, session, folder: Path):
    win = build_window(folder)
    qtbot.addWidget(win)
    win.show()
    win.open_workspace(session)
    return win


@pytest.fixture
def demo_window(qtbot, tmp_path: Path) -> Iterator[object]:
    session = build_demo_profile(tmp_path / "demo")
    win = open_window(qtbot, session, tmp_path / "demo")
    yield win
    if win.ctx.session is not None:
        win.lock()
    win.ctx.runner.wait_idle()


@pytest.fixture
def empty_window(qtbot, session, profile_dir) -> Iterator[object]:
    win = open_window(qtbot, session, profile_dir)
    yield win
    if win.ctx.session is not None:
        win.lock()
    win.ctx.runner.wait_idle()


def today_page(qtbot, window) -> TodayPage:
    page = window.workspace.show_page("today")
    assert isinstance(page, TodayPage)
    qtbot.waitUntil(lambda: page.summary is not None, timeout=5000)
    return page


def test_sections_show_the_demo_data(qtbot, demo_window):
    page = today_page(qtbot, demo_window)
    expected = today_summary(demo_window.ctx.session.records, date.today())
    assert expected.alerts and expected.drafts and expected.feedback  # the demo has them
    assert page.alerts.rows() == expected.alerts
    assert page.drafts.rows() == expected.drafts
    assert page.visits.rows() == expected.visits
    assert page.due.rows() == expected.checkins_due
    assert page.feedback.rows() == expected.feedback
    assert page.alerts.heading.text() == f"⚠ Alerts ({len(expected.alerts)})"
    first = page.alerts.model.index(0, 3).data()
    assert "below the alert level" in first or "fell by" in first
    assert not page.unfinished.isVisible()  # shown only when something is unfinished
    for section in page.sections:
        if section is page.unfinished:
            continue
        assert section.table.isVisible() == bool(section.rows())
        assert section.empty.isVisible() == (not section.rows())
        assert section.table.accessibleName()


def test_enter_on_an_alert_opens_that_check_in(qtbot, demo_window):
    page = today_page(qtbot, demo_window)
    alert = page.alerts.rows()[0]
    table = page.alerts.table
    table.setFocus()
    table.setCurrentIndex(page.alerts.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            isinstance(checkins := demo_window.workspace.pages.get("checkins"), CheckinsPage)
            and checkins.stack.currentWidget() is checkins.detail
        ),
        timeout=5000,
    )
    checkins = demo_window.workspace.pages["checkins"]
    assert demo_window.workspace.current_key() == "checkins"
    assert checkins.detail.alert_box.isVisible()
    assert alert.family_name in checkins.detail.meta.text()


def test_rows_ask_for_the_right_page(qtbot, demo_window):
    page = today_page(qtbot, demo_window)
    ctx = demo_window.ctx
    draft = page.drafts.rows()[0]
    table = page.drafts.table
    where = table.visualRect(page.drafts.model.index(0, 0)).center()
    with qtbot.waitSignal(ctx.open_requested) as opened:
        # QTest's double-click has no press before it; the view needs one to know the row.
        qtbot.mousePress(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.args == ["reflections", draft.id]
    feedback = page.feedback.rows()[0]
    page.feedback.table.setCurrentIndex(page.feedback.model.index(0, 0))
    with qtbot.waitSignal(ctx.open_requested) as opened:
        qtbot.keyClick(page.feedback.table, Qt.Key.Key_Return)
    assert opened.args == ["reflections", feedback.reflection_id]


def test_empty_profile_says_what_to_do_and_refreshes_when_records_change(
    qtbot, empty_window, session
):
    page = today_page(qtbot, empty_window)
    for section in page.sections:
        if section is page.unfinished:
            assert not section.isVisible()
            continue
        assert not section.table.isVisible()
        assert section.empty.isVisible() and section.empty.text()
    assert "Visits page" in page.visits.empty.text()

    records = session.records
    family = records.save(
        "family", {"reference": "W1", "display_name": "The Walsh family", "status": "active"}
    ).id
    empty_window.ctx.records_changed.emit("family")
    qtbot.waitUntil(lambda: [r.family_id for r in page.due.rows()] == [family], timeout=5000)
    assert page.due.model.index(0, 1).data() == "None yet"
    page.due.table.setCurrentIndex(page.due.model.index(0, 0))
    with qtbot.waitSignal(empty_window.ctx.open_requested) as opened:
        qtbot.keyClick(page.due.table, Qt.Key.Key_Return)
    assert opened.args == ["checkins", f"family:{family}"]
    checkins = empty_window.workspace.pages["checkins"]
    qtbot.waitUntil(lambda: checkins.dialog is not None, timeout=5000)
    assert checkins.dialog.family.currentData() == family
    checkins.dialog.reject()


def test_a_long_section_shows_the_most_pressing_rows_and_says_where_the_rest_are(
    qtbot, empty_window, session
):
    """A team's years of records can make thousands of families due a check-in: Today lists
    the first SHOWN_AT_MOST, counts them all, and points to the page that has the rest."""
    from relapp.ui.views.today import SHOWN_AT_MOST

    total = SHOWN_AT_MOST + 7
    session.records.save_many(
        ("family", {"reference": f"L{n:03d}", "display_name": f"Family {n:03d}",
                    "status": "active"}, None)
        for n in range(total)
    )  # fmt: skip
    page = today_page(qtbot, empty_window)
    empty_window.ctx.records_changed.emit("family")
    qtbot.waitUntil(lambda: page.due.total == total, timeout=5000)
    expected = today_summary(session.records, date.today()).checkins_due
    assert len(expected) == total
    assert page.due.rows() == expected[:SHOWN_AT_MOST]
    assert page.due.model.rowCount() == SHOWN_AT_MOST
    assert f"({total})" in page.due.heading.text()
    assert page.due.more.isVisible()
    assert page.due.more.text() == (
        "7 more families are due: the Families page marks each one Due now."
    )
    # Fewer rows again: every one shown, and no sentence about the rest.
    page.due.set_rows(expected[:3])
    assert page.due.model.rowCount() == 3 and not page.due.more.isVisible()
    # Rows that are already the first of more (feedback: the service gives ten) count all.
    page.feedback.set_rows(page.feedback.rows(), "3,635 more on the Reflections page.",
                           total=len(page.feedback.rows()) + 3635)  # fmt: skip
    assert f"({len(page.feedback.rows()) + 3635:,})" in page.feedback.heading.text()


def test_wrapped_rows_are_measured_again_when_the_sections_scroll_bar_narrows_them(qtbot):
    """More rows than the section shows at once: its scroll bar appears after the rows were
    measured and narrows the wrapped column; every row is measured again for it, so none is
    cut at its last line (Alerts at a 900 px window, before)."""
    from dataclasses import dataclass

    from relapp.ui.models import Column
    from relapp.ui.views.today import MAX_VISIBLE_ROWS, TodaySection

    @dataclass
    class Alert:
        family: str
        sentence: str

    sentence = (
        "Practitioner-family relationship check-in: the score of 2.83 is below the alert "
        "level of 3 and fell by {0} since the previous check-in."
    )
    rows = [Alert(f"Family {i}", sentence.format(i)) for i in range(MAX_VISIBLE_ROWS * 3)]
    section = TodaySection(
        "Alerts",
        [Column("Family", lambda r: r.family), Column("What happened", lambda r: r.sentence)],
        "No alerts.",
        lambda _row: None,
        widths=(160,),
        wrap=True,
    )
    qtbot.addWidget(section)
    section.resize(560, 600)
    section.show()
    qtbot.waitExposed(section)
    section.set_rows(rows)
    table = section.table
    qtbot.waitUntil(lambda: table.verticalScrollBar().isVisible(), timeout=2000)
    qtbot.wait(20)  # the next pass of the event loop, where rows are measured again

    def clipped() -> list[int]:
        return [r for r in range(len(rows)) if table.rowHeight(r) < table.sizeHintForRow(r)]

    assert clipped() == []
    section.resize(430, 600)  # the window made narrower: wrapped again
    qtbot.wait(20)
    assert clipped() == []

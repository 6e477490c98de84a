"""The supervisor's Caseload trends and Barriers & changes board tabs, on the demo team's
supervisor laptop (which has received Alex's families, check-ins, barriers and change tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from relapp.services.demo import DEMO_PASSPHRASE
from relapp.services.demo_team import build_demo_team, profile_folder
from relapp.services.profile import unlock_profile
from relapp.ui.app import build_window
from relapp.ui.models import ROW_ROLE
from relapp.ui.supervision.board import BarriersBoardTab
from relapp.ui.supervision.trends import CaseloadTrendsTab


@pytest.fixture
def supervisor(qtbot, tmp_path: Path) -> Iterator[object]:  # noqa: ANN001
    folder = profile_folder(build_demo_team(tmp_path / "demo"), "supervisor")
    session = unlock_profile(folder, DEMO_PASSPHRASE)
    win = build_window(folder)
    qtbot.addWidget(win)
    win.show()
    win.open_workspace(session)
    yield win
    win.lock()


def shown(qtbot, win, cls):  # noqa: ANN001, ANN201
    tab = cls(win.ctx)
    qtbot.addWidget(tab)
    tab.resize(1100, 760)
    tab.show()
    tab.refresh()
    return tab


def row_of(table, name: str) -> int:  # noqa: ANN001
    model = table.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == name:
            return row
    raise AssertionError(f"{name} is not in the table")


def test_alerts_are_shown_and_choosing_a_family_shows_its_chart(qtbot, supervisor) -> None:  # noqa: ANN001
    win = supervisor
    tab = shown(qtbot, win, CaseloadTrendsTab)
    qtbot.waitUntil(lambda: tab.loaded is not None, timeout=5000)

    # The demo has two families whose latest practitioner check-in raised an alert.
    assert tab.alerts_table.isVisible() and not tab.no_alerts.isVisible()
    alerts = {
        tab.alerts_model.index(r, 0).data(): tab.alerts_model.index(r, 6).data()
        for r in range(tab.alerts_model.rowCount())
    }
    assert set(alerts) == {"The Brennan family", "The Okafor family"}
    assert alerts["The Brennan family"].startswith("Below 3, and down")
    assert alerts["The Okafor family"] == "Below the alert level of 3"
    assert tab.alerts_model.index(0, 1).data() == "Alex Morgan (demo)"
    assert tab.alerts_title.text() == "&Alerts (2)"

    # Every family is listed with its latest scores; one below the level says so in words.
    assert tab.proxy.rowCount() == 10  # the demo's active families (closed ones are hidden)
    okafor = row_of(tab.table, "The Okafor family")
    assert tab.proxy.index(okafor, 2).data().endswith("below")

    # Choosing a family charts it.
    tab.table.setFocus()
    tab.table.selectRow(row_of(tab.table, "The Walsh family"))
    assert tab.chart_title.text() == "The Walsh family — Alex Morgan (demo)"
    assert tab.chart.isVisible() and tab.chart.respondent_series
    assert "below" not in tab.chart.summary.text()
    tab.table.selectRow(okafor)
    assert tab.chart_title.text().startswith("The Okafor family")
    assert "below the alert threshold" in tab.chart.summary.text()

    # Choosing an alert charts that family and instrument.
    tab.alerts_table.selectRow(row_of(tab.alerts_table, "The Brennan family"))
    assert tab.chart_title.text().startswith("The Brennan family")
    assert tab.instrument.currentData() == "practitioner-family"
    assert "down" in tab.chart.summary.text()

    # Filters: by words, and only families with alerts.
    qtbot.keyClicks(tab.search, "walsh")
    assert tab.proxy.rowCount() == 1
    tab.search.clear()
    tab.only_alerts.click()
    assert tab.proxy.rowCount() == 2
    tab.only_alerts.click()
    tab.closed_too.click()
    assert tab.proxy.rowCount() == 12

    # Double-click (or Open family) goes to the family's page.
    with qtbot.waitSignal(win.ctx.open_requested) as opened:
        qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    family_id = tab.family_id
    assert opened.args == ["families", family_id]
    assert win.workspace.current_key() == "families"


def test_the_board_counts_barriers_and_compares_check_ins_before_and_after(
    qtbot,  # noqa: ANN001
    supervisor,  # noqa: ANN001
) -> None:
    win = supervisor
    tab = shown(qtbot, win, BarriersBoardTab)
    qtbot.waitUntil(lambda: tab.board is not None, timeout=5000)

    categories = {
        tab.category_model.index(r, 0).data(): tab.category_model.index(r, 1).data()
        for r in range(tab.category_model.rowCount())
    }
    assert len(categories) == 7 and set(categories.values()) == {"1"}
    months = [tab.month_model.index(r, 1).data() for r in range(tab.month_model.rowCount())]
    assert sum(int(m) for m in months) == 7
    assert tab.barrier_model.rowCount() == 7

    # The first barrier is chosen; its visits are listed and open the visit.
    assert tab.visit_model.rowCount() >= 1
    visit = tab.visit_table.currentIndex().data(ROW_ROLE)
    with qtbot.waitSignal(win.ctx.open_requested) as opened:
        qtbot.mouseClick(tab.open_visit_button, Qt.MouseButton.LeftButton)
    assert opened.args == ["visits", visit.visit_id]

    # A change test that has started shows its stages and the before/after averages.
    card = tab.test_table.currentIndex().data(ROW_ROLE)
    assert card.comparisons
    assert "Plan" in tab.pdsa.text() and "Measure" in tab.pdsa.text()
    words = tab.compared.text()
    assert words.startswith("Compared: every check-in")
    assert "months before" in words and "average" in words
    periods = {
        tab.month_average_model.index(r, 2).data()
        for r in range(tab.month_average_model.rowCount())
    }
    assert periods == {"Before", "After"}

    planned = row_of(tab.test_table, "Conversation first, assessment form later")
    tab.test_table.selectRow(planned)
    assert "check-ins can be compared once it has begun" in tab.compared.text()
    assert not tab.month_average_table.isVisible()


def test_a_supervisors_today_is_what_waits_for_them_across_the_team(qtbot, supervisor) -> None:  # noqa: ANN001
    from relapp.ui.views.supervision_page import SupervisionPage

    win = supervisor
    win.go_to("today")
    today = win.workspace.pages["today"]
    qtbot.waitUntil(lambda: today.summary is not None, timeout=10_000)
    titles = [s.heading.text() for s in today.sections if s.isVisible()]
    assert titles[0].startswith("Waiting for your review (")
    assert any(t.startswith("Supervision due") for t in titles)
    assert any("Alerts across the team" in t for t in titles)
    assert not any(t.startswith("Drafts to finish") for t in titles)  # a practitioner's
    waiting = today.waiting
    first = waiting.rows()[0]
    assert waiting.model.index(0, 0).data() == first.practitioner
    # Enter on a waiting reflection opens it for review on the Supervision page.
    waiting.table.setFocus()
    waiting.table.setCurrentIndex(waiting.model.index(0, 0))
    qtbot.keyClick(waiting.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.workspace.current_key() == "supervision", timeout=5000)
    page = win.workspace.pages["supervision"]
    assert isinstance(page, SupervisionPage)
    assert page.tab_keys[page.tabs.currentIndex()] == "review"
    # A row of "Supervision due" opens the sessions tab.
    win.go_to("today")
    today.sessions_due.on_open(today.sessions_due.rows()[0])
    assert page.tab_keys[page.tabs.currentIndex()] == "sessions"


def test_at_the_smallest_window_nothing_needs_scrolling_sideways(qtbot, supervisor) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QScrollArea

    win = supervisor
    win.resize(900, 760)
    qtbot.wait(50)

    def sideways(view) -> bool:  # noqa: ANN001
        bar = view.horizontalScrollBar()
        return bar.isVisible() and bar.maximum() > 0

    for key in ("families", "checkins"):
        win.go_to(key)
        page = win.workspace.pages[key]
        qtbot.waitUntil(lambda page=page: page.model.rowCount() > 0, timeout=5000)
        qtbot.wait(50)
        assert not sideways(page.table), key
    win.go_to("supervision")
    page = win.workspace.pages["supervision"]
    bar = page.tabs.tabBar()
    assert bar.sizeHint().width() <= page.tabs.width(), "supervision tabs cut"
    sessions = page.show_tab("sessions")
    qtbot.waitUntil(lambda: sessions.right.currentWidget() is sessions.editor_area, timeout=5000)
    qtbot.wait(50)
    area = sessions.editor_area
    assert isinstance(area, QScrollArea)
    assert not sideways(area), "the session editor scrolls sideways"
    assert not sideways(sessions.table)

"""Long lists are let go of while other pages are in front, and come back as they were."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from relapp.ui import workspace as workspace_module
from relapp.ui.app import build_window
from relapp.ui.views import checkins as checkins_page
from relapp.ui.views import reflections as reflections_page
from relapp.ui.views import visits as visits_page

VISITS = 6
CHECKINS = 3


@pytest.fixture
def window(qtbot, session, profile_dir, monkeypatch) -> Iterator[object]:
    records = session.records
    family = records.save(
        "family", {"reference": "F1", "display_name": "The Okafor family", "status": "active"}
    ).id
    records.save_many(
        ("visit", {"family_id": family, "when": f"2026-03-0{day}T10:00", "mode": "home"}, None)
        for day in range(1, VISITS + 1)
    )
    instrument = records.definitions.instruments["practitioner-family"]
    for day in range(1, CHECKINS + 1):
        records.save(
            "checkin",
            {
                "family_id": family,
                "instrument_id": instrument.id,
                "respondent": "practitioner",
                "when": f"2026-03-0{day}T11:00",
                "scores": {item.id: 3 for item in instrument.items},
            },
        )
    records.save_reflection_draft(
        {"template_id": "gibbs", "title": "A short list", "sections": {"description": "We met."}}
    )
    # Six visits count as a long list here; the reflections list stays short.
    monkeypatch.setattr(visits_page, "LONG_LIST_ROWS", 5)
    monkeypatch.setattr(checkins_page, "LONG_LIST_ROWS", 2)
    assert reflections_page.LONG_LIST_ROWS > 1
    win = build_window(profile_dir)
    qtbot.addWidget(win)
    win.show()
    win.open_workspace(session)
    yield win
    win.ctx.runner.wait_idle()
    if win.ctx.session is not None:
        win.lock()
    win.ctx.runner.wait_idle()


def test_a_long_list_is_let_go_of_two_pages_later_and_reloads_with_its_selection(qtbot, window):
    ws = window.workspace
    visits = ws.show_page("visits")
    qtbot.waitUntil(lambda: len(visits.model.rows) == VISITS)
    visits._select(visits.model.rows[3].id)
    chosen = visits.selected_id()
    assert chosen == visits.model.rows[3].id

    reflections = ws.show_page("reflections")
    qtbot.waitUntil(lambda: len(reflections.model.rows) == 1)
    assert len(visits.model.rows) == VISITS  # the page before is kept: going back is instant

    ws.show_page("families")
    assert visits.model.rows == []  # two pages later, the long list is let go of
    assert len(reflections.model.rows) == 1  # a short one is kept

    ws.show_page("visits")
    qtbot.waitUntil(lambda: len(visits.model.rows) == VISITS)
    assert visits.selected_id() == chosen


def test_the_pages_kept_are_the_ones_shown_last(qtbot, window, monkeypatch):
    released: list[str] = []
    ws = window.workspace
    for key in ("today", "visits", "reflections", "families"):
        page = ws.show_page(key)
        monkeypatch.setattr(page, "release", lambda key=key: released.append(key), raising=False)
    # Each show asks every page but the two shown last (a released page ignores it).
    assert released == ["today", "visits", "today"]
    released.clear()
    ws.show_page("visits")  # back to an older page: the one before it is kept
    assert released == ["reflections", "today"]
    assert workspace_module.KEEP_LOADED == 2


def test_the_check_ins_list_is_let_go_of_and_reloads_with_its_selection(qtbot, window):
    ws = window.workspace
    page = ws.show_page("checkins")
    qtbot.waitUntil(lambda: len(page.model.rows) == CHECKINS)
    page._select(page.model.rows[1].id)
    chosen = page._current_row().id
    ws.show_page("today")
    ws.show_page("families")
    assert page.model.rows == []
    ws.show_page("checkins")
    qtbot.waitUntil(lambda: len(page.model.rows) == CHECKINS)
    assert page._current_row().id == chosen


def test_family_choices_dropped_with_a_released_list_are_loaded_again(qtbot, window):
    ws = window.workspace
    visits = ws.show_page("visits")
    qtbot.waitUntil(lambda: len(visits.model.rows) == VISITS)
    qtbot.waitUntil(lambda: not window.ctx.runner.busy)
    # A family arrives while Visits is in front (its load of the family choices starts)...
    added = window.ctx.session.records.save(
        "family", {"reference": "F2", "display_name": "The Brennan family", "status": "active"}
    )
    window.ctx.records_changed.emit("family")
    # ... and the person moves two pages on before that load is back: it is dropped.
    ws.show_page("reflections")
    ws.show_page("families")
    assert visits.model.rows == []
    ws.show_page("visits")
    qtbot.waitUntil(lambda: len(visits.model.rows) == VISITS)
    qtbot.waitUntil(lambda: not window.ctx.runner.busy)
    choices = [visits.family_filter.itemData(i) for i in range(visits.family_filter.count())]
    assert added.id in choices


def test_the_reflections_filter_finds_text_at_once_and_says_so_when_it_cannot(
    qtbot, window, monkeypatch
):
    from relapp.services.search import SearchService

    page = window.workspace.show_page("reflections")
    qtbot.waitUntil(lambda: len(page.model.rows) == 1)
    # Search is ready at unlock: a word of the text finds it, with nothing to wait for.
    page.text_filter.setText("met")
    qtbot.waitUntil(
        lambda: not page._text_timer.isActive() and not page.model.loading and page.model.total == 1
    )
    assert page.model.rowCount() == 1

    def broken(self, kind, text):  # noqa: ANN001
        raise RuntimeError("the database could not be read")

    monkeypatch.setattr(SearchService, "words_in", broken)
    page.text_filter.setText("zebra")
    qtbot.waitUntil(
        lambda: not page._text_timer.isActive() and not page.model.loading and page.model.total == 0
    )
    assert "not available" in page.empty_label.text()
    assert "still preparing" not in page.empty_label.text()
    page.text_filter.setText("short")  # a word of the title still finds it
    qtbot.waitUntil(
        lambda: not page._text_timer.isActive() and not page.model.loading and page.model.total == 1
    )
    assert page.model.rowCount() == 1
    if window.ctx.session is not None:
        window.lock()
    window.ctx.runner.wait_idle()


def test_the_visits_list_shows_one_screen_and_fetches_more_as_it_scrolls(
    qtbot, window, monkeypatch
):
    """The first page is all that is read at first; scrolling to the end reads the next, on
    a worker, until every row is there; a click on a header asks for the first page in the
    new order."""
    from relapp.ui import models

    monkeypatch.setattr(models, "FIRST_PAGE", 2)
    visits = window.workspace.show_page("visits")  # its first page is read on a worker
    sizes: list[int] = []
    visits.model.loaded.connect(lambda _first: sizes.append(len(visits.model.rows)))
    qtbot.waitUntil(lambda: visits.model.total == VISITS and not visits.model.loading)
    assert sizes[0] == 2  # one page at a time (the view asks for more to fill its screen)
    assert visits.count_label.text() == f"{VISITS} visits"
    for _ in range(VISITS):
        if len(visits.model.rows) == VISITS:
            break
        visits.table.scrollToBottom()
        visits.model.fetchMore()  # what the view asks for at the end of its scroll range
        qtbot.waitUntil(lambda: not visits.model.loading)
    days = [r.when.day for r in visits.model.rows]
    assert days == list(range(VISITS, 0, -1))  # newest first, each once
    visits.table.sortByColumn(0, models.Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not visits.model.loading and visits.model.rows[0].when.day == 1)
    days = [r.when.day for r in visits.model.rows]
    assert days == sorted(days) and len(set(days)) == len(days)

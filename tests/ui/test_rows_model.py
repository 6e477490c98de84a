"""RowsModel sorts itself (one list.sort) and RowsProxy hands sorting to it; pages shown again
reload only after a change."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QTableView

from relapp.services.demo import build_demo_profile
from relapp.ui.models import ROW_ROLE, SORT_ROLE, Column, RowsModel, RowsProxy
from relapp.ui.settings import LAST_PAGE

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


@dataclass(frozen=True)
class Row:
    id: str
    number: float | None
    text: str | None


COLUMNS = [
    Column("Number", lambda r: r.number),
    Column("Text", lambda r: r.text),
]


def rows(n: int = 300, seed: int = 7) -> list[Row]:
    rng = random.Random(seed)
    return [
        Row(
            str(i),
            rng.choice([None, 1, 2.5, 3, 7]),
            rng.choice([None, "apple", "Apple", "banana", "Cherry", "cherry", "é"]),
        )
        for i in range(n)
    ]


def ids(model) -> list[str]:
    return [model.index(i, 0).data(ROW_ROLE).id for i in range(model.rowCount())]


def table(qtbot, proxy: QSortFilterProxyModel, column: int, order: Qt.SortOrder) -> QTableView:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(column, order)
    return view


@pytest.mark.parametrize("column", [0, 1])
@pytest.mark.parametrize("order", [ASC, DESC])
@pytest.mark.parametrize("case", [Qt.CaseSensitivity.CaseSensitive, Qt.CaseInsensitive])
def test_rows_proxy_orders_rows_as_a_sorting_proxy_does(qtbot, column, order, case):
    """Same order as QSortFilterProxyModel on SORT_ROLE, ties and empty values included."""
    reference_model, model = RowsModel(COLUMNS), RowsModel(COLUMNS)
    reference = QSortFilterProxyModel()
    reference.setSortRole(SORT_ROLE)
    reference.setSourceModel(reference_model)
    proxy = RowsProxy()
    proxy.setSourceModel(model)
    for p in (reference, proxy):
        p.setSortCaseSensitivity(case)
    views = [table(qtbot, reference, column, order), table(qtbot, proxy, column, order)]
    for data in (rows(), list(reversed(rows())), rows(40, seed=3)):
        reference_model.set_rows(data)
        model.set_rows(data)
        assert ids(proxy) == ids(reference)
    assert proxy.sortColumn() == column and proxy.sortOrder() == order
    assert views[1].horizontalHeader().sortIndicatorSection() == column


def test_sorting_again_keeps_the_current_row_and_finds_rows_by_id(qtbot):
    model = RowsModel(COLUMNS)
    proxy = RowsProxy()
    proxy.setSourceModel(model)
    view = table(qtbot, proxy, 1, ASC)
    model.set_rows(rows())
    view.setCurrentIndex(proxy.index_of("17"))
    assert view.currentIndex().data(ROW_ROLE).id == "17"
    view.sortByColumn(0, DESC)
    assert view.currentIndex().data(ROW_ROLE).id == "17"
    assert proxy.index_of("17").row() == view.currentIndex().row()
    assert not proxy.index_of("no such row").isValid()
    model.set_rows([r for r in rows() if r.id != "17"])
    assert not proxy.index_of("17").isValid()


def test_a_value_that_cannot_be_read_or_compared_does_not_stop_the_list(qtbot):
    def odd(row: Row) -> object:
        if row.id == "3":
            raise ValueError("unreadable")
        return row.text if int(row.id) % 2 else row.number

    model = RowsModel([Column("Odd", odd)])
    model.sort(0, ASC)
    model.set_rows(rows(20))
    assert sorted(r.id for r in model.rows) == sorted(r.id for r in rows(20))


def test_a_model_that_assigns_its_rows_itself_still_sorts_them(qtbot):
    model = RowsModel(COLUMNS)
    model.set_rows(rows(10))
    model.beginResetModel()
    model.rows = [Row("b", 2, "x"), Row("a", 1, "y")]
    model.endResetModel()
    assert model.row_of("a") == 1
    model.sort(0, ASC)
    assert [r.id for r in model.rows] == ["a", "b"]
    assert model.row_of("a") == 0


# ---- pages shown again --------------------------------------------------------------------


@pytest.fixture
def demo(qtbot, tmp_path: Path) -> Iterator[object]:
    from relapp.ui.app import build_window

    folder = tmp_path / "p"
    session = build_demo_profile(folder)
    window = build_window(folder)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.ctx.settings.set(LAST_PAGE, "today")
    window.open_workspace(session)
    yield window
    if window.ctx.session is not None:
        window.lock()
    window.ctx.runner.wait_idle()


def counted_reads(ctx, monkeypatch) -> list[object]:  # noqa: ANN001
    """The reads the runner is asked for from now on. A list that shows one screen at a time
    may read its next screen when shown (to fill the view): that is not a reload, and is not
    counted."""
    reads: list[object] = []
    real_read = ctx.runner.read

    def counting_read(*args, **kwargs):
        if "next_page" not in getattr(args[0], "__qualname__", ""):
            reads.append(args[0])
        return real_read(*args, **kwargs)

    monkeypatch.setattr(ctx.runner, "read", counting_read)
    return reads


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("visits", "visit"),
        ("families", "family"),
        ("reflections", "reflection"),
        ("checkins", "checkin"),
        ("barriers", "barrier"),
    ],
)
def test_a_page_shown_again_reloads_only_after_a_change(qtbot, demo, monkeypatch, key, kind):
    ctx = demo.ctx
    page = demo.workspace.show_page(key)

    def idle() -> bool:
        # A paged list reads its count after its rows: the runner is briefly idle between.
        model = getattr(page, "model", None)
        return not ctx.runner.busy and not getattr(model, "loading", False)

    qtbot.waitUntil(idle, timeout=5000)
    qtbot.wait(50)
    qtbot.waitUntil(idle, timeout=5000)
    reads = counted_reads(ctx, monkeypatch)
    demo.workspace.show_page("today")
    qtbot.waitUntil(lambda: not ctx.runner.busy, timeout=5000)
    reads.clear()
    assert demo.workspace.show_page(key) is page
    assert reads == []  # nothing changed: the rows on screen are still right

    demo.workspace.show_page("today")
    qtbot.waitUntil(lambda: not ctx.runner.busy, timeout=5000)
    ctx.records_changed.emit(kind)  # while hidden: only noted
    qtbot.waitUntil(lambda: not ctx.runner.busy, timeout=5000)
    reads.clear()
    demo.workspace.show_page(key)
    assert len(reads) == 1
    qtbot.waitUntil(lambda: not ctx.runner.busy, timeout=5000)


def test_the_page_in_front_at_a_lock_is_in_front_at_the_next_unlock(qtbot, demo, tmp_path):
    """Kept at the lock: switching pages writes no setting (a file flushed to disk, on the
    UI thread, at every click)."""
    from relapp.services.demo import DEMO_PASSPHRASE

    settings = demo.ctx.settings
    demo.workspace.show_page("families")
    demo.workspace.show_page("reflections")
    assert settings.get(LAST_PAGE) == "today"
    demo.lock()
    assert settings.get(LAST_PAGE) == "reflections"
    demo.gate.passphrase.setText(DEMO_PASSPHRASE)
    demo.gate.try_unlock()
    qtbot.waitUntil(lambda: demo.workspace is not None, timeout=20_000)
    assert demo.workspace.current_key() == "reflections"


@pytest.mark.parametrize(
    ("key", "kind"),
    [("visits", "visit"), ("families", "family"), ("reflections", "reflection")],
)
def test_a_hidden_page_reads_its_changed_records_while_the_app_is_idle(
    qtbot, demo, monkeypatch, key, kind
):
    """Sync brings a record while another page is in front: the page that shows it reads it
    again once the app is idle, and the click on it then reads nothing."""
    ctx, workspace = demo.ctx, demo.workspace
    page = workspace.show_page(key)
    workspace.show_page("today")
    qtbot.waitUntil(lambda: workspace.settled and not ctx.runner.busy, timeout=20_000)
    reads = counted_reads(ctx, monkeypatch)
    ctx.records_changed.emit(kind)
    assert not workspace.settled  # a read is owed
    qtbot.waitUntil(lambda: workspace.settled and not ctx.runner.busy, timeout=5000)
    assert reads and not page.fresh.due  # read in the background, while hidden
    assert not page.isVisible()
    reads.clear()
    assert workspace.show_page(key) is page
    qtbot.waitUntil(lambda: not ctx.runner.busy, timeout=5000)
    assert reads == []


def test_a_page_let_go_of_is_not_read_again_in_the_background(qtbot, demo, monkeypatch):
    """A page that let go of its long list while others were in front reads it when shown,
    not in the background; the pages holding rows catch up."""
    import relapp.ui.views.visits as visits_view

    monkeypatch.setattr(visits_view, "LONG_LIST_ROWS", 1)  # the demo's list counts as long
    ctx, workspace = demo.ctx, demo.workspace
    for key in ("visits", "families", "reflections", "today"):
        workspace.show_page(key)
        qtbot.waitUntil(lambda: not ctx.runner.busy, timeout=5000)
    qtbot.waitUntil(lambda: workspace.settled and not ctx.runner.busy, timeout=20_000)
    assert not workspace.pages["visits"].fresh.holding  # let go of, two pages back
    preloaded: list[str] = []
    for key in ("visits", "reflections"):
        page = workspace.pages[key]
        monkeypatch.setattr(page, "preload", lambda key=key: preloaded.append(key))
    ctx.records_changed.emit("visit")
    ctx.records_changed.emit("reflection")
    qtbot.waitUntil(lambda: workspace.settled, timeout=5000)
    assert preloaded == ["reflections"]

"""The supervisor's Reports tab on the demo team's supervisor laptop: a supervision pack, the
learning report and an analysts' CSV, each made on the write worker, never the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from relapp.services import reports
from relapp.services.demo import DEMO_PASSPHRASE
from relapp.services.demo_team import build_demo_team, profile_folder
from relapp.services.profile import unlock_profile
from relapp.ui.app import build_window
from relapp.ui.supervision.reports import ReportsTab


@pytest.fixture
def supervisor(qtbot, tmp_path: Path) -> Iterator[object]:  # noqa: ANN001
    folder = profile_folder(build_demo_team(tmp_path / "demo"), "supervisor")
    session = unlock_profile(folder, DEMO_PASSPHRASE)
    win = build_window(folder)
    qtbot.addWidget(win)
    win.show()
    win.open_workspace(session)
    yield win
    win.ctx.runner.wait_idle()
    win.lock()


@pytest.fixture
def tab(qtbot, supervisor) -> ReportsTab:  # noqa: ANN001
    widget = ReportsTab(supervisor.ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()  # showing it loads the practitioners and change tests
    qtbot.waitUntil(lambda: widget.practitioner.count() == 1, timeout=5000)
    qtbot.waitUntil(lambda: bool(widget.excerpts.count()), timeout=5000)
    return widget


def finished(qtbot, tab: ReportsTab, path: Path) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: tab.task is None, timeout=15000)
    assert path.exists(), tab.message.text()


def test_the_pack_is_made_on_the_worker_and_saved_as_pdf(
    qtbot, tab: ReportsTab, tmp_path: Path, monkeypatch
) -> None:
    from relapp.ui import pdf

    threads: list[threading.Thread] = []
    original = pdf.write_pack_pdf

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(pdf, "write_pack_pdf", spy)
    assert tab.practitioner.currentText() == "Alex Morgan (demo)"
    target = tmp_path / "pack.pdf"
    task = tab.export_pack_to(target)
    assert task is not None
    assert not tab.pack_button.isEnabled() and tab.progress.isVisible()  # busy meanwhile
    finished(qtbot, tab, target)
    assert threads and threads[0] is not threading.main_thread()
    assert tab.message.text().startswith("Saved the supervision pack for Alex Morgan (demo)")
    assert tab.open_button.isVisibleTo(tab) and tab.pack_button.isEnabled()
    assert not tab.progress.isVisibleTo(tab)
    reader = PdfReader(str(target))
    assert len(reader.pages) > 2
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Supervision pack" in first and "Alex Morgan (demo)" in first


def test_the_button_asks_where_to_save(qtbot, tab: ReportsTab, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "chosen"
    asked: list[str] = []

    def choose(_parent, _title, suggested, _filters):  # noqa: ANN001, ANN202
        asked.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    tab.pack_period.start.setDate(QDate.currentDate().addDays(-13))
    qtbot.mouseClick(tab.pack_button, Qt.MouseButton.LeftButton)
    saved = target.with_suffix(".pdf")
    finished(qtbot, tab, saved)
    assert Path(asked[0]).name.startswith("Supervision pack - Alex Morgan (demo) - ")
    assert PdfReader(str(saved)).pages


def test_learning_report_with_one_ticked_excerpt_and_its_csv_tables(
    qtbot, tab: ReportsTab, supervisor, tmp_path: Path
) -> None:
    # Only whole calendar quarters that have ended, the latest first.
    latest = reports.learning_periods(None, date.today())[0]
    assert tab.learning_dates() == (latest.start, latest.end)
    assert tab.learning_quarter.currentText() == reports.disclosure.quarter_label(latest)
    qtbot.waitUntil(lambda: tab.learning_quarter.count() >= 2, timeout=5000)
    choices = reports.change_test_choices(supervisor.ctx.session, *tab.learning_dates())
    assert tab.excerpts.count() == len(choices) >= 1
    assert tab.included_excerpts() == []  # nothing included unless ticked
    chosen = choices[0]
    others = [
        r.data["title"]
        for r in supervisor.ctx.session.records.list("change_test")
        if r.id != chosen.id
    ]
    item = tab.excerpts.item(0)
    assert item.data(Qt.ItemDataRole.UserRole) == chosen.id
    item.setCheckState(Qt.CheckState.Checked)
    assert tab.included_excerpts() == [chosen.id]

    target = tmp_path / "learning.html"
    tab.export_learning_to(target, "html")
    finished(qtbot, tab, target)
    text = target.read_text(encoding="utf-8")
    assert chosen.title in text and not any(title in text for title in others)
    assert "fewer than 5" in text
    for path in reports.learning_csv_paths(target).values():
        assert path.exists()
    assert "4 CSV tables" in tab.message.text()

    pdf_target = tmp_path / "learning.pdf"
    tab.export_learning_to(pdf_target, "pdf")
    finished(qtbot, tab, pdf_target)
    reader = PdfReader(str(pdf_target))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape


def test_analysts_csv_and_a_failure_in_words(qtbot, tab: ReportsTab, tmp_path: Path) -> None:
    target = tmp_path / "barriers.csv"
    tab.export_csv_to(target, "barriers")
    finished(qtbot, tab, target)
    header = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",") == list(reports.ANALYST_COLUMNS["barriers"])
    assert "reference codes" not in tab.message.text()

    tab.export_csv_to(tmp_path / "missing" / "checkins.csv", "checkins")
    qtbot.waitUntil(lambda: tab.task is None, timeout=5000)
    assert "does not exist" in tab.message.text()
    assert "Traceback" not in tab.message.text()
    assert tab.csv_button.isEnabled()


def test_period_ending_before_it_starts_is_refused(tab: ReportsTab, tmp_path: Path) -> None:
    tab.pack_period.start.setDate(QDate.currentDate().addDays(3))
    assert tab.export_pack_to(tmp_path / "x.pdf") is None
    assert tab.message.text() == "The period ends before it starts."


def test_every_control_has_an_accessible_name(tab: ReportsTab) -> None:
    for widget in tab.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(tab):
            if widget.metaObject().className() in (
                "QScrollArea",
                "QScrollBar",
                "QWidget",
                "QCalendarWidget",
                "QToolButton",
            ):
                continue
            if widget.parent() is not None and widget.parent().metaObject().className() in (
                "QDateEdit",
                "QComboBox",
                "QSpinBox",
            ):
                continue
            assert widget.accessibleName(), widget.metaObject().className()


def test_a_quarter_of_mostly_fewer_than_5_says_so_and_the_quarter_column_helps(
    qtbot, tab: ReportsTab, tmp_path: Path
) -> None:
    # The demo team is small: by month, most of a quarter's figures read "fewer than 5".
    qtbot.waitUntil(lambda: tab.grouping_advice.isVisible(), timeout=15_000)
    assert "Shown for the whole quarter instead" in tab.grouping_advice.text()
    tab.learning_grouping.setCurrentIndex(tab.learning_grouping.findData("quarter"))
    qtbot.waitUntil(
        lambda: "Shown for the whole quarter" not in tab.grouping_advice.text(), timeout=15_000
    )
    target = tmp_path / "by-quarter.html"
    tab.export_learning_to(target, "html")
    finished(qtbot, tab, target)
    text = target.read_text(encoding="utf-8")
    assert "Barriers noticed, by category and quarter" in text
    assert "Check-in averages by quarter" in text

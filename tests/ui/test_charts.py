"""The trend chart, painted with QPainter (relapp.ui.trend_paint) rather than QtCharts, checked
through its real layout and its real pixels: another family's series replaces the first's
entirely, date labels fit side by side at any width, the alert line is drawn in the alert colour
with its label clear of every point, a legend names whose ratings these are, and a point's words
come with the pointer or the arrow keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QToolTip

from relapp.assets import resources_dir
from relapp.domain.definitions import load_definitions
from relapp.ui.charts import TrendChart
from relapp.ui.formatting import alert_colour
from relapp.ui.paper_charts import IMAGE_SCALE, paint_trend
from relapp.ui.trend_paint import ChartStyle, TrendData, TrendLayout, lay_out


@dataclass
class Point:
    when: datetime
    score: float
    respondent: str


def instrument():
    definitions = load_definitions(resources_dir())
    return definitions.instruments["practitioner-family"]  # 1 to 5, alert below 3


def drawn(qtbot, points: list[Point], size: tuple[int, int] = (700, 360)) -> TrendChart:
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(*size)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_series(instrument(), points)
    chart.view.clearFocus()  # no focus ring, as on a page where something else has the focus
    return chart


def weekly(start: datetime, count: int, who: str = "practitioner", step: int = 7) -> list[Point]:
    return [Point(start + timedelta(days=step * i), 3 + (i % 3) * 0.5, who) for i in range(count)]


def laid_out(chart: TrendChart) -> TrendLayout:
    return chart.view.chart_layout()


def close_to(colour: QColor, wanted: QColor, tolerance: int = 60) -> bool:
    return (
        abs(colour.red() - wanted.red())
        + abs(colour.green() - wanted.green())
        + abs(colour.blue() - wanted.blue())
        <= tolerance
    )


def alert_columns(image: QImage, y: float, left: float, right: float, ratio: float) -> float:
    """The share of the columns from left to right with the (light) alert colour within a pixel
    or two of row y (all in layout pixels; the image has `ratio` pixels to each)."""
    red = QColor("#b3261e")
    columns = range(round(left * ratio) + 2, round(right * ratio) - 2)
    rows = range(round((y - 2) * ratio), round((y + 2) * ratio) + 1)
    hits = sum(any(close_to(image.pixelColor(x, r), red) for r in rows) for x in columns)
    return hits / len(columns)


def test_another_familys_series_replaces_the_first_entirely(qtbot) -> None:
    base = datetime(2026, 9, 1)
    chart = drawn(qtbot, weekly(base, 8))
    chart.grab()  # painted once, as on screen

    later = base + timedelta(days=30)
    second = [
        Point(later + timedelta(days=3 * i), 2 + (i % 4) * 0.6, ("parent", "practitioner")[i % 2])
        for i in range(6)
    ]
    chart.set_series(instrument(), second)
    chart.resize(520, 340)
    chart.grab()
    chart.resize(760, 380)

    assert set(chart.respondent_series) == {"parent", "practitioner"}
    assert [when for when, _ in chart.respondent_series["parent"]] == [
        p.when for p in second if p.respondent == "parent"
    ]
    assert chart.threshold_series is not None
    assert chart.threshold_series[0][0] > base + timedelta(days=20)  # from late September
    fresh = drawn(qtbot, second, (760, 380))
    assert [label.text for label in laid_out(chart).x_labels] == [
        label.text for label in laid_out(fresh).x_labels
    ]
    assert laid_out(chart).points == laid_out(fresh).points
    # Exactly what a chart drawn for the second family alone shows, pixel for pixel.
    assert chart.grab().toImage() == fresh.grab().toImage()


@pytest.mark.parametrize("span_days", [6, 70, 240, 1100])
def test_date_labels_fit_side_by_side_and_follow_a_resize(qtbot, span_days: int) -> None:
    start = datetime(2026, 1, 5)
    points = weekly(start, 2, step=span_days)
    chart = drawn(qtbot, points, (900, 340))
    shown = {}
    for width in (900, 300):
        chart.resize(width, 340)
        layout = laid_out(chart)
        assert layout.size == QSizeF(chart.view.size())  # laid out again for the new width
        labels = sorted(layout.x_labels, key=lambda label: label.rect.left())
        assert len(labels) >= 2, [label.text for label in labels]
        metrics = QFontMetricsF(chart.view.font(), chart.view)
        for label in labels:
            assert label.rect.width() >= metrics.horizontalAdvance(label.text)  # never "26 M…"
            assert label.rect.left() >= 0 and label.rect.right() <= chart.view.width()
        for one, next_one in zip(labels, labels[1:], strict=False):
            assert one.rect.right() < next_one.rect.left(), (one.text, next_one.text)
        shown[width] = [label.text for label in labels]
    assert len(shown[900]) >= len(shown[300])
    assert shown[900] != shown[300] or span_days == 6


def test_date_labels_fit_at_every_width_and_span(qtbot) -> None:
    """The layout alone, from a week to years and from 200 to 1200 pixels: labels side by side
    and inside the chart, at least two from 300 pixels on."""
    chart = TrendChart()
    qtbot.addWidget(chart)
    metrics = QFontMetricsF(chart.font())
    style = ChartStyle(QPalette(), chart.font(), {"parent": "Parent"}, "Alert below 3")
    start = datetime(2025, 12, 20, 9)
    for span in (0, 1, 6, 13, 20, 45, 100, 200, 400, 800, 2000):
        points = [Point(start, 3, "parent"), Point(start + timedelta(days=span), 2, "parent")]
        data = TrendData.of(instrument(), points)
        for width in range(200, 1201, 25):
            labels = lay_out(data, style, QSizeF(width, 300), metrics).x_labels
            assert labels, (span, width)
            assert len(labels) >= 2 or width < 300, (span, width, [x.text for x in labels])
            assert all(a.rect.right() < b.rect.left() for a, b in pairwise(labels))
            assert all(x.rect.left() >= 0 and x.rect.right() <= width for x in labels)


def test_the_alert_line_is_drawn_in_the_alert_colour_at_its_level(qtbot) -> None:
    chart = drawn(qtbot, weekly(datetime(2026, 9, 1), 8))
    assert alert_colour(chart.view.palette()) == QColor("#b3261e")  # a light palette
    layout = laid_out(chart)
    plot, y = layout.plot, layout.threshold_y
    assert chart.threshold_series is not None
    assert {level for _, level in chart.threshold_series} == {3.0}
    assert y == pytest.approx(plot.bottom() - (3 - 1) / 4 * plot.height())
    image = chart.view.grab().toImage()
    assert alert_columns(image, y, plot.left(), plot.right(), 1) > 0.4  # dashed, with its label
    high = plot.bottom() - (4.5 - 1) / 4 * plot.height()
    assert alert_columns(image, high, plot.left(), plot.right(), 1) < 0.05  # only there
    # In device-independent pixels: at twice the pixels the line is where it was, twice as far.
    hidpi = QPixmap(chart.view.size() * 2)
    hidpi.setDevicePixelRatio(2)
    chart.view.render(hidpi)
    assert alert_columns(hidpi.toImage(), y, plot.left(), plot.right(), 2) > 0.4


def test_the_alert_label_is_beside_the_line_and_clear_of_every_point(qtbot) -> None:
    base = datetime(2026, 8, 29)
    # Points away from the line at its left end: the label goes above it there.
    low = [
        Point(base + timedelta(days=7 * i), 1.2 + (i % 2) * 0.3, "practitioner") for i in range(8)
    ]
    layout = laid_out(drawn(qtbot, low))
    label = layout.threshold_label
    assert label is not None and label.text == "Alert below 3"
    assert label.rect.bottom() <= layout.threshold_y
    assert label.rect.left() < layout.plot.center().x()

    # Points sitting on the alert line at both ends, where the label would go first.
    on_the_line = weekly(base, 8)
    chart = drawn(qtbot, on_the_line)
    layout = laid_out(chart)
    label = layout.threshold_label
    assert label is not None and layout.plot.contains(label.rect)
    assert abs(label.rect.center().y() - layout.threshold_y) < label.rect.height() * 1.5
    near = label.rect.adjusted(-3, -3, 3, 3)
    for points in layout.points.values():
        for point in points:
            assert not near.contains(point)
    assert layout.points["practitioner"][0].y() == pytest.approx(layout.threshold_y)


def test_the_legend_names_whose_ratings_even_for_one_person(qtbot) -> None:
    points = [Point(datetime(2026, 9, 1) + timedelta(days=9 * i), 4.0, "parent") for i in range(4)]
    chart = drawn(qtbot, points, (600, 340))
    legend = laid_out(chart).legend
    assert [entry.label.text for entry in legend] == ["Parent"]
    # Painted: the name's box holds text-coloured pixels, below the plot.
    entry = legend[0]
    assert entry.label.rect.top() > laid_out(chart).plot.bottom()
    image = chart.view.grab().toImage()
    text = chart.view.palette().color(QPalette.ColorRole.Text)
    rect = entry.label.rect.toAlignedRect()
    inked = [
        (x, y)
        for x in range(rect.left(), rect.right())
        for y in range(rect.top(), rect.bottom())
        if close_to(image.pixelColor(x, y), text, 120)
    ]
    assert len(inked) > 20

    three = weekly(datetime(2026, 9, 1), 4)
    three += weekly(datetime(2026, 9, 3), 4, "parent") + weekly(datetime(2026, 9, 5), 4, "other")
    chart.set_series(instrument(), three)
    assert [e.label.text for e in laid_out(chart).legend] == [
        "Practitioner",
        "Parent",
        "Someone else",
    ]


def test_scores_on_a_long_scale_get_six_ticks_with_a_decimal(qtbot) -> None:
    chart = drawn(qtbot, weekly(datetime(2026, 9, 1), 3))
    assert [label.text for _, label in laid_out(chart).y_ticks] == ["1", "2", "3", "4", "5"]
    when = datetime(2026, 9, 1)
    data = TrendData(0, 40, 12, {"parent": [(when, 20.0)]}, when, when + timedelta(days=9))
    style = ChartStyle(QPalette(), chart.font(), {"parent": "Parent"}, "Alert below 12")
    layout = lay_out(data, style, QSizeF(400, 300), QFontMetricsF(chart.font()))
    assert [label.text for _, label in layout.y_ticks] == [
        "0.0",
        "8.0",
        "16.0",
        "24.0",
        "32.0",
        "40.0",
    ]


def test_dates_have_room_either_side() -> None:
    short = [Point(datetime(2026, 3, 1), 3, "parent"), Point(datetime(2026, 3, 11), 3, "parent")]
    data = TrendData.of(instrument(), short)
    assert (data.first, data.last) == (datetime(2026, 2, 26), datetime(2026, 3, 14))
    long = [Point(datetime(2025, 3, 1), 3, "parent"), Point(datetime(2026, 3, 1), 3, "parent")]
    data = TrendData.of(instrument(), long)
    assert data.first == datetime(2025, 3, 1) - timedelta(days=365 * 0.04)


def test_hovering_near_a_point_shows_its_words(qtbot) -> None:
    points = [
        Point(datetime(2020, 3, 4, 10), 2.8, "parent"),
        Point(datetime(2020, 3, 18, 10), 3.6, "practitioner"),
    ]
    chart = drawn(qtbot, points)
    parent = laid_out(chart).points["parent"][0]
    qtbot.mouseMove(chart.view, (parent + QPointF(3, -2)).toPoint())
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert QToolTip.text() == "Parent, 4 Mar 2020: 2.8"
    assert chart.view.hovered == ("parent", 0)

    between = (parent + laid_out(chart).points["practitioner"][0]) / 2
    qtbot.mouseMove(chart.view, (between + QPointF(0, 40)).toPoint())
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)
    assert chart.view.hovered is None


def test_the_plot_takes_the_keyboard_and_the_arrows_step_through_the_points(qtbot) -> None:
    points = [
        Point(datetime(2020, 3, 4), 2.8, "parent"),
        Point(datetime(2020, 3, 2), 3.2, "practitioner"),
        Point(datetime(2020, 3, 9), 3.6, "practitioner"),
    ]
    chart = drawn(qtbot, points)
    view = chart.view
    assert view.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert view.accessibleName() == f"{instrument().title}: trend chart"
    assert view.accessibleDescription() == chart.summary.text()
    assert chart.summary.accessibleName() == chart.summary.text()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)

    said = []
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Right):
        qtbot.keyClick(view, key)
        said.append(QToolTip.text())
    assert said == [
        "Practitioner, 2 Mar 2020: 3.2",
        "Parent, 4 Mar 2020: 2.8",
        "Practitioner, 9 Mar 2020: 3.6",
        "Practitioner, 9 Mar 2020: 3.6",  # stays on the last
    ]
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert QToolTip.text() == "Parent, 4 Mar 2020: 2.8" and QToolTip.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.current == ("practitioner", 0)
    # The chosen point is ringed: the painting changes.
    ringed = view.grab().toImage()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.current is None
    assert view.grab().toImage() != ringed


def test_it_follows_the_palette_and_an_empty_series_hides_the_plot(qtbot) -> None:
    chart = drawn(qtbot, weekly(datetime(2026, 9, 1), 5))
    inside = (laid_out(chart).plot.topLeft() + QPointF(3, 3)).toPoint()
    light = QApplication.palette()
    assert chart.view.grab().toImage().pixelColor(inside) == light.color(QPalette.ColorRole.Base)
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    # Set on the plot itself: with the app's style sheet, Qt does not pass a new application
    # palette on to child widgets.
    chart.view.setPalette(dark)
    image = chart.view.grab().toImage()
    assert image.pixelColor(inside) == QColor("#1e1e1e")
    label = laid_out(chart).y_ticks[-1][1].rect.toAlignedRect()
    pixels = [
        image.pixelColor(x, y)
        for x in range(label.left(), label.right())
        for y in range(label.top(), label.bottom())
    ]
    assert any(close_to(pixel, QColor("#e6e6e6")) for pixel in pixels)  # the labels in Text

    chart.set_series(instrument(), [])
    assert not chart.view.isVisible()
    blank = TrendChart()
    qtbot.addWidget(blank)
    blank.resize(400, 300)
    assert not blank.view.grab().isNull()  # shown before its first series: nothing drawn yet
    assert chart.summary.text() == "No check-ins with this instrument yet."
    assert chart.respondent_series == {}


def test_paper_charts_use_the_same_painter(qtbot) -> None:
    points = weekly(datetime(2026, 1, 5), 10) + weekly(datetime(2026, 1, 8), 5, "parent", 14)
    first, last = datetime(2026, 1, 1), datetime(2026, 4, 1)
    image = paint_trend(instrument(), points, first, last, 340, 165)
    assert (image.width(), image.height()) == (340 * IMAGE_SCALE, 165 * IMAGE_SCALE)
    # The alert line crosses the plot at its level, in the alert colour.
    top = image.height() * 0.1
    rows = [y for y in range(image.height()) if y > top]
    reds = {
        y: sum(close_to(image.pixelColor(x, y), QColor("#b3261e")) for x in range(image.width()))
        for y in rows
    }
    line = max(reds, key=reds.get)
    assert reds[line] > image.width() * 0.3


def test_no_relapp_module_imports_qtcharts() -> None:
    """Some 3 MB of shared libraries (libQt6Charts, its bindings, libQt6OpenGL) for one small
    line chart; tests/ui/test_startup.py checks a real session does not load it either."""
    package = Path(__file__).resolve().parents[2] / "relapp"
    imports = re.compile(
        r"^\s*(from|import)\s+PySide6(\.QtCharts\b|\s+import\s.*\bQtCharts\b)", re.M
    )
    users = [p.name for p in package.rglob("*.py") if imports.search(p.read_text(encoding="utf-8"))]
    assert users == []
    assert imports.search("from PySide6.QtCharts import QChart")  # the pattern finds one
    assert imports.search("from PySide6 import QtCore, QtCharts")

"""The trend chart redrawn for another family and resized, as on the Check-ins page: one set of
axes with the new dates only, a legend saying whose ratings these are, and the alert line's
label clear of every point."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCharts import QDateTimeAxis
from PySide6.QtCore import QRectF

from relapp.assets import resources_dir
from relapp.domain.definitions import load_definitions
from relapp.ui.charts import TrendChart


@dataclass
class Point:
    when: datetime
    score: float
    respondent: str


def instrument():
    definitions = load_definitions(resources_dir())
    return next(i for i in definitions.instruments.values() if i.alert)


def scene_items(chart: TrendChart) -> Counter:
    """What the chart's scene draws, by kind (axis labels are Qt-private text items)."""
    return Counter(type(item).__name__ for item in chart.view.scene().items() if item.isVisible())


def drawn(qtbot, points: list[Point], size: tuple[int, int]) -> TrendChart:
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(*size)
    chart.show()
    chart.set_series(instrument(), points)
    qtbot.wait(50)
    return chart


def test_another_family_and_a_resize_leave_one_set_of_axes(qtbot) -> None:
    base = datetime(2026, 9, 1)
    first = [
        Point(base + timedelta(days=7 * i), 3 + (i % 3) * 0.5, "practitioner") for i in range(8)
    ]
    chart = drawn(qtbot, first, (700, 360))
    chart.grab()  # painted once, as on screen

    later = base + timedelta(days=30)
    second = [
        Point(later + timedelta(days=3 * i), 2 + (i % 4) * 0.6, ("parent", "practitioner")[i % 2])
        for i in range(6)
    ]
    chart.set_series(instrument(), second)
    qtbot.wait(50)
    chart.resize(520, 340)
    qtbot.wait(50)
    chart.resize(760, 380)
    qtbot.wait(50)
    axes = chart.chart.axes()
    assert len(axes) == 2
    dates = [a for a in axes if isinstance(a, QDateTimeAxis)]
    assert len(dates) == 1 and dates[0].min().date().month() == 9  # 28 Sep, not August
    # Exactly what a chart drawn for the second family alone shows: no first family's dates.
    fresh = drawn(qtbot, second, (760, 380))
    assert chart.grab().toImage() == fresh.grab().toImage()


def test_the_legend_names_whose_ratings_even_for_one_person(qtbot) -> None:
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(600, 340)
    chart.show()
    points = [Point(datetime(2026, 9, 1) + timedelta(days=9 * i), 4.0, "parent") for i in range(4)]
    chart.set_series(instrument(), points)
    qtbot.wait(50)
    legend = chart.chart.legend()
    assert legend.isVisible()
    shown = [m.label() for m in legend.markers() if m.isVisible()]
    assert shown == ["Parent"]


def test_the_alert_label_is_clear_of_every_point(qtbot) -> None:
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(700, 360)
    chart.show()
    threshold = instrument().alert.threshold
    base = datetime(2026, 8, 29)
    # Points sitting on the alert line at both ends, where the label would go first.
    points = [
        Point(base + timedelta(days=7 * i), threshold + (i % 3) * 0.5, "practitioner")
        for i in range(8)
    ]
    chart.set_series(instrument(), points)
    qtbot.wait(50)
    label = chart.threshold_label
    assert label.isVisible()
    area = QRectF(label.pos(), label.boundingRect().size())
    for series in chart.respondent_series.values():
        for i in range(series.count()):
            assert not area.contains(chart.chart.mapToPosition(series.at(i), series))

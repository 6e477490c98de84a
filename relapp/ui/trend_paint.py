"""The check-in trend chart's one painter, for the screen (relapp.ui.charts.TrendChart) and for
paper (relapp.ui.paper_charts), so both look alike and there is one place to change them.

lay_out() says where everything goes at a size (the plot, the ticks and their labels, the alert
line and its label, every point, the legend) and paint() draws that, in the colours of a palette
and the size of a font. Coordinates are layout pixels: device-independent pixels on screen, and a
painter scaled by the caller for an image. QtGui only, no widgets: reports are painted on a
worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
)

from relapp.domain.definitions import RESPONDENTS, Instrument
from relapp.ui.formatting import alert_colour, is_dark

MAX_DATE_LABELS = 8
# Tick steps for the date axis, finest first: the finest whose labels fit is used.
DATE_STEPS: tuple[tuple[str, int], ...] = (
    ("day", 1),
    ("day", 2),
    ("day", 3),
    ("week", 1),
    ("week", 2),
    ("month", 1),
    ("month", 2),
    ("month", 3),
    ("month", 6),
    ("month", 12),
    ("month", 24),
    ("month", 60),
)


class ScorePoint(Protocol):
    """What a chart needs from a check-in (relapp.services.families.TrendPoint fits)."""

    @property
    def when(self) -> datetime: ...

    @property
    def score(self) -> float: ...

    @property
    def respondent(self) -> str: ...


def respondent_colour(palette: QPalette, respondent: str) -> QColor:
    if respondent == "practitioner":
        return palette.color(QPalette.ColorRole.Highlight)
    if respondent == "parent":
        return QColor("#e0b040") if is_dark(palette) else QColor("#8a5a00")
    return palette.color(QPalette.ColorRole.Text)


def level(value: float) -> str:
    """A threshold or scale point: 3, 2.5."""
    return QLocale.system().toString(round(float(value), 2), "g", 6)


def respondent_name(respondent: str) -> str:
    """Whose ratings a line shows, on screen and on paper: 'Practitioner', 'Parent'."""
    names = {
        "practitioner": QCoreApplication.translate("TrendChart", "Practitioner"),
        "parent": QCoreApplication.translate("TrendChart", "Parent"),
        "other": QCoreApplication.translate("TrendChart", "Someone else"),
    }
    return names.get(respondent, respondent.capitalize())


def respondent_order(respondent: str) -> int:
    return RESPONDENTS.index(respondent) if respondent in RESPONDENTS else len(RESPONDENTS)


@dataclass(frozen=True)
class TrendData:
    """What a chart shows: one instrument's scores by respondent between two moments."""

    low: float
    high: float
    threshold: float | None
    # respondent -> (when, score), oldest first; respondents in RESPONDENTS order.
    series: dict[str, list[tuple[datetime, float]]]
    first: datetime
    last: datetime

    @classmethod
    def of(
        cls,
        instrument: Instrument,
        points: Sequence[ScorePoint],
        first: datetime | None = None,
        last: datetime | None = None,
    ) -> TrendData:
        """Without first and last, the points' own dates with room either side: 4% of the
        span, and at least 3 days."""
        ordered = sorted(points, key=lambda p: p.when)
        series: dict[str, list[tuple[datetime, float]]] = {}
        for respondent in sorted({p.respondent for p in ordered}, key=_respondent_key):
            series[respondent] = [
                (p.when, float(p.score)) for p in ordered if p.respondent == respondent
            ]
        if first is None or last is None:
            start = ordered[0].when if ordered else datetime.combine(date.today(), time())
            end = ordered[-1].when if ordered else start
            pad = max((end - start) * 0.04, timedelta(days=3))
            first, last = start - pad, end + pad
        low, high = instrument.score_range
        threshold = instrument.alert.threshold if instrument.alert else None
        return cls(float(low), float(high), threshold, series, first, last)

    def in_time_order(self) -> list[tuple[str, int]]:
        """Every point as (respondent, index in its series), oldest first."""
        keyed = [
            (when, respondent_order(who), who, index)
            for who, own in self.series.items()
            for index, (when, _score) in enumerate(own)
        ]
        return [(who, index) for _when, _order, who, index in sorted(keyed)]


def _respondent_key(respondent: str) -> tuple[int, str]:
    return (respondent_order(respondent), respondent)


@dataclass(frozen=True)
class ChartStyle:
    """How a chart looks: the palette's Base, Mid, Text and Highlight, the font, and sizes in
    layout pixels."""

    palette: QPalette
    font: QFont
    names: Mapping[str, str]  # respondent -> the words in the legend
    threshold_text: str = ""  # "Alert below 3"
    line_width: float = 2.0
    marker_size: float = 8.0
    hairline: float = 1.0  # grid lines and frames
    panel: bool = True  # a rounded panel in Base with a Mid border (on screen; paper is white)

    def colour(self, role: QPalette.ColorRole) -> QColor:
        return self.palette.color(role)

    @property
    def grid(self) -> QColor:
        grid = QColor(self.colour(QPalette.ColorRole.Mid))
        grid.setAlpha(80)
        return grid

    @property
    def alert(self) -> QColor:
        return alert_colour(self.palette)

    def pen_for(self, respondent: str) -> QPen:
        """Practitioner solid, parent dashed, anyone else dotted: told apart without colour."""
        pen = QPen(respondent_colour(self.palette, respondent))
        pen.setWidthF(self.line_width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if respondent == "parent":
            pen.setStyle(Qt.PenStyle.DashLine)
        elif respondent != "practitioner":
            pen.setStyle(Qt.PenStyle.DotLine)
        return pen


@dataclass(frozen=True)
class Label:
    rect: QRectF
    text: str


@dataclass(frozen=True)
class LegendEntry:
    respondent: str
    sample: QRectF  # a short stretch of the respondent's line with its marker
    label: Label


@dataclass(frozen=True)
class TrendLayout:
    """Where everything goes for one size."""

    size: QSizeF
    panel: QRectF
    plot: QRectF
    y_ticks: list[tuple[float, Label]]
    x_grid: list[float]
    x_labels: list[Label]
    threshold_y: float | None
    threshold_label: Label | None
    points: dict[str, list[QPointF]]
    legend: list[LegendEntry]

    def point_near(self, at: QPointF, within: float) -> tuple[str, int] | None:
        """The point nearest to `at`, if one is within that distance, as (respondent, index)."""
        best: tuple[float, str, int] | None = None
        for who, own in self.points.items():
            for index, point in enumerate(own):
                distance = (point - at).manhattanLength()
                if distance <= within and (best is None or distance < best[0]):
                    best = (distance, who, index)
        return (best[1], best[2]) if best else None


def lay_out(
    data: TrendData, style: ChartStyle, size: QSizeF, metrics: QFontMetricsF
) -> TrendLayout:
    em = metrics.height()
    whole = QRectF(0, 0, size.width(), size.height())
    panel = whole.adjusted(0.5, 0.5, -0.5, -0.5)
    inset = round(em * 0.6) if style.panel else 4.0
    content = whole.adjusted(inset, inset, -inset, -inset)

    ticks = _score_ticks(data.low, data.high)
    y_texts = [_score_text(t, data.low, data.high) for t in ticks]
    gutter = max(metrics.horizontalAdvance(t) for t in y_texts) + em * 0.4
    legend_rows = _legend(data, style, metrics, content.left() + gutter, content.right())
    legend_height = max((e.sample.bottom() for e in legend_rows), default=0.0)
    bottom = em * 1.25 + (em * 0.4 + legend_height if legend_rows else 0.0)
    plot = QRectF(
        content.left() + gutter,
        content.top() + em * 0.5,
        max(1.0, content.width() - gutter - em * 0.25),
        max(1.0, content.height() - em * 0.5 - bottom),
    )
    legend = [_moved(entry, plot.bottom() + em * 1.25 + em * 0.4) for entry in legend_rows]

    span = max((data.last - data.first).total_seconds(), 1.0)

    def x_at(when: datetime) -> float:
        return plot.left() + (when - data.first).total_seconds() / span * plot.width()

    def y_at(score: float) -> float:
        return plot.bottom() - (score - data.low) / (data.high - data.low or 1) * plot.height()

    y_ticks = [
        (
            y_at(tick),
            Label(
                QRectF(content.left(), y_at(tick) - em / 2, gutter - em * 0.4, em),
                text,
            ),
        )
        for tick, text in zip(ticks, y_texts, strict=True)
    ]
    x_grid, x_labels = _date_axis(data, plot, content, metrics, x_at)
    points = {
        who: [QPointF(x_at(when), y_at(score)) for when, score in own]
        for who, own in data.series.items()
    }
    threshold_y = y_at(data.threshold) if data.threshold is not None else None
    threshold_label = None
    if threshold_y is not None and style.threshold_text:
        threshold_label = _place_threshold_label(
            style, metrics, plot, threshold_y, [p for own in points.values() for p in own]
        )
    return TrendLayout(
        size, panel, plot, y_ticks, x_grid, x_labels, threshold_y, threshold_label, points, legend
    )


def _score_ticks(low: float, high: float) -> list[float]:
    steps = int(high - low)
    if steps <= 10:
        return [low + i for i in range(steps + 1)]
    return [low + (high - low) * i / 5 for i in range(6)]


def _score_text(value: float, low: float, high: float) -> str:
    """Whole numbers on a scale of up to ten steps, else one decimal."""
    locale = QLocale.system()
    if int(high - low) <= 10:
        return locale.toString(round(value))
    return locale.toString(float(value), "f", 1)


def _place_threshold_label(
    style: ChartStyle,
    metrics: QFontMetricsF,
    plot: QRectF,
    line_y: float,
    points: list[QPointF],
) -> Label:
    """Beside the alert line, where no point is: above it at the left end if that is free
    (trends that dip usually do so recently, on the right), else below it, else at the right
    end; above at the left when none is free."""
    width = metrics.horizontalAdvance(style.threshold_text) + 4
    height = metrics.height()
    left, right = plot.left() + 6, plot.right() - width - 6
    above, below = line_y - height - 1, line_y + 2
    margin = max(6.0, style.marker_size / 2 + 2)
    for x, y in ((left, above), (left, below), (right, above), (right, below)):
        rect = QRectF(x, y, width, height)
        if not plot.contains(rect):
            continue
        area = rect.adjusted(-margin, -margin, margin, margin)
        if not any(area.contains(point) for point in points):
            return Label(rect, style.threshold_text)
    return Label(QRectF(left, above, width, height), style.threshold_text)


def _legend(
    data: TrendData, style: ChartStyle, metrics: QFontMetricsF, left: float, right: float
) -> list[LegendEntry]:
    """Whose ratings these are, left to right from the plot's left edge, wrapping when the
    names do not fit on one row (top of the first row at 0)."""
    em = metrics.height()
    row = em * 1.3
    sample_width = em * 1.8
    entries = []
    x, y = left, 0.0
    for who in data.series:
        text = style.names.get(who, who.capitalize())
        width = sample_width + em * 0.4 + metrics.horizontalAdvance(text)
        if x > left and x + width > right:
            x, y = left, y + row
        sample = QRectF(x, y, sample_width, row)
        label = QRectF(x + sample_width + em * 0.4, y, width - sample_width - em * 0.4, row)
        entries.append(LegendEntry(who, sample, Label(label, text)))
        x += width + em * 1.2
    return entries


def _moved(entry: LegendEntry, dy: float) -> LegendEntry:
    return LegendEntry(
        entry.respondent,
        entry.sample.translated(0, dy),
        Label(entry.label.rect.translated(0, dy), entry.label.text),
    )


def _date_axis(
    data: TrendData,
    plot: QRectF,
    content: QRectF,
    metrics: QFontMetricsF,
    x_at: Callable[[datetime], float],
) -> tuple[list[float], list[Label]]:
    """Grid lines at calendar dates (days, Mondays, first of the month) and labels for them:
    the finest step whose labels fit side by side, so none is cut short or overlaps another."""
    gap = metrics.height() * 0.8
    chosen: tuple[list[float], list[Label]] | None = None  # the coarsest with labels so far
    lonely: tuple[list[float], list[Label]] | None = None  # the finest that fits one label
    for unit, count in DATE_STEPS:
        ticks = _date_ticks(data.first, data.last, unit, count)
        if not ticks:
            continue
        xs = [x_at(datetime.combine(day, time())) for day in ticks]
        labels = []
        for x, day in zip(xs, ticks, strict=True):
            text = _date_text(day, unit, count)
            width = metrics.horizontalAdvance(text)
            left = x + metrics.height() * 0.2 if unit == "month" else x - width / 2
            rect = QRectF(left, plot.bottom() + metrics.height() * 0.25, width, metrics.height())
            if rect.left() >= content.left() and rect.right() <= content.right():
                labels.append(Label(rect, text))
        if not labels:
            continue
        if len(labels) <= MAX_DATE_LABELS and _side_by_side(labels, gap):
            if len(labels) > 1:
                return xs, labels
            lonely = lonely or (xs, labels)
        chosen = (xs, labels)
    if lonely is not None:
        return lonely
    if chosen is None:
        return [], []
    xs, labels = chosen
    kept: list[Label] = []
    for label in labels:  # the coarsest step still does not fit: every label that does
        if not kept or label.rect.left() >= kept[-1].rect.right() + gap:
            kept.append(label)
    return xs, kept


def _side_by_side(labels: list[Label], gap: float) -> bool:
    return all(b.rect.left() >= a.rect.right() + gap for a, b in pairwise(labels))


def _date_ticks(first: datetime, last: datetime, unit: str, count: int) -> list[date]:
    """Calendar dates from first to last: every count-th day, Monday or first of the month,
    counted from a fixed origin so the ticks stay put when the range moves."""
    days = []
    day = first.date() if first.time() == time() else first.date() + timedelta(days=1)
    end = last.date()
    if unit == "month":
        day = date(day.year, day.month, 1)
        if datetime.combine(day, time()) < first:
            day = _next_month(day)
        while day <= end:
            if (day.year * 12 + day.month - 1) % count == 0:
                days.append(day)
            day = _next_month(day)
        return days
    stride = 7 if unit == "week" else 1
    if unit == "week":
        day += timedelta(days=-day.weekday() % 7)
    while day <= end:
        if (day.toordinal() // stride) % count == 0:
            days.append(day)
        day += timedelta(days=stride)
    return days


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _date_text(day: date, unit: str, count: int) -> str:
    """'4 Mar' for days and weeks; 'Mar' for months, with the year in January; '2026' for
    years."""
    if unit != "month":
        pattern = "d MMM"
    elif count >= 12:
        pattern = "yyyy"
    else:
        pattern = "MMM yyyy" if day.month == 1 else "MMM"
    return QLocale.system().toString(QDate(day.year, day.month, day.day), pattern)


# ---- painting ------------------------------------------------------------------------------


def paint(
    painter: QPainter,
    layout: TrendLayout,
    style: ChartStyle,
    current: tuple[str, int] | None = None,
) -> None:
    """Draw a laid-out chart; `current` is a point to ring (hovered or chosen by keyboard)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(style.font)
    text = style.colour(QPalette.ColorRole.Text)
    base = style.colour(QPalette.ColorRole.Base)
    mid = style.colour(QPalette.ColorRole.Mid)
    hair = style.hairline
    if style.panel:
        painter.setPen(QPen(mid, hair))
        painter.setBrush(base)
        painter.drawRoundedRect(layout.panel, 4, 4)

    plot = layout.plot
    painter.setPen(QPen(style.grid, hair))
    for y, _label in layout.y_ticks:
        y = _snap(y, hair)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
    for x in layout.x_grid:
        x = _snap(x, hair)
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
    painter.setPen(QPen(mid, hair))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(_snapped(plot, hair))

    painter.setPen(text)
    for _y, label in layout.y_ticks:
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(label.rect, align, label.text)
    for label in layout.x_labels:
        painter.drawText(label.rect, Qt.AlignmentFlag.AlignCenter, label.text)

    if layout.threshold_y is not None:
        width = style.line_width * 0.75
        if hair >= 1:  # whole pixels on screen, so the line is sharp rather than two pink rows
            width = float(max(1, round(width)))
        pen = QPen(style.alert, width)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        y = _snap(layout.threshold_y, width) if hair >= 1 else layout.threshold_y
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))

    painter.save()
    painter.setClipRect(
        plot.adjusted(-style.marker_size, -style.marker_size, style.marker_size, style.marker_size)
    )
    for who, own in layout.points.items():
        pen = style.pen_for(who)
        path = QPainterPath()
        for index, at in enumerate(own):
            path.moveTo(at) if index == 0 else path.lineTo(at)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        for at in own:
            _marker(painter, style, who, at, style.marker_size)
    painter.restore()

    if layout.threshold_label is not None:
        label = layout.threshold_label
        behind = QColor(base)
        behind.setAlpha(210)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(behind)
        painter.drawRoundedRect(label.rect, 2, 2)
        painter.setPen(style.alert)
        painter.drawText(label.rect, Qt.AlignmentFlag.AlignCenter, label.text)

    for entry in layout.legend:
        sample = entry.sample
        y = sample.center().y()
        painter.setPen(style.pen_for(entry.respondent))
        painter.drawLine(QPointF(sample.left(), y), QPointF(sample.right(), y))
        _marker(painter, style, entry.respondent, sample.center(), style.marker_size)
        painter.setPen(text)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(entry.label.rect, align, entry.label.text)

    if current is not None and current[0] in layout.points:
        at = layout.points[current[0]][current[1]]
        ring = style.marker_size * 0.5 + 3 * hair
        painter.setPen(QPen(text, 1.5 * hair))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(at, ring, ring)
    painter.restore()


def _marker(
    painter: QPainter, style: ChartStyle, respondent: str, at: QPointF, size: float
) -> None:
    """Each respondent has its own marker shape, so the lines are told apart without colour:
    a disc, a square, a hollow triangle."""
    colour = respondent_colour(style.palette, respondent)
    painter.setPen(QPen(colour, style.hairline))
    hollow = respondent not in ("practitioner", "parent")
    painter.setBrush(QBrush(style.colour(QPalette.ColorRole.Base) if hollow else colour))
    r = size / 2
    if respondent == "practitioner":
        painter.drawEllipse(at, r, r)
    elif respondent == "parent":
        side = size * 0.9
        painter.drawRect(QRectF(at.x() - side / 2, at.y() - side / 2, side, side))
    else:
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(at.x(), at.y() - r * 1.2),
                    QPointF(at.x() + r * 1.1, at.y() + r),
                    QPointF(at.x() - r * 1.1, at.y() + r),
                ]
            )
        )


def _snap(value: float, width: float) -> float:
    """A line of a whole number of pixels on the pixel grid, rather than blurred across one
    more row."""
    return round(value - width / 2) + width / 2 if width >= 1 else value


def _snapped(rect: QRectF, width: float) -> QRectF:
    if width < 1:
        return rect
    return QRectF(
        QPointF(_snap(rect.left(), width), _snap(rect.top(), width)),
        QPointF(_snap(rect.right(), width), _snap(rect.bottom(), width)),
    )

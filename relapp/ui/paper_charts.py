"""Check-in charts for paper: painted straight onto images with QPainter (no widgets, so on a
worker thread too), in the colours of TrendChart, light for paper, with their captions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
)

from relapp.domain.definitions import RESPONDENTS, Instrument
from relapp.services.families import TrendPoint
from relapp.services.reports import PackTrend
from relapp.ui.charts import level, respondent_colour
from relapp.ui.formatting import alert_colour, format_day, number
from relapp.ui.printing import LAYOUT_DPI, print_font

IMAGE_SCALE = 3  # chart images hold this many pixels per layout pixel (about 288 dpi)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Reports", text)


def _paper_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#333333"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#1f5fa8"))
    return palette


def respondent_name(respondent: str) -> str:
    return {
        "practitioner": _tr("Practitioner"),
        "parent": _tr("Parent"),
        "other": _tr("Someone else"),
    }.get(respondent, respondent.capitalize())


def _marker(painter: QPainter, at: QPointF, respondent: str, size: float) -> None:
    """Each respondent has its own marker shape, so the lines are told apart without colour."""
    r = size / 2
    if respondent == "practitioner":
        painter.drawEllipse(at, r, r)
    elif respondent == "parent":
        painter.drawRect(QRectF(at.x() - r, at.y() - r, size, size))
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


def _pen_for(respondent: str, palette: QPalette, width: float) -> QPen:
    pen = QPen(respondent_colour(palette, respondent))
    pen.setWidthF(width)
    if respondent == "parent":
        pen.setStyle(Qt.PenStyle.DashLine)
    elif respondent != "practitioner":
        pen.setStyle(Qt.PenStyle.DotLine)
    return pen


def _month_starts(first: datetime, last: datetime) -> list[date]:
    months = []
    day = date(first.year, first.month, 1)
    while datetime.combine(day, time()) <= last:
        if datetime.combine(day, time()) >= first:
            months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def paint_trend(
    instrument: Instrument,
    points: Sequence[TrendPoint],
    first: datetime,
    last: datetime,
    width: float,
    height: float,
) -> QImage:
    """One instrument's scores over time as an image of width x height layout pixels (drawn
    at IMAGE_SCALE times that), with the alert threshold dashed in red."""
    scale = IMAGE_SCALE
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_RGB32)
    dots = round(LAYOUT_DPI * scale / 0.0254)
    image.setDotsPerMeterX(dots)
    image.setDotsPerMeterY(dots)
    image.fill(QColor("#ffffff"))
    palette = _paper_palette()
    painter = QPainter(image)
    try:
        _paint_chart(painter, image, instrument, points, first, last, palette, scale)
    finally:
        painter.end()
    return image


def _paint_chart(
    painter: QPainter,
    image: QImage,
    instrument: Instrument,
    points: Sequence[TrendPoint],
    first: datetime,
    last: datetime,
    palette: QPalette,
    scale: float,
) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = print_font(7.5)
    painter.setFont(font)
    metrics = QFontMetricsF(font, image)
    text = QColor("#333333")
    low, high = instrument.score_range
    steps = int(high - low)
    ticks = (
        [low + i for i in range(steps + 1)]
        if steps <= 10
        else [low + (high - low) * i / 5 for i in range(6)]
    )
    respondents = [r for r in RESPONDENTS if any(p.respondent == r for p in points)]
    respondents += sorted({p.respondent for p in points} - set(respondents))
    pad = 4 * scale
    left = pad + max(metrics.horizontalAdvance(level(t)) for t in ticks) + 4 * scale
    legend_height = metrics.height() * 1.4
    bottom = metrics.height() * 1.5 + legend_height + pad
    plot = QRectF(
        left,
        pad + metrics.height() * 0.6,
        image.width() - left - pad * 2,
        image.height() - bottom - pad - metrics.height() * 0.6,
    )

    span = max((last - first).total_seconds(), 1.0)

    def x_at(when: datetime) -> float:
        return plot.left() + (when - first).total_seconds() / span * plot.width()

    def y_at(score: float) -> float:
        return plot.bottom() - (score - low) / (high - low or 1) * plot.height()

    grid = QPen(QColor("#dde1e6"), 0.8 * scale)
    painter.setPen(grid)
    for tick in ticks:
        painter.drawLine(QPointF(plot.left(), y_at(tick)), QPointF(plot.right(), y_at(tick)))
    painter.setPen(text)
    for tick in ticks:
        box = QRectF(0, y_at(tick) - metrics.height() / 2, left - 3 * scale, metrics.height())
        painter.drawText(
            box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, level(tick)
        )

    months = _month_starts(first, last)
    every = max(1, -(-len(months) // 7))
    locale = QLocale.system()
    for index, month in enumerate(months):
        x = x_at(datetime.combine(month, time()))
        painter.setPen(grid)
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        if index % every:
            continue
        pattern = "MMM yyyy" if month.month == 1 else "MMM"
        label = locale.toString(QDate(month.year, month.month, 1), pattern)
        painter.setPen(text)
        width = metrics.horizontalAdvance(label)
        if x + width <= image.width() - pad:
            painter.drawText(
                QPointF(x + 2 * scale, plot.bottom() + metrics.ascent() + 3 * scale), label
            )

    painter.setPen(QPen(QColor("#8a939c"), 0.9 * scale))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(plot)

    alert = instrument.alert.threshold if instrument.alert else None
    red = alert_colour(palette)
    if alert is not None:
        pen = QPen(red, 1.2 * scale)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(plot.left(), y_at(alert)), QPointF(plot.right(), y_at(alert)))

    marker = 4.2 * scale
    for respondent in respondents:
        own = sorted((p for p in points if p.respondent == respondent), key=lambda p: p.when)
        pen = _pen_for(respondent, palette, 1.6 * scale)
        path = QPainterPath()
        for index, point in enumerate(own):
            at = QPointF(x_at(point.when), y_at(point.score))
            path.moveTo(at) if index == 0 else path.lineTo(at)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        solid = QPen(pen.color(), 1.0 * scale)
        painter.setPen(solid)
        painter.setBrush(QBrush(pen.color()) if respondent != "other" else QBrush(QColor("white")))
        for point in own:
            _marker(painter, QPointF(x_at(point.when), y_at(point.score)), respondent, marker)

    x = plot.left()
    y = image.height() - pad - legend_height / 2
    for respondent in respondents:
        pen = _pen_for(respondent, palette, 1.6 * scale)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, y), QPointF(x + 16 * scale, y))
        painter.setPen(QPen(pen.color(), 1.0 * scale))
        painter.setBrush(QBrush(pen.color()) if respondent != "other" else QBrush(QColor("white")))
        _marker(painter, QPointF(x + 8 * scale, y), respondent, marker)
        x = _legend_text(painter, metrics, x, y, respondent_name(respondent), text, scale)
    if alert is not None:
        pen = QPen(red, 1.2 * scale)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, y), QPointF(x + 16 * scale, y))
        _legend_text(
            painter, metrics, x, y, _tr("Alert below {0}").format(level(alert)), red, scale
        )


def _legend_text(
    painter: QPainter,
    metrics: QFontMetricsF,
    x: float,
    y: float,
    text: str,
    colour: QColor,
    scale: float,
) -> float:
    painter.setPen(colour)
    painter.drawText(QPointF(x + 20 * scale, y + metrics.ascent() / 2 - 1 * scale), text)
    return x + 20 * scale + metrics.horizontalAdvance(text) + 12 * scale


def trend_caption(trend: PackTrend) -> str:
    """ "Latest: practitioner 3.2 on Tue 4 Mar 2026; parent 2.8 on ..." and any alerts."""
    latest: dict[str, TrendPoint] = {}
    for point in sorted(trend.points, key=lambda p: p.when):
        latest[point.respondent] = point
    parts = [
        _tr("{0} {1} on {2}").format(
            respondent_name(who).lower(), number(p.score), format_day(p.when)
        )
        for who, p in sorted(latest.items(), key=lambda i: _respondent_order(i[0]))
    ]
    count = len(trend.points)
    text = (
        _tr("Latest: {0}.").format("; ".join(parts))
        + " "
        + (_tr("{0} check-ins shown.").format(count) if count != 1 else _tr("One check-in shown."))
    )
    return text


def _respondent_order(respondent: str) -> int:
    return RESPONDENTS.index(respondent) if respondent in RESPONDENTS else len(RESPONDENTS)

"""Check-in charts for paper: painted straight onto images by relapp.ui.trend_paint, the painter
of TrendChart on screen (no widgets, so on a worker thread too), light for paper, with their
captions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QSizeF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPalette

from relapp.domain.definitions import RESPONDENTS, Instrument
from relapp.services.families import TrendPoint
from relapp.services.reports import PackTrend
from relapp.ui.formatting import format_day, number
from relapp.ui.printing import LAYOUT_DPI, print_font
from relapp.ui.trend_paint import (
    ChartStyle,
    TrendData,
    lay_out,
    level,
    paint,
    respondent_name,
    respondent_order,
)

IMAGE_SCALE = 3  # chart images hold this many pixels per layout pixel (about 288 dpi)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Reports", text)


def _paper_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#333333"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#1f5fa8"))
    palette.setColor(QPalette.ColorRole.Mid, QColor("#8a939c"))  # the frame; the grid lighter
    return palette


def paper_style(instrument: Instrument) -> ChartStyle:
    """TrendChart's look in the paper's colours, the print font and thinner lines."""
    alert = instrument.alert.threshold if instrument.alert else None
    return ChartStyle(
        palette=_paper_palette(),
        font=print_font(7.5),
        names={who: respondent_name(who) for who in RESPONDENTS},
        threshold_text=_tr("Alert below {0}").format(level(alert)) if alert is not None else "",
        line_width=1.6,
        marker_size=4.2,
        hairline=0.8,
        panel=False,
    )


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
    image.fill(QColor("#ffffff"))
    style = paper_style(instrument)
    data = TrendData.of(instrument, points, first, last)
    # Laid out and painted in layout pixels (the image at the layout's resolution, the painter
    # scaled), then marked with the resolution it really has.
    _set_dpi(image, LAYOUT_DPI)
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        metrics = QFontMetricsF(style.font, image)
        paint(painter, lay_out(data, style, QSizeF(width, height), metrics), style)
    finally:
        painter.end()
    _set_dpi(image, LAYOUT_DPI * scale)
    return image


def _set_dpi(image: QImage, dpi: float) -> None:
    dots = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots)
    image.setDotsPerMeterY(dots)


def trend_caption(trend: PackTrend) -> str:
    """ "Latest: practitioner 3.2 on Tue 4 Mar 2026; parent 2.8 on ..." and any alerts."""
    latest: dict[str, TrendPoint] = {}
    for point in sorted(trend.points, key=lambda p: p.when):
        latest[point.respondent] = point
    parts = [
        _tr("{0} {1} on {2}").format(
            respondent_name(who).lower(), number(p.score), format_day(p.when)
        )
        for who, p in sorted(latest.items(), key=lambda i: respondent_order(i[0]))
    ]
    count = len(trend.points)
    text = (
        _tr("Latest: {0}.").format("; ".join(parts))
        + " "
        + (_tr("{0} check-ins shown.").format(count) if count != 1 else _tr("One check-in shown."))
    )
    return text

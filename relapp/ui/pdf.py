"""Printing reports to PDF on A4 through Qt's PDF writer and rich text: the supervision pack
(with check-in charts) and the learning report, with page numbers in the footer.

No widgets here, so the app can run it on a worker thread: the charts are painted straight
onto images with QPainter, in the colours of TrendChart, light for paper.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QCoreApplication,
    QDate,
    QIODevice,
    QLocale,
    QMarginsF,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPalette,
    QPdfWriter,
    QPen,
    QPolygonF,
    QTextDocument,
)

from relapp.domain.definitions import RESPONDENTS, Instrument
from relapp.services.families import TrendPoint
from relapp.services.reports import (
    LearningReport,
    PackReflection,
    PackTrend,
    SupervisionPack,
    learning_html,
    write_private,
)
from relapp.ui.charts import level, respondent_colour
from relapp.ui.formatting import (
    alert_colour,
    format_day,
    format_when,
    mode_label,
    number,
    qdate,
    reflection_state_label,
)

Progress = Callable[[int, int], None] | None

RESOLUTION = 300  # dots per inch of the PDF's drawing surface
LAYOUT_DPI = 96  # the text is laid out at this resolution, then scaled to the page
IMAGE_SCALE = 3  # chart images hold this many pixels per layout pixel (about 288 dpi)
BODY_POINTS = 10.0
CHART_ROWS_PER_PAGE = 3  # a row of two charts is never split across pages
# Rich text ignores a cell's last margin: an empty row keeps chart rows apart.
SPACER_ROW = '<tr><td colspan="2"><p style="font-size: 7pt;">&nbsp;</p></td></tr>'
MARGINS_MM = QMarginsF(18, 16, 18, 12)

PRINT_CSS = """
h1 { font-size: 17pt; font-weight: 600; margin-top: 0px; margin-bottom: 4px; }
h2 { font-size: 13pt; font-weight: 600; margin-top: 18px; margin-bottom: 6px; }
h3 { font-size: 11.5pt; font-weight: 600; margin-top: 14px; margin-bottom: 2px; }
h4 { font-size: 10pt; font-weight: 600; margin-top: 8px; margin-bottom: 1px; color: #333333; }
p { margin-top: 0px; margin-bottom: 5px; }
.meta { color: #444444; }
.note { color: #444444; font-size: 8.5pt; }
.muted { color: #555555; }
.alert { color: #b3261e; font-weight: 600; }
.alertnote { color: #b3261e; font-weight: 600; font-size: 8.5pt; }
.sup { color: #555555; font-style: italic; font-weight: 400; }
table.data { border-collapse: collapse; margin-top: 4px; margin-bottom: 8px; }
table.data td { font-size: 9pt; }
table.data th { background-color: #e8ecf1; font-weight: 600; text-align: left; }
table.data td, table.data th { border: 1px solid #9aa3ad; padding: 2px; }
td.n { text-align: right; }
td.total, th.total { font-weight: 600; background-color: #f4f6f8; }
"""
# The learning report's tables are wide (a column per barrier category): a smaller size, the
# same for every cell so that a row moves to the next page whole.
DENSE_CSS = """
table.data td { font-size: 7.5pt; }
table.data th { font-size: 7.5pt; }
.sup { font-size: 7.5pt; }
td b { font-size: 7.5pt; }
"""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Reports", text)


def ensure_gui() -> QCoreApplication:
    """Fonts and images need a QGuiApplication; the command line has none, so it gets one that
    draws nowhere (offscreen)."""
    app = QCoreApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["relapp", "-platform", "offscreen"])
    return app


def print_font(points: float = BODY_POINTS) -> QFont:
    """The system's font, at a size that reads well on paper."""
    font = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
    font.setPointSizeF(points)
    return font


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs: blank lines split paragraphs, single breaks stay."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        f"<p>{'<br/>'.join(_esc(line) for line in block.splitlines())}</p>"
        for block in blocks
        if block
    )


# ---- the page --------------------------------------------------------------------------------


class _Page:
    """An A4 PDF being written into memory, and the size of its text area in layout pixels."""

    def __init__(self, title: str, landscape: bool) -> None:
        self.buffer = QBuffer()
        self.buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.writer = QPdfWriter(self.buffer)
        self.writer.setResolution(RESOLUTION)
        self.writer.setTitle(title)
        self.writer.setCreator("Relapp")
        orientation = (
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        layout = QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            orientation,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
        self.writer.setPageLayout(layout)
        area = layout.paintRect(QPageLayout.Unit.Point)
        self.width = area.width() * LAYOUT_DPI / 72
        self.height = area.height() * LAYOUT_DPI / 72
        # The document is measured on this image, so its layout does not depend on the
        # screen this runs on.
        self.reference = QImage(1, 1, QImage.Format.Format_RGB32)
        dots = round(LAYOUT_DPI / 0.0254)
        self.reference.setDotsPerMeterX(dots)
        self.reference.setDotsPerMeterY(dots)


def print_html(
    body: str,
    target: Path,
    *,
    title: str,
    footer: str,
    landscape: bool = False,
    images: Mapping[str, QImage] | None = None,
    progress: Progress = None,
    page: _Page | None = None,
    css: str = "",
) -> int:
    """Print an HTML document to a PDF file with "Page n of N" footers; returns the pages."""
    data, pages = render_html(
        body,
        title=title,
        footer=footer,
        landscape=landscape,
        images=images,
        progress=progress,
        page=page,
        css=css,
    )
    write_private(Path(target), data)
    return pages


def render_html(
    body: str,
    *,
    title: str,
    footer: str,
    landscape: bool = False,
    images: Mapping[str, QImage] | None = None,
    progress: Progress = None,
    page: _Page | None = None,
    css: str = "",
) -> tuple[bytes, int]:
    """An HTML document as the bytes of an A4 PDF with "Page n of N" footers, and its pages
    (for a caller that writes the file itself, with others, whole or not at all)."""
    ensure_gui()
    page = page or _Page(title, landscape)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(page.reference)
    doc.setDefaultFont(print_font())
    doc.setDefaultStyleSheet(PRINT_CSS + css)
    doc.setDocumentMargin(0)
    for name, image in (images or {}).items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    doc.setHtml(body)

    footer_font = print_font(8)
    line = QFontMetricsF(footer_font, page.reference).height()
    body_height = page.height - 2.4 * line
    doc.setPageSize(QSizeF(page.width, body_height))
    pages = _pages_with_content(doc, body_height)
    scale = RESOLUTION / LAYOUT_DPI

    painter = QPainter(page.writer)
    try:
        for index in range(pages):
            if index:
                page.writer.newPage()
            painter.save()
            painter.scale(scale, scale)
            painter.translate(0, -index * body_height)
            clip = QRectF(0, index * body_height, page.width, body_height)
            painter.setClipRect(clip)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = clip
            doc.documentLayout().draw(painter, context)
            painter.restore()
            _footer(painter, page, body_height, line, footer_font, footer, index + 1, pages)
            if progress is not None:
                progress(index + 1, pages)
    finally:
        painter.end()
    page.buffer.close()
    return bytes(page.buffer.data()), pages


def _pages_with_content(doc: QTextDocument, body_height: float) -> int:
    """The document's pages, without a last one that would hold only the empty paragraph rich
    text keeps after a closing table (a blank page in print)."""
    pages = doc.pageCount()
    block = doc.lastBlock()
    while block.isValid() and not block.text().strip() and block.previous().isValid():
        block = block.previous()
    if not block.isValid() or not block.text().strip():
        return pages
    bottom = doc.documentLayout().blockBoundingRect(block).bottom()
    return max(1, min(pages, math.ceil(bottom / body_height - 1e-6)))


def _footer(
    painter: QPainter,
    page: _Page,
    top: float,
    line: float,
    font: QFont,
    text: str,
    number_: int,
    pages: int,
) -> None:
    # Drawn unscaled, in the writer's own dots, so the font's point size is the printed size.
    scale = RESOLUTION / LAYOUT_DPI
    painter.save()
    painter.setFont(font)
    painter.setPen(QPen(QColor("#9aa3ad"), 0.6 * scale))
    y = (top + 0.9 * line) * scale
    painter.drawLine(QPointF(0, y), QPointF(page.width * scale, y))
    painter.setPen(QColor("#444444"))
    box = QRectF(0, y + 0.3 * line * scale, page.width * scale, 1.2 * line * scale)
    flags = Qt.AlignmentFlag.AlignVCenter
    painter.drawText(box, flags | Qt.AlignmentFlag.AlignLeft, text)
    painter.drawText(
        box, flags | Qt.AlignmentFlag.AlignRight, _tr("Page {0} of {1}").format(number_, pages)
    )
    painter.restore()


# ---- charts ----------------------------------------------------------------------------------


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


# ---- the supervision pack --------------------------------------------------------------------


def _period_words(start: date, end: date) -> str:
    return _tr("{0} to {1}").format(format_day(start), format_day(end))


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


def _without_title(alert: str, trend: PackTrend) -> str:
    """The alert sentence without the instrument's name, which the chart already shows."""
    prefix = f"{trend.instrument.title}: "
    text = alert.removeprefix(prefix)
    return text[:1].upper() + text[1:]


def _reflection_html(reflection: PackReflection, first: bool) -> str:
    parts = []
    attrs = ' style="page-break-before: always"' if reflection.long and not first else ""
    parts.append(f"<h3{attrs}>{_esc(reflection.title)}</h3>")
    details = []
    if reflection.family:
        family = reflection.family
        if reflection.family_reference:
            family += f" ({reflection.family_reference})"
        details.append(family)
    if reflection.visit_when:
        details.append(
            _tr("{0}, {1}").format(
                mode_label(reflection.visit_mode), format_when(reflection.visit_when)
            )
        )
    else:
        details.append(_tr("Not linked to a visit"))
    details.append(reflection.template)
    state = reflection_state_label(reflection.status)
    if reflection.submitted_at:
        state = _tr("{0} · submitted {1}").format(state, format_day(reflection.submitted_at))
    details.append(state)
    parts.append(f'<p class="meta">{" · ".join(_esc(d) for d in details)}</p>')
    if reflection.themes:
        parts.append(
            f'<p class="meta">{_esc(_tr("Themes:"))} {_esc(", ".join(reflection.themes))}</p>'
        )
    if reflection.amendment_reason:
        parts.append(
            f'<p class="meta">{_esc(_tr("Amended:"))} {_esc(reflection.amendment_reason)}</p>'
        )
    for section in reflection.sections:
        parts.append(f"<h4>{_esc(section.title)}</h4>{_paragraphs(section.text)}")
    parts.append(f"<h4>{_esc(_tr('Feedback'))}</h4>")
    if not reflection.thread:
        parts.append(f'<p class="muted">{_esc(_tr("No feedback yet."))}</p>')
    for entry in reflection.thread:
        who = _esc(entry.author)
        head = f"<b>{who}</b>, {_esc(format_when(entry.when))}"
        if entry.review_state:
            head += f" — {_esc(reflection_state_label(entry.review_state))}"
        indent = 14 + 22 * entry.depth
        parts.append(
            f'<table width="100%" cellspacing="0" cellpadding="5" '
            f'style="margin-left: {indent}px; margin-top: 2px; margin-bottom: 4px; '
            f'background-color: #f3f5f7; border-left: 3px solid #9aa3ad;">'
            f"<tr><td>{head}{_paragraphs(entry.text)}</td></tr></table>"
        )
    parts.append("<hr/>")
    return "".join(parts)


def _actions_html(pack: SupervisionPack) -> str:
    owners = {"practitioner": pack.practitioner, "supervisor": _tr("Supervisor")}
    parts = [f"<h3>{_esc(_tr('Open actions'))}</h3>"]
    if not pack.open_actions:
        parts.append(f'<p class="muted">{_esc(_tr("No open actions."))}</p>')
    else:
        parts.append(
            '<table class="data" width="100%" cellspacing="0" cellpadding="3">'
            f"<thead><tr><th>{_esc(_tr('Action'))}</th><th>{_esc(_tr('Owner'))}</th>"
            f"<th>{_esc(_tr('Due'))}</th><th>{_esc(_tr('Agreed'))}</th></tr></thead><tbody>"
        )
        for action in pack.open_actions:
            due = format_day(action.due) if action.due else "—"
            overdue = bool(action.due) and action.due < pack.prepared_on.isoformat()
            if overdue:
                due = f'<span class="alert">{_esc(due)} ({_esc(_tr("overdue"))})</span>'
            else:
                due = _esc(due)
            parts.append(
                f"<tr><td>{_esc(action.text)}</td>"
                f"<td>{_esc(owners.get(action.owner, action.owner))}</td><td>{due}</td>"
                f"<td>{_esc(format_day(action.agreed_when or action.session_when))}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append(f"<h3>{_esc(_tr('Closed in this period'))}</h3>")
    if not pack.closed_actions:
        parts.append(f'<p class="muted">{_esc(_tr("No actions were closed in this period."))}</p>')
    else:
        words = {"done": _tr("Done"), "dropped": _tr("Dropped")}
        parts.append(
            '<table class="data" width="100%" cellspacing="0" cellpadding="3">'
            f"<thead><tr><th>{_esc(_tr('Action'))}</th><th>{_esc(_tr('Owner'))}</th>"
            f"<th>{_esc(_tr('Status'))}</th><th>{_esc(_tr('Recorded'))}</th></tr></thead><tbody>"
        )
        for action in pack.closed_actions:
            parts.append(
                f"<tr><td>{_esc(action.text)}</td>"
                f"<td>{_esc(owners.get(action.owner, action.owner))}</td>"
                f"<td>{_esc(words.get(action.status, action.status))}</td>"
                f"<td>{_esc(format_day(action.session_when))}</td></tr>"
            )
        parts.append("</tbody></table>")
    return "".join(parts)


def _trends_html(pack: SupervisionPack, width: float, images: dict[str, QImage]) -> str:
    parts = [
        f'<h2 style="page-break-before: always">{_esc(_tr("Check-in trends"))}</h2>',
        '<p class="meta">'
        + _esc(
            _tr(
                "Check-ins with {0}'s families from {1} to {2}. The dashed red line is the "
                "instrument's alert level; each line is one respondent."
            ).format(pack.practitioner, format_day(pack.trend_from), format_day(pack.period.end))
        )
        + "</p>",
    ]
    if not pack.trends:
        parts.append(f'<p class="muted">{_esc(_tr("No check-ins in this time."))}</p>')
        return "".join(parts)
    gap = 14
    cell = (width - gap) / 2
    chart_height = cell * 0.48
    first = datetime.combine(pack.trend_from, time())
    last = datetime.combine(pack.period.end, time()) + timedelta(days=1)
    for index, trend in enumerate(pack.trends):
        if index % (2 * CHART_ROWS_PER_PAGE) == 0:
            if index:
                parts.append("</table>")
            attrs = ' style="page-break-before: always"' if index else ""
            parts.append(f'<table width="100%" cellspacing="0" cellpadding="0"{attrs}>')
        name = f"relapp-chart-{index}"
        images[name] = paint_trend(trend.instrument, trend.points, first, last, cell, chart_height)
        if index % 2 == 0:
            if index % (2 * CHART_ROWS_PER_PAGE):
                parts.append(SPACER_ROW)
            parts.append("<tr>")
        who = trend.family or _tr("{0}'s self-check").format(pack.practitioner)
        if trend.family and trend.family_reference:
            who += f" ({trend.family_reference})"
        caption = f'<span class="note">{_esc(trend_caption(trend))}</span>'
        for alert in trend.alerts:
            caption += f'<br/><span class="alertnote">{_esc(_without_title(alert, trend))}</span>'
        right_pad = f' style="padding-right: {gap}px;"' if index % 2 == 0 else ""
        parts.append(
            f'<td width="50%" valign="top"{right_pad}><p><b>{_esc(who)}</b><br/>'
            f'<span class="meta">{_esc(trend.instrument.title)}</span></p>'
            f'<img src="{name}" width="{cell:.0f}" height="{chart_height:.0f}"/>'
            f"<p>{caption}</p></td>"
        )
        if index % 2 == 1:
            parts.append("</tr>")
    if len(pack.trends) % 2 == 1:
        parts.append("<td></td></tr>")
    parts.append("</table>")
    return "".join(parts)


def pack_html(pack: SupervisionPack, width: float) -> tuple[str, dict[str, QImage]]:
    """The pack as rich text for a text area `width` layout pixels wide, and its chart images."""
    images: dict[str, QImage] = {}
    span = _period_words(pack.period.start, pack.period.end)
    parts = [
        f"<h1>{_esc(_tr('Supervision pack: {0}').format(pack.practitioner))}</h1>",
        f'<p class="meta">{_esc(span)}. '
        + _esc(
            _tr("Prepared by {0} on {1}.").format(pack.prepared_by, format_day(pack.prepared_on))
        )
        + "</p>",
        '<p class="note">'
        + _esc(
            _tr(
                "Confidential: this pack holds personal information about families. Keep it "
                "safe, share it only with the people in the supervision, and destroy it when it "
                "is no longer needed."
            )
        )
        + "</p>",
    ]
    if pack.names_problem:
        parts.append(
            '<p class="note">'
            + _esc(_tr("Some names could not be read: {0}").format(pack.names_problem))
            + "</p>"
        )
    summary = [
        _tr("{0} reflections submitted in the period").format(len(pack.reflections))
        if len(pack.reflections) != 1
        else _tr("One reflection submitted in the period"),
        _tr("{0} feedback comments and replies").format(pack.feedback_count)
        if pack.feedback_count != 1
        else _tr("One feedback comment"),
        _tr("{0} check-in charts").format(len(pack.trends))
        if len(pack.trends) != 1
        else _tr("One check-in chart"),
        _tr("{0} open actions; {1} closed in the period").format(
            len(pack.open_actions), len(pack.closed_actions)
        ),
        _tr("{0} supervision sessions in the period").format(len(pack.sessions))
        if len(pack.sessions) != 1
        else _tr("One supervision session in the period"),
    ]
    parts.append(f"<h2>{_esc(_tr('In this pack'))}</h2><ul>")
    parts += [f"<li>{_esc(line)}</li>" for line in summary]
    parts.append("</ul>")

    parts.append(f"<h2>{_esc(_tr('Actions'))}</h2>")
    parts.append(_actions_html(pack))
    if pack.sessions:
        parts.append(f"<h2>{_esc(_tr('Supervision sessions in the period'))}</h2>")
        for held in pack.sessions:
            parts.append(f"<h3>{_esc(format_when(held.when))}</h3>")
            if held.agenda:
                parts.append(f"<h4>{_esc(_tr('Agenda'))}</h4><ul>")
                parts += [f"<li>{_esc(item)}</li>" for item in held.agenda]
                parts.append("</ul>")
            if held.notes.strip():
                parts.append(f"<h4>{_esc(_tr('Notes'))}</h4>{_paragraphs(held.notes)}")

    parts.append(
        f'<h2 style="page-break-before: always">{_esc(_tr("Reflections and feedback"))}</h2>'
    )
    if not pack.reflections:
        parts.append(
            f'<p class="muted">{_esc(_tr("No reflections were submitted in this period."))}</p>'
        )
    for index, reflection in enumerate(pack.reflections):
        parts.append(_reflection_html(reflection, index == 0))
    parts.append(_trends_html(pack, width, images))
    return "".join(parts), images


def write_pack_pdf(pack: SupervisionPack, target: Path, progress: Progress = None) -> int:
    """Print the supervision pack to an A4 PDF; returns the number of pages."""
    ensure_gui()
    title = _tr("Supervision pack: {0}").format(pack.practitioner)
    page = _Page(title, landscape=False)
    body, images = pack_html(pack, page.width)
    footer = _tr("Supervision pack · {0} · {1} · Confidential").format(
        pack.practitioner, _period_words(pack.period.start, pack.period.end)
    )
    return print_html(
        body, target, title=title, footer=footer, images=images, progress=progress, page=page
    )


# ---- the learning report ---------------------------------------------------------------------


def write_learning_pdf(report: LearningReport, target: Path, progress: Progress = None) -> int:
    """Print the learning report to an A4 landscape PDF (its month tables are wide)."""
    span = _tr("{0} to {1}").format(
        qdate(report.period.start).toString("d MMM yyyy"),
        qdate(report.period.end).toString("d MMM yyyy"),
    )
    return print_html(
        learning_html(report, for_print=True),
        target,
        title=_tr("Learning report"),
        footer=(
            _tr("Learning report · {0} · with reviewed excerpts of change tests")
            if any(t.excerpt for t in report.change_tests)
            else _tr("Learning report · {0} · no names, reference codes or notes")
        ).format(span),
        landscape=True,
        progress=progress,
        css=DENSE_CSS,
    )

"""Printing rich text to PDF on A4 through Qt's PDF writer, with page numbers in the footer: the
one printer the reports, the subject access export and the recovery sheet share.

No widgets here, so the app can run it on a worker thread."""

from __future__ import annotations

import html
import math
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from relapp.services.reports import write_private

Progress = Callable[[int, int], None] | None


RESOLUTION = 300  # dots per inch of the PDF's drawing surface


LAYOUT_DPI = 96  # the text is laid out at this resolution, then scaled to the page


BODY_POINTS = 10.0


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


def esc(text: str) -> str:
    return html.escape(text, quote=True)


class PdfPage:
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
    page: PdfPage | None = None,
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
    page: PdfPage | None = None,
    css: str = "",
) -> tuple[bytes, int]:
    """An HTML document as the bytes of an A4 PDF with "Page n of N" footers, and its pages
    (for a caller that writes the file itself, with others, whole or not at all)."""
    ensure_gui()
    page = page or PdfPage(title, landscape)
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
    page: PdfPage,
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

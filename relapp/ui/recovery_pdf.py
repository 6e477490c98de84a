"""A recovery code on paper: one A4 page to print and keep away from the laptop (the unlock
screen's first run, and a team's organisation recovery code)."""

from __future__ import annotations


def write_recovery_pdf(path: str, code: str, title: str, instructions: str | None = None) -> None:
    from PySide6.QtGui import QFont, QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(path)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle(title)
    how = instructions or (
        "To use it: open Relapp, choose “I forgot my passphrase…”, type this code and a "
        "new passphrase."
    )
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", 12))
    doc.setHtml(
        f"<h1>{title}</h1><p>Keep this page somewhere safe and away from the laptop.</p>"
        f"<p style='font-family: monospace; font-size: 20pt'>{code}</p>"
        f"<p>{how}</p>"
    )
    doc.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF())
    doc.print_(writer)

"""Render Relapp's app icon (resources/icons/relapp.svg) for the desktop packages, with Qt.

Run with the build venv's Python (PySide6 is all it needs; it runs offscreen, no display):

    python packaging/linux/render_icons.py --hicolor build/share/icons/hicolor
    python packaging/linux/render_icons.py --ico build/icons/relapp.ico      # Windows
    python packaging/linux/render_icons.py --icns build/icons/relapp.icns    # macOS

--hicolor writes <dir>/<N>x<N>/apps/org.relapp.Relapp.png for the usual sizes plus
<dir>/scalable/apps/org.relapp.Relapp.svg. The .ico and .icns files hold PNG-compressed images
(understood by Windows Vista+ and macOS 10.7+), assembled here so no image library is needed.
Nothing this writes is kept in the repository.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import sys
from pathlib import Path

APP_ID = "org.relapp.Relapp"
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SVG = ROOT / "resources" / "icons" / "relapp.svg"
HICOLOR_SIZES = (16, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns element types holding PNG data, by pixel size.
ICNS_TYPES = ((16, b"icp4"), (32, b"icp5"), (64, b"icp6"), (128, b"ic07"), (256, b"ic08"),
              (512, b"ic09"), (1024, b"ic10"))


class Renderer:
    def __init__(self, svg: Path) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtSvg import QSvgRenderer

        self._app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
        self._svg = QSvgRenderer(str(svg))
        if not self._svg.isValid():
            raise SystemExit(f"render_icons: {svg} is not an SVG that Qt can render")

    def png(self, size: int) -> bytes:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
        from PySide6.QtGui import QImage, QPainter

        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self._svg.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG"):
            raise SystemExit(f"render_icons: could not encode a {size}px PNG")
        buffer.close()
        return bytes(data.data())


def write_hicolor(renderer: Renderer, svg: Path, hicolor: Path) -> list[Path]:
    written = []
    for size in HICOLOR_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(renderer.png(size))
        written.append(target)
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    written.append(scalable)
    return written


def ico_bytes(renderer: Renderer) -> bytes:
    images = [(size, renderer.png(size)) for size in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns_bytes(renderer: Renderer) -> bytes:
    body = b""
    for size, kind in ICNS_TYPES:
        png = renderer.png(size)
        body += kind + struct.pack(">I", len(png) + 8) + png
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=DEFAULT_SVG)
    parser.add_argument("--hicolor", type=Path, help="an icons/hicolor folder to fill")
    parser.add_argument("--ico", type=Path, help="write a Windows .ico here")
    parser.add_argument("--icns", type=Path, help="write a macOS .icns here")
    args = parser.parse_args(argv)
    if not (args.hicolor or args.ico or args.icns):
        parser.error("say what to write: --hicolor DIR, --ico FILE and/or --icns FILE")
    renderer = Renderer(args.svg)
    written: list[Path] = []
    if args.hicolor:
        written += write_hicolor(renderer, args.svg, args.hicolor)
    for path, make in ((args.ico, ico_bytes), (args.icns, icns_bytes)):
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(make(renderer))
            written.append(path)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

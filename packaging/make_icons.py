"""Render the application icon from ``resources/icons/dossierdesk.svg``.

Writes, relative to the repository root:

- ``resources/icons/hicolor/<N>x<N>/apps/dossierdesk.png`` for N in :data:`PNG_SIZES` (Linux icon
  theme layout; installed by ``dossierdesk-cli install-desktop-entry``, used as window icon);
- ``packaging/icons/dossierdesk.ico`` (Windows: PNG-compressed entries 16…256 px) and
  ``packaging/icons/dossierdesk.icns`` (macOS: PNG entries 16…1024 px), for the PyInstaller spec.

Rendering uses Qt's ``QSvgRenderer`` offscreen, so it runs headless on any platform with
PySide6-Essentials. The .ico and .icns containers are written here rather than through Qt's image
plugins, which store a single image per file. The outputs are committed; run this again after
editing the SVG::

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

REPO = Path(__file__).resolve().parent.parent
SVG = REPO / "resources" / "icons" / "dossierdesk.svg"
HICOLOR = REPO / "resources" / "icons" / "hicolor"
PLATFORM_ICONS = REPO / "packaging" / "icons"
ICON_NAME = "dossierdesk"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS OSType per pixel size (PNG payloads are accepted for all of these since macOS 10.7).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09",
              1024: b"ic10"}  # fmt: skip


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The SVG drawn into a transparent ``size``×``size`` ARGB image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG streams (understood by Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + entries + payload


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: ``icns`` + total length, then (type, length, PNG) records."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for size in sorted(pngs)
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def hicolor_png(size: int, root: Path = HICOLOR) -> Path:
    return root / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"


def make_icons(svg: Path = SVG, hicolor: Path = HICOLOR, platform: Path = PLATFORM_ICONS) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_TYPES))
    pngs = {size: png_bytes(render(renderer, size)) for size in sizes}
    for size in PNG_SIZES:
        target = hicolor_png(size, hicolor)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
    platform.mkdir(parents=True, exist_ok=True)
    (platform / f"{ICON_NAME}.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (platform / f"{ICON_NAME}.icns").write_bytes(icns_bytes({s: pngs[s] for s in ICNS_TYPES}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=SVG)
    parser.add_argument("--hicolor", type=Path, default=HICOLOR, help="icon theme output root")
    parser.add_argument("--platform", type=Path, default=PLATFORM_ICONS, help=".ico/.icns dir")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    make_icons(args.svg, args.hicolor, args.platform)
    del app
    print(f"icons written under {args.hicolor} and {args.platform}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

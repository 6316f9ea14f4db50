"""Table of contents: numbered titles with date and source, dot leaders, right-aligned pages.

Entries are measured first (their height does not depend on page numbers), so the number of
contents pages is known before any article page number is.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QPainter

from dossierdesk.pdf import styles
from dossierdesk.pdf.geometry import PageGeometry, mm, pt
from dossierdesk.pdf.textlines import WrappedText, single_line, wrap

NUMBER_COLUMN = mm(9)
PAGE_COLUMN = mm(14)
ENTRY_GAP = pt(7)
HEADING_SPACE = pt(40)


@dataclass(slots=True)
class ContentsLine:
    number: int
    title: WrappedText
    meta: WrappedText | None
    height: float


def meta_text(published: dt.date | None, source: str | None) -> str:
    parts = [styles.format_date(published), single_line(source or "")]
    return " · ".join(p for p in parts if p)


def measure(
    number: int, title: str, published: dt.date | None, source: str | None, geometry: PageGeometry
) -> ContentsLine:
    width = geometry.body_width - NUMBER_COLUMN - PAGE_COLUMN
    t = wrap(single_line(title) or "(untitled)", styles.font(10, bold=True), width)
    meta = meta_text(published, source)
    m = wrap(meta, styles.font(8), width) if meta else None
    height = t.height + (m.height + pt(1) if m else 0)
    return ContentsLine(number, t, m, height)


def paginate(lines: list[ContentsLine], geometry: PageGeometry) -> list[list[ContentsLine]]:
    pages: list[list[ContentsLine]] = [[]]
    used = HEADING_SPACE
    for line in lines:
        if pages[-1] and used + line.height > geometry.body_height:
            pages.append([])
            used = 0.0
        pages[-1].append(line)
        used += line.height + ENTRY_GAP
    return pages


def paint_page(
    painter: QPainter,
    geometry: PageGeometry,
    lines: list[ContentsLine],
    page_numbers: list[int],
    *,
    first: bool,
) -> list[tuple[QRectF, int]]:
    """Paint one contents page; returns each entry's clickable area and its target page."""
    x0 = geometry.left
    right = geometry.width - geometry.right
    y = geometry.top
    if first:
        painter.setPen(styles.INK)
        painter.setFont(styles.font(18, bold=True))
        painter.drawText(QRectF(x0, y, geometry.body_width, pt(24)), "Contents")
        y += HEADING_SPACE
    number_font = styles.font(9)
    page_font = styles.font(10, bold=True)
    dot_font = styles.font(9)
    dots = QFontMetricsF(dot_font)
    dot_step = dots.horizontalAdvance(". ")
    page_metrics = QFontMetricsF(page_font)
    areas = []
    for line, page in zip(lines, page_numbers, strict=True):
        tx = x0 + NUMBER_COLUMN
        baseline = y + line.title.last_line_top + line.title.last_line_ascent
        painter.setFont(number_font)
        painter.setPen(styles.MUTED)
        painter.drawText(QPointF(x0, y + line.title.layout.lineAt(0).ascent()), f"{line.number}.")
        painter.setPen(styles.INK)
        line.title.draw(painter, tx, y)
        label = str(page)
        label_w = page_metrics.horizontalAdvance(label)
        painter.setFont(page_font)
        painter.drawText(QPointF(right - label_w, baseline), label)
        # Dot leaders on a fixed grid so that they line up from one entry to the next.
        start = tx + line.title.last_line_right + pt(4)
        end = right - label_w - pt(4)
        first_dot = math.ceil((start - x0) / dot_step) * dot_step + x0
        count = int((end - first_dot) // dot_step)
        if count > 0:
            painter.setFont(dot_font)
            painter.setPen(styles.RULE)
            painter.drawText(QPointF(first_dot, baseline), ". " * count)
        if line.meta is not None:
            painter.setPen(styles.MUTED)
            line.meta.draw(painter, tx, y + line.title.height + pt(1))
        areas.append((QRectF(x0, y, geometry.body_width, line.height), page))
        y += line.height + ENTRY_GAP
    return areas

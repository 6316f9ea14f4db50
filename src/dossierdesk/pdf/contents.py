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
    """An entry's texts and height; its lines are laid out again when painted (keeping
    thousands of text layouts alive would cost hundreds of MB)."""

    number: int
    title_text: str
    meta_text: str
    height: float

    def wrapped(self, geometry: PageGeometry) -> tuple[WrappedText, WrappedText | None]:
        width = geometry.body_width - NUMBER_COLUMN - PAGE_COLUMN
        title = wrap(self.title_text, styles.font(10, bold=True), width)
        meta = wrap(self.meta_text, styles.font(8), width) if self.meta_text else None
        return title, meta


def meta_text(published: dt.date | None, source: str | None) -> str:
    parts = [styles.format_date(published), single_line(source or "")]
    return " · ".join(p for p in parts if p)


def measure(
    number: int, title: str, published: dt.date | None, source: str | None, geometry: PageGeometry
) -> ContentsLine:
    line = ContentsLine(number, single_line(title) or "(untitled)", meta_text(published, source), 0)
    t, m = line.wrapped(geometry)
    line.height = t.height + (m.height + pt(1) if m else 0)
    return line


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
        title, meta = line.wrapped(geometry)
        tx = x0 + NUMBER_COLUMN
        baseline = y + title.last_line_top + title.last_line_ascent
        painter.setFont(number_font)
        painter.setPen(styles.MUTED)
        painter.drawText(QPointF(x0, y + title.first_line_ascent), f"{line.number}.")
        painter.setPen(styles.INK)
        title.draw(painter, tx, y)
        label = str(page)
        label_w = page_metrics.horizontalAdvance(label)
        painter.setFont(page_font)
        painter.drawText(QPointF(right - label_w, baseline), label)
        # Dot leaders on a fixed grid so that they line up from one entry to the next.
        start = tx + title.last_line_right + pt(4)
        end = right - label_w - pt(4)
        first_dot = math.ceil((start - x0) / dot_step) * dot_step + x0
        count = int((end - first_dot) // dot_step)
        if count > 0:
            painter.setFont(dot_font)
            painter.setPen(styles.RULE)
            painter.drawText(QPointF(first_dot, baseline), ". " * count)
        if meta is not None:
            painter.setPen(styles.MUTED)
            meta.draw(painter, tx, y + title.height + pt(1))
        areas.append((QRectF(x0, y, geometry.body_width, line.height), page))
        y += line.height + ENTRY_GAP
    return areas

"""The cover page: title, subtitle, compiler, dates, article count, description."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QPainter, QPen

from dossierdesk import __version__
from dossierdesk.pdf import styles
from dossierdesk.pdf.geometry import PageGeometry, mm, pt
from dossierdesk.pdf.model import DossierDocument
from dossierdesk.pdf.textlines import wrap


@dataclass(frozen=True, slots=True)
class CoverFacts:
    article_count: int
    first_published: dt.date | None
    last_published: dt.date | None


def date_range(first: dt.date | None, last: dt.date | None) -> str:
    if first is None or last is None:
        return ""
    a, b = styles.format_month(first), styles.format_month(last)
    return a if a == b else f"{a} – {b}"


def cover_lines(document: DossierDocument, facts: CoverFacts) -> list[str]:
    """The facts block under the title (also what tests look for)."""
    lines = []
    if document.compiled_by:
        lines.append(f"Compiled by {document.compiled_by}")
    lines.append(styles.format_date(document.compiled_on))
    n = facts.article_count
    count = f"{n:,} article{'s' if n != 1 else ''}"
    span = date_range(facts.first_published, facts.last_published)
    lines.append(f"{count}, {span}" if span else count)
    return lines


def paint_cover(
    painter: QPainter, geometry: PageGeometry, document: DossierDocument, facts: CoverFacts
) -> None:
    x = geometry.left + mm(8)
    width = geometry.body_width - mm(16)
    y = geometry.top + mm(30)

    painter.setPen(styles.ACCENT)
    label = styles.font(9, bold=True)
    label.setLetterSpacing(label.SpacingType.PercentageSpacing, 118)
    painter.setFont(label)
    painter.drawText(QRectF(x, y, width, pt(14)), "DOSSIER")
    y += pt(18)
    painter.setPen(QPen(styles.ACCENT, pt(2.2)))
    painter.drawLine(QLineF(x, y, x + width, y))
    y += pt(16)

    painter.setPen(styles.INK)
    title = wrap(
        document.title,
        styles.font(28, serif=True, bold=True),
        width,
        line_spacing=1.05,
        max_lines=6,
    )
    title.draw(painter, x, y)
    y += title.height + pt(8)

    if document.subtitle:
        painter.setPen(styles.MUTED)
        sub = wrap(document.subtitle, styles.font(14), width, max_lines=4)
        sub.draw(painter, x, y)
        y += sub.height + pt(6)

    y += pt(10)
    painter.setPen(QPen(styles.RULE, pt(0.6)))
    painter.drawLine(QLineF(x, y, x + width * 0.35, y))
    y += pt(14)

    facts_font = styles.font(11)
    for n, line in enumerate(cover_lines(document, facts)):
        painter.setPen(styles.INK if n == 0 else styles.MUTED)
        block = wrap(line, facts_font, width, max_lines=2)
        block.draw(painter, x, y)
        y += block.height + pt(3)

    bottom = geometry.height - geometry.bottom - pt(24)
    if document.description:
        y += pt(18)
        body = styles.font(11, serif=True)
        probe = wrap(document.description, body, width, line_spacing=1.3)
        line_h = probe.height / max(1, probe.line_count)
        fits = max(1, int((bottom - y) // line_h)) if line_h else 1
        painter.setPen(styles.INK)
        text = wrap(document.description, body, width, line_spacing=1.3, max_lines=fits)
        text.draw(painter, x, y)

    painter.setPen(styles.MUTED)
    painter.setFont(styles.font(7.5))
    painter.drawText(
        QRectF(x, geometry.height - geometry.bottom - pt(10), width, pt(12)),
        f"Prepared with Dossier Desk {__version__}",
    )

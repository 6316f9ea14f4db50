"""Running header and footer painted around the body of every page but the cover."""

from __future__ import annotations

import datetime as dt
import functools

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QPainter, QPen

from dossierdesk.pdf import styles
from dossierdesk.pdf.geometry import PageGeometry, pt


@functools.lru_cache(maxsize=8)
def _elided(text: str, width: float) -> str:
    """``text`` on one line, elided to ``width`` in the header font (cached: the dossier title
    and an article's title come back on every page)."""
    metrics = styles.metrics(styles.shared_font(8))
    return metrics.elidedText(" ".join(text.split()), Qt.TextElideMode.ElideRight, width)


def paint_header(painter: QPainter, geometry: PageGeometry, title: str, section: str) -> None:
    f = styles.shared_font(8)
    metrics = styles.metrics(f)
    painter.setFont(f)
    painter.setPen(styles.MUTED)
    half = geometry.body_width * 0.48
    left = _elided(title, half)
    right = _elided(section, half)
    y = geometry.header_baseline
    painter.drawText(QPointF(geometry.left, y), left)
    painter.drawText(
        QPointF(geometry.width - geometry.right - metrics.horizontalAdvance(right), y), right
    )
    painter.setPen(QPen(styles.RULE, pt(0.5)))
    rule = geometry.header_rule
    painter.drawLine(QLineF(geometry.left, rule, geometry.width - geometry.right, rule))


def paint_footer(
    painter: QPainter, geometry: PageGeometry, page: int, total: int, compiled_on: dt.date
) -> None:
    y = geometry.footer_baseline
    small = styles.shared_font(7)
    painter.setFont(small)
    painter.setPen(styles.MUTED)
    painter.drawText(QPointF(geometry.left, y), f"Compiled {styles.format_date(compiled_on)}")
    f = styles.shared_font(8)
    painter.setFont(f)
    painter.setPen(styles.INK)
    text = f"Page {page} of {total}"
    width = styles.metrics(f).horizontalAdvance(text)
    painter.drawText(QPointF(geometry.width - geometry.right - width, y), text)

"""Running header and footer painted around the body of every page but the cover."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen

from dossierdesk.pdf import styles
from dossierdesk.pdf.geometry import PageGeometry, pt


def paint_header(painter: QPainter, geometry: PageGeometry, title: str, section: str) -> None:
    f = styles.font(8)
    metrics = QFontMetricsF(f)
    painter.setFont(f)
    painter.setPen(styles.MUTED)
    half = geometry.body_width * 0.48
    left = metrics.elidedText(" ".join(title.split()), Qt.TextElideMode.ElideRight, half)
    right = metrics.elidedText(" ".join(section.split()), Qt.TextElideMode.ElideRight, half)
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
    small = styles.font(7)
    painter.setFont(small)
    painter.setPen(styles.MUTED)
    painter.drawText(QPointF(geometry.left, y), f"Compiled {styles.format_date(compiled_on)}")
    f = styles.font(8)
    painter.setFont(f)
    painter.setPen(styles.INK)
    text = f"Page {page} of {total}"
    width = QFontMetricsF(f).horizontalAdvance(text)
    painter.drawText(QPointF(geometry.width - geometry.right - width, y), text)

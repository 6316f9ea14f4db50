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


class PageChrome:
    """The header (dossier title, section, rule) and footer (compilation date, "Page X of Y")
    of one dossier. Fonts, pens and positions are worked out once: the chrome is painted on
    hundreds of pages."""

    def __init__(self, geometry: PageGeometry, title: str, compiled_on: dt.date) -> None:
        self.geometry = geometry
        self._font = styles.shared_font(8)
        self._small = styles.shared_font(7)
        self._metrics = styles.metrics(self._font)
        self._half = geometry.body_width * 0.48
        self._right = geometry.width - geometry.right
        self._title = _elided(title, self._half)
        self._title_at = QPointF(geometry.left, geometry.header_baseline)
        rule = geometry.header_rule
        self._rule = QLineF(geometry.left, rule, self._right, rule)
        self._rule_pen = QPen(styles.RULE, pt(0.5))
        self._compiled = f"Compiled {styles.format_date(compiled_on)}"
        self._compiled_at = QPointF(geometry.left, geometry.footer_baseline)
        self._sections: dict[str, tuple[str, QPointF]] = {}

    def paint(self, painter: QPainter, section: str, page: int, total: int) -> None:
        self.paint_header(painter, section)
        self.paint_footer(painter, page, total)

    def paint_header(self, painter: QPainter, section: str) -> None:
        placed = self._sections.get(section)
        if placed is None:
            text = _elided(section, self._half)
            x = self._right - self._metrics.horizontalAdvance(text)
            placed = self._sections[section] = (text, QPointF(x, self.geometry.header_baseline))
            if len(self._sections) > 64:  # one article's pages come together: keep it small
                self._sections = {section: placed}
        painter.setFont(self._font)
        painter.setPen(styles.MUTED)
        painter.drawText(self._title_at, self._title)
        painter.drawText(placed[1], placed[0])
        painter.setPen(self._rule_pen)
        painter.drawLine(self._rule)

    def paint_footer(self, painter: QPainter, page: int, total: int) -> None:
        painter.setFont(self._small)
        painter.setPen(styles.MUTED)
        painter.drawText(self._compiled_at, self._compiled)
        painter.setFont(self._font)
        painter.setPen(styles.INK)
        text = f"Page {page} of {total}"
        x = self._right - self._metrics.horizontalAdvance(text)
        painter.drawText(QPointF(x, self.geometry.footer_baseline), text)

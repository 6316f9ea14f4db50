"""Wrapped plain text for the parts painted directly (cover, contents, credits, page chrome)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QPainter, QTextLayout, QTextOption

LINE_SEPARATOR = "\u2028"


def single_line(text: str) -> str:
    """Collapse line breaks and runs of spaces (for table cells and contents entries)."""
    return " ".join(text.split())


@dataclass(slots=True)
class WrappedText:
    """Text laid out at a width; painted with :meth:`draw` at any position."""

    layout: QTextLayout
    height: float
    last_line_right: float
    last_line_top: float
    last_line_ascent: float
    line_count: int

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        self.layout.draw(painter, QPointF(x, y))


def wrap(
    text: str,
    font: QFont,
    width: float,
    *,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    line_spacing: float = 1.0,
    max_lines: int | None = None,
) -> WrappedText:
    """Break ``text`` into lines no wider than ``width`` (plain text: nothing is interpreted)."""
    layout = QTextLayout(text.replace("\n", LINE_SEPARATOR), font)
    option = QTextOption(align)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setUseDesignMetrics(True)
    layout.setTextOption(option)
    layout.setCacheEnabled(True)
    y = 0.0
    right = top = ascent = 0.0
    count = 0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        if max_lines is not None and count == max_lines:
            line.setNumColumns(0)
            line.setPosition(QPointF(0, y))
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        top, ascent = y, line.ascent()
        right = line.x() + line.naturalTextWidth()
        y += line.height() * line_spacing
        count += 1
    layout.endLayout()
    return WrappedText(layout, y, right, top, ascent, count)

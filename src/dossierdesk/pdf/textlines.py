"""Wrapped plain text for the parts painted directly (cover, contents, credits, page chrome)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QPainter, QTextLayout, QTextOption

from dossierdesk.pdf.styles import metrics as _metrics

LINE_SEPARATOR = "\u2028"
# Enum members looked up once: attribute access on Qt enums costs microseconds, and wrap()
# runs for every cell of the credits table.
_LEFT = Qt.AlignmentFlag.AlignLeft
_WRAP_MODE = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


def single_line(text: str) -> str:
    """Collapse line breaks and runs of spaces (for table cells and contents entries)."""
    return " ".join(text.split())


@dataclass(slots=True)
class WrappedText:
    """Text laid out at a width; painted with :meth:`draw` at any position.

    Text that fits on one line has no ``layout`` (measuring it with font metrics is several
    times cheaper, which counts in a credits table of thousands of cells); it is drawn with
    ``QPainter.drawText`` in ``font``.
    """

    layout: QTextLayout | None
    height: float
    last_line_right: float
    last_line_top: float
    last_line_ascent: float
    line_count: int
    text: str = ""
    font: QFont | None = None

    @property
    def first_line_ascent(self) -> float:
        if self.layout is not None and self.layout.lineCount():
            return self.layout.lineAt(0).ascent()
        return self.last_line_ascent

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        if self.layout is not None:
            self.layout.draw(painter, QPointF(x, y))
        elif self.text and self.font is not None:
            painter.setFont(self.font)
            painter.drawText(QPointF(x, y + self.last_line_ascent), self.text)


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
    if align == _LEFT and "\n" not in text and max_lines != 0:
        metrics = _metrics(font)
        advance = metrics.horizontalAdvance(text)
        if advance <= width:
            return WrappedText(
                None,
                metrics.height() * line_spacing,
                advance,
                0.0,
                metrics.ascent(),
                1,
                text,
                font,
            )
    layout = QTextLayout(text.replace("\n", LINE_SEPARATOR), font)
    option = QTextOption(align)
    option.setWrapMode(_WRAP_MODE)
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

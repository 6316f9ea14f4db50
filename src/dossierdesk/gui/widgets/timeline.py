"""The timeline strip: a histogram of articles per month for the current results.

Bars are painted with palette colours (works in dark mode). Dragging across the strip selects
a range of months and emits ``rangeSelected("YYYY-MM", "YYYY-MM")``; a click on one bar selects
that month.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from dossierdesk.gui.i18n import translate

CHART_HEIGHT = 56  # px of bars above the month labels
MIN_BAR_WIDTH = 3.0  # px: a lone month among hundreds still reads as a bar
MIN_BAR_HEIGHT = 3.0  # px: a month with one article next to a peak of hundreds
TOP_MARGIN = 4


def _month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def date_range_condition(first: str, last: str) -> str:
    """The ``date:`` condition for a month range (a single month when both are equal)."""
    if first > last:
        first, last = last, first
    return f"date:{first}" if first == last else f"date:{first}..{last}"


class TimelineWidget(QWidget):
    rangeSelected = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts: dict[int, int] = {}
        self._first = self._last = 0
        self._drag: tuple[int, int] | None = None
        self.setMinimumHeight(self._full_height())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setAccessibleName(translate("Timeline", "Timeline: articles per month"))
        self.setToolTip(
            translate(
                "Timeline", "Articles per month. Drag across months to filter by that date range."
            )
        )

    def _label_height(self) -> int:
        return self.fontMetrics().height() + 2

    def _full_height(self) -> int:
        return TOP_MARGIN + CHART_HEIGHT + self._label_height()

    def sizeHint(self) -> QSize:
        return QSize(600, self._full_height())

    def set_counts(self, months: Sequence[tuple[str, int]]) -> None:
        self._counts = {_month_index(m): n for m, n in months if len(m) >= 7}
        if self._counts:
            self._first, self._last = min(self._counts), max(self._counts)
        else:
            self._first = self._last = 0
        self._drag = None
        self.update()

    def months(self) -> int:
        return self._last - self._first + 1 if self._counts else 0

    def month_at(self, x: float) -> str | None:
        n = self.months()
        if not n:
            return None
        width = max(1, self.width())
        index = self._first + min(n - 1, max(0, int(x * n / width)))
        return _month_name(index)

    def x_of(self, month: str) -> float:
        """Centre x of a month's bar (for tests and tooltips)."""
        n = max(1, self.months())
        return (_month_index(month) - self._first + 0.5) * self.width() / n

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        n = self.months()
        if not n:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                translate("Timeline", "No dated articles"),
            )
            return
        label_height = self._label_height()
        chart_h = max(4, self.height() - TOP_MARGIN - label_height)
        baseline = TOP_MARGIN + chart_h
        peak = max(self._counts.values())
        bar_w = self.width() / n
        low, high = self._drag_range()
        highlight = palette.color(QPalette.ColorRole.Highlight)
        # Bars in the accent colour, a little transparent so the picked range stands out;
        # both read on light and dark palettes.
        bar = QColor(highlight)
        bar.setAlpha(150)
        sel = QColor(highlight)
        sel.setAlpha(60)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(0, baseline, self.width(), baseline)
        for i in range(n):
            count = self._counts.get(self._first + i, 0)
            x = i * bar_w
            picked = low is not None and high is not None and low <= self._first + i <= high
            if picked:
                painter.fillRect(QRectF(x, 0, bar_w, self.height()), sel)
            if not count:
                continue
            h = max(MIN_BAR_HEIGHT, chart_h * count / peak)
            gap = 1.0 if bar_w > 4 else 0.0
            w = max(MIN_BAR_WIDTH, bar_w - gap)
            centre = x + bar_w / 2
            painter.fillRect(
                QRectF(centre - w / 2, baseline - h, w, h), highlight if picked else bar
            )
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        label_rect = QRectF(2, self.height() - label_height, self.width() - 4, label_height)
        painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignLeft), _month_name(self._first))
        painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignRight), _month_name(self._last))
        painter.end()

    def _drag_range(self) -> tuple[int | None, int | None]:
        if self._drag is None:
            return None, None
        a, b = self._drag
        return min(a, b), max(a, b)

    # -- mouse -----------------------------------------------------------------------------
    def _index_at(self, pos: QPoint) -> int | None:
        month = self.month_at(pos.x())
        return None if month is None else _month_index(month)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self._index_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self._drag = (index, index)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self._index_at(event.position().toPoint())
        if index is not None:
            count = self._counts.get(index, 0)
            self.setToolTip(
                translate("Timeline", "{month}: {count} article(s)", None, count).format(
                    month=_month_name(index)
                )
            )
        if self._drag is not None and index is not None:
            self._drag = (self._drag[0], index)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        low, high = self._drag_range()
        self._drag = None
        self.update()
        if low is not None and high is not None:
            self.rangeSelected.emit(_month_name(low), _month_name(high))

"""Draws a sidebar entry as its name, elided to fit, and its count right-aligned, always whole.

The default delegate elides the whole "name  (count)" text, so in a narrow sidebar the count is
what disappears first. Entries without a count (groups, saved searches) are drawn as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dossierdesk.gui.models.sidebar import COUNT_ROLE, NAME_ROLE

#: Space between the name and the count, and after the count, in pixels.
GAP = 8
MARGIN = 4


def fit_facet(metrics: QFontMetrics, name: str, count: str, width: int) -> tuple[str, int]:
    """(the name elided to leave room for the count, the count's width) in ``width`` pixels.

    The count is never shortened; the name gets what is left ("Defense Logistics Ag…  1,234"),
    possibly nothing but the ellipsis.
    """
    count_width = metrics.horizontalAdvance(count)
    room = max(0, width - count_width - GAP - MARGIN)
    return metrics.elidedText(name, Qt.TextElideMode.ElideRight, room), count_width


class FacetDelegate(QStyledItemDelegate):
    def texts(self, option: QStyleOptionViewItem, index: QModelIndex) -> tuple[str, str]:
        """(name as drawn, count as drawn) for ``index`` in ``option.rect`` (public for tests)."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name, count = str(index.data(NAME_ROLE) or ""), str(index.data(COUNT_ROLE) or "")
        elided, _width = fit_facet(opt.fontMetrics, name, count, self._text_rect(opt).width())
        return elided, count

    @staticmethod
    def _text_rect(opt: QStyleOptionViewItem) -> QRect:
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is None:
            return QRect(opt.rect)
        return style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        count = index.data(COUNT_ROLE)
        if not count:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        rect = self._text_rect(opt)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        name = str(index.data(NAME_ROLE) or "")
        elided, count_width = fit_facet(opt.fontMetrics, name, str(count), rect.width())
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        enabled = bool(opt.state & QStyle.StateFlag.State_Enabled)
        group = QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = opt.palette.color(group, text_role)
        count_color = QColor(text_color)
        if not selected:
            count_color.setAlpha(150)  # quieter than the name, still readable
        painter.save()
        painter.setClipRect(opt.rect)
        painter.setFont(opt.font)
        middle = Qt.AlignmentFlag.AlignVCenter
        painter.setPen(text_color)
        painter.drawText(rect, int(middle | Qt.AlignmentFlag.AlignLeft), elided)
        count_rect = QRect(
            rect.right() - MARGIN - count_width + 1, rect.top(), count_width, rect.height()
        )
        painter.setPen(count_color)
        painter.drawText(count_rect, int(middle | Qt.AlignmentFlag.AlignRight), str(count))
        painter.restore()

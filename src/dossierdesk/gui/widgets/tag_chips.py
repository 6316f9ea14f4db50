"""Item delegate drawing a row's tags as rounded chips (palette colours, or the tag's colour)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dossierdesk.gui.models.article_table import TAGS_ROLE


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


class TagChipDelegate(QStyledItemDelegate):
    def __init__(self, color_of: Callable[[str], str | None], parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._color_of = color_of

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        tags = index.data(TAGS_ROLE) or []
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not tags:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = option.fontMetrics
        rect = option.rect.adjusted(3, 3, -3, -3)
        x = float(rect.x())
        palette = option.palette
        for name in tags:
            width = metrics.horizontalAdvance(name) + 10
            if x + width > rect.right():
                painter.setPen(palette.color(QPalette.ColorRole.Text))
                painter.drawText(QRectF(x, rect.y(), 16, rect.height()), "…")
                break
            chip = QRectF(x, rect.y(), width, rect.height())
            custom = self._color_of(name)
            fill = QColor(custom) if custom and QColor.isValidColorName(custom) else None
            if fill is None:  # a tint of the highlight over the base: readable light or dark
                fill = _mix(
                    palette.color(QPalette.ColorRole.Base),
                    palette.color(QPalette.ColorRole.Highlight),
                    0.3,
                )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(chip, 6, 6)
            text_color = Qt.GlobalColor.black if fill.lightnessF() > 0.55 else Qt.GlobalColor.white
            painter.setPen(text_color)
            painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), name)
            x += width + 4
        painter.restore()

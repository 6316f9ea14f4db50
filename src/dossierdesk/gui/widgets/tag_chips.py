"""Item delegate drawing a row's tags as rounded chips (palette colours, or the tag's colour).

Each chip carries a × while the archive is writable: clicking it asks to take that tag off that
row's article (``removeRequested``; the window makes it an undoable step).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.models.article_columns import TAGS_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex
CLOSE = "×"


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


@dataclass(frozen=True, slots=True)
class Chip:
    name: str
    rect: QRectF
    close: QRectF | None  # the ×, when tags can be removed


def chip_layout(
    cell: QRect, metrics: QFontMetrics, tags: list[str], removable: bool
) -> tuple[list[Chip], float | None]:
    """The chips that fit in ``cell`` and where an ellipsis goes when some do not (its x)."""
    rect = cell.adjusted(3, 3, -3, -3)
    x = float(rect.x())
    close_w = metrics.horizontalAdvance(CLOSE) + 6 if removable else 0
    chips: list[Chip] = []
    for name in tags:
        width = metrics.horizontalAdvance(name) + 10 + close_w
        if x + width > rect.right():
            return chips, x
        chip = QRectF(x, rect.y(), width, rect.height())
        close = (
            QRectF(chip.right() - close_w - 2, chip.y(), close_w, chip.height())
            if removable
            else None
        )
        chips.append(Chip(name, chip, close))
        x += width + 4
    return chips, None


class TagChipDelegate(QStyledItemDelegate):
    removeRequested = Signal(int, str)  # row, tag name: the chip's × was clicked

    def __init__(self, color_of: Callable[[str], str | None], parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._color_of = color_of
        self.removable = False  # the window sets it while the archive is writable

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
        palette = option.palette
        chips, ellipsis = chip_layout(option.rect, option.fontMetrics, tags, self.removable)
        for chip in chips:
            custom = self._color_of(chip.name)
            fill = QColor(custom) if custom and QColor.isValidColorName(custom) else None
            if fill is None:  # a tint of the highlight over the base: readable light or dark
                fill = _mix(
                    palette.color(QPalette.ColorRole.Base),
                    palette.color(QPalette.ColorRole.Highlight),
                    0.3,
                )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(chip.rect, 6, 6)
            text_color = Qt.GlobalColor.black if fill.lightnessF() > 0.55 else Qt.GlobalColor.white
            painter.setPen(text_color)
            text_rect = chip.rect.adjusted(5, 0, -(chip.close.width() if chip.close else 0) - 5, 0)
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignCenter), chip.name)
            if chip.close is not None:
                painter.drawText(chip.close, int(Qt.AlignmentFlag.AlignCenter), CLOSE)
        if ellipsis is not None:
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(
                QRectF(ellipsis, option.rect.y() + 3, 16, option.rect.height() - 6), "…"
            )
        painter.restore()

    def _close_hit(
        self, option: QStyleOptionViewItem, index: AnyIndex, x: float, y: float
    ) -> str | None:
        if not self.removable:
            return None
        tags = index.data(TAGS_ROLE) or []
        chips, _ = chip_layout(option.rect, option.fontMetrics, tags, True)
        for chip in chips:
            if chip.close is not None and chip.close.contains(x, y):
                return chip.name
        return None

    def editorEvent(
        self, event: QEvent, model: object, option: QStyleOptionViewItem, index: AnyIndex
    ) -> bool:
        if isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton:
            pos = event.position()
            name = self._close_hit(option, index, pos.x(), pos.y())
            if name is not None:
                if event.type() == QEvent.Type.MouseButtonRelease:
                    self.removeRequested.emit(index.row(), name)
                return True  # the click on × neither selects nor starts a drag
        return super().editorEvent(event, model, option, index)  # type: ignore[arg-type]

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: AnyIndex,
    ) -> bool:
        name = self._close_hit(option, index, event.pos().x(), event.pos().y())
        if name is not None:
            tip = translate("TagChips", "Remove the tag “{tag}” from this article").format(tag=name)
            QToolTip.showText(event.globalPos(), tip, view)
            return True
        return super().helpEvent(event, view, option, index)

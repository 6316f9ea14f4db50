"""Draws the table's Match column: the body snippet with the matched words highlighted.

The snippet comes from the archive with its matches between U+E000 and U+E001; the text is
escaped before it becomes rich text, so nothing in an article can inject markup.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF
from PySide6.QtGui import QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dossierdesk.gui.models.article_table import MARK_END, MARK_START, SNIPPET_ROLE

_MARK_STYLE = "background-color:#fff2a8;color:#000"


def snippet_html(raw: str) -> str:
    """Escaped snippet text, each match in <b> with a highlight."""
    out: list[str] = []
    rest = raw
    while rest:
        start = rest.find(MARK_START)
        if start < 0:
            out.append(html.escape(rest))
            break
        end = rest.find(MARK_END, start + 1)
        if end < 0:
            end = len(rest)
        out.append(html.escape(rest[:start]))
        out.append(f"<b style='{_MARK_STYLE}'>{html.escape(rest[start + 1 : end])}</b>")
        rest = rest[end + 1 :]
    return "".join(out)


class SnippetDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        raw = index.data(SNIPPET_ROLE)
        if not raw:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(opt.font)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = opt.palette.color(role).name()
        doc.setHtml(f"<span style='color:{color};white-space:pre'>{snippet_html(raw)}</span>")
        rect = opt.rect
        painter.save()
        painter.setClipRect(rect)
        top = rect.top() + max(0, (rect.height() - doc.size().height()) / 2)
        painter.translate(rect.left() + 4, top)
        doc.drawContents(painter, QRectF(0, 0, rect.width() - 4, doc.size().height()))
        painter.restore()

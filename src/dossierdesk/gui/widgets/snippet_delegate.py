"""Draws the table's Match column: the body snippet with the matched words highlighted.

The snippet comes from the archive with its matches between U+E000 and U+E001; the text is
escaped before it becomes rich text, so nothing in an article can inject markup. In a column
too narrow for the text before the first match, that text is shortened from its start, so
that the match shows (``lead_in``).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF
from PySide6.QtGui import QFontMetricsF, QPainter, QPalette, QTextDocument
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


def lead_in(raw: str, room: float, advance: Callable[[str], float]) -> str:
    """``raw`` with the text before its first match cut from the start (at a word, with an
    ellipsis) until it takes at most a third of ``room`` pixels, as ``advance`` measures
    text; unchanged when it already does, or holds no match."""
    start = raw.find(MARK_START)
    if start <= 0 or advance(raw[:start]) <= room / 3:
        return raw
    words = raw[:start].split(" ")
    kept = ""
    for first in range(len(words) - 1, -1, -1):
        candidate = " ".join(words[first:])
        if advance("…" + candidate) > room / 3:
            break
        kept = candidate
    return "…" + kept + raw[start:]


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
        rect = opt.rect
        raw = lead_in(raw, rect.width() - 4, QFontMetricsF(opt.font).horizontalAdvance)
        doc.setHtml(f"<span style='color:{color};white-space:pre'>{snippet_html(raw)}</span>")
        painter.save()
        painter.setClipRect(rect)
        top = rect.top() + max(0, (rect.height() - doc.size().height()) / 2)
        painter.translate(rect.left() + 4, top)
        doc.drawContents(painter, QRectF(0, 0, rect.width() - 4, doc.size().height()))
        painter.restore()

"""Draws the table's Match column: the body snippet with the matched words highlighted.

The snippet comes from the archive with its matches between U+E000 and U+E001; the text is
escaped before it becomes rich text, so nothing in an article can inject markup. In a column
too narrow for the text before the first match, that text is shortened from its start, so
that the match shows (``lead_in``); what does not fit after it ends in an ellipsis
(``trail_off``), as the other columns' text does, rather than in a letter cut in half.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dossierdesk.gui.match_style import MATCH_STYLE
from dossierdesk.gui.models.article_columns import MARK_END, MARK_START, SNIPPET_ROLE


def _segments(raw: str) -> list[tuple[str, bool]]:
    """The snippet's runs of text, each with whether it is a match."""
    out: list[tuple[str, bool]] = []
    rest = raw
    while rest:
        start = rest.find(MARK_START)
        if start < 0:
            out.append((rest, False))
            break
        end = rest.find(MARK_END, start + 1)
        if end < 0:
            end = len(rest)
        if start:
            out.append((rest[:start], False))
        out.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return out


def snippet_html(raw: str) -> str:
    """Escaped snippet text, each match in <b> with a highlight."""
    return "".join(
        f"<b style='{MATCH_STYLE}'>{html.escape(text)}</b>" if match else html.escape(text)
        for text, match in _segments(raw)
    )


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


def trail_off(
    raw: str, room: float, advance: Callable[[str], float], bold: Callable[[str], float]
) -> str:
    """``raw`` cut where it no longer fits in ``room`` pixels, followed by an ellipsis (a match
    cut keeps its marks); unchanged when it fits. ``advance`` measures text, ``bold`` the
    matches (drawn in bold)."""
    segments = [(text, match, (bold if match else advance)(text)) for text, match in _segments(raw)]
    if sum(width for _, _, width in segments) <= room:
        return raw
    budget = room - advance("…")
    kept: list[tuple[str, bool]] = []
    used = 0.0
    for text, match, width in segments:
        if used + width <= budget:
            kept.append((text, match))
            used += width
            continue
        measure = bold if match else advance
        low, high = 0, len(text)  # the longest start of the text that fits
        while low < high:
            middle = (low + high + 1) // 2
            if used + measure(text[:middle]) <= budget:
                low = middle
            else:
                high = middle - 1
        if text[:low].rstrip():
            kept.append((text[:low].rstrip(), match))
        break
    return "".join(MARK_START + t + MARK_END if m else t for t, m in kept).rstrip() + "…"


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
        metrics = QFontMetricsF(opt.font)
        raw = lead_in(raw, rect.width() - 4, metrics.horizontalAdvance)
        strong = QFont(opt.font)
        strong.setBold(True)
        raw = trail_off(
            raw,
            rect.width() - 8,
            metrics.horizontalAdvance,
            QFontMetricsF(strong).horizontalAdvance,
        )
        doc.setHtml(f"<span style='color:{color};white-space:pre'>{snippet_html(raw)}</span>")
        painter.save()
        painter.setClipRect(rect)
        top = rect.top() + max(0, (rect.height() - doc.size().height()) / 2)
        painter.translate(rect.left() + 4, top)
        doc.drawContents(painter, QRectF(0, 0, rect.width() - 4, doc.size().height()))
        painter.restore()

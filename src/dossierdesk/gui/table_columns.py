"""The article table's column widths when the user has not set them.

The columns' default widths add up to about 1,050 pixels; a 1280×800 window leaves the table
about 640. Given only what the other columns leave, the title was cut after some twenty
characters, beside an empty Match column (it holds snippets for word queries only). So:

- the Match column is shown while the query has words to match, unless the user turned it off
  (the header's menu);
- while the user has not resized a column, the widths are fitted to the table on the first
  show and whenever the Match column comes or goes: the title (and Match, when shown) take
  the spare width; when there is too little, the other columns give up width in proportion
  to what they have above their minimum, until the title has ``TITLE_MIN_EM`` characters
  (``TITLE_MIN_WITH_MATCH_EM`` beside a Match column of ``MATCH_MIN_EM``) and the two
  together a share of the table (``FLEXIBLE_SHARE``, ``FLEXIBLE_SHARE_WITH_MATCH``: the
  snippets are what a word search is read by), or every other column is at its minimum (the
  table then scrolls sideways when even the title's minimum does not fit). Fitted again when
  the table's width changes (``ArticleTableView``), so they follow the window and splitter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDrag, QPainter, QPalette, QPixmap

from dossierdesk.gui.i18n import translate
from dossierdesk.gui.selected_rows import RowTableView, selected_row_ranges

TITLE_MIN_EM = 30
TITLE_MIN_WITH_MATCH_EM = 22  # beside the Match column
MATCH_MIN_EM = 16
TITLE_SHARE_WITH_MATCH = 0.55  # of the width left to the title and the Match column
# In a narrow table, the title (and Match) get at least this share of its width, as far as
# the other columns' minimums allow.
FLEXIBLE_SHARE = 0.35
FLEXIBLE_SHARE_WITH_MATCH = 0.5


def fitted_widths(
    available: int,
    widths: Mapping[int, int],
    minimums: Mapping[int, int],
    title: int,
    match: int | None,
    em: int,
) -> dict[int, int]:
    """New widths for the visible columns ``widths`` (their current widths, the title's and
    Match's included) in ``available`` pixels: ``title`` and ``match`` (``None`` when hidden)
    share what the others leave; the others shrink toward ``minimums`` when that is too
    little (see the module docstring)."""
    others = {c: w for c, w in widths.items() if c not in (title, match)}
    title_min = (TITLE_MIN_EM if match is None else TITLE_MIN_WITH_MATCH_EM) * em
    share = FLEXIBLE_SHARE if match is None else FLEXIBLE_SHARE_WITH_MATCH
    least = title_min + (MATCH_MIN_EM * em if match is not None else 0)
    wanted = max(least, round(available * share))
    deficit = sum(others.values()) + wanted - available
    if deficit > 0:
        room = {c: max(0, w - minimums.get(c, w)) for c, w in others.items()}
        shrinkable = sum(room.values())
        if shrinkable:
            take = min(deficit, shrinkable)
            others = {c: w - round(room[c] * take / shrinkable) for c, w in others.items()}
    flexible = max(available - sum(others.values()), least)
    fitted = dict(others)
    if match is None:
        fitted[title] = flexible
    else:
        title_width = round(flexible * TITLE_SHARE_WITH_MATCH)
        fitted[title] = min(max(title_width, title_min), flexible - MATCH_MIN_EM * em)
        fitted[match] = flexible - fitted[title]
    return fitted


# A drag of more rows than this is started by the table itself (``startDrag``).
LARGE_DRAG_ROWS = 1000


class ArticleTableView(RowTableView):
    """The article table, which says when its width changes (``widthChanged``), so that
    columns the user has not sized follow it, and drags many rows as rows."""

    widthChanged = Signal()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.widthChanged.emit()

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """A drag of many rows is given its rows, read from the selection's ranges. Qt's own
        lists every selected cell, asking the model for each one's flags, and hands them all
        to ``mimeData``: 95,000 rows selected took 4.6 s before the drag began. Its picture
        is then a label saying how many articles go, not the rows drawn."""
        selection = self.selectionModel()
        spans = selected_row_ranges(selection) if selection is not None else []
        count = sum(len(span) for span in spans)
        rows_mime_data = getattr(self.model(), "rows_mime_data", None)
        if count <= LARGE_DRAG_ROWS or rows_mime_data is None:
            super().startDrag(supportedActions)
            return
        drag = QDrag(self)
        drag.setMimeData(rows_mime_data(spans))
        drag.setPixmap(self._drag_label(count))
        drag.exec(supportedActions, self.defaultDropAction())

    def _drag_label(self, count: int) -> QPixmap:
        text = translate("ArticleTable", "{count} article(s)", None, count).format(
            count=f"{count:,}"
        )
        metrics = self.fontMetrics()
        pad = metrics.height() // 2
        pixmap = QPixmap(metrics.horizontalAdvance(text) + 2 * pad, metrics.height() + pad)
        pixmap.fill(self.palette().color(QPalette.ColorRole.Highlight))
        painter = QPainter(pixmap)
        painter.setPen(self.palette().color(QPalette.ColorRole.HighlightedText))
        painter.setFont(self.font())
        painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        return pixmap

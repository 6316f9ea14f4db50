"""The article table model: a list of ids, rows fetched page by page and cached.

The model holds only the ids of the current result (found on a worker by ``QueryRunner``).
Summaries are fetched from ``Archive.summaries`` one page at a time when a row is first shown
and kept in a bounded LRU cache, so a 100,000-article result never loads every row. Sorting is
done in SQL: ``sort()`` only emits ``sortRequested`` with the service's sort spec and the window
re-runs the query.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from dossierdesk.service import Archive
from dossierdesk.service.dto import ArticleSummary

log = logging.getLogger(__name__)

PAGE_SIZE = 100
MAX_CACHED_PAGES = 40
ARTICLE_IDS_MIME = "application/x-dossierdesk-article-ids"

ID_ROLE = Qt.ItemDataRole.UserRole + 1
TAGS_ROLE = Qt.ItemDataRole.UserRole + 2

# (header, sort field in the service or None when the column cannot be sorted in SQL)
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("Date", "date"),
    ("Title", "title"),
    ("Authors", None),
    ("Source", "source"),
    ("Tags", None),
    ("Images", "images"),
    ("VIRINs", "virins"),
    ("Imported", "imported"),
)
COL_DATE, COL_TITLE, COL_AUTHORS, COL_SOURCE, COL_TAGS, COL_IMAGES, COL_VIRINS, COL_IMPORTED = (
    range(len(COLUMNS))
)

_Index = QModelIndex | QPersistentModelIndex


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


class ArticleTableModel(QAbstractTableModel):
    sortRequested = Signal(str)  # a service sort spec such as "-date" or "title"

    def __init__(self, archive: Archive, parent: Any = None) -> None:
        super().__init__(parent)
        self._archive = archive
        self._ids: tuple[int, ...] = ()
        self._row_of: dict[int, int] | None = None
        self._pages: OrderedDict[int, dict[int, ArticleSummary]] = OrderedDict()
        self.summaries_fetched = 0  # how many rows were read from the archive (tests, bench)

    # -- content ---------------------------------------------------------------------------
    def set_archive(self, archive: Archive) -> None:
        self._archive = archive
        self.set_ids(())

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = tuple(ids)
        self._row_of = None
        self._pages.clear()
        self.endResetModel()

    def invalidate_rows(self) -> None:
        """Forget cached rows (data changed) and repaint, keeping the ids."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    def ids(self) -> tuple[int, ...]:
        return self._ids

    def article_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, article_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {a: r for r, a in enumerate(self._ids)}
        return self._row_of.get(article_id)

    def cached_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    def summary(self, row: int) -> ArticleSummary | None:
        if not 0 <= row < len(self._ids):
            return None
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(number)
        else:
            self._pages.move_to_end(number)
        return page.get(self._ids[row])

    def _fetch(self, number: int) -> dict[int, ArticleSummary]:
        ids = self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        try:
            rows = self._archive.summaries(ids)
        except Exception:  # archive gone or locked: show empty cells, never crash a paint
            log.exception("could not read rows %d..", number * PAGE_SIZE)
            rows = []
        self.summaries_fetched += len(rows)
        page = {s.id: s for s in rows}
        self._pages[number] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][0]
            if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][1] is None:
                return f"{COLUMNS[section][0]} (not sortable)"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
            TAGS_ROLE,
        ):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (COL_IMAGES, COL_VIRINS):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        s = self.summary(index.row())
        if s is None:
            return None
        if role == TAGS_ROLE:
            return list(s.tags)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TITLE:
                return s.title
            if column == COL_VIRINS and s.virins:
                return "\n".join(s.virins)
            if column == COL_AUTHORS and s.authors:
                return "\n".join(s.authors)
            return None
        return self._display(s, column)

    @staticmethod
    def _display(s: ArticleSummary, column: int) -> str:
        if column == COL_DATE:
            return _date(s.published)
        if column == COL_TITLE:
            return s.title
        if column == COL_AUTHORS:
            return "; ".join(s.authors)
        if column == COL_SOURCE:
            return s.source or ""
        if column == COL_TAGS:
            return ", ".join(s.tags)
        if column == COL_IMAGES:
            return str(s.image_count) if s.image_count else ""
        if column == COL_VIRINS:
            return str(len(s.virins)) if s.virins else ""
        if column == COL_IMPORTED:
            return s.imported_at.strftime("%Y-%m-%d %H:%M")
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        field = COLUMNS[column][1]
        if field is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.sortRequested.emit(("-" if descending else "") + field)

    # -- drag and drop (articles onto sidebar tags) ----------------------------------------
    def mimeTypes(self) -> list[str]:
        return [ARTICLE_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QMimeData()
        payload = ",".join(str(self._ids[r]) for r in rows if r < len(self._ids))
        mime.setData(ARTICLE_IDS_MIME, payload.encode("ascii"))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


def article_ids_from_mime(mime: QMimeData) -> list[int]:
    if not mime.hasFormat(ARTICLE_IDS_MIME):
        return []
    raw = bytes(mime.data(ARTICLE_IDS_MIME).data()).decode("ascii", "replace")
    return [int(p) for p in raw.split(",") if p.strip().isdigit()]

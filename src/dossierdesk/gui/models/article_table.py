"""The article table model: a list of ids, rows fetched page by page and cached.

The model holds only the ids of the current result (found on a worker by ``QueryRunner``).
Summaries are fetched from ``Archive.summaries`` one page at a time when a row is first shown
and kept in a bounded LRU cache, so a 100,000-article result never loads every row. With a page
loader set (the window uses its worker), a missing page is requested in the background, its
cells stay empty meanwhile, and ``deliver_page`` fills them; without one (tests, simple uses)
the page is read synchronously. Sorting is
done in SQL: ``sort()`` only emits ``sortRequested`` with the service's sort spec and the window
re-runs the query.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from dossierdesk.gui.dossiers.mime import ARTICLE_IDS_MIME as ARTICLE_IDS_MIME
from dossierdesk.gui.dossiers.mime import decode_article_ids, encode_article_ids
from dossierdesk.service import Archive
from dossierdesk.service.dto import ArticleSummary

log = logging.getLogger(__name__)

PAGE_SIZE = 100
MAX_CACHED_PAGES = 40

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
#: ``loader(epoch, page_number, ids)``: fetch those summaries somewhere, then call
#: ``deliver_page(epoch, page_number, summaries)`` on the GUI thread.
PageLoader = Callable[[int, int, tuple[int, ...]], None]


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
        self._pending: set[int] = set()
        self._epoch = 0  # bumped whenever ids or rows change: late pages are dropped
        self._loader: PageLoader | None = None
        self._recent_page = 0  # the page last asked for by a paint
        self.summaries_fetched = 0  # how many rows were read from the archive (tests, bench)

    # -- content ---------------------------------------------------------------------------
    def set_archive(self, archive: Archive) -> None:
        self._archive = archive
        self.set_ids(())

    def set_page_loader(self, loader: PageLoader | None) -> None:
        self._loader = loader

    def set_ids(
        self, ids: Sequence[int], first_page: Sequence[ArticleSummary] | None = None
    ) -> None:
        """New result ids; ``first_page`` (summaries of the first ``PAGE_SIZE`` ids, fetched
        with the ids on the worker) spares the GUI thread the first read."""
        self.beginResetModel()
        self._ids = tuple(ids)
        self._row_of = None
        self._forget()
        if first_page is not None and self._ids:
            self._store(0, first_page)
        self.endResetModel()

    def _forget(self) -> None:
        self._pages.clear()
        self._pending.clear()
        self._epoch += 1

    def invalidate_rows(self) -> None:
        """Forget cached rows (data changed) and repaint, keeping the ids."""
        self._forget()
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
        """The row's summary, or None while its page is being fetched in the background."""
        if not 0 <= row < len(self._ids):
            return None
        number = row // PAGE_SIZE
        self._recent_page = number
        page = self._pages.get(number)
        if page is None:
            if self._loader is not None:
                self._request(number)
                return None
            page = self._fetch(number)
        else:
            self._pages.move_to_end(number)
        return page.get(self._ids[row])

    def _page_ids(self, number: int) -> tuple[int, ...]:
        return self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]

    def _request(self, number: int) -> None:
        if number in self._pending or self._loader is None:
            return
        self._pending.add(number)
        self._loader(self._epoch, number, self._page_ids(number))

    def page_wanted(self, epoch: int, number: int) -> bool:
        """Whether a requested page is still worth reading (called by the worker before it
        reads: pages scrolled past are skipped). Reads two ints; safe from another thread."""
        return epoch == self._epoch and abs(number - self._recent_page) <= 2

    def deliver_page(self, epoch: int, number: int, rows: Sequence[ArticleSummary] | None) -> None:
        """A page fetched in the background (``None``: skipped as no longer wanted); dropped if
        the ids changed meanwhile."""
        if epoch != self._epoch or number not in self._pending:
            return
        self._pending.discard(number)
        if rows is None:  # asked for again if it is painted again
            return
        self._store(number, rows)
        first = number * PAGE_SIZE
        last = min(len(self._ids), first + PAGE_SIZE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def page_failed(self, epoch: int, number: int) -> None:
        """The background fetch failed: keep the cells empty (no retry loop while painting)."""
        if epoch == self._epoch and number in self._pending:
            self._pending.discard(number)
            self._store(number, [])

    def _fetch(self, number: int) -> dict[int, ArticleSummary]:
        try:
            rows = self._archive.summaries(self._page_ids(number))
        except Exception:  # archive gone or locked: show empty cells, never crash a paint
            log.exception("could not read rows %d..", number * PAGE_SIZE)
            rows = []
        return self._store(number, rows)

    def _store(self, number: int, rows: Sequence[ArticleSummary]) -> dict[int, ArticleSummary]:
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
        return encode_article_ids([self._ids[r] for r in rows if r < len(self._ids)])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


def article_ids_from_mime(mime: QMimeData) -> list[int]:
    """The dragged ids: the JSON list the table writes, or a comma-separated list."""
    if not mime.hasFormat(ARTICLE_IDS_MIME):
        return []
    ids = decode_article_ids(mime)
    if ids is not None:
        return ids
    raw = bytes(mime.data(ARTICLE_IDS_MIME).data()).decode("ascii", "replace")
    return [int(p) for p in raw.split(",") if p.strip().isdigit()]

"""The article table model: a result read page by page, ids and rows alike.

The model knows the result's size and the ids of the pages read so far, never necessarily every
id: the window gives it the first page (ids and summaries, read on the search lane of
``gui/ops.py``) and the count once known (``set_total``); other pages are read when first shown.
With a page loader set (the window uses the search lane), a missing page is requested in the
background — its ids too when they are not known yet — its cells stay empty meanwhile, and
``deliver_page`` fills them; without one (tests, simple uses) the page is read synchronously.
Summaries are kept in a bounded LRU cache. ``set_ids`` gives every id at once (dossiers, tests).
An id source (``set_id_source``) reads the ids of rows not yet read when they are needed at once
(a selection across the result, a drag). Sorting is done in SQL: ``sort()`` only emits
``sortRequested`` with the service's sort spec and the window re-runs the query.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from dossierdesk.gui.dossiers.mime import ARTICLE_IDS_MIME as ARTICLE_IDS_MIME
from dossierdesk.gui.dossiers.mime import decode_article_ids
from dossierdesk.gui.i18n import translate
from dossierdesk.gui.models.article_columns import (
    COL_AUTHORS,
    COL_IMAGES,
    COL_MATCH,
    COL_TITLE,
    COL_VIRINS,
    COLUMNS,
    ID_ROLE,
    SNIPPET_ROLE,
    TAGS_ROLE,
    cell_text,
    one_line,
    plain_snippet,
)
from dossierdesk.service.dto import ArticleSummary

if TYPE_CHECKING:
    from dossierdesk.service import Archive

log = logging.getLogger(__name__)

PAGE_SIZE = 100
MAX_CACHED_PAGES = 40

_Index = QModelIndex | QPersistentModelIndex
_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsDragEnabled
    | Qt.ItemFlag.ItemNeverHasChildren
)
#: ``loader(epoch, page_number, ids)``: fetch those summaries somewhere (and, when ``ids`` is
#: None, the page's ids first), then call ``deliver_page(epoch, page_number, summaries, ids)``
#: on the GUI thread.
PageLoader = Callable[[int, int, tuple[int, ...] | None], None]
#: ``source(offset, limit)``: ids of the result's rows ``offset`` … (every one when ``limit`` is
#: None), read synchronously.
IdSource = Callable[[int, int | None], Sequence[int]]


def _pages(rows: int) -> int:
    return (rows + PAGE_SIZE - 1) // PAGE_SIZE


class AllIds(NamedTuple):
    """Every id of a result, and the same cut into pages of ``PAGE_SIZE`` by page number
    (``all_ids``, off the GUI thread)."""

    ids: tuple[int, ...]
    pages: dict[int, tuple[int, ...]]


def all_ids(ids: Sequence[int]) -> AllIds:
    every = tuple(ids)
    return AllIds(
        every, {n: every[n * PAGE_SIZE : (n + 1) * PAGE_SIZE] for n in range(_pages(len(every)))}
    )


def _page_numbers(rows: range) -> range:
    """The numbers of the pages that rows ``rows`` are on."""
    return range(rows.start // PAGE_SIZE, (rows.stop - 1) // PAGE_SIZE + 1) if rows else range(0)


class ArticleTableModel(QAbstractTableModel):
    sortRequested = Signal(str)  # a service sort spec such as "-date" or "title"

    def __init__(self, archive: Archive, parent: Any = None) -> None:
        super().__init__(parent)
        self._archive = archive
        self._total = 0
        self._id_pages: dict[int, tuple[int, ...]] = {}
        self._id_source: IdSource | None = None
        self._snippets: dict[int, str] = {}  # by article id, for the query shown
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

    def set_id_source(self, source: IdSource | None) -> None:
        self._id_source = source

    def set_ids(
        self, ids: Sequence[int], first_page: Sequence[ArticleSummary] | None = None
    ) -> None:
        """Every id of the result; ``first_page`` (summaries of the first ``PAGE_SIZE`` ids,
        fetched with the ids on the worker) spares the GUI thread the first read."""
        ids = tuple(ids)
        pages = {n: ids[n * PAGE_SIZE : (n + 1) * PAGE_SIZE] for n in range(_pages(len(ids)))}
        self._reset(len(ids), pages, first_page)

    def set_result(
        self,
        total: int,
        id_pages: Mapping[int, Sequence[int]],
        first_page: Sequence[ArticleSummary] | None = None,
    ) -> None:
        """A result of ``total`` rows of which the pages ``id_pages`` (page number: ids) are
        known; ``first_page``: the summaries of page 0."""
        pages = {n: tuple(p) for n, p in id_pages.items() if 0 <= n * PAGE_SIZE < total}
        self._reset(total, pages, first_page)

    def _reset(
        self,
        total: int,
        pages: dict[int, tuple[int, ...]],
        first_page: Sequence[ArticleSummary] | None,
    ) -> None:
        self.beginResetModel()
        self._total = total
        self._id_pages = pages
        self._row_of = None
        self._snippets = {}
        self._forget()
        if first_page is not None and total:
            self._store(0, first_page)
        self.endResetModel()

    def set_total(self, total: int) -> None:
        """The count arrived (or changed): rows are added or removed at the end, so the
        selection and the scroll position stay."""
        total = max(0, total)
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        elif total < self._total:
            self.beginRemoveRows(QModelIndex(), total, self._total - 1)
            self._total = total
            last = _pages(total)
            for n in [n for n in self._id_pages if n >= last]:
                del self._id_pages[n]
            if total % PAGE_SIZE and (last - 1) in self._id_pages:
                self._id_pages[last - 1] = self._id_pages[last - 1][: total % PAGE_SIZE]
            self._row_of = None
            self.endRemoveRows()

    def total(self) -> int:
        return self._total

    def epoch(self) -> int:
        """Changes whenever the rows change: a background result tagged with an older one
        is stale."""
        return self._epoch

    def add_snippets(self, epoch: int, snippets: Mapping[int, str]) -> None:
        """Match snippets (by article id) read in the background for the rows shown."""
        if epoch != self._epoch or not snippets:
            return
        self._keep_snippets(snippets)
        if self._total:
            self.dataChanged.emit(self.index(0, COL_MATCH), self.index(self._total - 1, COL_MATCH))

    def _keep_snippets(self, snippets: Mapping[int, str]) -> None:
        self._snippets.update((key, one_line(raw)) for key, raw in snippets.items())

    def _forget(self) -> None:
        self._pages.clear()
        self._pending.clear()
        self._epoch += 1

    def invalidate_rows(self) -> None:
        """Forget cached rows (data changed) and repaint, keeping the ids."""
        self._forget()
        if self._total:
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, len(COLUMNS) - 1))

    def ids(self) -> tuple[int, ...]:
        """Every id of the result, in order (read through the id source if not all known)."""
        self._ensure_ids(range(_pages(self._total)))
        out: list[int] = []
        for n in range(_pages(self._total)):
            out.extend(self._id_pages.get(n, ()))
        return tuple(out)

    def known_ids(self) -> int:
        """How many ids the model holds (tests, bench: the window never reads them all)."""
        return sum(len(p) for p in self._id_pages.values())

    def article_id(self, row: int) -> int:
        number = row // PAGE_SIZE
        if number not in self._id_pages:
            self._ensure_ids([number])
        return self._id_pages[number][row - number * PAGE_SIZE]

    def article_ids(self, rows: Sequence[int]) -> list[int]:
        """The ids of these rows (reading missing pages of ids at once, in one query when
        many are missing); rows past the end are left out."""
        return self.article_ids_in([range(r, r + 1) for r in rows])

    def article_ids_in(self, spans: Sequence[range]) -> list[int]:
        """``article_ids`` of the rows of these ranges (a selection's), taken a page at a time:
        a million selected rows are not listed one by one."""
        rows = self._clipped(spans)
        self._ensure_ids(sorted({n for span in rows for n in _page_numbers(span)}))
        return self.known_ids_in(rows)

    def known_ids_in(self, spans: Sequence[range]) -> list[int]:
        """``article_ids_in`` of the rows whose page of ids is known: nothing is read."""
        out: list[int] = []
        for span in self._clipped(spans):
            for n in _page_numbers(span):
                page = self._id_pages.get(n)
                if page is not None:
                    first = n * PAGE_SIZE
                    out.extend(page[max(span.start - first, 0) : span.stop - first])
        return out

    def _clipped(self, spans: Sequence[range]) -> list[range]:
        """The ranges' rows that the result has (empty ranges left out)."""
        rows = (range(max(0, s.start), min(s.stop, self._total)) for s in spans)
        return [r for r in rows if r]

    def all_ids_known(self) -> bool:
        return len(self._id_pages) >= _pages(self._total)

    def _ensure_ids(self, numbers: Sequence[int] | range) -> None:
        missing = [n for n in numbers if n not in self._id_pages]
        if not missing:
            return
        source = self._id_source
        if source is None:
            raise LookupError("ids of rows not read yet and no id source")
        if len(missing) > 3:  # one query for all rather than one per page
            every = tuple(source(0, None))
            for n in range(_pages(len(every))):
                self._id_pages[n] = every[n * PAGE_SIZE : (n + 1) * PAGE_SIZE]
        else:
            for n in missing:
                self._id_pages[n] = tuple(source(n * PAGE_SIZE, PAGE_SIZE))
        self._row_of = None

    def all_ids_reader(self) -> Callable[[], AllIds] | None:
        """What reads every id of the result (to be run off the GUI thread, what it reads then
        given to ``add_all_ids``), or None when they are all known or cannot be read."""
        source = self._id_source
        if source is None or self.all_ids_known():
            return None
        return lambda: all_ids(source(0, None))

    def add_all_ids(self, epoch: int, read: AllIds) -> None:
        """Every id of the result, read off the GUI thread for a large selection, so that
        acting on it does not read them here (a million rows: 2.3 s); dropped when the result
        changed since they were asked for. Its pages were cut off the GUI thread too (a
        million ids: 62 ms here)."""
        if epoch != self._epoch:
            return
        known = min(len(read.ids), self._total)
        for n in range(_pages(known)):
            if n not in self._id_pages:
                page = read.pages[n]  # (the last page known may end before the one read)
                self._id_pages[n] = page[: known - n * PAGE_SIZE]
        self._row_of = None

    def row_of(self, article_id: int) -> int | None:
        """The row of an id among the pages of ids read so far."""
        return self.known_rows().get(article_id)

    def known_rows(self) -> Mapping[int, int]:
        """The row of each id read so far, by id."""
        if self._row_of is None:
            self._row_of = {
                a: n * PAGE_SIZE + i for n, p in self._id_pages.items() for i, a in enumerate(p)
            }
        return self._row_of

    def cached_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    def summary(self, row: int) -> ArticleSummary | None:
        """The row's summary, or None while its page is being fetched in the background."""
        if not 0 <= row < self._total:
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
        ids = self._id_pages.get(number, ())
        offset = row - number * PAGE_SIZE
        return page.get(ids[offset]) if offset < len(ids) else None

    def _page_ids(self, number: int) -> tuple[int, ...] | None:
        return self._id_pages.get(number)

    def _request(self, number: int) -> None:
        if number in self._pending or self._loader is None:
            return
        self._pending.add(number)
        self._loader(self._epoch, number, self._page_ids(number))

    def page_wanted(self, epoch: int, number: int) -> bool:
        """Whether a requested page is still worth reading (called by the worker before it
        reads: pages scrolled past are skipped). Reads two ints; safe from another thread."""
        return epoch == self._epoch and abs(number - self._recent_page) <= 2

    def deliver_page(
        self,
        epoch: int,
        number: int,
        rows: Sequence[ArticleSummary] | None,
        ids: Sequence[int] | None = None,
        snippets: Mapping[int, str] | None = None,
    ) -> None:
        """A page fetched in the background (``None``: skipped as no longer wanted), with its
        ids when they were read too; dropped if the result changed meanwhile."""
        if epoch != self._epoch or number not in self._pending:
            return
        self._pending.discard(number)
        if rows is None:  # asked for again if it is painted again
            return
        if ids is not None and number not in self._id_pages:
            self._id_pages[number] = tuple(ids)
            self._row_of = None
        if snippets:
            self._keep_snippets(snippets)
        self._store(number, rows)
        first = number * PAGE_SIZE
        last = min(self._total, first + PAGE_SIZE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def page_failed(self, epoch: int, number: int) -> None:
        """The background fetch failed: keep the cells empty (no retry loop while painting)."""
        if epoch == self._epoch and number in self._pending:
            self._pending.discard(number)
            self._store(number, [])

    def _fetch(self, number: int) -> dict[int, ArticleSummary]:
        try:
            if number not in self._id_pages:
                self._ensure_ids([number])
            rows = self._archive.summaries(self._id_pages[number])
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
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return translate("ArticleTable", COLUMNS[section][0])
            if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][1] is None:
                return translate("ArticleTable", "{column} (not sortable)").format(
                    column=translate("ArticleTable", COLUMNS[section][0])
                )
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags  # (asked per cell)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._total:
            return None
        if role == ID_ROLE:
            ids = self._id_pages.get(index.row() // PAGE_SIZE, ())
            offset = index.row() % PAGE_SIZE
            return ids[offset] if offset < len(ids) else None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
            TAGS_ROLE,
            SNIPPET_ROLE,
        ):
            return None
        column = index.column()
        if column == COL_MATCH and role != Qt.ItemDataRole.TextAlignmentRole:
            ids = self._id_pages.get(index.row() // PAGE_SIZE, ())
            offset = index.row() % PAGE_SIZE
            raw = self._snippets.get(ids[offset]) if offset < len(ids) else None
            if raw is None or role == TAGS_ROLE:
                return None
            return raw if role == SNIPPET_ROLE else plain_snippet(raw)
        if role == SNIPPET_ROLE:
            return None
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
        return cell_text(s, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        field = COLUMNS[column][1]
        if field is None:
            return
        if field == "relevance":  # best first, whichever way the arrow points
            self.sortRequested.emit(field)
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.sortRequested.emit(("-" if descending else "") + field)

    # -- drag and drop (articles onto sidebar tags, dossiers, other programs) ---------------
    def mimeTypes(self) -> list[str]:
        return [ARTICLE_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The rows' ids (drops inside the app), their citations as text and HTML, and their
        original files as a URI list written when a drop target asks (``article_mime``)."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return self.rows_mime_data([range(r, r + 1) for r in rows])

    def rows_mime_data(self, spans: Sequence[range]) -> QMimeData:
        """``mimeData`` of the rows of these ranges (the table's own drag of many rows gives
        its selection's ranges, not an index per cell: ``ArticleTableView.startDrag``)."""
        from dossierdesk.gui.article_mime import article_mime  # loaded by the first drag

        return article_mime(self._archive, self.article_ids_in(spans))

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

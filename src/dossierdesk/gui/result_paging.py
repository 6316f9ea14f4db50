"""Reading a search result for the window a page at a time (on the search lane of ``gui/ops.py``).

The window never lists every matching id: it asks for the first page (ids and summaries), then
for the count in a separate job, then for other pages as they are scrolled to. Each job reads
one query's result with the sort the window shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dossierdesk.gui.models.article_table import PAGE_SIZE
from dossierdesk.service.dto import ArticleSummary

if TYPE_CHECKING:
    from dossierdesk.service import Archive


@dataclass(frozen=True, slots=True)
class FirstPage:
    """The top of a result: pages of ids read (page number: ids), the summaries of page 0,
    and the total when the first page already holds every match (else None: counted next)."""

    id_pages: dict[int, tuple[int, ...]]
    rows: list[ArticleSummary]
    total: int | None

    def rows_known(self) -> int:
        """The total if known, else how many rows the result has at least: to the end of the
        last page of ids read (a re-run reads the pages where the view was, to return there
        before the count comes)."""
        if self.total is not None:
            return self.total
        return max((n * PAGE_SIZE + len(ids) for n, ids in self.id_pages.items()), default=0)


def read_first_page(
    archive: Archive, query: str, sort: str, near_row: int | None = None
) -> FirstPage:
    """Page 0 with its summaries; with ``near_row`` (the row at the top of the table before a
    refresh) the ids of its page and the next too, so the view can be restored there."""
    ids = archive.search_ids(query, sort=sort, limit=PAGE_SIZE)
    pages = {0: ids}
    total = len(ids) if len(ids) < PAGE_SIZE else None
    if total is None and near_row is not None and near_row >= PAGE_SIZE:
        number = near_row // PAGE_SIZE
        more = archive.search_ids(query, sort=sort, offset=number * PAGE_SIZE, limit=2 * PAGE_SIZE)
        for i in range(2):
            page = more[i * PAGE_SIZE : (i + 1) * PAGE_SIZE]
            if page:
                pages[number + i] = page
    return FirstPage(pages, archive.summaries(ids), total)


def read_page(
    archive: Archive, query: str, sort: str, number: int, ids: tuple[int, ...] | None
) -> tuple[list[ArticleSummary], tuple[int, ...], dict[int, str]]:
    """One page's summaries, ids (read first when not known) and match snippets."""
    if ids is None:
        ids = archive.search_ids(query, sort=sort, offset=number * PAGE_SIZE, limit=PAGE_SIZE)
    return archive.summaries(ids), ids, archive.snippets(query, ids)

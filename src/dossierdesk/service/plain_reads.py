"""The reading commands ``Archive`` and ``ArchiveReader`` answer alike: the plain SQL of
``service.reads`` on a DB-API connection, written once.

A subclass says where the connection comes from (``_plain``: one snapshot for the statements
inside): ``Archive`` takes its session's connection, ``ArchiveReader`` its bare ``sqlite3``
one. This module imports no SQLAlchemy, so the reader stays light.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from dossierdesk.service import reads
from dossierdesk.service.dto import (
    ArchiveStats,
    ArticleDetail,
    ArticleSummary,
    CitationInfo,
    SearchResult,
    TagInfo,
)


class PlainReads:
    path: Path | None

    def _plain(self) -> AbstractContextManager[reads.Connection]:
        raise NotImplementedError

    def _search_all(
        self, query: str, sort: str | reads.SortSpec, offset: int, limit: int | None
    ) -> SearchResult:
        """Every article (a blank ``query``), in ``sort`` order: no query to compile."""
        with self._plain() as conn:
            return reads.search_all(conn, reads.resolve_sort(query, sort), offset, limit)

    def summaries(self, article_ids: Sequence[int]) -> list[ArticleSummary]:
        """Table rows for these ids, in the order given (missing ids are left out): only the
        columns a row shows, never the bodies."""
        if not article_ids:
            return []
        with self._plain() as conn:
            return reads.summaries(conn, article_ids)

    def citations(self, article_ids: Sequence[int]) -> list[CitationInfo]:
        """What citing these articles takes (title, date, byline, authors, source, URL), in the
        order given; missing ids are left out."""
        if not article_ids:
            return []
        with self._plain() as conn:
            return reads.citations(conn, article_ids)

    def article(self, article_id: int) -> ArticleDetail:
        with self._plain() as conn:
            found = reads.details(conn, [article_id])
        if article_id not in found:
            raise KeyError(f"no article #{article_id}")
        return found[article_id]

    def articles(self, article_ids: Sequence[int], *, body: bool = True) -> Iterator[ArticleDetail]:
        """Details for many ids, fetched in chunks so large lists never sit in memory at once
        (``body=False``: without their text, for a list of their metadata)."""
        for start in range(0, len(article_ids), 200):
            chunk = list(article_ids[start : start + 200])
            with self._plain() as conn:
                by_id = reads.details(conn, chunk, body=body)
            yield from (by_id[i] for i in chunk if i in by_id)

    def tag_counts(self, article_ids: Sequence[int]) -> dict[str, int]:
        """How many of these articles carry each tag (tags none of them carries left out)."""
        if not article_ids:
            return {}
        with self._plain() as conn:
            return reads.tag_counts(conn, article_ids)

    def tags(self) -> list[TagInfo]:
        with self._plain() as conn:
            return reads.tags(conn)

    def stats(self) -> ArchiveStats:
        with self._plain() as conn:
            return reads.stats(conn, self.path)

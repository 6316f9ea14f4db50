"""The reading actions of ``Archive``: search, rows and details, photos, tags, facets, stats."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text

from dossierdesk.query import CompiledQuery, compile_query
from dossierdesk.service import dossiers, reads
from dossierdesk.service import photos as photo_store
from dossierdesk.service import saved_searches as saved_search_store
from dossierdesk.service import search as search_sql
from dossierdesk.service.dossier_dto import DossierDetail, DossierInfo
from dossierdesk.service.dto import (
    ArchiveStats,
    FacetCount,
    PhotoInfo,
    SearchResult,
)
from dossierdesk.service.saved_searches import SavedSearchInfo
from dossierdesk.store.dialect_sql import year_month
from dossierdesk.store.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    Image,
    Person,
    Tag,
)
from dossierdesk.store.models import (
    SourceFile as SourceFileRow,
)

if TYPE_CHECKING:
    # The import pipeline (importers, parsing, row preparation, the batch writer) and the
    # editing code load when first used: opening an archive to read it needs none of them.
    from dossierdesk.service import editing, tag_edits
from dossierdesk.service.archive_core import ArchiveCore, _dbapi
from dossierdesk.service.plain_reads import PlainReads

log = logging.getLogger(__name__)


class ReadingMixin(PlainReads, ArchiveCore):
    """The reading actions of ``Archive`` (one read session each); those ``ArchiveReader``
    shares come from ``PlainReads``."""

    @contextmanager
    def _plain(self) -> Iterator[reads.Connection]:
        with self._read() as session:
            yield _dbapi(session)

    def search(
        self,
        query: str = "",
        *,
        sort: str | search_sql.SortSpec = "-date",
        offset: int = 0,
        limit: int | None = None,
    ) -> SearchResult:
        """Total and a page of ids for a query (raises ``QuerySyntaxError`` when malformed).

        ``sort`` is a field name (``"-date"``: descending), ``"relevance"``, or ``"auto"``.
        """
        if reads.is_blank(query):  # every article: no query to compile (as ArchiveReader)
            return self._search_all(query, sort, offset, limit)
        compiled = compile_query(query)
        if sort == "auto":  # relevance when the query has words, else newest first
            sort = "relevance" if compiled.rank_match else "-date"
        spec = sort if isinstance(sort, search_sql.SortSpec) else search_sql.SortSpec.parse(sort)
        with self._read() as session:
            if limit is None and not offset and spec.field != "relevance":
                found = search_sql.ids(session, compiled, spec)
                total = len(found)
            else:
                total = search_sql.count(session, compiled)
                found = search_sql.ids(session, compiled, spec, offset, limit, total)
        return SearchResult(total=total, ids=tuple(found))

    def search_ids(
        self,
        query: str = "",
        *,
        sort: str | search_sql.SortSpec = "-date",
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[int, ...]:
        """One page of ids for a query, without counting the matches (``count`` does): what a
        window paging through a result asks for. ``sort`` as for ``search``; relevance, for a
        query without words, is newest first."""
        compiled = compile_query(query)
        if sort == "auto":
            sort = "relevance" if compiled.rank_match else "-date"
        spec = sort if isinstance(sort, search_sql.SortSpec) else search_sql.SortSpec.parse(sort)
        with self._read() as session:
            return tuple(search_sql.ids(session, compiled, spec, offset, limit))

    def count(self, query: str = "") -> int:
        with self._read() as session:
            return search_sql.count(session, compile_query(query))

    def snippets(self, query: str, article_ids: Sequence[int]) -> dict[int, str]:
        compiled: CompiledQuery = compile_query(query)
        with self._read() as session:
            return search_sql.snippets(session, compiled, article_ids)

    def photo_data(self, sha256: str) -> bytes | None:
        """The original bytes of a stored photo."""
        with self._read() as session:
            return photo_store.photo_data(session, sha256)

    def photos(
        self,
        query: str | None = None,
        *,
        ids: Sequence[int] | None = None,
        limit: int | None = None,
        after_id: int | None = None,
    ) -> list[PhotoInfo]:
        """Photo records, oldest first: all, those of the articles ``query`` finds, or ``ids``;
        ``after_id`` pages through them (the next ``limit`` photos with ids above it).

        A query that is only ``virin:PREFIX`` also finds standalone photos by VIRIN."""
        with self._read() as session:
            virin_only = _virin_only(query) if query else None
            matches = (
                search_sql.id_select(compile_query(query)) if query and virin_only is None else None
            )
            return photo_store.photo_infos(
                session,
                ids=ids,
                of_articles=matches,
                virin_prefix=virin_only,
                limit=limit,
                after_id=after_id,
            )

    def missing_ids(self, article_ids: Sequence[int]) -> list[int]:
        """Those of ``article_ids`` that name no article, in the order given."""
        found: set[int] = set()
        wanted = sorted(set(article_ids))
        with self._read() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.update(session.scalars(select(Article.id).where(Article.id.in_(chunk))))
        return [i for i in dict.fromkeys(article_ids) if i not in found]

    def original(self, article_id: int) -> tuple[str, bytes] | None:
        """The stored original file of an article (name, bytes), if kept."""
        with self._read() as session:
            row = session.execute(
                select(SourceFileRow.name, SourceFileRow.data)
                .join(Article, Article.source_file_id == SourceFileRow.id)
                .where(Article.id == article_id)
            ).first()
            return (row[0], row[1]) if row else None

    def facet(self, kind: str, limit: int = 500, query: str = "") -> list[FacetCount]:
        """Counts per value for ``source``, ``author``, ``month`` (YYYY-MM), ``service`` or
        ``tag``, over the whole archive or over the articles ``query`` finds."""
        matches = search_sql.id_select(compile_query(query)) if query.strip() else None
        with self._read() as session:
            if kind == "source":
                stmt = (
                    select(Article.source, func.count())
                    .where(Article.source.is_not(None))
                    .group_by(Article.source)
                    .order_by(func.count().desc(), Article.source)
                )
            elif kind == "author":
                stmt = (
                    select(Person.name, func.count())
                    .join(ArticleAuthor, ArticleAuthor.person_id == Person.id)
                    .group_by(Person.id)
                    .order_by(func.count().desc(), Person.name)
                )
            elif kind == "month":
                month = year_month(Article.published)
                stmt = (
                    select(month, func.count())
                    .where(Article.published.is_not(None))
                    .group_by(month)
                    .order_by(month.desc())
                )
            elif kind == "service":
                stmt = (
                    select(Image.virin_service, func.count(func.distinct(Image.article_id)))
                    .where(Image.virin_service.is_not(None))
                    .group_by(Image.virin_service)
                    .order_by(
                        func.count(func.distinct(Image.article_id)).desc(), Image.virin_service
                    )
                )
            elif kind == "tag":
                stmt = (
                    select(Tag.name, func.count())
                    .join(ArticleTag, ArticleTag.tag_id == Tag.id)
                    .group_by(Tag.id)
                    .order_by(func.count().desc(), Tag.name)
                )
            else:
                raise ValueError(f"unknown facet '{kind}'")
            if matches is not None:
                article_id = {
                    "source": Article.id,
                    "month": Article.id,
                    "author": ArticleAuthor.article_id,
                    "service": Image.article_id,
                    "tag": ArticleTag.article_id,
                }[kind]
                stmt = stmt.where(article_id.in_(matches))
            rows = session.execute(stmt.limit(limit)).all()
        return [FacetCount(str(r[0]), int(r[1])) for r in rows]

    def stats(self) -> ArchiveStats:
        with self._read() as session:
            stats = reads.stats(_dbapi(session), self.path)
            if self.is_team:
                size = session.scalar(text("SELECT pg_database_size(current_database())"))
                stats = dataclasses.replace(stats, file_bytes=int(size or 0))
            return stats

    def dossiers(self) -> list[DossierInfo]:
        """Every dossier, by title."""
        with self._read() as session:
            return dossiers.list_dossiers(session)

    def dossier(self, ref: int | str) -> DossierDetail:
        """A dossier by id or by exact title (case-insensitive); KeyError if none or ambiguous."""
        with self._read() as session:
            return dossiers.detail(session, dossiers.resolve(session, ref))

    def saved_searches(self) -> list[SavedSearchInfo]:
        with self._read() as session:
            return saved_search_store.list_saved(session)

    def month_counts(self, query: str = "") -> list[tuple[str, int]]:
        """(``YYYY-MM``, articles) for the results of ``query``, oldest month first."""
        with self._read() as session:
            return saved_search_store.month_counts(session, query)

    def snapshot_articles(self, article_ids: Sequence[int]) -> editing.ArticleSnapshot:
        from dossierdesk.service import editing

        with self._read() as session:
            return editing.snapshot_articles(session, article_ids)

    def snapshot_tags(self, names: Sequence[str]) -> tuple[tag_edits.TagSnapshot, ...]:
        from dossierdesk.service import tag_edits

        with self._read() as session:
            return tag_edits.snapshot_tags(session, names)


_VIRIN_ONLY = re.compile(r'^\s*virin:("?)([^\s"]+)\1\s*$', re.IGNORECASE)


def _virin_only(query: str) -> str | None:
    """The prefix of a query that is one ``virin:`` condition, else ``None``."""
    match = _VIRIN_ONLY.match(query)
    return match.group(2) if match else None

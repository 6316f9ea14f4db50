"""Turning query text into id lists: filters from the query language, sorting and ranking in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, distinct, func, literal_column, nulls_last, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from dossierdesk.query import CompiledQuery
from dossierdesk.service import title_tiers
from dossierdesk.service.match_filters import (
    common_at,
    count_rows,
    filtered,
    filtered_ranked,
    text_only,
)
from dossierdesk.service.ranked_page import BOUNDED_RANK_LEAST, rank_match, scored, top_page
from dossierdesk.service.reads import SortSpec as SortSpec  # moved there; re-exported
from dossierdesk.store.dialect_sql import fts_match, no_limit
from dossierdesk.store.fts import FTS_TABLE, fts_table
from dossierdesk.store.models import PUBLISHED_INDEX, Article, ArticleText

SORT_FIELDS: dict[str, ColumnElement[object]] = {
    "date": Article.published,  # type: ignore[dict-item]
    "published": Article.published,  # type: ignore[dict-item]
    "title": Article.title,  # type: ignore[dict-item]
    "source": Article.source,  # type: ignore[dict-item]
    "imported": Article.imported_at,  # type: ignore[dict-item]
    "words": Article.word_count,  # type: ignore[dict-item]
    "images": Article.image_count,  # type: ignore[dict-item]
    "virins": Article.virin_count,  # type: ignore[dict-item]
    "id": Article.id,  # type: ignore[dict-item]
}
# SORT_NAMES (service.sort_names) lists the keys above and "relevance"; a test keeps them in step,
# and reads.SORT_COLUMNS names the same columns for blank queries.


def id_select(compiled: CompiledQuery) -> Select[Any]:
    """``SELECT articles.id`` of the matches, to use as a subquery (no list of ids in Python)."""
    return filtered(select(Article.id), compiled)


def prefer_indexes(session: Session, compiled: CompiledQuery) -> None:
    """On a team archive, plan a text search without sequential scans (for the rest of the
    read transaction).

    The search documents are stored out of line (TOAST), which the planner does not count: a
    sequential scan testing every document looks cheap and reads them all (100,000 articles,
    a word in nearly all: 350 ms against 11-17 ms through the GIN index)."""
    if not compiled.rank_match or session.get_bind().dialect.name != "postgresql":
        return
    transaction = session.get_transaction()
    if transaction is None or session.info.get("prefer_indexes") is not transaction:
        session.execute(text("SET LOCAL enable_seqscan = off"))  # begins one if none
        session.info["prefer_indexes"] = session.get_transaction()  # once per transaction


def count(session: Session, compiled: CompiledQuery, *, at_most: int | None = None) -> int:
    """Number of matches. A query that is one text match is counted in the FTS index, one that
    is a tag/service/VIRIN filter in that index: probing every matching article row costs ten
    times more (100,000 articles, a word in all of them: 55 ms vs 7 ms).

    ``at_most``: stop counting there (the answer is then at most that): enough to tell whether
    a query has more than so many matches without listing them all."""
    prefer_indexes(session, compiled)
    if compiled.fts_match is not None:
        rows = title_tiers.rowids(compiled.fts_match, title_tiers.has_titles_index(session))
        if at_most is not None:
            return count_rows(session, rows.limit(at_most))
        stmt = select(func.count()).select_from(rows.subquery("matched"))
    elif compiled.id_sets is not None:
        sets = compiled.id_sets
        # LIMIT -1 keeps SQLite from folding the driver into the outer query, where it would
        # probe the FTS index once per id of a filter instead of listing its rows once.
        matched = sets.driver.limit(no_limit()).subquery("matched")
        key = matched.c[0]
        conditions = [key.in_(other) for other in sets.filters]
        if at_most is not None:
            rows = select(key).where(*conditions)
            return count_rows(session, (rows if sets.unique else rows.distinct()).limit(at_most))
        stmt = select(func.count() if sets.unique else func.count(distinct(key)))
        stmt = stmt.select_from(matched).where(*conditions)
    else:
        if at_most is not None:
            return count_rows(session, id_select(compiled).limit(at_most))
        stmt = filtered(select(func.count(Article.id)), compiled)
    return int(session.scalar(stmt) or 0)


def ids(
    session: Session,
    compiled: CompiledQuery,
    sort: SortSpec,
    offset: int = 0,
    limit: int | None = None,
    total: int | None = None,
) -> list[int]:
    """Ids of one page (or all, without ``limit``). How the words alone are found picks the
    ranking (``_words_counted``); ``total`` (if known) lets a walk of the date index page a
    common filter."""
    prefer_indexes(session, compiled)
    if sort.field == "relevance" and compiled.rank_match:
        words = _words_counted(session, compiled)
        if words > title_tiers.FULL_RANK_LIMIT:
            return title_tiers.page(session, title_tiers.tiers(session, compiled), offset, limit)
        titles = title_tiers.has_titles_index(session)
        if words >= BOUNDED_RANK_LEAST:
            page = top_page(session, compiled, titles, offset, limit)
            if page is not None:
                return page
        stmt = _ranked(compiled, titles)
    else:
        sort = sort.ordering()
        column = SORT_FIELDS.get(sort.field, Article.published)
        order = column.desc() if sort.descending else column.asc()
        tie = Article.id.desc() if sort.descending else Article.id.asc()
        if not _walk_index(session, compiled, limit, total):
            stmt = filtered(select(Article.id), compiled)
        elif column is Article.published and sort.descending:
            # Walking the date index tests the filter on each row, newest first, and stops at
            # the page's end; SQLite would rather find every match by the filter's own index
            # and sort them (1,000,000 articles, source:"dod news": 156 ms against 1 ms).
            # (Oldest first with undated articles last is not the index's order.)
            stmt = filtered(select(Article.id), compiled).with_hint(
                Article, f"INDEXED BY {PUBLISHED_INDEX}", "sqlite"
            )
        else:
            assert compiled.id_sets is not None
            # ``id + 0`` keeps SQLite from driving the query by the id list (same rows).
            stmt = select(Article.id).where((Article.id + 0).in_(compiled.id_sets.driver))
        stmt = stmt.order_by(nulls_last(order), tie)
    if offset:
        stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def _words_counted(session: Session, compiled: CompiledQuery) -> int:
    """How many articles the query's text part matches without its filters, counted up to
    one past ``FULL_RANK_LIMIT`` (past it, ``title_tiers`` order the matches). A query whose
    words are not all required (``navy OR tag:x``) is measured by any of its words."""
    match = compiled.text_part if compiled.text_required else None
    if match is None:
        match = compiled.fts_match or compiled.rank_match
    assert match is not None
    titles = title_tiers.has_titles_index(session)
    return title_tiers.matches_up_to(session, match, title_tiers.FULL_RANK_LIMIT + 1, titles=titles)


def _walk_index(
    session: Session, compiled: CompiledQuery, limit: int | None, total: int | None
) -> bool:
    """Whether a page of a common tag/service/VIRIN/source/author filter is best read in the
    sort column's index order; without a ``total``, the filter's matches are counted up to
    the share that makes it common."""
    sets = compiled.id_sets
    if sets is None or sets.filters or compiled.fts_match is not None:
        return False
    if limit is None or total == 0:
        return False
    common = common_at(session)
    if total is None:
        total = count(session, compiled, at_most=common)
    return total >= common


def _ranked(compiled: CompiledQuery, titles: bool = False) -> Select[Any]:
    """Best bm25 score first; articles matched only through a non-text branch of the query
    (``navy OR tag:x``) follow, newest first. ``titles``: a match of titles alone is ranked
    in the titles' own index (``title:policy``)."""
    match, by_text = rank_match(compiled)
    ranked = scored(match, titles).subquery("ranked")
    if by_text:
        stmt = select(Article.id).join(ranked, ranked.c.rid == Article.id)
        if compiled.other_where is not None:
            stmt = stmt.where(compiled.other_where)
    elif not compiled.text_required:
        stmt = filtered(select(Article.id).outerjoin(ranked, ranked.c.rid == Article.id), compiled)
    elif text_only(compiled):
        # Every ranked row matches the text part: no second pass over the index.
        stmt = filtered_ranked(
            select(Article.id).join(ranked, ranked.c.rid == Article.id), compiled
        )
    else:
        # Every match has a score: an inner join lets SQLite start from the filter and score
        # only the rows that pass it (bm25 of every row containing a common word is slow).
        stmt = filtered(select(Article.id).join(ranked, ranked.c.rid == Article.id), compiled)
    return stmt.order_by(
        nulls_last(ranked.c.score.asc()), Article.published.desc(), Article.id.desc()
    )


def snippets(
    session: Session, compiled: CompiledQuery, article_ids: Sequence[int], tokens: int = 16
) -> dict[int, str]:
    """Body snippets with matches wrapped in U+E000/U+E001 markers (callers render them)."""
    if not compiled.rank_match or not article_ids:
        return {}
    prefer_indexes(session, compiled)
    if session.get_bind().dialect.name == "postgresql":
        return _made_snippets(session, compiled.rank_match, article_ids, tokens)
    fts = fts_table()
    snippet = func.snippet(literal_column(FTS_TABLE), -1, "\ue000", "\ue001", "…", tokens)
    rows = session.execute(
        select(fts.c.rowid, snippet).where(
            fts_match(compiled.rank_match), fts.c.rowid.in_(list(article_ids))
        )
    )
    return {int(r[0]): str(r[1]) for r in rows}


# A team archive's snippets are cut in Python from the start of the body (FTS5 makes them
# from its index in a file archive): at most this many characters of each body are read.
SNIPPET_CHARS = 200_000


def _made_snippets(
    session: Session, match: str, article_ids: Sequence[int], tokens: int
) -> dict[int, str]:
    from dossierdesk.store.text_query import match_terms
    from dossierdesk.store.text_snippets import snippet

    terms = match_terms(match)
    fts = fts_table()
    rows = session.execute(
        select(ArticleText.article_id, func.substr(ArticleText.body, 1, SNIPPET_CHARS))
        .join(fts, fts.c.rowid == ArticleText.article_id)
        .where(fts_match(match), ArticleText.article_id.in_(list(article_ids)))
    )
    return {int(a_id): snippet(body or "", terms, tokens) for a_id, body in rows}

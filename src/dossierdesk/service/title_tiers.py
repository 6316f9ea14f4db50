"""Relevance when the words are common: the matches in tiers, each read page by page.

When a query's words are found in more than ``FULL_RANK_LIMIT`` articles, scoring every match
costs more than it tells: the words' idf is near nothing and the scores barely differ. The
matches are listed in tiers instead:

1. those whose title holds the whole text part (``air force``: both words), when it needs
   several words and excludes none;
2. the other matches whose title holds one of the words;
3. the rest, newest first.

The title tiers are ordered best bm25 first over the title; when the words are themselves in
more than ``TITLE_RANK_LIMIT`` titles, the title tiers are newest first too (bm25 would
mostly prefer short articles there, and it would score every one of them).

A page is read tier by tier: most pages come from the first tier that has rows, and a tier is
counted only when the page starts after its end. The whole result is the tiers one after the
other, so paging and listing everything agree by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from dossierdesk.query import CompiledQuery
from dossierdesk.service.match_filters import at_least, common_at, count_rows, filtered, text_only
from dossierdesk.store.dialect_sql import fts_match, rank_score
from dossierdesk.store.fts import fts_table, in_titles_index, title_match, title_score, title_table
from dossierdesk.store.models import PUBLISHED_INDEX, Article

# Above this many matches for the words alone, relevance uses the tiers.
FULL_RANK_LIMIT = 5000
# Above this many titles holding one of the words, the title tiers are newest first.
TITLE_RANK_LIMIT = 5000
# The last tier (the rest, newest first) is read by walking the date index when the text
# part's matches and each filter's hold at least 1 article in this many (``_dense_rest``).
DENSE_REST_SHARE = 10


def common(session: Session, match: str, limit: int | None = None, *, titles: bool = False) -> bool:
    """Whether more than ``limit`` (``FULL_RANK_LIMIT``) articles match ``match``, filters
    left aside: its FTS rows are listed up to one past the limit (0.4 ms for a word in every
    article of 100,000, where ranking them all takes 120 ms). ``titles``: read a title match
    from the titles' own index (see ``_rowids``)."""
    limit = FULL_RANK_LIMIT if limit is None else limit
    return matches_up_to(session, match, limit + 1, titles=titles) > limit


def matches_up_to(session: Session, match: str, most: int, *, titles: bool = False) -> int:
    """How many articles match ``match`` (filters left aside), counted up to ``most``."""
    return count_rows(session, rowids(match, titles).limit(most))


def has_titles_index(session: Session) -> bool:
    """Whether ``session`` reads a file archive, which has the titles' own index (a team
    archive's titles are in ``title_document``, read through the main index's match)."""
    return session.get_bind().dialect.name == "sqlite"


Tier = Callable[[], Select[Any]]


def tiers(session: Session, compiled: CompiledQuery) -> list[Tier]:
    """The tiers' statements (``SELECT articles.id``), each ordered, each made when a page
    first reads it: the last tier's plan is chosen by counting (``_dense_rest``), which a
    page filled by the titles never needs."""
    assert compiled.rank_match is not None
    title = f"{{title}} : ({compiled.rank_match})"
    whole = whole_text_in_title(compiled)
    own = has_titles_index(session)
    by_date = common(session, title, TITLE_RANK_LIMIT, titles=own)
    # A newest-first tier is read by walking the date index, testing each row, when its rows
    # are known to be dense: the words are common in titles, and every other condition is a
    # filter matching 1 article in 20 or more (or there is none). SQLite would rather list
    # every match and sort them (1,000,000 articles, tag:ukraine defense: 206 ms against
    # 61 ms). A rare filter is left to the planner: a walk could then read every row.
    walk = by_date and _common_filters(session, compiled)

    def others(stmt: Select[Any]) -> Select[Any]:
        """``stmt``, whose rows match the text part, with the query's other conditions."""
        return stmt if compiled.other_where is None else stmt.where(compiled.other_where)

    out: list[Tier] = []
    if whole is not None:
        # A title holding the whole text part makes its article match the text part. These
        # are few next to the titles holding any of the words: sorting them beats a walk.
        first = others(_title_tier(whole, title, by_date, walk=False, titles=own))
        out.append(lambda: first)
    if text_only(compiled):  # a title match matches the text part
        second = others(_title_tier(title, title, by_date, walk, titles=own))
    elif by_date and compiled.text_part is not None:
        # No bm25 to compute: FTS5 intersects the title match with the text part itself.
        both = f"({title}) AND ({compiled.text_part})"
        second = others(_title_tier(both, title, by_date, walk))
    else:
        second = filtered(_title_tier(title, title, by_date, walk, titles=own), compiled)
    if whole is not None:
        second = second.where(Article.id.not_in(rowids(whole, own)))
    out.append(lambda: second)

    def rest() -> Select[Any]:
        walk_rest = walk or _dense_rest(session, compiled)
        if walk_rest and compiled.text_part is not None:
            text = select(Article.id).where(Article.id.in_(rowids(compiled.text_part)))
            stmt = others(text)
        else:
            stmt = filtered(select(Article.id), compiled)
        return _newest_first(stmt.where(Article.id.not_in(rowids(title, own))), walk_rest)

    out.append(rest)
    return out


def _dense_rest(session: Session, compiled: CompiledQuery) -> bool:
    """Whether the last tier of a query of words and filters (``tag:ukraine nations``) is
    best read by walking the date index: its text part's matches and each filter's are each
    at least 1 article in ``DENSE_REST_SHARE`` (counted up to there, filters first).

    The planner's way looks up the date of every row of its shortest list and sorts them
    (about 1 µs a row here); a walk tests the articles newest first and stops at the page's
    end (about 0.1 µs a row). With every list that long, a walk costs at most about what the
    planner's way does even when the lists share no article and it reads the whole index:
    100,000 articles, ``tag:ukraine nations``: 14–16 ms sorted, 5 ms walked, 11.5 ms for a
    walk through every article."""
    sets = compiled.id_sets
    text = compiled.text_part
    if sets is None or not sets.filters or text is None or compiled.fts_match is not None:
        return False
    dense = common_at(session, DENSE_REST_SHARE)
    lists = (*sets.filters, rowids(text))
    return all(at_least(session, ids, dense) for ids in lists)


def _common_filters(session: Session, compiled: CompiledQuery) -> bool:
    """Whether the query's conditions besides its text part are none, or filters each
    matching at least ``common_at`` articles (counted up to there: a few ms)."""
    if compiled.other_where is None:
        return True
    sets = compiled.id_sets
    if sets is None or compiled.text_part is None or compiled.fts_match is not None:
        return False  # a NOT, an OR, a condition without an id list
    common = common_at(session)
    return all(at_least(session, ids, common) for ids in sets.filters)


def page(session: Session, tiers: list[Tier], offset: int, limit: int | None) -> list[int]:
    """Rows ``offset`` to ``offset + limit`` (or to the end) of the tiers one after another."""
    out: list[int] = []
    for make in tiers:
        tier = make()
        wanted = None if limit is None else limit - len(out)
        rows = tier.offset(offset) if offset else tier
        found = list(session.scalars(rows if wanted is None else rows.limit(wanted)))
        out.extend(found)
        if limit is not None and len(out) == limit:
            break
        if found or not offset:
            offset = 0  # the next tier starts within this page
        else:  # the page starts after this tier's end
            offset = max(0, offset - count_rows(session, tier.order_by(None)))
    return out


def whole_text_in_title(compiled: CompiledQuery) -> str | None:
    """``{title} : (text part)`` when the text part needs several words and excludes none
    (``air force``). Its rows score by bm25 as over every phrase of the ranking match
    (``text_ranks``: the same phrases), so that tier and the next share one scale."""
    part = compiled.text_part
    if not (compiled.text_required and compiled.text_ranks) or part is None or "AND" not in part:
        return None
    from dossierdesk.store.text_query import conjunctive

    return f"{{title}} : ({part})" if conjunctive(part) else None


def _title_tier(
    match: str, title: str, by_date: bool, walk: bool, *, titles: bool = False
) -> Select[Any]:
    """The articles matching ``match`` (a title match), best bm25 over ``title`` first, or
    newest first. ``titles``: read a match of titles alone from the titles' own index, and
    rank by its bm25 (see ``_rowids``)."""
    if by_date:
        rows = rowids(match, titles)
        return _newest_first(select(Article.id).where(Article.id.in_(rows)), walk)
    if titles and in_titles_index(match):
        own = title_table()
        stmt = select(Article.id).join(own, own.c.rowid == Article.id).where(title_match(match))
        return stmt.order_by(title_score(), Article.published.desc(), Article.id.desc())
    fts = fts_table()
    stmt = select(Article.id).join(fts, fts.c.rowid == Article.id).where(fts_match(match))
    # On SQLite bm25 scores by the statement's MATCH (``match``: the same phrases as
    # ``title``); PostgreSQL is told to score by ``title``.
    return stmt.order_by(rank_score(title), Article.published.desc(), Article.id.desc())


def _newest_first(stmt: Select[Any], walk: bool) -> Select[Any]:
    stmt = stmt.order_by(Article.published.desc(), Article.id.desc())
    return stmt.with_hint(Article, f"INDEXED BY {PUBLISHED_INDEX}", "sqlite") if walk else stmt


def rowids(match: str, titles: bool = False) -> Select[Any]:
    """The rowids matching ``match``; with ``titles`` (a file archive), a match of titles
    alone is read from the titles' own index, whose posting lists hold no body's words."""
    if titles and in_titles_index(match):
        own = title_table()
        return select(own.c.rowid).where(title_match(match))
    fts = fts_table()
    return select(fts.c.rowid).where(fts_match(match))

"""Relevance pages of a query that is its words alone: the page from the best-scored rows.

``search._ranked`` orders every match by bm25, then newest first, then by id. When the
query is its words alone (no filter, no NOT of a filter, no OR with one), each match is a
row of the full-text index, so a page ``offset`` to ``offset + limit`` is among the
``offset + limit`` best-scored rows and the rows that share the last of their scores. FTS5
finds those rows with its own bounded sort, without looking up every match's date in
``articles`` and sorting them all: 100,000 articles, ``nations -policy`` (4,376 matches):
14.3 ms for the full statement, 7.4 ms for the bounded sort. When more rows share the page's
last score than were read, the full statement decides (``None``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from dossierdesk.query import CompiledQuery
from dossierdesk.service.match_filters import text_only
from dossierdesk.store.dialect_sql import fts_match, rank_score
from dossierdesk.store.fts import fts_table, in_titles_index, title_match, title_score, title_table
from dossierdesk.store.models import Article

# Fewer matches than this are ranked in full: one statement then costs less than two (100,000
# articles: a word in 300 articles, 2.7 ms in full against 3.7 ms read so).
BOUNDED_RANK_LEAST = 1000
# Rows read past the page's end, for the rows that share its last score: the page then holds
# those of them its dates put first. Body matches share a score in small groups (100,000
# articles, ``nations -policy``: 788 scores for 4,376 rows, the largest group 25 rows).
TIE_ROOM = 64


def rank_match(compiled: CompiledQuery) -> tuple[str, bool]:
    """The match a query's rows are scored by, and whether it is the text part (``a b``: the
    rows with both words, scored as over the OR of the words: ``CompiledQuery.text_ranks``)."""
    assert compiled.rank_match is not None
    if compiled.text_ranks and compiled.text_part is not None:
        return compiled.text_part, True
    return compiled.rank_match, False


def scored(match: str, titles: bool) -> Select[Any]:
    """``SELECT rid, score`` of the rows matching ``match``, lower scores better; with
    ``titles`` (a file archive), a match of titles alone is scored in the titles' own index."""
    if titles and in_titles_index(match):
        own = title_table()
        stmt = select(own.c.rowid.label("rid"), title_score().label("score"))
        return stmt.where(title_match(match))
    fts = fts_table()
    stmt = select(fts.c.rowid.label("rid"), rank_score(match).label("score"))
    return stmt.where(fts_match(match))


def top_page(
    session: Session, compiled: CompiledQuery, titles: bool, offset: int, limit: int | None
) -> list[int] | None:
    """Ids ``offset`` to ``offset + limit`` of the relevance order, from the best-scored rows
    of a file archive's index (``titles``: the session reads one, ``title_tiers.
    has_titles_index``); ``None`` when this archive, query or page is not one it can read so
    (see the module docstring): the caller runs the full statement."""
    if not titles or limit is None or limit <= 0 or compiled.rank_match is None:
        return None
    if compiled.other_where is not None:
        return None
    match, by_text = rank_match(compiled)
    if not (by_text or (compiled.text_required and text_only(compiled))):
        return None
    if in_titles_index(match):
        return None  # titles score alike in large groups; ranking them in full is cheap
    wanted = offset + limit
    read = wanted + TIE_ROOM
    best = session.execute(scored(match, titles).order_by("score").limit(read)).all()
    if len(best) > wanted:
        last = best[wanted - 1].score
        if len(best) == read and best[-1].score <= last:
            return None  # the page's last score is shared beyond the rows read
        best = [row for row in best if row.score <= last]
    score = {int(row.rid): float(row.score) for row in best}
    dated = session.execute(
        select(Article.id, Article.published).where(Article.id.in_(list(score)))
    ).all()
    if len(dated) < len(score):
        return None  # an index entry without its article (a damaged index): the join decides
    # As the full statement orders them: score, then newest first (undated last), then id.
    order = sorted(
        dated,
        key=lambda row: (
            score[row.id],
            row.published is None,
            -row.published.toordinal() if row.published is not None else 0,
            -row.id,
        ),
    )
    return [int(row.id) for row in order[offset:wanted]]

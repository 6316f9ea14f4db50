"""Restricting a statement over ``articles`` to a compiled query's matches, and counting rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CompoundSelect, Select, func, select
from sqlalchemy.orm import Session

from dossierdesk.query import CompiledQuery
from dossierdesk.store.models import Article

# A filter matching at least 1 article in this many is "common": a page of it sorted by an
# indexed column is found fastest by walking that column's index and testing each row,
# rather than fetching and sorting every match.
SCAN_SELECTIVITY = 20


def filtered(stmt: Select[Any], compiled: CompiledQuery) -> Select[Any]:
    return stmt if compiled.where is None else stmt.where(compiled.where)


def filtered_ranked(stmt: Select[Any], compiled: CompiledQuery) -> Select[Any]:
    """``stmt``, whose rows all match the ranking match, filtered by the query.

    When the query's text part is the ranking match itself (``after:2020 policy``), those rows
    already satisfy it, and only the other conditions remain to test: listing every article
    that contains a common word, for an ``IN`` test, costs more than the whole page.
    """
    if text_only(compiled):
        return stmt if compiled.other_where is None else stmt.where(compiled.other_where)
    return filtered(stmt, compiled)


def text_only(compiled: CompiledQuery) -> bool:
    """The query's text part is the ranking match (see ``filtered_ranked``); inside an AND
    it may be parenthesised (``(a OR b) tag:x``), which changes nothing."""
    rank = compiled.rank_match
    return rank is not None and compiled.text_part in (rank, f"({rank})")


def count_rows(session: Session, rows: Select[Any] | CompoundSelect[Any]) -> int:
    return int(session.scalar(select(func.count()).select_from(rows.subquery("first"))) or 0)


def common_at(session: Session, share: int = SCAN_SELECTIVITY) -> int:
    """How many matches make a filter common: 1 article in ``share`` (``SCAN_SELECTIVITY``)."""
    articles = int(session.scalar(select(func.max(Article.id))) or 0)  # an upper bound, O(1)
    return -(-articles // share)

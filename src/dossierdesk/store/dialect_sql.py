"""SQL that is written differently for SQLite (file archives) and PostgreSQL (team archives).

Queries are built once, dialect-free, and these elements render for the engine that runs
them:

- ``fts_match(match)``: the full-text test. The query language compiles to an FTS5 MATCH string
  (``query.compiler``); on SQLite that string is the bound value of ``articles_fts MATCH ?``, on
  PostgreSQL the bound value is the same string translated to a ``tsquery``
  (``store.text_index``) tested against ``articles_fts.document``. The translation happens
  when the value is bound (a type), so statement caching sees one statement per engine.
- ``rank_score(match)``: lower is better on both: FTS5's ``bm25`` with the column weights, or
  minus ``ts_rank_cd`` with the same weights as lexeme weights.
- ``no_limit()``: ``LIMIT -1`` on SQLite (it keeps a subquery from being flattened into the
  outer query), ``LIMIT ALL`` on PostgreSQL.
- ``year_month(column)``, ``yymmdd(column)``: a date's ``YYYY-MM``, its ``YYMMDD`` (a VIRIN's
  date part).
- ``insert_ignoring(table)``: an INSERT that skips rows a unique constraint already holds.
- ``SQLiteCompilerWithHints``: file archives' engines render ``Select.with_hint(table,
  "INDEXED BY ...", "sqlite")``, which SQLAlchemy's SQLite compiler drops.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, Integer, String, bindparam
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import NullType, TypeDecorator

FTS_TABLE = "articles_fts"
BM25_WEIGHTS = (10.0, 1.0, 2.0, 1.0)  # title, body, captions, credits


class FtsQuery(TypeDecorator[str]):
    """A bound full-text query: the FTS5 MATCH string, as a ``tsquery`` text on PostgreSQL."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None or dialect.name != "postgresql":
            return value
        from dossierdesk.store.text_query import tsquery_from_match

        return tsquery_from_match(value)


def _query_param(match: str) -> BindParameter[str]:
    return bindparam("fts_q", match, type_=FtsQuery(), unique=True)


class _FtsMatch(FunctionElement[bool]):
    """Whether ``articles_fts``'s row matches the query (see the module docstring)."""

    # Not Boolean: on SQLite a Boolean expression in WHERE is compared with 1, which MATCH
    # does not allow.
    type = NullType()  # type: ignore[assignment]
    inherit_cache = True
    name = "fts_match"

    def __init__(self, match: str) -> None:
        super().__init__(_query_param(match))


class _FtsTitleMatch(_FtsMatch):
    """``_FtsMatch`` of a query limited to titles: on PostgreSQL it reads the titles' own
    index (``title_document``), not every document holding the words."""

    inherit_cache = True


class _RankScore(FunctionElement[float]):
    """How well ``articles_fts``'s row matches the query; lower is better."""

    type = Float()
    inherit_cache = True
    name = "rank_score"

    def __init__(self, match: str) -> None:
        super().__init__(_query_param(match))


class _TitleRankScore(_RankScore):
    inherit_cache = True


def _title_only(match: str) -> bool:
    if "{title}" not in match:  # the common case, without loading the parser
        return False
    from dossierdesk.store.text_query import title_only

    return title_only(match)


def fts_match(match: str) -> _FtsMatch:
    """The full-text test of the FTS5 MATCH string ``match`` (see the module docstring)."""
    return _FtsTitleMatch(match) if _title_only(match) else _FtsMatch(match)


def rank_score(match: str) -> _RankScore:
    """The relevance of the row to ``match``, lower is better (see the module docstring)."""
    return _TitleRankScore(match) if _title_only(match) else _RankScore(match)


class no_limit(FunctionElement[int]):
    """A LIMIT that limits nothing (see the module docstring)."""

    type = Integer()
    inherit_cache = True
    name = "no_limit"


class year_month(FunctionElement[str]):
    """``YYYY-MM`` of a date column."""

    type = String()
    inherit_cache = True
    name = "year_month"


class yymmdd(FunctionElement[str]):
    """``YYMMDD`` of a date column (SQLite stores it as "YYYY-MM-DD" text)."""

    type = String()
    inherit_cache = True
    name = "yymmdd"


def _only_clause(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    clauses = list(element.clauses)
    assert len(clauses) == 1
    return compiler.process(clauses[0], **kw)


def _document(element: FunctionElement[Any]) -> str:
    """The PostgreSQL column a full-text element reads (see ``_FtsTitleMatch``)."""
    title = isinstance(element, _FtsTitleMatch | _TitleRankScore)
    return f"{FTS_TABLE}.{'title_document' if title else 'document'}"


@compiles(_FtsMatch)  # also the default dialect (str() of a statement)
@compiles(_FtsMatch, "sqlite")
def _fts_match_sqlite(element: _FtsMatch, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{FTS_TABLE} MATCH {_only_clause(element, compiler, **kw)}"


@compiles(_FtsMatch, "postgresql")
def _fts_match_pg(element: _FtsMatch, compiler: SQLCompiler, **kw: Any) -> str:
    query = _only_clause(element, compiler, **kw)
    return f"{_document(element)} @@ CAST({query} AS tsquery)"


@compiles(_RankScore)
@compiles(_RankScore, "sqlite")
def _rank_sqlite(element: _RankScore, compiler: SQLCompiler, **kw: Any) -> str:
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    return f"bm25({FTS_TABLE}, {weights})"


@compiles(_RankScore, "postgresql")
def _rank_pg(element: _RankScore, compiler: SQLCompiler, **kw: Any) -> str:
    from dossierdesk.store.text_index import RANK_WEIGHTS

    query = _only_clause(element, compiler, **kw)
    return (
        f"-ts_rank_cd(CAST('{RANK_WEIGHTS}' AS real[]), {_document(element)}, "
        f"CAST({query} AS tsquery))"
    )


@compiles(no_limit)
@compiles(no_limit, "sqlite")
def _no_limit_sqlite(element: no_limit, compiler: SQLCompiler, **kw: Any) -> str:
    return "-1"


@compiles(no_limit, "postgresql")
def _no_limit_pg(element: no_limit, compiler: SQLCompiler, **kw: Any) -> str:
    return "ALL"


@compiles(year_month)
@compiles(year_month, "sqlite")
def _year_month_sqlite(element: year_month, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('%Y-%m', {_only_clause(element, compiler, **kw)})"


@compiles(year_month, "postgresql")
def _year_month_pg(element: year_month, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({_only_clause(element, compiler, **kw)}, 'YYYY-MM')"


def insert_ignoring(dialect_name: str, table: Any) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` into ``table`` for the engine named."""
    if dialect_name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).on_conflict_do_nothing()


@compiles(yymmdd)
@compiles(yymmdd, "sqlite")
def _yymmdd_sqlite(element: yymmdd, compiler: SQLCompiler, **kw: Any) -> str:
    column = _only_clause(element, compiler, **kw)
    return f"substr({column}, 3, 2) || substr({column}, 6, 2) || substr({column}, 9, 2)"


@compiles(yymmdd, "postgresql")
def _yymmdd_pg(element: yymmdd, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({_only_clause(element, compiler, **kw)}, 'YYMMDD')"


class SQLiteCompilerWithHints(SQLiteCompiler):
    """SQLite's statement compiler, rendering a table hint after the table's name: SQLite's
    ``INDEXED BY`` makes a query walk the index it names (e.g. newest first through the
    date index, testing a common filter on each row, instead of finding every match by the
    filter's index and sorting them all)."""

    def get_from_hint_text(self, table: Any, text: str | None) -> str | None:
        return text

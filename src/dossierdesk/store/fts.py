"""FTS5 full-text index over articles: DDL used by migrations, and helpers for queries.

External-content FTS5 table over ``articles`` (no duplicated text); triggers keep it in sync.
Columns: title, body, captions, credits. bm25 weights favour the title.
"""

from __future__ import annotations

from sqlalchemy import Integer, bindparam, column, literal_column, table
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import TableClause

FTS_TABLE = "articles_fts"
BM25_WEIGHTS = (10.0, 1.0, 2.0, 1.0)  # title, body, captions, credits

CREATE_STATEMENTS: tuple[str, ...] = (
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, captions, credits,
        content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body, captions, credits)
        VALUES (new.id, new.title, new.body, new.captions, new.credits);
    END
    """,
    """
    CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body, captions, credits)
        VALUES ('delete', old.id, old.title, old.body, old.captions, old.credits);
    END
    """,
    """
    CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, body, captions, credits
    ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body, captions, credits)
        VALUES ('delete', old.id, old.title, old.body, old.captions, old.credits);
        INSERT INTO articles_fts(rowid, title, body, captions, credits)
        VALUES (new.id, new.title, new.body, new.captions, new.credits);
    END
    """,
)

DROP_STATEMENTS: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS articles_fts_au",
    "DROP TRIGGER IF EXISTS articles_fts_ad",
    "DROP TRIGGER IF EXISTS articles_fts_ai",
    "DROP TABLE IF EXISTS articles_fts",
)

REBUILD_STATEMENT = "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')"
# Checks the index and its consistency with the content table (SQLite < 3.44 always compares
# with external content; 3.44+ only when rank is 1, but older versions reject the rank form).
INTEGRITY_STATEMENTS: tuple[str, ...] = (
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)",
    "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')",
)


def fts_table() -> TableClause:
    """A lightweight SQLAlchemy handle on the FTS table (``rowid`` = ``articles.id``)."""
    return table(FTS_TABLE, column("rowid", Integer), column("title"), column("body"))


def fts_match(query: str) -> ColumnElement[bool]:
    """``articles_fts MATCH :query`` with the FTS5 query string as a bound parameter."""
    return literal_column(FTS_TABLE).op("MATCH")(bindparam("fts_query", query))


def bm25() -> ColumnElement[float]:
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    return literal_column(f"bm25({FTS_TABLE}, {weights})")

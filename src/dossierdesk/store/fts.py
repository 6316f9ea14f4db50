"""FTS5 full-text index over articles: DDL used by migrations, and helpers for queries.

The index is an external-content FTS5 table over the view ``articles_fts_content`` (title from
``articles``; body, captions and credits from ``article_texts``), so no text is stored twice.
Triggers keep it in sync. The FTS5 'delete' command must be given exactly the values that were
indexed, so the triggers fire *before* a row's old values disappear: deleting an article first
removes its index entry (BEFORE DELETE on articles), and a title or text change deletes the old
entry and adds the new one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, column, func, literal, literal_column, table
from sqlalchemy.sql.expression import TableClause

from dossierdesk.store.dialect_sql import BM25_WEIGHTS as BM25_WEIGHTS  # re-exported
from dossierdesk.store.dialect_sql import FTS_TABLE as FTS_TABLE

_OLD_ENTRY = """
    INSERT INTO articles_fts(articles_fts, rowid, title, body, captions, credits)
    SELECT 'delete', a.id, {title}, t.body, t.captions, t.credits
    FROM articles a JOIN article_texts t ON t.article_id = a.id WHERE a.id = {id};
"""
_NEW_ENTRY = """
    INSERT INTO articles_fts(rowid, title, body, captions, credits)
    SELECT a.id, a.title, t.body, t.captions, t.credits
    FROM articles a JOIN article_texts t ON t.article_id = a.id WHERE a.id = {id};
"""

CREATE_STATEMENTS: tuple[str, ...] = (
    """
    CREATE VIEW articles_fts_content AS
    SELECT a.id AS id, a.title AS title, t.body AS body, t.captions AS captions,
           t.credits AS credits
    FROM articles a JOIN article_texts t ON t.article_id = a.id
    """,
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, captions, credits,
        content='articles_fts_content', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    # A new article is indexed once its text row exists (the writer inserts it second).
    "CREATE TRIGGER articles_fts_text_ai AFTER INSERT ON article_texts BEGIN"
    + _NEW_ENTRY.format(id="new.article_id")
    + "END",
    "CREATE TRIGGER articles_fts_text_bu BEFORE UPDATE ON article_texts BEGIN"
    + _OLD_ENTRY.format(title="a.title", id="old.article_id")
    + "END",
    "CREATE TRIGGER articles_fts_text_au AFTER UPDATE ON article_texts BEGIN"
    + _NEW_ENTRY.format(id="new.article_id")
    + "END",
    "CREATE TRIGGER articles_fts_title_au AFTER UPDATE OF title ON articles BEGIN"
    + _OLD_ENTRY.format(title="old.title", id="old.id")
    + _NEW_ENTRY.format(id="new.id")
    + "END",
    # Before the article (and, by cascade, its text row) is gone.
    "CREATE TRIGGER articles_fts_bd BEFORE DELETE ON articles BEGIN"
    + _OLD_ENTRY.format(title="old.title", id="old.id")
    + "END",
)

DROP_STATEMENTS: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS articles_fts_bd",
    "DROP TRIGGER IF EXISTS articles_fts_title_au",
    "DROP TRIGGER IF EXISTS articles_fts_text_au",
    "DROP TRIGGER IF EXISTS articles_fts_text_bu",
    "DROP TRIGGER IF EXISTS articles_fts_text_ai",
    "DROP TABLE IF EXISTS articles_fts",
    "DROP VIEW IF EXISTS articles_fts_content",
)

REBUILD_STATEMENT = "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')"

# FTS5 merges index segments as it goes ("automerge", default 4). During a large import that
# merging is a third of the cost of indexing; it is switched off for the import and back on
# afterwards (the later writes merge incrementally; FTS5's "crisismerge" still bounds the
# number of segments meanwhile). The setting is stored in the index, inside the transaction.
AUTOMERGE_DEFAULT = 4
AUTOMERGE_STATEMENT = "INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', :level)"

# Merging the indexes' segments a step at a time, while nothing else is going on
# (``Archive.tidy_index``, ``MERGE_STATEMENTS`` below). With a positive page count FTS5's
# 'merge' merges only a level holding 'usermerge' (4) segments or more, or goes on with a merge
# already begun, and writes about that many pages (500). A large import leaves its segments
# unmerged (above): 100,000 articles left 11 of them on one level, and a later small write that
# brought that level to 'crisismerge' (16: a re-extraction of 50 articles, each in a savepoint)
# merged them all before it returned, 2.4-3 s (at 1,000,000 articles a title edit took 2.3 s).
# Merged in steps between the user's actions, the same work holds the archive 30-110 ms a step
# (up to 0.5 s for the step that ends a large level's merge, at 1,000,000 articles).
MERGE_PAGES = 500

# Deferred indexing of imports (migration 0005): while ``fts_deferral`` holds its one row, the
# trigger on new text rows stands aside and the import indexes its articles itself, in one
# statement in id order, before it commits (FTS5 flushes pending index data at every SAVEPOINT,
# so indexing row by row inside the import's per-chunk savepoints built hundreds of tiny
# segments). The row is added and removed inside the same transaction, never committed.
DEFER_STATEMENT = "INSERT INTO fts_deferral (id) VALUES (1)"
UNDEFER_STATEMENT = "DELETE FROM fts_deferral"
# Adding or removing the entries of chosen articles in the main index and in the titles' own
# (below), in id order. An entry is removed by the FTS5 'delete' command, given the values it
# was made of: the index's content, read before the rows go.
_ENTRIES = (
    "INSERT INTO {table}({command}rowid, {columns}) "
    "SELECT {value}id, {columns} FROM articles_fts_content WHERE {where} ORDER BY id"
)
_MAIN = {"table": "articles_fts", "columns": "title, body, captions, credits"}
_TITLES = {"table": "articles_title_fts", "columns": "title"}
_FROM_FIRST = "id >= :first"
_OF_IDS = "id IN (SELECT value FROM json_each(:ids))"  # :ids a JSON list


def _entries(index: dict[str, str], where: str, remove: bool = False) -> str:
    # (The 'delete' command goes in the column named as the table.)
    command, value = (f"{index['table']}, ", "'delete', ") if remove else ("", "")
    return _ENTRIES.format(**index, command=command, value=value, where=where)


INDEX_FROM_STATEMENT = _entries(_MAIN, _FROM_FIRST)
# One merge step in each index (``MERGE_PAGES``, above).
_MERGE = "INSERT INTO {table}({table}, rank) VALUES ('merge', :pages)"
MERGE_STATEMENTS = tuple(_MERGE.format(**index) for index in (_MAIN, _TITLES))
# The same for chosen articles (an undone delete puts thousands back): in id order, in one
# statement each, where the trigger would index them one at a time (15,000 articles: 11 s
# inserting their rows with the trigger, 2 s for these two).
INDEX_IDS_STATEMENT = _entries(_MAIN, _OF_IDS)
TITLE_INDEX_IDS_STATEMENT = _entries(_TITLES, _OF_IDS)
# Removing them before their rows are deleted (``service.editing.delete_articles``).
UNINDEX_IDS_STATEMENT = _entries(_MAIN, _OF_IDS, remove=True)
TITLE_UNINDEX_IDS_STATEMENT = _entries(_TITLES, _OF_IDS, remove=True)
# FTS5 writes its in-memory index to disk when it outgrows this many bytes (default 1 MB);
# a larger buffer means fewer, larger segments. Large imports set it; like automerge it is
# stored in the index, and it stays (it only bounds a writing transaction's memory).
HASHSIZE_STATEMENT = "INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', :size)"
IMPORT_HASHSIZE = 8 * 1024 * 1024


# Checks the index and its consistency with the content (SQLite < 3.44 rejects the rank form).
INTEGRITY_STATEMENTS: tuple[str, ...] = (
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)",
    "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')",
)


# The titles' own index (migration 0011): an external-content FTS5 table over the titles of
# the main index's content. A title match in the main index (``{title} : ...``) reads the
# whole posting lists of its words, bodies included, and keeps the title hits: 1.4 ms to
# count the titles holding a word found in 68 % of 100,000 articles, 0.13 ms here; relevance
# ranks titles by it (``service.title_tiers``). The main index's triggers (as that migration
# leaves them) and an import's commit write its entries with the main index's.
TITLE_TABLE = "articles_title_fts"
TITLE_REBUILD_STATEMENT = "INSERT INTO articles_title_fts(articles_title_fts) VALUES ('rebuild')"
TITLE_INDEX_FROM_STATEMENT = _entries(_TITLES, _FROM_FIRST)
TITLE_INTEGRITY_STATEMENTS: tuple[str, ...] = (
    "INSERT INTO articles_title_fts(articles_title_fts, rank) VALUES ('integrity-check', 1)",
    "INSERT INTO articles_title_fts(articles_title_fts) VALUES ('integrity-check')",
)


def fts_table() -> TableClause:
    """A lightweight SQLAlchemy handle on the FTS table (``rowid`` = ``articles.id``)."""
    return table(FTS_TABLE, column("rowid", Integer), column("title"), column("body"))


def title_table() -> TableClause:
    """A handle on the titles' index (``rowid`` = ``articles.id``; file archives only)."""
    return table(TITLE_TABLE, column("rowid", Integer), column("title"))


# A column filter naming anything but the title (``{credits} : ...``): the titles' index has no
# such column. A brace inside a quoted word counts too, which only costs the faster index.
_OTHER_COLUMN = re.compile(r"\{(?!title\})")


@lru_cache(maxsize=256)  # a search asks it of the same few strings for each of its tiers
def in_titles_index(match: str) -> bool:
    """Whether the FTS5 MATCH string ``match`` can be asked of the titles' own index: it
    finds titles alone (``{title} : ...``) and names no other column."""
    if "{title}" not in match or _OTHER_COLUMN.search(match):
        return False
    from dossierdesk.store.text_query import title_only

    return title_only(match)


def title_match(match: str) -> ColumnElement[Any]:
    """``articles_title_fts MATCH ?``, ``match`` bound (see ``in_titles_index``)."""
    return literal_column(TITLE_TABLE).op("MATCH")(literal(match))


def title_score() -> ColumnElement[float]:
    """The bm25 of a row of the titles' index for its statement's MATCH; lower is better."""
    return func.bm25(literal_column(TITLE_TABLE))

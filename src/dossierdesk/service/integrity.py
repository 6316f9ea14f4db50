"""Checking an archive: that its full-text index matches the articles, in bounded memory.

``Archive.check`` runs SQLite's own integrity and foreign-key checks, then ``check_fts``.
Whatever the archive holds (titles of megabytes, NULs, FTS5 syntax in titles), the checks
read a bounded amount per row and never splice stored text into a query.
"""

from __future__ import annotations

import re
import sqlite3

from sqlalchemy import Connection, column, func, select, table, text
from sqlalchemy.exc import SQLAlchemyError

from dossierdesk.store import fts

CHECK_CACHE_KIB = -2048  # PRAGMA cache_size while checking (2 MiB)
CHECK_MESSAGES = 100  # problems of one kind listed by ``check``; the rest are counted
# SQLite from 3.44 compares an external-content FTS5 index with its content itself.
FTS_COMPARES_CONTENT = sqlite3.sqlite_version_info >= (3, 44, 0)
# Older SQLite on a read-only connection: each title is looked up in its own index entry,
# by its first few words (``_probed_stale_titles``).
PROBE_TITLE_CHARS = 2000
PROBE_WORDS = 8
# Words whose tokenizing cannot differ between this probe and FTS5's unicode61 tokenizer
# (whose tables are Unicode 6.1's): whitespace-delimited runs of ASCII digits and Latin
# letters. Other words (CJK, symbols, letters newer than Unicode 6.1) are left out of the
# probe rather than risk a false "outdated" report.
_SAFE_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")
_EDGE_PUNCTUATION = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum())


def title_probe(title: str) -> str | None:
    """An FTS5 query that finds an entry whose title has ``title``'s first words, or ``None``.

    Built only from words (each quoted), never from the title's raw text: a title is untrusted
    input, may hold FTS5 syntax or a NUL, and may be megabytes long (a phrase query over all
    of it took memory in proportion)."""
    words: list[str] = []
    for chunk in title[:PROBE_TITLE_CHARS].split():
        word = chunk.strip(_EDGE_PUNCTUATION)
        if _SAFE_WORD.fullmatch(word):
            words.append(word)
            if len(words) == PROBE_WORDS:
                break
    if not words:
        return None
    return "{title} : (" + " AND ".join(f'"{w}"' for w in words) + ")"


# Older SQLite: the main index's titles are compared with a fresh index of the titles, word
# by word, in temporary tables (``_stale_titles``). The fresh index has the main index's
# tokenizer and content view (a test keeps them equal to those of an archive's index).
# Titles longer than ``COMPARED_TITLE_CHARS`` (which older versions
# could store) are looked up instead: FTS5 holds a whole title in memory while it indexes it.
COMPARED_TITLE_CHARS = 65536
_TITLE_WORDS_STATEMENTS = (
    "CREATE TEMP TABLE dossierdesk_check_long AS"
    " SELECT id FROM main.articles_fts_content WHERE length(title) > :chars",
    "CREATE VIRTUAL TABLE temp.dossierdesk_check_titles"
    " USING fts5(title, tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO temp.dossierdesk_check_titles(rowid, title)"
    " SELECT id, title FROM main.articles_fts_content WHERE length(title) <= :chars",
    "CREATE VIRTUAL TABLE temp.dossierdesk_check_indexed"
    " USING fts5vocab(main, articles_fts, instance)",
    "CREATE VIRTUAL TABLE temp.dossierdesk_check_fresh"
    " USING fts5vocab(temp, dossierdesk_check_titles, instance)",
)
# The articles whose words (with their positions) differ between the two: a word at a
# position is listed once by each index that has it there, so those listed once differ
# (one sort of both lists, each read once).
_DIFFERING_TITLES = """
    SELECT count(DISTINCT doc) FROM (
        SELECT doc FROM (
            SELECT term, doc, offset FROM temp.dossierdesk_check_indexed
            WHERE col = 'title' AND doc NOT IN (SELECT id FROM temp.dossierdesk_check_long)
            UNION ALL
            SELECT term, doc, offset FROM temp.dossierdesk_check_fresh)
        GROUP BY term, doc, offset HAVING count(*) = 1)
"""
_TITLE_WORDS_DROP = (
    "DROP TABLE IF EXISTS temp.dossierdesk_check_fresh",
    "DROP TABLE IF EXISTS temp.dossierdesk_check_indexed",
    "DROP TABLE IF EXISTS temp.dossierdesk_check_titles",
    "DROP TABLE IF EXISTS temp.dossierdesk_check_long",
)


# The full-text indexes a check looks at: its name in messages, its table, FTS5's own checks
# (with the content compared, then without: see ``FTS_COMPARES_CONTENT``).
_INDEXES = (
    ("full-text index", fts.FTS_TABLE, fts.INTEGRITY_STATEMENTS),
    ("titles' index", fts.TITLE_TABLE, fts.TITLE_INTEGRITY_STATEMENTS),
)


def check_fts(conn: Connection, *, internal: bool = True) -> list[str]:
    """The FTS index is internally sound and matches the articles table.

    ``internal=False`` skips FTS5's own integrity check, which is a write statement (an archive
    opened read-only cannot run it)."""
    problems: list[str] = []
    articles = table("articles", column("id"))
    for name, index, checks in _INDEXES:
        if internal:
            try:
                conn.exec_driver_sql(checks[0 if FTS_COMPARES_CONTENT else 1])
            except SQLAlchemyError as exc:
                problems.append(f"{name}: {getattr(exc, 'orig', None) or exc}")
        sizes = table(f"{index}_docsize", column("id"))  # one row per indexed article
        missing = conn.scalar(
            select(func.count())
            .select_from(articles)
            .where(articles.c.id.not_in(select(sizes.c.id)))
        )
        extra = conn.scalar(
            select(func.count()).select_from(sizes).where(sizes.c.id.not_in(select(articles.c.id)))
        )
        if missing or extra:
            problems.append(f"{name}: {missing} articles not indexed, {extra} stale entries")
    # The titles' index is written by the same statements as the main index (its triggers and
    # an import's commit): its entries are counted above, and it is not probed title by title
    # (60 s more at 100,000 articles).
    if (not FTS_COMPARES_CONTENT or not internal) and not problems:
        stale = _stale_titles(conn)
        if stale:
            problems.append(f"full-text index: {stale} articles indexed with outdated text")
    if problems:
        problems.append("repair: rebuild the full-text index")
    return problems


def _stale_titles(conn: Connection) -> int:
    """Articles whose title, as the main index holds it, is not their title now.

    The titles are indexed afresh in a temporary FTS5 table, with the main index's tokenizer
    and from the same content view. FTS5's ``fts5vocab`` lists every word of both indexes
    with its article and its position (the main index's title column only). The articles
    where the two lists differ are counted. The lists are compared in SQL, in temporary
    tables, so memory stays bounded by the check's small page cache; titles too long to index
    whole in memory (``COMPARED_TITLE_CHARS``) are looked up instead.

    100,000 articles: the whole check 13 s. Looking each title's first words up in its own
    entry, as this did before, took 204 s there and saw nothing past a title's eighth word."""
    if conn.exec_driver_sql("PRAGMA query_only").scalar():
        return _probed_stale_titles(conn)
    try:
        for statement in _TITLE_WORDS_STATEMENTS:
            conn.execute(text(statement), {"chars": COMPARED_TITLE_CHARS})
        differing = int(conn.exec_driver_sql(_DIFFERING_TITLES).scalar() or 0)
        return differing + _probed_stale_titles(conn, long_only=True)
    finally:
        for statement in _TITLE_WORDS_DROP:
            conn.exec_driver_sql(statement)


def _probed_stale_titles(conn: Connection, *, long_only: bool = False) -> int:
    """Articles whose title's first words are not in their own index entry: what a
    read-only connection (``query_only``, which refuses even temporary tables) checks, one
    lookup per title (204 s at 100,000 articles on SQLite 3.40). ``long_only``: the titles
    too long to compare (``_stale_titles``) alone."""
    stale = 0
    rows = conn.exec_driver_sql(_LONG_TITLES if long_only else _ALL_TITLES, (PROBE_TITLE_CHARS,))
    for article_id, title in rows:
        probe = title_probe(title or "")
        if probe is None:
            continue
        hit = conn.exec_driver_sql(
            "SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?",
            (probe, article_id),
        ).first()
        stale += hit is None
    return stale


_ALL_TITLES = "SELECT id, substr(title, 1, ?) FROM articles ORDER BY id"
_LONG_TITLES = (
    "SELECT id, substr(title, 1, ?) FROM articles"
    " WHERE id IN (SELECT id FROM temp.dossierdesk_check_long) ORDER BY id"
)

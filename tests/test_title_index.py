"""The titles' own full-text index (migration 0011): it follows every way an article's title
is written (imports, edits, deletes, undo, migration of an older archive), the archive check
sees it broken and the repair rebuilds it, and relevance reads titles from it with the results
the main index gives."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import event

from dossierdesk.importers import SourceFile
from dossierdesk.service import (
    Archive,
    ImportStatus,
    editing,
    import_session,
    ranked_page,
    title_tiers,
)
from dossierdesk.store.engine import alembic_config, make_engine


def _sources(corpus_dir: Path) -> list[SourceFile]:
    return [SourceFile(p.name, p.read_bytes()) for p in sorted(corpus_dir.iterdir())]


def _titled(path: Path, word: str) -> set[int]:
    """The articles whose title holds ``word``, in the titles' index (another connection)."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT rowid FROM articles_title_fts WHERE articles_title_fts MATCH ?", (f'"{word}"',)
        ).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def _indexed(path: Path) -> tuple[int, int]:
    con = sqlite3.connect(path)
    try:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        titles = con.execute("SELECT count(*) FROM articles_title_fts_docsize").fetchone()[0]
    finally:
        con.close()
    return articles, titles


def _title_word(archive: Archive, article_id: int) -> str:
    title = archive.article(article_id).title
    return max((w.strip(".,:;'\"()?!") for w in title.split()), key=len)


@pytest.mark.parametrize("chunk_files", [3, None])
def test_imported_titles_are_indexed_at_each_commit(
    archive: Archive,
    archive_path: Path,
    corpus_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    chunk_files: int | None,
) -> None:
    monkeypatch.setattr(import_session, "COMMIT_SECONDS", 0.0)
    seen: list[tuple[int, int]] = []
    report = archive.import_sources(
        _sources(corpus_dir),
        total=33,
        progress=lambda p: seen.append(_indexed(archive_path)) if p.files_done % 5 == 2 else None,
        chunk_files=chunk_files,
    )
    assert report.count(ImportStatus.IMPORTED) > 20
    assert seen and all(articles == titles for articles, titles in seen)
    assert _indexed(archive_path) == (archive.count(), archive.count())
    for outcome in report.outcomes[:12]:
        if outcome.status is ImportStatus.IMPORTED and outcome.id is not None:
            assert outcome.id in _titled(archive_path, _title_word(archive, outcome.id))
    assert archive.check().ok


def test_edits_deletes_and_undo_keep_the_titles_index(
    archive: Archive, archive_path: Path, corpus_dir: Path
) -> None:
    archive.import_paths([corpus_dir / "020_dvids-reagan-csg-operates-with-jmsdf.txt"])
    (article_id,) = archive.search("", limit=None).ids
    old_word = _title_word(archive, article_id)
    assert _titled(archive_path, old_word) == {article_id}
    edit = editing.ArticleEdit.from_detail(archive.article(article_id))
    archive.update_article(article_id, dataclasses.replace(edit, title="Zanzibar liaison visit"))
    assert _titled(archive_path, "zanzibar") == {article_id}
    assert _titled(archive_path, old_word) == set()
    snapshot = archive.take_articles([article_id])
    assert _titled(archive_path, "zanzibar") == set()
    assert _indexed(archive_path) == (0, 0)
    archive.restore_articles(snapshot)  # undo: plain inserts outside any import
    assert _titled(archive_path, "zanzibar") == {article_id}
    assert archive.check().ok


def test_an_older_archive_gets_its_titles_indexed_when_opened(archive_path: Path) -> None:
    engine = make_engine(archive_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0010")
        for i, title in enumerate(["Kursk update", "Navy budget hearing"], start=1):
            conn.exec_driver_sql(
                "INSERT INTO articles (title, word_count, content_hash, imported_at, format, "
                "source_name, source_index, image_count, virin_count) "
                "VALUES (?, 2, ?, '2024-11-18 10:00:00', 'plain-text', 'x.txt', 0, 0, 0)",
                (title, f"h{i}"),
            )
            conn.exec_driver_sql(
                "INSERT INTO article_texts (article_id, body, captions, credits) "
                "VALUES (?, 'troops moved', '', '')",
                (i,),
            )
    engine.dispose()
    with Archive(archive_path) as arch:  # upgrades to head
        assert arch.check().ok
    assert _titled(archive_path, "kursk") == {1}
    assert _titled(archive_path, "budget") == {2}
    engine = make_engine(archive_path)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010")
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        conn.exec_driver_sql(  # the main index's triggers work as before
            "INSERT INTO articles (title, word_count, content_hash, imported_at, format, "
            "source_name, source_index, image_count, virin_count) "
            "VALUES ('Third', 1, 'h3', '2024-11-19 10:00:00', 'plain-text', 'y.txt', 0, 0, 0)"
        )
        conn.exec_driver_sql(
            "INSERT INTO article_texts (article_id, body, captions, credits) "
            "VALUES (3, 'marines landed', '', '')"
        )
        conn.exec_driver_sql("UPDATE articles SET title = 'Kursk update two' WHERE id = 1")
        conn.exec_driver_sql("DELETE FROM articles WHERE id = 2")
        found = conn.exec_driver_sql(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'marines OR two OR budget'"
        ).all()
    engine.dispose()
    assert not any(name.startswith("articles_title_fts") for name in names)
    assert sorted(found) == [(1,), (3,)]


def test_the_check_finds_a_broken_titles_index_and_the_repair_rebuilds_it(
    archive: Archive, archive_path: Path, corpus_dir: Path
) -> None:
    archive.import_paths(sorted(corpus_dir.iterdir())[:6])
    assert archive.check().ok
    con = sqlite3.connect(archive_path)
    with con:  # an entry lost (as a tool writing the index itself could do)
        con.execute(
            "INSERT INTO articles_title_fts(articles_title_fts, rowid, title)"
            " SELECT 'delete', id, title FROM articles WHERE id = (SELECT min(id) FROM articles)"
        )
    con.close()
    result = archive.check()
    assert not result.ok
    assert any("titles' index" in m for m in result.messages), result.messages
    assert not any(m.startswith("full-text index") for m in result.messages), result.messages
    archive.rebuild_index()
    assert archive.check().ok
    first = min(archive.search("").ids)
    assert first in _titled(archive_path, _title_word(archive, first))


QUERIES = [
    "defense",
    "defense policy",
    "air force",
    "nati*",
    "navy OR army",
    "title:secretary defense",
    "title:defense",  # titles alone: ranked and counted in the titles' index
    "title:air* OR title:navy",
    "credit:vergun defense",  # a column besides the title: the main index
    "defense -budget",
    "tag:ukraine defense",
]


@pytest.mark.parametrize("title_limit", [title_tiers.TITLE_RANK_LIMIT, 0])
def test_relevance_reads_titles_from_their_own_index_with_the_same_matches(
    archive: Archive, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch, title_limit: int
) -> None:
    archive.import_paths([corpus_dir])
    ids = list(archive.search("").ids)
    archive.add_tags(ids[::3], ["ukraine"])
    monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", 2)  # the tiers, for these words
    monkeypatch.setattr(title_tiers, "TITLE_RANK_LIMIT", title_limit)
    statements: list[str] = []
    event.listen(archive._engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    used = 0
    for query in QUERIES:
        statements.clear()
        own = archive.search_ids(query, sort="relevance", limit=None)
        used += any("articles_title_fts" in s for s in statements)
        with monkeypatch.context() as m:
            m.setattr(title_tiers, "in_titles_index", lambda _match: False)
            m.setattr(ranked_page, "in_titles_index", lambda _match: False)
            main = archive.search_ids(query, sort="relevance", limit=None)
        assert set(own) == set(main) == set(archive.search(query, sort="date").ids), query
        if title_limit == 0:  # newest first within each tier: the very same order
            assert own == main, query
        page = archive.search_ids(query, sort="relevance", offset=2, limit=5)
        assert page == own[2:7], query
        assert archive.count(query) == len(own), query
    assert used >= len(QUERIES) - 2


def test_a_query_of_titles_alone_is_ranked_in_the_titles_index(
    archive: Archive, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive.import_paths([corpus_dir])
    statements: list[str] = []
    event.listen(archive._engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    for query in ("title:defense", "title:air* OR title:navy", "title:secretary -title:army"):
        statements.clear()
        ranked = archive.search_ids(query, sort="relevance", limit=None)
        assert any("articles_title_fts" in s for s in statements), query
        with monkeypatch.context() as m:
            m.setattr(ranked_page, "in_titles_index", lambda _match: False)
            main = archive.search_ids(query, sort="relevance", limit=None)
        assert ranked and set(ranked) == set(main), query
        assert archive.count(query) == len(ranked), query
    word_first = archive.search_ids("title:defense", sort="relevance", limit=None)
    title = archive.article(word_first[0]).title.casefold()
    assert "defense" in title

"""Imports index their articles once per transaction (migration 0005): every committed article
is searchable, the deferral flag is never committed, and other writers still index through
the trigger."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from alembic import command

from dossierdesk.importers import SourceFile
from dossierdesk.service import Archive, CancelToken, ImportProgress, ImportStatus, import_session
from dossierdesk.store.engine import alembic_config, make_engine


def _sources(corpus_dir: Path) -> list[SourceFile]:
    return [SourceFile(p.name, p.read_bytes()) for p in sorted(corpus_dir.iterdir())]


def _counts(path: Path) -> tuple[int, int, int]:
    """(articles, indexed documents, deferral rows) as another connection sees them."""
    con = sqlite3.connect(path)
    try:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        # An external-content FTS5 table counts its docsize rows: one per indexed document.
        indexed = con.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
        flags = con.execute("SELECT count(*) FROM fts_deferral").fetchone()[0]
    finally:
        con.close()
    return articles, indexed, flags


@pytest.fixture
def commit_every_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_session, "COMMIT_SECONDS", 0.0)


def test_every_committed_article_is_indexed_during_and_after_import(
    archive: Archive, archive_path: Path, corpus_dir: Path, commit_every_chunk: None
) -> None:
    seen: list[tuple[int, int, int]] = []

    def on_progress(p: ImportProgress) -> None:
        if p.files_done % 4 == 1:  # the chunks before this one are committed
            seen.append(_counts(archive_path))

    report = archive.import_sources(
        _sources(corpus_dir), total=33, progress=on_progress, chunk_files=4
    )
    assert report.count(ImportStatus.IMPORTED) > 20
    assert len(seen) >= 5 and seen[-1][0] > seen[1][0] > 0
    assert all(articles == indexed and flags == 0 for articles, indexed, flags in seen)
    articles, indexed, flags = _counts(archive_path)
    assert articles == indexed == archive.count() and flags == 0
    assert archive.check().ok
    # The index holds what the articles say: each title finds its own article.
    for outcome in report.outcomes[:10]:
        if outcome.status is ImportStatus.IMPORTED and outcome.id is not None:
            title = archive.article(outcome.id).title
            word = max((w.strip(".,:;'\"()") for w in title.split()), key=len)
            assert outcome.id in archive.search(f'"{word}"', limit=None).ids


def test_failed_import_leaves_no_flag_and_no_unindexed_article(
    archive: Archive, archive_path: Path, corpus_dir: Path, commit_every_chunk: None
) -> None:
    def on_progress(p: ImportProgress) -> None:
        if p.files_done == 10:
            raise RuntimeError("the caller gave up")

    with pytest.raises(RuntimeError):
        archive.import_sources(_sources(corpus_dir), total=33, progress=on_progress, chunk_files=4)
    articles, indexed, flags = _counts(archive_path)
    assert articles == indexed > 0 and flags == 0
    assert archive.check().ok


def test_cancelled_import_indexes_what_it_kept(
    archive: Archive, archive_path: Path, corpus_dir: Path
) -> None:
    token = CancelToken()

    def on_progress(p: ImportProgress) -> None:
        if p.files_done == 6:
            token.cancel()

    report = archive.import_sources(
        _sources(corpus_dir), total=33, progress=on_progress, cancel=token, chunk_files=3
    )
    assert report.cancelled
    articles, indexed, flags = _counts(archive_path)
    assert articles == indexed == report.count(ImportStatus.IMPORTED) > 0 and flags == 0


def test_other_writers_are_indexed_by_the_trigger(archive: Archive, corpus_dir: Path) -> None:
    archive.import_paths([corpus_dir / "020_dvids-reagan-csg-operates-with-jmsdf.txt"])
    (article_id,) = archive.search("", limit=None).ids
    snapshot = archive.snapshot_articles([article_id])
    archive.delete_articles([article_id])
    assert archive.search("jmsdf").total == 0
    archive.restore_articles(snapshot)  # undo: plain inserts outside any import
    assert archive.search("jmsdf").ids == (article_id,)
    assert archive.check().ok


def test_an_undone_delete_indexes_its_articles_together(
    archive: Archive, archive_path: Path, corpus_dir: Path
) -> None:
    """Restoring deleted articles (undo) leaves the trigger aside and indexes them in two
    statements: every one is found again by its words and its title, the index matches the
    content, no deferral row is left, and a later edit (the triggers) keeps it so."""
    archive.import_paths([corpus_dir])
    ids = sorted(archive.search("", limit=None).ids)
    taken = ids[::2]
    kursk = archive.search("kursk").total
    snapshot = archive.take_articles(taken)
    articles, indexed, _ = _counts(archive_path)
    assert articles == indexed == len(ids) - len(taken)
    archive.restore_articles(snapshot)
    assert _counts(archive_path) == (len(ids), len(ids), 0)
    assert archive.search("kursk").total == kursk
    for article in archive.articles(taken[:8]):
        assert article.id in archive.search(f'title:"{article.title}"', limit=None).ids
    assert archive.check().ok
    # A later edit goes through the triggers, which remove what the statements indexed.
    from dossierdesk.service.editing import ArticleEdit

    detail = archive.article(taken[0])
    edit = dataclasses.replace(ArticleEdit.from_detail(detail), title="Zyxwvut briefing")
    archive.update_article(taken[0], edit)
    assert archive.search("zyxwvut").ids == (taken[0],)
    assert archive.check().ok


def test_0005_upgrade_keeps_the_index_and_downgrade_restores_the_trigger(
    archive_path: Path,
) -> None:
    engine = make_engine(archive_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.exec_driver_sql(
            "INSERT INTO articles (title, word_count, content_hash, imported_at, format, "
            "source_name, source_index, image_count, virin_count) "
            "VALUES ('Kursk update', 2, 'h1', '2024-11-18 10:00:00', 'plain-text', 'x.txt', "
            "0, 0, 0)"
        )
        conn.exec_driver_sql(
            "INSERT INTO article_texts (article_id, body, captions, credits) "
            "VALUES (1, 'troops moved', '', '')"
        )
    engine.dispose()
    with Archive(archive_path) as arch:  # upgrades to head
        assert arch.search("troops").ids == (1,)
        assert arch.check().ok
    engine = make_engine(archive_path)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
        conn.exec_driver_sql(
            "INSERT INTO articles (title, word_count, content_hash, imported_at, format, "
            "source_name, source_index, image_count, virin_count) "
            "VALUES ('Second', 1, 'h2', '2024-11-19 10:00:00', 'plain-text', 'y.txt', 0, 0, 0)"
        )
        conn.exec_driver_sql(
            "INSERT INTO article_texts (article_id, body, captions, credits) "
            "VALUES (2, 'marines landed', '', '')"
        )
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        indexed = conn.exec_driver_sql(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'marines'"
        ).all()
    engine.dispose()
    assert "fts_deferral" not in tables
    assert indexed == [(2,)]


def test_a_delete_removes_its_articles_entries_together(
    archive: Archive, archive_path: Path, corpus_dir: Path
) -> None:
    """Deleting articles removes their entries from both indexes in two statements, then
    their texts, so that the trigger before each article's delete has nothing left to
    remove: none of them is found by its title, the others are, the index matches the
    content (no entry removed twice, none left), and no deferral row is left."""
    archive.import_paths([corpus_dir])
    ids = sorted(archive.search("", limit=None).ids)
    gone = ids[1::3]
    titles = {a.id: a.title for a in archive.articles(ids)}
    assert archive.delete_articles(gone) == len(gone)
    assert _counts(archive_path) == (len(ids) - len(gone), len(ids) - len(gone), 0)
    for article_id in ids[:12]:
        found = archive.search(f'title:"{titles[article_id]}"', limit=None).ids
        assert (article_id in found) is (article_id not in gone)
    assert archive.check().ok
    # Another writer's delete (no deferral row) is still served by the trigger.
    con = sqlite3.connect(archive_path)
    try:
        with con:
            con.execute("PRAGMA foreign_keys = ON")
            con.execute("DELETE FROM articles WHERE id = ?", (ids[0],))
    finally:
        con.close()
    assert ids[0] not in archive.search(f'title:"{titles[ids[0]]}"', limit=None).ids
    assert archive.check().ok

"""The archive's statistics: the same counts on both engines, VIRINs counted right (valid and
malformed), and on a file archive every count read from an index (migration 0010), never
from the article or image rows themselves."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from dossierdesk.service import Archive
from dossierdesk.service.editing import ArticleEdit
from dossierdesk.service.reads import stats
from dossierdesk.store.models import Base

SMALL = (
    "001_afmil-gulf-war-critical-care.html",
    "002_afmil-secaf-csis-smart-women.html",
)


@pytest.mark.both_backends
def test_virins_and_malformed_virins_are_counted(archive: Archive, corpus_dir: Path) -> None:
    archive.import_paths([corpus_dir / name for name in SMALL])
    images = [i for d in archive.articles(archive.search("").ids) for i in d.images]
    printed = [i for i in images if i.virin]
    assert printed  # the corpus pages print VIRINs under their photos
    before = archive.stats()
    assert (before.virins, before.invalid_virins) == (len(printed), 0)
    article_id = next(d.id for d in archive.articles(archive.search("").ids) if d.images)
    edit = ArticleEdit.from_detail(archive.article(article_id))
    first = edit.images[0]
    bad = dataclasses.replace(first, virin="16O114-F-EX708-001")  # a letter O for a zero
    archive.update_article(article_id, dataclasses.replace(edit, images=(bad, *edit.images[1:])))
    after = archive.stats()
    assert after.invalid_virins == 1
    assert after.virins == before.virins + (0 if first.virin else 1)
    assert sum(f.count for f in after.formats) == after.articles == len(SMALL)


def test_a_file_archives_counts_come_from_indexes(archive_path: Path, corpus_dir: Path) -> None:
    with Archive(archive_path) as archive:
        archive.import_paths([corpus_dir / name for name in SMALL])
        expected = archive.stats()
    conn = sqlite3.connect(archive_path)
    for sql in (
        "SELECT count(*) FROM images WHERE virin IS NOT NULL",
        "SELECT count(*) FROM images WHERE virin IS NOT NULL AND virin_valid = FALSE",
        "SELECT format, count(*) FROM articles GROUP BY format ORDER BY count(*) DESC",
    ):
        plan = " ".join(str(row[3]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "COVERING INDEX" in plan, plan
    found = stats(conn, archive_path)  # the statements the command runs
    assert dataclasses.replace(found, file_bytes=0) == dataclasses.replace(expected, file_bytes=0)
    conn.close()


def test_the_migrations_build_the_indexes_the_models_declare(archive_path: Path) -> None:
    Archive(archive_path).close()
    conn = sqlite3.connect(archive_path)
    built = {
        name: tuple(row[2] for row in conn.execute(f"PRAGMA index_info('{name}')"))
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'"
        )
    }
    conn.close()
    declared = {
        index.name: tuple(c.name for c in index.columns)
        for table in Base.metadata.tables.values()
        for index in table.indexes
    }
    assert built == declared

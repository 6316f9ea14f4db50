"""ArchiveReader: the reading commands without SQLAlchemy, reading what Archive reads."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import CORPUS, REPO, SEED

from dossierdesk.service import Archive
from dossierdesk.service.reader import ArchiveReader
from dossierdesk.store.engine import SCHEMA_REVISION


@pytest.fixture
def filled(archive_path: Path) -> Path:
    with Archive(archive_path) as archive:
        archive.import_paths([CORPUS, SEED])
        ids = archive.search("").ids
        archive.add_tags(ids[::2], ["Ukraine", "dprk"])
        archive.add_tags(ids[:3], ["apple"])
    return archive_path


def test_the_reader_reads_what_the_archive_reads(filled: Path) -> None:
    reader = ArchiveReader.open(filled)
    assert reader is not None
    with reader, Archive(filled) as archive:
        for sort in ("-date", "date", "title", "-imported", "words", "relevance", "auto"):
            for offset, limit in ((0, None), (0, 5), (3, 4), (2, None)):
                expected = archive.search("", sort=sort, offset=offset, limit=limit)
                assert reader.search("", sort=sort, offset=offset, limit=limit) == expected
        ids = list(archive.search("").ids)
        assert len(ids) > 5
        assert reader.summaries(ids) == archive.summaries(ids)
        assert list(reader.articles(ids)) == list(archive.articles(ids))
        assert reader.article(ids[0]) == archive.article(ids[0])
        assert reader.tags() == archive.tags()
        assert [t.count for t in reader.tags()] == [3, len(ids[::2]), len(ids[::2])]
        assert reader.stats() == archive.stats()
        with pytest.raises(KeyError):
            reader.article(10**6)
        with pytest.raises(ValueError):
            reader.search("tag:apple")
        with pytest.raises(ValueError, match="unknown sort field"):
            reader.search("", sort="nope")


def test_relevance_without_words_is_newest_first_for_every_reader(filled: Path) -> None:
    """A blank or filter-only query has no words to rank by: one order, whoever reads it."""
    reader = ArchiveReader.open(filled)
    assert reader is not None
    with reader, Archive(filled) as archive:
        newest = archive.search("", sort="-date").ids
        assert reader.search("", sort="relevance").ids == newest
        assert archive.search("", sort="relevance").ids == newest
        assert archive.search_ids("", sort="relevance", offset=2, limit=5) == newest[2:7]
        tagged = archive.search("tag:apple", sort="-date").ids
        assert archive.search("tag:apple", sort="relevance").ids == tagged
        assert archive.search_ids("tag:apple", sort="relevance") == tagged


def test_no_reader_for_missing_new_foreign_or_older_archives(tmp_path: Path, filled: Path) -> None:
    assert ArchiveReader.open(tmp_path / "missing.sqlite3") is None
    (tmp_path / "empty.sqlite3").write_bytes(b"")
    assert ArchiveReader.open(tmp_path / "empty.sqlite3") is None
    (tmp_path / "text.sqlite3").write_text("not a database")
    assert ArchiveReader.open(tmp_path / "text.sqlite3") is None
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    assert ArchiveReader.open(foreign) is None
    conn = sqlite3.connect(filled)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    assert ArchiveReader.open(filled) is None
    conn = sqlite3.connect(filled)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (SCHEMA_REVISION,))
    conn.close()
    reader = ArchiveReader.open(filled)
    assert reader is not None
    reader.close()


def test_reading_commands_load_no_sqlalchemy(filled: Path) -> None:
    code = (
        "import sys\n"
        "from dossierdesk.cli.main import main\n"
        "for args in (['list', '--limit', '2'], ['show', '1'], ['tags'], ['stats']):\n"
        f"    assert main(['--archive', {str(filled)!r}, *args]) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'alembic', "
        "'PIL', 'dossierdesk.importers'))), file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stderr.strip().splitlines()[-1] == "[]"
    # With a query, list compiles it: the full Archive (and SQLAlchemy) then.
    code = code.replace("['list', '--limit', '2']", "['list', '-q', 'tag:apple']")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert "sqlalchemy" in out.stderr.strip().splitlines()[-1]

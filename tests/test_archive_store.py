"""Opening archives: creation, pragmas, migrations with backup, refusing what is not ours."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from tests.conftest import SEED

from dossierdesk.service import Archive
from dossierdesk.store.engine import (
    SCHEMA_REVISION,
    ArchiveError,
    NewerArchiveError,
    alembic_config,
    head_revision,
    make_engine,
)


def test_new_archive_is_at_head_with_wal_and_foreign_keys(archive: Archive) -> None:
    with archive._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        rev = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert rev == head_revision()


def test_schema_revision_constant_names_the_newest_migration() -> None:
    # Opening skips Alembic when the archive is stamped with SCHEMA_REVISION: a stale constant
    # would leave archives unmigrated.
    assert head_revision() == SCHEMA_REVISION


@pytest.mark.parametrize("made", [True, False], ids=["up-to-date", "new"])
def test_opening_an_up_to_date_or_new_archive_loads_neither_alembic_nor_postgresql(
    archive_path: Path, made: bool
) -> None:
    # A new file gets the migrations' schema without them (``store.new_archive``); the
    # PostgreSQL dialect is for team archives (``store.models`` names no argument of it).
    if made:
        Archive(archive_path).close()
    code = (
        "import sys; from pathlib import Path; from dossierdesk.service import Archive; "
        f"Archive(Path({str(archive_path)!r})).close(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako') "
        "or m.startswith('sqlalchemy.dialects.postgresql')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_newer_archive_is_refused_and_left_untouched(archive_path: Path) -> None:
    Archive(archive_path).close()
    con = sqlite3.connect(archive_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = archive_path.read_bytes()
    with pytest.raises(NewerArchiveError, match="newer version"):
        Archive(archive_path)
    assert archive_path.read_bytes() == before


def test_not_an_sqlite_file_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("hello, this is not a database")
    with pytest.raises(ArchiveError, match="not a Dossier Desk archive"):
        Archive(bogus)
    assert bogus.read_text() == "hello, this is not a database"


def test_foreign_sqlite_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    # (Only an empty file becomes a new archive: ``store.new_archive``.)
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(ArchiveError, match="not a Dossier Desk archive"):
        Archive(other)
    con = sqlite3.connect(other)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master")]
    finally:
        con.close()
    assert names == ["contacts"]


def test_upgrade_backs_up_first_and_keeps_full_text_index(archive_path: Path) -> None:
    # Build an archive at the first schema revision, with an article in it.
    engine = make_engine(archive_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO articles (title, word_count, content_hash, imported_at, format, "
            "source_name, source_index, image_count, virin_count) "
            "VALUES ('Kursk update', 2, 'h1', '2024-11-18 10:00:00', "
            "'plain-text', 'x.txt', 0, 1, 0)"
        )
        conn.exec_driver_sql(
            "INSERT INTO article_texts (article_id, body, captions, credits) "
            "VALUES (1, 'troops moved', 'aerial view', 'Jane Doe')"
        )
    engine.dispose()

    with Archive(archive_path) as arch:
        assert arch.search("kursk").ids == (1,)
        assert arch.search("aerial").ids == (1,)
        assert arch.check().ok
    backups = list(archive_path.parent.glob("archive.sqlite3.0001.*.bak"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert con.execute("SELECT title FROM articles").fetchone() == ("Kursk update",)
    con.close()


def test_check_detects_a_damaged_index(archive: Archive) -> None:
    archive.import_paths([SEED])
    assert archive.check().ok
    with archive._engine.begin() as conn:
        # Change the content table behind the index's back (bypassing the triggers).
        conn.exec_driver_sql("DROP TRIGGER articles_fts_title_au")
        conn.exec_driver_sql("UPDATE articles SET title = 'Something else entirely'")
    result = archive.check()
    assert not result.ok
    assert any("full-text" in m for m in result.messages)
    archive.rebuild_index()
    assert archive.check().ok

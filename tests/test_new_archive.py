"""A new archive file is made from the schema the migrations build (``store.new_archive``), and
is the same file, to the last row and pragma, as one the migrations make."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.conftest import SEED

from dossierdesk.service import Archive
from dossierdesk.store import new_archive, schema_sqlite
from dossierdesk.store.engine import SCHEMA_REVISION, head_revision, open_engine
from dossierdesk.store.new_archive import migrated

# What a file keeps of itself besides its tables (connection settings are not compared).
FILE_PRAGMAS = ("page_size", "auto_vacuum", "journal_mode", "user_version", "application_id")


def contents(path: Path) -> dict[str, object]:
    """Everything of the file that the schema and its creation decide."""
    con = sqlite3.connect(path)
    try:
        master = sorted(
            con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        )
        tables = [row[1] for row in master if row[0] == "table"]
        rows = {}
        for table in tables:
            if table == "articles_fts":  # the virtual table: its rows are its shadow tables'
                continue
            rows[table] = sorted(con.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
        pragmas = {name: con.execute(f"PRAGMA {name}").fetchone()[0] for name in FILE_PRAGMAS}
        return {"master": master, "rows": rows, "pragmas": pragmas}
    finally:
        con.close()


def test_the_snapshot_is_what_the_migrations_make(tmp_path: Path) -> None:
    path = migrated(tmp_path / "migrated.sqlite3")
    con = sqlite3.connect(path)
    try:
        statements = new_archive.schema_statements(con.cursor())
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()
    stale = "store/schema_sqlite.py is stale: run packaging/update_schema_snapshot.py"
    assert revision == head_revision() == SCHEMA_REVISION
    assert revision == schema_sqlite.REVISION, stale
    assert list(schema_sqlite.STATEMENTS) == statements, stale


def test_a_new_archive_is_the_file_the_migrations_make(tmp_path: Path) -> None:
    made = tmp_path / "made.sqlite3"
    open_engine(made).dispose()
    by_migrations = contents(migrated(tmp_path / "migrated.sqlite3"))
    assert contents(made) == by_migrations
    assert by_migrations["rows"]["alembic_version"] == [(SCHEMA_REVISION,)]  # type: ignore[index]


def test_a_new_archive_works_and_its_index_is_whole(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    with Archive(path) as archive:
        report = archive.import_paths([SEED])
        assert report.imported_ids
        assert archive.search("Kursk").total == 1
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        con.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        con.close()


def test_an_empty_sqlite_file_becomes_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).close()  # a file of no bytes
    open_engine(path).dispose()
    assert contents(path) == contents(migrated(tmp_path / "migrated.sqlite3"))


def test_a_snapshot_of_another_revision_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema_sqlite, "REVISION", "0001")
    monkeypatch.setattr(schema_sqlite, "STATEMENTS", ("CREATE TABLE wrong (id INTEGER)",))
    path = tmp_path / "archive.sqlite3"
    open_engine(path).dispose()  # made by the migrations instead
    assert contents(path) == contents(migrated(tmp_path / "migrated.sqlite3"))

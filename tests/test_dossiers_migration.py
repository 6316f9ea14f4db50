"""Migration 0003: an archive made before dossiers existed upgrades, keeping its data."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command

from dossierdesk.service import Archive
from dossierdesk.store.engine import alembic_config, head_revision, make_engine


def _archive_at(path: Path, revision: str) -> None:
    engine = make_engine(path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO articles (title, published, word_count, content_hash, imported_at, "
            "format, source_name, source_index, image_count, virin_count) "
            "VALUES ('Kursk update', '2024-11-18', 2, 'h1', '2024-11-18 10:00:00', "
            "'plain-text', 'x.txt', 0, 0, 0)"
        )
        conn.exec_driver_sql(
            "INSERT INTO article_texts (article_id, body, captions, credits) "
            "VALUES (1, 'troops moved', '', '')"
        )
        conn.exec_driver_sql(
            "INSERT INTO saved_searches (name, query, created_at) "
            "VALUES ('kursk', 'kursk', '2024-11-18 10:00:00')"
        )
    engine.dispose()


def test_0002_archive_upgrades_with_backup_and_keeps_data(archive_path: Path) -> None:
    _archive_at(archive_path, "0002")
    with Archive(archive_path) as arch:
        assert arch.search("kursk").ids == (1,)
        dossier_id = arch.create_dossier("Kursk", article_ids=[1])
        detail = arch.dossier("kursk")
        assert detail.id == dossier_id
        assert [(e.article_id, e.title, e.published) for e in detail.entries] == [
            (1, "Kursk update", dt.date(2024, 11, 18))
        ]
        assert arch.check().ok
    con = sqlite3.connect(archive_path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
        assert con.execute("SELECT name, query FROM saved_searches").fetchall() == [
            ("kursk", "kursk")
        ]
    finally:
        con.close()
    backups = list(archive_path.parent.glob("archive.sqlite3.0002.*.bak"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "dossiers" not in tables
        assert con.execute("SELECT title FROM articles").fetchone() == ("Kursk update",)
    finally:
        con.close()


def test_0003_downgrade_drops_dossiers_only(archive_path: Path) -> None:
    with Archive(archive_path) as arch:
        arch.import_bytes("a.txt", b"A title\n\nSome body text.")
        arch.create_dossier("D", article_ids=[1])
    engine = make_engine(archive_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    engine.dispose()
    con = sqlite3.connect(archive_path)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        assert not {"dossiers", "dossier_entries"} & names
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    finally:
        con.close()
    with Archive(archive_path) as arch:  # and up again
        assert arch.dossiers() == []

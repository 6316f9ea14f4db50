"""The fast import write path stores exactly what SQLAlchemy's own inserts store, and large
imports leave the full-text index's merge setting as they found it, whatever happens."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, text

from dossierdesk.importers import SourceFile
from dossierdesk.service import Archive, CancelToken, ImportProgress, ImportStatus, import_session
from dossierdesk.service import archive_import as archive_module
from dossierdesk.service.bulk_sql import insert_tuples
from dossierdesk.service.rows import STORED_COLUMNS, stored_bool, stored_date
from dossierdesk.store import fts
from dossierdesk.store.models import Article, Image

NOW = dt.datetime(2024, 11, 18, 9, 30, 5)


def _article(article_id: int, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": article_id,
        "title": f"Title {article_id}",
        "published": dt.date(2024, 11, 18) if article_id % 2 else None,
        "byline": "By David Vergun, DOD News",
        "source": "DOD News",
        "dateline": None,
        "url": None,
        "content_hash": f"{article_id:064d}",
        "imported_at": NOW,
        "format": "crawler-text",
        "source_name": f"a{article_id}.txt",
        "source_file_id": None,
        "source_index": 0,
        "image_count": 1,
        "virin_count": 1,
    }
    row.update(extra)
    return row


def _image(article_id: int, valid: bool | None) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": 0,
        "paragraph_index": 2,
        "caption": "An aerial view of the Pentagon.",
        "credit": None,
        "virin": "230515-D-KY598-1364",
        "download_size": "5.2 MB",
        "url": None,
        "keywords": None,
        "virin_valid": valid,
        "virin_problem": None,
        "virin_normalized": "230515-D-KY598-1364",
        "virin_date": dt.date(2023, 5, 15),
        "virin_service": "D",
        "virin_originator": "KY598",
        "virin_sequence": "1364",
    }


def _stored(archive: Archive, table: str, ids: tuple[int, int]) -> list[dict[str, Any]]:
    """Rows as {column: (storage type, value)}, without the columns naming the article."""
    key = "id" if table == "articles" else "article_id"
    naming = {"id", "article_id", "title", "content_hash", "source_name"}
    with archive._engine.connect() as conn:
        columns = [r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table})")]
        kept = [c for c in columns if c not in naming]
        shown = ", ".join(f"typeof({c}), {c}" for c in kept)
        rows = conn.exec_driver_sql(
            f"SELECT {shown} FROM {table} WHERE {key} IN (?, ?) ORDER BY {key}", ids
        ).all()
    return [{c: (r[2 * i], r[2 * i + 1]) for i, c in enumerate(kept)} for r in rows]


def _as_tuples(rows: list[dict[str, Any]]) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """Rows as ``insert_tuples`` takes them: keys, then values, those of STORED_COLUMNS in
    stored form (as ``rows.prepare`` gives them)."""
    keys = tuple(rows[0])

    def stored(key: str, value: Any) -> Any:
        if key not in STORED_COLUMNS:
            return value
        return stored_bool(value) if key == "virin_valid" else stored_date(value)

    return keys, [tuple(stored(k, row[k]) for k in keys) for row in rows]


def test_insert_tuples_stores_what_sqlalchemy_stores(archive: Archive) -> None:
    # word_count is left out of SQLAlchemy's rows: its Python-side default applies.
    with archive._engine.begin() as conn:
        conn.execute(insert(Article), [_article(1), _article(2)])
        conn.execute(insert(Image), [_image(1, True), _image(2, None)])
        insert_tuples(
            conn, Article, *_as_tuples([_article(11, word_count=0), _article(12, word_count=0)])
        )
        insert_tuples(conn, Image, *_as_tuples([_image(11, True), _image(12, None)]))
    by_sqlalchemy = _stored(archive, "articles", (1, 2))
    assert len(by_sqlalchemy) == 2
    assert by_sqlalchemy[0]["imported_at"][0] == "text"
    assert by_sqlalchemy[0]["word_count"] == ("integer", 0)
    assert _stored(archive, "articles", (11, 12)) == by_sqlalchemy
    images = _stored(archive, "images", (1, 2))
    assert len(images) == 2 and images[0]["virin_date"] == ("text", "2023-05-15")
    assert _stored(archive, "images", (11, 12)) == images
    summaries = archive.summaries([11, 12])
    assert [s.published for s in summaries] == [dt.date(2024, 11, 18), None]
    assert summaries[0].imported_at == NOW


def _automerge(archive: Archive) -> int:
    with archive._engine.connect() as conn:
        value = conn.execute(
            text("SELECT v FROM articles_fts_config WHERE k = 'automerge'")
        ).scalar()
    return fts.AUTOMERGE_DEFAULT if value is None else int(value)


def _sources(corpus_dir: Path) -> list[SourceFile]:
    return [SourceFile(p.name, p.read_bytes()) for p in sorted(corpus_dir.iterdir())]


@pytest.fixture
def bulk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive_module, "BULK_FILES", 1)
    monkeypatch.setattr(import_session, "COMMIT_SECONDS", 0.0)  # commit after every chunk


def test_bulk_import_restores_merging(archive: Archive, corpus_dir: Path, bulk: None) -> None:
    seen: list[int] = []

    def on_progress(p: ImportProgress) -> None:
        if p.files_done == 5:  # the first chunk (4 files) is committed by then
            seen.append(_automerge(archive))

    report = archive.import_sources(
        _sources(corpus_dir), total=33, progress=on_progress, chunk_files=4
    )
    assert report.count(ImportStatus.IMPORTED) > 20
    assert seen == [0]  # switched off while importing (committed with the first chunks)...
    assert _automerge(archive) == fts.AUTOMERGE_DEFAULT  # ...and back on afterwards
    assert archive.check().ok
    assert archive.search("pentagon").total > 0


def test_cancelled_bulk_import_restores_merging(
    archive: Archive, corpus_dir: Path, bulk: None
) -> None:
    token = CancelToken()

    def on_progress(p: ImportProgress) -> None:
        if p.files_done == 6:
            token.cancel()

    report = archive.import_sources(
        _sources(corpus_dir), total=33, progress=on_progress, cancel=token, chunk_files=2
    )
    assert report.cancelled
    assert _automerge(archive) == fts.AUTOMERGE_DEFAULT


def test_failed_bulk_import_restores_merging(
    archive: Archive, corpus_dir: Path, bulk: None
) -> None:
    def on_progress(p: ImportProgress) -> None:
        if p.files_done == 6:
            raise RuntimeError("the caller gave up")

    with pytest.raises(RuntimeError):
        archive.import_sources(_sources(corpus_dir), total=33, progress=on_progress, chunk_files=2)
    assert _automerge(archive) == fts.AUTOMERGE_DEFAULT
    assert archive.count() >= 4  # the chunks committed before the failure stay
    assert archive.check().ok


def test_slow_files_are_written_and_reported_without_waiting_for_a_full_chunk(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_session, "FLUSH_SECONDS", 0.05)
    produced = 0
    produced_when_reported: list[int] = []

    def slow_sources() -> Iterator[SourceFile]:
        nonlocal produced
        for i in range(12):
            time.sleep(0.03)  # each file takes a while to read or parse
            produced += 1
            yield SourceFile(f"s{i}.txt", f"Slow report {i}\n\nBody of report {i}.".encode())

    def on_progress(p: ImportProgress) -> None:
        produced_when_reported.append(produced)

    report = archive.import_sources(slow_sources(), progress=on_progress)
    assert report.count(ImportStatus.IMPORTED) == 12 == len(produced_when_reported)
    assert import_session.CHUNK_FILES > 12
    # The first files were written and reported while later ones were still coming in.
    assert produced_when_reported[0] < 12


def test_compiled_sql_is_kept_per_dialect_and_dropped_with_it() -> None:
    """Compiled statements belong to the dialect they were compiled for. Keyed by the
    dialect's ``id()``, a SQLite dialect's SQL (``?`` placeholders) was handed to a PostgreSQL
    dialect that got the freed object's address ("the query has 0 placeholders but 7
    parameters were passed"): CPython reuses a freed address for the next object of its size."""
    import gc

    from sqlalchemy.dialects import postgresql, sqlite

    from dossierdesk.service.bulk_sql import _expanded, _tuple_plan
    from dossierdesk.service.writer import _FILE_BY_HASH
    from dossierdesk.store.models import SourceFile as SourceFileRow

    table = SourceFileRow.__table__
    keys = ("id", "name", "format", "sha256", "size", "data", "imported_at")
    for _ in range(40):
        lite = sqlite.dialect()
        assert "?" in _tuple_plan(lite, table, keys)[0]
        assert "?" in _expanded(_FILE_BY_HASH, 3, lite)[0]
        del lite
        gc.collect()
        pg = postgresql.psycopg.dialect(paramstyle="format")  # as store/postgres.py makes it
        pg_sql = _tuple_plan(pg, table, keys)[0]
        assert "?" not in pg_sql and pg_sql.count("%s") == len(keys)
        assert "?" not in _expanded(_FILE_BY_HASH, 3, pg)[0]
        del pg
        gc.collect()

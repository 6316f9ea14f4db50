"""The rows parser processes prepare are what SQLAlchemy would store, and large imports
checkpoint the write-ahead log on a thread of their own without losing anything."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Boolean, Date
from tests.conftest import SEED

from dossierdesk.importers import SourceFile
from dossierdesk.service import Archive, ImportStatus, dto, import_session, search
from dossierdesk.service import archive_import as archive_module
from dossierdesk.service.rows import ARTICLE_COLUMNS, IMAGE_COLUMNS, stored_bool, stored_date
from dossierdesk.store import checkpoint
from dossierdesk.store.models import Article, Image


@pytest.mark.parametrize(
    "day",
    [None, dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(1944, 6, 6), dt.date(2024, 11, 18)],
)
def test_stored_dates_are_what_sqlalchemy_stores(archive: Archive, day: dt.date | None) -> None:
    dialect = archive._engine.dialect
    process = Date().dialect_impl(dialect).bind_processor(dialect)
    assert process is not None
    assert stored_date(day) == process(day)


@pytest.mark.parametrize("value", [None, True, False])
def test_stored_booleans_are_what_sqlalchemy_stores(archive: Archive, value: bool | None) -> None:
    dialect = archive._engine.dialect
    process = Boolean().dialect_impl(dialect).bind_processor(dialect)
    expected = process(value) if process is not None else value
    assert stored_bool(value) == expected


def test_prepared_columns_exist_in_the_tables() -> None:
    assert set(ARTICLE_COLUMNS) <= set(Article.__table__.columns.keys())
    assert set(IMAGE_COLUMNS) <= set(Image.__table__.columns.keys())


def test_sort_names_list_the_sort_fields() -> None:
    assert (*search.SORT_FIELDS, "relevance") == dto.SORT_NAMES


def test_imported_dates_read_back_as_dates(archive: Archive) -> None:
    seed_path = SEED
    report = archive.import_paths([seed_path])
    (outcome,) = report.outcomes
    assert outcome.id is not None
    detail = archive.article(outcome.id)
    assert detail.published == dt.date(2024, 11, 18)
    assert [img.virin_date for img in detail.images] == [dt.date(2023, 5, 15), dt.date(2024, 9, 19)]
    with archive._engine.connect() as conn:
        kinds = conn.exec_driver_sql(
            "SELECT typeof(published), published FROM articles WHERE id = ?", (outcome.id,)
        ).one()
    assert tuple(kinds) == ("text", "2024-11-18")
    with archive._engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT typeof(data), data FROM source_files").one()
    assert tuple(stored) == ("blob", SEED.read_bytes())
    # Found again by date, and a second copy is a probable duplicate (same title and date).
    assert archive.count("date:2024-11") == 1
    again = archive.import_bytes("copy.txt", seed_path.read_bytes() + b"\nOne more line.\n")
    assert again.outcomes[0].status is ImportStatus.DUPLICATE


def _texts(n: int) -> list[SourceFile]:
    return [
        SourceFile(
            f"a{i}.txt",
            f"Checkpoint test article number {i}\n\nBody text {i} of the test.\n".encode(),
        )
        for i in range(n)
    ]


def test_large_imports_checkpoint_on_a_thread_and_restore_the_setting(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive_module, "BULK_FILES", 10)
    monkeypatch.setattr(import_session, "COMMIT_SECONDS", -1.0)  # commit after every chunk
    done: list[int] = []
    real_close = checkpoint.WalCheckpointer.close

    def close(self: checkpoint.WalCheckpointer) -> None:
        real_close(self)
        done.append(self.checkpoints)

    monkeypatch.setattr(checkpoint.WalCheckpointer, "close", close)
    report = archive.import_sources(_texts(60), total=60, chunk_files=10)
    assert report.count(ImportStatus.IMPORTED) == 60
    assert done and done[0] >= 1
    assert archive.count() == 60
    assert archive.check().ok
    with archive._engine.connect() as conn:
        # Every pooled connection checkpoints automatically again.
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
        assert conn.exec_driver_sql("SELECT count(*) FROM articles_fts").scalar() == 60


def test_a_failed_large_import_restores_the_automatic_checkpoint(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive_module, "BULK_FILES", 10)

    def exploding() -> object:
        yield from ()
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        archive.import_sources(exploding(), total=20)  # type: ignore[arg-type]
    with archive._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
    assert archive.count() == 0

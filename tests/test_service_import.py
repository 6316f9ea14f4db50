"""Importing through the service: fields stored, duplicates, failures, atomicity, cancel."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from tests.conftest import CORPUS, SEED

from dossierdesk.importers import SourceFile
from dossierdesk.service import Archive, CancelToken, ImportProgress, ImportStatus, writer
from dossierdesk.store.models import Image

pytestmark = pytest.mark.both_backends


def test_seed_is_stored_with_its_metadata(archive: Archive) -> None:
    report = archive.import_paths([SEED])
    assert [o.status for o in report.outcomes] == [ImportStatus.IMPORTED]
    art = archive.article(report.outcomes[0].id or 0)
    assert art.title == "North Korean Troops Enter Kursk Where Ukrainians Are Fighting"
    assert art.published == dt.date(2024, 11, 18)
    assert art.authors == ("David Vergun",)
    assert art.source == "DOD News"
    assert art.format == "crawler-text"
    assert art.source_name.endswith("000_014c2d8a4cbccb0c.txt")
    assert len(art.images) == 2
    first, second = art.images
    assert first.credit == "Air Force Staff Sgt. John Wright, DOD"
    assert first.virin == "230515-D-KY598-1364"
    assert first.virin_date == dt.date(2023, 5, 15)
    assert first.virin_service == "D"
    assert first.virin_service_name == "Department of Defense"
    assert second.credit is None
    assert second.virin == "240919-Z-JU958-1072"
    assert second.virin_service_name == "National Guard"
    assert "Download" not in art.body and "VIRIN" not in art.body
    assert art.word_count == len(art.body.split())
    # The original bytes are kept losslessly for a later re-extraction.
    _name, data = archive.original(art.id) or ("", b"")
    assert data == SEED.read_bytes()


def test_identical_content_is_not_imported_twice(archive: Archive, tmp_path: Path) -> None:
    first = archive.import_paths([SEED]).outcomes[0]
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))  # same text, other bytes
    again = archive.import_paths([copy]).outcomes
    assert [o.status for o in again] == [ImportStatus.DUPLICATE]
    assert again[0].message == f"already in archive as #{first.id}"
    assert archive.count() == 1


def test_probable_duplicate_is_skipped_unless_asked(archive: Archive, tmp_path: Path) -> None:
    archive.import_paths([SEED])
    edited = tmp_path / "edited.txt"
    edited.write_text(SEED.read_text().replace("11,000", "12,000"), encoding="utf-8")
    skipped = archive.import_paths([edited]).outcomes
    assert skipped[0].status is ImportStatus.DUPLICATE
    assert "probable duplicate of #1" in skipped[0].message
    forced = archive.import_paths([edited], allow_probable_duplicates=True).outcomes
    assert forced[0].status is ImportStatus.IMPORTED
    assert archive.count() == 2


def test_bad_files_get_a_reason_and_the_batch_goes_on(archive: Archive, tmp_path: Path) -> None:
    (tmp_path / "batch").mkdir()
    (tmp_path / "batch" / "a_empty.txt").write_bytes(b"")
    (tmp_path / "batch" / "b_binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "batch" / "c_seed.txt").write_bytes(SEED.read_bytes())
    report = archive.import_paths([tmp_path / "batch", tmp_path / "missing.html"])
    by_file = {Path(o.file).name: o for o in report.outcomes}
    assert by_file["a_empty.txt"].status is ImportStatus.FAILED
    assert by_file["a_empty.txt"].message
    assert by_file["b_binary.txt"].status is ImportStatus.FAILED
    assert by_file["c_seed.txt"].status is ImportStatus.IMPORTED
    assert by_file["missing.html"].status is ImportStatus.FAILED
    assert archive.count() == 1


def test_a_file_that_fails_midway_leaves_no_partial_record(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, corpus_dir: Path
) -> None:
    real = writer.insert_tuples

    def failing(conn: Any, table: Any, keys: tuple[str, ...], rows: Sequence[Any]) -> None:
        # The second file's images cannot be stored (after its article row was written).
        if table is Image and any("Smart Women" in str(row) for row in rows):
            raise OperationalError("INSERT INTO images", {}, Exception("string or blob too big"))
        real(conn, table, keys, rows)

    monkeypatch.setattr(writer, "insert_tuples", failing)
    files = [
        SEED,
        CORPUS / "002_afmil-secaf-csis-smart-women.html",
        CORPUS / "032_afmil-eglin-medical-bacteria.html",
    ]
    report = archive.import_paths(files)
    statuses = [o.status for o in report.outcomes]
    assert statuses == [ImportStatus.IMPORTED, ImportStatus.FAILED, ImportStatus.IMPORTED]
    assert "could not be stored" in report.outcomes[1].message
    # Nothing of the failed file: no article, no orphan images, authors or stored original.
    assert archive.count() == 2
    with archive._engine.connect() as conn:
        orphans = conn.exec_driver_sql(
            "SELECT count(*) FROM images WHERE article_id NOT IN (SELECT id FROM articles)"
        ).scalar()
        files_kept = conn.exec_driver_sql("SELECT count(*) FROM source_files").scalar()
    assert orphans == 0
    assert files_kept == 2
    assert archive.check().ok


def test_progress_is_reported_and_cancel_keeps_completed_files(
    archive: Archive, corpus_dir: Path
) -> None:
    token = CancelToken()
    seen: list[ImportProgress] = []

    def on_progress(p: ImportProgress) -> None:
        seen.append(p)
        if p.files_done == 5:
            token.cancel()

    files = sorted(corpus_dir.iterdir())
    report = archive.import_sources(
        (SourceFile(p.name, p.read_bytes()) for p in files),
        total=len(files),
        progress=on_progress,
        cancel=token,
        chunk_files=1,
    )
    assert report.cancelled
    assert len(seen) == 5
    assert seen[0].files_total == 33
    assert [p.files_done for p in seen] == [1, 2, 3, 4, 5]
    # The five completed files are in (whole); nothing after them.
    files = {Path(o.file).name for o in report.outcomes}
    assert len(files) == 5
    assert archive.count() == report.count(ImportStatus.IMPORTED)
    assert archive.check().ok


def test_cancel_stops_before_the_next_file_even_in_a_large_chunk(
    archive: Archive, corpus_dir: Path
) -> None:
    """A click on Cancel stops at the next file: files parsed but not yet written are left
    out, instead of a chunk of up to 256 more files being written after the click."""
    token = CancelToken()
    files = sorted(p for p in corpus_dir.iterdir() if p.suffix == ".html")
    given = 0

    def sources() -> Iterator[SourceFile]:
        nonlocal given
        for path in files:
            if given == 6:
                token.cancel()  # the user clicks while the seventh file is read
            given += 1
            yield SourceFile(path.name, path.read_bytes())

    report = archive.import_sources(sources(), total=len(files), cancel=token)
    assert report.cancelled
    assert given <= 8  # nothing read long after the click
    assert archive.count() == report.count(ImportStatus.IMPORTED) <= 6
    assert archive.check().ok


def test_whole_corpus_imports_without_failures(archive: Archive, corpus_dir: Path) -> None:
    report = archive.import_paths([corpus_dir])
    failed = [(o.file, o.message) for o in report.outcomes if o.status is ImportStatus.FAILED]
    assert failed == []
    # 32 article files plus the feed's items (some of which repeat corpus articles).
    assert report.count(ImportStatus.IMPORTED) >= 32
    stats = archive.stats()
    assert stats.articles == report.count(ImportStatus.IMPORTED)
    assert stats.virins > 50
    assert archive.check().ok


def test_zip_of_articles_imports(archive: Archive, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.write(SEED, "news/seed.txt")
        zf.write(CORPUS / "005_afmil-dodnews-carter-embrace-future.html", "news/carter.html")
    report = archive.import_paths([bundle])
    assert report.count(ImportStatus.IMPORTED) == 2
    assert all("bundle.zip" in o.file for o in report.outcomes)


def test_reparse_keeps_id_and_tags(archive: Archive) -> None:
    article_id = archive.import_paths([SEED]).outcomes[0].id or 0
    archive.add_tags([article_id], ["Ukraine"])
    with archive._engine.begin() as conn:
        conn.execute(text("UPDATE articles SET title = 'stale' WHERE id = :id"), {"id": article_id})
        conn.exec_driver_sql("DELETE FROM images")
    outcomes = archive.reparse()
    assert [o.status for o in outcomes] == [ImportStatus.IMPORTED]
    art = archive.article(article_id)
    assert art.title.startswith("North Korean Troops")
    assert len(art.images) == 2
    assert art.tags == ("Ukraine",)
    assert archive.search('title:"north korean"').ids == (article_id,)


def test_import_bytes_for_dropped_text(archive: Archive) -> None:
    report = archive.import_bytes("dropped text", b"A Title\n\nSome body text here.")
    assert report.outcomes[0].status is ImportStatus.IMPORTED
    art = archive.article(report.outcomes[0].id or 0)
    assert art.title == "A Title"
    assert art.paragraphs == ("Some body text here.",)

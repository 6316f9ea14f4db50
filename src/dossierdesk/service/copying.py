"""Copying a whole archive between the two engines (``dossierdesk-cli copy SRC DEST``).

Every table the schema defines is copied row by row with its ids (articles with their
originals, images, photos and their bytes, authors, tags with colours, saved searches,
dossiers with their order and notes), from one consistent snapshot of the source: a read
transaction of a file archive, a ``REPEATABLE READ`` transaction of a team archive. The
destination's search index is built from the copied text (a file archive's triggers; a team
archive's documents, ``store.pg_index``), and a team archive's id sequences are moved past
the copied ids.

Atomic: a file destination is written to a temporary file beside it and renamed into place
at the end; a team destination must be empty and is filled in one transaction. A copy that
fails or is cancelled leaves the destination as it was.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, exists, func, insert, select, text

from dossierdesk.store.errors import ArchiveError
from dossierdesk.store.models import Base
from dossierdesk.store.team_url import is_team_url, redacted

if TYPE_CHECKING:
    from dossierdesk.service.archive_core import ArchiveCore

log = logging.getLogger(__name__)

BATCH_ROWS = 500
BATCH_BYTES = 32 * 1024 * 1024  # rows holding files or photos are sent in batches this large

CopyProgress = Callable[[str, int], None]  # table, rows copied so far


@dataclass
class CopyReport:
    destination: str
    rows: dict[str, int] = field(default_factory=dict)


def _row_bytes(row: dict[str, Any]) -> int:
    return sum(len(v) for v in row.values() if isinstance(v, bytes | str))


def _batches(conn: Connection, table: Any) -> Iterator[list[dict[str, Any]]]:
    stmt = select(table).order_by(*table.primary_key.columns)
    result = conn.execution_options(stream_results=True, yield_per=BATCH_ROWS).execute(stmt)
    batch: list[dict[str, Any]] = []
    size = 0
    for row in result.mappings():
        item = dict(row)
        batch.append(item)
        size += _row_bytes(item)
        if len(batch) >= BATCH_ROWS or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


@contextlib.contextmanager
def _snapshot(archive: ArchiveCore) -> Iterator[Connection]:
    engine = archive._engine
    if archive.is_team:
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with engine.connect() as conn, conn.begin():
        yield conn


def _copy_rows(
    source: Connection, dest: Connection, report: CopyReport, progress: CopyProgress | None
) -> None:
    for table in Base.metadata.sorted_tables:
        copied = 0
        for batch in _batches(source, table):
            dest.execute(insert(table), batch)
            copied += len(batch)
            if progress is not None:
                progress(table.name, copied)
        report.rows[table.name] = copied


def _finish_team(dest: Connection) -> None:
    from dossierdesk.store.pg_index import reindex_all

    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not key[0].autoincrement or key[0].foreign_keys:
            continue
        sequence = dest.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": key[0].name}
        ).scalar()
        if sequence is None:
            continue
        top = dest.execute(select(func.coalesce(func.max(key[0]), 0))).scalar_one()
        dest.execute(text("SELECT setval(:s, :v, false)"), {"s": sequence, "v": int(top) + 1})
    reindex_all(dest)


def _is_empty(conn: Connection) -> bool:
    return not any(
        conn.execute(select(exists().select_from(table))).scalar_one()
        for table in Base.metadata.sorted_tables
    )


def copy_archive(
    source: ArchiveCore, dest: str | Path, *, progress: CopyProgress | None = None
) -> CopyReport:
    """Copy ``source`` into a new file archive or an empty team archive at ``dest``."""
    from dossierdesk.service.archive import Archive

    if isinstance(dest, str) and is_team_url(dest):
        report = CopyReport(redacted(dest))
        with Archive(dest) as target:
            target._check_writable()
            with _snapshot(source) as src, target._writer.begin() as out:
                if not _is_empty(out):
                    raise ArchiveError(
                        f"{report.destination}: the team archive is not empty; copy into "
                        "an empty one (nothing was changed)"
                    )
                _copy_rows(src, out, report, progress)
                _finish_team(out)
        return report
    from dossierdesk.store.location import archive_path

    path = archive_path(dest).resolve()
    report = CopyReport(str(path))
    if path.exists():
        raise ArchiveError(f"{path}: already exists; copy into a new file (nothing was changed)")
    if source.path is not None and path == source.path:
        raise ArchiveError("the copy must not overwrite the archive itself")
    partial = path.with_name(f".{path.name}.partial")
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        stale.unlink(missing_ok=True)
    try:
        with Archive(partial) as target, _snapshot(source) as src, target._writer.begin() as out:
            _copy_rows(src, out, report, progress)
        os.replace(partial, path)
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
    log.info("copied %s to %s: %s", source.location, report.destination, report.rows)
    return report

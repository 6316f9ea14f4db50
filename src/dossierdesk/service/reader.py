"""``ArchiveReader``: the reading half of ``Archive`` on a bare ``sqlite3`` connection.

Opening an ``Archive`` loads SQLAlchemy, the ORM models, the query compiler and the importers
(a third of a second before the first query). A command that only lists, shows or counts
needs none of it when the archive is already at the code's schema revision:
``ArchiveReader.open`` gives a reader then, else ``None`` (the caller opens an ``Archive``,
which creates, migrates or reports). The reader runs the same functions ``Archive`` does for
these reads (``service.reads``); queries with conditions need the query compiler, so only
``Archive`` searches those.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dossierdesk.service import reads
from dossierdesk.service.dto import (
    SearchResult,
)
from dossierdesk.service.plain_reads import PlainReads
from dossierdesk.store.errors import database_error
from dossierdesk.store.location import archive_path
from dossierdesk.store.sqlite_files import open_current


class ArchiveReader(PlainReads):
    """Reads an archive at the current schema revision; see ``open``."""

    read_only = True

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.location = str(path)
        self._conn = conn

    @classmethod
    def open(cls, path: Path | str) -> ArchiveReader | None:
        """A reader for the archive at ``path``, or ``None`` when it is missing, not yet
        current, or cannot be opened so (then ``Archive`` knows what to do or say)."""
        try:
            resolved = archive_path(path).resolve()
        except Exception:
            return None
        conn = open_current(resolved)
        return None if conn is None else cls(resolved, conn)

    def close(self) -> None:
        self._conn.close()

    def interrupt(self) -> None:
        """Stop the statement running on the connection now (from another thread)."""
        self._conn.interrupt()

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _plain(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for the statements inside (like one ``Archive`` session)."""
        try:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            known = database_error(exc)
            if known is None:
                raise
            raise known from exc

    def search(
        self,
        query: str = "",
        *,
        sort: str | reads.SortSpec = "-date",
        offset: int = 0,
        limit: int | None = None,
    ) -> SearchResult:
        """``Archive.search`` for a blank query (ValueError for one with conditions)."""
        if not reads.is_blank(query):
            raise ValueError("ArchiveReader searches blank queries only (use Archive)")
        return self._search_all(query, sort, offset, limit)

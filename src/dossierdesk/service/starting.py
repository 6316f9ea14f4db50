"""``StartingArchive``: an archive file the window can read from before ``Archive`` is loaded.

Loading ``Archive`` (SQLAlchemy, the ORM models, the query compiler) takes longer than
everything else the first window does. When the file is already at the code's schema revision
and can be written, the window opens on a ``StartingArchive`` instead: the blank search's ids,
count and rows (all the first page shows) come from a plain ``sqlite3`` connection
(``ArchiveReader``), and ``load()`` opens the full ``Archive`` on the same file once the page
is on screen. Every other attribute is the full archive's, opened then and there if it is not
yet (from whichever thread asks first), so the object stands in for an ``Archive`` everywhere;
once it is loaded every call goes to it.

An archive that needs creating or migrating, a read-only file and a team archive are opened as
an ``Archive`` directly (``open`` says ``None``), so they are created, migrated (with a backup)
or explained as before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossierdesk.service import reads
from dossierdesk.service.reader import ArchiveReader
from dossierdesk.store.sqlite_files import is_writable

if TYPE_CHECKING:
    from dossierdesk.service.archive import Archive
    from dossierdesk.service.dto import ArticleSummary

log = logging.getLogger(__name__)


class StartingArchive:
    """An archive file read plainly until ``load()`` (or the first other call) opens it fully."""

    def __init__(self, path: Path, reader: ArchiveReader) -> None:
        self.path = path
        self.location = reader.location
        self._reader = reader
        self._full: Archive | None = None
        self._loading = threading.Lock()  # one thread opens the full archive
        self._plain_lock = threading.Lock()  # the reader's one connection, one read at a time
        self._plain_thread: int | None = None  # the thread reading on it (for ``interrupt``)

    @classmethod
    def open(cls, path: Path | str) -> StartingArchive | None:
        """The archive at ``path`` to start on, or ``None`` when it must be opened as an
        ``Archive`` now: missing, not at the current revision, read-only or unreadable."""
        reader = ArchiveReader.open(path)
        if reader is None:
            return None
        file = reader.path
        if file is None or not is_writable(file):  # ``Archive`` opens it read-only, says why
            reader.close()
            return None
        return cls(file, reader)

    # -- the full archive --------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self._full is not None

    def load(self) -> Archive:
        """The full ``Archive`` on this file, opened on the first call (ArchiveError or OSError
        if it cannot be)."""
        full = self._full
        if full is not None:
            return full
        with self._loading:
            if self._full is None:
                from dossierdesk.service.archive import Archive  # SQLAlchemy: loaded here

                self._full = Archive(self.path)
                log.debug("archive %s fully opened", self.path)
            return self._full

    def __getattr__(self, name: str) -> Any:
        # Only called for what this class does not define: the rest of ``Archive``.
        if name.startswith("__") or name in ("_full", "_reader", "_loading"):
            raise AttributeError(name)
        return getattr(self.load(), name)

    # -- what the first page reads, plainly until loaded --------------------------------------
    @property
    def read_only(self) -> bool:
        # ``open`` took only a file that can be written (as ``Archive`` will find it).
        return False if self._full is None else self._full.read_only

    @property
    def is_team(self) -> bool:
        return False

    @contextmanager
    def _plain(self) -> Iterator[ArchiveReader]:
        with self._plain_lock:
            self._plain_thread = threading.get_ident()
            try:
                yield self._reader
            finally:
                self._plain_thread = None

    def search_ids(
        self,
        query: str = "",
        *,
        sort: str | reads.SortSpec = "-date",
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[int, ...]:
        """``Archive.search_ids``; a blank query plainly until loaded."""
        if self._full is not None or not reads.is_blank(query):
            return self.load().search_ids(query, sort=sort, offset=offset, limit=limit)
        spec = sort if isinstance(sort, reads.SortSpec) else reads.resolve_sort(query, sort)
        with self._plain() as reader:
            return reader.search(query, sort=spec, offset=offset, limit=limit).ids

    def count(self, query: str = "") -> int:
        """``Archive.count``; a blank query plainly until loaded."""
        if self._full is not None or not reads.is_blank(query):
            return self.load().count(query)
        with self._plain() as reader:
            return reader.search(query, limit=0).total

    def summaries(self, article_ids: Sequence[int]) -> list[ArticleSummary]:
        """``Archive.summaries``, plainly until loaded."""
        if self._full is not None:
            return self._full.summaries(article_ids)
        with self._plain() as reader:
            return reader.summaries(article_ids)

    def interrupt(self, thread: int) -> bool:
        """``Archive.interrupt``: also a plain read running on ``thread``."""
        stopped = False
        if self._plain_thread == thread:
            self._reader.interrupt()
            stopped = True
        if self._full is not None:
            stopped = self._full.interrupt(thread) or stopped
        return stopped

    def close(self) -> None:
        with self._plain_lock:
            self._reader.close()
        if self._full is not None:
            self._full.close()

    def __enter__(self) -> StartingArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

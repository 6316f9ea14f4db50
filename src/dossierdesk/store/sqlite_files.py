"""What opening an archive file needs before (or without) SQLAlchemy and Alembic.

The schema revision the code expects, the connection settings, whether a file can be written,
the read-only URI, and ``open_current``: a plain ``sqlite3`` connection for reading an archive
that exists and is already at ``SCHEMA_REVISION`` (the common case), which is all a reading
command needs. ``store.engine`` builds its engines on the same settings.
"""

from __future__ import annotations

import os
import sqlite3
import urllib.parse
from pathlib import Path

# The newest migration's revision. Opening an archive already at this revision (the common
# case) needs no Alembic at all, which keeps a quarter of a second off every command's start;
# tests check that it names the head of the migration scripts.
SCHEMA_REVISION = "0011"

BUSY_TIMEOUT_MS = 10_000
# Up to 64 MiB of page cache (default 2 MiB): index pages of large archives stay in memory
# across the statements of an import or a search (memory is taken as used).
CACHE_KIB = -65536

# Setting the journal mode writes to the file: a read-only connection keeps the archive's.
READ_ONLY_PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA query_only = 1",
    f"PRAGMA cache_size = {CACHE_KIB}",
)


def is_writable(path: Path) -> bool:
    """Whether the archive at ``path`` (existing or to be created) can be written here.

    Uses ``os.access``: on read-only media it says no even to root."""
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return os.access(parent, os.W_OK | os.X_OK)


def read_only_uri(path: Path) -> str:
    """An SQLite URI opening ``path`` for reading only.

    A WAL archive needs its ``-shm`` file; on read-only media it cannot be created. With no
    ``-wal`` file beside it (the last writer closed it cleanly) nothing can be pending, so the
    file is opened as immutable, which needs neither; otherwise read-only with the files there.
    """
    quoted = urllib.parse.quote(str(path.resolve()))
    wal = path.with_name(path.name + "-wal")
    immutable = "&immutable=1" if not wal.exists() else ""
    return f"file:{quoted}?mode=ro{immutable}"


def stamped_revision(cursor: sqlite3.Cursor) -> str | None:
    """The revision recorded in the archive (``None`` if there is none), read without Alembic."""
    try:
        rows = cursor.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError:  # no such table: a new file
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def open_current(path: Path) -> sqlite3.Connection | None:
    """A reading connection to the archive at ``path`` if it is an SQLite file at
    ``SCHEMA_REVISION``, else ``None`` (missing, new, older or newer, unreadable: the full
    opening in ``store.engine`` creates, migrates or explains).

    The connection is ``query_only``, in autocommit mode (callers ``BEGIN`` to read several
    statements from one snapshot); a file that cannot be written is opened read-only."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return None
        if is_writable(path):
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        else:
            uri = read_only_uri(path)
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except (OSError, sqlite3.Error):
        return None
    try:
        cursor = conn.cursor()
        for pragma in READ_ONLY_PRAGMAS:
            cursor.execute(pragma)
        current = stamped_revision(cursor) == SCHEMA_REVISION
    except sqlite3.Error:
        current = False
    if not current:
        conn.close()
        return None
    return conn

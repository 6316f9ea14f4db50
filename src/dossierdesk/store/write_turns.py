"""Taking turns at an archive's write lock between processes.

SQLite lets one connection write at a time; the others wait in its busy handler, which polls
(sleeping up to 100 ms between tries) until ``busy_timeout`` runs out. A large import commits
every quarter second and starts its next transaction at once, so a process that waits for the
lock almost never finds it free: a ``tag add`` during an import used to give up with
"database is locked". Two things fix that:

- every writing transaction starts with ``BEGIN IMMEDIATE`` (``store.engine``), so it waits for
  the lock *before* reading anything: a deferred transaction that reads first and then writes
  fails at once (SQLITE_BUSY_SNAPSHOT) once another process has committed meanwhile;
- a process waiting for the lock says so by holding a shared ``flock`` on a small lock file
  for the archive (in the user's runtime or temporary folder, never beside the archive: that
  stays one file, and works on read-only media) until it has the lock. A long writer (an
  import) calls ``yield_to_waiters`` after each commit: if anyone holds the shared lock, it
  waits until they have taken the write lock before it starts its next transaction.

The lock file is only a courtesy between cooperating Dossier Desk processes on one machine:
SQLite's own locking is what keeps the archive consistent, and where the lock file cannot be
used (Windows, an unwritable folder) writers fall back to SQLite's busy waiting alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

# A yielding writer waits at most this long for the waiting processes to take the lock (one
# of them may be waiting on a third process that holds it; the import then goes on).
YIELD_SECONDS = 5.0
_POLL_SECONDS = 0.002


def lock_file_for(archive: Path) -> Path:
    """The lock file of ``archive`` (one per resolved archive path, per user)."""
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    uid = os.getuid() if hasattr(os, "getuid") else 0
    digest = hashlib.sha256(str(archive.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return Path(base) / f"dossierdesk-{uid}" / f"{digest[:32]}.writers"


class WriteTurns:
    """The lock file of one archive, for the processes that write to it."""

    def __init__(self, archive: Path) -> None:
        self._path: Path | None = None
        if fcntl is None:
            return
        try:
            path = lock_file_for(archive)
            path.parent.mkdir(mode=0o700, exist_ok=True)
            self._path = path
        except OSError as exc:
            log.info("no write-turn lock file for %s (%s): SQLite's waiting only", archive, exc)

    def _open(self) -> int | None:
        if self._path is None:
            return None
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            return os.open(self._path, flags, 0o600)
        except OSError as exc:
            log.info("cannot open %s (%s): SQLite's waiting only", self._path, exc)
            self._path = None
            return None

    @contextlib.contextmanager
    def waiting(self) -> Iterator[None]:
        """Hold this while waiting for the write lock (``BEGIN IMMEDIATE``)."""
        fd = self._open()
        if fd is None:
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            yield
        finally:
            os.close(fd)  # releases the flock

    def yield_to_waiters(self, timeout: float = YIELD_SECONDS) -> bool:
        """After a commit: let the processes waiting for the write lock take it first.

        Returns whether anyone was waiting. Call it between transactions only."""
        fd = self._open()
        if fd is None:
            return False
        waited = False
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return waited
                except BlockingIOError:
                    waited = True
                    if time.monotonic() > deadline:
                        log.info("waiting writers did not take the archive in %.0f s", timeout)
                        return waited
                    time.sleep(_POLL_SECONDS)
        finally:
            os.close(fd)

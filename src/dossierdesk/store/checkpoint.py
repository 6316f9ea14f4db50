"""Checkpointing the write-ahead log on a thread of its own while a large import writes.

In WAL mode a commit appends the transaction's pages to the ``-wal`` file; a *checkpoint* then
copies them into the database file. SQLite does that inside the commit that grows the log past
1000 pages, so a large import's commits each spent as long copying pages as the import spent
writing them, with the import waiting. During a large import the importing connection turns
its automatic checkpoints off and this thread checkpoints after
each commit instead, on its own connection, while the import goes on writing. SQLite allows
exactly that: a PASSIVE checkpoint copies what is committed without blocking the writer, and
the C code runs without Python's GIL. What is left at the end is checkpointed as usual (at
the next automatic checkpoint or when the last connection closes).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

AUTOCHECKPOINT_PAGES = 1000  # SQLite's default


class WalCheckpointer:
    """A thread that checkpoints ``engine``'s archive each time ``request()`` is called.

    The thread starts at the first request: until then the process keeps the single thread
    that lets parser processes be forked (``service.parsing``)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._wake = threading.Event()
        self._stopping = False
        self.checkpoints = 0  # completed, for tests and the debug log
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Checkpoint what is committed now (soon, on the thread; never waits)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
            self._thread.start()
        self._wake.set()

    def close(self) -> None:
        """Stop the thread (a checkpoint under way is finished first)."""
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        try:
            raw = self._engine.raw_connection()
        except SQLAlchemyError:
            log.warning("no connection to checkpoint the archive with", exc_info=True)
            return
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                cursor = raw.cursor()
                try:
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    cursor.fetchall()
                finally:
                    cursor.close()
                self.checkpoints += 1
        except sqlite3.Error:  # the next automatic checkpoint does it instead
            log.warning("checkpointing the archive failed", exc_info=True)
        finally:
            raw.close()


@contextlib.contextmanager
def background_checkpoints(engine: Engine, dbapi_connection: Any) -> Iterator[Callable[[], None]]:
    """For the duration, no automatic checkpoint in the commits of ``dbapi_connection`` (the
    importing one); what this yields, called after each commit, checkpoints on a thread
    instead. The setting is restored and the thread stopped afterwards, also after an error."""
    _set_autocheckpoint(dbapi_connection, 0)
    checkpointer = WalCheckpointer(engine)
    try:
        yield checkpointer.request
    finally:
        checkpointer.close()
        _set_autocheckpoint(dbapi_connection, AUTOCHECKPOINT_PAGES)


def _set_autocheckpoint(dbapi_connection: Any, pages: int) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
        cursor.fetchall()
    except sqlite3.Error:
        log.warning("could not set the automatic checkpoint to %d pages", pages, exc_info=True)
    finally:
        cursor.close()

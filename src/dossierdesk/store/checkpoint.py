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

The log's size is bounded too (``WAL_LIMIT_BYTES``). SQLite writes the log from its start
again only when a checkpoint has copied all of it and the next transaction begins; a PASSIVE
checkpoint beside a writer that never pauses never gets there, so the ``-wal`` file grew with
the whole import (2.4-2.7 GB at 100,000 articles: the peak disk use was over three times the
final archive), and a file never shrinks by itself. So after a commit that leaves the log past
the bound, the import waits for the thread's checkpoint under way (it is usually done) and
checkpoints the rest, the last transaction, itself with RESTART: the next transaction then
writes the log from its start, and at its commit SQLite truncates the file back to the bound
(``journal_size_limit``). The import waits for that once per ``WAL_LIMIT_BYTES`` of log.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

AUTOCHECKPOINT_PAGES = 1000  # SQLite's default
# The -wal file's size during a large import, at most (beyond it: one transaction's pages, a
# quarter second of import, up to about 130 MB at 100,000 articles). Each restart makes the
# import wait while that transaction is copied and synced (60-500 ms at 100,000 articles):
# with 64 MiB, 28 restarts took 4.2 s of a 49 s import of 100,000 articles; twice the bound
# halves their number, and the peak disk use was 1.13-1.17 times the final archive (1.06 GB).
WAL_LIMIT_BYTES = 128 * 1024 * 1024
# How long a restart waits for readers of older data (another connection's long read) before
# the import goes on; it is tried again once the log has grown by another WAL_LIMIT_BYTES.
RESTART_BUSY_MS = 250


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
        self._state = threading.Condition()
        self._requested = 0  # requests made, and served (under _state)
        self._served = 0
        self._ended = False  # the thread is gone (an error, or closed)

    def request(self) -> None:
        """Checkpoint what is committed now (soon, on the thread; never waits)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
            self._thread.start()
        with self._state:
            self._requested += 1
        self._wake.set()

    def wait(self) -> None:
        """Until the checkpoints requested so far are done: none is under way afterwards
        (SQLite runs one checkpoint at a time)."""
        with self._state:
            while self._served < self._requested and not self._ended:
                self._state.wait()

    def close(self) -> None:
        """Stop the thread (a checkpoint under way is finished first)."""
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        try:
            self._serve()
        finally:
            with self._state:
                self._ended = True
                self._state.notify_all()

    def _serve(self) -> None:
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
                with self._state:
                    serving = self._requested
                cursor = raw.cursor()
                try:
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    cursor.fetchall()
                finally:
                    cursor.close()
                self.checkpoints += 1
                with self._state:
                    self._served = serving
                    self._state.notify_all()
        except sqlite3.Error:  # the next automatic checkpoint does it instead
            log.warning("checkpointing the archive failed", exc_info=True)
        finally:
            raw.close()


class WalBound:
    """What runs after each commit of a large import: a checkpoint on the thread, and a
    restart of the log when its file has grown past ``limit`` bytes (see the module
    docstring). On the importing connection's thread, between its transactions."""

    def __init__(self, dbapi_connection: Any, checkpointer: WalCheckpointer, limit: int) -> None:
        self._connection = dbapi_connection
        self._checkpointer = checkpointer
        self._limit = limit
        self._threshold = limit  # past this size, restart
        self._wal = _wal_path(dbapi_connection)
        self._busy_ms = int(_pragma(dbapi_connection, "busy_timeout") or 0)
        self.restarts = 0  # done, for tests and the debug log

    def after_commit(self) -> None:
        size = _file_size(self._wal) if self._wal else 0
        if size <= self._threshold:
            self._checkpointer.request()
            return
        start = time.perf_counter()
        self._checkpointer.wait()
        waited = time.perf_counter() - start
        busy = self._restart()
        log.debug(
            "log at %d bytes: waited %.0f ms for the checkpoint, %.0f ms to restart%s",
            size,
            waited * 1000,
            (time.perf_counter() - start - waited) * 1000,
            " (busy: not restarted)" if busy else "",
        )
        if busy:  # a reader of older data: the log goes on growing for now
            self._threshold = size + self._limit
            self._checkpointer.request()
        else:
            self._threshold = self._limit
            self.restarts += 1

    def _restart(self) -> bool:
        """Checkpoint everything and have the next transaction write the log from its start.
        ``True`` if readers of older data prevented it (SQLite then checkpoints what it can)."""
        cursor = self._connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {RESTART_BUSY_MS}")
            try:
                cursor.execute("PRAGMA wal_checkpoint(RESTART)")
                row = cursor.fetchone()
            finally:
                cursor.execute(f"PRAGMA busy_timeout = {self._busy_ms}")
        except sqlite3.Error:
            log.warning("restarting the archive's write-ahead log failed", exc_info=True)
            return True
        finally:
            cursor.close()
        return bool(row and row[0])


@contextlib.contextmanager
def background_checkpoints(engine: Engine, dbapi_connection: Any) -> Iterator[Callable[[], None]]:
    """For the duration, no automatic checkpoint in the commits of ``dbapi_connection`` (the
    importing one); what this yields, called after each commit, checkpoints on a thread
    instead and keeps the log within ``WAL_LIMIT_BYTES``. The settings are restored and the
    thread stopped afterwards, also after an error."""
    _set_autocheckpoint(dbapi_connection, 0)
    size_limit = _pragma(dbapi_connection, "journal_size_limit")
    _pragma(dbapi_connection, f"journal_size_limit = {int(WAL_LIMIT_BYTES)}")
    checkpointer = WalCheckpointer(engine)
    try:
        bound = WalBound(dbapi_connection, checkpointer, WAL_LIMIT_BYTES)
        yield bound.after_commit
    finally:
        checkpointer.close()
        _set_autocheckpoint(dbapi_connection, AUTOCHECKPOINT_PAGES)
        if size_limit is not None:
            _pragma(dbapi_connection, f"journal_size_limit = {int(size_limit)}")


def _set_autocheckpoint(dbapi_connection: Any, pages: int) -> None:
    _pragma(dbapi_connection, f"wal_autocheckpoint = {int(pages)}")


def _pragma(dbapi_connection: Any, statement: str) -> Any:
    """The first value ``PRAGMA statement`` gives, or ``None`` (nothing, or an error: logged)."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA {statement}")
        row = cursor.fetchone()
        cursor.fetchall()
    except sqlite3.Error:
        log.warning("PRAGMA %s failed", statement, exc_info=True)
        return None
    finally:
        cursor.close()
    return row[0] if row else None


def _wal_path(dbapi_connection: Any) -> str:
    """The main database's ``-wal`` file (``""`` for a database in memory)."""
    cursor = dbapi_connection.cursor()
    try:
        for _seq, name, path in cursor.execute("PRAGMA database_list").fetchall():
            if name == "main":
                return f"{path}-wal" if path else ""
    except sqlite3.Error:
        log.warning("cannot tell where the archive's log is", exc_info=True)
    finally:
        cursor.close()
    return ""


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0

"""Stopping the statement an archive runs on another thread: a search nobody waits for.

``Interrupter`` follows which database connection each thread has checked out of an engine's
pool (pool events), and ``interrupt(thread)`` stops the statement running on it with SQLite's
``interrupt()``: the statement fails ("interrupted"), the connection stays usable. SQLite
ignores an interrupt that arrives when no statement is running, so the thread's next statement
is not affected. A team archive's statements are not interrupted: PostgreSQL's cancel request
reaches the server's process a moment later, when it could stop the next statement instead.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)


class Interrupter:
    def __init__(self, engine: Engine) -> None:
        self._lock = threading.Lock()
        self._in_use: dict[int, Any] = {}  # thread ident: its DB-API connection
        event.listen(engine, "checkout", self._checked_out)
        event.listen(engine, "checkin", self._checked_in)

    def _checked_out(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        with self._lock:
            self._in_use[threading.get_ident()] = dbapi_connection

    def _checked_in(self, dbapi_connection: Any, _record: Any) -> None:
        with self._lock:
            for thread, connection in list(self._in_use.items()):
                if connection is dbapi_connection:
                    del self._in_use[thread]

    def interrupt(self, thread: int) -> bool:
        """Stop what the connection ``thread`` has checked out runs now; whether it had one."""
        with self._lock:
            connection = self._in_use.get(thread)
            if connection is None:
                return False
            if not isinstance(connection, sqlite3.Connection):
                return False  # a team archive's (see above)
            try:
                connection.interrupt()
            except sqlite3.Error:  # closed meanwhile: nothing to stop
                log.debug("could not interrupt a statement", exc_info=True)
                return False
        return True

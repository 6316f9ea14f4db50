"""Telling the other clients of a team archive what changed: PostgreSQL's LISTEN/NOTIFY.

A client that changed the archive sends its change record (``service.changes``) on one
channel after the change committed; every other client with the archive open listens on a
connection of its own and hears it within moments. Notifications carry ids and kinds only.
A notification can be lost (a client that was disconnected meanwhile): listeners treat them
as hints to refresh, never as the data itself.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, text

log = logging.getLogger(__name__)

CHANNEL = "dossierdesk_changes"


def notify(engine: Engine, payload: str) -> None:
    """Send ``payload`` to the listening clients (in a transaction of its own)."""
    with engine.connect() as conn:
        conn.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
        )
        conn.commit()


class NotificationFeed:
    """A connection of its own (taken out of the engine's pool) that listens on ``CHANNEL``."""

    def __init__(self, engine: Engine) -> None:
        raw = engine.raw_connection()
        conn: Any = raw.driver_connection
        assert conn is not None
        raw.detach()  # never goes back to the pool: it stays in LISTEN mode
        self._conn = conn
        self._conn.autocommit = True
        self._conn.execute(f"LISTEN {CHANNEL}")

    def poll(self, timeout: float) -> list[str]:
        """The payloads that arrive within ``timeout`` seconds (returns at the first batch)."""
        payloads: list[str] = []
        for note in self._conn.notifies(timeout=timeout, stop_after=1):
            payloads.append(note.payload)
        # Whatever else is already queued comes along without waiting.
        for note in self._conn.notifies(timeout=0):
            payloads.append(note.payload)
        return payloads

    def close(self) -> None:
        try:
            self._conn.close()
        except Exception:
            log.debug("closing the notification connection failed", exc_info=True)

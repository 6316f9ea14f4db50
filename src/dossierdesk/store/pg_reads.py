"""The reading SQL of ``service.reads`` (written for ``sqlite3``) run on a psycopg connection.

``service.reads`` writes plain SQL once: ``?`` placeholders, and a list of ids as one JSON
parameter, ``IN (SELECT value FROM json_each(?))``. On a team archive the same statements run
through ``PgReadConnection``, which rewrites those two forms for PostgreSQL
(``json_array_elements_text``, ``%s``); everything else in them is SQL both engines share.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

_JSON_IDS = "SELECT value FROM json_each(?)"
_PG_JSON_IDS = "SELECT value::bigint FROM json_array_elements_text(%s::json)"


@functools.lru_cache(maxsize=256)
def translate(sql: str) -> str:
    """``sql`` with sqlite3's placeholders rewritten for psycopg (``%`` doubled first)."""
    sql = sql.replace("%", "%%").replace(_JSON_IDS, _PG_JSON_IDS)
    return sql.replace("?", "%s")


class PgReadCursor:
    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> PgReadCursor:
        if parameters:
            self._cursor.execute(translate(sql), tuple(parameters))
        else:
            self._cursor.execute(sql)
        return self

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)


class PgReadConnection:
    """Wraps the psycopg connection of a session (inside its transaction)."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def cursor(self) -> PgReadCursor:
        return PgReadCursor(self._connection.cursor())

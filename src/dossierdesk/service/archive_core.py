"""``ArchiveCore``: an open archive's engine and sessions, the base of ``Archive``.

Opening (a file or a team archive), the read and write sessions every action uses, and the
checks and error translation they share. The actions themselves live in the mixins that
``service.archive`` combines.
"""

from __future__ import annotations

import getpass
import logging
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Self

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from dossierdesk.service import reads
from dossierdesk.service.changes import Changes
from dossierdesk.store.engine import (
    is_read_only,
    open_engine,
    write_engine,
    write_turns,
)
from dossierdesk.store.errors import ArchiveError, ReadOnlyArchiveError, database_error
from dossierdesk.store.interrupts import Interrupter
from dossierdesk.store.location import archive_path
from dossierdesk.store.team_url import is_team_url, redacted
from dossierdesk.store.write_turns import WriteTurns

if TYPE_CHECKING:
    from dossierdesk.store.pg_notify import NotificationFeed

    # The import pipeline (importers, parsing, row preparation, the batch writer) and the
    # editing code load when first used: opening an archive to read it needs none of them.
    from dossierdesk.store.postgres import PasswordPrompt


log = logging.getLogger(__name__)


class ArchiveCore:
    """An open archive: engine, sessions, and what every action shares (see ``Archive``)."""

    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool | None = None,
        password: str | None = None,
        prompt: PasswordPrompt | None = None,
    ) -> None:
        if isinstance(path, str) and is_team_url(path):
            from dossierdesk.store.postgres import open_pg_engine

            #: the file of a file archive; ``None`` for a team archive (``location`` names it)
            self.path: Path | None = None
            self.location = redacted(path)
            self._engine = open_pg_engine(
                path, read_only=read_only, password=password, prompt=prompt
            )
            self._turns: WriteTurns | None = None
        else:
            file = archive_path(path).resolve()
            self.path = file
            self.location = str(file)
            self._engine = open_engine(file, read_only=read_only)
            self._turns = write_turns(self._engine)
        #: "sqlite" (a file archive) or "postgresql" (a team archive)
        self.dialect: str = self._engine.dialect.name
        self.is_team = self.dialect == "postgresql"
        self.read_only = is_read_only(self._engine)
        self._interrupter = Interrupter(self._engine)
        self._writer = write_engine(self._engine)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)
        #: this client, in its change records (a window tells its own changes apart)
        self.client_id = secrets.token_hex(8)
        #: who changes the archive: the server's user name, or the computer's
        self.user = self._server_user() if self.is_team else _login_name()
        self._change_listeners: list[Callable[[Changes], None]] = []

    def close(self) -> None:
        self._engine.dispose()

    def interrupt(self, thread: int) -> bool:
        """Stop the read this archive runs on ``thread`` (its ``threading.get_ident()``) now:
        it fails with an ``ArchiveError``. For a search nobody waits for any more; whether a
        statement was running there."""
        return self._interrupter.interrupt(thread)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with _database_errors(), self._sessions() as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A writing transaction: it waits its turn for the write lock before it reads."""
        self._check_writable()
        with _database_errors(), self._write_sessions.begin() as session:
            yield session

    def _server_user(self) -> str:
        from dossierdesk.store.postgres import current_user

        return current_user(self._engine)

    # -- change records (service.changes) -------------------------------------------------
    def add_change_listener(self, listener: Callable[[Changes], None]) -> None:
        """Call ``listener`` with the ``Changes`` of each change this client commits (on the
        thread that made it)."""
        self._change_listeners.append(listener)

    def remove_change_listener(self, listener: Callable[[Changes], None]) -> None:
        if listener in self._change_listeners:
            self._change_listeners.remove(listener)

    def _changed(
        self,
        kinds: frozenset[str],
        article_ids: tuple[int, ...] | None = (),
        dossier_ids: tuple[int, ...] | None = (),
    ) -> None:
        """Report a committed change to this client's listeners and, on a team archive, to
        the other clients (a failure to tell them is logged: the change itself is stored)."""
        changes = Changes(kinds, article_ids, dossier_ids, self.user, self.client_id)
        for listener in list(self._change_listeners):
            try:
                listener(changes)
            except Exception:
                log.exception("a change listener failed")
        if self.is_team and not self.read_only:
            from dossierdesk.store.pg_notify import notify

            try:
                notify(self._engine, changes.to_json())
            except SQLAlchemyError:
                log.warning("could not tell the other clients about a change", exc_info=True)

    def listen(self) -> ChangeFeed | None:
        """The changes other clients make, as they commit them (a team archive; ``None`` for
        a file archive). The caller polls it from a thread of its own and closes it."""
        if not self.is_team:
            return None
        from dossierdesk.store.pg_notify import NotificationFeed

        with _database_errors():
            return ChangeFeed(NotificationFeed(self._engine), self.client_id)

    def _index(self, session: Session, article_ids: Iterable[int]) -> None:
        """A team archive: rebuild these articles' search documents in the writing
        transaction (a file archive's triggers keep its index; see ``store.pg_index``)."""
        if self.is_team:
            from dossierdesk.store.pg_index import index_articles

            index_articles(session.connection(), article_ids)

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyArchiveError(
                f"{self.location}: the archive is read-only (opened for reading only, or "
                "your role may only read it); nothing was changed"
            )


@contextmanager
def _database_errors() -> Iterator[None]:
    """SQLite failures a user can act on (disk full, read-only, locked) as ``ArchiveError``."""
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error) as exc:
        known = database_error(exc)
        if known is None:
            raise
        raise known from exc


def _dbapi(session: Session) -> reads.Connection:
    """The DB-API connection under ``session``, inside its transaction (``service.reads``
    runs its plain SQL there): ``sqlite3``'s, or psycopg's behind the adapter that rewrites
    that SQL's placeholders (``store.pg_reads``)."""
    conn = session.connection().connection.driver_connection
    if isinstance(conn, sqlite3.Connection):
        return conn
    from dossierdesk.store.pg_reads import PgReadConnection

    return PgReadConnection(conn)


def _clean_tag_names(names: Iterable[str]) -> list[str]:
    cleaned = []
    for name in names:
        name = " ".join(name.split())
        if not name:
            raise ValueError("a tag name cannot be empty")
        if len(name) > 100:
            raise ValueError(f"tag name too long (100 characters at most): {name[:20]}…")
        cleaned.append(name)
    return cleaned


class ChangeFeed:
    """Other clients' change records, from a team archive's notifications."""

    def __init__(self, feed: NotificationFeed, client_id: str) -> None:
        self._feed, self._client_id = feed, client_id

    def poll(self, timeout: float) -> list[Changes]:
        """The records that arrive within ``timeout`` seconds (not this client's own)."""
        try:
            payloads = self._feed.poll(timeout)
        except Exception as exc:  # the connection broke: say so once, as an ArchiveError
            raise ArchiveError(f"the team archive's change feed stopped ({exc})") from exc
        found = (Changes.from_json(p) for p in payloads)
        return [c for c in found if c is not None and c.origin != self._client_id]

    def close(self) -> None:
        self._feed.close()


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""

"""Opening a team archive: a PostgreSQL database named by a libpq address (``store.team_url``).

The address goes to libpq as it is (``psycopg.connect``), so ``~/.pgpass``, ``service=`` and
``sslmode`` work as in ``psql``. Opening an empty database creates the schema with the same
Alembic migrations as a file archive; several clients opening one at once take turns through
an advisory lock, and the ones that come second find it current. A database that holds other
tables, or a schema from a newer Dossier Desk, is refused untouched.

What a user may do follows the server's grants: a role that may not insert articles opens the
archive for reading only (its connections are ``default_transaction_read_only``), and the
window and the command line refuse changes with a sentence instead of a server error.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from dossierdesk.store.engine import READ_ONLY_OPTION
from dossierdesk.store.errors import ArchiveError, NewerArchiveError, database_error
from dossierdesk.store.team_url import redacted

log = logging.getLogger(__name__)

APPLICATION_NAME = "Dossier Desk"
# pg_advisory_xact_lock key taken while a schema is created or upgraded ("DOSSIERD").
MIGRATION_LOCK = 0x444F535349455244
CONNECT_TIMEOUT_S = 10

PasswordPrompt = Callable[[str], str | None]


def terminal_password_prompt(display: str) -> str | None:
    """Ask for the password on the terminal (``None`` when there is no terminal)."""
    try:
        return getpass.getpass(f"Password for {display}: ")
    except (EOFError, OSError):
        return None


def _needs_password(exc: BaseException) -> bool:
    message = str(getattr(exc, "orig", None) or exc).lower()
    return "no password supplied" in message or "password authentication failed" in message


def _connect_args(url: str, password: str | None) -> dict[str, Any]:
    args: dict[str, Any] = {
        "conninfo": url,
        "application_name": APPLICATION_NAME,
        "connect_timeout": CONNECT_TIMEOUT_S,
    }
    if password is not None:
        args["password"] = password
    return args


def make_pg_engine(url: str, *, password: str | None = None, read_only: bool = False) -> Engine:
    """An engine whose connections libpq opens from ``url`` (nothing is connected yet)."""
    import psycopg

    args = _connect_args(url, password)

    def connect() -> Any:
        return psycopg.connect(**args)

    # Positional parameters (``%s``), as sqlite3's ``?``: the batch writer runs compiled
    # INSERTs and lookups through the DB-API with tuples of values (``service.writer``).
    engine = create_engine(
        "postgresql+psycopg://",
        creator=connect,
        paramstyle="format",
        pool_pre_ping=True,
        pool_size=4,
        max_overflow=4,
    )
    if read_only:
        event.listen(engine, "connect", _on_connect_read_only)
    return engine.execution_options(**{READ_ONLY_OPTION: read_only})


def _on_connect_read_only(dbapi_connection: Any, _record: Any) -> None:
    # psycopg connections are not in autocommit: the SET runs in a transaction of its own.
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET default_transaction_read_only = on")
    dbapi_connection.commit()


def open_pg_engine(
    url: str,
    *,
    read_only: bool | None = None,
    password: str | None = None,
    prompt: PasswordPrompt | None = None,
) -> Engine:
    """Connect to the team archive at ``url``, creating or checking its schema.

    When the server asks for a password that neither the address, ``~/.pgpass`` nor
    ``password`` gives, ``prompt`` is asked for one (once)."""
    display = redacted(url)
    engine = make_pg_engine(url, password=password)
    try:
        try:
            writable = _migrate_or_check(engine, display)
        except SQLAlchemyError as exc:
            if prompt is None or password is not None or not _needs_password(exc):
                raise
            engine.dispose()
            password = prompt(display)
            if password is None:
                raise
            engine = make_pg_engine(url, password=password)
            writable = _migrate_or_check(engine, display)
    except ArchiveError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise ArchiveError(f"{display}: {connection_problem(exc)}") from exc
    if read_only is None:
        read_only = not writable
    if read_only:
        engine.dispose()
        engine = make_pg_engine(url, password=password, read_only=True)
    return engine


def connection_problem(exc: BaseException) -> str:
    """A sentence for a failure to reach or use the server (never the password)."""
    known = database_error(exc)
    if known is not None:
        return str(known)
    orig = getattr(exc, "orig", None) or exc
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return f"the connection to the server was lost ({first})"
    return f"cannot open the team archive ({first})"


def _migrate_or_check(engine: Engine, display: str) -> bool:
    """Create or upgrade the schema if needed; whether this role may write articles."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from dossierdesk.store.engine import alembic_config

    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    with engine.connect() as conn:
        current = _stamped_revision(conn)
        conn.rollback()
        if current == head:
            return _may_write(conn)
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        current = _stamped_revision(conn)
        if current != head:
            known = {rev.revision for rev in script.walk_revisions()}
            if current is not None and current not in known:
                raise NewerArchiveError(
                    f"{display}: this team archive was written by a newer version of Dossier "
                    f"Desk (schema {current}); upgrade Dossier Desk to open it. Nothing was "
                    "changed."
                )
            if current is None and _foreign_tables(conn):
                raise ArchiveError(
                    f"{display}: this database holds other tables and is not a Dossier Desk "
                    "archive; give an empty database (or one made by Dossier Desk)"
                )
            if not _may_create(conn):
                what = "is empty" if current is None else f"needs an upgrade (schema {current})"
                raise ArchiveError(
                    f"{display}: the team archive {what}, and user "
                    f"{conn.execute(text('SELECT current_user')).scalar_one()} may not "
                    "create tables in it; ask its owner to open it once with Dossier Desk "
                    "(see 'dossierdesk-cli team-setup --print-sql')"
                )
            if current is not None:
                backup = backup_schema(conn, current)
                log.warning(
                    "upgrading team archive %s from schema %s to %s; its tables were copied "
                    "first into the schema %s",
                    display,
                    current,
                    head,
                    backup,
                )
            else:
                log.info("creating team archive %s (schema %s)", display, head)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        return _may_write(conn)


def backup_schema(conn: Connection, revision: str) -> str:
    """Copy every table of the archive into a new schema ``dossierdesk_backup_REV_TIME`` on
    the server, before an upgrade (in its transaction: the copy and the upgrade are committed
    together or not at all). Returns the schema's name; the owner drops it when done."""
    import datetime as dt

    name = f"dossierdesk_backup_{revision}_{dt.datetime.now():%Y%m%d_%H%M%S}"
    quote = conn.dialect.identifier_preparer.quote
    conn.execute(text(f"CREATE SCHEMA {quote(name)}"))
    tables = conn.execute(
        text("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()")
    ).scalars()
    for table in list(tables):
        conn.execute(text(f"CREATE TABLE {quote(name)}.{quote(table)} AS TABLE {quote(table)}"))
    return name


def _stamped_revision(conn: Connection) -> str | None:
    exists = conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar_one()
    if not exists:
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def _foreign_tables(conn: Connection) -> bool:
    rows = conn.execute(
        text(
            "SELECT count(*) FROM pg_catalog.pg_tables "
            "WHERE schemaname = current_schema() AND tablename <> 'alembic_version'"
        )
    ).scalar_one()
    return bool(rows)


def _may_create(conn: Connection) -> bool:
    return bool(
        conn.execute(text("SELECT has_schema_privilege(current_schema(), 'CREATE')")).scalar_one()
    )


def _may_write(conn: Connection) -> bool:
    return bool(
        conn.execute(
            text(
                "SELECT has_table_privilege('articles', 'INSERT') "
                "AND has_table_privilege('article_tags', 'INSERT')"
            )
        ).scalar_one()
    )


# pg_advisory_xact_lock key an import transaction holds ("DDIMPORT"): imports by several
# clients write one transaction at a time (each a quarter second), so that looking for
# duplicates and inserting are one step; parsing goes on in parallel meanwhile.
IMPORT_LOCK = 0x4444494D504F5254


def take_import_turn(conn: Connection) -> None:
    """Wait for this transaction's turn to write imported files (see ``IMPORT_LOCK``)."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})


def current_user(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT current_user")).scalar_one())

"""Opening an archive file: engine, connection pragmas, migrations with a backup first.

An archive is one SQLite file. Opening it applies pending Alembic migrations automatically, after
an online backup of the existing file; an archive written by a newer Dossier Desk is refused
untouched. A new file gets the schema the migrations make in one step (``store.new_archive``).

Writing transactions (sessions and connections of ``write_engine``) start with
``BEGIN IMMEDIATE``, taking turns with other processes (``store.write_turns``); reading ones
start with a plain ``BEGIN``. An archive that cannot be written (read-only media or file,
``read_only=True``) is opened for reading only: its connections are ``query_only`` and every
attempt to change it fails with ``ReadOnlyArchiveError``.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from dossierdesk.store.dialect_sql import SQLiteCompilerWithHints
from dossierdesk.store.errors import ArchiveError as ArchiveError  # re-exported
from dossierdesk.store.errors import NewerArchiveError as NewerArchiveError
from dossierdesk.store.errors import ReadOnlyArchiveError, database_error
from dossierdesk.store.sqlite_files import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from dossierdesk.store.sqlite_files import CACHE_KIB as CACHE_KIB
from dossierdesk.store.sqlite_files import READ_ONLY_PRAGMAS as _READ_ONLY_PRAGMAS
from dossierdesk.store.sqlite_files import SCHEMA_REVISION as SCHEMA_REVISION
from dossierdesk.store.sqlite_files import is_writable as is_writable
from dossierdesk.store.sqlite_files import read_only_uri as _read_only_uri
from dossierdesk.store.write_turns import WriteTurns

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# The execution options that mark a writing connection (see ``write_engine``) and an engine
# opened for reading only.
WRITE_OPTION = "dossierdesk_write"
READ_ONLY_OPTION = "dossierdesk_read_only"
TURNS_OPTION = "dossierdesk_turns"  # the engine's WriteTurns (one lock file per archive)


_PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    f"PRAGMA cache_size = {CACHE_KIB}",
)


def _configure(dbapi_connection: Any, pragmas: tuple[str, ...]) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (SAVEPOINTs work).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in pragmas:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    _configure(dbapi_connection, _PRAGMAS)


def _on_connect_read_only(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    _configure(dbapi_connection, _READ_ONLY_PRAGMAS)


def _on_begin(connection: Any) -> None:
    options = connection.get_execution_options()
    if options.get(WRITE_OPTION):
        with options[TURNS_OPTION].waiting():
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    if read_only:
        uri = _read_only_uri(path)
        engine = create_engine(
            "sqlite+pysqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
            poolclass=QueuePool,
        )
        event.listen(engine, "connect", _on_connect_read_only)
    else:
        engine = create_engine(f"sqlite+pysqlite:///{path}", future=True)
        event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    engine.dialect.statement_compiler = SQLiteCompilerWithHints
    return engine.execution_options(**{TURNS_OPTION: WriteTurns(path), READ_ONLY_OPTION: read_only})


def write_turns(engine: Engine) -> WriteTurns:
    """The lock file ``engine``'s writers take turns with (see ``store.write_turns``)."""
    turns = engine.get_execution_options()[TURNS_OPTION]
    assert isinstance(turns, WriteTurns)
    return turns


def is_read_only(engine: Engine) -> bool:
    """Whether ``engine`` was opened for reading only (``make_engine(read_only=True)``)."""
    return bool(engine.get_execution_options().get(READ_ONLY_OPTION))


def write_engine(engine: Engine) -> Engine:
    """``engine`` whose transactions write: they begin with ``BEGIN IMMEDIATE``."""
    return engine.execution_options(**{WRITE_OPTION: True})


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    location = resources.files("dossierdesk.store") / "migrations"
    cfg.set_main_option("script_location", str(location))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _check_sqlite_file(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise ArchiveError(f"{path}: not a Dossier Desk archive (not an SQLite database)")


def backup_file(source: Path, dest: Path) -> None:
    """Copy an SQLite database with the online backup API (consistent even while in use)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(dest))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def open_engine(path: Path, *, read_only: bool | None = None) -> Engine:
    """Open (creating if needed) and migrate the archive at ``path``.

    ``read_only=None`` opens it for reading only when it cannot be written (read-only media,
    file or folder); ``True`` always does. A read-only archive must exist and be current."""
    path = path.expanduser()
    if path.is_dir():
        raise ArchiveError(f"{path}: is a folder, not an archive file")
    try:
        _check_sqlite_file(path)
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot read the archive ({exc.strerror})") from exc
    if read_only is None:
        read_only = path.exists() and not is_writable(path)
    if read_only:
        return _open_read_only(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot create folder ({exc.strerror})") from exc
    if not path.exists() and not is_writable(path):
        raise ReadOnlyArchiveError(
            f"{path}: cannot create an archive there (the folder is read-only)"
        )
    engine = make_engine(path)
    try:
        migrate(engine, path)
    except ArchiveError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        log.exception("opening archive %s failed", path)
        known = database_error(exc)
        if known is not None:
            raise ArchiveError(f"{path}: {known}") from exc
        raise ArchiveError(f"{path}: cannot open archive ({exc})") from exc
    return engine


def _open_read_only(path: Path) -> Engine:
    if not path.exists():
        raise ArchiveError(f"{path}: no such archive")
    engine = make_engine(path, read_only=True)
    try:
        revision = _stamped_revision(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        known = database_error(exc)
        raise ArchiveError(f"{path}: cannot open the archive for reading ({known or exc})") from exc
    if revision != SCHEMA_REVISION:
        engine.dispose()
        if revision is None:
            raise ArchiveError(f"{path}: not a Dossier Desk archive (or an empty one)")
        raise ReadOnlyArchiveError(
            f"{path}: this archive (schema {revision}) needs an upgrade to schema "
            f"{SCHEMA_REVISION}, which cannot be written to a read-only archive; "
            "open a writable copy instead"
        )
    return engine


def _stamped_revision(engine: Engine) -> str | None:
    """The revision recorded in the archive, read without Alembic (``None`` if there is none)."""
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    except OperationalError:  # no such table: a new file
        return None
    return rows[0] if len(rows) == 1 else None


def migrate(engine: Engine, path: Path) -> None:
    if _stamped_revision(engine) == SCHEMA_REVISION or _created_new(engine):
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    cfg = alembic_config()
    # Inside the write lock: of several processes opening a new or old archive at once, one
    # creates or migrates it and the others then find it current.
    upgraded = False
    with write_engine(engine).begin() as conn:
        current = _revision_on(conn)
        if current == head:
            return
        if current is not None:
            known = {rev.revision for rev in script.walk_revisions()}
            if current not in known:
                raise NewerArchiveError(
                    f"{path}: this archive was written by a newer version of Dossier Desk "
                    f"(schema {current}); upgrade Dossier Desk to open it. "
                    "The file was not changed."
                )
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = path.with_name(f"{path.name}.{current}.{stamp}.bak")
            log.info(
                "backing up %s to %s before upgrading schema %s -> %s",
                path,
                backup,
                current,
                head,
            )
            backup_file(path, backup)
        elif _has_foreign_tables(conn):
            raise ArchiveError(f"{path}: this SQLite file is not a Dossier Desk archive")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        upgraded = current is not None
    if upgraded:
        _compact_after_upgrade(engine, path)


def _created_new(engine: Engine) -> bool:
    """Make the current schema in a file with no tables yet (``store.new_archive``); ``False``
    when the file has tables (an archive to migrate, or another program's file) or the
    snapshot is of another revision. Inside the write lock, as ``migrate``'s own work."""
    from dossierdesk.store import new_archive

    if not new_archive.snapshot_usable():
        return False
    with write_engine(engine).begin() as conn:
        if _has_any_schema(conn):
            return False
        new_archive.create_current(conn)
    return True


# An upgrade that moved data (0008 moved photo bytes to their own table) leaves the old pages
# free inside the file: the file is compacted when they are over this share of it.
COMPACT_FREE_SHARE = 0.25
COMPACT_MIN_FREE_BYTES = 64 * 1024 * 1024


def _compact_after_upgrade(engine: Engine, path: Path) -> None:
    """``VACUUM`` the archive when an upgrade left much of it free (on a DBAPI connection of
    its own: VACUUM cannot run inside the transaction SQLAlchemy would begin)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        pages = int(cursor.execute("PRAGMA page_count").fetchone()[0])
        free = int(cursor.execute("PRAGMA freelist_count").fetchone()[0])
        page_size = int(cursor.execute("PRAGMA page_size").fetchone()[0])
        if free * page_size < COMPACT_MIN_FREE_BYTES or free < pages * COMPACT_FREE_SHARE:
            return
        log.info(
            "compacting %s after its upgrade (%d MB of %d MB free)",
            path,
            free * page_size // 2**20,
            pages * page_size // 2**20,
        )
        cursor.execute("VACUUM")
        cursor.close()
    finally:
        raw.close()


def _revision_on(conn: Any) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _has_any_schema(conn: Any) -> bool:
    """Whether the file holds anything at all: a table, index, view or trigger."""
    return conn.exec_driver_sql("SELECT 1 FROM sqlite_master LIMIT 1").first() is not None


def _has_foreign_tables(conn: Any) -> bool:
    names = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    ).scalars()
    return any(True for _ in names)

"""Opening an archive file: engine, connection pragmas, migrations with a backup first.

An archive is one SQLite file. Opening it applies pending Alembic migrations automatically, after
an online backup of the existing file; an archive written by a newer Dossier Desk is refused
untouched.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import ConnectionPoolEntry

from dossierdesk.store.errors import ArchiveError as ArchiveError  # re-exported
from dossierdesk.store.errors import NewerArchiveError as NewerArchiveError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (SAVEPOINTs work).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Up to 64 MiB of page cache (default 2 MiB): index pages of large archives stay in
        # memory across the statements of an import or a search (memory is taken as used).
        cursor.execute("PRAGMA cache_size = -65536")
    finally:
        cursor.close()


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite+pysqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


# The newest migration's revision. Opening an archive already at this revision (the common
# case) needs no Alembic at all, which keeps a quarter of a second off every command's start;
# tests check that it names the head of the migration scripts.
SCHEMA_REVISION = "0006"


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


def open_engine(path: Path) -> Engine:
    """Open (creating if needed) and migrate the archive at ``path``."""
    path = path.expanduser()
    _check_sqlite_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot create folder ({exc.strerror})") from exc
    engine = make_engine(path)
    try:
        migrate(engine, path)
    except ArchiveError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        log.exception("opening archive %s failed", path)
        raise ArchiveError(f"{path}: cannot open archive ({exc})") from exc
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
    if _stamped_revision(engine) == SCHEMA_REVISION:
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    current = current_revision(engine)
    if current == head:
        return
    if current is not None:
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise NewerArchiveError(
                f"{path}: this archive was written by a newer version of Dossier Desk "
                f"(schema {current}); upgrade Dossier Desk to open it. The file was not changed."
            )
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = path.with_name(f"{path.name}.{current}.{stamp}.bak")
        log.info(
            "backing up %s to %s before upgrading schema %s -> %s", path, backup, current, head
        )
        backup_file(path, backup)
    elif _has_foreign_tables(engine):
        raise ArchiveError(f"{path}: this SQLite file is not a Dossier Desk archive")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _has_foreign_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        names = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).scalars()
        return any(True for _ in names)

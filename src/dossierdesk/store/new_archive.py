"""A new archive file, made in one transaction from the schema the migrations build.

Running the Alembic migrations one after another into an empty file took 265–320 ms (most of it
loading Alembic and Mako); that was paid by every first start, by every ``dossierdesk-cli
import`` into a new archive, and, in an import, while the parser processes wanted the cores.
A new file instead gets the statements the migrations leave in ``sqlite_master``, in the order
they made them, and is stamped with their revision: ``store.schema_sqlite``, generated from the
migrations by ``packaging/update_schema_snapshot.py``.

The migrations stay the only definition of the schema: the snapshot is their output, and
``tests/test_new_archive.py`` builds an archive both ways and compares everything in the two
files (``sqlite_master``, every table's rows, the pragmas a file keeps). A snapshot of another
revision than ``SCHEMA_REVISION`` is not used: the file is then made by the migrations.
Existing archives are migrated by Alembic as before (``engine.migrate``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import text

from dossierdesk.store.sqlite_files import SCHEMA_REVISION


def schema_statements(cursor: sqlite3.Cursor) -> list[str]:
    """The statements that make the schema of the database ``cursor`` reads: its tables and
    views in the order it made them, then its indexes, then its triggers, each by name (the
    migrations that rebuild a table make its indexes in an order that varies from run to
    run). Left out: the indexes SQLite makes for constraints, and the tables a virtual table
    makes for itself (its ``CREATE VIRTUAL TABLE`` makes them again)."""
    shadows = {row[1] for row in cursor.execute("PRAGMA table_list") if row[2] == "shadow"}
    rows = [
        (kind, name, sql)
        for kind, name, table, sql in cursor.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"
        )
        if sql is not None and name not in shadows and table not in shadows
    ]
    made = [sql for kind, _name, sql in rows if kind in ("table", "view")]
    for kind in ("index", "trigger"):
        made.extend(sql for _kind, _name, sql in sorted(r for r in rows if r[0] == kind))
    return made


def snapshot_usable() -> bool:
    """Whether the generated snapshot is of the schema this version expects."""
    from dossierdesk.store.schema_sqlite import REVISION

    return REVISION == SCHEMA_REVISION


def create_current(conn: Any) -> None:
    """Make the current schema on ``conn`` (a SQLAlchemy connection to an empty file, in a
    writing transaction) and stamp it with its revision."""
    from dossierdesk.store.schema_sqlite import REVISION, STATEMENTS

    for statement in STATEMENTS:
        conn.exec_driver_sql(statement)
    conn.execute(
        text("INSERT INTO alembic_version (version_num) VALUES (:revision)"),
        {"revision": REVISION},
    )


def migrated(path: Path) -> Path:
    """A new archive at ``path`` made the long way, by running every migration through
    Alembic: what the snapshot is generated from and compared with."""
    from alembic import command

    from dossierdesk.store.engine import alembic_config, make_engine, write_engine

    engine = make_engine(path)
    try:
        with write_engine(engine).begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()
    return path

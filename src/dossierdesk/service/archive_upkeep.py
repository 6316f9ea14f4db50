"""Keeping an archive sound: ``check``, rebuilding the search index, backups."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from dossierdesk.service.dto import (
    CheckResult,
)
from dossierdesk.service.integrity import CHECK_CACHE_KIB, CHECK_MESSAGES, check_fts
from dossierdesk.store import fts
from dossierdesk.store.engine import (
    CACHE_KIB,
    backup_file,
)
from dossierdesk.store.errors import ArchiveError

if TYPE_CHECKING:
    # The import pipeline (importers, parsing, row preparation, the batch writer) and the
    # editing code load when first used: opening an archive to read it needs none of them.
    pass
from dossierdesk.service.archive_core import ArchiveCore, _database_errors

log = logging.getLogger(__name__)


class UpkeepMixin(ArchiveCore):
    """The maintenance actions of ``Archive``."""

    def check(self) -> CheckResult:
        """SQLite integrity, foreign keys and FTS index consistency, in bounded memory."""
        if self.is_team:
            return self._check_team()
        with _database_errors(), self._engine.connect() as conn:
            # A small page cache: the checks read every page once, and rows of tens of MB
            # (titles stored by older versions) would otherwise fill 64 MiB of cache on top
            # of the row itself.
            conn.exec_driver_sql(f"PRAGMA cache_size = {CHECK_CACHE_KIB}")
            try:
                return self._check_on(conn)
            finally:
                conn.rollback()
                conn.exec_driver_sql(f"PRAGMA cache_size = {CACHE_KIB}")

    def _check_on(self, conn: Connection) -> CheckResult:
        messages: list[str] = []
        result = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
        if result != ["ok"]:
            messages.extend(f"integrity: {r}" for r in result)
        broken = 0
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check"):
            broken += 1
            if broken <= CHECK_MESSAGES:
                messages.append(f"foreign key: table {row[0]} row {row[1]} -> {row[2]}")
        if broken > CHECK_MESSAGES:
            messages.append(f"foreign key: {broken - CHECK_MESSAGES} more broken references")
        messages.extend(check_fts(conn, internal=not self.read_only))
        return CheckResult(ok=not messages, messages=tuple(messages))

    def _check_team(self) -> CheckResult:
        """A team archive: the server keeps pages and references sound; what is checked is
        that every article has its search document."""
        from dossierdesk.store.pg_index import unindexed_ids

        with _database_errors(), self._engine.connect() as conn:
            missing = unindexed_ids(conn, limit=CHECK_MESSAGES + 1)
        messages = [f"full-text: article {i} is not in the search index" for i in missing]
        if len(messages) > CHECK_MESSAGES:
            messages[CHECK_MESSAGES:] = ["full-text: more articles are not in the search index"]
        return CheckResult(ok=not messages, messages=tuple(messages))

    def rebuild_index(self) -> None:
        if self.is_team:
            from dossierdesk.store.pg_index import reindex_all

            self._check_writable()
            with _database_errors(), self._writer.begin() as conn:
                reindex_all(conn)
            return
        with self._engine.begin() as conn:
            conn.exec_driver_sql(fts.REBUILD_STATEMENT)
            conn.exec_driver_sql(fts.TITLE_REBUILD_STATEMENT)

    def tidy_index(self, pages: int = fts.MERGE_PAGES) -> bool:
        """Merge the search indexes' segments by one step (about ``pages`` pages written, in
        one short transaction); whether the step merged anything, so that another may.

        Nothing to do on a team archive (PostgreSQL keeps its own index) or a read-only one.
        Searches find the same articles before and after (see ``fts.MERGE_STATEMENTS``)."""
        if self.is_team or self.read_only:
            return False
        merged = False
        with self._write() as session:
            driver = session.connection().connection.dbapi_connection
            assert driver is not None  # (an open session's connection)
            for statement in fts.MERGE_STATEMENTS:
                before = driver.total_changes
                session.execute(text(statement), {"pages": pages})
                # FTS5: a 'merge' that did work changed two rows or more.
                merged |= driver.total_changes - before >= 2
        return merged

    def backup(self, dest: Path) -> None:
        if self.path is None:  # a team archive: a consistent snapshot into a new file
            from dossierdesk.service.copying import copy_archive

            copy_archive(self, Path(dest).expanduser())
            return
        dest = Path(dest).expanduser()
        if dest.resolve() == self.path:
            raise ArchiveError("the backup must not overwrite the archive itself")
        backup_file(self.path, dest)

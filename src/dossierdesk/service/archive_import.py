"""Importing into an archive: files, folders, zips and in-memory documents, and re-extraction.

Files are parsed ahead (``service.parsing``), written in chunks by the batch writer
(``service.writer``) and committed every quarter second; see ``ImportMixin._import_on``.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Generator, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from dossierdesk.service import photos as photo_store
from dossierdesk.service.archive_core import ArchiveCore
from dossierdesk.service.cancel import CancelToken
from dossierdesk.service.changes import ARTICLES, PHOTOS, records
from dossierdesk.service.dto import (
    ImportOutcome,
    ImportReport,
    ImportStatus,
)
from dossierdesk.service.import_session import ImportSession, ProgressCallback, ProgressCounter
from dossierdesk.store import fts
from dossierdesk.store.checkpoint import background_checkpoints
from dossierdesk.store.errors import ArchiveError
from dossierdesk.store.models import (
    Article,
)
from dossierdesk.store.models import (
    SourceFile as SourceFileRow,
)

if TYPE_CHECKING:
    # The import pipeline (importers, parsing, row preparation, the batch writer) and the
    # editing code load when first used: opening an archive to read it needs none of them.
    from dossierdesk.importers import SourceFailure, SourceFile
    from dossierdesk.importers.containers import UnreadFile
    from dossierdesk.service.parsing import ParseAhead, Parsed

log = logging.getLogger(__name__)


log = logging.getLogger(__name__)


IMPORT_KINDS = frozenset({ARTICLES, PHOTOS})  # what an import transaction changes
BULK_FILES = 200  # from this many files, index merging waits for the end (see store.fts)


class ImportMixin(ArchiveCore):
    """The import actions of ``Archive``."""

    def prepare_import(self) -> None:
        """An import is likely soon (an import dialog opened, files dragged over a window):
        get its parser processes ready to start at once (``parsing.warm_up``)."""
        from dossierdesk.service.parsing import warm_up

        warm_up()

    def import_paths(
        self,
        paths: Iterable[Path | str],
        *,
        allow_probable_duplicates: bool = False,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportReport:
        """Import files, folders and zips. Each file is all-or-nothing; the batch goes on."""
        from dossierdesk.service.parsing import parse_paths_ahead
        from dossierdesk.service.rows import document_words_made

        with document_words_made(self.is_team):  # see rows.prepare
            return self.import_parsed(
                parse_paths_ahead(Path(p) for p in paths),
                allow_probable_duplicates=allow_probable_duplicates,
                progress=progress,
                cancel=cancel,
            )

    def import_bytes(
        self, name: str, data: bytes, *, allow_probable_duplicates: bool = False
    ) -> ImportReport:
        """Import one in-memory document (e.g. HTML or text dropped from a browser)."""
        from dossierdesk.importers import SourceFile

        return self.import_sources(
            [SourceFile(name=name, data=data)],
            total=1,
            allow_probable_duplicates=allow_probable_duplicates,
        )

    def import_sources(
        self,
        sources: Iterable[SourceFile | SourceFailure | UnreadFile],
        *,
        total: int | None = None,
        allow_probable_duplicates: bool = False,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        chunk_files: int | None = None,
    ) -> ImportReport:
        """Import named byte blobs.

        Files are parsed (in worker processes for large batches), written in chunks and
        committed every quarter second; a file that fails leaves nothing behind. Cancelling stops
        at the next chunk boundary and keeps every file already reported as done.
        """
        from dossierdesk.service.parsing import parse_sources
        from dossierdesk.service.rows import document_words_made

        with document_words_made(self.is_team):  # see rows.prepare
            return self._import(
                parse_sources(sources, total=total),
                total=total,
                allow_probable_duplicates=allow_probable_duplicates,
                progress=progress,
                cancel=cancel,
                chunk_files=chunk_files,
            )

    def import_parsed(
        self,
        parsed: ParseAhead,
        *,
        allow_probable_duplicates: bool = False,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportReport:
        """``import_sources`` for files whose parsing was started ahead (``ParseAhead``)."""
        try:
            return self._import(
                parsed.results(),
                total=parsed.total,
                allow_probable_duplicates=allow_probable_duplicates,
                progress=progress,
                cancel=cancel,
            )
        finally:
            parsed.close()

    def _import(
        self,
        parsed: Generator[Parsed, None, None],
        *,
        total: int | None,
        allow_probable_duplicates: bool,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
        chunk_files: int | None = None,
    ) -> ImportReport:
        bulk = total is not None and total >= BULK_FILES
        self._check_writable()
        # One connection for the whole import: a large one pauses its automatic checkpoints
        # (a thread checkpoints after each commit instead, see store.checkpoint).
        with self._writer.connect() as conn:
            checkpoints = (
                background_checkpoints(self._engine, conn.connection.dbapi_connection)
                if bulk and not self.is_team
                else contextlib.nullcontext(None)
            )
            with checkpoints as after_checkpoint_commit:

                def after_commit() -> None:
                    if after_checkpoint_commit is not None:
                        after_checkpoint_commit()
                    # Processes waiting to write (a tag, an edit, another import) go first.
                    if self._turns is not None:
                        self._turns.yield_to_waiters()

                return self._import_on(
                    conn,
                    parsed,
                    total=total,
                    bulk=bulk,
                    allow_probable_duplicates=allow_probable_duplicates,
                    progress=progress,
                    cancel=cancel,
                    chunk_files=chunk_files,
                    after_commit=after_commit,
                )

    def _import_on(
        self,
        conn: Connection,
        parsed: Generator[Parsed, None, None],
        *,
        total: int | None,
        bulk: bool,
        allow_probable_duplicates: bool,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
        chunk_files: int | None,
        after_commit: Callable[[], None] | None,
    ) -> ImportReport:
        writing = ImportSession(
            conn,
            team=self.is_team,
            bulk=bulk,
            allow_probable_duplicates=allow_probable_duplicates,
            counter=ProgressCounter(total, progress),
            chunk_files=chunk_files,
            after_commit=after_commit,
            on_commit=lambda ids: self._changed(IMPORT_KINDS, tuple(ids)),
        )
        report = writing.report
        try:
            writing.start()
            for item in parsed:
                if cancel is not None and cancel.cancelled:
                    # Files parsed but not yet written are left out (the report lists what
                    # was stored); what is written is committed below.
                    report.cancelled = True
                    break
                if writing.add(item):
                    writing.flush()
                    if cancel is not None and cancel.cancelled:
                        report.cancelled = True
                        break
            else:
                writing.flush()
            writing.finish()
        except (SQLAlchemyError, sqlite3.Error) as exc:
            # The disk filled up, the archive is read-only, …: what was committed stays and is
            # reported; the files of the transaction that failed are not in the archive.
            known = writing.fail(exc)
            if writing.bulk:
                self._restore_automerge()
            if not known:
                raise
        except BaseException:
            writing.abandon()
            if writing.bulk:
                self._restore_automerge()
            raise
        finally:
            parsed.close()  # stops parser processes at once, also on cancel or error
            writing.close()
        return report

    def _restore_automerge(self) -> None:
        """After a failed large import: earlier commits may have kept merging switched off."""
        try:
            with self._write() as session:
                session.execute(text(fts.AUTOMERGE_STATEMENT), {"level": fts.AUTOMERGE_DEFAULT})
        except (SQLAlchemyError, ArchiveError):
            log.warning("could not restore the full-text index merge setting", exc_info=True)

    def reparse(
        self,
        article_ids: Sequence[int] | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> list[ImportOutcome]:
        """Re-extract articles from their stored originals with the current parsers."""
        with self._read() as session:
            stmt = select(Article.id).where(Article.source_file_id.is_not(None))
            if article_ids is not None:
                stmt = stmt.where(Article.id.in_(list(article_ids)))
            todo = list(session.scalars(stmt.order_by(Article.id)))
        outcomes: list[ImportOutcome] = []
        for n, article_id in enumerate(todo, 1):
            if cancel is not None and cancel.cancelled:
                break
            outcomes.append(self._reparse_one(article_id))
            if progress is not None:
                progress(n, len(todo))
        return outcomes

    @records(ARTICLES, PHOTOS, articles="article_id")
    def _reparse_one(self, article_id: int) -> ImportOutcome:
        from dossierdesk.importers import ParseError, parse_document
        from dossierdesk.service.rows import prepare
        from dossierdesk.service.writer import BatchWriter

        with self._read() as session:
            row = session.execute(
                select(SourceFileRow.name, SourceFileRow.data, Article.source_index)
                .join(Article, Article.source_file_id == SourceFileRow.id)
                .where(Article.id == article_id)
            ).one()
        name, data, index = row
        try:
            parsed = parse_document(data, name)
            if index >= len(parsed):
                raise ParseError(f"item {index + 1} no longer found in the file")
            article = parsed[index]
            with self._write() as session:
                BatchWriter(session).replace(article_id, prepare(article))
                photo_store.link_article_images(session, article_id)
                self._index(session, [article_id])
        except ParseError as exc:
            return ImportOutcome(name, ImportStatus.FAILED, article_id, str(exc))
        except IntegrityError:
            return ImportOutcome(
                name, ImportStatus.DUPLICATE, article_id, "re-extracted text duplicates another"
            )
        return ImportOutcome(name, ImportStatus.IMPORTED, article_id, "re-extracted", article.title)

"""``ImportSession``: the writing side of one import, transaction by transaction.

Parsed files arrive one at a time (``add``); they are written in chunks (``flush``: one
executemany per table, see ``service.writer``) and committed every quarter second at a
chunk's end. Batched transactions are what makes large imports fast, and a crash loses at
most the last moment's completed files, never part of one.

Each transaction begins by taking the archive's write turn: a file archive defers its FTS5
indexing to the commit (``store.fts``), a team archive waits for its import turn (an advisory
lock, so that looking for duplicates and inserting are one step among several clients,
``store.postgres``). At the commit the transaction's articles are linked to stored photos and
indexed (FTS5 in one statement; a team archive's search documents, ``store.pg_index``), and
``on_commit`` hears which articles were written.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dossierdesk.service import photos as photo_store
from dossierdesk.service.dto import ImportOutcome, ImportProgress, ImportReport, ImportStatus
from dossierdesk.store import fts
from dossierdesk.store.errors import database_error

if TYPE_CHECKING:
    from dossierdesk.service.parsing import Parsed
    from dossierdesk.service.rows import PreparedPhoto
    from dossierdesk.service.writer import PendingFile

log = logging.getLogger(__name__)

ProgressCallback = Callable[[ImportProgress], None]

CHUNK_FILES = 256
# A chunk is also written once this long has passed since the last one (slow files such as
# large HTML pages), so that progress reports and a cancel never wait for a whole chunk.
FLUSH_SECONDS = 0.5
COMMIT_SECONDS = 0.25


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class ProgressCounter:
    """Running totals for progress reports."""

    def __init__(self, total: int | None, callback: ProgressCallback | None) -> None:
        self.total, self.callback = total, callback
        self.done = 0
        self.counts = dict.fromkeys(ImportStatus, 0)

    def file_done(self, name: str, outcomes: list[ImportOutcome]) -> None:
        self.done += 1
        for o in outcomes:
            self.counts[o.status] += 1
        if self.callback is not None:
            self.callback(
                ImportProgress(
                    files_done=self.done,
                    files_total=self.total,
                    current=name,
                    imported=self.counts[ImportStatus.IMPORTED],
                    duplicates=self.counts[ImportStatus.DUPLICATE],
                    failed=self.counts[ImportStatus.FAILED],
                )
            )


class ImportSession:
    """Writes one import's files on ``conn`` (see the module docstring).

    ``begin`` once, then ``add`` each parsed item and ``flush`` when it says so, then
    ``finish``; ``abandon`` after a failure. ``report`` holds the outcomes so far and
    ``committed`` how many of them are committed."""

    def __init__(
        self,
        conn: Connection,
        *,
        team: bool,
        bulk: bool,
        allow_probable_duplicates: bool,
        counter: ProgressCounter,
        chunk_files: int | None = None,
        after_commit: Callable[[], None] | None = None,
        on_commit: Callable[[Sequence[int]], None] | None = None,
    ) -> None:
        from dossierdesk.service.writer import BatchWriter

        self.team, self.bulk = team, bulk and not team  # FTS5's merge settings: files only
        self.counter = counter
        self.chunk_files = CHUNK_FILES if chunk_files is None else chunk_files
        self.after_commit, self.on_commit = after_commit, on_commit
        self.session = Session(bind=conn, expire_on_commit=False)
        self.writer = BatchWriter(self.session, allow_probable_duplicates=allow_probable_duplicates)
        self.report = ImportReport()
        self.committed = 0
        self._chunk: list[PendingFile] = []
        self._order: list[PendingFile | PreparedPhoto | ImportOutcome] = []
        self._first_id = 0  # a file archive: the first article id of the transaction
        self._last_commit = self._last_flush = time.monotonic()

    # -- transactions ----------------------------------------------------------------------
    def begin(self) -> None:
        """Start a transaction whose new articles are indexed at commit."""
        from dossierdesk.store.postgres import take_import_turn

        self.session.begin()
        if self.team:
            take_import_turn(self.session.connection())
        else:
            self.session.execute(text(fts.DEFER_STATEMENT))  # first write: takes the lock
        self._first_id = self.writer.new_transaction(self.session.connection())

    def start(self) -> None:
        """Begin the first transaction (a large import into a file holds FTS5's merging)."""
        self.begin()
        if self.bulk:
            self.session.execute(text(fts.AUTOMERGE_STATEMENT), {"level": 0})
            self.session.execute(text(fts.HASHSIZE_STATEMENT), {"size": fts.IMPORT_HASHSIZE})

    def commit(self) -> None:
        from dossierdesk.store.pg_index import index_documents

        written = list(self.writer.written_ids)
        if self.team:
            if written:  # ids from the sequence: the first of them bounds what is new
                photo_store.link_new_images(self.session.connection(), min(written))
                index_documents(self.session.connection(), self.writer.written_texts)
        else:
            photo_store.link_new_images(self.session.connection(), self._first_id)
            self.session.execute(text(fts.INDEX_FROM_STATEMENT), {"first": self._first_id})
            self.session.execute(text(fts.TITLE_INDEX_FROM_STATEMENT), {"first": self._first_id})
            self.session.execute(text(fts.UNDEFER_STATEMENT))
        self.session.commit()
        stored = any(
            o.status is ImportStatus.IMPORTED for o in self.report.outcomes[self.committed :]
        )
        self.committed = len(self.report.outcomes)
        if self.on_commit is not None and (written or stored):
            self.on_commit(written)
        if self.after_commit is not None:
            self.after_commit()

    def finish(self) -> None:
        """Write what is queued and commit the last transaction."""
        if self.bulk:
            self.session.execute(text(fts.AUTOMERGE_STATEMENT), {"level": fts.AUTOMERGE_DEFAULT})
        self.commit()

    def abandon(self) -> None:
        """Roll back a failed import's open transaction (which may itself fail: disk full)."""
        try:
            self.session.rollback()
        except (SQLAlchemyError, sqlite3.Error):
            log.warning("rolling back the failed import failed", exc_info=True)

    def fail(self, exc: BaseException) -> bool:
        """After a database failure: keep what was committed and say why the rest is not
        there (``True``); ``False`` when it is not one a user can act on."""
        known = database_error(exc)
        self.abandon()
        if known is None:
            return False
        log.warning("import stopped after %d committed files: %s", self.committed, exc)
        del self.report.outcomes[self.committed :]
        self.report.error = str(known)
        return True

    def close(self) -> None:
        self.session.close()

    # -- files -----------------------------------------------------------------------------
    def add(self, item: Parsed) -> bool:
        """Queue a parsed file, photo or failure; whether a ``flush`` is due."""
        from dossierdesk.importers import SourceFailure
        from dossierdesk.service.rows import PreparedPhoto
        from dossierdesk.service.writer import PendingFile

        if isinstance(item, SourceFailure):
            self._order.append(ImportOutcome(item.name, ImportStatus.FAILED, message=item.reason))
        elif isinstance(item, PreparedPhoto):
            self._order.append(item)
        else:
            pending = PendingFile(*item)
            self._chunk.append(pending)
            self._order.append(pending)
        return (
            len(self._order) >= self.chunk_files
            or time.monotonic() - self._last_flush > FLUSH_SECONDS
        )

    def flush(self) -> None:
        """Write the queued files (each all or nothing) and report them; commit and begin
        the next transaction when the commit window has passed."""
        from dossierdesk.service.rows import PreparedPhoto

        self._last_flush = time.monotonic()
        written = iter(self.writer.write(self._chunk, now()) if self._chunk else [])
        for entry in self._order:
            if isinstance(entry, ImportOutcome):
                outcomes, name = [entry], entry.file
            elif isinstance(entry, PreparedPhoto):
                outcomes, name = [store_photo(self.session, entry, now())], entry.name
            else:
                outcomes, name = next(written), entry.name
            self.report.outcomes.extend(outcomes)
            self.counter.file_done(name, outcomes)
        self._chunk.clear()
        self._order.clear()
        if time.monotonic() - self._last_commit > COMMIT_SECONDS:
            self.commit()
            self.begin()
            self._last_commit = time.monotonic()


def store_photo(session: Session, photo: PreparedPhoto, when: dt.datetime) -> ImportOutcome:
    """Store one photo file (in a savepoint: a failure leaves nothing of it)."""
    title = photo.values.get("virin") or photo.values.get("title") or photo.name
    try:
        with session.begin_nested():
            photo_id, new = photo_store.store_photo(
                session, {**photo.values, "data": photo.data}, when
            )
    except SQLAlchemyError as exc:
        if database_error(exc) is not None:
            raise
        log.exception("storing photo %s failed", photo.name)
        reason = getattr(exc, "orig", None) or exc
        return ImportOutcome(
            photo.name, ImportStatus.FAILED, message=f"could not be stored: {reason}", kind="photo"
        )
    if not new:
        return ImportOutcome(
            photo.name,
            ImportStatus.DUPLICATE,
            photo_id,
            f"photo already in archive as photo #{photo_id}",
            str(title),
            kind="photo",
        )
    note = photo.values.get("virin_note")
    return ImportOutcome(
        photo.name,
        ImportStatus.IMPORTED,
        photo_id,
        str(note) if note else "",
        str(title),
        kind="photo",
    )

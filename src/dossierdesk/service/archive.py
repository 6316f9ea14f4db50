"""The service object: the one entry point the GUI and the CLI use to work with an archive.

Each public method is one user action with its own short SQLAlchemy session and returns plain
dataclasses. Long jobs (import, reparse) report progress through a callback and honour a
``CancelToken`` between files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import re
import sqlite3
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, func, literal, select, text, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from dossierdesk.query import CompiledQuery, compile_query
from dossierdesk.service import dossiers, reads
from dossierdesk.service import photos as photo_store
from dossierdesk.service import saved_searches as saved_search_store
from dossierdesk.service import search as search_sql
from dossierdesk.service.cancel import CancelToken
from dossierdesk.service.dossier_dto import UNSET, DossierDetail, DossierInfo, Unset
from dossierdesk.service.dto import (
    ArchiveStats,
    ArticleDetail,
    ArticleSummary,
    CheckResult,
    CitationInfo,
    FacetCount,
    ImageInfo,
    ImportOutcome,
    ImportProgress,
    ImportReport,
    ImportStatus,
    PhotoInfo,
    PhotoRef,
    SearchResult,
    TagInfo,
)
from dossierdesk.service.integrity import CHECK_CACHE_KIB, CHECK_MESSAGES, check_fts
from dossierdesk.service.saved_searches import SavedSearchInfo
from dossierdesk.service.tag_rows import ensure_tag, link_tag
from dossierdesk.store import fts
from dossierdesk.store.checkpoint import background_checkpoints
from dossierdesk.store.dialect_sql import insert_ignoring, year_month
from dossierdesk.store.engine import (
    CACHE_KIB,
    backup_file,
    is_read_only,
    open_engine,
    write_engine,
    write_turns,
)
from dossierdesk.store.errors import ArchiveError, ReadOnlyArchiveError, database_error
from dossierdesk.store.location import archive_path
from dossierdesk.store.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    Image,
    Person,
    Tag,
)
from dossierdesk.store.models import (
    SourceFile as SourceFileRow,
)
from dossierdesk.store.team_url import is_team_url, redacted
from dossierdesk.store.write_turns import WriteTurns
from dossierdesk.virin import SERVICE_NAMES

if TYPE_CHECKING:
    # The import pipeline (importers, parsing, row preparation, the batch writer) and the
    # editing code load when first used: opening an archive to read it needs none of them.
    from dossierdesk.importers import SourceFailure, SourceFile
    from dossierdesk.importers.containers import UnreadFile
    from dossierdesk.service import editing
    from dossierdesk.service.parsing import ParseAhead, Parsed
    from dossierdesk.service.rows import PreparedPhoto
    from dossierdesk.service.writer import PendingFile
    from dossierdesk.store.postgres import PasswordPrompt

log = logging.getLogger(__name__)

ProgressCallback = Callable[[ImportProgress], None]

# Files are written in chunks (one executemany per table) and committed every quarter second
# (at a chunk's end): batched transactions are what makes large imports fast, and a crash
# loses at most the last moment's completed files, never part of one. Each commit also
# indexes its articles (see store.fts) and lets the checkpoint thread copy them into the
# database file (see store.checkpoint): short windows leave less of either to do after the
# last file is parsed.
CHUNK_FILES = 256
# A chunk is also written once this long has passed since the last one (slow files such as
# large HTML pages), so that progress reports and a cancel never wait for a whole chunk.
FLUSH_SECONDS = 0.5
COMMIT_SECONDS = 0.25
BULK_FILES = 200  # from this many files, index merging waits for the end (see store.fts)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class _Counter:
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


class Archive:
    """An open archive file.

    ``read_only=None`` opens an archive that cannot be written (read-only media or file) for
    reading; ``True`` opens any archive so. Changing a read-only archive raises
    ``ReadOnlyArchiveError``. SQLite failures a user can act on (disk full, read-only, the
    archive kept locked by another program) come out as ``ArchiveError`` subclasses."""

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
        self._writer = write_engine(self._engine)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Archive:
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

    # -- import ----------------------------------------------------------------------------
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
        from dossierdesk.importers import SourceFailure
        from dossierdesk.service.rows import PreparedPhoto
        from dossierdesk.service.writer import BatchWriter, PendingFile
        from dossierdesk.store.pg_index import index_articles
        from dossierdesk.store.postgres import take_import_turn

        chunk_files = CHUNK_FILES if chunk_files is None else chunk_files
        team = self.is_team
        bulk = bulk and not team  # FTS5's merge settings: a file archive's
        report = ImportReport()
        counter = _Counter(total, progress)
        session = Session(bind=conn, expire_on_commit=False)
        writer = BatchWriter(session, allow_probable_duplicates=allow_probable_duplicates)
        chunk: list[PendingFile] = []
        order: list[PendingFile | PreparedPhoto | ImportOutcome] = []
        last_commit = last_flush = time.monotonic()
        first_id = 0  # the first article id of the current transaction
        committed = 0  # outcomes in the report whose files are committed

        def begin() -> None:
            """Start a transaction whose new articles are indexed at commit (see store.fts)."""
            nonlocal first_id
            session.begin()
            if team:
                take_import_turn(session.connection())
            else:
                session.execute(text(fts.DEFER_STATEMENT))  # first write: takes the write lock
            first_id = writer.new_transaction(session.connection())

        def commit() -> None:
            nonlocal committed
            if team:
                written = writer.written_ids
                photo_store.link_new_images(session, min(written, default=first_id))
                index_articles(session.connection(), written)
            else:
                photo_store.link_new_images(session, first_id)
                session.execute(text(fts.INDEX_FROM_STATEMENT), {"first": first_id})
                session.execute(text(fts.UNDEFER_STATEMENT))
            session.commit()
            committed = len(report.outcomes)
            if after_commit is not None:
                after_commit()

        def flush() -> None:
            nonlocal last_commit, last_flush
            last_flush = time.monotonic()
            written = iter(writer.write(chunk, _now()) if chunk else [])
            for entry in order:
                if isinstance(entry, ImportOutcome):
                    outcomes, name = [entry], entry.file
                elif isinstance(entry, PreparedPhoto):
                    outcomes, name = [_store_photo(session, entry, _now())], entry.name
                else:
                    outcomes, name = next(written), entry.name
                report.outcomes.extend(outcomes)
                counter.file_done(name, outcomes)
            chunk.clear()
            order.clear()
            if time.monotonic() - last_commit > COMMIT_SECONDS:
                commit()
                begin()
                last_commit = time.monotonic()

        try:
            begin()
            if bulk:
                session.execute(text(fts.AUTOMERGE_STATEMENT), {"level": 0})
                session.execute(text(fts.HASHSIZE_STATEMENT), {"size": fts.IMPORT_HASHSIZE})
            for item in parsed:
                if cancel is not None and cancel.cancelled:
                    # Files parsed but not yet written are left out (the report lists what
                    # was stored); what is written is committed below.
                    report.cancelled = True
                    break
                if isinstance(item, SourceFailure):
                    order.append(ImportOutcome(item.name, ImportStatus.FAILED, message=item.reason))
                elif isinstance(item, PreparedPhoto):
                    order.append(item)
                else:
                    pending = PendingFile(*item)
                    chunk.append(pending)
                    order.append(pending)
                if len(order) >= chunk_files or time.monotonic() - last_flush > FLUSH_SECONDS:
                    flush()
                    if cancel is not None and cancel.cancelled:
                        report.cancelled = True
                        break
            else:
                flush()
            if bulk:
                session.execute(text(fts.AUTOMERGE_STATEMENT), {"level": fts.AUTOMERGE_DEFAULT})
            commit()
        except (SQLAlchemyError, sqlite3.Error) as exc:
            # The disk filled up, the archive is read-only, …: what was committed stays and is
            # reported; the files of the transaction that failed are not in the archive.
            known = database_error(exc)
            if known is None:
                self._abandon(session, bulk)
                raise
            log.warning("import stopped after %d committed files: %s", committed, exc)
            self._abandon(session, bulk)
            del report.outcomes[committed:]
            report.error = str(known)
        except BaseException:
            self._abandon(session, bulk)
            raise
        finally:
            parsed.close()  # stops parser processes at once, also on cancel or error
            session.close()
        return report

    def _abandon(self, session: Session, bulk: bool) -> None:
        """Roll back a failed import's open transaction (which may itself fail: disk full)."""
        try:
            session.rollback()
        except (SQLAlchemyError, sqlite3.Error):
            log.warning("rolling back the failed import failed", exc_info=True)
        if bulk:
            self._restore_automerge()

    def _restore_automerge(self) -> None:
        """After a failed large import: earlier commits may have kept merging switched off."""
        try:
            with self._write() as session:
                session.execute(text(fts.AUTOMERGE_STATEMENT), {"level": fts.AUTOMERGE_DEFAULT})
        except (SQLAlchemyError, ArchiveError):
            log.warning("could not restore the full-text index merge setting", exc_info=True)

    # -- search and read -------------------------------------------------------------------
    def search(
        self,
        query: str = "",
        *,
        sort: str | search_sql.SortSpec = "-date",
        offset: int = 0,
        limit: int | None = None,
    ) -> SearchResult:
        """Total and a page of ids for a query (raises ``QuerySyntaxError`` when malformed).

        ``sort`` is a field name (``"-date"``: descending), ``"relevance"``, or ``"auto"``.
        """
        if reads.is_blank(query):  # every article: no query to compile (as ArchiveReader)
            with self._read() as session:
                return reads.search_all(
                    _dbapi(session), reads.resolve_sort(query, sort), offset, limit
                )
        compiled = compile_query(query)
        if sort == "auto":  # relevance when the query has words, else newest first
            sort = "relevance" if compiled.rank_match else "-date"
        spec = sort if isinstance(sort, search_sql.SortSpec) else search_sql.SortSpec.parse(sort)
        with self._read() as session:
            if limit is None and not offset and spec.field != "relevance":
                found = search_sql.ids(session, compiled, spec)
                total = len(found)
            else:
                total = search_sql.count(session, compiled)
                found = search_sql.ids(session, compiled, spec, offset, limit, total)
        return SearchResult(total=total, ids=tuple(found))

    def search_ids(
        self,
        query: str = "",
        *,
        sort: str | search_sql.SortSpec = "-date",
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[int, ...]:
        """One page of ids for a query, without counting the matches (``count`` does): what a
        window paging through a result asks for. ``sort`` as for ``search``; relevance, for a
        query without words, is newest first."""
        compiled = compile_query(query)
        if sort == "auto":
            sort = "relevance" if compiled.rank_match else "-date"
        spec = sort if isinstance(sort, search_sql.SortSpec) else search_sql.SortSpec.parse(sort)
        if spec.field == "relevance" and not compiled.rank_match:  # no words: newest first
            spec = search_sql.SortSpec("date", True)
        with self._read() as session:
            return tuple(search_sql.ids(session, compiled, spec, offset, limit))

    def count(self, query: str = "") -> int:
        with self._read() as session:
            return search_sql.count(session, compile_query(query))

    def snippets(self, query: str, article_ids: Sequence[int]) -> dict[int, str]:
        compiled: CompiledQuery = compile_query(query)
        with self._read() as session:
            return search_sql.snippets(session, compiled, article_ids)

    def summaries(self, article_ids: Sequence[int]) -> list[ArticleSummary]:
        """Table rows for these ids, in the order given (missing ids are left out): only the
        columns a row shows, never the bodies (``service.reads``)."""
        if not article_ids:
            return []
        with self._read() as session:
            return reads.summaries(_dbapi(session), article_ids)

    def citations(self, article_ids: Sequence[int]) -> list[CitationInfo]:
        """What citing these articles takes (title, date, byline, authors, source, URL), in the
        order given; missing ids are left out."""
        if not article_ids:
            return []
        with self._read() as session:
            return reads.citations(_dbapi(session), article_ids)

    def article(self, article_id: int) -> ArticleDetail:
        with self._read() as session:
            found = reads.details(_dbapi(session), [article_id])
        if article_id not in found:
            raise KeyError(f"no article #{article_id}")
        return found[article_id]

    def articles(self, article_ids: Sequence[int]) -> Iterator[ArticleDetail]:
        """Details for many ids, fetched in chunks so large lists never sit in memory at once."""
        for start in range(0, len(article_ids), 200):
            chunk = list(article_ids[start : start + 200])
            with self._read() as session:
                by_id = reads.details(_dbapi(session), chunk)
            for i in chunk:
                if i in by_id:
                    yield by_id[i]

    # -- photos ----------------------------------------------------------------------------
    def photo_data(self, sha256: str) -> bytes | None:
        """The original bytes of a stored photo."""
        with self._read() as session:
            return photo_store.photo_data(session, sha256)

    def photos(
        self,
        query: str | None = None,
        *,
        ids: Sequence[int] | None = None,
        limit: int | None = None,
        after_id: int | None = None,
    ) -> list[PhotoInfo]:
        """Photo records, oldest first: all, those of the articles ``query`` finds, or ``ids``;
        ``after_id`` pages through them (the next ``limit`` photos with ids above it).

        A query that is only ``virin:PREFIX`` also finds standalone photos by VIRIN."""
        with self._read() as session:
            virin_only = _virin_only(query) if query else None
            matches = (
                search_sql.id_select(compile_query(query)) if query and virin_only is None else None
            )
            return photo_store.photo_infos(
                session,
                ids=ids,
                of_articles=matches,
                virin_prefix=virin_only,
                limit=limit,
                after_id=after_id,
            )

    def attach_photo(self, image_id: int, photo_id: int | None) -> int | None:
        """Show ``photo_id`` for an article image (``None``: no photo); returns the photo id it
        had before, so the change can be undone with a second call."""
        with self._write() as session:
            return photo_store.attach_photo(session, image_id, photo_id)

    def missing_ids(self, article_ids: Sequence[int]) -> list[int]:
        """Those of ``article_ids`` that name no article, in the order given."""
        found: set[int] = set()
        wanted = sorted(set(article_ids))
        with self._read() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.update(session.scalars(select(Article.id).where(Article.id.in_(chunk))))
        return [i for i in dict.fromkeys(article_ids) if i not in found]

    def original(self, article_id: int) -> tuple[str, bytes] | None:
        """The stored original file of an article (name, bytes), if kept."""
        with self._read() as session:
            row = session.execute(
                select(SourceFileRow.name, SourceFileRow.data)
                .join(Article, Article.source_file_id == SourceFileRow.id)
                .where(Article.id == article_id)
            ).first()
            return (row[0], row[1]) if row else None

    # -- tags ------------------------------------------------------------------------------
    def add_tags(self, article_ids: Sequence[int], names: Sequence[str]) -> int:
        """Tag articles (creating tags as needed); returns how many links were added."""
        names = _clean_tag_names(names)
        added = 0
        with self._write() as session:
            existing_ids = set(
                session.scalars(select(Article.id).where(Article.id.in_(article_ids)))
            )
            for name in names:
                tag_id = self._tag_id(session, name, create=True)
                assert tag_id is not None
                have = set(
                    session.scalars(
                        select(ArticleTag.article_id).where(
                            ArticleTag.tag_id == tag_id, ArticleTag.article_id.in_(existing_ids)
                        )
                    )
                )
                added += len(link_tag(session.connection(), tag_id, existing_ids - have))
        return added

    def remove_tags(self, article_ids: Sequence[int], names: Sequence[str]) -> int:
        removed = 0
        with self._write() as session:
            for name in _clean_tag_names(names):
                tag_id = self._tag_id(session, name, create=False)
                if tag_id is None:
                    continue
                result = session.execute(
                    delete(ArticleTag).where(
                        ArticleTag.tag_id == tag_id, ArticleTag.article_id.in_(list(article_ids))
                    )
                )
                removed += result.rowcount  # type: ignore[attr-defined]
        return removed

    @staticmethod
    def _tag_id(session: Session, name: str, *, create: bool) -> int | None:
        if create:
            return ensure_tag(session.connection(), name)[0]
        return session.scalar(select(Tag.id).where(Tag.name == name))

    def tags(self) -> list[TagInfo]:
        with self._read() as session:
            return reads.tags(_dbapi(session))

    def set_tag_color(self, name: str, color: str | None) -> None:
        with self._write() as session:
            tag_id = self._tag_id(session, name, create=False)
            if tag_id is None:
                raise KeyError(f"no tag '{name}'")
            session.execute(update(Tag).where(Tag.id == tag_id).values(color=color))

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag; renaming onto an existing tag merges the two."""
        new = _clean_tag_names([new])[0]
        with self._write() as session:
            old_id = self._tag_id(session, old, create=False)
            if old_id is None:
                raise KeyError(f"no tag '{old}'")
            target = self._tag_id(session, new, create=False)
            if target is None or target == old_id:
                session.execute(update(Tag).where(Tag.id == old_id).values(name=new))
                return
            session.execute(
                insert_ignoring(self.dialect, ArticleTag).from_select(
                    ["article_id", "tag_id"],
                    select(ArticleTag.article_id, literal(target)).where(
                        ArticleTag.tag_id == old_id
                    ),
                )
            )
            session.execute(delete(Tag).where(Tag.id == old_id))

    def delete_tag(self, name: str) -> None:
        with self._write() as session:
            session.execute(delete(Tag).where(Tag.name == name))

    # -- facets for the sidebar ------------------------------------------------------------
    def facet(self, kind: str, limit: int = 500, query: str = "") -> list[FacetCount]:
        """Counts per value for ``source``, ``author``, ``month`` (YYYY-MM), ``service`` or
        ``tag``, over the whole archive or over the articles ``query`` finds."""
        matches = search_sql.id_select(compile_query(query)) if query.strip() else None
        with self._read() as session:
            if kind == "source":
                stmt = (
                    select(Article.source, func.count())
                    .where(Article.source.is_not(None))
                    .group_by(Article.source)
                    .order_by(func.count().desc(), Article.source)
                )
            elif kind == "author":
                stmt = (
                    select(Person.name, func.count())
                    .join(ArticleAuthor, ArticleAuthor.person_id == Person.id)
                    .group_by(Person.id)
                    .order_by(func.count().desc(), Person.name)
                )
            elif kind == "month":
                month = year_month(Article.published)
                stmt = (
                    select(month, func.count())
                    .where(Article.published.is_not(None))
                    .group_by(month)
                    .order_by(month.desc())
                )
            elif kind == "service":
                stmt = (
                    select(Image.virin_service, func.count(func.distinct(Image.article_id)))
                    .where(Image.virin_service.is_not(None))
                    .group_by(Image.virin_service)
                    .order_by(
                        func.count(func.distinct(Image.article_id)).desc(), Image.virin_service
                    )
                )
            elif kind == "tag":
                stmt = (
                    select(Tag.name, func.count())
                    .join(ArticleTag, ArticleTag.tag_id == Tag.id)
                    .group_by(Tag.id)
                    .order_by(func.count().desc(), Tag.name)
                )
            else:
                raise ValueError(f"unknown facet '{kind}'")
            if matches is not None:
                article_id = {
                    "source": Article.id,
                    "month": Article.id,
                    "author": ArticleAuthor.article_id,
                    "service": Image.article_id,
                    "tag": ArticleTag.article_id,
                }[kind]
                stmt = stmt.where(article_id.in_(matches))
            rows = session.execute(stmt.limit(limit)).all()
        return [FacetCount(str(r[0]), int(r[1])) for r in rows]

    # -- maintenance -----------------------------------------------------------------------
    def stats(self) -> ArchiveStats:
        with self._read() as session:
            stats = reads.stats(_dbapi(session), self.path)
            if self.is_team:
                size = session.scalar(text("SELECT pg_database_size(current_database())"))
                stats = dataclasses.replace(stats, file_bytes=int(size or 0))
            return stats

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

    def backup(self, dest: Path) -> None:
        if self.path is None:  # a team archive: a consistent snapshot into a new file
            from dossierdesk.service.copying import copy_archive

            copy_archive(self, Path(dest).expanduser())
            return
        dest = Path(dest).expanduser()
        if dest.resolve() == self.path:
            raise ArchiveError("the backup must not overwrite the archive itself")
        backup_file(self.path, dest)

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

    def delete_articles(self, article_ids: Sequence[int]) -> int:
        with self._write() as session:
            result = session.execute(delete(Article).where(Article.id.in_(list(article_ids))))
            session.execute(
                text(
                    "DELETE FROM source_files WHERE id NOT IN "
                    "(SELECT source_file_id FROM articles WHERE source_file_id IS NOT NULL)"
                )
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    # -- dossiers --
    # Thin wrappers: one transaction each; the work is in ``service.dossiers``.
    def create_dossier(
        self,
        title: str,
        *,
        subtitle: str | None = None,
        compiled_by: str | None = None,
        description: str | None = None,
        article_ids: Sequence[int] = (),
        query: str | None = None,
    ) -> int:
        """A new dossier with these articles, then the query's matches oldest first."""
        with self._write() as session:
            return dossiers.create(
                session,
                title,
                subtitle=subtitle,
                compiled_by=compiled_by,
                description=description,
                article_ids=article_ids,
                query=query,
            )

    def dossiers(self) -> list[DossierInfo]:
        """Every dossier, by title."""
        with self._read() as session:
            return dossiers.list_dossiers(session)

    def dossier(self, ref: int | str) -> DossierDetail:
        """A dossier by id or by exact title (case-insensitive); KeyError if none or ambiguous."""
        with self._read() as session:
            return dossiers.detail(session, dossiers.resolve(session, ref))

    def update_dossier(
        self,
        dossier_id: int,
        *,
        title: str | Unset = UNSET,
        subtitle: str | Unset | None = UNSET,
        compiled_by: str | Unset | None = UNSET,
        description: str | Unset | None = UNSET,
    ) -> None:
        """Change the fields given (``None`` clears an optional field)."""
        with self._write() as session:
            dossiers.update_fields(
                session,
                dossier_id,
                title=title,
                subtitle=subtitle,
                compiled_by=compiled_by,
                description=description,
            )

    def add_to_dossier(
        self,
        dossier_id: int,
        article_ids: Sequence[int],
        *,
        position: int | None = None,
        note: str | None = None,
    ) -> int:
        """Insert articles at ``position`` (else append); returns how many were not there yet."""
        with self._write() as session:
            return dossiers.add(session, dossier_id, article_ids, position=position, note=note)

    def remove_from_dossier(self, dossier_id: int, article_ids: Sequence[int]) -> int:
        with self._write() as session:
            return dossiers.remove(session, dossier_id, article_ids)

    def move_in_dossier(
        self, dossier_id: int, article_ids: Sequence[int], to_position: int
    ) -> None:
        """Move entries together so the first lands at ``to_position`` (0-based, clamped)."""
        with self._write() as session:
            dossiers.move(session, dossier_id, article_ids, to_position)

    def set_dossier_order(self, dossier_id: int, article_ids_in_order: Sequence[int]) -> None:
        with self._write() as session:
            dossiers.set_order(session, dossier_id, article_ids_in_order)

    def set_dossier_note(self, dossier_id: int, article_id: int, note: str | None) -> None:
        with self._write() as session:
            dossiers.set_note(session, dossier_id, article_id, note)

    def duplicate_dossier(self, dossier_id: int, new_title: str | None = None) -> int:
        with self._write() as session:
            return dossiers.duplicate(session, dossier_id, new_title)

    def rename_dossier(self, dossier_id: int, title: str) -> None:
        self.update_dossier(dossier_id, title=title)

    def delete_dossier(self, dossier_id: int) -> None:
        with self._write() as session:
            dossiers.delete_dossier(session, dossier_id)

    def restore_dossier(self, detail: DossierDetail) -> int:
        """Re-create a deleted dossier (undo): its id if still free, its entries and notes."""
        with self._write() as session:
            return dossiers.restore(session, detail)

    # -- saved searches (GUI) --------------------------------------------------------------
    def saved_searches(self) -> list[SavedSearchInfo]:
        with self._read() as session:
            return saved_search_store.list_saved(session)

    def save_search(self, name: str, query: str) -> SavedSearchInfo:
        """Store (or replace) a named search; raises ValueError / QuerySyntaxError."""
        with self._write() as session:
            return saved_search_store.save(session, name, query, _now())

    def rename_saved_search(self, old: str, new: str) -> SavedSearchInfo:
        """Rename a saved search; raises KeyError (no such search) or ValueError (bad or
        taken name)."""
        with self._write() as session:
            return saved_search_store.rename(session, old, new)

    def delete_saved_search(self, name: str) -> bool:
        with self._write() as session:
            return saved_search_store.remove(session, name)

    def month_counts(self, query: str = "") -> list[tuple[str, int]]:
        """(``YYYY-MM``, articles) for the results of ``query``, oldest month first."""
        with self._read() as session:
            return saved_search_store.month_counts(session, query)

    # -- editing (GUI) ---------------------------------------------------------------------
    # Thin wrappers: one transaction each around the functions of ``service.editing``.
    def update_article(self, article_id: int, edit: editing.ArticleEdit) -> None:
        """Store edited metadata (raises ``KeyError`` or ``editing.EditError``)."""
        from dossierdesk.service import editing

        with self._write() as session:
            editing.update_article(session, article_id, edit)
            self._index(session, [article_id])

    def snapshot_articles(self, article_ids: Sequence[int]) -> editing.ArticleSnapshot:
        from dossierdesk.service import editing

        with self._read() as session:
            return editing.snapshot_articles(session, article_ids)

    def take_articles(self, article_ids: Sequence[int]) -> editing.ArticleSnapshot:
        """Snapshot and delete articles in one transaction; ``restore_articles`` undoes it."""
        from dossierdesk.service import editing

        with self._write() as session:
            snap = editing.snapshot_articles(session, article_ids)
            editing.delete_articles(session, snap.article_ids)
            return snap

    def restore_articles(self, snapshot: editing.ArticleSnapshot) -> None:
        """Put deleted articles back with the same ids, all of them or none."""
        from dossierdesk.service import editing

        with self._write() as session:
            editing.restore_articles(session, snapshot)
            self._index(session, snapshot.article_ids)

    def add_tag_links(
        self, article_ids: Sequence[int], names: Sequence[str]
    ) -> editing.TagLinkChange:
        """Like ``add_tags``, reporting exactly the links and tags that were new."""
        from dossierdesk.service import editing

        names = _clean_tag_names(names)
        with self._write() as session:
            return editing.add_tag_links(session, article_ids, names)

    def remove_tag_links(
        self, article_ids: Sequence[int], names: Sequence[str]
    ) -> editing.TagLinkChange:
        from dossierdesk.service import editing

        names = _clean_tag_names(names)
        with self._write() as session:
            return editing.remove_tag_links(session, article_ids, names)

    def undo_tag_links(self, change: editing.TagLinkChange, *, added: bool) -> None:
        """Reverse an ``add_tag_links`` (``added=True``) or a ``remove_tag_links``."""
        from dossierdesk.service import editing

        with self._write() as session:
            if added:
                editing.undo_add_tag_links(session, change)
            else:
                editing.undo_remove_tag_links(session, change)

    def snapshot_tags(self, names: Sequence[str]) -> tuple[editing.TagSnapshot, ...]:
        from dossierdesk.service import editing

        with self._read() as session:
            return editing.snapshot_tags(session, names)

    def restore_tags(self, snapshots: Sequence[editing.TagSnapshot]) -> None:
        from dossierdesk.service import editing

        with self._write() as session:
            editing.restore_tags(session, snapshots)


def _store_photo(session: Session, photo: PreparedPhoto, now: dt.datetime) -> ImportOutcome:
    """Store one photo file (in a savepoint: a failure leaves nothing of it)."""
    title = photo.values.get("virin") or photo.values.get("title") or photo.name
    try:
        with session.begin_nested():
            photo_id, new = photo_store.store_photo(
                session, {**photo.values, "data": photo.data}, now
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


_VIRIN_ONLY = re.compile(r'^\s*virin:("?)([^\s"]+)\1\s*$', re.IGNORECASE)


def _dbapi(session: Session) -> reads.Connection:
    """The DB-API connection under ``session``, inside its transaction (``service.reads``
    runs its plain SQL there): ``sqlite3``'s, or psycopg's behind the adapter that rewrites
    that SQL's placeholders (``store.pg_reads``)."""
    conn = session.connection().connection.driver_connection
    if isinstance(conn, sqlite3.Connection):
        return conn
    from dossierdesk.store.pg_reads import PgReadConnection

    return PgReadConnection(conn)


def _virin_only(query: str) -> str | None:
    """The prefix of a query that is one ``virin:`` condition, else ``None``."""
    match = _VIRIN_ONLY.match(query)
    return match.group(2) if match else None


def _photo_refs(session: Session, rows: Sequence[Article]) -> dict[int, PhotoRef]:
    ids = [img.photo_id for row in rows for img in row.images if img.photo_id is not None]
    return photo_store.photo_refs(session, ids) if ids else {}


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


def _as_date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _authors(row: Article) -> tuple[str, ...]:
    return tuple(link.person.name for link in row.author_links)


def _summary(row: Article) -> ArticleSummary:
    return ArticleSummary(
        id=row.id,
        title=row.title,
        published=row.published,
        authors=_authors(row),
        source=row.source,
        tags=tuple(sorted((t.name for t in row.tags), key=str.casefold)),
        image_count=row.image_count,
        virins=tuple(i.virin for i in row.images if i.virin),
        imported_at=row.imported_at,
    )


def _image(img: Image, refs: dict[int, PhotoRef] | None = None) -> ImageInfo:
    return ImageInfo(
        id=img.id,
        position=img.position,
        paragraph_index=img.paragraph_index,
        caption=img.caption,
        credit=img.credit,
        virin=img.virin,
        virin_valid=img.virin_valid,
        virin_problem=img.virin_problem,
        virin_date=img.virin_date,
        virin_service=img.virin_service,
        virin_service_name=SERVICE_NAMES.get(img.virin_service or "", None)
        if img.virin_service
        else None,
        virin_originator=img.virin_originator,
        download_size=img.download_size,
        url=img.url,
        photo=(refs or {}).get(img.photo_id) if img.photo_id is not None else None,
    )


def _detail(row: Article, refs: dict[int, PhotoRef] | None = None) -> ArticleDetail:
    return ArticleDetail(
        id=row.id,
        title=row.title,
        published=row.published,
        byline=row.byline,
        authors=_authors(row),
        source=row.source,
        dateline=row.dateline,
        url=row.url,
        paragraphs=tuple(p for p in row.text.body.split("\n\n") if p) if row.text else (),
        word_count=row.word_count,
        tags=tuple(sorted((t.name for t in row.tags), key=str.casefold)),
        source_name=row.source_name,
        format=row.format,
        imported_at=row.imported_at,
        images=tuple(_image(i, refs) for i in row.images),
    )

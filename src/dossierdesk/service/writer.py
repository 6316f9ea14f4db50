"""Writing parsed articles into the archive: duplicate detection and batched Core inserts.

Imports run for every article of large batches, so files are written in chunks with
SQLAlchemy Core ``insert()`` executemany statements (bound parameters, no ORM unit of work).
A chunk is written inside one SAVEPOINT; if anything in it fails, the chunk is rolled back and
its files are written one at a time, each in its own SAVEPOINT, so that only the faulty file
fails and nothing of it remains. The rows come prepared (``rows.prepare``, in the parser
processes for large batches): the writer adds ids and looks for duplicates. The full-text
index is filled at each commit (see ``store.fts``). A saved page's photos are stored and given
to its articles' images after them (``page_photo_links``); authors become person rows through
``persons.PersonCache``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import (
    Connection,
    delete,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute, Session

from dossierdesk.service.bulk_sql import (
    VALUES as _VALUES,
)
from dossierdesk.service.bulk_sql import (
    allocate_ids,
    insert_tuples,
    lookup,
    next_id,
)
from dossierdesk.service.dto import ImportOutcome, ImportStatus
from dossierdesk.service.page_photo_links import keep_photo_links, store_page_photos
from dossierdesk.service.persons import PersonCache
from dossierdesk.service.rows import (
    ARTICLE_COLUMNS,
    IMAGE_COLUMNS,
    TEXT_COLUMNS,
    PagePhoto,
    Prepared,
    stored_date,
)
from dossierdesk.store.errors import database_error
from dossierdesk.store.models import (
    Article,
    ArticleAuthor,
    ArticleText,
    Image,
    SourceFile,
)
from dossierdesk.store.text_index import DocumentWords, document_words

log = logging.getLogger(__name__)

# Lookups built once (an "expanding" parameter is one bound value per list item when run):
# constructing and caching a fresh IN (...) statement per chunk costs more than running it.
_BY_HASH = select(Article.content_hash, Article.id).where(Article.content_hash.in_(_VALUES))
_BY_URL = select(Article.url, Article.id).where(Article.url.in_(_VALUES))
_BY_TITLE = select(Article.title, Article.published, Article.id).where(Article.title.in_(_VALUES))
_FILE_BY_HASH = select(SourceFile.sha256, SourceFile.id).where(SourceFile.sha256.in_(_VALUES))


@dataclass(slots=True)
class PendingFile:
    """A parsed file waiting to be written: its name, bytes, their SHA-256 and its articles'
    rows (``rows.prepare``)."""

    name: str
    data: bytes
    sha256: str
    articles: Sequence[Prepared]
    photos: Sequence[PagePhoto] = ()  # a saved page's photos (``page_photos``)
    notes: Sequence[str] = ()


@dataclass(slots=True)
class _Planned:
    file_index: int
    article_index: int
    article: Prepared


@dataclass(slots=True)
class _Seen:
    """What the chunk already holds, to catch duplicates between files of one chunk."""

    hashes: dict[str, int] = field(default_factory=dict)
    urls: dict[str, int] = field(default_factory=dict)
    title_dates: dict[tuple[str, str], int] = field(default_factory=dict)  # date as stored


class BatchWriter:
    """Writes chunks of parsed files inside the caller's transaction."""

    def __init__(self, session: Session, *, allow_probable_duplicates: bool = False) -> None:
        self.session = session
        self.allow_probable = allow_probable_duplicates
        self.persons = PersonCache()
        self._next_ids: dict[str, int] = {}  # next free key by table, within this transaction
        #: the articles this transaction wrote, and (a team archive, which indexes them before
        #: the commit from these) their document words (made by the parser processes, or here)
        self.written_ids: list[int] = []
        self.written_texts: list[tuple[int, DocumentWords]] = []
        self._chunk_ids: list[int] = []  # of the chunk being written (kept if it is)
        self._chunk_texts: list[tuple[int, DocumentWords]] = []

    def new_transaction(self, conn: Connection) -> int:
        """Forget the next free keys (another connection may write between transactions);
        return the id the transaction's first new article will get (a file archive; a team
        archive's ids come from its sequences and ``written_ids`` lists them)."""
        self._next_ids.clear()
        self.written_ids = []
        self.written_texts = []
        if conn.dialect.name == "postgresql":
            return 0
        first = next_id(conn, Article.id)
        self._next_ids[Article.__tablename__] = first
        return first

    def _take_ids(
        self, conn: Connection, column: InstrumentedAttribute[int], count: int
    ) -> list[int]:
        """``count`` fresh keys of ``column``'s table. In a file archive (see ``next_id``) the
        first is asked of the database once per transaction, then counted here; a team
        archive takes them from the table's sequence (``allocate_ids``)."""
        if conn.dialect.name == "postgresql":
            return allocate_ids(conn, column, count)
        table = column.class_.__tablename__
        first = self._next_ids.get(table)
        if first is None:
            first = next_id(conn, column)
        self._next_ids[table] = first + count
        return list(range(first, first + count))

    def write(self, files: Sequence[PendingFile], now: dt.datetime) -> list[list[ImportOutcome]]:
        """Outcomes per file, in order. Each file is stored completely or not at all."""
        try:
            with self.session.begin_nested():
                written = self._write_chunk(files, now)
            self._keep_chunk()
            return written
        except SQLAlchemyError as exc:
            self._drop_chunk()
            self.persons.forget()
            self._next_ids.clear()  # a rolled-back chunk may have taken keys it did not keep
            if len(files) == 1 or database_error(exc) is not None:
                raise  # one file's failure, or the archive's (disk full, read-only, …)
        results: list[list[ImportOutcome]] = []
        for pending in files:
            try:
                with self.session.begin_nested():
                    results.extend(self._write_chunk([pending], now))
                self._keep_chunk()
            except SQLAlchemyError as exc:
                self._drop_chunk()
                self.persons.forget()
                if database_error(exc) is not None:
                    raise  # the archive cannot be written at all: the import stops
                log.exception("storing %s failed", pending.name)
                reason = getattr(exc, "orig", None) or exc
                message = f"could not be stored: {reason}"
                results.append([ImportOutcome(pending.name, ImportStatus.FAILED, message=message)])
        return results

    def _keep_chunk(self) -> None:
        self.written_ids.extend(self._chunk_ids)
        self.written_texts.extend(self._chunk_texts)
        self._drop_chunk()

    def _drop_chunk(self) -> None:
        self._chunk_ids.clear()
        self._chunk_texts.clear()

    def _write_chunk(
        self, files: Sequence[PendingFile], now: dt.datetime
    ) -> list[list[ImportOutcome]]:
        conn = self.session.connection()
        outcomes: list[list[ImportOutcome]] = [[] for _ in files]
        planned: list[_Planned | ImportOutcome] = []
        candidates = [
            _Planned(fi, ai, art)
            for fi, pending in enumerate(files)
            for ai, art in enumerate(pending.articles)
        ]
        existing = self._existing(conn, candidates)
        for cand in candidates:
            dup = self._duplicate_of(cand, existing)
            if dup is None:
                planned.append(cand)
                _remember(existing, cand, -1)
            else:
                name = files[cand.file_index].name
                planned.append(
                    ImportOutcome(name, ImportStatus.DUPLICATE, dup[0], dup[1], cand.article.title)
                )
        to_insert = [p for p in planned if isinstance(p, _Planned)]
        file_ids = self._source_files(conn, files, {p.file_index for p in to_insert}, now)
        article_ids = self._insert_articles(conn, files, to_insert, file_ids, now)
        # Outcomes in the original order of the articles.
        inserted = _Seen()  # what this chunk wrote, with its ids
        for cand, article_id in zip(to_insert, article_ids, strict=True):
            _remember(inserted, cand, article_id)
        # Each article's id in the archive: its own, or for a duplicate the one it duplicates
        # (an earlier file of this chunk included), so that a saved page's photos reach it.
        targets: list[list[int | None]] = [[] for _ in files]
        it = iter(article_ids)
        for cand_or_outcome, cand in zip(planned, candidates, strict=True):
            name = files[cand.file_index].name
            if isinstance(cand_or_outcome, ImportOutcome):
                outcomes[cand.file_index].append(cand_or_outcome)
                target = cand_or_outcome.id
                if target is None:
                    earlier = self._duplicate_of(cand, inserted)
                    target = earlier[0] if earlier is not None else None
                targets[cand.file_index].append(target)
            else:
                article_id = next(it)
                outcomes[cand.file_index].append(
                    ImportOutcome(name, ImportStatus.IMPORTED, article_id, "", cand.article.title)
                )
                targets[cand.file_index].append(article_id)
        for fi, pending in enumerate(files):
            if pending.photos or pending.notes:
                store_page_photos(
                    conn, pending.photos, pending.notes, outcomes[fi], targets[fi], now
                )
        return outcomes

    # -- duplicates ------------------------------------------------------------------------
    def _existing(self, conn: Connection, cands: Sequence[_Planned]) -> _Seen:
        seen = _Seen()
        hashes = [c.article.chash for c in cands]
        urls = [c.article.url for c in cands if c.article.url]
        pairs = [(c.article.title, c.article.published) for c in cands if c.article.published]
        seen.hashes.update({h: i for h, i in lookup(conn, _BY_HASH, hashes)})
        for url, aid in lookup(conn, _BY_URL, urls):
            if url is not None:
                seen.urls.setdefault(url, aid)
        # By title alone, then the dates here: SQLite scans the whole index for a row-value
        # ``(title, published) IN (...)`` list, but seeks it for a plain ``title IN (...)``.
        wanted = set(pairs)
        for title, published, aid in lookup(conn, _BY_TITLE, list({t for t, _ in pairs})):
            key = (title, stored_date(published))
            if key in wanted:  # the oldest article of that title and date
                seen.title_dates[key] = min(aid, seen.title_dates.get(key, aid))
        return seen

    def _duplicate_of(self, cand: _Planned, seen: _Seen) -> tuple[int | None, str] | None:
        found = seen.hashes.get(cand.article.chash)
        if found is not None:
            return _dup_message(found, exact=True)
        if self.allow_probable:
            return None
        art = cand.article
        found = seen.urls.get(art.url) if art.url else None
        if found is None and art.published is not None:
            found = seen.title_dates.get((art.title, art.published))
        if found is not None:
            return _dup_message(found, exact=False)
        return None

    # -- inserts ---------------------------------------------------------------------------
    def _source_files(
        self,
        conn: Connection,
        files: Sequence[PendingFile],
        needed: set[int],
        now: dt.datetime,
    ) -> dict[int, int]:
        digests = {fi: files[fi].sha256 for fi in sorted(needed)}
        known = dict(lookup(conn, _FILE_BY_HASH, list(set(digests.values()))))
        rows: list[tuple[object, ...]] = []
        order: dict[str, int] = {}
        for fi, digest in digests.items():
            if digest in known or digest in order:
                continue
            pending = files[fi]
            fmt = pending.articles[0].format if pending.articles else "unknown"
            order[digest] = len(rows)
            rows.append((pending.name, fmt, digest, len(pending.data), pending.data, now))
        if rows:
            ids = self._take_ids(conn, SourceFile.id, len(rows))
            insert_tuples(
                conn,
                SourceFile,
                ("id", "name", "format", "sha256", "size", "data", "imported_at"),
                [(ids[i], *row) for i, row in enumerate(rows)],
            )
            known.update((digest, ids[i]) for digest, i in order.items())
        return {fi: known[d] for fi, d in digests.items()}

    def _insert_articles(
        self,
        conn: Connection,
        files: Sequence[PendingFile],
        planned: Sequence[_Planned],
        file_ids: dict[int, int],
        now: dt.datetime,
    ) -> list[int]:
        if not planned:
            return []
        ids = self._take_ids(conn, Article.id, len(planned))
        insert_tuples(
            conn,
            Article,
            _ARTICLE_KEYS,
            [
                (
                    aid,
                    *p.article.article,
                    now,
                    files[p.file_index].name,
                    file_ids.get(p.file_index),
                    p.article_index,
                )
                for aid, p in zip(ids, planned, strict=True)
            ],
        )
        insert_tuples(
            conn,
            ArticleText,
            _TEXT_KEYS,
            [(aid, *p.article.text) for aid, p in zip(ids, planned, strict=True)],
        )
        self._insert_children(conn, [(aid, p.article) for aid, p in zip(ids, planned, strict=True)])
        self._chunk_ids.extend(ids)
        if conn.dialect.name == "postgresql":
            self._chunk_texts.extend(
                (aid, p.article.words or document_words(p.article.title, *p.article.text))
                for aid, p in zip(ids, planned, strict=True)
            )
        return list(ids)

    def _insert_children(self, conn: Connection, items: Sequence[tuple[int, Prepared]]) -> None:
        persons = self.persons.resolve(conn, (n for _, art in items for n in art.authors))
        author_rows: list[tuple[int, int, int]] = []
        image_rows: list[tuple[object, ...]] = []
        for article_id, art in items:
            seen: set[int] = set()
            for position, name in enumerate(art.authors):
                pid = persons[name.casefold()]
                if pid not in seen:
                    seen.add(pid)
                    author_rows.append((article_id, pid, position))
            image_rows.extend((article_id, *row) for row in art.images)
        if author_rows:
            insert_tuples(conn, ArticleAuthor, ("article_id", "person_id", "position"), author_rows)
        if image_rows:
            insert_tuples(conn, Image, _IMAGE_KEYS, image_rows)

    def replace(self, article_id: int, article: Prepared) -> None:
        """Overwrite an article's extracted fields (reparse), keeping id, tags and provenance."""
        conn = self.session.connection()
        values = article.native_article()
        conn.execute(update(Article).where(Article.id == article_id).values(values))
        conn.execute(
            update(ArticleText)
            .where(ArticleText.article_id == article_id)
            .values(dict(zip(TEXT_COLUMNS, article.text, strict=True)))
        )
        conn.execute(delete(ArticleAuthor).where(ArticleAuthor.article_id == article_id))
        linked = conn.execute(
            select(Image.position, Image.url, Image.photo_id).where(
                Image.article_id == article_id, Image.photo_id.is_not(None)
            )
        ).all()
        conn.execute(delete(Image).where(Image.article_id == article_id))
        self._insert_children(conn, [(article_id, article)])
        if linked:
            keep_photo_links(conn, article_id, article, linked)


_ARTICLE_KEYS = (
    "id",
    *ARTICLE_COLUMNS,
    "imported_at",
    "source_name",
    "source_file_id",
    "source_index",
)
_TEXT_KEYS = ("article_id", *TEXT_COLUMNS)
_IMAGE_KEYS = ("article_id", *IMAGE_COLUMNS)


def _dup_message(article_id: int, *, exact: bool) -> tuple[int | None, str]:
    if article_id < 0:
        # An earlier file of the same batch; its id is not known until the chunk is written.
        what = "an earlier file of this import"
        if exact:
            return None, f"same text as {what}"
        return None, f"probable duplicate of {what} (same URL or same title and date)"
    if exact:
        return article_id, f"already in archive as #{article_id}"
    return article_id, f"probable duplicate of #{article_id} (same URL or same title and date)"


def _remember(seen: _Seen, cand: _Planned, article_id: int) -> None:
    art = cand.article
    seen.hashes.setdefault(art.chash, article_id)
    url, published = art.url, art.published
    if url:
        seen.urls.setdefault(url, article_id)
    if published is not None:
        seen.title_dates.setdefault((art.title, published), article_id)

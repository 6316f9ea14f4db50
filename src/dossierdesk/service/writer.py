"""Writing parsed articles into the archive: duplicate detection and batched Core inserts.

Imports run for every article of large batches, so files are written in chunks with
SQLAlchemy Core ``insert()`` executemany statements (bound parameters, no ORM unit of work).
A chunk is written inside one SAVEPOINT; if anything in it fails, the chunk is rolled back and
its files are written one at a time, each in its own SAVEPOINT, so that only the faulty file
fails and nothing of it remains. The rows come prepared (``rows.prepare``, in the parser
processes for large batches): the writer adds ids and looks for duplicates. The full-text
index is filled at each commit (see ``store.fts``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Dialect,
    Select,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import BindParameter

from dossierdesk.service.dto import ImportOutcome, ImportStatus
from dossierdesk.service.photos import store_photo
from dossierdesk.service.rows import (
    ARTICLE_COLUMNS,
    IMAGE_COLUMNS,
    STORED_COLUMNS,
    TEXT_COLUMNS,
    PagePhoto,
    Prepared,
    stored_date,
)
from dossierdesk.store.dialect_sql import insert_ignoring
from dossierdesk.store.errors import database_error
from dossierdesk.store.models import (
    Article,
    ArticleAuthor,
    ArticleText,
    Base,
    Image,
    Person,
    SourceFile,
)

log = logging.getLogger(__name__)

_IN_CHUNK = 400  # bound parameters per IN (...) list, well below SQLite's limit
_AnySelect = Select[*tuple[Any, ...]]
_Converters = list[tuple[int, Callable[[Any], Any]]]  # bind conversions by position

# Lookups built once (an "expanding" parameter is one bound value per list item when run):
# constructing and caching a fresh IN (...) statement per chunk costs more than running it.
_VALUES: BindParameter[Any] = bindparam("values", expanding=True)
_BY_HASH = select(Article.content_hash, Article.id).where(Article.content_hash.in_(_VALUES))
_BY_URL = select(Article.url, Article.id).where(Article.url.in_(_VALUES))
_BY_TITLE = select(Article.title, Article.published, Article.id).where(Article.title.in_(_VALUES))
_FILE_BY_HASH = select(SourceFile.sha256, SourceFile.id).where(SourceFile.sha256.in_(_VALUES))
_PERSON_BY_NAME = select(Person.id, Person.name).where(Person.name.in_(_VALUES))


def _lookup(conn: Connection, stmt: _AnySelect, values: list[Any]) -> Iterator[tuple[Any, ...]]:
    """Rows of one of the lookups above for ``values``, in slices of at most ``_IN_CHUNK``.

    Like ``conn.execute(stmt, {"values": part})``, but the SQL for each list length is compiled
    once and run through the driver: SQLAlchemy otherwise re-expands the IN list and names
    each of its parameters on every run, which cost more than the query. Still one bound
    parameter per value; the columns' own result conversions (dates) are applied.
    """
    for start in range(0, len(values), _IN_CHUNK):
        part = values[start : start + _IN_CHUNK]
        sql, processors = _expanded(stmt, len(part), conn.dialect)
        for row in conn.exec_driver_sql(sql, tuple(part)):
            if processors:
                yield tuple(v if f is None else f(v) for v, f in zip(row, processors, strict=True))
            else:
                yield tuple(row)


_EXPANDED: dict[tuple[int, int, int], tuple[str, list[Callable[[Any], Any] | None]]] = {}


def _expanded(
    stmt: _AnySelect, size: int, dialect: Dialect
) -> tuple[str, list[Callable[[Any], Any] | None]]:
    key = (id(stmt), size, id(dialect))
    found = _EXPANDED.get(key)
    if found is None:
        compiled = stmt.params(values=[None] * size).compile(
            dialect=dialect, compile_kwargs={"render_postcompile": True}
        )
        coltypes = [c.type for c in stmt.selected_columns]
        processors: list[Callable[[Any], Any] | None] = [
            t.dialect_impl(dialect).result_processor(dialect, None) for t in coltypes
        ]
        found = (str(compiled), processors if any(processors) else [])
        _EXPANDED[key] = found
    return found


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


class PersonCache:
    """Person ids by case-folded name, so a batch does one lookup per new name."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def resolve(self, conn: Connection, names: Iterable[str]) -> dict[str, int]:
        wanted = {n.casefold(): n for n in names}
        missing = [n for key, n in wanted.items() if key not in self._ids]
        for pid, name in _lookup(conn, _PERSON_BY_NAME, missing):
            self._ids[name.casefold()] = pid
        new = [n for key, n in wanted.items() if key not in self._ids]
        if new and conn.dialect.name == "postgresql":
            # Other clients may add the same person meanwhile: rows whose name is taken are
            # skipped, and the names are then looked up.
            ids = allocate_ids(conn, Person.id, len(new))
            rows = [{"id": i, "name": n} for i, n in zip(ids, new, strict=True)]
            conn.execute(insert_ignoring(conn.dialect.name, Person), rows)
            for pid, name in _lookup(conn, _PERSON_BY_NAME, new):
                self._ids[name.casefold()] = pid
        elif new:
            ids = allocate_ids(conn, Person.id, len(new))
            insert_tuples(conn, Person, ("id", "name"), list(zip(ids, new, strict=True)))
            for pid, name in zip(ids, new, strict=True):
                self._ids[name.casefold()] = pid
        return {key: self._ids[key] for key in wanted}

    def forget(self) -> None:
        """Drop cached ids (after a rollback they may no longer exist)."""
        self._ids.clear()


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
        #: the commit from these) their title, body, captions and credits
        self.written_ids: list[int] = []
        self.written_texts: list[tuple[int, str, str, str, str]] = []
        self._chunk_ids: list[int] = []  # of the chunk being written (kept if it is)
        self._chunk_texts: list[tuple[int, str, str, str, str]] = []

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
                _store_page_photos(conn, pending, outcomes[fi], targets[fi], now)
        return outcomes

    # -- duplicates ------------------------------------------------------------------------
    def _existing(self, conn: Connection, cands: Sequence[_Planned]) -> _Seen:
        seen = _Seen()
        hashes = [c.article.chash for c in cands]
        urls = [c.article.url for c in cands if c.article.url]
        pairs = [(c.article.title, c.article.published) for c in cands if c.article.published]
        seen.hashes.update({h: i for h, i in _lookup(conn, _BY_HASH, hashes)})
        for url, aid in _lookup(conn, _BY_URL, urls):
            if url is not None:
                seen.urls.setdefault(url, aid)
        # By title alone, then the dates here: SQLite scans the whole index for a row-value
        # ``(title, published) IN (...)`` list, but seeks it for a plain ``title IN (...)``.
        wanted = set(pairs)
        for title, published, aid in _lookup(conn, _BY_TITLE, list({t for t, _ in pairs})):
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
        known = dict(_lookup(conn, _FILE_BY_HASH, list(set(digests.values()))))
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
                (aid, p.article.title, *p.article.text) for aid, p in zip(ids, planned, strict=True)
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
            _keep_photo_links(conn, article_id, article, linked)


# Values passed on as they are: those in stored form already, and the original bytes (the
# sqlite3 module binds ``bytes`` as a BLOB; SQLAlchemy's processor only wraps them in a
# ``memoryview``, and the conversion cache hashed every file's bytes to look it up).
_AS_GIVEN = STORED_COLUMNS | {"data"}

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


def insert_tuples(
    conn: Connection, table: type[Base], keys: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> None:
    """``conn.execute(insert(table), rows)`` for many rows given as tuples of the values of
    ``keys`` (every column without a database-side default), faster.

    SQLAlchemy builds and type-converts a parameter dict per row (a third of the cost of
    writing an article). This compiles the INSERT once per table and key set, applies the
    columns' own bind processors (date and time columns) and hands the tuples to the DB-API
    ``executemany``: the same SQL, types and values, still bound parameters. Values of
    ``rows.STORED_COLUMNS`` must already be in stored form (``rows.stored_date``...), and
    ``data`` be ``bytes``: they are passed on as they are."""
    if not rows:
        return
    sql, order, converters = _tuple_plan(conn.dialect, table.__table__, keys)
    values: list[tuple[Any, ...]] = list(rows) if order is None else [order(row) for row in rows]
    if converters:
        values = _converted(values, converters)
    conn.exec_driver_sql(sql, values)


_TuplePlan = tuple[str, Callable[[tuple[Any, ...]], tuple[Any, ...]] | None, _Converters]
_TUPLE_PLANS: dict[tuple[int, str, tuple[str, ...]], _TuplePlan] = {}


def _tuple_plan(dialect: Dialect, table: Any, keys: tuple[str, ...]) -> _TuplePlan:
    """The INSERT of ``keys`` (compiled once): its SQL, how to order a row's values as its
    parameters, and the bind conversions by position (those of ``_AS_GIVEN`` left out)."""
    cache_key = (id(dialect), table.name, keys)
    plan = _TUPLE_PLANS.get(cache_key)
    if plan is None:
        defaulted = [
            col.key
            for col in table.columns
            if col.key not in keys and col.default is not None and col.default.is_scalar
        ]
        if defaulted:  # SQLAlchemy would fill them in; the callers here give every value
            raise ValueError(f"insert_tuples: {table.name} needs values for {sorted(defaulted)}")
        compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
        names = tuple(compiled.positiontup or ())
        # The column types' own conversions for this dialect (dates and times as text...).
        processors = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
        converters = [
            (i, proc)
            for i, (name, proc) in enumerate(zip(names, processors, strict=True))
            if proc is not None and name not in _AS_GIVEN
        ]
        if dialect.name == "postgresql":
            # Stored forms are SQLite's: a flag is 0/1, which PostgreSQL's boolean refuses.
            converters += [
                (i, _flag)
                for i, name in enumerate(names)
                if isinstance(table.c[name].type, Boolean) and name in _AS_GIVEN
            ]
        index = [keys.index(n) for n in names]
        order = None if index == list(range(len(keys))) else itemgetter(*index)
        plan = (str(compiled), order, converters)
        _TUPLE_PLANS[cache_key] = plan
    return plan


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _converted(values: list[tuple[Any, ...]], converters: _Converters) -> list[tuple[Any, ...]]:
    """The values with the columns' bind conversions applied; the same dates and times recur
    (one import time for a whole chunk): each is converted once."""
    caches: list[dict[Any, Any]] = [{} for _ in converters]
    out = []
    for row_values in values:
        converted = list(row_values)
        for (index, convert), cache in zip(converters, caches, strict=True):
            value = converted[index]
            try:
                converted[index] = cache[value]
            except KeyError:
                converted[index] = cache[value] = convert(value)
        out.append(tuple(converted))
    return out


def allocate_ids(conn: Connection, column: InstrumentedAttribute[int], count: int) -> list[int]:
    """``count`` fresh keys for ``column``'s table: counted from ``next_id`` in a file archive
    (its writer holds the write lock), taken from the table's sequence in a team archive, where
    other clients insert at the same time (ascending, not always consecutive)."""
    if conn.dialect.name != "postgresql":
        first = next_id(conn, column)
        return list(range(first, first + count))
    table = column.class_.__tablename__
    rows = conn.execute(
        text("SELECT nextval(pg_get_serial_sequence(:table, :column)) FROM generate_series(1, :n)"),
        {"table": table, "column": column.key, "n": count},
    )
    return sorted(int(r[0]) for r in rows)


def next_id(conn: Connection, column: InstrumentedAttribute[int]) -> int:
    """The next free integer key. Ids are assigned here rather than returned by the database
    so that a chunk is one executemany (SQLite's RETURNING has no order guarantee for those);
    this is safe because the caller holds the archive's write lock for the whole transaction."""
    return int(conn.execute(select(func.coalesce(func.max(column), 0))).scalar_one()) + 1


def _store_page_photos(
    conn: Connection,
    pending: PendingFile,
    outcomes: list[ImportOutcome],
    targets: Sequence[int | None],
    now: dt.datetime,
) -> None:
    """Store a saved page's photos (once per content hash) and give each its article image
    (new or already there: a duplicate's images get the photos they lack); the first
    article's outcome says how many came and what could not be read."""
    stored: dict[str, tuple[int, bool]] = {}
    for page_photo in pending.photos:
        values = page_photo.photo.values
        sha = str(values["sha256"])
        if sha not in stored:
            stored[sha] = store_photo(conn, {**values, "data": page_photo.photo.data}, now)
        index, position = page_photo.article_index, page_photo.position
        if index is None or position is None or index >= len(outcomes):
            continue
        article_id = targets[index] if index < len(targets) else None
        if article_id is None or outcomes[index].kind != "article":
            continue
        conn.execute(
            update(Image)
            .where(
                Image.article_id == article_id,
                Image.position == position,
                Image.photo_id.is_(None),
            )
            .values(photo_id=stored[sha][0])
        )
    if not outcomes:
        return
    first = outcomes[0]
    parts = [first.message] if first.message else []
    if first.status is ImportStatus.IMPORTED and stored:
        parts.append(f"with {_photos(len(stored))}")
    elif first.status is ImportStatus.DUPLICATE:
        new = sum(1 for _, is_new in stored.values() if is_new)
        if new:
            parts.append(f"{_photos(new)} added")
    notes = list(pending.notes)
    if notes:
        shown = "; ".join(notes[:3]) + (f"; and {len(notes) - 3} more" if len(notes) > 3 else "")
        parts.append(shown)
    outcomes[0] = replace(first, message="; ".join(parts))


def _photos(count: int) -> str:
    return f"{count} photo" if count == 1 else f"{count} photos"


def _keep_photo_links(
    conn: Connection, article_id: int, article: Prepared, linked: Sequence[Any]
) -> None:
    """After a re-extraction: the new images get the photos the old ones had, by image URL
    (by position for an image without one)."""
    by_url = {url: photo for _, url, photo in linked if url}
    by_position = {position: photo for position, url, photo in linked if not url}
    for row in article.images:
        position, url = row[0], row[6]
        photo = by_url.get(url) if url else by_position.get(position)
        if photo is not None:
            conn.execute(
                update(Image)
                .where(Image.article_id == article_id, Image.position == position)
                .values(photo_id=photo)
            )


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

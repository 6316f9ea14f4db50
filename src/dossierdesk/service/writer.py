"""Writing parsed articles into the archive: duplicate detection and batched Core inserts.

Imports run for every article of large batches, so files are written in chunks with
SQLAlchemy Core ``insert()`` executemany statements (bound parameters, no ORM unit of work).
A chunk is written inside one SAVEPOINT; if anything in it fails, the chunk is rolled back and
its files are written one at a time, each in its own SAVEPOINT, so that only the faulty file
fails and nothing of it remains. The FTS index is filled by triggers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    Connection,
    Dialect,
    Select,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import BindParameter

from dossierdesk.importers.types import ParsedArticle, ParsedImage
from dossierdesk.service.dto import ImportOutcome, ImportStatus
from dossierdesk.store.models import (
    Article,
    ArticleAuthor,
    ArticleText,
    Base,
    Image,
    Person,
    SourceFile,
)
from dossierdesk.virin import parse_virin

log = logging.getLogger(__name__)

_IN_CHUNK = 400  # bound parameters per IN (...) list, well below SQLite's limit
_AnySelect = Select[*tuple[Any, ...]]

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


def content_hash(article: ParsedArticle) -> str:
    """Hash of the normalised title and body: identical content, whatever the file it came in."""
    return _words_hash(article.title.split(), article.body.split())


def _words_hash(title_words: list[str], body_words: list[str]) -> str:
    # Same as hashing " ".join(f"{title}\n{body}".split()): whitespace only separates words.
    norm = " ".join([*title_words, *body_words]).casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class Prepared:
    """The rows derived from one parsed article (``prepare``), without its id."""

    chash: str
    values: dict[str, object]  # ``article_values``
    text: dict[str, object]  # ``text_values`` without ``article_id``
    images: list[dict[str, object]]  # ``image_rows_for`` without ``article_id``


def prepare(article: ParsedArticle) -> Prepared:
    """Derive an article's rows ahead of writing: parser processes do this, so that the one
    process that writes has less to do."""
    body = article.body  # joins the paragraphs: once here, not once per use
    words = body.split()
    chash = _words_hash(article.title.split(), words)
    text = text_values(0, article, body)
    del text["article_id"]
    images = image_rows_for(0, article.images, article.published)
    for row in images:
        del row["article_id"]
    return Prepared(chash, article_values(article, chash, len(words)), text, images)


@dataclass(slots=True)
class PendingFile:
    """A parsed file waiting to be written (with its articles' rows, if prepared).

    When ``prepared`` is given, the writer takes the text and images from it and only the
    other fields from ``articles`` (parser processes send the articles without paragraphs
    and images, which the prepared rows already carry)."""

    name: str
    data: bytes
    articles: list[ParsedArticle]
    prepared: list[Prepared] | None = None


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
        if new:
            first = next_id(conn, Person.id)
            insert_rows(conn, Person, [{"id": first + i, "name": n} for i, n in enumerate(new)])
            for i, name in enumerate(new):
                self._ids[name.casefold()] = first + i
        return {key: self._ids[key] for key in wanted}

    def forget(self) -> None:
        """Drop cached ids (after a rollback they may no longer exist)."""
        self._ids.clear()


@dataclass(slots=True)
class _Planned:
    file_index: int
    article_index: int
    article: ParsedArticle
    chash: str
    prepared: Prepared | None = None


@dataclass(slots=True)
class _Seen:
    """What the chunk already holds, to catch duplicates between files of one chunk."""

    hashes: dict[str, int] = field(default_factory=dict)
    urls: dict[str, int] = field(default_factory=dict)
    title_dates: dict[tuple[str, dt.date], int] = field(default_factory=dict)


class BatchWriter:
    """Writes chunks of parsed files inside the caller's transaction."""

    def __init__(self, session: Session, *, allow_probable_duplicates: bool = False) -> None:
        self.session = session
        self.allow_probable = allow_probable_duplicates
        self.persons = PersonCache()
        self._next_ids: dict[str, int] = {}  # next free key by table, within this transaction

    def new_transaction(self, conn: Connection) -> int:
        """Forget the next free keys (another connection may write between transactions);
        return the id the transaction's first new article will get."""
        self._next_ids.clear()
        first = next_id(conn, Article.id)
        self._next_ids[Article.__tablename__] = first
        return first

    def _take_ids(self, conn: Connection, column: InstrumentedAttribute[int], count: int) -> int:
        """The first of ``count`` fresh keys of ``column``'s table (see ``next_id``); asked of
        the database once per transaction, then counted here."""
        table = column.class_.__tablename__
        first = self._next_ids.get(table)
        if first is None:
            first = next_id(conn, column)
        self._next_ids[table] = first + count
        return first

    def write(self, files: Sequence[PendingFile], now: dt.datetime) -> list[list[ImportOutcome]]:
        """Outcomes per file, in order. Each file is stored completely or not at all."""
        try:
            with self.session.begin_nested():
                return self._write_chunk(files, now)
        except SQLAlchemyError:
            self.persons.forget()
            self._next_ids.clear()  # a rolled-back chunk may have taken keys it did not keep
            if len(files) == 1:
                raise
        results: list[list[ImportOutcome]] = []
        for pending in files:
            try:
                with self.session.begin_nested():
                    results.extend(self._write_chunk([pending], now))
            except SQLAlchemyError as exc:
                self.persons.forget()
                log.exception("storing %s failed", pending.name)
                reason = getattr(exc, "orig", None) or exc
                message = f"could not be stored: {reason}"
                results.append([ImportOutcome(pending.name, ImportStatus.FAILED, message=message)])
        return results

    def _write_chunk(
        self, files: Sequence[PendingFile], now: dt.datetime
    ) -> list[list[ImportOutcome]]:
        conn = self.session.connection()
        outcomes: list[list[ImportOutcome]] = [[] for _ in files]
        planned: list[_Planned | ImportOutcome] = []
        candidates = [
            _Planned(fi, ai, art, prep.chash, prep)
            if (prep := pending.prepared[ai] if pending.prepared else None) is not None
            else _Planned(fi, ai, art, content_hash(art))
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
        it = iter(article_ids)
        for cand_or_outcome, cand in zip(planned, candidates, strict=True):
            name = files[cand.file_index].name
            if isinstance(cand_or_outcome, ImportOutcome):
                outcomes[cand.file_index].append(cand_or_outcome)
            else:
                outcomes[cand.file_index].append(
                    ImportOutcome(name, ImportStatus.IMPORTED, next(it), "", cand.article.title)
                )
        return outcomes

    # -- duplicates ------------------------------------------------------------------------
    def _existing(self, conn: Connection, cands: Sequence[_Planned]) -> _Seen:
        seen = _Seen()
        hashes = [c.chash for c in cands]
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
            key = (title, published)
            if key in wanted:  # the oldest article of that title and date
                seen.title_dates[key] = min(aid, seen.title_dates.get(key, aid))
        return seen

    def _duplicate_of(self, cand: _Planned, seen: _Seen) -> tuple[int | None, str] | None:
        found = seen.hashes.get(cand.chash)
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
        digests = {fi: file_hash(files[fi].data) for fi in sorted(needed)}
        known: dict[str, int] = {}
        known.update({d: i for d, i in _lookup(conn, _FILE_BY_HASH, list(set(digests.values())))})
        rows, order = [], []
        for fi, digest in digests.items():
            if digest in known or digest in order:
                continue
            pending = files[fi]
            fmt = pending.articles[0].format if pending.articles else "unknown"
            rows.append(
                {
                    "name": pending.name,
                    "format": fmt,
                    "sha256": digest,
                    "size": len(pending.data),
                    "data": pending.data,
                    "imported_at": now,
                }
            )
            order.append(digest)
        if rows:
            first = self._take_ids(conn, SourceFile.id, len(rows))
            for i, row in enumerate(rows):
                row["id"] = first + i
            insert_rows(conn, SourceFile, rows)
            known.update((digest, first + i) for i, digest in enumerate(order))
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
        rows = []
        for p in planned:
            if p.prepared is not None:
                values = dict(p.prepared.values)
            else:
                values = article_values(p.article, p.chash)
            values.update(
                imported_at=now,
                source_name=files[p.file_index].name,
                source_file_id=file_ids.get(p.file_index),
                source_index=p.article_index,
            )
            rows.append(values)
        first = self._take_ids(conn, Article.id, len(rows))
        ids = list(range(first, first + len(rows)))
        for article_id, row in zip(ids, rows, strict=True):
            row["id"] = article_id
        insert_rows(conn, Article, rows)
        insert_rows(
            conn,
            ArticleText,
            [
                {"article_id": aid, **p.prepared.text}
                if p.prepared is not None
                else text_values(aid, p.article)
                for aid, p in zip(ids, planned, strict=True)
            ],
        )
        self._insert_children(
            conn, [(aid, p.article, p.prepared) for aid, p in zip(ids, planned, strict=True)]
        )
        return ids

    def _insert_children(
        self, conn: Connection, items: Sequence[tuple[int, ParsedArticle, Prepared | None]]
    ) -> None:
        persons = self.persons.resolve(conn, (n for _, art, _ in items for n in art.authors))
        author_rows: list[dict[str, object]] = []
        image_rows: list[dict[str, object]] = []
        for article_id, art, prepared in items:
            seen: set[int] = set()
            for position, name in enumerate(art.authors):
                pid = persons[name.casefold()]
                if pid not in seen:
                    seen.add(pid)
                    author_rows.append(
                        {"article_id": article_id, "person_id": pid, "position": position}
                    )
            if prepared is not None:
                image_rows.extend({"article_id": article_id, **row} for row in prepared.images)
            else:
                image_rows.extend(image_rows_for(article_id, art.images, art.published))
        if author_rows:
            insert_rows(conn, ArticleAuthor, author_rows)
        if image_rows:
            insert_rows(conn, Image, image_rows)

    def replace(self, article_id: int, article: ParsedArticle) -> None:
        """Overwrite an article's extracted fields (reparse), keeping id, tags and provenance."""
        conn = self.session.connection()
        chash = content_hash(article)
        conn.execute(
            update(Article).where(Article.id == article_id).values(**article_values(article, chash))
        )
        values = text_values(article_id, article)
        del values["article_id"]
        conn.execute(update(ArticleText).where(ArticleText.article_id == article_id).values(values))
        conn.execute(delete(ArticleAuthor).where(ArticleAuthor.article_id == article_id))
        conn.execute(delete(Image).where(Image.article_id == article_id))
        self._insert_children(conn, [(article_id, article, None)])


def insert_rows(conn: Connection, table: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """``conn.execute(insert(table), rows)`` for many rows of identical keys, faster.

    SQLAlchemy builds and type-converts a parameter dict per row (a third of the cost of
    writing an article). This compiles the INSERT once per table and key set, applies the
    columns' own bind processors (dates, booleans) and hands plain tuples to the DB-API
    ``executemany``: the same SQL, types and values, still bound parameters. Columns left
    out get their scalar Python defaults, as SQLAlchemy would give them.
    """
    if not rows:
        return
    sql, getter, converters, defaults = _insert_plan(conn.dialect, table.__table__, tuple(rows[0]))
    if defaults:
        rows = [{**defaults, **row} for row in rows]
    values = [getter(row) for row in rows]
    if converters:
        # The same dates and times recur (one import time for a whole chunk): convert each once.
        caches: list[dict[Any, Any]] = [{} for _ in converters]
        for n, row_values in enumerate(values):
            converted = list(row_values)
            for (index, convert), cache in zip(converters, caches, strict=True):
                value = converted[index]
                try:
                    converted[index] = cache[value]
                except KeyError:
                    converted[index] = cache[value] = convert(value)
            values[n] = tuple(converted)
    conn.exec_driver_sql(sql, values)


_Plan = tuple[
    str,
    Callable[[dict[str, Any]], tuple[Any, ...]],
    list[tuple[int, Callable[[Any], Any]]],
    dict[str, Any],
]
_PLANS: dict[tuple[int, str, tuple[str, ...]], _Plan] = {}


def _insert_plan(dialect: Dialect, table: Any, keys: tuple[str, ...]) -> _Plan:
    cache_key = (id(dialect), table.name, keys)
    plan = _PLANS.get(cache_key)
    if plan is None:
        defaults = {
            col.key: col.default.arg
            for col in table.columns
            if col.key not in keys and col.default is not None and col.default.is_scalar
        }
        compiled = insert(table).compile(dialect=dialect, column_keys=[*keys, *defaults])
        names = tuple(compiled.positiontup or ())
        # The column types' own conversions for this dialect (dates and times as text...).
        processors = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
        converters = [(i, proc) for i, proc in enumerate(processors) if proc is not None]
        picker = itemgetter(*names)
        getter = picker if len(names) > 1 else lambda row: (picker(row),)
        plan = (str(compiled), getter, converters, defaults)
        _PLANS[cache_key] = plan
    return plan


def next_id(conn: Connection, column: InstrumentedAttribute[int]) -> int:
    """The next free integer key. Ids are assigned here rather than returned by the database
    so that a chunk is one executemany (SQLite's RETURNING has no order guarantee for those);
    this is safe because the caller holds the archive's write lock for the whole transaction."""
    return int(conn.execute(select(func.coalesce(func.max(column), 0))).scalar_one()) + 1


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
    seen.hashes.setdefault(cand.chash, article_id)
    url, published = art.url, art.published
    if url:
        seen.urls.setdefault(url, article_id)
    if published is not None:
        seen.title_dates.setdefault((art.title, published), article_id)


def image_rows_for(
    article_id: int, images: Sequence[ParsedImage], published: dt.date | None
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for position, img in enumerate(images):
        row: dict[str, object] = {
            "article_id": article_id,
            "position": position,
            "paragraph_index": img.paragraph_index,
            "caption": img.caption,
            "credit": img.credit,
            "virin": img.virin,
            "download_size": img.download_size,
            "url": img.url,
            "keywords": ", ".join(img.keywords) or None,
            "virin_valid": None,
            "virin_problem": None,
            "virin_normalized": None,
            "virin_date": None,
            "virin_service": None,
            "virin_originator": None,
            "virin_sequence": None,
        }
        if img.virin:
            v = parse_virin(img.virin, published)
            row.update(
                virin_valid=v.valid,
                virin_problem=v.problem,
                virin_normalized=v.normalized,
                virin_date=v.date_shot,
                virin_service=v.service_code,
                virin_originator=v.originator,
                virin_sequence=v.sequence,
            )
        rows.append(row)
    return rows


def article_values(
    article: ParsedArticle, chash: str, word_count: int | None = None
) -> dict[str, object]:
    return {
        "title": article.title,
        "published": article.published,
        "byline": article.byline,
        "source": article.source,
        "dateline": article.dateline,
        "url": article.url,
        "word_count": len(article.body.split()) if word_count is None else word_count,
        "content_hash": chash,
        "format": article.format,
        "image_count": len(article.images),
        "virin_count": sum(1 for i in article.images if i.virin),
    }


def text_values(
    article_id: int, article: ParsedArticle, body: str | None = None
) -> dict[str, object]:
    return {
        "article_id": article_id,
        "body": article.body if body is None else body,
        "captions": "\n".join(i.caption for i in article.images if i.caption),
        "credits": "\n".join(i.credit for i in article.images if i.credit),
    }

"""Reading articles, tags and statistics with plain SQL on a DB-API (``sqlite3``) connection.

``Archive`` runs these inside its sessions (on the session's own connection), and
``ArchiveReader`` (``service.reader``) on a bare ``sqlite3`` connection: a command that only
reads starts without loading SQLAlchemy, and both read the same rows the same way. Nothing
here imports SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from dossierdesk.service.dto import (
    SORT_NAMES,
    ArchiveStats,
    ArticleDetail,
    ArticleSummary,
    CitationInfo,
    FacetCount,
    ImageInfo,
    PhotoRef,
    SearchResult,
    TagInfo,
)
from dossierdesk.virin import SERVICE_NAMES


class Cursor(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Any: ...


class Connection(Protocol):
    def cursor(self) -> Any: ...


CHUNK = 500  # ids per ``IN (...)`` list (SQLite allows 32766 parameters; smaller lists are fast)
TAG_COUNT_CHUNK = 20_000  # ids per count of tags (one JSON parameter: no limit but memory)

# Sort names and the columns they order by (see ``SortSpec``; "relevance" needs a text query).
SORT_COLUMNS: dict[str, str] = {
    "date": "published",
    "published": "published",
    "title": "title",
    "source": "source",
    "imported": "imported_at",
    "words": "word_count",
    "images": "image_count",
    "virins": "virin_count",
    "id": "id",
}


@dataclass(frozen=True, slots=True)
class SortSpec:
    field: str = "date"
    descending: bool = True

    def ordering(self) -> SortSpec:
        """The column order a result is read in: relevance with no words to rank by (a blank
        or filter-only query) is newest first, as the window shows it."""
        return SortSpec("date", True) if self.field == "relevance" else self

    @classmethod
    def parse(cls, spec: str) -> SortSpec:
        """``"date"``, ``"-date"`` (descending) or ``"date:asc"``; raises ValueError."""
        spec = spec.strip().lower()
        descending = False
        if spec.startswith("-"):
            descending, spec = True, spec[1:]
        elif spec.endswith(":desc"):
            descending, spec = True, spec[:-5]
        elif spec.endswith(":asc"):
            spec = spec[:-4]
        if spec not in SORT_NAMES:
            raise ValueError(f"unknown sort field '{spec}' (known: {', '.join(SORT_NAMES)})")
        return cls(spec, descending)


def is_blank(query: str) -> bool:
    """Whether ``query`` matches every article (it has no condition at all)."""
    return not query.strip()


def resolve_sort(query: str, sort: str | SortSpec) -> SortSpec:
    """``sort`` as a SortSpec; ``"auto"`` is relevance for a query with words, else ``-date``
    (a blank query: callers with conditions resolve "auto" from their compiled query)."""
    if isinstance(sort, SortSpec):
        return sort
    return SortSpec.parse("-date" if sort == "auto" else sort)


def search_all(
    conn: Connection, spec: SortSpec, offset: int = 0, limit: int | None = None
) -> SearchResult:
    """Total and a page of ids of a blank query (every article), in ``spec``'s order.

    Articles without a value in the sort column come last; ties go by id, in the same
    direction. Relevance (no words to rank by) is newest first (``SortSpec.ordering``)."""
    cur = conn.cursor()
    spec = spec.ordering()
    column = SORT_COLUMNS.get(spec.field, "published")
    way = "DESC" if spec.descending else "ASC"
    # The column and direction come from the fixed table above, never from the caller's text.
    sql = f"SELECT id FROM articles ORDER BY {column} {way} NULLS LAST, id {way}"  # noqa: S608
    if limit is None and not offset:
        found = [r[0] for r in cur.execute(sql)]
        return SearchResult(total=len(found), ids=tuple(found))
    total = int(cur.execute("SELECT count(*) FROM articles").fetchone()[0])
    if limit is None:
        rows = cur.execute(f"{sql} LIMIT ? OFFSET ?", (total, offset))
    else:
        rows = cur.execute(f"{sql} LIMIT ? OFFSET ?", (limit, offset))
    return SearchResult(total=total, ids=tuple(r[0] for r in rows))


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _json(ids: Sequence[int]) -> str:
    """The ids as one parameter (``IN (SELECT value FROM json_each(?))``)."""
    return json.dumps(ids)


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _datetime(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _authors(cur: Any, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    rows = cur.execute(
        "SELECT aa.article_id, p.name FROM article_authors aa JOIN persons p "
        "ON p.id = aa.person_id WHERE aa.article_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY aa.article_id, aa.position",
        (_json(ids),),
    )
    for article_id, name in rows:
        out.setdefault(article_id, []).append(name)
    return out


def _tags(cur: Any, ids: list[int]) -> dict[int, tuple[str, ...]]:
    names: dict[int, list[str]] = {}
    rows = cur.execute(
        "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
        "WHERE at.article_id IN (SELECT value FROM json_each(?))",
        (_json(ids),),
    )
    for article_id, name in rows:
        names.setdefault(article_id, []).append(name)
    return {i: tuple(sorted(n, key=str.casefold)) for i, n in names.items()}


def tag_counts(conn: Connection, article_ids: Sequence[int]) -> dict[str, int]:
    """How many of these articles carry each tag (by its stored name)."""
    cur = conn.cursor()
    counts: dict[str, int] = {}
    ids = list(dict.fromkeys(article_ids))
    for start in range(0, len(ids), TAG_COUNT_CHUNK):
        rows = cur.execute(
            "SELECT t.name, count(*) FROM article_tags at JOIN tags t ON t.id = at.tag_id "
            "WHERE at.article_id IN (SELECT value FROM json_each(?)) GROUP BY t.name",
            (_json(ids[start : start + TAG_COUNT_CHUNK]),),
        )
        for name, count in rows:
            counts[name] = counts.get(name, 0) + int(count)
    return counts


def summaries(conn: Connection, article_ids: Sequence[int]) -> list[ArticleSummary]:
    """Table rows for these ids, in the order given (missing ids are left out)."""
    cur = conn.cursor()
    by_id: dict[int, ArticleSummary] = {}
    for ids in _chunks(list(dict.fromkeys(article_ids))):
        authors = _authors(cur, ids)
        tags = _tags(cur, ids)
        virins: dict[int, list[str]] = {}
        rows = cur.execute(
            "SELECT article_id, virin FROM images "
            "WHERE article_id IN (SELECT value FROM json_each(?)) "
            "AND virin IS NOT NULL AND virin != '' ORDER BY article_id, position",
            (_json(ids),),
        )
        for article_id, virin in rows:
            virins.setdefault(article_id, []).append(virin)
        rows = cur.execute(
            "SELECT id, title, published, source, image_count, imported_at FROM articles "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (_json(ids),),
        )
        for a_id, title, published, source, image_count, imported_at in rows:
            by_id[a_id] = ArticleSummary(
                id=a_id,
                title=title,
                published=_date(published),
                authors=tuple(authors.get(a_id, ())),
                source=source,
                tags=tags.get(a_id, ()),
                image_count=image_count,
                virins=tuple(virins.get(a_id, ())),
                imported_at=_datetime(imported_at),
            )
    return [by_id[i] for i in article_ids if i in by_id]


def citations(conn: Connection, article_ids: Sequence[int]) -> list[CitationInfo]:
    """What citing these articles takes, in the order given (missing ids are left out): a
    few columns and the authors, never the bodies (thousands of rows in a few milliseconds)."""
    cur = conn.cursor()
    by_id: dict[int, CitationInfo] = {}
    for ids in _chunks(list(dict.fromkeys(article_ids))):
        authors = _authors(cur, ids)
        rows = cur.execute(
            "SELECT id, title, published, byline, source, url FROM articles "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (_json(ids),),
        )
        for a_id, title, published, byline, source, url in rows:
            by_id[a_id] = CitationInfo(
                id=a_id,
                title=title,
                published=_date(published),
                byline=byline,
                authors=tuple(authors.get(a_id, ())),
                source=source,
                url=url,
            )
    return [by_id[i] for i in article_ids if i in by_id]


def _photo_refs(cur: Any, photo_ids: Iterable[int]) -> dict[int, PhotoRef]:
    refs: dict[int, PhotoRef] = {}
    for ids in _chunks(sorted(set(photo_ids))):
        rows = cur.execute(
            "SELECT id, sha256, mime, width, height, size FROM photos "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (_json(ids),),
        )
        for row in rows:
            refs[row[0]] = PhotoRef(*row)
    return refs


_DETAILS = (
    "SELECT a.id, a.title, a.published, a.byline, a.source, a.dateline, a.url, "
    "a.word_count, a.source_name, a.format, a.imported_at, {body}, a.version, "
    "a.changed_by, a.changed_at FROM articles a {join}"
    "WHERE a.id IN (SELECT value FROM json_each(?))"
)
_DETAILS_SQL = _DETAILS.format(
    body="t.body", join="LEFT JOIN article_texts t ON t.article_id = a.id "
)
_DETAILS_NO_BODY_SQL = _DETAILS.format(body="NULL", join="")  # (``body=False``)


def details(
    conn: Connection, article_ids: Sequence[int], *, body: bool = True
) -> dict[int, ArticleDetail]:
    """Full articles (text, images, photo references) by id; missing ids are left out.
    ``body=False``: without their text (no paragraphs), for what lists only metadata."""
    cur = conn.cursor()
    out: dict[int, ArticleDetail] = {}
    for ids in _chunks(list(dict.fromkeys(article_ids))):
        authors = _authors(cur, ids)
        tags = _tags(cur, ids)
        images: dict[int, list[tuple[Any, ...]]] = {}
        rows = cur.execute(
            "SELECT article_id, position, paragraph_index, caption, credit, virin, virin_valid, "
            "virin_problem, virin_date, virin_service, virin_originator, download_size, url, "
            "photo_id, id FROM images WHERE article_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY article_id, position",
            (_json(ids),),
        )
        for row in rows:
            images.setdefault(row[0], []).append(row)
        refs = _photo_refs(cur, (r[13] for rs in images.values() for r in rs if r[13] is not None))
        rows = cur.execute(_DETAILS_SQL if body else _DETAILS_NO_BODY_SQL, (_json(ids),))
        for row in rows:
            (a_id, title, published, byline, source, dateline, url, words) = row[:8]
            source_name, fmt, imported_at, text, version, changed_by, changed_at = row[8:]
            out[a_id] = ArticleDetail(
                id=a_id,
                title=title,
                published=_date(published),
                byline=byline,
                authors=tuple(authors.get(a_id, ())),
                source=source,
                dateline=dateline,
                url=url,
                paragraphs=tuple(p for p in text.split("\n\n") if p) if text else (),
                word_count=words,
                tags=tags.get(a_id, ()),
                source_name=source_name,
                format=fmt,
                imported_at=_datetime(imported_at),
                images=tuple(_image(r, refs) for r in images.get(a_id, ())),
                version=int(version),
                changed_by=changed_by,
                changed_at=None if changed_at is None else _datetime(changed_at),
            )
    return out


def _image(row: tuple[Any, ...], refs: dict[int, PhotoRef]) -> ImageInfo:
    (_, position, paragraph_index, caption, credit, virin, valid, problem) = row[:8]
    virin_date, service, originator, download_size, url, photo_id, image_id = row[8:]
    return ImageInfo(
        position=position,
        paragraph_index=paragraph_index,
        caption=caption,
        credit=credit,
        virin=virin,
        virin_valid=None if valid is None else bool(valid),
        virin_problem=problem,
        virin_date=_date(virin_date),
        virin_service=service,
        virin_service_name=SERVICE_NAMES.get(service, None) if service else None,
        virin_originator=originator,
        download_size=download_size,
        url=url,
        photo=refs.get(photo_id) if photo_id is not None else None,
        id=image_id,
    )


def tags(conn: Connection) -> list[TagInfo]:
    """Every tag with its article count, by name.

    Each tag's links are counted in the index of tags (``count(*)`` of a correlated
    subquery, which the index covers); a join counting ``article_id`` read the link's row
    for every link: 3,000 tags on 286,000 links took 200 ms, now 13-16 ms."""
    rows = conn.cursor().execute(
        "SELECT t.id, t.name, t.color, "
        "(SELECT count(*) FROM article_tags at WHERE at.tag_id = t.id) "
        "FROM tags t ORDER BY t.name"
    )
    return [TagInfo(r[0], r[1], r[2], int(r[3])) for r in rows]


def stats(conn: Connection, path: Path | None) -> ArchiveStats:
    """What the archive at ``path`` holds (``conn`` reads it; a team archive has no file:
    its size is the caller's to fill in)."""
    cur = conn.cursor()

    def one(sql: str) -> Any:
        return cur.execute(sql).fetchone()[0]

    # Counts SQLite can take from an index are asked alone (a shared scan would read rows);
    # min and max in separate subqueries each read one end of the date index.
    articles = one("SELECT count(*) FROM articles")
    images = one("SELECT count(*) FROM images")
    # (count(DISTINCT) leaves NULL out anyway; said in the query, SQLite reads the index from
    # the first linked image instead of every image's entry)
    linked = one("SELECT count(DISTINCT photo_id) FROM images WHERE photo_id IS NOT NULL")
    # Both from the partial index of the images that print a VIRIN (migration 0010).
    virins = one("SELECT count(*) FROM images WHERE virin IS NOT NULL")
    invalid = one("SELECT count(*) FROM images WHERE virin IS NOT NULL AND virin_valid = FALSE")
    first, last = cur.execute(
        "SELECT (SELECT min(published) FROM articles), (SELECT max(published) FROM articles)"
    ).fetchone()
    formats = cur.execute(
        "SELECT format, count(*) FROM articles GROUP BY format ORDER BY count(*) DESC"
    ).fetchall()
    files = (path, Path(f"{path}-wal")) if path is not None else ()
    size = sum(p.stat().st_size for p in files if p.exists())
    return ArchiveStats(
        articles=int(articles or 0),
        images=int(images or 0),
        virins=int(virins or 0),
        invalid_virins=int(invalid or 0),
        photos=int(one("SELECT count(*) FROM photos") or 0),
        linked_photos=int(linked or 0),
        tags=int(one("SELECT count(*) FROM tags") or 0),
        persons=int(one("SELECT count(*) FROM persons") or 0),
        source_files=int(one("SELECT count(*) FROM source_files") or 0),
        first_published=_date(first),
        last_published=_date(last),
        file_bytes=size,
        formats=tuple(FacetCount(str(f), int(n)) for f, n in formats),
        dossiers=int(one("SELECT count(*) FROM dossiers") or 0),
    )

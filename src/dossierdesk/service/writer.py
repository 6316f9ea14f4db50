"""Writing parsed articles into the archive: duplicate detection and fast Core inserts.

The import path uses SQLAlchemy Core ``insert()`` statements (bound parameters, no ORM unit of
work) because it runs for every article of large batches; the FTS index is filled by triggers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from dossierdesk.importers.types import ParsedArticle, ParsedImage
from dossierdesk.store.models import Article, ArticleAuthor, Image, Person, SourceFile
from dossierdesk.virin import parse_virin


def content_hash(article: ParsedArticle) -> str:
    """Hash of the normalised title and body: identical content, whatever the file it came in."""
    norm = " ".join(f"{article.title}\n{article.body}".split()).casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Duplicate:
    article_id: int
    exact: bool  # identical content; otherwise a probable duplicate (same URL or title+date)

    def message(self) -> str:
        if self.exact:
            return f"already in archive as #{self.article_id}"
        return f"probable duplicate of #{self.article_id} (same URL or same title and date)"


def find_duplicate(session: Session, article: ParsedArticle, chash: str) -> Duplicate | None:
    found = session.scalar(select(Article.id).where(Article.content_hash == chash))
    if found is not None:
        return Duplicate(found, exact=True)
    conditions = []
    if article.url:
        conditions.append(Article.url == article.url)
    if article.published is not None:
        conditions.append(
            and_(Article.title == article.title, Article.published == article.published)
        )
    if not conditions:
        return None
    found = session.scalar(select(Article.id).where(or_(*conditions)).limit(1))
    return Duplicate(found, exact=False) if found is not None else None


def source_file_id(session: Session, data: bytes, name: str, fmt: str, now: dt.datetime) -> int:
    """The id of the stored original for these bytes, storing them on first use."""
    digest = file_hash(data)
    existing = session.scalar(select(SourceFile.id).where(SourceFile.sha256 == digest))
    if existing is not None:
        return existing
    stmt = (
        insert(SourceFile)
        .values(name=name, format=fmt, sha256=digest, size=len(data), data=data, imported_at=now)
        .returning(SourceFile.id)
    )
    return session.execute(stmt).scalar_one()


class PersonCache:
    """Person ids by case-folded name, so a batch does one lookup per new name."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def id_for(self, session: Session, name: str) -> int:
        key = name.casefold()
        cached = self._ids.get(key)
        if cached is not None:
            return cached
        found = session.scalar(select(Person.id).where(Person.name == name))
        if found is None:
            found = session.execute(
                insert(Person).values(name=name).returning(Person.id)
            ).scalar_one()
        self._ids[key] = found
        return found

    def forget(self) -> None:
        """Drop cached ids (after a rollback they may no longer exist)."""
        self._ids.clear()


def _image_rows(
    article_id: int, images: tuple[ParsedImage, ...], published: dt.date | None
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


def _article_values(article: ParsedArticle, chash: str) -> dict[str, object]:
    body = article.body
    return {
        "title": article.title,
        "published": article.published,
        "byline": article.byline,
        "source": article.source,
        "dateline": article.dateline,
        "url": article.url,
        "body": body,
        "word_count": len(body.split()),
        "content_hash": chash,
        "format": article.format,
        "captions": "\n".join(i.caption for i in article.images if i.caption),
        "credits": "\n".join(i.credit for i in article.images if i.credit),
        "image_count": len(article.images),
        "virin_count": sum(1 for i in article.images if i.virin),
    }


def _write_children(
    session: Session, article_id: int, article: ParsedArticle, persons: PersonCache
) -> None:
    seen: set[int] = set()
    author_rows = []
    for position, name in enumerate(article.authors):
        pid = persons.id_for(session, name)
        if pid not in seen:
            seen.add(pid)
            author_rows.append({"article_id": article_id, "person_id": pid, "position": position})
    if author_rows:
        session.execute(insert(ArticleAuthor), author_rows)
    image_rows = _image_rows(article_id, article.images, article.published)
    if image_rows:
        session.execute(insert(Image), image_rows)


def insert_article(
    session: Session,
    article: ParsedArticle,
    *,
    chash: str,
    source_name: str,
    source_file: int | None,
    source_index: int,
    imported_at: dt.datetime,
    persons: PersonCache,
) -> int:
    values = _article_values(article, chash)
    values.update(
        imported_at=imported_at,
        source_name=source_name,
        source_file_id=source_file,
        source_index=source_index,
    )
    article_id = session.execute(
        insert(Article).values(**values).returning(Article.id)
    ).scalar_one()
    _write_children(session, article_id, article, persons)
    return article_id


def replace_article(
    session: Session, article_id: int, article: ParsedArticle, chash: str, persons: PersonCache
) -> None:
    """Overwrite an article's extracted fields (reparse), keeping its id, tags and provenance."""
    session.execute(
        update(Article).where(Article.id == article_id).values(**_article_values(article, chash))
    )
    session.execute(delete(ArticleAuthor).where(ArticleAuthor.article_id == article_id))
    session.execute(delete(Image).where(Image.article_id == article_id))
    _write_children(session, article_id, article, persons)

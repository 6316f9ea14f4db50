"""Photos in the archive: storing them once per content hash, linking them to article images
by VIRIN in either import order, and reading them back.

A photo links to every image whose VIRIN has the same date (as printed, YYMMDD), service
letter, originator and sequence number: the site's suffix letters (``…-1164M``), a country
segment and the file extension do not matter. Linking runs when a photo is stored (it finds
the images already there) and when articles are committed (their images find the photos
already there); an image keeps the photo it has. Images store the shot date decoded
("YYYY-MM-DD"); its YYMMDD is computed by ``store.dialect_sql.yymmdd`` on either engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import (
    Connection,
    Select,
    bindparam,
    exists,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

from dossierdesk.service.dto import PhotoInfo, PhotoRef
from dossierdesk.store.dialect_sql import yymmdd
from dossierdesk.store.models import Image, Photo, PhotoBytes
from dossierdesk.virin import parse_virin


class VirinLink(NamedTuple):
    """The parts of a VIRIN a photo and an image are linked by."""

    yymmdd: str
    service: str
    originator: str
    sequence: str


def virin_link(virin: str | None) -> VirinLink | None:
    """The link parts of a VIRIN as printed, or ``None`` when it does not have the shape."""
    if not virin:
        return None
    decoded = parse_virin(virin)
    if not (decoded.service_code and decoded.originator and decoded.sequence):
        return None
    return VirinLink(
        decoded.normalized[:6], decoded.service_code, decoded.originator, decoded.sequence
    )


_P = aliased(Photo, name="p")
# A stored photo whose VIRIN an image prints (the image's shot date as YYMMDD: ``yymmdd``).
_SAME_VIRIN = (
    _P.virin_originator == Image.virin_originator,
    _P.virin_sequence == Image.virin_sequence,
    _P.virin_service == Image.virin_service,
    _P.virin_yymmdd == yymmdd(Image.virin_date),
)
_FIRST_PHOTO = select(_P.id).where(*_SAME_VIRIN).order_by(_P.id).limit(1).scalar_subquery()
_HAS_PHOTO = (Image.virin_sequence.is_not(None), exists(select(_P.id).where(*_SAME_VIRIN)))
# Images without a photo that print the VIRIN of a stored photo, of the articles with ids from
# ``first`` on (those just imported). SQLite would read them through the index of images
# without a photo, every image of the archive until photos are linked (35-40 ms at 100,000
# articles for each commit of an import, growing with the archive); asked whether
# ``photo_id + 0`` is NULL (the same rows), it cannot use that index and reads the new
# articles' images through the index of article ids instead (under 1 ms).
_LINK_NEW_IMAGES = (
    update(Image)
    .values(photo_id=_FIRST_PHOTO)
    .where(Image.article_id >= bindparam("first"), (Image.photo_id + 0).is_(None), *_HAS_PHOTO)
)
# ... of one article.
_LINK_ARTICLE_IMAGES = (
    update(Image)
    .values(photo_id=_FIRST_PHOTO)
    .where(Image.article_id == bindparam("article"), Image.photo_id.is_(None), *_HAS_PHOTO)
)
# The images that print one photo's VIRIN and show no photo yet. They are found through the
# index of VIRIN originators and sequences: offered the service's index too, SQLite (without
# statistics) took it, and a service letter is shared by most images of an archive (an
# Air Force collection's: nearly all), so each stored photo read every image of its service
# (3,300 saved pages with 1,200 photos: 1.2 s of the import's writing, growing with the
# archive). ``virin_service || ''`` is the same test, which no index answers.
_LINK_PHOTO = (
    update(Image)
    .values(photo_id=bindparam("photo"))
    .where(
        Image.photo_id.is_(None),
        Image.virin_originator == bindparam("originator"),
        Image.virin_sequence == bindparam("sequence"),
        Image.virin_service.concat(literal_column("''")) == bindparam("service"),
        yymmdd(Image.virin_date) == bindparam("yymmdd"),
    )
)


# Whether the archive holds any photo (an archive of pages without their pictures has none).
_ANY_PHOTO = select(Photo.id).limit(1)


def link_new_images(conn: Connection | Session, first_article_id: int) -> None:
    """Link the images of articles with ids from ``first_article_id`` on to stored photos.

    Each commit of an import calls this. Without any photo stored (those of the transaction
    included) there is nothing to link, and one lookup answers instead of the statement
    that reads the new articles' images (5-8 ms a commit for 3,300 saved pages)."""
    if conn.execute(_ANY_PHOTO).first() is None:
        return
    conn.execute(_LINK_NEW_IMAGES, {"first": first_article_id})


def link_article_images(conn: Connection | Session, article_id: int) -> None:
    """Link one article's images (after a re-extraction replaced them)."""
    conn.execute(_LINK_ARTICLE_IMAGES, {"article": article_id})


def link_photo(conn: Connection | Session, photo_id: int, link: VirinLink | None) -> int:
    """Link a stored photo to the images already there that print its VIRIN; how many."""
    if link is None:
        return 0
    result = conn.execute(_LINK_PHOTO, {"photo": photo_id, **link._asdict()})
    return int(getattr(result, "rowcount", 0) or 0)


def _dialect(conn: Connection | Session) -> str:
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    return "postgresql" if bind.dialect.name == "postgresql" else "sqlite"


# One statement for every photo (its values bound): compiled once, not once per photo.
_INSERT_PHOTO: dict[str, Any] = {
    "sqlite": sqlite_insert(Photo)
    .on_conflict_do_nothing(index_elements=["sha256"])
    .returning(Photo.id),
}


def _insert_photo(dialect: str) -> Any:
    if dialect not in _INSERT_PHOTO:  # a team archive's (loads the PostgreSQL dialect)
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        _INSERT_PHOTO[dialect] = (
            pg_insert(Photo).on_conflict_do_nothing(index_elements=["sha256"]).returning(Photo.id)
        )
    return _INSERT_PHOTO[dialect]


_INSERT_BYTES = insert(PhotoBytes)


def store_photo(
    conn: Connection | Session, values: dict[str, Any], now: dt.datetime
) -> tuple[int, bool]:
    """Insert a photo (``photos`` column values) unless its bytes are already stored.

    Returns its id and whether it is new; a new photo is linked to the images it belongs to."""
    link = virin_link(values.get("virin"))
    row = dict(values, imported_at=now)
    data = row.pop("data")
    if link is not None:
        row.update(
            virin_yymmdd=link.yymmdd,
            virin_service=link.service,
            virin_originator=link.originator,
            virin_sequence=link.sequence,
        )
    new_id = conn.execute(_insert_photo(_dialect(conn)), row).scalar()
    if new_id is None:
        existing = conn.execute(select(Photo.id).where(Photo.sha256 == row["sha256"])).scalar_one()
        return int(existing), False
    conn.execute(_INSERT_BYTES, {"photo_id": new_id, "data": data})
    link_photo(conn, int(new_id), link)
    return int(new_id), True


_REF_COLUMNS = (Photo.id, Photo.sha256, Photo.mime, Photo.width, Photo.height, Photo.size)


def photo_refs(session: Session, photo_ids: Iterable[int]) -> dict[int, PhotoRef]:
    """PhotoRefs by photo id (without reading the photos' bytes)."""
    wanted = sorted(set(photo_ids))
    refs: dict[int, PhotoRef] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row in session.execute(select(*_REF_COLUMNS).where(Photo.id.in_(chunk))):
            refs[row[0]] = PhotoRef(*row)
    return refs


def photo_data(session: Session, sha256: str) -> bytes | None:
    return session.execute(
        select(PhotoBytes.data)
        .join(Photo, Photo.id == PhotoBytes.photo_id)
        .where(Photo.sha256 == sha256)
    ).scalar()


def attach_photo(session: Session, image_id: int, photo_id: int | None) -> int | None:
    """Link an article image to a photo (``None`` unlinks it); the photo it had before.

    Raises ``KeyError`` when there is no such image or photo."""
    found = session.execute(select(Image.photo_id).where(Image.id == image_id)).first()
    if found is None:
        raise KeyError(f"there is no image #{image_id} in the archive")
    if (
        photo_id is not None
        and session.scalar(select(Photo.id).where(Photo.id == photo_id)) is None
    ):
        raise KeyError(f"there is no photo #{photo_id} in the archive")
    session.execute(update(Image).where(Image.id == image_id).values(photo_id=photo_id))
    return found[0]


_INFO_COLUMNS = (
    Photo.id,
    Photo.sha256,
    Photo.mime,
    Photo.width,
    Photo.height,
    Photo.size,
    Photo.name,
    Photo.virin,
    Photo.file_name_virin,
    Photo.embedded_virin,
    Photo.virin_note,
    Photo.title,
    Photo.caption,
    Photo.credit,
    Photo.byline,
    Photo.date_created,
    Photo.imported_at,
)
_INFO_FIELDS: tuple[str, ...] = tuple(
    f for f in PhotoInfo.__dataclass_fields__ if f != "article_ids"
)


def photo_infos(
    session: Session,
    *,
    ids: Sequence[int] | None = None,
    of_articles: Select[Any] | None = None,
    virin_prefix: str | None = None,
    limit: int | None = None,
    after_id: int | None = None,
) -> list[PhotoInfo]:
    """Photo records, oldest first: all, by id, those linked to the articles a ``SELECT`` of
    article ids finds, or by VIRIN; ``after_id`` pages through them (ids above it)."""
    stmt = select(*_INFO_COLUMNS).order_by(Photo.id)
    if after_id is not None:
        stmt = stmt.where(Photo.id > after_id)
    if ids is not None:
        stmt = stmt.where(Photo.id.in_(list(ids)))
    if of_articles is not None:
        linked = select(Image.photo_id).where(
            Image.article_id.in_(of_articles.scalar_subquery()), Image.photo_id.is_not(None)
        )
        stmt = stmt.where(Photo.id.in_(linked))
    if virin_prefix:
        prefix = "".join(virin_prefix.split()).upper()
        stmt = stmt.where(
            func.upper(Photo.virin).startswith(prefix, autoescape=True)
            | func.upper(Photo.file_name_virin).startswith(prefix, autoescape=True)
        )
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.execute(stmt).all()
    articles: dict[int, list[int]] = {}
    photo_ids = [r[0] for r in rows]
    for start in range(0, len(photo_ids), 500):
        chunk = photo_ids[start : start + 500]
        for photo_id, article_id in session.execute(
            select(Image.photo_id, Image.article_id)
            .where(Image.photo_id.in_(chunk))
            .distinct()
            .order_by(Image.photo_id, Image.article_id)
        ):
            if photo_id is not None:
                articles.setdefault(photo_id, []).append(article_id)
    return [
        PhotoInfo(
            **dict(zip(_INFO_FIELDS, row, strict=True)),
            article_ids=tuple(articles.get(row[0], ())),
        )
        for row in rows
    ]

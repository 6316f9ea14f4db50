"""The photos of a saved page given to its articles' images, and photo links kept through a
re-extraction: what the batch writer (``service.writer``) does with photos after it has written
a file's articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, bindparam, update

from dossierdesk.service.dto import ImportOutcome, ImportStatus
from dossierdesk.service.photos import store_photo
from dossierdesk.service.rows import PagePhoto, Prepared
from dossierdesk.store.models import Image

# A photo given to an article's image at a position: built once (a statement made for each
# photo cost more than running it). A saved page's photo goes only to an image showing none yet.
_SET_PHOTO = (
    update(Image)
    .where(Image.article_id == bindparam("article"), Image.position == bindparam("at"))
    .values(photo_id=bindparam("photo"))
)
_GIVE_PHOTO = _SET_PHOTO.where(Image.photo_id.is_(None))


def store_page_photos(
    conn: Connection,
    photos: Sequence[PagePhoto],
    notes: Sequence[str],
    outcomes: list[ImportOutcome],
    targets: Sequence[int | None],
    now: dt.datetime,
) -> None:
    """Store a saved page's photos (once per content hash) and give each its article image
    (new or already there: a duplicate's images get the photos they lack); the first
    article's outcome says how many came and what could not be read."""
    stored: dict[str, tuple[int, bool]] = {}
    for page_photo in photos:
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
        conn.execute(_GIVE_PHOTO, {"article": article_id, "at": position, "photo": stored[sha][0]})
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
    if notes:
        shown = "; ".join(notes[:3]) + (f"; and {len(notes) - 3} more" if len(notes) > 3 else "")
        parts.append(shown)
    outcomes[0] = replace(first, message="; ".join(parts))


def _photos(count: int) -> str:
    return f"{count} photo" if count == 1 else f"{count} photos"


def keep_photo_links(
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
            conn.execute(_SET_PHOTO, {"article": article_id, "at": position, "photo": photo})

"""Undoable tag changes: links added or removed reported exactly, so that undo reverses only
them; tags snapshotted before a rename or delete, to restore them with their ids and colours.

Each function works inside the caller's session (one transaction per user action) and takes
or returns plain dataclasses. New tags and links are ``INSERT … ON CONFLICT DO NOTHING``
(``service.tag_rows``): on a team archive a colleague may add the same ones at the same time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from dossierdesk.service.tag_rows import ensure_tag, link_tag
from dossierdesk.store.dialect_sql import insert_ignoring
from dossierdesk.store.models import Article, ArticleTag, Tag

_IN_CHUNK = 400  # ids per IN (...) list


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _IN_CHUNK):
        yield list(ids[start : start + _IN_CHUNK])


@dataclass(frozen=True, slots=True)
class TagLinkChange:
    """Links (article id, tag name) an action added or removed, and tags it created, so that
    undo touches exactly those and nothing the articles had before."""

    links: tuple[tuple[int, str], ...] = ()
    created_tags: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.links or self.created_tags)


def _tag_ids(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Stored name -> id for the tags that exist (names match case-insensitively)."""
    found: dict[str, int] = {}
    for name in names:
        row = session.execute(select(Tag.name, Tag.id).where(Tag.name == name)).first()
        if row is not None:
            found[row[0]] = row[1]
    return found


def add_tag_links(
    session: Session, article_ids: Sequence[int], names: Sequence[str]
) -> TagLinkChange:
    """Tag articles (creating tags as needed) and report exactly what was new.

    ``names`` must be cleaned already (``Archive`` does it with the rules of ``add_tags``)."""
    conn = session.connection()
    ids = sorted(set(article_ids))
    existing_ids = {
        i
        for chunk in _chunks(ids)
        for i in conn.execute(select(Article.id).where(Article.id.in_(chunk))).scalars()
    }
    links: list[tuple[int, str]] = []
    created: list[str] = []
    for name in names:
        tag_id, made = ensure_tag(conn, name)
        if made:
            created.append(name)
        else:
            name = session.scalar(select(Tag.name).where(Tag.id == tag_id)) or name
        have: set[int] = set()
        for chunk in _chunks(sorted(existing_ids)):
            have.update(
                conn.execute(
                    select(ArticleTag.article_id).where(
                        ArticleTag.tag_id == tag_id, ArticleTag.article_id.in_(chunk)
                    )
                ).scalars()
            )
        added = link_tag(conn, tag_id, existing_ids - have)
        links.extend((a, name) for a in added)
    return TagLinkChange(tuple(links), tuple(created))


def remove_tag_links(
    session: Session, article_ids: Sequence[int], names: Sequence[str]
) -> TagLinkChange:
    """Untag articles and report exactly which links existed and were removed."""
    conn = session.connection()
    links: list[tuple[int, str]] = []
    for name, tag_id in _tag_ids(session, names).items():
        for chunk in _chunks(sorted(set(article_ids))):
            had = list(
                conn.execute(
                    select(ArticleTag.article_id).where(
                        ArticleTag.tag_id == tag_id, ArticleTag.article_id.in_(chunk)
                    )
                ).scalars()
            )
            if had:
                conn.execute(
                    delete(ArticleTag).where(
                        ArticleTag.tag_id == tag_id, ArticleTag.article_id.in_(had)
                    )
                )
                links.extend((a, name) for a in sorted(had))
    return TagLinkChange(tuple(links))


def undo_add_tag_links(session: Session, change: TagLinkChange) -> None:
    """Remove the links an ``add_tag_links`` made, and the tags it created if now unused."""
    conn = session.connection()
    by_tag: dict[str, list[int]] = {}
    for article_id, name in change.links:
        by_tag.setdefault(name, []).append(article_id)
    tag_ids = _tag_ids(session, set(by_tag) | set(change.created_tags))
    for name, ids in by_tag.items():
        if name in tag_ids:
            for chunk in _chunks(ids):
                conn.execute(
                    delete(ArticleTag).where(
                        ArticleTag.tag_id == tag_ids[name], ArticleTag.article_id.in_(chunk)
                    )
                )
    for name in change.created_tags:
        tag_id = tag_ids.get(name)
        if (
            tag_id is not None
            and session.scalar(
                select(ArticleTag.article_id).where(ArticleTag.tag_id == tag_id).limit(1)
            )
            is None
        ):
            conn.execute(delete(Tag).where(Tag.id == tag_id))


def undo_remove_tag_links(session: Session, change: TagLinkChange) -> None:
    """Put back the links a ``remove_tag_links`` took away (recreating a tag deleted since)."""
    conn = session.connection()
    rows = []
    for article_id, name in change.links:
        tag_id = ensure_tag(conn, name)[0]
        rows.append({"article_id": article_id, "tag_id": tag_id})
    if rows:
        conn.execute(insert_ignoring(conn.dialect.name, ArticleTag), rows)


@dataclass(frozen=True, slots=True)
class TagSnapshot:
    """A tag as it was: id, name, colour and every article it was on."""

    id: int
    name: str
    color: str | None
    article_ids: tuple[int, ...] = field(default_factory=tuple)


def snapshot_tags(session: Session, names: Sequence[str]) -> tuple[TagSnapshot, ...]:
    """Snapshots of the named tags that exist (lookup is case-insensitive, like tag names)."""
    snaps = []
    for name in names:
        row = session.execute(select(Tag.id, Tag.name, Tag.color).where(Tag.name == name)).first()
        if row is None:
            continue
        links = session.scalars(
            select(ArticleTag.article_id)
            .where(ArticleTag.tag_id == row[0])
            .order_by(ArticleTag.article_id)
        ).all()
        snaps.append(TagSnapshot(row[0], row[1], row[2], tuple(links)))
    return tuple(snaps)


def restore_tags(session: Session, snaps: Sequence[TagSnapshot]) -> None:
    """Make each tag exactly as snapshotted: same id, name, colour and set of articles.

    A tag now holding the snapshot's name under another id (a rename onto it happened since)
    must not exist: restoring follows the undo order, which has already undone such changes.
    """
    conn = session.connection()
    for snap in snaps:
        if conn.execute(select(Tag.id).where(Tag.id == snap.id)).first() is None:
            conn.execute(insert(Tag).values(id=snap.id, name=snap.name, color=snap.color))
        else:
            conn.execute(
                update(Tag).where(Tag.id == snap.id).values(name=snap.name, color=snap.color)
            )
        conn.execute(delete(ArticleTag).where(ArticleTag.tag_id == snap.id))
        present = [
            i
            for chunk in _chunks(list(snap.article_ids))
            for i in conn.execute(select(Article.id).where(Article.id.in_(chunk))).scalars()
        ]
        if present:
            conn.execute(
                insert(ArticleTag), [{"article_id": a, "tag_id": snap.id} for a in present]
            )

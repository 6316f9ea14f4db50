"""Finding or creating a tag row, safely when several clients of a team archive do it at once."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from dossierdesk.store.dialect_sql import insert_ignoring
from dossierdesk.store.models import ArticleTag, Tag


def ensure_tag(conn: Connection, name: str) -> tuple[int, bool]:
    """The id of the tag ``name`` (any case) and whether it was created now.

    ``INSERT … ON CONFLICT DO NOTHING``, then a lookup: a colleague creating the same tag at the
    same moment makes the insert a no-op (after waiting for their transaction), not a failure."""
    found = conn.execute(select(Tag.id).where(Tag.name == name)).scalar()
    if found is not None:
        return int(found), False
    new = conn.execute(
        insert_ignoring(conn.dialect.name, Tag).values(name=name).returning(Tag.id)
    ).scalar()
    if new is not None:
        return int(new), True
    return int(conn.execute(select(Tag.id).where(Tag.name == name)).scalar_one()), False


LINK_CHUNK = 500


def link_tag(conn: Connection, tag_id: int, article_ids: Iterable[int]) -> list[int]:
    """Tag these articles; the ids that were not tagged before (a link a colleague added
    meanwhile is kept as it is, not an error)."""
    added: list[int] = []
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), LINK_CHUNK):
        rows = [{"article_id": a, "tag_id": tag_id} for a in ids[start : start + LINK_CHUNK]]
        stmt = insert_ignoring(conn.dialect.name, ArticleTag).values(rows)
        added.extend(int(i) for i in conn.execute(stmt.returning(ArticleTag.article_id)).scalars())
    return sorted(added)

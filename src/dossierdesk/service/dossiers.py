"""Dossiers: curated, ordered collections of articles, with a note per article.

Every function here works inside a session the caller (``Archive``) opened for one user action,
so each action is one transaction: an error leaves the dossier as it was. Errors are
``KeyError`` (no such dossier, article or entry; also an ambiguous title) and ``ValueError``
(bad input), with messages meant for the user.

Positions handed out are always dense (0..n-1): they are the rank of the stored ``position``.
Every change made here also stores dense positions (rewriting only the rows whose position
changed). An article deleted elsewhere (``Archive.delete_articles``) leaves its entries to the
ON DELETE CASCADE, which may leave a gap in the stored numbers until the dossier's next change;
the order is unaffected. (Closing gaps in a per-row trigger instead would make deleting many
articles of a large dossier quadratic: measured 6.6 s for 1,000 of 2,000 entries.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import fields

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from dossierdesk.query import compile_query
from dossierdesk.service import search as search_sql
from dossierdesk.service.dossier_dto import (
    UNSET,
    DossierDetail,
    DossierEntryInfo,
    DossierInfo,
    Unset,
    clean_text,
    clean_title,
)
from dossierdesk.service.versions import check_version
from dossierdesk.store.models import Article, Dossier, DossierEntry

_IN_CHUNK = 400  # bound parameters per IN (...) list


def _now() -> dt.datetime:
    return dt.datetime.now()


def _unique(ids: Iterable[int]) -> list[int]:
    seen: set[int] = set()
    out = []
    for i in ids:
        i = int(i)
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _IN_CHUNK):
        yield list(ids[start : start + _IN_CHUNK])


# -- reading ---------------------------------------------------------------------------------
def _row(session: Session, dossier_id: int) -> Dossier:
    row = session.get(Dossier, dossier_id)
    if row is None:
        raise KeyError(f"no dossier #{dossier_id}")
    return row


def _stored(session: Session, dossier_id: int) -> dict[int, int]:
    """Stored position by article id, in position order (dicts keep insertion order)."""
    rows = session.execute(
        select(DossierEntry.article_id, DossierEntry.position)
        .where(DossierEntry.dossier_id == dossier_id)
        .order_by(DossierEntry.position, DossierEntry.article_id)
    )
    return {int(a): int(p) for a, p in rows}


def list_dossiers(session: Session) -> list[DossierInfo]:
    counts = (
        select(DossierEntry.dossier_id, func.count().label("n"))
        .group_by(DossierEntry.dossier_id)
        .subquery()
    )
    rows = session.execute(
        select(Dossier, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.dossier_id == Dossier.id)
        .order_by(func.lower(Dossier.title), Dossier.id)
    ).all()
    return [_info(d, int(n)) for d, n in rows]


def _info(row: Dossier, count: int) -> DossierInfo:
    return DossierInfo(
        id=row.id,
        title=row.title,
        subtitle=row.subtitle,
        compiled_by=row.compiled_by,
        description=row.description,
        created=row.created_at,
        updated=row.updated_at,
        article_count=count,
    )


def resolve(session: Session, ref: int | str) -> int:
    """The id of a dossier given by id, or by its exact title (case-insensitive).

    A string of digits (or ``#12``) names the dossier with that id if there is one, else is
    looked up as a title.
    """
    if isinstance(ref, int) and not isinstance(ref, bool):
        _row(session, ref)
        return ref
    text = " ".join(str(ref).split())
    digits = text[1:] if text.startswith("#") else text
    if digits.isdigit() and session.get(Dossier, int(digits)) is not None:
        return int(digits)
    wanted = text.casefold()
    found = [
        (i, t)
        for i, t in session.execute(select(Dossier.id, Dossier.title).order_by(Dossier.id))
        if t.casefold() == wanted
    ]
    if not found:
        raise KeyError(f"no dossier titled '{text}'")
    if len(found) > 1:
        ids = ", ".join(f"#{i}" for i, _ in found)
        raise KeyError(f"{len(found)} dossiers are titled '{text}' ({ids}): give the id instead")
    return found[0][0]


def detail(session: Session, dossier_id: int) -> DossierDetail:
    row = _row(session, dossier_id)
    entries = session.execute(
        select(DossierEntry.article_id, DossierEntry.note, Article.title, Article.published)
        .join(Article, Article.id == DossierEntry.article_id)
        .where(DossierEntry.dossier_id == dossier_id)
        .order_by(DossierEntry.position, DossierEntry.article_id)
    ).all()
    info = _info(row, len(entries))
    return DossierDetail(
        **{f.name: getattr(info, f.name) for f in fields(DossierInfo)},
        entries=tuple(
            DossierEntryInfo(article_id=a, position=n, note=note, title=t, published=p)
            for n, (a, note, t, p) in enumerate(entries)
        ),
        version=int(row.version),
        changed_by=row.changed_by,
    )


def query_ids(session: Session, query: str) -> list[int]:
    """Articles matching a query, oldest first (the natural reading order of a dossier)."""
    compiled = compile_query(query)
    return search_sql.ids(session, compiled, search_sql.SortSpec("date", descending=False))


# -- writing ---------------------------------------------------------------------------------
def _touch(session: Session, dossier_id: int) -> None:
    session.execute(
        update(Dossier)
        .where(Dossier.id == dossier_id)
        .values(updated_at=_now(), version=Dossier.version + 1)
    )


def version(session: Session, dossier_id: int) -> int:
    """The dossier's version (see ``claim``)."""
    return int(session.scalar(select(Dossier.version).where(Dossier.id == dossier_id)) or 0)


def claim(session: Session, dossier_id: int, user: str, expected_version: int | None) -> None:
    """Before changing a dossier: lock its row (a team archive) and refuse the change with
    ``EditConflictError`` when it was made from an older version than the stored one (a
    colleague changed the dossier meanwhile); the change is then made as ``user``."""
    row = session.execute(
        select(Dossier.title, Dossier.version, Dossier.changed_by, Dossier.updated_at)
        .where(Dossier.id == dossier_id)
        .with_for_update()
    ).first()
    if row is None:
        raise KeyError(f"no dossier #{dossier_id}")
    what = f"the dossier “{row.title}”"
    check_version(what, row.version, expected_version, row.changed_by, row.updated_at)
    session.execute(update(Dossier).where(Dossier.id == dossier_id).values(changed_by=user))


def _check_articles(session: Session, article_ids: Sequence[int]) -> None:
    found: set[int] = set()
    for part in _chunks(article_ids):
        found.update(session.scalars(select(Article.id).where(Article.id.in_(part))))
    missing = [i for i in article_ids if i not in found]
    if missing:
        shown = ", ".join(f"#{i}" for i in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        raise KeyError(f"no article {shown}{more}")


def _write_order(
    session: Session, dossier_id: int, stored: dict[int, int], new: Sequence[int]
) -> None:
    """Store dense positions for the entries ``new`` lists, updating only the rows that differ
    from ``stored`` (ids not in ``stored`` are not rows yet: the caller inserts them)."""
    changed = [
        {"d": dossier_id, "a": a, "p": n}
        for n, a in enumerate(new)
        if a in stored and stored[a] != n
    ]
    if changed:
        # One Core executemany: the ORM's bulk UPDATE by primary key took 1.8x as long (10k rows).
        session.connection().execute(
            update(DossierEntry)
            .where(
                DossierEntry.dossier_id == bindparam("d"),
                DossierEntry.article_id == bindparam("a"),
            )
            .values(position=bindparam("p")),
            changed,
        )


def create(
    session: Session,
    title: str,
    *,
    subtitle: str | None = None,
    compiled_by: str | None = None,
    description: str | None = None,
    article_ids: Sequence[int] = (),
    query: str | None = None,
) -> int:
    values = {
        "title": clean_title(title),
        "subtitle": clean_text(subtitle, "subtitle"),
        "compiled_by": clean_text(compiled_by, "compiled by"),
        "description": clean_text(description, "description"),
    }
    ids = _unique(article_ids)
    if query is not None and query.strip():
        ids = _unique([*ids, *query_ids(session, query)])
    _check_articles(session, ids)
    now = _now()
    dossier_id = session.execute(
        insert(Dossier).values(**values, created_at=now, updated_at=now).returning(Dossier.id)
    ).scalar_one()
    _insert_entries(session, dossier_id, ids, start=0, note=None)
    return int(dossier_id)


def _insert_entries(
    session: Session, dossier_id: int, ids: Sequence[int], *, start: int, note: str | None
) -> None:
    if ids:
        session.execute(
            insert(DossierEntry),
            [
                {"dossier_id": dossier_id, "article_id": a, "position": start + n, "note": note}
                for n, a in enumerate(ids)
            ],
        )


def update_fields(
    session: Session,
    dossier_id: int,
    *,
    title: str | Unset = UNSET,
    subtitle: str | Unset | None = UNSET,
    compiled_by: str | Unset | None = UNSET,
    description: str | Unset | None = UNSET,
) -> None:
    _row(session, dossier_id)
    values: dict[str, object] = {}
    if not isinstance(title, Unset):
        values["title"] = clean_title(title)
    if not isinstance(subtitle, Unset):
        values["subtitle"] = clean_text(subtitle, "subtitle")
    if not isinstance(compiled_by, Unset):
        values["compiled_by"] = clean_text(compiled_by, "compiled by")
    if not isinstance(description, Unset):
        values["description"] = clean_text(description, "description")
    if values:
        session.execute(
            update(Dossier)
            .where(Dossier.id == dossier_id)
            .values(**values, updated_at=_now(), version=Dossier.version + 1)
        )


def add(
    session: Session,
    dossier_id: int,
    article_ids: Sequence[int],
    *,
    position: int | None = None,
    note: str | None = None,
) -> int:
    """Insert articles (at ``position``, else at the end); ids already present are skipped."""
    _row(session, dossier_id)
    wanted = _unique(article_ids)
    _check_articles(session, wanted)
    stored = _stored(session, dossier_id)
    order = list(stored)
    new = [a for a in wanted if a not in stored]
    if not new:
        return 0
    at = len(order) if position is None else max(0, min(int(position), len(order)))
    _write_order(session, dossier_id, stored, [*order[:at], *new, *order[at:]])
    _insert_entries(session, dossier_id, new, start=at, note=clean_text(note, "note"))
    _touch(session, dossier_id)
    return len(new)


def remove(session: Session, dossier_id: int, article_ids: Sequence[int]) -> int:
    _row(session, dossier_id)
    stored = _stored(session, dossier_id)
    gone = [a for a in _unique(article_ids) if a in stored]
    if not gone:
        return 0
    for part in _chunks(gone):
        session.execute(
            delete(DossierEntry).where(
                DossierEntry.dossier_id == dossier_id, DossierEntry.article_id.in_(part)
            )
        )
    gone_set = set(gone)
    _write_order(session, dossier_id, stored, [a for a in stored if a not in gone_set])
    _touch(session, dossier_id)
    return len(gone)


def move(session: Session, dossier_id: int, article_ids: Sequence[int], to_position: int) -> None:
    """Move entries so that the first of them ends up at ``to_position`` (clamped).

    The moved entries keep their relative order in the dossier and stay together.
    """
    _row(session, dossier_id)
    stored = _stored(session, dossier_id)
    order = list(stored)
    moving = set(_unique(article_ids))
    missing = sorted(moving.difference(order))
    if missing:
        raise KeyError(
            f"not in the dossier: {', '.join(f'#{i}' for i in missing[:10])}"
            + (" …" if len(missing) > 10 else "")
        )
    block = [a for a in order if a in moving]
    rest = [a for a in order if a not in moving]
    at = max(0, min(int(to_position), len(rest)))
    new = [*rest[:at], *block, *rest[at:]]
    if new != order:
        _touch(session, dossier_id)
    _write_order(session, dossier_id, stored, new)


def set_order(session: Session, dossier_id: int, article_ids_in_order: Sequence[int]) -> None:
    """Reorder a whole dossier (undo of a move).

    Listed ids that are not in the dossier are ignored (an article may have been deleted since);
    entries left out keep their relative order after the listed ones.
    """
    _row(session, dossier_id)
    stored = _stored(session, dossier_id)
    order = list(stored)
    listed = [a for a in _unique(article_ids_in_order) if a in stored]
    listed_set = set(listed)
    new = [*listed, *(a for a in order if a not in listed_set)]
    if new != order:
        _touch(session, dossier_id)
    _write_order(session, dossier_id, stored, new)


def set_note(session: Session, dossier_id: int, article_id: int, note: str | None) -> None:
    _row(session, dossier_id)
    result = session.execute(
        update(DossierEntry)
        .where(DossierEntry.dossier_id == dossier_id, DossierEntry.article_id == article_id)
        .values(note=clean_text(note, "note"))
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise KeyError(f"article #{article_id} is not in dossier #{dossier_id}")
    _touch(session, dossier_id)


def duplicate(session: Session, dossier_id: int, new_title: str | None = None) -> int:
    row = _row(session, dossier_id)
    title = clean_title(new_title) if new_title is not None else clean_title(f"{row.title} (copy)")
    now = _now()
    new_id = session.execute(
        insert(Dossier)
        .values(
            title=title,
            subtitle=row.subtitle,
            compiled_by=row.compiled_by,
            description=row.description,
            created_at=now,
            updated_at=now,
        )
        .returning(Dossier.id)
    ).scalar_one()
    entries = session.execute(
        select(DossierEntry.article_id, DossierEntry.note)
        .where(DossierEntry.dossier_id == dossier_id)
        .order_by(DossierEntry.position, DossierEntry.article_id)
    ).all()
    if entries:
        session.execute(
            insert(DossierEntry),
            [
                {"dossier_id": new_id, "article_id": a, "position": n, "note": note}
                for n, (a, note) in enumerate(entries)
            ],
        )
    return int(new_id)


def delete_dossier(session: Session, dossier_id: int) -> None:
    _row(session, dossier_id)
    session.execute(delete(Dossier).where(Dossier.id == dossier_id))


def restore(session: Session, saved: DossierDetail) -> int:
    """Re-create a deleted dossier from its detail: same id if still free, same entries and
    notes (articles deleted since are left out). Returns the id used."""
    dossier_id: int | None = saved.id if session.get(Dossier, saved.id) is None else None
    values: dict[str, object] = {
        "title": clean_title(saved.title),
        "subtitle": saved.subtitle,
        "compiled_by": saved.compiled_by,
        "description": saved.description,
        "created_at": saved.created,
        "updated_at": _now(),
    }
    if dossier_id is not None:
        values["id"] = dossier_id
    new_id = int(
        session.execute(insert(Dossier).values(**values).returning(Dossier.id)).scalar_one()
    )
    ids = _unique(e.article_id for e in saved.entries)
    existing: set[int] = set()
    for part in _chunks(ids):
        existing.update(session.scalars(select(Article.id).where(Article.id.in_(part))))
    notes = {e.article_id: e.note for e in saved.entries}
    kept = [a for a in ids if a in existing]
    if kept:
        session.execute(
            insert(DossierEntry),
            [
                {"dossier_id": new_id, "article_id": a, "position": n, "note": notes[a]}
                for n, a in enumerate(kept)
            ],
        )
    return new_id

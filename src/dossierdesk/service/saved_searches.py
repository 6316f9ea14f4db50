"""Saved searches (named query texts listed in the sidebar, table ``saved_searches``) and the
per-month counts of a query that the GUI shows next to them in its timeline strip."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from dossierdesk.query import compile_query
from dossierdesk.store.dialect_sql import year_month
from dossierdesk.store.models import Article, SavedSearch

MAX_NAME = 100


@dataclass(frozen=True, slots=True)
class SavedSearchInfo:
    id: int
    name: str
    query: str
    created_at: dt.datetime


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("a saved search needs a name")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"name too long ({MAX_NAME} characters at most)")
    return cleaned


def list_saved(session: Session) -> list[SavedSearchInfo]:
    rows = session.scalars(select(SavedSearch).order_by(SavedSearch.name)).all()
    return [SavedSearchInfo(r.id, r.name, r.query, r.created_at) for r in rows]


def save(session: Session, name: str, query: str, now: dt.datetime) -> SavedSearchInfo:
    """Store ``query`` under ``name``, replacing the query of an existing search of that name.

    The query is compiled first so a malformed one is refused (``QuerySyntaxError``).
    """
    name = _clean_name(name)
    compile_query(query)
    row = session.scalar(select(SavedSearch).where(SavedSearch.name == name))
    if row is None:
        row = SavedSearch(name=name, query=query, created_at=now)
        session.add(row)
    else:
        session.execute(update(SavedSearch).where(SavedSearch.id == row.id).values(query=query))
        row.query = query
    session.flush()
    return SavedSearchInfo(row.id, row.name, query, row.created_at)


def rename(session: Session, old: str, new: str) -> SavedSearchInfo:
    """Give the saved search ``old`` the name ``new`` (cleaned like any name). Raises
    ``KeyError`` when there is no such search, ``ValueError`` when the name is empty, too long
    or taken by another saved search."""
    new = _clean_name(new)
    row = session.scalar(select(SavedSearch).where(SavedSearch.name == old))
    if row is None:
        raise KeyError(f"no saved search “{old}”")
    if new != row.name:
        taken = session.scalar(select(SavedSearch.id).where(SavedSearch.name == new))
        if taken is not None:
            raise ValueError(f"a saved search is already called “{new}”")
        session.execute(update(SavedSearch).where(SavedSearch.id == row.id).values(name=new))
    return SavedSearchInfo(row.id, new, row.query, row.created_at)


def remove(session: Session, name: str) -> bool:
    result = session.execute(delete(SavedSearch).where(SavedSearch.name == name))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def month_counts(session: Session, query: str) -> list[tuple[str, int]]:
    """Articles per published month (``YYYY-MM``, ascending) among the results of ``query``.

    Used by the GUI's timeline strip; computed in SQL so large result sets are never listed.
    """
    compiled = compile_query(query)
    month = year_month(Article.published)
    stmt = select(month, func.count()).where(Article.published.is_not(None))
    if compiled.where is not None:
        stmt = stmt.where(compiled.where)
    rows = session.execute(stmt.group_by(month).order_by(month)).all()
    return [(str(m), int(n)) for m, n in rows]

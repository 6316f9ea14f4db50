"""Person rows (authors) by name, for writers that add many articles at once."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from dossierdesk.service.bulk_sql import VALUES, allocate_ids, insert_tuples, lookup
from dossierdesk.store.dialect_sql import insert_ignoring
from dossierdesk.store.models import Person

# Built once (an "expanding" parameter is one bound value per list item when run).
_PERSON_BY_NAME = select(Person.id, Person.name).where(Person.name.in_(VALUES))


class PersonCache:
    """Person ids by case-folded name, so a batch does one lookup per new name."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def resolve(self, conn: Connection, names: Iterable[str]) -> dict[str, int]:
        wanted = {n.casefold(): n for n in names}
        missing = [n for key, n in wanted.items() if key not in self._ids]
        for pid, name in lookup(conn, _PERSON_BY_NAME, missing):
            self._ids[name.casefold()] = pid
        new = [n for key, n in wanted.items() if key not in self._ids]
        if new and conn.dialect.name == "postgresql":
            # Other clients may add the same person meanwhile: rows whose name is taken are
            # skipped, and the names are then looked up.
            ids = allocate_ids(conn, Person.id, len(new))
            rows = [{"id": i, "name": n} for i, n in zip(ids, new, strict=True)]
            conn.execute(insert_ignoring(conn.dialect.name, Person), rows)
            for pid, name in lookup(conn, _PERSON_BY_NAME, new):
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

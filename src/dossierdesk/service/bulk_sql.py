"""Fast bulk SQL for the import: IN-list lookups and executemany INSERTs compiled once, and keys.

Imports write and look up thousands of rows per second; SQLAlchemy's per-statement and
per-row work (expanding IN lists, building parameter dicts) cost more than the SQL itself.
These helpers compile each statement shape once and hand tuples to the DB-API driver: the
same SQL, types and bound parameters. ``allocate_ids`` gives fresh keys (counted under a file
archive's write lock, taken from a team archive's sequences).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Boolean, Connection, Dialect, Select, bindparam, func, insert, select, text
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import BindParameter

from dossierdesk.service.rows import STORED_COLUMNS
from dossierdesk.store.models import Base

_IN_CHUNK = 400  # bound parameters per IN (...) list, well below SQLite's limit
_AnySelect = Select[*tuple[Any, ...]]
_Converters = list[tuple[int, Callable[[Any], Any]]]  # bind conversions by position

# Lookups built once (an "expanding" parameter is one bound value per list item when run):
# constructing and caching a fresh IN (...) statement per chunk costs more than running it.
VALUES: BindParameter[Any] = bindparam("values", expanding=True)


def lookup(conn: Connection, stmt: _AnySelect, values: list[Any]) -> Iterator[tuple[Any, ...]]:
    """Rows of a lookup (``SELECT … WHERE col IN (VALUES)``) for ``values``, in slices of at
    most ``_IN_CHUNK``.

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


_Expanded = tuple[str, list[Callable[[Any], Any] | None]]
# Compiled SQL is kept per dialect object and dropped with it: keyed by ``id(dialect)``, a
# SQLite dialect's SQL (``?`` placeholders) was handed to a later PostgreSQL dialect that
# happened to get the freed object's address.
_EXPANDED: WeakKeyDictionary[Dialect, dict[tuple[int, int], _Expanded]] = WeakKeyDictionary()


def _expanded(stmt: _AnySelect, size: int, dialect: Dialect) -> _Expanded:
    cache = _EXPANDED.setdefault(dialect, {})
    key = (id(stmt), size)  # the statements are module constants, alive as long as the module
    found = cache.get(key)
    if found is None:
        compiled = stmt.params(values=[None] * size).compile(
            dialect=dialect, compile_kwargs={"render_postcompile": True}
        )
        coltypes = [c.type for c in stmt.selected_columns]
        processors: list[Callable[[Any], Any] | None] = [
            t.dialect_impl(dialect).result_processor(dialect, None) for t in coltypes
        ]
        found = (str(compiled), processors if any(processors) else [])
        cache[key] = found
    return found


# Values passed on as they are: those in stored form already, and the original bytes (the
# sqlite3 module binds ``bytes`` as a BLOB; SQLAlchemy's processor only wraps them in a
# ``memoryview``, and the conversion cache hashed every file's bytes to look it up).
_AS_GIVEN = STORED_COLUMNS | {"data"}


def insert_tuples(
    conn: Connection, table: type[Base], keys: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> None:
    """``conn.execute(insert(table), rows)`` for many rows given as tuples of the values of
    ``keys`` (every column without a database-side default), faster.

    SQLAlchemy builds and type-converts a parameter dict per row (a third of the cost of
    writing an article). This compiles the INSERT once per table and key set, applies the
    columns' own bind processors (date and time columns) and hands the tuples to the DB-API
    ``executemany``: the same SQL, types and values, still bound parameters. Values of
    ``rows.STORED_COLUMNS`` must already be in stored form (``rows.stored_date``...), and
    ``data`` be ``bytes``: they are passed on as they are."""
    if not rows:
        return
    sql, order, converters = _tuple_plan(conn.dialect, table.__table__, keys)
    values: list[tuple[Any, ...]] = list(rows) if order is None else [order(row) for row in rows]
    if converters:
        values = _converted(values, converters)
    conn.exec_driver_sql(sql, values)


_TuplePlan = tuple[str, Callable[[tuple[Any, ...]], tuple[Any, ...]] | None, _Converters]
_TUPLE_PLANS: WeakKeyDictionary[Dialect, dict[tuple[str, tuple[str, ...]], _TuplePlan]] = (
    WeakKeyDictionary()
)


def _tuple_plan(dialect: Dialect, table: Any, keys: tuple[str, ...]) -> _TuplePlan:
    """The INSERT of ``keys`` (compiled once): its SQL, how to order a row's values as its
    parameters, and the bind conversions by position (those of ``_AS_GIVEN`` left out)."""
    plans = _TUPLE_PLANS.setdefault(dialect, {})
    cache_key = (table.name, keys)
    plan = plans.get(cache_key)
    if plan is None:
        defaulted = [
            col.key
            for col in table.columns
            if col.key not in keys and col.default is not None and col.default.is_scalar
        ]
        if defaulted:  # SQLAlchemy would fill them in; the callers here give every value
            raise ValueError(f"insert_tuples: {table.name} needs values for {sorted(defaulted)}")
        compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
        names = tuple(compiled.positiontup or ())
        # The column types' own conversions for this dialect (dates and times as text...).
        processors = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
        converters = [
            (i, proc)
            for i, (name, proc) in enumerate(zip(names, processors, strict=True))
            if proc is not None and name not in _AS_GIVEN
        ]
        if dialect.name == "postgresql":
            # Stored forms are SQLite's: a flag is 0/1, which PostgreSQL's boolean refuses.
            converters += [
                (i, _flag)
                for i, name in enumerate(names)
                if isinstance(table.c[name].type, Boolean) and name in _AS_GIVEN
            ]
        index = [keys.index(n) for n in names]
        order = None if index == list(range(len(keys))) else itemgetter(*index)
        plan = (str(compiled), order, converters)
        plans[cache_key] = plan
    return plan


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _converted(values: list[tuple[Any, ...]], converters: _Converters) -> list[tuple[Any, ...]]:
    """The values with the columns' bind conversions applied; the same dates and times recur
    (one import time for a whole chunk): each is converted once."""
    caches: list[dict[Any, Any]] = [{} for _ in converters]
    out = []
    for row_values in values:
        converted = list(row_values)
        for (index, convert), cache in zip(converters, caches, strict=True):
            value = converted[index]
            try:
                converted[index] = cache[value]
            except KeyError:
                converted[index] = cache[value] = convert(value)
        out.append(tuple(converted))
    return out


def allocate_ids(conn: Connection, column: InstrumentedAttribute[int], count: int) -> list[int]:
    """``count`` fresh keys for ``column``'s table: counted from ``next_id`` in a file archive
    (its writer holds the write lock), taken from the table's sequence in a team archive, where
    other clients insert at the same time (ascending, not always consecutive)."""
    if conn.dialect.name != "postgresql":
        first = next_id(conn, column)
        return list(range(first, first + count))
    table = column.class_.__tablename__
    rows = conn.execute(
        text("SELECT nextval(pg_get_serial_sequence(:table, :column)) FROM generate_series(1, :n)"),
        {"table": table, "column": column.key, "n": count},
    )
    return sorted(int(r[0]) for r in rows)


def next_id(conn: Connection, column: InstrumentedAttribute[int]) -> int:
    """The next free integer key. Ids are assigned here rather than returned by the database
    so that a chunk is one executemany (SQLite's RETURNING has no order guarantee for those);
    this is safe because the caller holds the archive's write lock for the whole transaction."""
    return int(conn.execute(select(func.coalesce(func.max(column), 0))).scalar_one()) + 1

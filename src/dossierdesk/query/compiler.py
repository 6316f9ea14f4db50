"""Syntax tree -> SQLAlchemy filter over ``Article`` plus the FTS5 string for ranking.

Full-text parts become ``articles.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH
:q)``. Text terms that sit side by side in an AND or an OR (including negated ones inside an AND,
as FTS5's binary ``NOT``) are merged into one MATCH string, so a typical query costs one FTS
lookup. User text only ever reaches FTS5 inside double-quoted FTS5 strings, and the MATCH string
itself, like every other value, is a bound parameter.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Select,
    and_,
    exists,
    func,
    not_,
    or_,
    select,
    union,
)
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement

from dossierdesk.query.fields import (
    DATE_FIELDS,
    FTS_COLUMNS,
    date_bounds,
    imported_bounds,
    normalize_virin,
    service_code,
)
from dossierdesk.query.parser import parse_query
from dossierdesk.query.syntax import And, FieldTerm, Node, Not, Or, Term
from dossierdesk.query.terms import leaf_words, positive_leaves, unique
from dossierdesk.store.dialect_sql import fts_match
from dossierdesk.store.fts import fts_table
from dossierdesk.store.models import (
    Article,
    ArticleAuthor,
    ArticleTag,
    Dossier,
    DossierEntry,
    Image,
    Person,
    Tag,
)


@dataclass(frozen=True)
class IdSets:
    """SELECTs of article ids whose intersection is exactly a query's matches.

    ``driver`` is the one to iterate (the text match when there is one: FTS5 lists its rows
    fastest), ``unique`` whether it yields each id once, ``filters`` the others (tested by
    membership).
    """

    driver: Select[Any] | CompoundSelect[Any]
    unique: bool
    filters: tuple[Select[Any] | CompoundSelect[Any], ...] = ()


@dataclass(frozen=True)
class CompiledQuery:
    """A query ready for SQL.

    ``where`` filters ``Article`` (``None``: everything). ``rank_match`` is an FTS5 MATCH string
    OR-ing every non-negated text term, for ``bm25()`` and ``snippet()`` (bm25 sums over the
    phrases, so OR scores a row like the AND would, and any row found through text matches it);
    ``None`` when the query has no such term. ``highlight_terms`` are those words and phrases as
    typed (prefix searches without their ``*``), for a reader pane to highlight.

    Shortcuts let searches avoid reading the articles table (speed only; ``where`` alone
    defines the result): ``fts_match`` is the MATCH string when ``where`` is exactly one
    full-text match; ``id_sets``, when the query is one filter that selects article ids from
    indexes (text, ``tag:``, ``service:``, ``virin:``, ``author:``, ``source:``) or text AND
    such filters or dates, are those SELECTs. Both forms of a field filter come from its one
    ``FieldPlan`` (``plan_field``).
    ``text_required``: every match matches ``rank_match`` (no branch of the query matches
    without a word), so ranking needs no outer join. ``text_part`` and ``other_where``: when
    the query is a text match AND other conditions, ``where`` is the same as
    ``articles.id IN (rows matching text_part) AND other_where`` (``None``: no other condition).
    ``text_ranks``: ``text_part`` holds every phrase of ``rank_match`` once (the query's other
    conditions have no words), so bm25 over ``text_part`` scores each match as over
    ``rank_match`` (negated phrases score 0 in a match) and ranking needs to score only the
    rows that match the text, not every row containing one of its words.
    """

    where: ColumnElement[bool] | None
    rank_match: str | None
    highlight_terms: tuple[str, ...]
    fts_match: str | None = None
    id_sets: IdSets | None = None
    text_required: bool = False
    text_part: str | None = None
    other_where: ColumnElement[bool] | None = None
    text_ranks: bool = False


def fts_string(text: str) -> str:
    """``text`` as an FTS5 string literal: inside one, FTS5 syntax characters are plain text.

    NUL would end the string early in FTS5's parser, so it becomes a space (a separator anyway).
    """
    return '"' + text.replace("\x00", " ").replace('"', '""') + '"'


def _leaf(node: Term | FieldTerm) -> str:
    text = node.text if isinstance(node, Term) else node.value
    expr = fts_string(text) + (" *" if node.prefix else "")
    if isinstance(node, FieldTerm):
        expr = f"{{{FTS_COLUMNS[node.name]}}} : {expr}"
    return expr


def _operand(node: Node, expr: str) -> str:
    return f"({expr})" if isinstance(node, And | Or) else expr


def _fts(node: Node) -> str | None:
    """The FTS5 expression of ``node`` if it is made only of text terms (FTS5 has no unary NOT,
    so a negation is expressible only next to a positive term of the same AND)."""
    if isinstance(node, Term):
        return _leaf(node)
    if isinstance(node, FieldTerm):
        return _leaf(node) if node.name in FTS_COLUMNS else None
    if isinstance(node, Or):
        parts = [_fts(c) for c in node.children]
        if any(p is None for p in parts):
            return None
        return " OR ".join(_operand(c, p) for c, p in zip(node.children, parts, strict=True) if p)
    if isinstance(node, And):
        positive, negative, rest = _split(node)
        return _and_not(positive, negative) if positive and not rest else None
    return None


def _split(node: And) -> tuple[list[str], list[tuple[Node, str]], list[Node]]:
    """An AND's children: FTS expressions of text terms, (operand, FTS expression) of negated
    text terms, and the other children."""
    positive: list[str] = []
    negative: list[tuple[Node, str]] = []
    rest: list[Node] = []
    for child in node.children:
        if (expr := _fts(child)) is not None:
            positive.append(_operand(child, expr))
        elif isinstance(child, Not) and (expr := _fts(child.child)) is not None:
            negative.append((child.child, expr))
        else:
            rest.append(child)
    return positive, negative, rest


def _any_of(negative: list[tuple[Node, str]]) -> str:
    return " OR ".join(_operand(node, expr) for node, expr in negative)


def _and_not(positive: list[str], negative: list[tuple[Node, str]]) -> str:
    """``p1 AND p2 NOT (n1 OR n2)``: FTS5's NOT is binary and binds tighter than AND, so
    ``p1 AND (p2 NOT (...))``, which means the same; one NOT avoids relying on associativity."""
    expr = " AND ".join(positive)
    if len(negative) == 1:
        expr += " NOT " + _operand(*negative[0])
    elif negative:
        expr += f" NOT ({_any_of(negative)})"
    return expr


def _rowids(match: str) -> Select[tuple[int]]:
    return select(fts_table().c.rowid).where(fts_match(match))


def _in_fts(match: str) -> ColumnElement[bool]:
    return Article.id.in_(_rowids(match))


def _not_in_fts(match: str) -> ColumnElement[bool]:
    return Article.id.not_in(_rowids(match))


@dataclass(frozen=True)
class FieldPlan:
    """The one definition of a field filter (``tag:x``, ``after:2020``…), both ways.

    ``where`` is the condition on ``Article``; ``ids``, when the filter can be read from
    indexes alone, SELECTs the same articles' ids (possibly repeated unless ``unique``);
    ``standalone``: that SELECT is also the fastest way to list the filter on its own (a date
    range is not: SQLite's plan over the articles table wins; its ids serve next to text).
    Searches pick either form (see ``CompiledQuery``); both come from here.
    """

    where: ColumnElement[bool]
    ids: Select[Any] | CompoundSelect[Any] | None = None
    unique: bool = False
    standalone: bool = True


def plan_field(node: FieldTerm, now: dt.datetime) -> FieldPlan:
    """The plan of a field filter other than a full-text column (``title:``…)."""
    # Filters on linked tables are uncorrelated ``id IN (SELECT article_id ...)`` rather than
    # EXISTS: SQLite runs the subquery once through the index on the filtered column, where a
    # correlated EXISTS probes every article (100k articles: tag: 8 ms vs 160 ms).
    name, value = node.name, node.value
    if name == "author":
        # Persons are few: find them first, then their articles through the index on
        # article_authors.person_id (a join would scan every authorship row).
        persons = select(Person.id).where(Person.name.icontains(value, autoescape=True))
        linked = select(ArticleAuthor.article_id).where(ArticleAuthor.person_id.in_(persons))
        byline = _contains(Article.byline, value)
        return FieldPlan(
            where=or_(Article.id.in_(linked), byline),
            ids=union(linked, select(Article.id).where(byline)),
            unique=True,  # a UNION
        )
    if name == "source":  # read from the source column's index
        source = _contains(Article.source, value)
        return FieldPlan(source, select(Article.id).where(source), unique=True)
    if name == "dossier":
        return FieldPlan(
            Article.id.in_(
                select(DossierEntry.article_id)
                .join(Dossier, Dossier.id == DossierEntry.dossier_id)
                .where(_dossier_match(value, node.prefix))
            )
        )
    ids: Select[Any] | None = None
    if name == "tag":
        if node.prefix:
            tag_match = Tag.name.istartswith(value, autoescape=True)
        else:
            tag_match = Tag.name == value  # the column's NOCASE collation applies
        ids = select(ArticleTag.article_id).join(Tag, Tag.id == ArticleTag.tag_id).where(tag_match)
    elif name == "virin":
        prefix = normalize_virin(value)
        ids = select(Image.article_id).where(_starts_with(Image.virin_normalized, prefix))
    elif name == "service":
        ids = select(Image.article_id).where(Image.virin_service == service_code(value))
    if ids is not None:
        return FieldPlan(Article.id.in_(ids), ids)
    if name == "has":
        if value == "images":
            return FieldPlan(Article.image_count > 0)
        if value == "virin":
            return FieldPlan(Article.virin_count > 0)
        if value == "date":  # a publication date is known (``-has:date``: the undated)
            return FieldPlan(Article.published.is_not(None))
        if value == "photo":  # an image of the article has its photo stored
            return FieldPlan(
                exists(
                    select(Image.id)
                    .where(Image.article_id == Article.id, Image.photo_id.is_not(None))
                    .correlate(Article)
                )
            )
        return FieldPlan(
            exists(
                select(ArticleTag.tag_id)
                .where(ArticleTag.article_id == Article.id)
                .correlate(Article)
            )
        )
    if name == "imported":
        dates = _between(Article.imported_at, *imported_bounds(value, now))
    else:
        assert name in DATE_FIELDS
        dates = _between(Article.published, *date_bounds(name, value))
    # The ids read from the date column's index.
    return FieldPlan(dates, select(Article.id).where(dates), unique=True, standalone=False)


class _Compiler:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def sql(self, node: Node) -> ColumnElement[bool]:
        if (match := _fts(node)) is not None:
            return _in_fts(match)
        if isinstance(node, Not):
            if (match := _fts(node.child)) is not None:
                return _not_in_fts(match)
            return not_(self.sql(node.child))
        if isinstance(node, And):
            return self._and(node)
        if isinstance(node, Or):
            texts: list[str] = []
            parts: list[ColumnElement[bool]] = []
            for child in node.children:
                if (match := _fts(child)) is not None:
                    texts.append(_operand(child, match))
                else:
                    parts.append(self.sql(child))
            if texts:
                parts.insert(0, _in_fts(" OR ".join(texts)))
            return or_(*parts)
        assert isinstance(node, FieldTerm)  # a Term always has an FTS form
        return plan_field(node, self.now).where

    def _and(self, node: And) -> ColumnElement[bool]:
        positive, negative, rest = _split(node)
        parts = [self.sql(child) for child in rest]
        if positive:
            parts.insert(0, _in_fts(_and_not(positive, negative)))
        elif negative:
            parts.insert(0, _not_in_fts(_any_of(negative)))
        return and_(*parts)


def _dossier_match(value: str, prefix: bool) -> ColumnElement[bool]:
    """Dossiers named by ``dossier:``: ``#12`` is an id, else the title, ignoring case (ASCII
    letters, as SQLite's ``lower()``) and runs of blanks, which titles never hold."""
    title = " ".join(value.split())
    if not prefix and title.startswith("#") and title[1:].isdigit():
        return Dossier.id == int(title[1:])
    if prefix:
        return Dossier.title.istartswith(title, autoescape=True)
    return func.lower(Dossier.title) == title.lower()


def _requires_text(node: Node) -> bool:
    """Whether every article ``node`` matches contains one of its positive text terms."""
    if isinstance(node, Term):
        return True
    if isinstance(node, FieldTerm):
        return node.name in FTS_COLUMNS
    if isinstance(node, And):
        return any(_requires_text(c) for c in node.children)
    if isinstance(node, Or):
        return all(_requires_text(c) for c in node.children)
    return False  # a negation


def _id_sets(node: Node, now: dt.datetime) -> tuple[str | None, IdSets | None]:
    """(``fts_match``, ``id_sets``) of a whole query: see ``CompiledQuery``."""
    if (match := _fts(node)) is not None:
        return match, IdSets(_rowids(match), unique=True)
    if isinstance(node, FieldTerm):
        plan = plan_field(node, now)
        if plan.ids is None or not plan.standalone:
            return None, None
        return None, IdSets(plan.ids, unique=plan.unique)
    if not isinstance(node, And):
        return None, None
    positive, negative, rest = _split(node)
    if not positive:
        # Without text, SQLite's own plan (one id list, cheap column tests for the rest) wins:
        # membership lists of broad filters (source:news, after:2015) cost more to build.
        return None, None
    others: list[Select[Any] | CompoundSelect[Any]] = []
    for child in rest:
        ids = plan_field(child, now).ids if isinstance(child, FieldTerm) else None
        if ids is None:
            return None, None
        others.append(ids)
    return None, IdSets(_rowids(_and_not(positive, negative)), True, tuple(others))


def _contains(column: InstrumentedAttribute[str | None], value: str) -> ColumnElement[bool]:
    """Case-insensitive substring test that is false, not NULL, for a NULL column (for NOT).

    The column (``source``, ``byline``) is indexed and holds few distinct values: the test
    runs once per distinct value, read from the index, and the articles are then found
    through the index (100,000 articles: 37 ms instead of 65 ms).
    """
    values = _distinct_values(column)
    matching = select(values.c.v).where(values.c.v.icontains(value, autoescape=True))
    return and_(column.is_not(None), column.in_(matching))


def _distinct_values(column: InstrumentedAttribute[str | None]) -> Any:
    """The column's distinct values, found by one index seek each (a "loose index scan"):
    the next value is the least one above the last. ``SELECT DISTINCT`` reads every entry of
    the index instead (1,000,000 articles, 4 sources: 41 ms against well under 1 ms)."""
    seen = _seen().c[column.key]
    start = select(select(func.min(seen)).scalar_subquery().label("v"))
    values = start.cte(f"distinct_{column.key}", recursive=True, nesting=True)
    step = select(func.min(seen)).where(seen > values.c.v).scalar_subquery()
    return values.union_all(select(step.label("v")).where(values.c.v.is_not(None)))


@functools.cache
def _seen() -> Any:
    """``articles AS seen``, made once: an alias builds a proxy of each of the table's columns
    when its columns are first read (1 ms of every ``author:`` or ``source:`` filter compiled);
    it is immutable, and each subquery reading it names it in its own FROM."""
    return Article.__table__.alias("seen")


def _starts_with(column: InstrumentedAttribute[str | None], prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix`` (case-sensitive), as a range the column's index serves.

    In UTF-8, SQLite's BINARY order is code point order, so the strings starting with ``prefix``
    are those in ``[prefix, prefix with its last character incremented)``.
    """
    last = ord(prefix[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:
        last = 0xE000  # skip the surrogates, which cannot be encoded
    if last > 0x10FFFF:
        return column.startswith(prefix, autoescape=True)
    return and_(column >= prefix, column < prefix[:-1] + chr(last))


def _between(
    column: InstrumentedAttribute[Any], low: dt.date | None, high: dt.date | None
) -> ColumnElement[bool]:
    """``low <= column < high``; false (never NULL) for a NULL column, so that NOT works."""
    conditions: list[ColumnElement[bool]] = [column.is_not(None)]
    if low is not None:
        conditions.append(column >= low)
    if high is not None:
        conditions.append(column < high)
    return and_(*conditions)


def compile_node(node: Node | None, *, now: dt.datetime | None = None) -> CompiledQuery:
    """Compile a syntax tree (see ``compile_query``)."""
    if node is None:
        return CompiledQuery(None, None, ())
    if now is None:
        now = dt.datetime.now()
    elif now.tzinfo is not None:
        now = now.astimezone().replace(tzinfo=None)  # imported_at is naive local time
    leaves = positive_leaves(node)
    rank = unique([_leaf(leaf) for leaf in leaves], fold=True)
    words = leaf_words(leaves)
    fts_match, id_sets = _id_sets(node, now)
    compiler = _Compiler(now)
    text_part, other_where = fts_match, None
    text_ranks = fts_match is not None and len(leaves) == len(rank)
    if fts_match is None and isinstance(node, And):
        positive, negative, rest = _split(node)
        if positive:
            text_part = _and_not(positive, negative)
            other_where = and_(*[compiler.sql(child) for child in rest]) if rest else None
            wordless = not any(positive_leaves(child) for child in rest)
            text_ranks = wordless and len(leaves) == len(rank)
    return CompiledQuery(
        where=compiler.sql(node),
        rank_match=" OR ".join(rank) if rank else None,
        highlight_terms=words,
        fts_match=fts_match,
        id_sets=id_sets,
        text_required=_requires_text(node),
        text_part=text_part,
        other_where=other_where,
        text_ranks=text_ranks,
    )


# The queries each thread compiled last (see ``compile_query``).
RECENT_QUERIES = 8
_recent = threading.local()


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)  # imported_at is stored to the second


def compile_query(text: str, *, now: dt.datetime | None = None) -> CompiledQuery:
    """Parse and compile query text; raises QuerySyntaxError for a malformed query.

    ``now`` (default: the current local time, to the second) anchors ``imported:today`` and
    ``imported:7d``.

    Without ``now``, a thread's last ``RECENT_QUERIES`` compilations within the same second
    are reused: one search in the window compiles its query for the first page, the count,
    the snippets, the month counts and the facets, one after another on the same thread,
    and an ``author:`` filter alone takes 2–3 ms to build. A ``CompiledQuery`` is never
    changed once made; each thread keeps its own, so none is shared between threads.
    """
    if now is not None:
        return compile_node(parse_query(text), now=now)
    moment = _now()
    recent: OrderedDict[tuple[str, dt.datetime], CompiledQuery] | None = getattr(
        _recent, "queries", None
    )
    if recent is None:
        recent = _recent.queries = OrderedDict()
    key = (text, moment)
    compiled = recent.get(key)
    if compiled is None:
        compiled = recent[key] = compile_node(parse_query(text), now=moment)
        while len(recent) > RECENT_QUERIES:
            recent.popitem(last=False)
    else:
        recent.move_to_end(key)
    return compiled

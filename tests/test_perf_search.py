"""The search shortcuts (counting in the FTS or filter indexes, inner-join ranking, walking the
date index) give exactly the results of the plain ``where`` filter they stand in for."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from sqlalchemy import event, select

from dossierdesk.query import CompiledQuery, compile_query
from dossierdesk.service import Archive, match_filters, title_tiers
from dossierdesk.service import search as search_sql
from dossierdesk.store.models import PUBLISHED_INDEX, Article
from synthetic_archive import ArticleFactory, synthetic_archive

N = 400
T = TypeVar("T")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, list[str]]]:
    folder = tmp_path_factory.mktemp("synthetic")
    with synthetic_archive(folder, N, seed=3) as (archive, factory):
        rng = random.Random(5)
        ids = list(archive.search("").ids)
        archive.add_tags(rng.sample(ids, N // 4), ["ukraine"])
        archive.add_tags(rng.sample(ids, N // 40), ["dprk"])
        v = factory.vocab
        w5, w30, w200 = v[5], v[30], v[200]
        queries = [
            w5,
            w30,
            f"{w30} {w200}",
            f"{w30} OR {w200}",
            f"{w200} -{w5}",
            f"{w200[:4]}*",
            f"title:{w30}",
            f"{w30} {w30.upper()}",  # a repeated word: the rank and filter strings differ
            "author:vergun",
            'source:"dod news"',
            "source:news -author:garamone",
            "tag:ukraine",
            "tag:dprk",
            "-tag:ukraine",
            "service:navy",
            "virin:15",
            "date:2014-01..2014-06",
            f"after:2020-01-01 {w30}",
            f"({w200} OR {w30}) tag:ukraine",
            f"tag:ukraine {w5}",  # with bm25 title tiers: the rest walked (``_dense_rest``)
            f"author:vergun {w5}",
            f"tag:dprk {w5}",  # a rare filter: the rest sorted
            "tag:ukraine service:army after:2012",
            f"{w30} OR tag:dprk",
            f"before:2015 -{w5}",
            "nosuchwordanywhere",
            "tag:nosuchtag",
        ]
        yield archive, queries


def _plain(compiled: CompiledQuery) -> CompiledQuery:
    """The same query without any shortcut: the reference behaviour."""
    return dataclasses.replace(
        compiled,
        fts_match=None,
        id_sets=None,
        text_required=False,
        text_part=None,
        other_where=None,
        text_ranks=False,
    )


def _ids_by_where(archive: Archive, compiled: CompiledQuery) -> set[int]:
    with archive._read() as session:
        stmt = select(Article.id)
        if compiled.where is not None:
            stmt = stmt.where(compiled.where)
        return set(session.scalars(stmt))


def _run(archive: Archive, read: Callable[[], T]) -> tuple[T, list[str]]:
    """What ``read`` returns, and the SQL statements it ran on ``archive``."""
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(archive._engine, "before_cursor_execute", seen)
    try:
        return read(), statements
    finally:
        event.remove(archive._engine, "before_cursor_execute", seen)


@pytest.mark.parametrize(
    "rank_limit,title_limit",
    [(title_tiers.FULL_RANK_LIMIT, title_tiers.TITLE_RANK_LIMIT), (5, 5000), (5, 5)],
)
def test_shortcuts_match_the_plain_filter(
    synthetic: tuple[Archive, list[str]],
    rank_limit: int,
    title_limit: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every way of reading a page (shortcuts, tiers bm25-ranked or newest first, date index
    walks) gives the rows and the order of the plain query."""
    archive, queries = synthetic
    monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", rank_limit)
    monkeypatch.setattr(title_tiers, "TITLE_RANK_LIMIT", title_limit)
    shortcuts_used = 0
    for query in queries:
        fast = compile_query(query)
        slow = _plain(fast)
        shortcuts_used += fast.id_sets is not None or fast.text_required
        expected = _ids_by_where(archive, fast)
        with archive._read() as session:
            total = search_sql.count(session, fast)
            assert total == search_sql.count(session, slow) == len(expected), query
            for bound in (1, 7, total, total + 5):  # a count that stops at ``bound``
                for compiled in (fast, slow):
                    counted = search_sql.count(session, compiled, at_most=bound)
                    assert counted == min(total, bound), (query, bound)
            for sort in ("relevance", "-date", "title"):
                spec = search_sql.SortSpec.parse(sort)
                for offset, limit in ((0, 10), (10, 10), (0, None)):
                    want = search_sql.ids(session, slow, spec, offset, limit, total)
                    got = search_sql.ids(session, fast, spec, offset, limit, total)
                    assert got == want, (query, sort, offset, limit)
                    # without the total (the window's pages): the same ranking tier
                    unknown = search_sql.ids(session, fast, spec, offset, limit)
                    assert unknown == want, (query, sort, offset, limit, "no total")
                every = search_sql.ids(session, fast, spec, 0, None, total)
                assert set(every) == expected and len(every) == total, (query, sort)
    assert shortcuts_used >= len(queries) // 2


def test_common_filters_walk_the_date_index(
    synthetic: tuple[Archive, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, _ = synthetic
    compiled = compile_query("tag:ukraine")
    with archive._read() as session:
        total = search_sql.count(session, compiled)
        assert search_sql._walk_index(session, compiled, 50, total)
        assert not search_sql._walk_index(session, compile_query("tag:dprk"), 50, N // 40)
        assert not search_sql._walk_index(session, compiled, None, total)
    page = archive.search("tag:ukraine", sort="-date", limit=20)
    everything = archive.search("tag:ukraine", sort="-date")
    assert page.ids == everything.ids[:20]
    assert page.total == everything.total == N // 4


@pytest.mark.parametrize("query", ["tag:ukraine", 'source:"dod news"'])
def test_a_window_page_of_a_common_filter_walks_the_date_index(
    synthetic: tuple[Archive, list[str]], query: str
) -> None:
    """Without a total (the window's first page), a bounded count finds the filter common and
    the page is read through the date index, in the same order as the whole result."""
    archive, _ = synthetic
    compiled = compile_query(query)
    with archive._read() as session:
        assert search_sql._walk_index(session, compiled, 50, None)
        assert not search_sql._walk_index(session, compile_query("tag:dprk"), 50, None)
    (first, later), statements = _run(
        archive,
        lambda: (
            archive.search_ids(query, sort="-date", limit=30),
            archive.search_ids(query, sort="-date", offset=30, limit=30),
        ),
    )
    assert sum(f"INDEXED BY {PUBLISHED_INDEX}" in s for s in statements) == 2
    assert first + later == archive.search(query, sort="-date").ids[:60]
    oldest = archive.search_ids(query, sort="date", limit=30)  # not the index's order
    assert oldest == archive.search(query, sort="date").ids[:30]


@pytest.mark.parametrize("field,column", [("source", Article.source), ("author", Article.byline)])
def test_substring_filters_find_every_distinct_value(
    synthetic: tuple[Archive, list[str]], field: str, column: object
) -> None:
    """The distinct values are read by index seeks (a loose index scan): every value, once."""
    archive, _ = synthetic
    with archive._read() as session:
        rows = session.execute(select(Article.id, column)).all()  # type: ignore[call-overload]
    values = {value for _id, value in rows if value}
    assert len(values) > 2
    for value in sorted(values)[:3] + sorted(values)[-2:]:
        part = value[1:-1].lower()
        expected = {i for i, v in rows if v and part in v.lower()}
        found = set(archive.search(f'{field}:"{part}"').ids)
        assert expected <= found, value  # author: also matches linked persons
        if field == "source":
            assert found == expected, value


def test_newest_first_title_tiers_walk_the_date_index_when_every_condition_is_an_id_list(
    synthetic: tuple[Archive, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, queries = synthetic
    word = queries[0]  # in nearly every article
    monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", 5)
    monkeypatch.setattr(title_tiers, "TITLE_RANK_LIMIT", 5)
    hint = f"INDEXED BY {PUBLISHED_INDEX}"
    cases = [(word, True), (f"tag:ukraine {word}", True), (f"date:2015 {word}", True)]
    cases.append((f"{word} -tag:ukraine", False))  # a NOT is no id list: the planner chooses
    cases.append((f"tag:dprk {word}", False))  # a rare filter: the planner chooses
    for query, walks in cases:
        page, statements = _run(
            archive,
            lambda q=query: archive.search_ids(q, sort="relevance", offset=5, limit=40),
        )
        assert any(hint in s for s in statements) == walks, query
        assert page == archive.search(query, sort="relevance").ids[5:45], query


@pytest.mark.parametrize(
    "query,walks",
    [
        ("tag:ukraine {w5}", True),  # each list 1 article in 4 or more
        ('source:"dod news" {w5}', True),
        ("tag:ukraine after:2012 {w5}", True),
        ("author:vergun {w5}", False),  # 1 article in 11
        ("tag:dprk {w5}", False),  # 1 article in 40: the planner starts from it
        ("tag:ukraine {few}", False),  # a word in few articles
        ("{w5}", False),  # no filter: nothing to walk past
        ("{w5} -tag:ukraine", False),  # a NOT is no id list
    ],
)
def test_the_rest_of_words_and_filters_walks_the_date_index_when_every_list_is_dense(
    synthetic: tuple[Archive, list[str]], monkeypatch: pytest.MonkeyPatch, query: str, walks: bool
) -> None:
    """With bm25-ranked title tiers (few titles hold the words), the last tier of a query of
    words and filters is walked newest first only when every list it intersects holds at least
    1 article in ``DENSE_REST_SHARE``: even a walk that finds nothing then costs about what
    sorting the shortest list would."""
    archive, queries = synthetic
    few = next(w for w in ArticleFactory(seed=3).vocab[200:] if 6 <= archive.count(w) < N // 20)
    query = query.format(w5=queries[0], few=few)
    monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", 5)
    hint = f"INDEXED BY {PUBLISHED_INDEX}"
    page, statements = _run(
        archive, lambda: archive.search_ids(query, sort="relevance", offset=3, limit=30)
    )
    assert any(hint in s for s in statements) == walks, query
    assert page == archive.search(query, sort="relevance").ids[3:33], query
    with archive._read() as session:
        compiled = compile_query(query)
        walked = title_tiers._dense_rest(session, compiled)
        assert walked == (walks and compiled.id_sets is not None), query


def test_a_page_the_titles_fill_never_plans_the_rest(
    synthetic: tuple[Archive, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last tier's plan is chosen by counting its lists: a page the title tiers fill does
    not pay for it."""
    archive, _ = synthetic
    monkeypatch.setattr(title_tiers, "FULL_RANK_LIMIT", 5)
    word = next(w for w in ArticleFactory(seed=3).vocab if archive.count(f"tag:ukraine title:{w}"))
    query = f"tag:ukraine {word}"
    planned: list[bool] = []
    real = title_tiers._dense_rest

    def counted(session: object, compiled: CompiledQuery) -> bool:
        planned.append(True)
        return real(session, compiled)  # type: ignore[arg-type]

    monkeypatch.setattr(title_tiers, "_dense_rest", counted)
    assert archive.search_ids(query, sort="relevance", limit=1)
    assert planned == []
    everything = archive.search_ids(query, sort="relevance", limit=None)
    assert planned == [True]
    assert everything == archive.search(query, sort="relevance").ids


@pytest.mark.parametrize("value", ["vergun", "garamone", "a", "nosuchauthor"])
def test_a_union_is_counted_by_its_parts_where_they_tell(
    synthetic: tuple[Archive, list[str]], value: str
) -> None:
    """``at_least`` on an ``author:`` filter (a UNION of authorships and bylines) answers as
    counting the union would, for every threshold; the union itself is counted only when its
    parts' counts leave the answer open (its largest part below the threshold, their sum at
    or above it)."""
    archive, _ = synthetic
    sets = compile_query(f"author:{value}").id_sets
    assert sets is not None
    union = sets.driver
    parts = match_filters._union_parts(union)
    assert len(parts) == 2
    with archive._read() as session:
        total = match_filters.count_rows(session, union)
        sizes = [match_filters.count_rows(session, part) for part in parts]
        for n in range(0, total + 3):
            answer, statements = _run(
                archive, lambda n=n: match_filters.at_least(session, union, n)
            )
            assert answer == (total >= n), (value, n)
            # (the byline part's own recursive CTE is a UNION ALL)
            counted_union = any(" UNION SELECT " in " ".join(s.split()) for s in statements)
            assert counted_union == (max(sizes) < n <= sum(sizes)), (value, n, sizes)

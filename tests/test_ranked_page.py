"""A relevance page read from the best-scored rows (``service.ranked_page``) is the page of the
full relevance order, ties included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from dossierdesk.importers import SourceFile
from dossierdesk.query import compile_query
from dossierdesk.service import Archive, ranked_page, search
from dossierdesk.store.models import Article
from synthetic_archive import synthetic_archive

N = 300
PAGES = [(0, 1), (0, 10), (3, 7), (20, 30), (0, 1000)]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, list[str]]]:
    folder = tmp_path_factory.mktemp("ranked")
    with synthetic_archive(folder, N, seed=11) as (archive, factory):
        words = [w for w in factory.vocab if w.isalpha() and len(w) > 3]

        def first(make: str, least: int = 31, most: int = N - 20) -> str:
            """The first query made from ``make`` and two words of the vocabulary that
            matches between ``least`` and ``most`` articles."""
            return next(
                query
                for a in words[:80]
                for b in words[:80]
                if a != b and least <= archive.count(query := make.format(a=a, b=b)) <= most
            )

        yield (
            archive,
            [
                first("{a}", least=N // 2),
                first("{a}"),
                first("{a} -{b}"),
                first("{a} {b}"),
                first("title:{a}"),
            ],
        )


def _page(archive: Archive, query: str, offset: int, limit: int) -> list[int] | None:
    with archive._read() as session:
        return ranked_page.top_page(session, compile_query(query), True, offset, limit)


@pytest.mark.parametrize("least", [0, 10**9])
@pytest.mark.parametrize("which", range(5))
def test_a_page_of_words_is_the_full_orders_page(
    synthetic: tuple[Archive, list[str]], monkeypatch: pytest.MonkeyPatch, which: int, least: int
) -> None:
    """Read from the best-scored rows (the searches' threshold set to 0) or in full, every
    page is that of the whole relevance order."""
    monkeypatch.setattr(search, "BOUNDED_RANK_LEAST", least)
    archive, queries = synthetic
    query = queries[which]
    everything = archive.search(query, sort="relevance").ids
    assert len(everything) > 30, query  # pages within and past the matches
    read_so = 0
    for offset, limit in PAGES:
        page = archive.search_ids(query, sort="relevance", offset=offset, limit=limit)
        assert page == everything[offset : offset + limit], (query, offset, limit)
        bounded = _page(archive, query, offset, limit)
        if bounded is not None:
            assert bounded == [*page], (query, offset, limit)
            read_so += 1
    # The bounded read serves pages, except for titles (left to the full statement)
    assert bool(read_so) == (not query.startswith("title:")), query


@pytest.mark.parametrize("query", ["{w} tag:x", "{w} OR tag:x", "{w} -tag:x", "tag:x"])
def test_queries_with_filters_are_left_to_the_full_statement(
    synthetic: tuple[Archive, list[str]], query: str
) -> None:
    archive, queries = synthetic
    assert _page(archive, query.format(w=queries[0]), 0, 10) is None


def _tied(day: dt.date | None, index: int) -> str:
    """An article whose body scores as every other's for "zebra": one in the same number of
    words; its title and date (or none) its own."""
    head = [f"Report number {index} Of The Week"]
    if day is not None:
        head = [
            f" date {day.isoformat()} An official website of the United States Government ",
            *head,
            "",
            f"{day.strftime('%b')}. {day.day}, {day.year} | By Jim Garamone, DOD News",
        ]
    return "\n".join(
        [
            *head,
            "",
            f"The zebra crossed field number w{index:03d} before the sun went down over it.",
            "",
            "Officials said the crossing was part of a planned exercise in the region today.",
        ]
    )


@pytest.mark.parametrize("room", [64, 2])
def test_a_tie_across_the_pages_end_is_ordered_by_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, room: int
) -> None:
    """Rows sharing the page's last score are put in order by their dates, when they were all
    read (``TIE_ROOM`` rows past the page); else the full statement orders them."""
    monkeypatch.setattr(ranked_page, "TIE_ROOM", room)
    # Undated articles first and last in import order: they come after every dated one.
    days: list[dt.date | None] = [None, None]
    days += [dt.date(2015, 1, 1) + dt.timedelta(days=37 * i) for i in range(10)]
    days += [None]
    with Archive(tmp_path / "tied.sqlite3") as archive:
        archive.import_sources(
            [SourceFile(f"t/{i}.txt", _tied(day, i).encode()) for i, day in enumerate(days)]
        )
        everything = archive.search("zebra", sort="relevance").ids
        assert len(everything) == 13
        with archive._read() as session:
            undated = session.scalars(select(Article.id).where(Article.published.is_(None)))
            assert sorted(undated) == [1, 2, 13]
        assert everything == (*range(12, 2, -1), 13, 2, 1)  # all tie: newest first, undated last
        # The tie crosses the page's end: read whole with room to spare, else not read so
        assert _page(archive, "zebra", 0, 5) == ([*everything[:5]] if room > 13 else None)
        assert _page(archive, "zebra", 0, 13) == list(everything)  # no row after the page
        for offset, limit in [(0, 5), (4, 4), (9, 3), (11, 5)]:
            page = archive.search_ids("zebra", sort="relevance", offset=offset, limit=limit)
            assert page == everything[offset : offset + limit]


def test_an_index_entry_without_its_article_is_left_to_the_full_statement(
    tmp_path: Path,
) -> None:
    """A damaged index (an entry whose article is gone) is read as the full statement reads
    it: the entry is left out, and the page still holds ``limit`` articles."""
    days = [dt.date(2016, 1, 1) + dt.timedelta(days=11 * i) for i in range(8)]
    with Archive(tmp_path / "ghost.sqlite3") as archive:
        archive.import_sources(
            [SourceFile(f"t/{i}.txt", _tied(day, i).encode()) for i, day in enumerate(days)]
        )
        with archive._write() as session:
            session.execute(
                text(
                    "INSERT INTO articles_fts(rowid, title, body, captions, credits)"
                    " VALUES (999, 'zebra zebra', 'zebra zebra zebra', '', '')"
                )
            )
        assert _page(archive, "zebra", 0, 3) is None
        page = archive.search_ids("zebra", sort="relevance", offset=0, limit=3)
        assert len(page) == 3 and 999 not in page

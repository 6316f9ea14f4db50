"""The lazy article table model."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from tests.gui.conftest import fill_synthetic, show_idle, wait_idle

from dossierdesk.gui.models.article_columns import COL_DATE, COL_TAGS, COL_TITLE, ID_ROLE
from dossierdesk.gui.models.article_table import (
    PAGE_SIZE,
    ArticleTableModel,
    article_ids_from_mime,
)
from dossierdesk.service import Archive

pytestmark = pytest.mark.both_backends


def test_model_passes_qt_model_tester(qtmodeltester: Any, seeded_archive: Archive) -> None:
    model = ArticleTableModel(seeded_archive)
    model.set_ids(seeded_archive.search("").ids)
    qtmodeltester.check(model)


def test_rows_show_summaries_in_id_order(seeded_archive: Archive) -> None:
    ids = seeded_archive.search("", sort="title").ids
    model = ArticleTableModel(seeded_archive)
    model.set_ids(ids)
    titles = [model.index(r, COL_TITLE).data() for r in range(model.rowCount())]
    expected = [s.title for s in seeded_archive.summaries(ids)]
    assert titles == expected
    tagged = seeded_archive.search("tag:ukraine").ids[0]
    row = model.row_of(tagged)
    assert row is not None
    assert "ukraine" in model.index(row, COL_TAGS).data()


def test_sort_asks_for_sql_sort_instead_of_sorting_in_memory(
    qtbot: Any, seeded_archive: Archive
) -> None:
    model = ArticleTableModel(seeded_archive)
    with qtbot.waitSignal(model.sortRequested) as blocker:
        model.sort(COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert blocker.args == ["title"]
    with qtbot.waitSignal(model.sortRequested) as blocker:
        model.sort(COL_DATE, Qt.SortOrder.DescendingOrder)
    assert blocker.args == ["-date"]
    with qtbot.assertNotEmitted(model.sortRequested):
        model.sort(COL_TAGS, Qt.SortOrder.AscendingOrder)  # not sortable in SQL


def test_only_visited_pages_are_fetched(archive: Archive) -> None:
    fill_synthetic(archive, 3 * PAGE_SIZE)
    model = ArticleTableModel(archive)
    model.set_ids(archive.search("").ids)
    assert model.summaries_fetched == 0
    model.index(5, COL_TITLE).data()
    model.index(6, COL_TITLE).data()
    assert model.summaries_fetched == PAGE_SIZE
    model.index(2 * PAGE_SIZE + 1, COL_TITLE).data()
    assert model.summaries_fetched == 2 * PAGE_SIZE


def test_mime_data_carries_article_ids(seeded_archive: Archive) -> None:
    model = ArticleTableModel(seeded_archive)
    ids = seeded_archive.search("").ids
    model.set_ids(ids)
    mime = model.mimeData([model.index(0, 0), model.index(0, 1), model.index(2, 0)])
    assert article_ids_from_mime(mime) == [ids[0], ids[2]]


def test_window_on_20000_articles_does_not_load_every_row(
    qtbot: Any, archive: Archive, make_window: Any
) -> None:
    fill_synthetic(archive, 20_000)
    window = make_window(archive)
    show_idle(qtbot, window)
    model = window.table_model
    assert model.rowCount() == 20_000
    assert window.count_label.text() == "20,000 articles"
    qtbot.waitUntil(lambda: model.summaries_fetched > 0)  # the first page was painted
    window.table.scrollToBottom()  # the last page is fetched on the worker, then painted
    qtbot.waitUntil(lambda: model.index(19_999, COL_TITLE).data() is not None)
    assert model.index(19_999, COL_TITLE).data().startswith("Synthetic article")
    assert model.summaries_fetched <= 5 * PAGE_SIZE
    assert model.cached_rows() <= 5 * PAGE_SIZE
    assert model.known_ids() <= 5 * PAGE_SIZE  # the window never lists every matching id


def test_a_refresh_keeps_the_view_without_listing_every_id(
    qtbot: Any, archive: Archive, make_window: Any
) -> None:
    """What the window does after an import or an edit (``refresh_all``) remembers the
    selection, current and top rows from the rows it has: it never reads every id of the
    result on the GUI thread (on 100,000 articles that froze the window at each import's
    end; on a million, for seconds)."""
    fill_synthetic(archive, 3000)
    window = make_window(archive)
    show_idle(qtbot, window)
    model = window.table_model
    assert model.rowCount() == 3000 and model.known_ids() < 3000
    window.table.selectRow(3)
    chosen = model.article_id(3)
    source = model._id_source
    every: list[int | None] = []

    def counting(offset: int, limit: int | None) -> Any:
        if limit is None:
            every.append(limit)
        return source(offset, limit)

    model._id_source = counting
    window.refresh_all()
    assert every == []
    wait_idle(qtbot, window)
    assert window.selected_ids() == [chosen]  # the selection came back
    assert model.known_ids() < 3000


def test_background_pages_fill_cells_and_stale_pages_are_dropped(
    qtbot: Any, archive: Archive
) -> None:
    fill_synthetic(archive, 3 * PAGE_SIZE)
    ids = archive.search("").ids
    model = ArticleTableModel(archive)
    requests: list[tuple[int, int, tuple[int, ...]]] = []
    model.set_page_loader(lambda epoch, number, page: requests.append((epoch, number, page)))
    model.set_ids(ids, archive.summaries(ids[:PAGE_SIZE]))
    assert model.index(3, COL_TITLE).data().startswith("Synthetic")  # first page given
    assert requests == []
    assert model.index(PAGE_SIZE + 1, COL_TITLE).data() is None  # asked for, not read here
    model.index(PAGE_SIZE + 2, COL_TITLE).data()
    assert len(requests) == 1  # one request per page
    epoch, number, page_ids = requests[0]
    assert number == 1 and page_ids == ids[PAGE_SIZE : 2 * PAGE_SIZE]
    with qtbot.waitSignal(model.dataChanged):
        model.deliver_page(epoch, number, archive.summaries(page_ids))
    assert model.index(PAGE_SIZE + 1, COL_TITLE).data().startswith("Synthetic")
    # a page requested for old ids arrives after new ids were set: ignored
    model.index(2 * PAGE_SIZE, COL_TITLE).data()
    old_epoch, old_number, old_ids = requests[-1]
    model.set_ids(tuple(reversed(ids)))
    with qtbot.assertNotEmitted(model.dataChanged):
        model.deliver_page(old_epoch, old_number, archive.summaries(old_ids))
    assert model.cached_rows() == 0


def test_pages_scrolled_past_are_skipped_and_asked_again(archive: Archive) -> None:
    fill_synthetic(archive, 10 * PAGE_SIZE)
    ids = archive.search("").ids
    model = ArticleTableModel(archive)
    requests: list[tuple[int, int, tuple[int, ...]]] = []
    model.set_page_loader(lambda epoch, number, page: requests.append((epoch, number, page)))
    model.set_ids(ids)
    model.index(1, COL_TITLE).data()  # page 0 wanted
    epoch = requests[0][0]
    assert model.page_wanted(epoch, 0)
    model.index(9 * PAGE_SIZE, COL_TITLE).data()  # the user jumped to the end
    assert not model.page_wanted(epoch, 0)
    assert model.page_wanted(epoch, 9)
    model.deliver_page(epoch, 0, None)  # the worker skipped it
    assert model.cached_rows() == 0
    model.index(1, COL_TITLE).data()  # shown again: asked again
    assert [n for _e, n, _p in requests] == [0, 9, 0]
    model.set_ids(ids)
    assert not model.page_wanted(epoch, 0)  # ids changed: every old request is stale


def test_a_paged_result_reads_ids_a_page_at_a_time(qtbot: Any, archive: Archive) -> None:
    fill_synthetic(archive, 5 * PAGE_SIZE)
    every = archive.search("").ids
    model = ArticleTableModel(archive)
    reads: list[tuple[int, int | None]] = []

    def source(offset: int, limit: int | None) -> tuple[int, ...]:
        reads.append((offset, limit))
        return archive.search_ids("", offset=offset, limit=limit)

    model.set_id_source(source)
    first = every[:PAGE_SIZE]
    model.set_result(PAGE_SIZE, {0: first}, archive.summaries(first))
    assert model.rowCount() == PAGE_SIZE  # provisional: the count follows
    with qtbot.waitSignal(model.rowsInserted):
        model.set_total(len(every))
    assert model.rowCount() == len(every)
    assert model.known_ids() == PAGE_SIZE
    # a painted row of an unread page: its ids and summaries are read together
    assert model.index(3 * PAGE_SIZE + 1, COL_TITLE).data().startswith("Synthetic")
    assert reads == [(3 * PAGE_SIZE, PAGE_SIZE)]
    assert model.article_id(3 * PAGE_SIZE + 1) == every[3 * PAGE_SIZE + 1]
    assert model.row_of(every[3 * PAGE_SIZE + 7]) == 3 * PAGE_SIZE + 7
    assert model.row_of(every[2 * PAGE_SIZE]) is None  # not read yet
    assert model.ids() == every  # the three missing pages, one read each
    assert reads[1:] == [
        (PAGE_SIZE, PAGE_SIZE),
        (2 * PAGE_SIZE, PAGE_SIZE),
        (4 * PAGE_SIZE, PAGE_SIZE),
    ]
    with qtbot.waitSignal(model.rowsRemoved):
        model.set_total(PAGE_SIZE + 5)
    assert model.ids() == every[: PAGE_SIZE + 5]


def test_background_pages_bring_their_ids(qtbot: Any, archive: Archive) -> None:
    fill_synthetic(archive, 3 * PAGE_SIZE)
    every = archive.search("").ids
    model = ArticleTableModel(archive)
    requests: list[tuple[int, int, tuple[int, ...] | None]] = []
    model.set_page_loader(lambda epoch, number, page: requests.append((epoch, number, page)))
    model.set_result(len(every), {0: every[:PAGE_SIZE]})
    assert model.index(2 * PAGE_SIZE, COL_TITLE).data() is None
    epoch, number, ids = requests[-1]
    assert (number, ids) == (2, None)  # the loader reads the page's ids too
    page = every[2 * PAGE_SIZE :]
    with qtbot.waitSignal(model.dataChanged):
        model.deliver_page(epoch, number, archive.summaries(page), page)
    assert model.index(2 * PAGE_SIZE, 0).data(ID_ROLE) == page[0]
    assert model.index(2 * PAGE_SIZE, COL_TITLE).data().startswith("Synthetic")


def test_the_ids_of_ranges_of_rows_are_those_of_their_rows(archive: Archive) -> None:
    """``article_ids_in`` (a selection's ranges, a page at a time) gives the ids of the same
    rows one by one: ranges inside a page, across pages, past the end."""
    import random

    fill_synthetic(archive, 3 * PAGE_SIZE + 17)
    model = ArticleTableModel(archive)
    model.set_ids(archive.search("").ids)
    total = model.rowCount()
    every = list(archive.search("").ids)
    rng = random.Random(3)
    for _ in range(200):
        spans, start = [], rng.randrange(-5, 40)
        while start < total + 10:
            stop = start + rng.randrange(1, 2 * PAGE_SIZE)
            spans.append(range(start, stop))
            start = stop + rng.randrange(1, PAGE_SIZE)
        rows = [r for span in spans for r in span]
        assert model.article_ids_in(spans) == [every[r] for r in rows if 0 <= r < total]
    assert model.article_ids_in([range(total)]) == every

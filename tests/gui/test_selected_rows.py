"""The selected rows read from the selection's ranges (``gui.selected_rows``) are the rows
``selectedRows()`` lists, whatever was selected: everything, ranges picked with Ctrl and
Shift, rows deselected inside them, single cells of a table that selects cells; and the
window's selection of every row reads its ids without an index per row."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from PySide6.QtCore import QAbstractTableModel, QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from dossierdesk.gui.selected_rows import selected_row_count, selected_row_ranges, selected_rows
from dossierdesk.service import Archive

Flag = QItemSelectionModel.SelectionFlag


class _Model(QAbstractTableModel):
    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return f"{index.row()},{index.column()}" if role == Qt.ItemDataRole.DisplayRole else None


@pytest.fixture
def table(qtbot: Any) -> QTableView:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(_Model(300))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    return view


def _qt_rows(view: QTableView) -> list[int]:
    return sorted({index.row() for index in view.selectionModel().selectedRows()})


def _check(view: QTableView) -> None:
    selection = view.selectionModel()
    expected = _qt_rows(view)
    assert selected_rows(selection) == expected
    assert selected_row_count(selection) == len(expected)
    spans = selected_row_ranges(selection)
    assert all(a.stop < b.start for a, b in itertools.pairwise(spans))


def _rows(view: QTableView, top: int, bottom: int) -> QItemSelection:
    model = view.model()
    return QItemSelection(model.index(top, 0), model.index(bottom, model.columnCount() - 1))


def test_everything_selected_is_one_range(table: QTableView) -> None:
    table.selectAll()
    assert selected_row_ranges(table.selectionModel()) == [range(300)]
    _check(table)


def test_ranges_picked_and_rows_deselected_inside_them(table: QTableView) -> None:
    selection = table.selectionModel()
    selection.select(_rows(table, 2, 40), Flag.Select | Flag.Rows)
    selection.select(_rows(table, 41, 50), Flag.Select | Flag.Rows)  # touches: one range
    selection.select(_rows(table, 100, 120), Flag.Select | Flag.Rows)
    selection.select(_rows(table, 10, 12), Flag.Deselect | Flag.Rows)
    selection.select(_rows(table, 110, 130), Flag.Toggle | Flag.Rows)
    assert selected_row_ranges(selection)[0] == range(2, 10)
    _check(table)


def test_random_selections_match_the_rows_qt_lists(table: QTableView) -> None:
    rng = random.Random(7)
    selection = table.selectionModel()
    commands = (Flag.Select, Flag.Deselect, Flag.Toggle, Flag.ClearAndSelect)
    for _ in range(300):
        top = rng.randrange(300)
        bottom = min(299, top + rng.randrange(30))
        selection.select(_rows(table, top, bottom), rng.choice(commands) | Flag.Rows)
        _check(table)


def test_cells_of_a_table_that_selects_cells_count_as_qt_counts_them(table: QTableView) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    model, selection = table.model(), table.selectionModel()
    selection.select(model.index(3, 1), Flag.Select)  # one cell: not a selected row
    selection.select(_rows(table, 5, 6), Flag.Select)  # whole rows
    selection.select(QItemSelection(model.index(8, 0), model.index(8, 1)), Flag.Select)
    selection.select(QItemSelection(model.index(8, 2), model.index(8, 3)), Flag.Select)
    assert _qt_rows(table) == [5, 6, 8]
    _check(table)


def test_the_window_reads_the_ids_of_every_selected_row(
    qtbot: Any, seeded_archive: Archive, make_window: Any
) -> None:
    window = make_window(seeded_archive)
    qtbot.waitUntil(lambda: window.table_model.rowCount() > 0)
    window.table.selectAll()
    every = list(seeded_archive.search("", sort="-date").ids)
    assert sorted(window.selected_ids()) == sorted(every)
    assert window.statusBar().currentMessage().startswith(f"{len(every)} selected")
    window.table.clearSelection()
    window.table.selectionModel().select(_rows(window.table, 1, 2), Flag.Select | Flag.Rows)
    assert window.selected_ids() == window.table_model.article_ids([1, 2])


def test_selecting_everything_asks_only_the_shown_cells_for_their_flags(qtbot: Any) -> None:
    """The column headers do not ask whether their columns are wholly selected (that read
    the flags of every cell of the table, at each change of the selection)."""
    from dossierdesk.gui.table_columns import ArticleTableView  # (a RowTableView)

    class Counting(_Model):
        asked = 0

        def flags(self, index: Any) -> Qt.ItemFlag:
            Counting.asked += 1
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    view = ArticleTableView()
    qtbot.addWidget(view)
    model = Counting(20_000)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    Counting.asked = 0
    view.selectAll()
    qtbot.wait(50)  # the repaint
    view.repaint()
    assert selected_row_count(view.selectionModel()) == 20_000
    assert 0 < Counting.asked < 2_000  # the shown cells (not 80,000)
    assert view.horizontalHeader().selectionModel() is not view.selectionModel()


def test_a_large_selection_has_its_ids_read_in_the_background(
    qtbot: Any, archive: Archive, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Selecting more than a few pages of rows reads every id of the result off the GUI
    thread, once; acting on the selection then reads none there."""
    from tests.gui.conftest import fill_synthetic

    from dossierdesk.gui import window_reader

    fill_synthetic(archive, 3000)
    window = make_window(archive)
    qtbot.waitUntil(lambda: window.table_model.rowCount() == 3000)
    model = window.table_model
    assert model.known_ids() < 3000
    window.table.selectAll()
    qtbot.waitUntil(lambda: model.known_ids() == 3000)
    every = sorted(archive.search("", limit=None).ids)
    monkeypatch.setattr(window_reader, "LARGE_SELECTION_ROWS", 0)
    monkeypatch.setattr(model, "_id_source", None)  # any read on this thread would fail
    assert sorted(window.selected_ids()) == every
    window.table.clearSelection()
    window.table.selectAll()  # known: nothing read again
    assert sorted(window.selected_ids()) == every


def test_rows_holding_equals_the_rows_listed_one_by_one() -> None:
    from dossierdesk.gui.selected_rows import rows_holding

    rng = random.Random(7)
    for _ in range(300):
        ids = rng.sample(range(1, 10_000), rng.randrange(0, 400))
        wanted = set(rng.sample(ids, rng.randrange(0, len(ids) + 1))) if ids else set()
        wanted |= {rng.randrange(10_000, 20_000) for _ in range(rng.randrange(3))}  # gone
        spans = rows_holding(ids, wanted)
        assert [r for s in spans for r in s] == [r for r, a in enumerate(ids) if a in wanted]
        assert all(a.stop < b.start for a, b in itertools.pairwise(spans))  # neither touch
        assert all(spans)


def test_a_large_selection_is_kept_across_a_refresh(
    qtbot: Any, archive: Archive, make_window: Any
) -> None:
    """After an action on a large selection (a tag, an undo, an import: the window runs its
    query again), the same articles are selected, not only those of the first page read."""
    from tests.gui.conftest import fill_synthetic, wait_idle

    from dossierdesk.gui.selected_rows import select_row_ranges

    fill_synthetic(archive, 3000)
    window = make_window(archive)
    wait_idle(qtbot, window)
    selection = window.table.selectionModel()
    window.table.selectAll()
    wait_idle(qtbot, window)
    every = sorted(window.selected_ids())
    assert len(every) == 3000
    assert window.controller is not None
    window.controller.add_tags(every, ["kept"])  # then the window refreshes
    qtbot.waitUntil(lambda: archive.count("tag:kept") == 3000, timeout=20_000)
    wait_idle(qtbot, window)
    assert sorted(window.selected_ids()) == every  # (the tree before: the first 100 rows)
    chosen = [range(50, 1250), range(1300, 1301), range(2000, 2999)]
    select_row_ranges(selection, chosen)
    wait_idle(qtbot, window)
    before = window.selected_ids()
    assert len(before) == 1200 + 1 + 999
    window.refresh_all()
    wait_idle(qtbot, window)
    assert window.selected_ids() == before
    assert selected_row_ranges(selection) == chosen


def test_a_selection_changed_meanwhile_is_not_replaced(
    qtbot: Any, archive: Archive, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows of a large selection beyond the first page are selected again once every id
    is read; if the user has chosen other rows by then, their choice stays."""
    import threading

    from tests.gui.conftest import fill_synthetic, wait_idle

    fill_synthetic(archive, 1000)
    window = make_window(archive)
    wait_idle(qtbot, window)
    model = window.table_model
    window.table.selectAll()
    wait_idle(qtbot, window)
    release = threading.Event()
    reader = model.all_ids_reader

    def slow_reader() -> Any:
        read = reader()
        if read is None:
            return None
        return lambda: (release.wait(20), read())[1]

    monkeypatch.setattr(model, "all_ids_reader", slow_reader)
    epoch = model.epoch()
    window.refresh_all()
    qtbot.waitUntil(
        lambda: (
            model.epoch() != epoch and model.total() == 1000 and window._rest_of_selection is None
        )  # (the read of the rest has started)
    )
    assert len(window.selected_ids()) == 100  # the first page's rows, at once
    window.table.selectRow(7)
    release.set()
    wait_idle(qtbot, window)
    assert window.selected_ids() == [model.article_id(7)]

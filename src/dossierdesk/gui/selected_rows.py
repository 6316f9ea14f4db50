"""The selected rows of a table, read from the selection's ranges.

``QItemSelectionModel.selectedRows()`` makes an index for every selected row, each checked
cell by cell: with the window's result of 95,000 rows selected (Ctrl+A), it took 4.2 s, and
two handlers of the selection's change each called it, so selecting everything froze the
window for 8.5 s. A table that selects whole rows (``SelectRows``) keeps its selection as a
few ranges of rows spanning every column: the rows are read from those, as ranges.

``RowTableView`` is a table whose column headers do not follow its selection (see there).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QTableView


def selected_row_ranges(selection: QItemSelectionModel) -> list[range]:
    """The selected rows (as ``selectedRows()`` counts them: every column selected), as
    sorted ranges that neither overlap nor touch."""
    model = selection.model()
    last_column = model.columnCount() - 1 if model is not None else -1
    spans: list[tuple[int, int]] = []
    ranges = selection.selection()
    for n in range(ranges.count()):
        part = ranges.at(n)
        if not part.isValid() or part.parent().isValid():
            continue
        if part.left() > 0 or part.right() < last_column:
            # Not whole rows (a table that selects cells): ask Qt, row by row.
            spans = [(index.row(), index.row()) for index in selection.selectedRows()]
            break
        spans.append((part.top(), part.bottom()))
    spans.sort()
    merged: list[list[int]] = []
    for top, bottom in spans:
        if merged and top <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], bottom)
        else:
            merged.append([top, bottom])
    return [range(top, bottom + 1) for top, bottom in merged]


def rows_holding(ids: Sequence[int], wanted: Collection[int]) -> list[range]:
    """The rows whose id (``ids``: a result's, in row order) is one of ``wanted``, as sorted
    ranges that neither overlap nor touch (a selection to make again once a result is read
    anew)."""
    spans: list[range] = []
    start = -1
    for row, article_id in enumerate(ids):
        if article_id in wanted:
            if start < 0:
                start = row
        elif start >= 0:
            spans.append(range(start, row))
            start = -1
    if start >= 0:
        spans.append(range(start, len(ids)))
    return spans


def select_row_ranges(selection: QItemSelectionModel, spans: Sequence[range]) -> None:
    """Make ``spans`` (whole rows) the selection, replacing what is selected."""
    model = selection.model()
    if model is None:
        return
    last = model.columnCount() - 1
    rows = QItemSelection()
    for span in spans:
        if span:
            rows.select(model.index(span.start, 0), model.index(span.stop - 1, last))
    selection.select(rows, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def selected_rows(selection: QItemSelectionModel) -> list[int]:
    """The selected rows, in order."""
    return [row for span in selected_row_ranges(selection) for row in span]


def selected_row_count(selection: QItemSelectionModel) -> int:
    return sum(len(span) for span in selected_row_ranges(selection))


class RowTableView(QTableView):
    """A table of rows whose column headers get a selection model of their own, never
    selecting anything.

    A header asks whether each of its columns is wholly selected, to highlight it: after
    Ctrl+A on 95,000 rows that read the flags of every cell (the model's Python ``flags``,
    380,000 calls, 0.9 s) at each change of the selection. Columns are never selected alone
    in these tables: they select rows, and a click on a header sorts."""

    def setSelectionModel(self, selectionModel: QItemSelectionModel) -> None:
        super().setSelectionModel(selectionModel)
        model = self.model()
        if model is not None:
            self.horizontalHeader().setSelectionModel(QItemSelectionModel(model, self))

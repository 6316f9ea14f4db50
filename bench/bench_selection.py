"""A large selection in the window: how long the GUI thread is held when every row is selected
(Ctrl+A), when the selected ids are read, and when a drag of them starts.

    QT_QPA_PLATFORM=offscreen python bench/bench_selection.py [--n 100000] [--repeat 3]

The window is opened on ``bench_search.py``'s archive of N articles (built and cached in the
temp folder if missing), showing every article. Timed on the GUI thread, each the median of
``--repeat`` rounds:

- select all: ``selectAll()`` and the events it leaves (the repaint), from an empty selection;
- the selected ids, once the window has read every id in the background (it starts when more
  than a few hundred rows are selected; the time it takes is printed too);
- a drag of every row, from ``startDrag`` to the drag's start (``QDrag.exec`` is replaced by a
  stub that returns at once: the drop is the other program's business).

The bare baseline, in the same process: a ``QTableView`` over a Python table model of the same
number of rows and columns whose ``data`` and ``flags`` return constants, select all and its
events. Nothing in the baseline reads an archive.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SETTINGS = tempfile.mkdtemp(prefix="dossierdesk-bench-selection-")
os.environ["XDG_CONFIG_HOME"] = _SETTINGS  # never touch the user's settings
os.environ["XDG_STATE_HOME"] = _SETTINGS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtGui import QDrag  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView  # noqa: E402

from bench_gui import spin  # noqa: E402
from bench_search import cached_archive  # noqa: E402
from dossierdesk.gui.app import create_application  # noqa: E402
from dossierdesk.gui.main_window import MainWindow  # noqa: E402
from dossierdesk.service import Archive  # noqa: E402


class _BareModel(QAbstractTableModel):
    def __init__(self, rows: int, columns: int) -> None:
        super().__init__()
        self.rows, self.columns = rows, columns

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.columns

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return "x" if role == Qt.ItemDataRole.DisplayRole else None

    def flags(self, index: Any) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _select_all(app: QApplication, view: QTableView) -> float:
    view.clearSelection()
    app.processEvents()
    start = time.perf_counter()
    view.selectAll()
    app.processEvents()
    return time.perf_counter() - start


def bare_select_all(app: QApplication, rows: int, columns: int) -> float:
    view = QTableView()
    view.setModel(_BareModel(rows, columns))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.resize(1400, 900)
    view.show()
    spin(app, 1.0)
    elapsed = _select_all(app, view)
    view.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = cached_archive(args.n)
    app = create_application(["bench"])
    window = MainWindow(Archive(path), restore_settings=False)
    window.resize(1400, 900)
    window.show()
    model = window.table_model
    spin(app, 60, lambda: model.rowCount() > 0 and not window.tasks.is_busy(window))
    rows, columns = model.rowCount(), model.columnCount()
    print(f"archive: {path} ({rows:,} rows shown, {columns} columns)")

    dragged: list[QDrag] = []

    def exec_drag(drag: QDrag, *_args: Any) -> Qt.DropAction:
        dragged.append(drag)
        return Qt.DropAction.CopyAction

    QDrag.exec = exec_drag  # type: ignore[method-assign]
    selects, id_waits, ids_reads, drags, bares = [], [], [], [], []
    for round_ in range(args.repeat):
        if round_:
            window.refresh_all()  # the query again: a new result, its ids not read yet
            spin(app, 0.5)
            spin(app, 60, lambda: model.rowCount() == rows and not window.tasks.is_busy(window))
        selects.append(_select_all(app, window.table))
        start = time.perf_counter()
        spin(app, 60, lambda: model.known_ids() >= rows)
        id_waits.append(time.perf_counter() - start)
        start = time.perf_counter()
        ids = window.selected_ids()
        ids_reads.append(time.perf_counter() - start)
        assert len(ids) == rows
        start = time.perf_counter()
        window.table.startDrag(Qt.DropAction.CopyAction)
        drags.append(time.perf_counter() - start)
        bares.append(bare_select_all(app, rows, columns))
    bare = statistics.median(bares)
    select = statistics.median(selects)
    print(f"bare select all (QTableView, constant Python model): {bare * 1000:8.1f} ms")
    print(
        f"window select all                                  : {select * 1000:8.1f} ms "
        f"(ratio {select / bare:.3f} of the bare view)"
    )
    print(
        f"every id read in the background, there after       : "
        f"{statistics.median(id_waits) * 1000:8.1f} ms"
    )
    print(
        f"selected ids read on the GUI thread                : "
        f"{statistics.median(ids_reads) * 1000:8.1f} ms"
    )
    print(
        f"drag of every row started                          : "
        f"{statistics.median(drags) * 1000:8.1f} ms"
    )
    window.close()


if __name__ == "__main__":
    main()

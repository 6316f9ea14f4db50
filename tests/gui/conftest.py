"""Fixtures for the main-window tests: seeded archives, a recording controller, windows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from sqlalchemy import insert

from dossierdesk.gui.main_window import MainWindow
from dossierdesk.service import Archive
from dossierdesk.store.models import Article, ArticleText


@pytest.fixture
def undo_stack() -> Iterator[QUndoStack]:
    """An undo stack of the test's own (no window), emptied when the test ends, while its
    steps and what they hold still exist.

    Left to Python's garbage collector with steps on it (in a reference cycle with a
    controller), a stack was destroyed after the collector had cleared its steps' Python
    side: the test process crashed, inside ``QUndoStack::clear``, in a later test."""
    import shiboken6

    stack = QUndoStack()
    yield stack
    if shiboken6.isValid(stack):
        stack.clear()


@pytest.fixture(autouse=True)
def _release_modifier_keys(qapp: Any) -> Iterator[None]:
    """``QTest.keyClick(w, key, ControlModifier)`` leaves Qt believing Ctrl is still held (its
    release event carries the modifier), and the next test's ``selectRow`` then extends the
    selection: release the modifiers after each test."""
    yield
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    if QGuiApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        probe = QWidget()
        for key in (Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            QTest.keyRelease(probe, key, Qt.KeyboardModifier.NoModifier)
        probe.deleteLater()


REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"


class RecordingController(QObject):
    """Stands in for the EditController: does the archive work directly, records calls."""

    archiveChanged = Signal()
    articlesImported = Signal(list)

    def __init__(self, archive: Archive, undo_stack: QUndoStack, parent: QWidget) -> None:
        super().__init__(parent)
        self.archive = archive
        self.calls: list[tuple[str, Any]] = []

    def set_archive(self, archive: Archive) -> None:
        self.calls.append(("set_archive", archive.path))
        self.archive = archive

    # The archive calls are those the real controller's undo commands make
    # (``gui.commands``): add_tag_links, remove_tag_links, take_articles.
    def add_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        self.calls.append(("add_tags", (list(ids), list(names))))
        self.archive.add_tag_links(ids, names)
        self.archiveChanged.emit()

    def remove_tags(self, ids: Sequence[int], names: Sequence[str]) -> None:
        self.calls.append(("remove_tags", (list(ids), list(names))))
        self.archive.remove_tag_links(ids, names)
        self.archiveChanged.emit()

    def edit_metadata(self, article_id: int) -> None:
        self.calls.append(("edit_metadata", article_id))

    def delete_articles(self, ids: Sequence[int]) -> None:
        self.calls.append(("delete_articles", list(ids)))
        self.archive.take_articles(ids)
        self.archiveChanged.emit()

    def open_tag_manager(self) -> None:
        self.calls.append(("open_tag_manager", None))

    def import_paths(self, paths: Sequence[Path]) -> None:
        self.calls.append(("import_paths", list(paths)))
        report = self.archive.import_paths(paths)
        self.articlesImported.emit(report.imported_ids)
        self.archiveChanged.emit()

    importing = False

    def cancel_import(self) -> None:
        self.calls.append(("cancel_import", None))

    def shutdown(self) -> None:
        self.calls.append(("shutdown", None))

    def can_accept_mime(self, mime: QMimeData) -> bool:
        return mime.hasUrls()

    def import_mime(self, mime: QMimeData) -> bool:
        self.calls.append(("import_mime", [u.toLocalFile() for u in mime.urls()]))
        return True


@pytest.fixture
def seeded_archive(archive: Archive) -> Archive:
    archive.import_paths([SEEDS])
    ids = list(archive.search("").ids)
    archive.add_tags(ids[:3], ["ukraine"])
    archive.add_tags(ids[2:4], ["navy ships"])
    archive.set_tag_color("ukraine", "#3366cc")
    return archive


def fill_synthetic(archive: Archive, n: int) -> None:
    """``n`` small articles written with Core inserts (seconds, not minutes)."""
    now = dt.datetime(2026, 1, 1, 12, 0)
    start = dt.date(2010, 1, 1)
    rows, texts = [], []
    for i in range(1, n + 1):
        rows.append(
            {
                "id": i,
                "title": f"Synthetic article {i}",
                "published": start + dt.timedelta(days=i % 5000),
                "byline": None,
                "source": "DOD News" if i % 2 else "Navy News",
                "dateline": None,
                "url": None,
                "word_count": 3,
                "content_hash": f"{i:064d}",
                "imported_at": now,
                "format": "text",
                "source_name": f"synthetic/{i}.txt",
                "source_file_id": None,
                "source_index": 0,
                "image_count": 0,
                "virin_count": 0,
            }
        )
        texts.append({"article_id": i, "body": f"body word{i % 97}", "captions": "", "credits": ""})
    with archive._write() as session:
        session.execute(insert(Article), rows)
        session.execute(insert(ArticleText), texts)


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: Any) -> Iterator[WindowFactory]:
    windows: list[MainWindow] = []

    def make(archive: Archive, *, wait: bool = True, **kwargs: Any) -> MainWindow:
        kwargs.setdefault("controller_factory", RecordingController)
        window = MainWindow(archive, **kwargs)
        qtbot.addWidget(window)
        windows.append(window)
        if wait:
            wait_idle(qtbot, window)
        return window

    yield make
    for window in windows:
        window.live_updates.stop()
        window.index_upkeep.stop()
        window.tasks.forget(window)
        window.tasks.wait()


def show_idle(qtbot: Any, window: MainWindow) -> None:
    """Show the window at 1200×800 and wait until its background queries are done."""
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    wait_idle(qtbot, window)


def wait_idle(qtbot: Any, window: MainWindow) -> None:
    """Until every background query of the window has delivered its result."""
    qtbot.waitUntil(lambda: not window.tasks.is_busy(window), timeout=20_000)

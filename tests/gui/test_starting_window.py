"""The first window on an archive at the current revision: its first page is read plainly
(``StartingArchive``), the full archive opens after it, and then everything edits as before.
Archives that need creating or migrating, and team addresses, are opened fully at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from tests.gui.conftest import wait_idle
from tests.test_dossiers_migration import _archive_at

from dossierdesk.gui.main_window import MainWindow
from dossierdesk.service import Archive
from dossierdesk.service.paths import default_archive_path
from dossierdesk.service.starting import StartingArchive
from dossierdesk.store.engine import head_revision
from dossierdesk.store.errors import ArchiveError

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _opened_fully(qtbot: Any, window: MainWindow) -> None:
    starting = window.archive
    assert isinstance(starting, StartingArchive)
    qtbot.waitUntil(lambda: starting.loaded and not window.tasks.is_busy(window), timeout=20_000)


def test_the_window_starts_plainly_then_edits_imports_and_undoes(
    qtbot: Any, seeded_archive: Archive
) -> None:
    path = seeded_archive.path
    assert path is not None
    seeded_archive.close()
    window = MainWindow.open_initial(path)
    qtbot.addWidget(window)
    assert isinstance(window.archive, StartingArchive)
    _opened_fully(qtbot, window)
    # What waited for the full archive: the sidebar's facets and the timeline.
    assert "ukraine" in window.sidebar_model.tag_names()
    assert window.table_model.rowCount() == 26
    controller = window.controller
    assert controller is not None and not window.archive.read_only

    ids = window.table_model.ids()
    controller.add_tags(ids[:2], ["startup"])
    wait_idle(qtbot, window)
    assert "startup" in window.sidebar_model.tag_names()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: "startup" not in window.sidebar_model.tag_names(), timeout=20_000)

    article = next(SEEDS.glob("*dvids-reagan*"))
    other = path.parent / "copy-of-reagan.txt"
    other.write_text(article.read_text(encoding="utf-8").replace("Reagan", "Reagann"))
    controller.import_paths([other])
    qtbot.waitUntil(lambda: window.table_model.rowCount() == 27, timeout=30_000)
    window.shutdown()


def test_an_edit_before_the_full_opening_opens_it_there(
    qtbot: Any, seeded_archive: Archive
) -> None:
    path = seeded_archive.path
    assert path is not None
    starting = StartingArchive.open(path)
    assert starting is not None and not starting.loaded
    with starting:
        ids = starting.search_ids("", sort="relevance", limit=5)
        assert ids == seeded_archive.search_ids("", sort="relevance", limit=5)
        assert starting.count("") == 26 and not starting.loaded
        starting.add_tags(list(ids[:1]), ["early"])  # not a plain read: opens the archive
        assert starting.loaded
        assert "early" in {t.name for t in seeded_archive.tags()}


def test_an_archive_needing_migration_is_migrated_before_the_window_reads_it(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "old.sqlite3"
    _archive_at(path, "0002")
    assert StartingArchive.open(path) is None
    window = MainWindow.open_initial(path)
    qtbot.addWidget(window)
    assert isinstance(window.archive, Archive)
    wait_idle(qtbot, window)
    assert window.table_model.rowCount() == 1
    window.shutdown()
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
    finally:
        con.close()
    assert len(list(tmp_path.glob("old.sqlite3.0002.*.bak"))) == 1


def test_a_new_archive_and_a_team_address_are_opened_fully(qtbot: Any, tmp_path: Path) -> None:
    assert StartingArchive.open("postgresql://someone@localhost:1/nothing") is None
    path = tmp_path / "new.sqlite3"
    window = MainWindow.open_initial(path)
    qtbot.addWidget(window)
    assert isinstance(window.archive, Archive) and path.exists()
    wait_idle(qtbot, window)
    window.shutdown()
    assert isinstance(StartingArchive.open(path), StartingArchive)  # current now


def test_a_read_only_file_is_opened_fully_and_says_so(
    qtbot: Any, seeded_archive: Archive, tmp_path: Path
) -> None:
    copy = tmp_path / "ro" / "copy.sqlite3"
    copy.parent.mkdir()
    seeded_archive.backup(copy)
    copy.chmod(0o444)
    copy.parent.chmod(0o555)
    try:
        import os

        if os.access(copy, os.W_OK):  # root writes anyway: nothing to check here
            return
        assert StartingArchive.open(copy) is None
        window = MainWindow.open_initial(copy)
        qtbot.addWidget(window)
        assert isinstance(window.archive, Archive) and window.archive.read_only
        wait_idle(qtbot, window)
        window.shutdown()
    finally:
        copy.parent.chmod(0o755)
        copy.chmod(0o644)


def test_plain_pages_match_the_full_archive_in_every_sort(seeded_archive: Archive) -> None:
    """Pages read before the full opening and after it make one result (no row twice)."""
    from dossierdesk.service.reads import SORT_NAMES

    path = seeded_archive.path
    assert path is not None
    with StartingArchive.open(path) as starting:  # type: ignore[union-attr]
        for name in SORT_NAMES:
            for sort in (name, f"-{name}"):
                plain = starting.search_ids("", sort=sort, offset=3, limit=10)
                assert plain == seeded_archive.search_ids("", sort=sort, offset=3, limit=10), sort
        assert not starting.loaded


def test_an_archive_that_cannot_be_opened_fully_after_all_is_reported(
    qtbot: Any, seeded_archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file read plainly, then the full opening fails: a message (no traceback), and the
    default archive is opened instead, as for an archive that cannot be opened at all."""
    path = seeded_archive.path
    assert path is not None
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: said.append(text))

    def fail(self: StartingArchive) -> Archive:
        raise ArchiveError("the file is damaged")

    monkeypatch.setattr(StartingArchive, "load", fail)
    window = MainWindow.open_initial(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert "the file is damaged" in said[0] and str(path) in said[0]
    assert isinstance(window.archive, Archive)
    assert window.archive.path == default_archive_path().resolve()
    wait_idle(qtbot, window)
    window.shutdown()


def test_a_shown_window_opens_the_archive_fully_after_its_first_paint(
    qtbot: Any, seeded_archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full opening waits for the first page to be painted (the table's rows on screen),
    and then starts on its own."""
    from PySide6.QtCore import QEvent, QObject

    path = seeded_archive.path
    assert path is not None
    seeded_archive.close()
    events: list[str] = []
    load = StartingArchive.load

    def recording_load(self: StartingArchive) -> Any:
        events.append("load")
        return load(self)

    monkeypatch.setattr(StartingArchive, "load", recording_load)

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and window.table_model.rowCount():
                events.append("paint")
            return False

    window = MainWindow.open_initial(path)
    qtbot.addWidget(window)
    paints = Paints()
    window.table.viewport().installEventFilter(paints)
    window.show()
    _opened_fully(qtbot, window)
    assert "load" in events and "paint" in events
    assert events.index("paint") < events.index("load")
    window.shutdown()

"""The window merges its archive's search index segments while it is idle
(``gui.index_upkeep``): after the archive is opened or changed, only when nothing else runs,
without refreshing anything."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SEED, fragment_index, index_segments

from dossierdesk.gui import index_upkeep
from dossierdesk.gui.ops import LONG
from dossierdesk.service import Archive


@pytest.fixture
def fragmented(archive_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    with Archive(archive_path) as archive:
        archive.import_paths([SEED])
    fragment_index(archive_path, articles=12)
    assert min(index_segments(archive_path)) >= 12
    monkeypatch.setattr(index_upkeep, "IDLE_MS", 200)
    monkeypatch.setattr(index_upkeep, "STEP_PAUSE_MS", 1)
    return archive_path


def test_an_opened_archive_is_tidied_once_the_window_is_idle(
    qtbot: Any, make_window: Any, fragmented: Path
) -> None:
    with Archive(fragmented) as archive:
        window = make_window(archive)
        refreshed: list[bool] = []
        window.refresh_all = lambda: refreshed.append(True)  # a step must not refresh
        qtbot.waitUntil(lambda: max(index_segments(fragmented)) < 4, timeout=10_000)
        qtbot.waitUntil(lambda: not window.tasks.is_busy(), timeout=10_000)
        assert window.index_upkeep.steps >= 1
        assert refreshed == []
        assert len(archive.search_ids("patrol")) == 12


def test_no_step_runs_while_other_work_does(qtbot: Any, make_window: Any, fragmented: Path) -> None:
    with Archive(fragmented) as archive:
        release = threading.Event()
        window = make_window(archive, wait=False)
        window.index_upkeep.stop()  # (before the opening's own schedule can fire)
        window.index_upkeep.resume()
        busy = window.tasks.op(lambda: release.wait(10), owner=window, lane=LONG).run()
        window.index_upkeep.schedule()
        qtbot.wait(3 * index_upkeep.IDLE_MS)
        assert window.index_upkeep.steps == 0
        assert min(index_segments(fragmented)) >= 12
        release.set()
        qtbot.waitUntil(lambda: busy not in window.tasks.pending(), timeout=5_000)
        qtbot.waitUntil(lambda: max(index_segments(fragmented)) < 4, timeout=10_000)


def test_a_stopped_window_takes_no_step(qtbot: Any, make_window: Any, fragmented: Path) -> None:
    with Archive(fragmented) as archive:
        window = make_window(archive, wait=False)
        window.index_upkeep.stop()  # (before the opening's own schedule can fire)
        qtbot.wait(3 * index_upkeep.IDLE_MS)
        assert window.index_upkeep.steps == 0
        assert min(index_segments(fragmented)) >= 12
        window.index_upkeep.schedule()  # stopped: not even when asked
        qtbot.wait(3 * index_upkeep.IDLE_MS)
        assert window.index_upkeep.steps == 0


def test_the_step_is_looked_up_off_the_gui_thread(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The window may still hold the archive it started on plainly (``service.starting``),
    # which opens fully at its first other call: that call is the worker's, not the GUI's.
    from PySide6.QtCore import QObject

    monkeypatch.setattr(index_upkeep, "IDLE_MS", 10)
    looked_up: list[int] = []

    class Starting:
        is_team = read_only = False

        def __getattr__(self, name: str) -> Any:
            looked_up.append(threading.get_ident())
            return lambda: False

    holder = QObject()
    holder.archive = Starting()  # type: ignore[attr-defined]
    upkeep = index_upkeep.IndexUpkeep(holder)  # type: ignore[arg-type]
    upkeep.schedule()
    qtbot.waitUntil(lambda: bool(looked_up), timeout=5_000)
    assert threading.get_ident() not in looked_up
    upkeep.stop()

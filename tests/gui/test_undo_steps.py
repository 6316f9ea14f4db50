"""Undo steps: one base for article and dossier steps; large undo/redo writes run off the GUI
thread under the stack's gate (Undo/Redo disabled meanwhile, new steps wait), and a step that
failed in the background leaves the history in line with the archive."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtGui import QUndoStack

from dossierdesk.gui import undo_steps
from dossierdesk.gui.commands import ArchiveCommand, DeleteArticlesCommand, ImportBatchCommand
from dossierdesk.gui.dossiers.commands import DossierCommand
from dossierdesk.gui.editing import EditController
from dossierdesk.gui.ops import task_manager
from dossierdesk.gui.undo_steps import ArchiveStep, gate_of, undo_redo_actions
from dossierdesk.service import Archive

from .conftest_editing import (  # noqa: F401 (fixtures)
    Answers,
    answers_fixture,
    controller_fixture,
    host_fixture,
    small_archive_fixture,
)


def test_article_and_dossier_steps_share_one_base() -> None:
    assert issubclass(ArchiveCommand, ArchiveStep) and issubclass(DossierCommand, ArchiveStep)


@pytest.fixture
def heavy_from_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """Steps over two articles count as large (the test archive is small)."""
    monkeypatch.setattr(undo_steps, "HEAVY_ARTICLES", 2)
    monkeypatch.setattr("dossierdesk.gui.commands.HEAVY_ARTICLES", 2)


def _record_threads(archive: Archive, monkeypatch: pytest.MonkeyPatch, names: list[str]) -> Any:
    """Note on which thread ``take_articles``/``restore_articles`` run; ``hold`` pauses them."""
    hold = threading.Event()
    hold.set()
    gui = QThread.currentThread()
    for name in ("take_articles", "restore_articles"):
        original = getattr(archive, name)

        def wrapped(*args: Any, _original: Any = original, _name: str = name) -> Any:
            names.append(f"{_name}:{'gui' if QThread.currentThread() is gui else 'worker'}")
            hold.wait(10)
            return _original(*args)

        monkeypatch.setattr(archive, name, wrapped)
    return hold


def _imported_and_held(
    controller: EditController, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[int], list[str], threading.Event]:
    """Every article pushed as one import step; the archive's snapshot calls recorded and held
    (``hold.set()`` lets them run)."""
    ids = list(controller.archive.search("", sort="id").ids)
    controller.undo_stack.push(ImportBatchCommand(controller, ids))
    calls: list[str] = []
    hold = _record_threads(controller.archive, monkeypatch, calls)
    hold.clear()
    return ids, calls, hold


def test_a_large_undo_runs_off_the_gui_thread_with_the_stack_closed(
    qtbot: Any, controller: EditController, heavy_from_two: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = controller.archive
    host = QObject()
    undo_action, redo_action = undo_redo_actions(controller.undo_stack, host)
    ids, calls, hold = _imported_and_held(controller, monkeypatch)  # as an import pushes it
    assert len(ids) > 2
    assert undo_action.isEnabled() and undo_action.text() == f"&Undo Import {len(ids)} articles"
    gate = gate_of(controller.undo_stack)
    undo_action.trigger()  # returns at once: the write is on the write lane
    assert gate.busy
    assert not undo_action.isEnabled() and not redo_action.isEnabled()
    undo_action.trigger()  # refused while busy (nothing queued behind it)
    with qtbot.waitSignal(controller.archiveChanged, timeout=20_000):
        hold.set()
    qtbot.waitUntil(lambda: not gate.busy, timeout=20_000)
    assert calls == ["take_articles:worker"]
    assert archive.search("").total == 0  # the import is undone, once
    assert redo_action.isEnabled() and redo_action.text() == f"&Redo Import {len(ids)} articles"
    with qtbot.waitSignal(controller.archiveChanged, timeout=20_000):
        redo_action.trigger()
    qtbot.waitUntil(lambda: not gate.busy, timeout=20_000)
    assert calls == ["take_articles:worker", "restore_articles:worker"]
    assert sorted(archive.search("").ids) == sorted(ids)


def test_a_step_asked_for_during_a_large_one_waits_for_it(
    qtbot: Any, controller: EditController, heavy_from_two: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = controller.archive
    ids = list(archive.search("", sort="id").ids)
    calls: list[str] = []
    hold = _record_threads(archive, monkeypatch, calls)
    hold.clear()
    controller.delete_articles(ids[1:])  # three articles: a large step, in the background
    gate = gate_of(controller.undo_stack)
    assert gate.busy and controller.undo_stack.count() == 1
    controller.add_tags(ids[:1], ["later"])  # waits: no write lock taken on the GUI thread
    assert controller.undo_stack.count() == 1 and "later" not in {t.name for t in archive.tags()}
    hold.set()
    qtbot.waitUntil(lambda: controller.undo_stack.count() == 2, timeout=20_000)
    assert "later" in {t.name for t in archive.tags()}
    assert [d.id for d in archive.articles(ids)] == ids[:1]
    assert controller.undo_stack.undoText() == "Tag 1 article “later”"


def test_a_small_step_stays_on_the_gui_thread(
    qtbot: Any, controller: EditController, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = controller.archive
    ids = list(archive.search("", sort="id").ids[:2])
    calls: list[str] = []
    _record_threads(archive, monkeypatch, calls)
    controller.undo_stack.push(DeleteArticlesCommand(controller, ids))
    assert calls == ["take_articles:gui"] and not gate_of(controller.undo_stack).busy
    assert list(archive.articles(ids)) == []


def test_a_large_step_that_fails_in_the_background_keeps_history_and_archive_in_line(
    qtbot: Any, controller: EditController, heavy_from_two: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = controller.archive
    ids = list(archive.search("", sort="id").ids)
    errors: list[str] = []
    monkeypatch.setattr(controller, "failed", lambda action, exc: errors.append(f"{action} {exc}"))
    stack = controller.undo_stack
    stack.push(ImportBatchCommand(controller, ids))

    def refuse(*_args: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(archive, "take_articles", refuse)
    stack.undo()
    gate = gate_of(stack)
    qtbot.waitUntil(lambda: not gate.busy, timeout=20_000)
    assert errors == [f"Could not undo: Import {len(ids)} articles disk full"]
    assert archive.search("").total == len(ids)  # nothing was deleted
    assert stack.canRedo()
    # The stack moved before the write failed: its redo does nothing (the articles are there)
    # and the step can be undone again for real.
    monkeypatch.undo()
    stack.redo()
    assert not gate.busy and archive.search("").total == len(ids)
    stack.undo()
    qtbot.waitUntil(lambda: not gate.busy, timeout=20_000)
    assert archive.search("").total == 0


def test_a_step_that_fails_on_the_gui_thread_leaves_the_history(
    qtbot: Any, undo_stack: QUndoStack
) -> None:
    reported: list[str] = []

    class Broken(ArchiveStep):
        def apply(self) -> None:
            raise ValueError("refused")

        def report(self, what: str, exc: Exception) -> None:
            reported.append(f"{what}: {exc}")

    stack = undo_stack
    stack.push(Broken("Break"))
    assert reported == ["redo: refused"] and stack.count() == 0


def test_closing_waits_for_a_running_large_step(
    qtbot: Any, controller: EditController, heavy_from_two: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = controller.archive
    _ids, calls, hold = _imported_and_held(controller, monkeypatch)
    controller.undo_stack.undo()
    threading.Timer(0.2, hold.set).start()
    assert task_manager().wait(20_000)  # one wait; the write finished, its result delivered
    assert not gate_of(controller.undo_stack).busy
    assert archive.search("").total == 0 and calls == ["take_articles:worker"]


def test_a_window_closing_during_a_large_step_leaves_no_busy_cursor(
    qtbot: Any, controller: EditController, heavy_from_two: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QGuiApplication

    _ids, _calls, hold = _imported_and_held(controller, monkeypatch)
    while QGuiApplication.overrideCursor() is not None:  # (none left by earlier tests)
        QGuiApplication.restoreOverrideCursor()
    controller.undo_stack.undo()
    assert QGuiApplication.overrideCursor() is not None  # busy while it runs
    threading.Timer(0.2, hold.set).start()
    host = controller.parent_widget
    assert task_manager().shutdown(host, 20_000)  # what closing the window does
    assert QGuiApplication.overrideCursor() is None
    assert not gate_of(controller.undo_stack).busy

"""Tidying a file archive's search index while the window is idle.

A large import leaves its full-text index in many segments (``store.fts``): merged later by
FTS5 itself, they were merged all at once inside whatever small write came to tip the
balance (a re-extraction of 50 articles took 3.5-5.2 s instead of 0.25-0.32 at 100,000
articles; at 1,000,000 a title edit took 2.3 s). The window merges them itself instead, a step
at a time (``Archive.tidy_index``: one short transaction, 30-110 ms; up to 0.5 s for the step
that ends a large level's merge), once nothing has happened for ``IDLE_MS`` after the
archive changed or was opened, and only while no other background work runs: a user's action
waits one step at most.

The steps change no article, so they tell the window nothing (no refresh, no undo step).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from dossierdesk.gui.ops import WRITE, task_manager

if TYPE_CHECKING:
    from dossierdesk.gui.main_window import MainWindow

log = logging.getLogger(__name__)

IDLE_MS = 5_000  # quiet time before the first step
STEP_PAUSE_MS = 50  # between two steps, for the user's own work to come first


class IndexUpkeep(QObject):
    """Runs ``Archive.tidy_index`` steps for the window's archive (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.steps = 0  # steps that merged something (read by tests)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)
        self._stopped = False

    def schedule(self) -> None:
        """The archive changed or was opened: tidy once it has been quiet for a while."""
        archive = self.window.archive
        if self._stopped or archive.is_team or archive.read_only:
            return
        self._timer.start(IDLE_MS)

    def stop(self) -> None:
        """No more steps (the window closes or switches archives; ``schedule`` starts again
        only after ``resume``)."""
        self._stopped = True
        self._timer.stop()

    def resume(self) -> None:
        self._stopped = False

    def _step(self) -> None:
        tasks = task_manager()
        if tasks.is_busy():  # a search, an import, an export...: wait for quiet
            self._timer.start(IDLE_MS)
            return
        archive = self.window.archive
        # (The method is looked up on the worker: an archive the window started on plainly
        # opens fully at its first other call, ``service.starting``.)
        op = tasks.op(lambda: archive.tidy_index(), owner=self, key="tidy", lane=WRITE)
        op.success(self._stepped).failure(self._failed).run()

    def _stepped(self, merged: bool) -> None:
        if merged:
            self.steps += 1
            if not self._stopped:
                self._timer.start(STEP_PAUSE_MS)

    def _failed(self, exc: Exception) -> None:
        # (Locked by another program, read-only since, the disk full...: the next change
        # schedules another try; the index works as it is meanwhile.)
        log.info("tidying the search index stopped: %s", exc)

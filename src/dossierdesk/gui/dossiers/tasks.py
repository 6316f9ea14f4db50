"""Run a function on a worker thread and get its result (or exception) back on the GUI thread."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

# Started tasks stay referenced here until their thread has ended, whatever happens to the
# widget that started them (a QThread destroyed while running aborts the process).
_RUNNING: set[BackgroundTask] = set()


def wait_for_background_tasks(msecs: int = 10_000) -> bool:
    """Wait for running reads to end, delivering their results (call on application quit);
    False if some did not end in time."""
    deadline = time.monotonic() + msecs / 1000
    while _RUNNING and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.005)  # releases the GIL the workers need
    return not _RUNNING


class _Worker(QObject):
    """Lives on the task's QThread; its signals are emitted from the thread it lives in."""

    done = Signal(object)
    error = Signal(object)

    def __init__(self, func: Callable[[], Any]) -> None:
        super().__init__()
        self._func = func

    @Slot()
    def run(self) -> None:
        try:
            result = self._func()
        except Exception as exc:
            log.debug("background task failed", exc_info=True)
            self.error.emit(exc)
        else:
            self.done.emit(result)


class BackgroundTask(QObject):
    """Runs ``func`` on its own QThread, then calls ``on_success(result)`` or
    ``on_error(exception)``, then ``on_finished(task)``, all on the GUI thread.

    Plain callbacks rather than signals connected to a long-lived receiver's methods: with
    PySide 6.11, connecting many short-lived senders to one bound method and deleting some of
    them was seen to drop the connections of the others (tasks finished, nobody was told).
    Keep a reference to the task until ``on_finished``.
    """

    def __init__(
        self,
        func: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_finished: Callable[[BackgroundTask], None] | None = None,
    ) -> None:
        super().__init__()
        self._on_success, self._on_error, self._on_finished = on_success, on_error, on_finished
        self._thread = QThread()
        self._thread.setObjectName("dossierdesk-read")
        self._worker = _Worker(func)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.done.connect(self._done)
        self._worker.error.connect(self._error)
        self._worker.done.connect(self._thread.quit)
        self._worker.error.connect(self._thread.quit)
        self._thread.finished.connect(self._thread_finished)
        self.running = False

    def start(self) -> None:
        self.running = True
        _RUNNING.add(self)
        self._thread.start()

    @Slot(object)
    def _done(self, result: object) -> None:
        if self._on_success is not None:
            self._on_success(result)

    @Slot(object)
    def _error(self, exc: Exception) -> None:
        if self._on_error is not None:
            self._on_error(exc)

    @Slot()
    def _thread_finished(self) -> None:
        self.running = False
        while not self._thread.isFinished():  # ``finished`` is emitted just before the end
            time.sleep(0.001)  # (QThread.wait would keep the GIL the thread may need)
        self._worker.deleteLater()
        _RUNNING.discard(self)
        if self._on_finished is not None:
            self._on_finished(self)

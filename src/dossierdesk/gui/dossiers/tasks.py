"""Run a function on a worker thread and get its result (or exception) back on the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class BackgroundTask(QObject):
    """``BackgroundTask(func)``; connect ``succeeded``/``failed`` then :meth:`start`.

    The task object lives in the GUI thread, so its signals reach GUI-thread receivers through
    queued connections. Keep a reference until ``finished`` is emitted.
    """

    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    finished = Signal()

    def __init__(self, func: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._func = func
        self.running = False

    def start(self, pool: QThreadPool | None = None) -> None:
        self.running = True
        (pool or QThreadPool.globalInstance()).start(_Runner(self))

    def _run(self) -> None:  # worker thread
        try:
            result = self._func()
        except Exception as exc:
            log.debug("background task failed", exc_info=True)
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
        finally:
            self.running = False
            self.finished.emit()


class _Runner(QRunnable):
    def __init__(self, task: BackgroundTask) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()

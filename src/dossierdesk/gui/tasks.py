"""Running archive queries off the GUI thread.

``QueryRunner`` runs callables on its own single-thread pool and hands results back on the GUI
thread through a signal. Each submission belongs to a *channel* ("ids", "months"...): a newer
submission on a channel makes older ones stale; stale results are dropped and queued stale jobs
never start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    finished = Signal(str, int, object, object)  # channel, generation, result, error


class _Job(QRunnable):
    def __init__(
        self,
        runner: QueryRunner,
        channel: str,
        generation: int,
        fn: Callable[[], Any],
    ) -> None:
        super().__init__()
        self.runner, self.channel, self.generation, self.fn = runner, channel, generation, fn
        self.relay = runner._relay

    def run(self) -> None:
        if not self.runner._is_current(self.channel, self.generation):
            return  # superseded before it started
        try:
            result, error = self.fn(), None
        except Exception as exc:  # handed to the GUI thread, which shows it
            result, error = None, exc
        self.relay.finished.emit(self.channel, self.generation, result, error)


class QueryRunner(QObject):
    """Runs jobs one at a time on a worker thread; delivers the latest result per channel."""

    resultReady = Signal(str, object)  # channel, result
    failed = Signal(str, object)  # channel, exception
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one SQLite reader at a time, in submission order
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver)
        self._generations: dict[str, int] = {}
        self._pending: set[str] = set()

    def submit(self, channel: str, fn: Callable[[], Any]) -> int:
        generation = self._generations.get(channel, 0) + 1
        self._generations[channel] = generation
        was_busy = bool(self._pending)
        self._pending.add(channel)
        self._pool.start(_Job(self, channel, generation, fn))
        if not was_busy:
            self.busyChanged.emit(True)
        return generation

    def generation(self, channel: str) -> int:
        """How many submissions ``channel`` has had (a job can compare it with the number it
        saw when it was submitted, to stop early once a newer one exists)."""
        return self._generations.get(channel, 0)

    def cancel_all(self) -> None:
        """Forget every pending job (results still running will be discarded)."""
        for channel in list(self._generations):
            self._generations[channel] += 1
        self._pool.clear()
        if self._pending:
            self._pending.clear()
            self.busyChanged.emit(False)

    def is_busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 30_000) -> bool:
        return bool(self._pool.waitForDone(msecs))

    def _is_current(self, channel: str, generation: int) -> bool:
        return self._generations.get(channel) == generation

    def _deliver(self, channel: str, generation: int, result: object, error: object) -> None:
        if not self._is_current(channel, generation):
            return
        self._pending.discard(channel)
        if not self._pending:
            self.busyChanged.emit(False)
        if error is not None:
            log.warning("background query failed: %s", error)
            self.failed.emit(channel, error)
        else:
            self.resultReady.emit(channel, result)

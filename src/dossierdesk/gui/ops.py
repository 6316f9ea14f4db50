"""Background operations: the one way the window runs work off the GUI thread.

::

    task_manager().op(fn, owner=self, key="ids").success(show).failure(warn).run()

``fn`` runs on a worker thread; ``success(result)``, ``failure(exception)``,
``progress(value)`` (what ``fn`` passes to ``op.report``) and ``finished()`` are called on the
GUI thread, by the operation that asked: no string channels to parse. An ``fn`` that reports
progress or checks ``op.token`` refers to its operation, so keep the operation in a variable
before calling ``run()``.

- **Owner.** An operation belongs to a ``QObject`` (a window, a view, a dialog). Once the owner
  is deleted, its callbacks are not called. ``forget(owner)`` drops what the owner and its
  children still have queued or running (switching archives, closing a window).
- **Key.** A newer operation with the same owner and key supersedes the older ones: their
  results are dropped and, if still queued, they never start. ``op.stale`` tells a running
  ``fn`` to stop early (e.g. facet counts for a search the user has already replaced).
- **Interrupt.** ``op.interrupt_with(archive.interrupt)``: once the operation is superseded or
  dropped while ``fn`` runs, the statement it is running is stopped at once (given the worker's
  thread) instead of running on to a result nobody reads.
- **Cancel.** ``op.cancel()`` asks ``fn`` to stop through ``op.token`` (a ``CancelToken``, as
  the import and the PDF export take); what ``fn`` returns is still delivered (an import's
  report of what was committed before the stop).
- **Progress.** ``progress(callback)`` gets every value ``fn`` reports, in order.
  ``latest_progress(interval_ms)`` makes it the newest value only, at most once per interval
  (and once more, the last one, before the result): for progress that is a state to show (an
  import's counts, an export's page), which a worker may report thousands of times a second.
  Each value delivered costs the GUI thread a queued event and a repaint of what shows it
  (an import's dialog: about 0.23 ms a value, 0.77 s for 3,300 files, the longest 123 ms);
  the values a delivery skips are never posted at all.
- **Lanes.** Each lane is a thread pool: ``SEARCH`` runs the window's queries one at a time in
  the order they were asked (first rows, count, months, facets); ``READ`` other reads
  (dossiers, photos); ``WRITE`` undo and redo steps, one at a time in order; ``LONG`` imports,
  exports and connecting to a server; ``IMAGES`` thumbnails (one thread per spare core).

One manager serves the application (``task_manager()``); shutting down waits for it once.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)

from dossierdesk.service import CancelToken

log = logging.getLogger(__name__)

T = TypeVar("T")

SEARCH, READ, WRITE, LONG, IMAGES = "search", "read", "write", "long", "images"
_LANE_THREADS = {
    SEARCH: 1,
    READ: 2,
    WRITE: 1,
    LONG: 3,
    # One core is left to the GUI thread (on 2 cores, 3 decoding threads made paints during
    # scrolling ~2.5x slower and the event loop's worst stall 3x longer; bench_photo_grid).
    IMAGES: max(1, min(3, (os.cpu_count() or 2) - 1)),
}


_NOTHING = object()  # no progress value waiting (``Op.latest_progress``)


class _Unowned:
    """The owner of operations nobody owns (keys still need a scope)."""


_UNOWNED = _Unowned()


class Op(Generic[T]):
    """One background operation; build it with ``TaskManager.op``, then ``run()`` it."""

    def __init__(
        self,
        manager: TaskManager,
        fn: Callable[[], T],
        owner: QObject | None,
        key: str | None,
        lane: str,
    ) -> None:
        if lane not in _LANE_THREADS:
            raise ValueError(f"unknown lane {lane!r}")
        self._manager, self._fn, self.owner, self.key, self.lane = manager, fn, owner, key, lane
        self._on_success: list[Callable[[T], None]] = []
        self._on_failure: list[Callable[[Exception], None]] = []
        self._on_progress: list[Callable[[Any], None]] = []
        self._on_finished: list[Callable[[], None]] = []
        self._on_settled: list[Callable[[], None]] = []
        self._interrupters: list[Callable[[int], object]] = []
        self._running_lock = threading.Lock()
        self._running_on: int | None = None  # the worker thread while ``fn`` runs
        self.token = CancelToken()
        self._generation = 0
        self._dropped = False
        self.started = False
        self.done = False
        # ``latest_progress``: the newest value not delivered yet (under ``_latest_lock``),
        # whether a delivery of it is on its way, and when the last one was made.
        self._latest_interval: float | None = None
        self._latest_lock = threading.Lock()
        self._latest: Any = _NOTHING
        self._latest_posted = False
        self._latest_delivered = float("-inf")

    # -- building ------------------------------------------------------------------------
    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._on_success.append(callback)
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Op[T]:
        self._on_failure.append(callback)
        return self

    def progress(self, callback: Callable[[Any], None]) -> Op[T]:
        self._on_progress.append(callback)
        return self

    def latest_progress(self, interval_ms: int = 100) -> Op[T]:
        """Deliver only the newest progress value, at most once per ``interval_ms`` (the
        newest one left is delivered before the result); see the module docstring."""
        self._latest_interval = interval_ms / 1000
        return self

    def finished(self, callback: Callable[[], None]) -> Op[T]:
        """Called after ``success`` or ``failure`` (not when the result was dropped)."""
        self._on_finished.append(callback)
        return self

    def interrupt_with(self, interrupt: Callable[[int], object]) -> Op[T]:
        """``interrupt(thread)`` stops what ``fn`` runs on its worker thread; called when the
        operation is superseded or dropped while it runs."""
        self._interrupters.append(interrupt)
        return self

    def always(self, callback: Callable[[], None]) -> Op[T]:
        """Called once the result is no longer awaited, delivered or dropped (even when the
        owner is gone): for what must be undone whatever happens (a busy cursor)."""
        self._on_settled.append(callback)
        return self

    def run(self) -> Op[T]:
        if self.started:
            raise RuntimeError("an operation runs once")
        self.started = True
        self._manager._start(self)
        return self

    # -- from the worker -----------------------------------------------------------------
    def report(self, value: Any) -> None:
        """Hand ``value`` to the ``progress`` callbacks (thread-safe; dropped once stale)."""
        if self.stale:
            return
        if self._latest_interval is None:
            self._manager._post(self, "progress", value)
            return
        with self._latest_lock:
            self._latest = value
            if self._latest_posted:
                return  # the delivery on its way takes this value instead
            self._latest_posted = True
        self._manager._post(self, "latest", None)

    @property
    def stale(self) -> bool:
        """Superseded by a newer operation with the same key, or forgotten: nobody wants the
        result any more (thread-safe)."""
        return self._dropped or self._manager._superseded(self)

    # -- from the GUI thread -------------------------------------------------------------
    def cancel(self) -> None:
        """Ask ``fn`` to stop (through ``token``); its result is still delivered."""
        self.token.cancel()

    def drop(self) -> None:
        """Nobody wants the result: no callbacks; a queued operation never starts, a running
        one is interrupted (``interrupt_with``)."""
        self._dropped = True
        self.token.cancel()
        self._interrupt()
        self._manager._settle(self)

    def _interrupt(self) -> None:
        if not self._interrupters:
            return
        with self._running_lock:  # ``fn`` cannot return meanwhile: the interrupt is its own
            thread = self._running_on
            if thread is None:
                return
            for interrupt in self._interrupters:
                try:
                    interrupt(thread)
                except Exception:  # stopping early is a courtesy: never fail the caller
                    log.debug("could not interrupt an operation", exc_info=True)

    def _execute(self) -> None:
        if self.stale:
            self._manager._post(self, "skipped", None)
            return
        with self._running_lock:
            self._running_on = threading.get_ident()
        try:
            result = self._fn()
        except Exception as exc:  # handed to the GUI thread, which reports it
            log.debug("background operation failed", exc_info=True)
            outcome: tuple[str, Any] = ("failed", exc)
        else:
            outcome = ("done", result)
        with self._running_lock:
            self._running_on = None
        self._manager._post(self, *outcome)

    def _deliver(self, kind: str, payload: Any) -> None:
        if kind == "progress":
            self._progress(payload)
            return
        if kind == "latest":
            wait = self._latest_delivered + (self._latest_interval or 0) - time.monotonic()
            if wait > 0:
                # A lambda, not the bound method: PySide keeps no reference to a bound
                # method's object here, and the operation may be gone by the time it fires.
                later = int(wait * 1000) + 1
                QTimer.singleShot(later, self._manager, lambda: self._deliver_latest())
            else:
                self._deliver_latest()
            return
        if not self.done:
            self._deliver_latest()  # the last state before the result
        self.done = True
        wanted = self._wanted()
        self._manager._settle(self)
        if not wanted:
            return
        if kind == "done":
            for success in self._on_success:
                success(payload)
        elif kind == "failed":
            if not self._on_failure:
                log.warning("background operation failed: %s", payload)
            for failure in self._on_failure:
                failure(payload)
        if kind != "skipped":
            for finished in self._on_finished:
                finished()

    def _progress(self, value: Any) -> None:
        if self._wanted():
            for progress in self._on_progress:
                progress(value)

    def _deliver_latest(self) -> None:
        """The newest progress value not delivered yet, if any (not after the result)."""
        with self._latest_lock:
            value, self._latest = self._latest, _NOTHING
            self._latest_posted = False
        if value is _NOTHING or self.done:
            return
        self._latest_delivered = time.monotonic()
        self._progress(value)

    def _wanted(self) -> bool:
        owner = self.owner
        return not self.stale and (owner is None or shiboken6.isValid(owner))


class _Job(QRunnable):
    def __init__(self, op: Op[Any]) -> None:
        super().__init__()
        self.op = op

    def run(self) -> None:
        self.op._execute()


class TaskManager(QObject):
    """Runs operations on its lanes' thread pools and delivers their results."""

    # An owner, and whether operations it asked for itself (not its children's) are pending.
    busyChanged = Signal(object, bool)
    _posted = Signal(object, str, object)  # operation, kind, payload: emitted by the workers

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[str, QThreadPool] = {}
        for lane, threads in _LANE_THREADS.items():
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
            pool.setObjectName(f"dossierdesk-{lane}")
            self._pools[lane] = pool
        # Queued: the manager lives on the GUI thread, so what a worker posts is delivered by
        # the GUI thread's event loop (``wait`` delivers it at once).
        self._posted.connect(self._on_posted, Qt.ConnectionType.QueuedConnection)
        self._generations: WeakKeyDictionary[object, dict[str, int]] = WeakKeyDictionary()
        self._pending: set[Op[Any]] = set()

    def op(
        self,
        fn: Callable[[], T],
        *,
        owner: QObject | None = None,
        key: str | None = None,
        lane: str = READ,
    ) -> Op[T]:
        """An operation running ``fn``; add callbacks, then ``run()`` it."""
        return Op(self, fn, owner, key, lane)

    # -- state -----------------------------------------------------------------------------
    def is_busy(self, owner: QObject | None = None) -> bool:
        """Whether ``owner`` (and its children; any owner if None) has work whose result is
        still wanted."""
        return any(self._owned_by(op, owner) for op in self._pending)

    def pending(self, owner: QObject | None = None) -> list[Op[Any]]:
        return [op for op in self._pending if self._owned_by(op, owner)]

    def forget(self, owner: QObject) -> None:
        """Drop the results of everything ``owner`` and its children asked for."""
        for op in self.pending(owner):
            op.drop()

    def forget_key(self, owner: QObject | None, key: str) -> None:
        """Drop what ``owner`` asked for under ``key`` (as a newer operation would)."""
        keys = self._generations.setdefault(_scope(owner), {})
        keys[key] = keys.get(key, 0) + 1
        for op in [o for o in self._pending if o.key == key and o.owner is owner]:
            op.drop()

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for every lane's threads to finish what they run, then deliver what they
        posted (callbacks of operations still wanted run now). False on timeout."""
        deadline = time.monotonic() + msecs / 1000
        done = True
        for pool in self._pools.values():
            left = max(0, int((deadline - time.monotonic()) * 1000))
            done = bool(pool.waitForDone(left)) and done
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        return done

    def shutdown(self, owner: QObject, msecs: int = 30_000) -> bool:
        """Before ``owner`` goes away: ask its operations to stop, drop their results, and
        wait once for the threads."""
        for op in self.pending(owner):
            op.cancel()
        self.forget(owner)
        return self.wait(msecs)

    # -- internals -------------------------------------------------------------------------
    def _start(self, op: Op[Any]) -> None:
        if op.key is not None:
            keys = self._generations.setdefault(_scope(op.owner), {})
            op._generation = keys.get(op.key, 0) + 1
            keys[op.key] = op._generation
            for older in [o for o in self._pending if _same_key(o, op)]:
                older.drop()
        was_busy = self._has_own_work(op.owner)
        self._pending.add(op)
        if op.owner is not None and not was_busy:
            self.busyChanged.emit(op.owner, True)
        self._pools[op.lane].start(_Job(op))

    def _superseded(self, op: Op[Any]) -> bool:
        if op.key is None:
            return False
        keys = self._generations.get(_scope(op.owner))
        return keys is None or keys.get(op.key) != op._generation

    def _post(self, op: Op[Any], kind: str, payload: Any) -> None:
        try:
            self._posted.emit(op, kind, payload)
        except RuntimeError:  # the manager is gone (the application is exiting): nobody waits
            log.debug("result of a background operation dropped at exit")

    def _on_posted(self, op: Op[Any], kind: str, payload: Any) -> None:
        op._deliver(kind, payload)

    def _settle(self, op: Op[Any]) -> None:
        """``op``'s result is no longer awaited (delivered or dropped)."""
        if op not in self._pending:
            return
        self._pending.discard(op)
        for settled in op._on_settled:
            settled()
        owner = op.owner
        if owner is not None and shiboken6.isValid(owner) and not self._has_own_work(owner):
            self.busyChanged.emit(owner, False)

    def _has_own_work(self, owner: QObject | None) -> bool:
        return any(op.owner is owner and not op._dropped for op in self._pending)

    @staticmethod
    def _owned_by(op: Op[Any], owner: QObject | None) -> bool:
        if op._dropped:
            return False
        if owner is None:
            return True
        node = op.owner
        while node is not None and shiboken6.isValid(node):
            if node is owner:
                return True
            node = node.parent()
        return False


def _scope(owner: QObject | None) -> object:
    return _UNOWNED if owner is None else owner


def _same_key(a: Op[Any], b: Op[Any]) -> bool:
    return a is not b and a.key == b.key and a.owner is b.owner


_MANAGER: TaskManager | None = None


def task_manager() -> TaskManager:
    """The application's task manager (made on first use, with the application as parent)."""
    global _MANAGER
    if _MANAGER is None or not shiboken6.isValid(_MANAGER):
        app = QCoreApplication.instance()
        _MANAGER = TaskManager(app)
        if app is not None:
            manager = _MANAGER
            app.aboutToQuit.connect(lambda: manager.wait())
    return _MANAGER

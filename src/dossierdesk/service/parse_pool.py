"""The parser processes of a large import, seen from the importing process: a pool of workers
fed with batches of files, whose results come back in input order.

Parsing is pure CPU work (bytes in, rows out), so a large import parses in worker processes
while the importing process writes what is already parsed (``parsing.ParseAhead`` decides
whether, and how the workers are started: forked or spawned, see ``parsing``). The results
are those ``file_parsing`` gives in one process; what a worker runs is ``parse_worker``.

The workers are kept simple and cheap, because on two cores whatever the importing process
spends on them is taken from writing the archive:

- each worker has its own task pipe and result pipe; batches of files are dealt to the
  workers in turn, so their results are collected in input order without any bookkeeping;
- a worker sends each batch's results as one pickled list of named tuples (``rows``), which
  pickle in C; a file not read yet (``UnreadFile``) is read by the worker;
- one thread of the importing process collects and unpickles the results (it waits in the
  pipe, without the GIL) and hands the workers their next batches, so the workers keep
  parsing while the importing process commits; results waiting to be written are bounded in
  bytes, and a task is sent only while it fits in the worker's pipe (see ``_deal``);
- when the importing thread has nothing to write (no result is ready), it parses the next
  batch itself rather than wait: on two cores, with one worker, that is the core the writer
  leaves idle when parsing is what takes time (HTML pages: a few milliseconds each, against
  a fraction of one to write them), and it costs nothing when writing is (text files). Its
  results take their place in input order like a worker's. It takes batches not dealt yet
  (so only in imports larger than what the workers are dealt ahead), and keeps at most
  ``IN_FLIGHT_PER_WORKER`` of its batches not yet delivered;
- if anything goes wrong with the workers (they cannot start: ``_WorkerPool`` raises and
  ``ParseAhead`` parses everything in this process; one dies, a result cannot be sent), the
  batches not yet delivered and everything after them are parsed sequentially in this
  process: the import goes on with identical results, only slower;
- a worker ends within a second of its importing process's death (``kill -9`` included),
  whatever it is doing: see ``parse_worker``.

This module imports no SQLAlchemy, so that workers can be started before it is loaded.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from collections import deque
from collections.abc import Iterator
from itertools import islice
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any

from dossierdesk.importers import SourceFile
from dossierdesk.service.file_parsing import Parsed, Source, _sequential
from dossierdesk.service.parse_worker import _worker_main
from dossierdesk.service.rows import PreparedFile, PreparedPhoto

log = logging.getLogger(__name__)

BATCH_FILES = 16  # files per task: amortises the round trip, keeps results flowing
# Batches handed to each worker ahead of their results: enough to keep the workers busy
# while the importing process commits.
IN_FLIGHT_PER_WORKER = 64
# Parsed results waiting for the writer, at most (then the workers wait).
MAX_WAITING_BYTES = 64 * 1024 * 1024
JOIN_SECONDS = 5.0
PIPE_BYTES = 1024 * 1024  # the default /proc/sys/fs/pipe-max-size
# Task bytes a worker may have dealt and not done (what its task pipe holds: 64 KiB where it
# cannot be widened; a larger task is sent only to a worker with nothing else dealt).
TASK_ROOM_BYTES = 60 * 1024
WIDE_TASK_ROOM_BYTES = 960 * 1024

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


def _restore(batch: list[Source], done: list[Parsed]) -> Iterator[Parsed]:
    """A worker's results for ``batch``, with the bytes of the files it was given put back
    (``parse_worker._parse_batch`` does not send them)."""
    if len(done) != len(batch):
        raise ValueError(f"a parser process returned {len(done)} results for {len(batch)} files")
    for item, result in zip(batch, done, strict=True):
        if isinstance(item, SourceFile) and isinstance(result, PreparedFile | PreparedPhoto):
            result = result._replace(data=item.data)
        yield result


_END = object()


class _WorkerPool:
    """Parser processes fed with batches of ``sources`` (see the module docstring)."""

    def __init__(self, context: BaseContext, workers: int, sources: Iterator[Source]) -> None:
        self._sources = sources
        self._procs: list[BaseProcess] = []
        self._tasks: list[Connection] = []
        self._unread = [0] * workers  # bytes of the tasks dealt to each worker and not done
        self._room = WIDE_TASK_ROOM_BYTES
        self._results: list[Connection] = []
        # worker (-1: the importing thread), batch, task bytes, and the importing thread's
        # results once it has them (see _parse_here)
        self._in_flight: deque[tuple[int, list[Source], int, list[list[Parsed]]]] = deque()
        self._dealt_in_flight = 0  # batches of _in_flight dealt to the workers
        self._here_in_flight = 0  # ... and taken by the importing thread
        # Reading the sources and dealing: the collecting thread, or the importing thread
        # taking a batch for itself (never waiting for it: see _parse_here).
        self._dealing = threading.RLock()
        self._dealt = 0  # batches dealt so far (batch k goes to worker k % workers)
        self._ready: deque[Any] = deque()  # (batch, results or None, bytes), then _END
        self._waiting_bytes = 0
        self._lock = threading.Condition()
        self._stopping = False
        self._error: BaseException | None = None  # what the collecting thread could not do
        self._finished = False  # every batch delivered and the workers told to end
        try:
            forked = context.get_start_method() == "fork"
            # A fork server's worker is the server's child, not this process's.
            direct = context.get_start_method() != "forkserver"
            for _ in range(workers):
                task_reader, task_sender = context.Pipe(duplex=False)
                receiver, sender = context.Pipe(duplex=False)
                if not _widen(task_sender):
                    self._room = TASK_ROOM_BYTES
                _widen(receiver)
                self._tasks.append(task_sender)
                self._results.append(receiver)
                # A forked worker inherits this process's ends of every pipe made so far (its
                # own included) and closes them; a spawned one (or one forked by the fork
                # server) receives only its own ends.
                inherited = (*self._tasks, *self._results) if forked else ()
                proc = context.Process(  # type: ignore[attr-defined]
                    target=_worker_main,
                    args=(task_reader, sender, os.getpid(), inherited, direct),
                    daemon=True,
                )
                proc.start()
                self._procs.append(proc)
                # The worker holds the only other ends: its death reads as EOF.
                task_reader.close()
                sender.close()
        except BaseException:
            self.close()
            raise
        self._window = workers * IN_FLIGHT_PER_WORKER
        self._held: tuple[list[Source], bytes] | None = None  # read, not dealt yet
        self._refill()
        self._pump = threading.Thread(target=self._collect, name="parse-results", daemon=True)
        self._pump.start()

    def _deal(self) -> bool:
        with self._dealing:
            return self._deal_locked()

    def _deal_locked(self) -> bool:
        """Hand the next batch to its worker. ``False`` when there is none left, or when its
        worker has no room for it yet (it is held until there is).

        A task is sent only while it fits in what the worker's task pipe holds, or to a
        worker with nothing else dealt: so sending never waits on a worker that is itself
        waiting for its results to be collected (the one thread that collects them is the
        one sending)."""
        if self._held is None:
            if self._error is not None:
                return False
            batch: list[Source] = []
            try:
                batch.extend(islice(self._sources, BATCH_FILES))
            finally:  # what was read is dealt even when reading then failed
                if batch:
                    self._held = (batch, pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
            if not batch:
                return False
        assert self._held is not None
        batch, task = self._held
        worker = self._dealt % len(self._procs)
        if self._unread[worker] and self._unread[worker] + len(task) > self._room:
            return False
        self._held = None
        self._dealt += 1
        self._in_flight.append((worker, batch, len(task), []))
        self._dealt_in_flight += 1
        self._unread[worker] += len(task)
        self._tasks[worker].send_bytes(task)
        return True

    def _deal_safely(self) -> bool:
        """``_deal``; a failure reading the sources is kept, to be raised in the importer
        once everything read before it is delivered."""
        try:
            return self._deal()
        except Exception as exc:
            self._error = exc
            return self._held is not None

    def _refill(self) -> None:
        while self._dealt_in_flight < self._window and self._deal_safely():
            pass

    def _collect(self) -> None:
        """The collecting thread: results in input order into ``_ready``; the workers get new
        batches as their results come in. Stops at the first failure."""
        try:
            while not self._stopping:
                if not self._in_flight:
                    if not self._deal_safely() and not self._in_flight:
                        break  # all delivered (the importing thread took nothing meanwhile)
                    continue
                worker, batch, size, here = self._in_flight[0]
                done: list[Parsed] | None = None
                if worker < 0:  # the importing thread's: wait for it
                    with self._lock:
                        while not here and not self._stopping:
                            self._lock.wait()
                        if not here:
                            break
                        self._in_flight.popleft()
                        self._here_in_flight -= 1
                    done, weight = here[0], 0
                else:
                    try:
                        payload: bytes | None = self._results[worker].recv_bytes() or None
                    except (EOFError, OSError):
                        payload = None
                    self._in_flight.popleft()
                    self._dealt_in_flight -= 1
                    self._unread[worker] -= size
                    # Unpickled here, while the importing thread waits in SQLite without the GIL.
                    if payload is not None:
                        try:
                            done = list(_restore(batch, pickle.loads(payload)))
                        except Exception:
                            log.warning("a parse result could not be read", exc_info=True)
                    weight = len(payload or b"")
                with self._lock:
                    self._ready.append((batch, done, weight))
                    self._waiting_bytes += weight
                    self._lock.notify_all()
                    while self._waiting_bytes > MAX_WAITING_BYTES and not self._stopping:
                        self._lock.wait()
                if done is None:
                    return  # the rest is parsed in the importing process
                if not self._stopping:
                    self._refill()
            if not self._stopping:
                for tasks in self._tasks:
                    tasks.send_bytes(b"")
                self._finished = True
        except BaseException as exc:  # raised in the importer, never lost in this thread
            self._error = exc
        finally:  # never without the end marker: the importer would wait forever
            with self._lock:
                self._ready.append(_END)
                self._lock.notify_all()

    def results(self) -> Iterator[Parsed]:
        """Every file's result in input order; after a failure, the rest parsed here."""
        while True:
            with self._lock:
                idle = not self._ready
            if idle and self._parse_here():
                continue
            with self._lock:
                while not self._ready:
                    self._lock.wait()
                item = self._ready.popleft()
                if item is not _END:
                    self._waiting_bytes -= item[2]
                    self._lock.notify_all()
            if item is _END:
                if self._error is not None:
                    raise self._error
                return
            batch, done, _ = item
            if done is None:
                log.warning("parser processes failed; parsing in this process")
                yield from self._parse_rest_here(batch)
                return
            yield from done

    def _parse_here(self) -> bool:
        """Parse the next batch in this (the importing) thread, which has nothing to write:
        ``False`` if there is none to take now (none left, the collecting thread is reading
        the sources, or enough of this thread's batches wait for earlier ones)."""
        if self._here_in_flight >= IN_FLIGHT_PER_WORKER or not self._dealing.acquire(False):
            return False
        try:
            if self._stopping or self._error is not None or self._finished:
                return False
            if self._held is not None:  # the next batch, read and waiting for room
                batch, self._held = self._held[0], None
            else:
                batch = []
                try:
                    batch.extend(islice(self._sources, BATCH_FILES))
                except Exception as exc:  # raised once everything read before is delivered
                    self._error = exc
                if not batch:
                    return False
            here: list[list[Parsed]] = []
            with self._lock:
                self._in_flight.append((-1, batch, 0, here))
                self._here_in_flight += 1
        finally:
            self._dealing.release()
        done = list(_sequential(batch))
        with self._lock:
            here.append(done)
            self._lock.notify_all()
        return True

    def _parse_rest_here(self, failed: list[Source]) -> Iterator[Parsed]:
        self.close()  # stops the workers and the collecting thread: the sources are ours now
        delivered = [item[0] for item in self._ready if item is not _END]
        left = [failed, *delivered, *(entry[1] for entry in self._in_flight)]
        if self._held is not None:
            left.append(self._held[0])
            self._held = None
        self._ready.clear()
        self._in_flight.clear()
        for batch in left:
            yield from _sequential(batch)
        if self._error is not None:
            raise self._error
        yield from _sequential(self._sources)

    def close(self) -> None:
        """Stop the workers without waiting for their work (a cancelled import returns now;
        after a complete run they end by themselves)."""
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        if not self._finished:
            for proc in self._procs:
                if proc.is_alive():
                    proc.terminate()
        pump = getattr(self, "_pump", None)
        if pump is not None and pump is not threading.current_thread():
            pump.join(JOIN_SECONDS)
        for proc in self._procs:
            proc.join(JOIN_SECONDS)
            if proc.is_alive():
                proc.terminate()
                proc.join(JOIN_SECONDS)
        for tasks in self._tasks:
            tasks.close()
        for receiver in self._results:
            receiver.close()
        self._procs.clear()
        self._tasks.clear()
        self._results.clear()


def _widen(pipe: Connection) -> bool:
    """Give a pipe room for several batches (Linux; best effort): a worker then goes on
    parsing while the collecting thread waits for the importing process's lock, and has its
    next tasks at hand. ``False`` if the pipe keeps its default size."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if set_size is None:
        return False
    try:
        return int(fcntl.fcntl(pipe.fileno(), set_size, PIPE_BYTES)) >= PIPE_BYTES
    except OSError:  # over the system's limit for unprivileged processes: the default works
        return False

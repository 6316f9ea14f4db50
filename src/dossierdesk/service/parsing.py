"""Parsing source files as they are read, in worker processes when the batch is large.

Parsing is pure CPU work (bytes in, rows out), so a large import parses in worker processes
while the calling process writes what is already parsed. Every file becomes one ``Parsed``
value, in input order: a ``PreparedFile`` (its bytes, their hash and its articles' rows, see
``rows``) or a ``SourceFailure`` (it could not be read or parsed; the reason is user-facing).

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
- on Linux, from the main thread of a process with no other thread (the CLI), workers are
  *forked*: nothing is re-imported and they start at once; otherwise (the GUI imports from a
  worker thread) they are *spawned*, which re-imports the main module as ``__mp_main__``:
  that is done only when the main module is safe to import (run with ``-m``, interactive, or
  a script whose code runs under an ``if __name__ == "__main__"`` guard, as the entry points
  are). A script without the guard, or a frozen bundle, parses sequentially;
- if anything goes wrong with the workers (they cannot start, one dies, a result cannot be
  sent), the batches not yet delivered and everything after them are parsed sequentially in
  this process: the import goes on with identical results, only slower;
- a worker ends within a second of its importing process's death (``kill -9`` included),
  whatever it is doing: see ``_worker_main``.

``DOSSIERDESK_PARSE_WORKERS`` overrides the number of workers (``0``: sequential).
This module imports no SQLAlchemy, so that workers can be started before it is loaded.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from itertools import islice
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from dossierdesk.importers import ParseError, SourceFailure, SourceFile, parse_document
from dossierdesk.importers.containers import SourceWalk, UnreadFile
from dossierdesk.importers.mhtml import looks_like_mhtml
from dossierdesk.service import page_photos
from dossierdesk.service.rows import PreparedFile, PreparedPhoto, prepare_file, prepare_photo

log = logging.getLogger(__name__)

Parsed = PreparedFile | PreparedPhoto | SourceFailure
Source = SourceFile | SourceFailure | UnreadFile

WORKERS_ENV = "DOSSIERDESK_PARSE_WORKERS"
# Below this many files, starting worker processes costs more than it saves: a forked worker
# starts at once, a spawned one imports the parsers (and the GUI's modules) first, a
# quarter second or more (measured: 1,000 files imported in 0.46 s with a spawned worker,
# 0.24 s without; 10,000 in 2.0 s against 2.5 s).
PARALLEL_MIN_FILES = 300
SPAWNED_MIN_FILES = 3000
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
# How often a worker checks that its importing process is still there (see _worker_main).
ORPHAN_CHECK_SECONDS = 0.5
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


def _looks_like_photo(data: bytes) -> bool:
    """JPEG, PNG or WebP by their signatures (``importers.photos`` then reads the file; it is
    imported only when a photo comes, Pillow being a fifth of the command line's start-up)."""
    return (
        data[:3] == b"\xff\xd8\xff"
        or data[:8] == b"\x89PNG\r\n\x1a\n"
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    )


def parse_one(
    name: str,
    data: bytes,
    companions: tuple[tuple[str, bytes], ...] = (),
    notes: tuple[str, ...] = (),
) -> Parsed:
    """One file's rows (a photo's, read from the bytes whatever the name), or why it cannot be
    imported. A saved page brings the photos it references (``companions``, ``notes``: see
    ``page_photos``); an MHTML file holds its own."""
    try:
        if _looks_like_photo(data):
            return prepare_photo(name, data)
        if looks_like_mhtml(data, name):
            return page_photos.prepare_mhtml(name, data)
        if companions or notes:
            return page_photos.prepare_saved_page(name, data, companions, notes)
        return prepare_file(name, data, parse_document(data, name))
    except ParseError as exc:
        return SourceFailure(name, str(exc))


def parse_item(item: Source) -> Parsed:
    if isinstance(item, UnreadFile):
        item = item.read()
    if isinstance(item, SourceFailure):
        return item
    return parse_one(item.name, item.data, item.companions, item.notes)


def _sequential(sources: Iterable[Source]) -> Iterator[Parsed]:
    for item in sources:
        yield parse_item(item)


def _parse_batch(batch: list[Source]) -> list[Parsed]:
    """A worker's results for one batch. The bytes of a file it was given are not sent back
    (``_restore`` puts them back); only those it read itself travel."""
    done: list[Parsed] = []
    for item in batch:
        result = parse_item(item)
        if isinstance(item, SourceFile) and isinstance(result, PreparedFile | PreparedPhoto):
            result = result._replace(data=b"")
        done.append(result)
    return done


def _restore(batch: list[Source], done: list[Parsed]) -> Iterator[Parsed]:
    if len(done) != len(batch):
        raise ValueError(f"a parser process returned {len(done)} results for {len(batch)} files")
    for item, result in zip(batch, done, strict=True):
        if isinstance(item, SourceFile) and isinstance(result, PreparedFile | PreparedPhoto):
            result = result._replace(data=item.data)
        yield result


def _worker_main(
    tasks: Connection, results: Connection, parent: int, inherited: tuple[Connection, ...] = ()
) -> None:
    """A parser process: parse the batches ``tasks`` brings until ``b""``, send each batch's
    results. A batch that raises sends ``b""`` and ends the worker: the importing process then
    parses it itself (where a parser bug raises as it would without workers).

    A worker whose importing process is gone ends at once, whatever it is doing
    (``_orphan_guard``). ``inherited`` are the importing process's ends of the workers' pipes,
    which a *forked* worker holds copies of: they are closed first, so that the importing
    process is the only one reading each result pipe and writing each task pipe. Otherwise a
    worker blocked writing a result to a full pipe whose importing process was killed waited
    forever (it held the read end itself, so the write never failed), as did one waiting for
    the rest of a task."""
    for connection in inherited:
        connection.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importing process's business
    _orphan_guard(parent)
    try:
        while True:
            task = tasks.recv_bytes()
            if not task:
                break
            batch = pickle.loads(task)
            try:
                payload = pickle.dumps(_parse_batch(batch), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                log.warning("a parser process failed", exc_info=True)
                payload = b""
            results.send_bytes(payload)
            if not payload:
                break
    except (EOFError, OSError):  # the importing process went away
        pass
    finally:
        tasks.close()
        results.close()


def _orphan_guard(parent: int) -> None:
    """End this worker as soon as ``parent`` (its importing process) is gone, in any state:
    blocked in a pipe, or parsing a large file.

    On Linux the kernel kills it when its parent ends (``PR_SET_PDEATHSIG``; strictly, when
    the thread that started it ends, which is the importing thread, and it does not end before
    the workers). Elsewhere, and in case that is not available, a thread checks the parent
    every ``ORPHAN_CHECK_SECONDS`` and ends the process (``os._exit``: nothing to clean up,
    the worker writes nothing but its pipe)."""
    if sys.platform == "linux":
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
                log.debug("PR_SET_PDEATHSIG failed: errno %d", ctypes.get_errno())
        except (OSError, AttributeError):
            log.debug("no PR_SET_PDEATHSIG here", exc_info=True)
    if os.getppid() != parent:  # gone already, before the guard was set
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(ORPHAN_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="orphan-guard", daemon=True).start()


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
            for _ in range(workers):
                task_reader, task_sender = context.Pipe(duplex=False)
                receiver, sender = context.Pipe(duplex=False)
                if not _widen(task_sender):
                    self._room = TASK_ROOM_BYTES
                _widen(receiver)
                self._tasks.append(task_sender)
                self._results.append(receiver)
                # A forked worker inherits this process's ends of every pipe made so far (its
                # own included) and closes them; a spawned one receives only its own ends.
                inherited = (*self._tasks, *self._results) if forked else ()
                proc = context.Process(  # type: ignore[attr-defined]
                    target=_worker_main,
                    args=(task_reader, sender, os.getpid(), inherited),
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


def worker_count() -> int:
    """Workers for a large batch: the environment override, else one per CPU (at most 4;
    none on a single CPU).

    Parsing a saved page costs several times what writing its rows does (the writer adds
    ids, looks for duplicates and fills the full-text index at each commit), so the writing
    process is idle most of the time and takes a batch to parse itself when it is
    (``_WorkerPool._parse_here``). On two cores, two workers imported 3,300 real pages 13 %
    faster than one (2.58 s against 2.97 s, medians of five) and 9,900 pages 13 % faster
    (6.72 s against 7.76 s): ``python bench/bench_import_pages.py --workers 1,2``."""
    override = os.environ.get(WORKERS_ENV, "").strip()
    if override:
        try:
            return max(0, int(override))
        except ValueError:
            log.warning("ignoring %s=%r (not a number)", WORKERS_ENV, override)
    if getattr(sys, "frozen", False):
        return 0
    cpus = os.cpu_count() or 1
    return 0 if cpus < 2 else min(cpus, 4)


def pool_context() -> BaseContext | None:
    """The multiprocessing context to parse with, or ``None`` when no pool is safe here."""
    if getattr(sys, "frozen", False):
        return None
    if (
        sys.platform == "linux"
        and threading.current_thread() is threading.main_thread()
        and threading.active_count() == 1
    ):
        return get_context("fork")
    return get_context("spawn") if _main_is_importable() else None


def _main_is_importable() -> bool:
    """Whether a spawned process may import the main module without running the program."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        return True  # ``python -m module``: imported under its own name, guarded by convention
    path = getattr(main, "__file__", None)
    if path is None:
        return True  # interactive or ``python -c``: nothing to import
    try:
        source = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "__main__" in source


def parse_sources(
    sources: Iterable[Source],
    *,
    total: int | None = None,
    workers: int | None = None,
    min_parallel: int | None = None,
) -> Generator[Parsed, None, None]:
    """Every file's ``Parsed`` value, in input order (``ParseAhead``, started when the first
    result is asked for)."""
    ahead = ParseAhead(sources, total=total, workers=workers, min_parallel=min_parallel)
    try:
        yield from ahead.results()
    finally:
        ahead.close()


def parse_paths_ahead(paths: Iterable[Path]) -> ParseAhead:
    """The files under ``paths`` (files, folders, zips), walked once and their parsing started."""
    walk = SourceWalk(paths)
    return ParseAhead(walk.unread(), total=walk.total)


class ParseAhead:
    """Parsing started before its results are wanted: when the batch is large, the worker
    processes start now and are handed their first batches, so that they parse while the
    caller does something else (the command line loads the archive code and opens, or
    creates, the archive meanwhile).

    Iterate it once (``Archive.import_parsed``); ``close()`` stops the workers if it was not.
    """

    def __init__(
        self,
        sources: Iterable[Source],
        *,
        total: int | None,
        workers: int | None = None,
        min_parallel: int | None = None,
    ) -> None:
        """``total`` (the expected number of files) decides whether workers pay off;
        without it, parsing is sequential. ``workers`` defaults to ``worker_count()``,
        ``min_parallel`` to ``PARALLEL_MIN_FILES``."""
        self.total = total
        self._sources = iter(sources)
        self._pool: _WorkerPool | None = None
        self._results: Generator[Parsed, None, None] | None = None
        count = worker_count() if workers is None else workers
        threshold = PARALLEL_MIN_FILES if min_parallel is None else min_parallel
        if count < 1 or total is None or total < threshold:
            return
        context = pool_context()
        if context is None:
            log.info("parsing in this process (no safe way to start parser processes here)")
            return
        if context.get_start_method() != "fork" and total < max(threshold, SPAWNED_MIN_FILES):
            return
        try:
            self._pool = _WorkerPool(context, count, self._sources)
        except Exception:  # any failure: parse here instead
            log.warning("cannot start parser processes; parsing in this process", exc_info=True)

    @property
    def parallel(self) -> bool:
        """Whether worker processes were started."""
        return self._pool is not None

    def results(self) -> Generator[Parsed, None, None]:
        """The results, in input order (one iteration only)."""
        if self._results is not None:
            raise RuntimeError("ParseAhead results can be taken only once")
        self._results = self._iterate()
        return self._results

    def _iterate(self) -> Generator[Parsed, None, None]:
        if self._pool is None:
            yield from _sequential(self._sources)
        else:
            try:
                yield from self._pool.results()
            finally:
                self._pool.close()

    def close(self) -> None:
        if self._results is not None:
            self._results.close()
        if self._pool is not None:
            self._pool.close()
        self._pool = None
